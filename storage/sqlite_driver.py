"""SQLite for SQLAlchemy's asyncio API, run on the event loop's own thread.

Why not aiosqlite: it runs every call — cursor, execute, fetch, close — on a worker thread
and wakes the event loop for each result. A statement on a local SQLite file takes tens of
microseconds; the hand-offs cost many times that, and in the benchmarks (docs/benchmarks.md)
they were the largest part of an update's cost. Here the standard library's ``sqlite3`` runs
in place: journeybot's per-update transaction costs about a third of what it did.

What keeps this safe:

* The one place SQLite may have to *wait* is taking the write lock — every transaction starts
  with ``BEGIN IMMEDIATE`` (`SQLiteDialect_inline.do_begin`). While another process holds it,
  we sleep with ``asyncio.sleep`` between attempts (up to `BUSY_TIMEOUT_S`), so the event loop
  keeps serving other users; SQLite's own busy handler, which would block the thread, is off.
  With the write lock held (WAL mode), no other statement waits.
* Within a process, a file database has one pooled connection and SQLAlchemy's asyncio pool
  queues the transactions waiting for it without blocking.
* What does block the loop is the statement itself: microseconds for the bot's statements, more
  for a big report query and for WAL checkpoints (``synchronous=NORMAL``: no fsync per commit).

SQLAlchemy's asyncio layer expects each ``execute`` to have awaited something (it guards
against sync drivers by mistake) and soft-closes cursors asynchronously; `_Cursor` provides
both. Select it with ``sqlite+inline://`` (`storage.db.make_url_async` does).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from typing import Any

from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL
from sqlalchemy.pool import AsyncAdaptedQueuePool, Pool, StaticPool
from sqlalchemy.util.concurrency import await_, in_greenlet

DRIVER = "inline"
BUSY_TIMEOUT_S = 10.0  # how long BEGIN IMMEDIATE waits for another process's write lock
_FIRST_RETRY_S = 0.001
_MAX_RETRY_S = 0.05


async def _nothing() -> None:
    return None


def _awaited() -> None:
    """Tell SQLAlchemy's asyncio layer an await took place (it did: a finished one)."""
    if in_greenlet():
        await_(_nothing())


class _Cursor(sqlite3.Cursor):
    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        _awaited()
        return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> _Cursor:
        _awaited()
        return super().executemany(sql, parameters)

    async def _async_soft_close(self) -> None:
        """Nothing to release early: rows are read in place, on this thread."""


class _Connection(sqlite3.Connection):
    def cursor(self, factory: Any = _Cursor) -> Any:
        return super().cursor(factory)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def begin_immediate(connection: sqlite3.Connection, *, timeout: float) -> None:
    """``BEGIN IMMEDIATE``, waiting without blocking the event loop while another process
    holds the write lock; ``sqlite3.OperationalError`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    delay = _FIRST_RETRY_S
    while True:
        try:
            connection.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or not in_greenlet() or time.monotonic() >= deadline:
                raise
        await_(asyncio.sleep(delay))
        delay = min(delay * 2, _MAX_RETRY_S)


class SQLiteDialect_inline(SQLiteDialect_pysqlite):  # noqa: N801 (SQLAlchemy's naming)
    """pysqlite, marked async: SQLAlchemy's asyncio engine runs it inside its greenlets."""

    driver = DRIVER
    is_async = True
    supports_statement_cache = True

    def create_connect_args(self, url: URL) -> Any:
        args, params = super().create_connect_args(url)
        params["factory"] = _Connection
        # Greenlets run on the loop's thread, but an engine may outlive one loop (tests).
        params["check_same_thread"] = False
        params["timeout"] = 0  # no blocking busy handler: `begin_immediate` waits instead
        return args, params

    @classmethod
    def get_pool_class(cls, url: URL) -> type[Pool]:
        # The asyncio pool: a transaction waiting for the connection awaits, never blocks.
        return AsyncAdaptedQueuePool if cls._is_url_file_db(url) else StaticPool

    def do_begin(self, dbapi_connection: Any) -> None:
        begin_immediate(dbapi_connection, timeout=BUSY_TIMEOUT_S)


registry.register(f"sqlite.{DRIVER}", __name__, "SQLiteDialect_inline")
