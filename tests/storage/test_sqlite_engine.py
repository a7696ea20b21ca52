"""The SQLite engine (aiosqlite, `storage.db.create_engine`): transactions queue and lose no
update, another process's write lock is waited out without blocking the event loop, a lock
held past the busy timeout is a clear error, failures roll back, in-memory databases work.

The other process is a thread with its own ``sqlite3`` connection: SQLite's file locks are
the same between two connections of one process as between two processes. The tests order
their steps with events, never with sleeps or timings.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine

WAIT_S = 10.0  # only a bound on a hang: every step is ordered by events


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "jb.db"


@pytest.fixture
async def engine(path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite:///{path}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        await connection.execute(text("INSERT INTO counter VALUES (0)"))
    yield engine
    await engine.dispose()


class OtherProcess:
    """Another writer on the same file: takes SQLite's write lock, adds 100 and holds the
    lock until `release` is set."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.holding = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        other = sqlite3.connect(self.path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE counter SET n = n + 100")
            self.holding.set()
            self.release.wait(WAIT_S)
            other.execute("COMMIT")
        finally:
            other.close()

    @contextmanager
    def writing(self) -> Iterator[OtherProcess]:
        self.thread.start()
        try:
            assert self.holding.wait(WAIT_S)
            yield self
        finally:
            self.release.set()
            self.thread.join(WAIT_S)


async def increment(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        n = (await connection.execute(text("SELECT n FROM counter"))).scalar_one()
        await asyncio.sleep(0)  # let the others try to interleave
        await connection.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})


async def read_counter(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT n FROM counter"))).scalar_one())


async def trace_statements(engine: AsyncEngine, started: threading.Event, sql: str) -> None:
    """Set ``started`` when SQLite starts running ``sql`` on the engine's (single, pooled)
    connection; sqlite3 calls the trace callback as a statement starts, before it takes locks."""

    def trace(statement: str) -> None:
        if statement == sql:
            started.set()

    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        await raw.driver_connection.set_trace_callback(trace)  # type: ignore[union-attr]


async def test_concurrent_transactions_queue_and_none_is_lost(engine: AsyncEngine) -> None:
    await asyncio.gather(*(increment(engine) for _ in range(50)))
    assert await read_counter(engine) == 50


async def test_two_engines_on_one_file_lose_no_update(engine: AsyncEngine, path: Path) -> None:
    """Each process has its own engine; BEGIN IMMEDIATE makes the second one's read wait for
    the first one's commit (deferred transactions would fail or overwrite)."""
    second = create_engine(f"sqlite:///{path}")
    try:
        await asyncio.gather(*(increment(e) for _ in range(25) for e in (engine, second)))
    finally:
        await second.dispose()
    assert await read_counter(engine) == 50


async def test_another_process_write_lock_is_waited_out_without_blocking_the_loop(
    engine: AsyncEngine, path: Path
) -> None:
    began = threading.Event()
    await trace_statements(engine, began, "BEGIN IMMEDIATE")
    other = OtherProcess(path)
    with other.writing():
        ours = asyncio.create_task(increment(engine))
        # The loop resumes here while our transaction is in BEGIN IMMEDIATE and the other
        # writer still holds the lock: the wait happens off the event loop.
        assert await asyncio.to_thread(began.wait, WAIT_S)
        assert not ours.done()
        other.release.set()
        await asyncio.wait_for(ours, WAIT_S)
    assert await read_counter(engine) == 101  # the other writer's +100, then ours


async def test_a_lock_held_past_the_busy_timeout_is_a_clear_error(
    engine: AsyncEngine, path: Path
) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("PRAGMA busy_timeout = 1"))  # instead of 10 s
    with OtherProcess(path).writing(), pytest.raises(OperationalError, match="locked"):
        await increment(engine)
    await increment(engine)  # the connection is usable again afterwards
    assert await read_counter(engine) == 101


async def test_a_failed_transaction_rolls_back(engine: AsyncEngine) -> None:
    async def fail_midway() -> None:
        async with engine.begin() as connection:
            await connection.execute(text("UPDATE counter SET n = 7"))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await fail_midway()
    assert await read_counter(engine) == 0


async def test_in_memory_database_works() -> None:
    engine = create_engine("sqlite://")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (x)"))
            await connection.execute(text("INSERT INTO t VALUES (1), (2)"))
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT sum(x) FROM t"))).scalar_one() == 3
    finally:
        await engine.dispose()
