"""Closed-loop load: simulated users play the owner interview against a bot in another process.

The fake Bot API and the simulated users live in this process; the bot under test
(`bench.botproc`) runs in its own process and long-polls the fake like a real bot polls
Telegram. ``concurrency`` users are in an interview at any moment; each sends its next input
the moment the bot is done with the previous one, and a finished user is replaced by a new one
until ``users`` interviews are done. Every user plays ``/start`` + `OWNER_INTERVIEW` (52 updates:
texts, commands and button presses), whatever the bot is, so echo and journeybot get the same
stream.

Latency of an update: from the moment the fake queues it to the moment the fake records the
bot's last message for that chat (the bot's "done" line tells us when there is no more).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench import procstat
from bench.stats import latency_summary
from testkit.fakebotapi import FakeBotApi, FakeUser, SentMessage
from testkit.interview import OWNER_INTERVIEW, Action, Command
from testkit.playback import send_action

SCRIPT: tuple[Action, ...] = (Command("start"), *OWNER_INTERVIEW)
WARMUP_USERS = 1
UPDATE_TIMEOUT_S = 300.0  # 10,000 users at once queue for a minute or more
READY_TIMEOUT_S = 60.0


@dataclass
class LoadResult:
    kind: str
    database: str
    concurrency: int
    users: int
    updates: int
    seconds: float
    updates_per_s: float
    mean_update_ms: float  # wall time / updates: the mean time one update costs at this load
    latency_ms: dict[str, float]
    bot_cpu_ms_per_update: float
    bot_cpu_utilisation: float  # of one core
    harness_cpu_utilisation: float  # fake server + simulated users (this process)
    db_server_cpu_utilisation: float | None  # PostgreSQL backends, when measurable
    api_requests_per_update: dict[str, float]
    rss_start_kb: int
    rss_max_kb: int  # highest VmRSS sampled while the interviews ran
    rss_peak_kb: int  # VmHWM at the end
    bot_errors: int
    actions_per_user: int = len(SCRIPT)
    profile: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _read_outputs(log_path: Path, profile: Path | None) -> tuple[int, str | None]:
    """Failed updates in the bot's log, and its profile if one was written."""
    errors = log_path.read_text(errors="replace").count("update failed")
    text = profile.read_text() if profile is not None and profile.exists() else None
    return errors, text


def postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    pids.append(int(entry.name))
    return pids


class Harness:
    """One fake server, one bot process, many simulated users."""

    def __init__(
        self, api: FakeBotApi, process: asyncio.subprocess.Process, script: tuple[Action, ...]
    ) -> None:
        self.api = api
        self.script = script
        self.process = process
        self.waiting: dict[int, asyncio.Future[float]] = {}
        self.last_sent: dict[int, float] = {}
        self.latencies: list[float] = []
        self.done_at: list[float] = []  # when each update of `latencies` was done
        self.done_lines = 0
        previous = api.store.on_sent

        def on_sent(message: SentMessage) -> None:
            self.last_sent[message.chat_id] = time.perf_counter()
            previous(message)

        api.store.on_sent = on_sent

    async def read_done(self, process: asyncio.subprocess.Process | None = None) -> None:
        """Read a bot process's "done" lines (``process``: another one than the first)."""
        process = process or self.process
        assert process.stdout is not None
        while line := await process.stdout.readline():
            if not line.startswith(b"d "):
                continue
            self.done_lines += 1
            waiter = self.waiting.pop(int(line[2:]), None)
            if waiter is not None and not waiter.done():
                waiter.set_result(time.perf_counter())
        for waiter in self.waiting.values():
            if not waiter.done():
                waiter.set_exception(RuntimeError("the bot process ended"))

    async def play(
        self,
        user: FakeUser,
        script: tuple[Action, ...] | None = None,
        *,
        think: Callable[[], float] | None = None,
    ) -> None:
        """``user`` plays the script, each step once the bot is done with the previous one
        (and, with ``think``, that many seconds later)."""
        loop = asyncio.get_running_loop()
        for action in self.script if script is None else script:
            update_id = send_action(self.api, user, action)
            offered = time.perf_counter()
            waiter: asyncio.Future[float] = loop.create_future()
            self.waiting[update_id] = waiter
            try:
                done_at = await asyncio.wait_for(waiter, UPDATE_TIMEOUT_S)
            except TimeoutError:
                raise RuntimeError(
                    f"update {update_id} not handled in {UPDATE_TIMEOUT_S}s:\n"
                    f"{self.api.transcript(user)}"
                ) from None
            replied = self.last_sent.get(user.id, 0.0)
            self.latencies.append((replied if replied > offered else done_at) - offered)
            self.done_at.append(done_at)
            if think is not None:
                await asyncio.sleep(think())


async def run_load(
    kind: str,
    database_url: str,
    *,
    concurrency: int,
    users: int,
    database: str = "",
    concurrent_updates: int | None = None,
    actions: int | None = None,
    rate_limiter: bool = False,
    profile: Path | None = None,
    log_dir: Path | None = None,
) -> LoadResult:
    """Run ``users`` interviews, ``concurrency`` at a time, against a fresh bot process."""
    async with FakeBotApi() as api:
        command = [sys.executable, "-m", "bench.botproc", "--kind", kind, "--api", api.root_url]
        if kind == "journeybot":
            command += ["--db", database_url]
        if concurrent_updates is not None:
            command += ["--concurrent-updates", str(concurrent_updates)]
        if profile is not None:
            command += ["--profile", str(profile)]
        if rate_limiter:
            command += ["--rate-limiter"]
        log_path = (
            log_dir or Path("/tmp")
        ) / f"bench-{kind}-{database or 'none'}-{os.getpid()}.log"
        env = {**os.environ, "PTB_TIMEDELTA": "true", "JOURNEYBOT_LOG_LEVEL": "WARNING"}
        with log_path.open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                *command, stdout=asyncio.subprocess.PIPE, stderr=log, env=env
            )
            try:
                script = SCRIPT[:actions] if actions else SCRIPT
                return await _drive(
                    api, process, kind, database, concurrency, users, script, profile, log_path
                )
            finally:
                await stop(process)


async def stop(process: asyncio.subprocess.Process) -> None:
    """End a bot process: SIGTERM (it stops gracefully), SIGKILL after 30 s."""
    if process.returncode is None:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()


async def _drive(
    api: FakeBotApi,
    process: asyncio.subprocess.Process,
    kind: str,
    database: str,
    concurrency: int,
    users: int,
    script: tuple[Action, ...],
    profile: Path | None,
    log_path: Path,
) -> LoadResult:
    harness = Harness(api, process, script)
    reader = asyncio.create_task(harness.read_done())
    await api.wait_until(
        lambda: api.request_counts["getUpdates"] > 0 or process.returncode is not None,
        timeout=READY_TIMEOUT_S,
        what="the bot's first getUpdates",
    )
    if process.returncode is not None:
        raise RuntimeError(f"the bot process failed to start; see {log_path}")
    await asyncio.sleep(0.2)  # let startup settle (imports, post_init, first poll)
    # Steady state, not start-up: a running bot has long filled its caches (compiled SQL,
    # loaded flows, HTTP connections). Warm-up users play the whole interview untimed first —
    # the same for every kind of bot.
    warm = [api.make_user(f"Warm{n}", language_code="nl") for n in range(WARMUP_USERS)]
    await asyncio.gather(*(harness.play(user, SCRIPT) for user in warm))
    harness.latencies.clear()
    pid = process.pid
    rss_start = procstat.status_kb(pid, "VmRSS")
    rss_max = rss_start
    people = [api.make_user(f"User{n}", language_code="nl") for n in range(users)]
    queue: asyncio.Queue[FakeUser] = asyncio.Queue()
    for person in people:
        queue.put_nowait(person)

    async def sampler() -> None:
        nonlocal rss_max
        while True:
            rss_max = max(rss_max, procstat.status_kb(pid, "VmRSS"))
            await asyncio.sleep(0.1)

    async def worker() -> None:
        while not queue.empty():
            await harness.play(queue.get_nowait())

    pg_pids = postgres_pids() if database == "postgresql" else []
    counts_before = Counter(api.request_counts)
    bot_cpu_before = procstat.cpu_seconds(pid)
    pg_cpu_before = procstat.children_cpu_seconds(pg_pids)
    own_cpu_before = time.process_time()
    sampling = asyncio.create_task(sampler())
    start = time.perf_counter()
    try:
        await asyncio.gather(*(worker() for _ in range(min(concurrency, users))))
    finally:
        sampling.cancel()
    seconds = time.perf_counter() - start
    bot_cpu = procstat.cpu_seconds(pid) - bot_cpu_before
    own_cpu = time.process_time() - own_cpu_before
    pg_cpu = None
    if database == "postgresql":  # backends started during the run count from zero
        pg_cpu = procstat.children_cpu_seconds(postgres_pids()) - pg_cpu_before
    rss_peak = procstat.status_kb(pid, "VmHWM")
    counts = Counter(api.request_counts)
    counts.subtract(counts_before)
    updates = len(harness.latencies)
    api.assert_no_unexpected_errors()

    process.terminate()
    await asyncio.wait_for(process.wait(), 60)
    await reader
    errors, profile_text = await asyncio.to_thread(_read_outputs, log_path, profile)
    return LoadResult(
        kind=kind,
        database=database,
        concurrency=concurrency,
        users=users,
        updates=updates,
        seconds=seconds,
        updates_per_s=updates / seconds,
        mean_update_ms=seconds / updates * 1000,
        latency_ms=latency_summary(harness.latencies),
        bot_cpu_ms_per_update=bot_cpu / updates * 1000,
        bot_cpu_utilisation=bot_cpu / seconds,
        harness_cpu_utilisation=own_cpu / seconds,
        db_server_cpu_utilisation=None if pg_cpu is None else pg_cpu / seconds,
        api_requests_per_update={
            method: round(count / updates, 3)
            for method, count in sorted(counts.items())
            if count > 0 and method != "getUpdates"
        },
        rss_start_kb=rss_start,
        rss_max_kb=rss_max,
        rss_peak_kb=rss_peak,
        bot_errors=errors,
        actions_per_user=len(script),
        profile=profile_text,
    )
