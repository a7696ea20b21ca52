"""Several webhook workers behind HAProxy on one PostgreSQL (issue 15, item 9): what a second
worker adds.

A crowd answers at once (full run: 100 people, each answer 1–3 s after the bot's reply; the
owner interview, then a new person takes their place). The fake Bot API posts their updates
to HAProxy — deploy/haproxy.cfg, the deployed file — over 40 connections, one update per chat
at a time, as Telegram does. Behind it run one or two workers, each built and served exactly
as ``journeybot run --webhook`` (`bench.botproc --webhook-port`: every setting from the
environment, the rate limiter left out, which would measure Telegram's cap), on one fresh
PostgreSQL database. After a warm-up, the updates done per second over a fixed window are
counted; two workers' figure over one worker's is the ratio. Rounds run 1-then-2 and
2-then-1, against the machine's drift.

Where the cores went over the window — each worker, the PostgreSQL backends, HAProxy, and
this process (the fake Bot API and the crowd) — is measured from /proc, in cores: the
explanation when the ratio stays below the number of workers.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import procstat
from bench.databases import scratch_database
from bench.load import SCRIPT, Harness, postgres_pids, stop
from bench.stats import latency_summary
from storage.migrate import upgrade
from testkit.fakebotapi import FakeBotApi
from testkit.proxy import accepting, forwarding, free_port, haproxy, haproxy_binary

SECRET = "bench-secret-of-every-worker"
CONNECTIONS = 40  # Telegram's default max_connections for a webhook


@dataclass(frozen=True)
class Crowd:
    people: int
    think_s: tuple[float, float]  # between the bot's reply and the person's next answer
    warmup_s: float
    window_s: float
    rounds: int


FULL = Crowd(people=100, think_s=(1.0, 3.0), warmup_s=15.0, window_s=30.0, rounds=2)
# The same crowd without a pause between reply and answer: what the workers can take at most.
SATURATED = Crowd(people=100, think_s=(0.0, 0.0), warmup_s=8.0, window_s=20.0, rounds=2)
QUICK = Crowd(people=10, think_s=(0.2, 0.6), warmup_s=1.5, window_s=3.0, rounds=1)


@dataclass
class WorkersResult:
    workers: int
    people: int
    updates: int
    seconds: float
    updates_per_s: float
    latency_ms: dict[str, float]
    # CPU over the window, in cores (1.0: one core busy the whole time)
    cores_workers: list[float]
    cores_postgresql: float
    cores_haproxy: float
    cores_harness: float  # the fake Bot API and the crowd, in this process
    cores_machine: float  # every process on the machine: the rest is other people's
    worker_cpu_ms_per_update: float
    connections_opened: int  # to the database, by the workers, within the window
    errors_logged: int
    profile: list[tuple[str, float]] | None = None  # worker 1, `where_time_goes`

    @property
    def cores_total(self) -> float:
        return round(
            sum(self.cores_workers)
            + self.cores_postgresql
            + self.cores_haproxy
            + self.cores_harness,
            2,
        )

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "cores_total": self.cores_total}


@asynccontextmanager
async def _workers(
    api: FakeBotApi, url: str, count: int, logs: Path
) -> AsyncIterator[tuple[list[asyncio.subprocess.Process], int]]:
    """``count`` webhook workers behind HAProxy; yields them and the proxy's pid."""
    proxy_port = free_port()
    ports = [free_port() for _ in range(count)]
    env = {
        **os.environ,
        "PTB_TIMEDELTA": "true",
        "JOURNEYBOT_TELEGRAM_TOKEN": api.token,
        "JOURNEYBOT_TELEGRAM_API_URL": api.base_url,
        "JOURNEYBOT_DATABASE_URL": url,
        "JOURNEYBOT_WEBHOOK_URL": f"http://127.0.0.1:{proxy_port}/telegram",
        "JOURNEYBOT_WEBHOOK_SECRET": SECRET,
        "JOURNEYBOT_LOG_LEVEL": "WARNING",
    }
    binary = haproxy_binary()
    assert binary is not None
    async with AsyncExitStack() as stack:
        proxy = await stack.enter_async_context(
            haproxy(binary, port=proxy_port, workers=ports, log=logs / "haproxy.log")
        )
        processes = []
        for n, port in enumerate(ports, start=1):
            log = stack.enter_context((logs / f"worker{n}.log").open("wb"))
            command = [sys.executable, "-m", "bench.botproc", "--kind", "journeybot"]
            command += ["--api", api.root_url, "--webhook-port", str(port)]
            process = await asyncio.create_subprocess_exec(
                *command, env=env, stdout=asyncio.subprocess.PIPE, stderr=log
            )
            stack.push_async_callback(stop, process)
            processes.append(process)
        for port in ports:
            await accepting(port, timeout=60)
        await forwarding(proxy_port, to=2)
        from telegram import Bot

        from bot.transports.webhook import set_webhook

        async with Bot(api.token, base_url=api.base_url) as bot:
            await set_webhook(bot, url=env["JOURNEYBOT_WEBHOOK_URL"], secret=SECRET)
        yield processes, proxy.pid


def _postgres_cpu() -> float:
    """CPU seconds of the PostgreSQL server so far: its live processes, plus what the ones
    that ended had used (the postmaster's reaped children). Connections opened and closed
    within the window count too; other databases' sessions on the same server do as well."""
    pids = postgres_pids()
    return sum(procstat.cpu_seconds(p) + procstat.reaped_children_cpu_seconds(p) for p in pids)


async def _sessions(url: str) -> int:
    """Connections opened to ``url``'s database so far (PostgreSQL 14+)."""
    import asyncpg  # type: ignore[import-untyped]

    connection = await asyncpg.connect(url)
    try:
        sessions: int = await connection.fetchval(
            "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
        )
    finally:
        await connection.close()
    return sessions


async def measure(crowd: Crowd, count: int, logs: Path, *, profile: bool = False) -> WorkersResult:
    """One run: ``count`` workers, a fresh database, the crowd, a window of throughput; with
    ``profile``, py-spy samples the first worker over the window (``logs``/worker1.raw)."""
    await asyncio.to_thread(logs.mkdir, parents=True, exist_ok=True)
    async with (
        scratch_database("postgresql") as url,
        FakeBotApi(webhook_workers=CONNECTIONS) as api,
    ):
        await upgrade(url)  # as a deployment's: migrated before the workers start
        async with _workers(api, url, count, logs) as (processes, proxy_pid):
            return await _crowd(api, url, crowd, processes, proxy_pid, logs, profile)


async def _crowd(
    api: FakeBotApi,
    url: str,
    crowd: Crowd,
    processes: list[asyncio.subprocess.Process],
    proxy_pid: int,
    logs: Path,
    profile: bool,
) -> WorkersResult:
    harness = Harness(api, processes[0], SCRIPT)
    readers = [asyncio.create_task(harness.read_done(p)) for p in processes]
    people = iter(range(10**9))

    def think() -> float:
        return random.uniform(*crowd.think_s)

    async def person() -> None:
        await asyncio.sleep(think())  # not all at the same instant
        while True:
            user = api.make_user(f"Person{next(people)}", language_code="nl")
            await harness.play(user, think=think)

    crowd_tasks = [asyncio.create_task(person()) for _ in range(crowd.people)]
    try:
        await asyncio.sleep(crowd.warmup_s)
        pids = [p.pid for p in processes]
        sessions = await _sessions(url)
        before = (
            [procstat.cpu_seconds(pid) for pid in pids],
            _postgres_cpu(),
            procstat.cpu_seconds(proxy_pid),
            time.process_time(),
            procstat.machine_busy_seconds(),
        )
        start = time.perf_counter()
        sampling = await _sample(pids[0], crowd.window_s, logs / "worker1.raw") if profile else None
        await asyncio.sleep(crowd.window_s)
        end = time.perf_counter()
        if sampling is not None:
            await sampling.wait()
        after = (
            [procstat.cpu_seconds(pid) for pid in pids],
            _postgres_cpu(),
            procstat.cpu_seconds(proxy_pid),
            time.process_time(),
            procstat.machine_busy_seconds(),
        )
        sessions = await _sessions(url) - sessions - 1  # not the one asking now
    finally:
        for task in crowd_tasks:
            task.cancel()
        await asyncio.gather(*crowd_tasks, return_exceptions=True)
    in_window = [
        latency
        for latency, done in zip(harness.latencies, harness.done_at, strict=True)
        if start <= done < end
    ]
    seconds = end - start
    worker_cpu = [b - a for a, b in zip(before[0], after[0], strict=True)]
    api.assert_no_unexpected_errors()
    for reader in readers:
        reader.cancel()
    errors = await asyncio.to_thread(_tracebacks, logs, len(processes))
    return WorkersResult(
        workers=len(processes),
        people=crowd.people,
        updates=len(in_window),
        seconds=round(seconds, 2),
        updates_per_s=round(len(in_window) / seconds, 2),
        latency_ms=latency_summary(in_window),
        cores_workers=[round(c / seconds, 2) for c in worker_cpu],
        cores_postgresql=round((after[1] - before[1]) / seconds, 2),
        connections_opened=sessions,
        cores_haproxy=round((after[2] - before[2]) / seconds, 2),
        cores_harness=round((after[3] - before[3]) / seconds, 2),
        cores_machine=round((after[4] - before[4]) / seconds, 2),
        worker_cpu_ms_per_update=round(sum(worker_cpu) / max(len(in_window), 1) * 1000, 2),
        errors_logged=errors,
    )


async def _sample(pid: int, seconds: float, out: Path) -> asyncio.subprocess.Process:
    """py-spy sampling ``pid``'s stacks for ``seconds`` into ``out`` (its raw format)."""
    spy = Path(sys.executable).with_name("py-spy")
    return await asyncio.create_subprocess_exec(
        *(str(spy), "record", "--pid", str(pid), "--duration", str(round(seconds))),
        *("--rate", "200", "--format", "raw", "--nonblocking", "--output", str(out)),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


def where_time_goes(raw: Path, top: int = 12) -> list[tuple[str, float]]:
    """Shares of a py-spy raw profile's busy samples by the package of the innermost frame
    (the code that was running): a third-party distribution, one of journeybot's packages,
    or a standard-library module; ``idle`` (the event loop waiting in epoll) comes first."""
    counts: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():  # a frame's name may hold a line break
            counts[_package(stack.rsplit(";", 1)[-1])] += int(count)
    total = sum(counts.values()) or 1
    idle = counts.pop("idle", 0)
    busy = total - idle or 1
    shares = [(name, round(n / busy, 3)) for name, n in counts.most_common(top)]
    return [("idle (of all samples)", round(idle / total, 3)), *shares]


def _package(frame: str) -> str:
    """``Class.function (package/module.py:12)`` → what the module belongs to."""
    function, _, where = frame.rpartition(" (")
    if function.endswith("Selector.select"):
        return "idle"
    path = where.rstrip(")").rsplit(":", 1)[0]
    first, _, rest = path.partition("/")
    if first in ("bot", "storage", "flows", "reports", "bench", "testkit"):
        return f"journeybot {first}"
    name = first.removesuffix(".py") if rest else Path(path).stem
    return f"python {name}" if name in sys.stdlib_module_names else name


def _tracebacks(logs: Path, workers: int) -> int:
    """Tracebacks in the workers' logs (an update that failed, anything unexpected)."""
    return sum(
        (logs / f"worker{n}.log").read_text(errors="replace").count("Traceback")
        for n in range(1, workers + 1)
    )


def line(result: WorkersResult) -> str:
    lat = result.latency_ms
    workers = "+".join(f"{c:.2f}" for c in result.cores_workers)
    return (
        f"  {result.workers} worker{'s' if result.workers > 1 else ' '} {result.updates:>6} upd "
        f"{result.updates_per_s:7.2f}/s  p50 {lat['p50']:8.1f} p95 {lat['p95']:8.1f} ms  cores: "
        f"workers {workers}, postgres {result.cores_postgresql:.2f}, haproxy "
        f"{result.cores_haproxy:.2f}, fake+crowd {result.cores_harness:.2f} = "
        f"{result.cores_total:.2f} (machine {result.cores_machine:.2f}) of {os.cpu_count()}; "
        f"{result.worker_cpu_ms_per_update:.1f} "
        f"ms worker CPU/upd; {result.connections_opened} connections opened"
    )


async def section(crowd: Crowd, logs: Path, *, profile: bool = False) -> dict[str, Any]:
    """One worker against two, in rounds of alternating order; the median ratio."""
    if haproxy_binary() is None:
        print("workers: skipped, Debian's haproxy is not installed", flush=True)
        return {"skipped": "haproxy not installed"}
    print(
        f"workers: 1 vs 2 behind HAProxy on PostgreSQL, {crowd.people} people answering "
        f"{crowd.think_s[0]:g}-{crowd.think_s[1]:g} s after each reply, {crowd.window_s:g} s "
        f"window after {crowd.warmup_s:g} s, {crowd.rounds} round(s)",
        flush=True,
    )
    rounds: list[dict[int, WorkersResult]] = []
    for number in range(crowd.rounds):
        order = (1, 2) if number % 2 == 0 else (2, 1)
        results = {}
        for count in order:
            where = logs / f"round{number + 1}-{count}"
            results[count] = await measure(crowd, count, where, profile=profile)
            print(line(results[count]), flush=True)
            if profile:
                shares = await asyncio.to_thread(where_time_goes, where / "worker1.raw")
                print("    worker 1: " + ", ".join(f"{n} {v:.0%}" for n, v in shares), flush=True)
                results[count].profile = shares
        rounds.append(results)
    ratios = sorted(round(r[2].updates_per_s / r[1].updates_per_s, 2) for r in rounds)
    ratio = round(statistics.median(ratios), 2)
    print(f"  two workers: ×{ratio} one worker's updates/s (rounds {ratios})", flush=True)
    return {
        "crowd": asdict(crowd),
        "connections": CONNECTIONS,
        "rounds": [{str(k): v.as_dict() for k, v in r.items()} for r in rounds],
        "ratio_two_over_one": ratio,
        "ratio_definition": "updates done per second with two webhook workers over one, both "
        "behind HAProxy on one PostgreSQL, rate limiter off, the same crowd; median of rounds",
    }


def main(argv: list[str] | None = None) -> None:
    import argparse
    import json

    crowds = {"full": FULL, "saturated": SATURATED, "quick": QUICK}
    parser = argparse.ArgumentParser(description="one vs two webhook workers (bench/workers.py)")
    parser.add_argument("--crowd", choices=crowds, default="full")
    parser.add_argument("--profile", action="store_true", help="py-spy on worker 1 (root)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    logs = Path(tempfile.mkdtemp(prefix="journeybot-bench-workers-"))
    out = asyncio.run(section(crowds[args.crowd], logs, profile=args.profile))
    if args.json is not None:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    print(f"logs in {logs}")


if __name__ == "__main__":
    main()
