"""Report scaling: build and render time as the number of respondents grows.

    .venv/bin/python -m bench.report_scaling            # 10 .. 10,000 respondents
    .venv/bin/python -m bench.report_scaling --quick    # fewer repeats, PDF only for 10

Each respondent answers every stage (emotion, channels, a thought, sometimes a pain point;
colleagues also what customers ask, the back office and an owner), so 10,000 respondents are
80,000 experiences (the demo map has eight stages). Times are the best of a few runs; ratios are
against the 10-respondent baseline measured in the same run, so they compare across machines.
Build should grow linearly (O(n)); HTML and PDF should stay nearly flat because rendering
aggregates and caps verbatim quotes.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from flows.domain import Experience, JourneyMapData, Respondent, Role

SIZES = (10, 100, 1_000, 10_000)
PDF_MAX = 1_000  # PDF at larger sizes shows nothing new and takes long
THOUGHTS = (
    "Dat ging sneller dan verwacht",
    "Ik moest lang zoeken",
    "Fijn contact met de klantenservice",
    "Waarom zo duur?",
    "Precies wat ik zocht",
    "Ik twijfelde of het wel aankwam",
)
PAINS = ("Levering te laat", "Verplicht account", "Verzendkosten onduidelijk", None, None, None)
# Colleagues also say what customers ask them and what we do behind the scenes (flow v2).
ASKED = ("Waar blijft mijn pakket?", "Kan ik ruilen?", "Hoe maal ik dit?", None)
BACKSTAGE = ("We pakken in", "We bellen de vervoerder", "We branden op maandag", None)
OWNERS = ("Logistiek", "Webshop", "Klantenservice")
CHANNELS = ("website", "webshop", "email", "phone", "chat", "delivery", "social", "reviews")
ROLES: tuple[Role, ...] = ("customer", "customer", "customer", "colleague")


def synthetic_map(respondents: int, seed: int = 7) -> JourneyMapData:
    """The demo map with ``respondents`` synthetic respondents answering every stage."""
    from reports import load_sample

    base = load_sample()
    rnd = random.Random(seed)
    personas = [p.id for p in base.personas]
    people: list[Respondent] = []
    answers: list[Experience] = []
    for i in range(respondents):
        role = ROLES[i % len(ROLES)]
        rid = f"x{i}"
        people.append(
            Respondent(
                id=rid,
                role=role,
                internal=role != "customer",
                persona_id=rnd.choice(personas) if role == "customer" else None,
                finished=True,
                recommend=rnd.randint(0, 10) if role == "customer" else None,
            )
        )
        for stage in base.stages:
            pain = rnd.choice(PAINS)
            inside = role == "colleague"
            answers.append(
                Experience(
                    respondent_id=rid,
                    stage=stage.key,
                    emotion=rnd.randint(-2, 2),
                    channels=rnd.sample(CHANNELS, rnd.randint(1, 2)),
                    thoughts=f"{rnd.choice(THOUGHTS)} ({i})",
                    pain_point=pain,
                    questions=rnd.choice(ASKED) if inside else None,
                    backstage=rnd.choice(BACKSTAGE) if inside else None,
                    pain_owner=rnd.choice(OWNERS) if inside and pain else None,
                )
            )
    return base.model_copy(update={"respondents": people, "experiences": answers})


def best_ms(fn: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


@dataclass
class Row:
    respondents: int
    answers: int
    build_ms: float
    html_ms: float
    html_kb: float
    pdf_ms: float | None


def measure(sizes: tuple[int, ...], quick: bool) -> list[Row]:
    import reports

    reports.render(reports.build(synthetic_map(10)), "html")  # warm up: template compile
    # In the full run this follows the load runs, whose leftovers (the fake Bot API's chats)
    # are millions of objects: keep the collector from scanning them inside the timings (it
    # made 10 respondents take 113 instead of 3 ms).
    gc.collect()
    gc.freeze()
    try:
        return _measure(sizes, quick)
    finally:
        gc.unfreeze()


def _measure(sizes: tuple[int, ...], quick: bool) -> list[Row]:
    import reports

    rows: list[Row] = []
    for n in sizes:
        data = synthetic_map(n)
        repeats = 1 if quick or n >= 10_000 else 3
        report = reports.build(data)
        html = reports.render(report, "html")
        pdf_limit = 10 if quick else PDF_MAX
        rows.append(
            Row(
                respondents=n,
                answers=len(data.experiences),
                build_ms=best_ms(lambda d=data: reports.build(d), repeats),  # type: ignore[misc]
                html_ms=best_ms(lambda r=report: reports.render(r, "html"), repeats),  # type: ignore[misc]
                html_kb=len(html) / 1024,
                pdf_ms=best_ms(lambda r=report: reports.render(r, "pdf"), 1)  # type: ignore[misc]
                if n <= pdf_limit
                else None,
            )
        )
        print(f"  measured {n:>6} respondents", flush=True)
    return rows


def table(rows: list[Row]) -> str:
    base = rows[0]

    def ratio(value: float | None, ref: float | None) -> str:
        return "" if value is None or not ref else f"×{value / ref:.1f}"

    lines = [
        f"{'respondents':>11} {'answers':>8} | {'build ms':>9} {'ratio':>7} | "
        f"{'html ms':>8} {'ratio':>6} {'KB':>6} | {'pdf ms':>8} {'ratio':>6}",
        "-" * 90,
    ]
    for r in rows:
        pdf = f"{r.pdf_ms:8.0f}" if r.pdf_ms is not None else f"{'–':>8}"
        lines.append(
            f"{r.respondents:>11,} {r.answers:>8,} | {r.build_ms:9.1f} "
            f"{ratio(r.build_ms, base.build_ms):>7} | {r.html_ms:8.1f} "
            f"{ratio(r.html_ms, base.html_ms):>6} {r.html_kb:6.0f} | {pdf} "
            f"{ratio(r.pdf_ms, base.pdf_ms):>6}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="one run each, PDF only for 10")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows = measure(SIZES, args.quick)
    print()
    print(table(rows))
    print(f"\nratios against the {rows[0].respondents}-respondent baseline of this run; ")
    print(f"total {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
