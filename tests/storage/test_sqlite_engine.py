"""SQLite on the event loop's thread (storage.sqlite_driver): transactions still queue, wait
for another process's write lock without blocking the loop, and fail clearly if it is held
too long."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import sqlite_driver
from storage.db import create_engine


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'jb.db'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        await connection.execute(text("INSERT INTO counter VALUES (0)"))
    yield engine
    await engine.dispose()


def hold_write_lock(path: Path, seconds: float, started: threading.Event) -> None:
    """Another process's writer: holds SQLite's write lock for ``seconds``."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE counter SET n = n + 100")
        started.set()
        time.sleep(seconds)
        other.execute("COMMIT")
    finally:
        other.close()


async def increment(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        n = (await connection.execute(text("SELECT n FROM counter"))).scalar_one()
        await asyncio.sleep(0)  # let the others try to interleave
        await connection.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})


async def read_counter(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT n FROM counter"))).scalar_one())


async def test_concurrent_transactions_queue_and_none_is_lost(engine: AsyncEngine) -> None:
    await asyncio.gather(*(increment(engine) for _ in range(50)))
    assert await read_counter(engine) == 50


async def test_waiting_for_another_writer_does_not_block_the_loop(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    started = threading.Event()
    writer = threading.Thread(
        target=hold_write_lock, args=(tmp_path / "jb.db", 0.4, started), daemon=True
    )
    writer.start()
    await asyncio.to_thread(started.wait, 5)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticking = asyncio.create_task(ticker())
    began = time.monotonic()
    try:
        await increment(engine)
    finally:
        ticking.cancel()
    waited = time.monotonic() - began
    await asyncio.to_thread(writer.join, 5)
    assert waited >= 0.2, "it must have waited for the other writer"
    assert ticks >= 10, (
        f"the event loop was blocked while waiting ({ticks} ticks in {waited:.2f} s)"
    )
    assert await read_counter(engine) == 101  # the other writer's +100, then ours


async def test_a_lock_held_too_long_is_a_clear_error(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_driver, "BUSY_TIMEOUT_S", 0.1)
    started = threading.Event()
    writer = threading.Thread(
        target=hold_write_lock, args=(tmp_path / "jb.db", 0.6, started), daemon=True
    )
    writer.start()
    await asyncio.to_thread(started.wait, 5)
    with pytest.raises(OperationalError, match="locked"):
        await increment(engine)
    await asyncio.to_thread(writer.join, 5)
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


async def test_in_memory_database_works(tmp_path: Path) -> None:
    engine = create_engine("sqlite://")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (x)"))
            await connection.execute(text("INSERT INTO t VALUES (1), (2)"))
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT sum(x) FROM t"))).scalar_one() == 3
    finally:
        await engine.dispose()
