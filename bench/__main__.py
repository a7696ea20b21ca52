"""Run journeybot's benchmarks: ``python -m bench`` (full, 17-25 min) or ``--quick`` (~1 min).

    .venv/bin/python -m bench [--quick] [--json PATH] [--skip-postgres]

Sections: load (echo bot vs journeybot on SQLite and PostgreSQL at several concurrencies),
engine (advance() calls per second), db growth (time per answer at 0 vs many stored answers),
memory (state size, bot RSS), workers (one vs two webhook workers behind HAProxy on
PostgreSQL; needs Debian's haproxy), and in the full run the report scaling benchmark. See
docs/benchmarks.md for what each figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import db_growth, engine_bench, workers
from bench.databases import postgres_available, postgres_version, scratch_database
from bench.load import SCRIPT, LoadResult, run_load
from bench.machine import describe
from storage.migrate import upgrade


@dataclass(frozen=True)
class Level:
    concurrency: int
    users: int
    actions: int | None = None  # None: the whole interview


@dataclass(frozen=True)
class Settings:
    levels: tuple[Level, ...]
    headline: Level  # the level of the top-level ratios, measured in paired rounds
    headline_rounds: int
    growth_rows: int
    engine_seconds: float
    report_scaling: bool
    crowds: tuple[tuple[str, workers.Crowd], ...]  # one vs two webhook workers
    rate_limited: Level | None = None  # one run with production's rate limiter kept
    memory_level: Level | None = None  # very many interviews at once, for memory only


FULL = Settings(
    levels=(
        Level(1, 3),
        Level(10, 10),
        Level(100, 100),
        Level(1000, 1000, actions=12),  # 1,000 open interviews, 12 inputs each
    ),
    # Both bots CPU-bound at 10; at 100 httpx slows the echo floor itself.
    headline=Level(10, 10),
    headline_rounds=5,
    growth_rows=1_000_000,
    engine_seconds=3.0,
    report_scaling=True,
    crowds=(("answering", workers.FULL), ("saturated", workers.SATURATED)),
    rate_limited=Level(10, 10),
    # 10,000 interviews open at the same moment (each: /start and two answers) — the issue's
    # memory target; run for journeybot and the echo-aiohttp floor only.
    memory_level=Level(10_000, 10_000, actions=3),
)
QUICK = Settings(
    levels=(Level(1, 1),),
    headline=Level(10, 10, actions=20),
    headline_rounds=2,
    growth_rows=100_000,
    engine_seconds=1.0,
    report_scaling=False,
    crowds=(("answering", workers.QUICK),),
)


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else 0.0


def compare(jb: LoadResult, echo: LoadResult) -> dict[str, float]:
    return {
        "mean_update_time": _ratio(jb.mean_update_ms, echo.mean_update_ms),
        "updates_per_s": _ratio(jb.updates_per_s, echo.updates_per_s),
        "p50": _ratio(jb.latency_ms["p50"], echo.latency_ms["p50"]),
        "p95": _ratio(jb.latency_ms["p95"], echo.latency_ms["p95"]),
        "p99": _ratio(jb.latency_ms["p99"], echo.latency_ms["p99"]),
        "bot_cpu_per_update": _ratio(jb.bot_cpu_ms_per_update, echo.bot_cpu_ms_per_update),
    }


def line(result: LoadResult, ratios: dict[str, float] | None) -> str:
    lat = result.latency_ms
    ratio = f"  ×{ratios['mean_update_time']:.2f} vs echo" if ratios else ""
    return (
        f"  {result.kind:<12} {result.database or '-':<10} c={result.concurrency:<5} "
        f"{result.updates:>6} upd {result.updates_per_s:7.1f}/s  p50 {lat['p50']:8.1f} "
        f"p95 {lat['p95']:8.1f} p99 {lat['p99']:8.1f} ms  cpu {result.bot_cpu_ms_per_update:5.2f}"
        f" ms/upd  rss {result.rss_max_kb / 1024:6.1f} MB{ratio}"
    )


FLOORS = ("echo", "echo-aiohttp")  # stock PTB (httpx), and on journeybot's transport


async def run_level(
    kind: str, level: Level, database: str = "", *, rate_limiter: bool = False
) -> LoadResult:
    """One load run of ``kind`` at ``level`` on a fresh scratch database (the floors get an
    unused SQLite one). The database is migrated here, before the bot starts, as a running
    deployment's is: the bot then starts as after any restart (it checks the schema and does
    not load Alembic), not as on its very first start."""
    async with scratch_database(database or "sqlite") as url:
        if kind == "journeybot":
            await upgrade(url)
        return await run_load(
            kind,
            url,
            concurrency=level.concurrency,
            users=level.users,
            actions=level.actions,
            database=database,
            rate_limiter=rate_limiter,
        )


async def load_section(settings: Settings, databases: list[str]) -> dict[str, Any]:
    floors: dict[str, dict[int, LoadResult]] = {kind: {} for kind in FLOORS}
    out: dict[str, Any] = {kind: [] for kind in FLOORS}
    out["journeybot"] = {db: [] for db in databases}
    for kind in FLOORS:
        print(f"load: {kind} bot (a floor, no database)", flush=True)
        for level in settings.levels:
            result = await run_level(kind, level)
            floors[kind][level.concurrency] = result
            out[kind].append(result.as_dict())
            print(line(result, None), flush=True)
    echo = floors["echo"]
    for db in databases:
        print(f"load: journeybot on {db}", flush=True)
        for level in settings.levels:
            result = await run_level("journeybot", level, db)
            ratios = compare(result, echo[level.concurrency])
            same = compare(result, floors["echo-aiohttp"][level.concurrency])
            out["journeybot"][db].append(
                {
                    **result.as_dict(),
                    "ratio_vs_echo": ratios,
                    "ratio_vs_echo_same_transport": same,
                }
            )
            print(line(result, ratios), flush=True)
    if settings.rate_limited is not None:
        level = settings.rate_limited
        print("load: journeybot on sqlite as deployed (AIORateLimiter: ~30 messages/s)", flush=True)
        result = await run_level("journeybot", level, "sqlite", rate_limiter=True)
        out["journeybot_rate_limited"] = result.as_dict()
        print(line(result, None), flush=True)
    if settings.memory_level is not None:
        out["memory_level"] = await memory_level(settings.memory_level, databases)
    return out


async def headline_rounds(settings: Settings, databases: list[str]) -> dict[str, Any]:
    """The top-level ratios, robust to a machine whose speed drifts over minutes (these VMs'
    does): each round runs both floors and journeybot on every database back to back, in an
    order rotated per round; ratios are taken within a round; the median round is reported."""
    level = settings.headline
    kinds = [("echo", ""), ("echo-aiohttp", ""), *(("journeybot", db) for db in databases)]
    rounds: list[dict[str, float]] = []
    print(
        f"headline: {settings.headline_rounds} rounds at c={level.concurrency}, "
        "all bots back to back",
        flush=True,
    )
    for number in range(settings.headline_rounds):
        shift = number % len(kinds)
        times: dict[str, float] = {}
        for kind, db in kinds[shift:] + kinds[:shift]:
            result = await run_level(kind, level, db)
            times[f"{kind}:{db}" if db else kind] = result.mean_update_ms
        rounds.append(times)
        print(
            "  round "
            + str(number + 1)
            + ": "
            + ", ".join(f"{name} {1000 / ms:.0f}/s" for name, ms in times.items()),
            flush=True,
        )
    summary: dict[str, Any] = {}
    for db in databases:
        key = f"journeybot:{db}"
        stock = sorted(r[key] / r["echo"] for r in rounds)
        same = sorted(r[key] / r["echo-aiohttp"] for r in rounds)
        summary[db] = {
            "ratio_vs_echo": round(statistics.median(stock), 2),
            "ratio_vs_echo_range": [round(stock[0], 2), round(stock[-1], 2)],
            "ratio_vs_echo_same_transport": round(statistics.median(same), 2),
            "ratio_vs_echo_same_transport_range": [round(same[0], 2), round(same[-1], 2)],
            "updates_per_s": round(1000 / statistics.median(r[key] for r in rounds), 1),
            "echo_updates_per_s": round(1000 / statistics.median(r["echo"] for r in rounds), 1),
            "echo_aiohttp_updates_per_s": round(
                1000 / statistics.median(r["echo-aiohttp"] for r in rounds), 1
            ),
        }
    return {"level": vars(level), "mean_update_ms": rounds, "summary": summary}


async def memory_level(level: Level, databases: list[str]) -> dict[str, Any]:
    """The bot process's memory with ``level.users`` interviews open at the same moment."""
    out: dict[str, Any] = {"journeybot": {}}
    print(f"load: {level.users:,} interviews at once (memory)", flush=True)
    result = await run_level("echo-aiohttp", level)
    out["echo-aiohttp"] = result.as_dict()
    print(line(result, None), flush=True)
    for db in databases:
        result = await run_level("journeybot", level, db)
        out["journeybot"][db] = result.as_dict()
        print(line(result, None), flush=True)
    return out


async def run(settings: Settings, skip_postgres: bool) -> dict[str, Any]:
    has_pg = not skip_postgres and await postgres_available()
    databases = ["sqlite", "postgresql"] if has_pg else ["sqlite"]
    if not has_pg:
        print("PostgreSQL not used (unavailable or --skip-postgres)", flush=True)
    results: dict[str, Any] = {
        "machine": describe(await postgres_version() if has_pg else None),
        "settings": {
            "levels": [vars(level) for level in settings.levels],
            "actions_per_interview": len(SCRIPT),
            "headline": vars(settings.headline),
            "headline_rounds": settings.headline_rounds,
            "growth_rows": settings.growth_rows,
            "bot": "separate process, long polling, concurrent_updates=64, "
            "journeybot without its AIORateLimiter",
        },
    }
    started = time.perf_counter()
    print("engine: advance() over the owner interview", flush=True)
    engine = engine_bench.measure(settings.engine_seconds)
    results["engine"] = engine.as_dict()
    print(
        f"  {engine.advance_per_s:,} advance/s ({engine.advance_us} µs); with state JSON "
        f"{engine.with_state_json_per_s:,}/s; state {engine.state_json_bytes_mid} B mid, "
        f"{engine.state_json_bytes_end} B at the end",
        flush=True,
    )

    results["load"] = await load_section(settings, databases)

    results["db_growth"] = {}
    for db in databases:
        print(f"db growth: {db}, 0 vs {settings.growth_rows:,} stored answers", flush=True)
        async with scratch_database(db) as empty, scratch_database(db, "growth_full") as full:
            growth = await db_growth.measure(db, empty, full, settings.growth_rows)
        results["db_growth"][db] = growth.as_dict()
        print(
            f"  per answer p50 {growth.empty_ms['p50']} ms → {growth.full_ms['p50']} ms "
            f"(×{growth.ratio_p50}); filled in {growth.fill_seconds} s",
            flush=True,
        )

    results["memory"] = memory_section(results, databases)
    if has_pg:
        logs = Path(tempfile.mkdtemp(prefix="journeybot-bench-workers-"))
        results["workers"] = {
            name: await workers.section(crowd, logs / name) for name, crowd in settings.crowds
        }
    else:
        print("workers: skipped, it needs PostgreSQL", flush=True)
    results["headline_rounds"] = await headline_rounds(settings, databases)
    for db in databases:
        summary = results["headline_rounds"]["summary"][db]
        results[db] = {
            **summary,
            "ratio_definition": "journeybot's mean per-update time (wall time / updates) over "
            "the stock echo bot's, both saturated at concurrency "
            f"{settings.headline.concurrency}; the median of {settings.headline_rounds} "
            "rounds in which every bot runs back to back (ratios taken within a round)",
            "ratio_same_transport_definition": "the same, over the echo bot on journeybot's "
            "aiohttp transport instead of PTB's default httpx",
            "db_growth_ratio": results["db_growth"][db]["ratio_p50"],
        }
        print(
            f"{db}: ratio_vs_echo ×{summary['ratio_vs_echo']} "
            f"(rounds {summary['ratio_vs_echo_range']}; ×{summary['ratio_vs_echo_same_transport']}"
            f" vs echo on aiohttp) at c={settings.headline.concurrency}",
            flush=True,
        )

    if settings.report_scaling:
        from bench import report_scaling

        print("report scaling (bench/report_scaling.py)", flush=True)
        rows = report_scaling.measure(report_scaling.SIZES, quick=True)
        results["report_scaling"] = [vars(row) for row in rows]
        print(report_scaling.table(rows), flush=True)
    from bench.report_scaling import quality_line, theme_quality

    results["themes"] = theme_quality()
    print(quality_line(results["themes"]), flush=True)
    results["seconds"] = round(time.perf_counter() - started, 1)
    return results


def memory_section(results: dict[str, Any], databases: list[str]) -> dict[str, Any]:
    """Bot RSS growth at the highest concurrency, journeybot minus echo, per open interview;
    and, in the full run, measured with 10,000 interviews open at once."""
    top = results["load"]["echo"][-1]
    memory: dict[str, Any] = {
        "state_json_bytes_mid": results["engine"]["state_json_bytes_mid"],
        "state_json_bytes_end": results["engine"]["state_json_bytes_end"],
        "open_interviews": top["users"],
        "echo_rss_start_mb": round(top["rss_start_kb"] / 1024, 1),
        "echo_rss_growth_mb": round((top["rss_max_kb"] - top["rss_start_kb"]) / 1024, 1),
    }
    for db in databases:
        jb = results["load"]["journeybot"][db][-1]
        growth = (jb["rss_max_kb"] - jb["rss_start_kb"]) / 1024
        extra = growth - memory["echo_rss_growth_mb"]
        memory[db] = {
            "rss_start_mb": round(jb["rss_start_kb"] / 1024, 1),
            "rss_peak_mb": round(jb["rss_peak_kb"] / 1024, 1),
            "rss_growth_mb": round(growth, 1),
            "kb_per_open_interview_over_echo": round(max(extra, 0) * 1024 / jb["users"], 2),
            "extrapolated_10000_mb": round(
                jb["rss_start_kb"] / 1024 + max(growth, 0) * 10_000 / jb["users"], 1
            ),
        }
    many = results["load"].get("memory_level")
    if many is not None:
        floor = many["echo-aiohttp"]
        floor_growth = (floor["rss_max_kb"] - floor["rss_start_kb"]) / 1024
        for db in databases:
            jb = many["journeybot"][db]
            growth = (jb["rss_max_kb"] - jb["rss_start_kb"]) / 1024
            memory[db]["measured_at_once"] = {
                "open_interviews": jb["users"],
                "rss_start_mb": round(jb["rss_start_kb"] / 1024, 1),
                "rss_max_mb": round(jb["rss_max_kb"] / 1024, 1),
                "rss_growth_mb": round(growth, 1),
                "echo_aiohttp_rss_growth_mb": round(floor_growth, 1),
                "kb_per_open_interview": round(growth * 1024 / jb["users"], 2),
            }
    return memory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="journeybot benchmarks (not tests)")
    parser.add_argument("--quick", action="store_true", help="smoke run, about a minute")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args(argv)
    results = asyncio.run(run(QUICK if args.quick else FULL, args.skip_postgres))
    results["settings"]["mode"] = "quick" if args.quick else "full"
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
        print(f"results written to {args.json}")
    print(f"total {results['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
