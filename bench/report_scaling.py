"""Report scaling: build and render time as the number of respondents grows.

    .venv/bin/python -m bench.report_scaling            # 10 .. 10,000 respondents
    .venv/bin/python -m bench.report_scaling --quick    # fewer repeats, PDF only for 10

Each respondent answers every stage of the demo map (eight: emotion, channels, a thought,
half the time a pain point; colleagues also what customers ask, the back office and an owner)
and half the customers say what would have made it better, so 10,000 respondents are 80,000
experiences. Pain points and improvements are the labelled Dutch answers of
testkit/themes_labelled.yaml, varied as people vary them and now and then two in one, so
that, as in a real map, many wordings are said once:
10,000 respondents give some 1,650 distinct wordings in 45,000 answers, far past the answers
the themes cluster at once (`reports.analysis.themes.CLUSTERED`). Times are the best of a few
runs; ratios are against the 10-respondent baseline measured in the same run, so they compare
across machines; ``themes`` is the build over the same build with the themes left out, in the
same run. Build should grow linearly (O(n)); HTML and PDF should stay nearly flat because
rendering aggregates and caps verbatim quotes.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from unittest import mock

from flows.domain import Experience, JourneyMapData, Respondent, Role
from testkit.theme_quality import exact_groups, labelled_sets, quality

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
# Colleagues also say what customers ask them and what we do behind the scenes (flow v2).
ASKED = ("Waar blijft mijn pakket?", "Kan ik ruilen?", "Hoe maal ik dit?", None)
BACKSTAGE = ("We pakken in", "We bellen de vervoerder", "We branden op maandag", None)
OWNERS = ("Logistiek", "Webshop", "Klantenservice")
# How people vary the same answer: case, punctuation, a word of emphasis.
VARIED = (
    lambda t: t,
    lambda t: t.lower(),
    lambda t: t + "!",
    lambda t: t + ".",
    lambda t: "Echt: " + t[0].lower() + t[1:],
    lambda t: t + ", jammer",
    lambda t: t + " (weer)",
    lambda t: "Ergerlijk: " + t[0].lower() + t[1:],
)
CHANNELS = ("website", "webshop", "email", "phone", "chat", "delivery", "social", "reviews")
ROLES: tuple[Role, ...] = ("customer", "customer", "customer", "colleague")


@cache
def labelled(question: str) -> tuple[str, ...]:
    """The labelled Dutch answers to one question."""
    return tuple(
        a.text
        for s in labelled_sets()
        if s.lang == "nl" and s.question == question
        for a in s.answers
    )


def free_text(rnd: random.Random, texts: Sequence[str]) -> str:
    """A labelled answer as people vary it, now and then two in one."""
    if rnd.random() < 0.05:
        first, second = rnd.sample(texts, 2)
        return f"{first} en {second[0].lower()}{second[1:]}"
    return rnd.choice(VARIED)(rnd.choice(texts))


def synthetic_map(respondents: int, seed: int = 7) -> JourneyMapData:
    """The demo map with ``respondents`` synthetic respondents answering every stage."""
    from reports import load_sample

    base = load_sample()
    rnd = random.Random(seed)
    personas = [p.id for p in base.personas]
    people: list[Respondent] = []
    answers: list[Experience] = []
    improvements: list[tuple[str, str]] = []
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
            pain = free_text(rnd, labelled("pain_point")) if rnd.random() < 0.5 else None
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
        if role == "customer" and rnd.random() < 0.5:
            improvements.append((rid, free_text(rnd, labelled("improvement"))))
    return base.model_copy(
        update={"respondents": people, "experiences": answers, "improvements": improvements}
    )


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
    wordings: int  # distinct free-text answers (pain points and improvements)
    build_ms: float
    build_without_themes_ms: float
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
        with mock.patch("reports.build._themes", return_value=[]):
            without = best_ms(lambda d=data: reports.build(d), repeats)  # type: ignore[misc]
        rows.append(
            Row(
                respondents=n,
                answers=len(data.experiences),
                wordings=len(
                    {e.pain_point for e in data.experiences if e.pain_point}
                    | {text for _, text in data.improvements}
                ),
                build_ms=best_ms(lambda d=data: reports.build(d), repeats),  # type: ignore[misc]
                build_without_themes_ms=without,
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
        f"{'respondents':>11} {'answers':>8} {'wordings':>8} | {'build ms':>9} {'ratio':>7} "
        f"{'themes':>6} | {'html ms':>8} {'ratio':>6} {'KB':>6} | {'pdf ms':>8} {'ratio':>6}",
        "-" * 113,
    ]
    for r in rows:
        pdf = f"{r.pdf_ms:8.0f}" if r.pdf_ms is not None else f"{'–':>8}"
        lines.append(
            f"{r.respondents:>11,} {r.answers:>8,} {r.wordings:>8,} | {r.build_ms:9.1f} "
            f"{ratio(r.build_ms, base.build_ms):>7} "
            f"{ratio(r.build_ms, r.build_without_themes_ms):>6} | {r.html_ms:8.1f} "
            f"{ratio(r.html_ms, base.html_ms):>6} {r.html_kb:6.0f} | {pdf} "
            f"{ratio(r.pdf_ms, base.pdf_ms):>6}"
        )
    return "\n".join(lines)


def theme_quality() -> dict[str, float]:
    """How well the themes group the labelled answers (testkit/theme_quality.py), against
    grouping by identical wording, and the time to group them all (sklearn imported before)."""
    sets = labelled_sets()
    quality(sets[:1])  # imports scikit-learn outside the timing
    found = quality(sets)
    exact = quality(sets, exact_groups)
    return {
        "answers": found.answers,
        "sets": found.sets,
        "pairwise_f1": round(found.f1, 3),
        "pairwise_precision": round(found.precision, 3),
        "pairwise_recall": round(found.recall, 3),
        "ari": round(found.ari, 3),
        "exact_wording_f1": round(exact.f1, 3),
        "exact_wording_ari": round(exact.ari, 3),
        "group_ms": round(best_ms(lambda: quality(sets), 3), 1),
    }


def quality_line(q: dict[str, float]) -> str:
    return (
        f"themes on {q['answers']:.0f} labelled answers ({q['sets']:.0f} sets): pairwise F1 "
        f"{q['pairwise_f1']:.3f} (precision {q['pairwise_precision']:.3f}, recall "
        f"{q['pairwise_recall']:.3f}), ARI {q['ari']:.3f}; identical wording only: F1 "
        f"{q['exact_wording_f1']:.3f}, ARI {q['exact_wording_ari']:.3f}; grouped and scored "
        f"in {q['group_ms']:.0f} ms"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="one run each, PDF only for 10")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows = measure(SIZES, args.quick)
    print()
    print(table(rows))
    print(
        f"\nratios against the {rows[0].respondents}-respondent baseline of this run; themes: "
        "the build over the build without themes, same run"
    )
    print(quality_line(theme_quality()))
    print(f"total {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
