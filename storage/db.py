"""Engine and session factory: one engine per process, one session per incoming update.

SQLite is the embedded default (terminal chat, small bots); PostgreSQL serves several workers.
On SQLite every transaction starts with ``BEGIN IMMEDIATE``: the write lock is taken up front,
so a read-then-write transaction can never be overtaken by another one (SQLite's default
deferred transactions would let two updates read the same state and then fail or overwrite).
SQLite runs through aiosqlite (SQLAlchemy's stock async SQLite driver): each connection has a
worker thread, so waiting for another process's write lock (SQLite's busy timeout,
`SQLITE_BUSY_TIMEOUT_S`) blocks that thread, never the event loop.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry

__all__ = ["create_engine", "is_unavailable", "make_url_async", "session_factory"]

SQLITE_BUSY_TIMEOUT_S = 10.0  # how long a transaction waits for another process's write lock
# PostgreSQL: a server that stops answering (dropped packets) must not hold a person's lock
# and a pooled connection for as long as the outage lasts.
CONNECT_TIMEOUT_S = 5.0
STATEMENT_TIMEOUT_S = 15.0

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
_SCHEME_ALIASES = {"postgres": "postgresql"}


def make_url_async(url: str) -> str:
    """Return ``url`` with the async driver this package uses.

    ``sqlite:///path`` becomes ``sqlite+aiosqlite:///path``; ``postgresql://`` and
    ``postgres://`` become ``postgresql+asyncpg://``; URLs already naming those drivers pass
    unchanged. Anything else raises `ValueError` saying what is accepted.
    """
    accepted = (
        "expected a database URL such as sqlite:///path/to/journeybot.db or "
        "postgresql://user:password@host:5432/dbname"
    )
    text = url.strip()
    scheme, sep, rest = text.partition("://")
    if not sep or (not rest and not scheme.startswith("sqlite")):
        msg = f"not a database URL: {url!r}; {accepted}"
        raise ValueError(msg)
    backend, _, driver = scheme.partition("+")
    backend = _SCHEME_ALIASES.get(backend, backend)
    async_scheme = _ASYNC_DRIVERS.get(backend)
    if async_scheme is None:
        msg = f"unsupported database {scheme!r} in {url!r}; {accepted}"
        raise ValueError(msg)
    if driver and f"{backend}+{driver}" != async_scheme:
        msg = (
            f"unsupported driver {driver!r} in {url!r}: journeybot uses {async_scheme}://; "
            f"give a plain {backend}:// URL"
        )
        raise ValueError(msg)
    result = f"{async_scheme}://{rest}"
    try:
        make_url(result)
    except ArgumentError as exc:
        msg = f"malformed database URL {url!r}: {exc}"
        raise ValueError(msg) from exc
    return result


def _sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL, or None for an in-memory database."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


# SQLAlchemy's documented recipe for SQLite transaction control with sqlite3/aiosqlite
# ("Enabling Non-Legacy SQLite Transactional Modes"): the driver emits no BEGIN of its own
# (isolation_level None) and the "begin" hook emits BEGIN IMMEDIATE instead.
def _on_sqlite_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def is_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) says the database could not be reached or did not
    answer in time: an outage to wait out, not a bug."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(
            seen, OperationalError | InterfaceError | PoolTimeout | TimeoutError | OSError
        ):
            return True
        if isinstance(seen, DBAPIError) and seen.connection_invalidated:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def create_engine(
    url: str,
    *,
    echo: bool = False,
    connect_timeout: float = CONNECT_TIMEOUT_S,
    statement_timeout: float = STATEMENT_TIMEOUT_S,
) -> AsyncEngine:
    """Create the process's async engine for ``url`` (plain or async form).

    Creates a SQLite file's parent directory when missing. On PostgreSQL, connecting and each
    statement give up after the timeouts (seconds; `is_unavailable` recognises the error).
    Dispose the engine on shutdown (``await engine.dispose()``).
    """
    async_url = make_url_async(url)
    if async_url.startswith("sqlite"):
        path = _sqlite_file(async_url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # A file database takes one writer at a time anyway (BEGIN IMMEDIATE): with a single
        # pooled connection, concurrent updates queue fairly in asyncio instead of sleeping in
        # SQLite's busy handler (which made p99 latency jump to seconds under load).
        single: dict[str, Any] = (
            {"poolclass": AsyncAdaptedQueuePool, "pool_size": 1, "max_overflow": 0}
            if path is not None
            else {}  # in memory: the dialect's StaticPool, one connection shared
        )
        engine = _create_async_engine(
            async_url,
            echo=echo,
            # sqlite3's busy timeout: wait for another process's write lock (on aiosqlite's
            # worker thread) instead of failing at once with "database is locked".
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S},
            **single,
        )
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
        event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
        return engine
    return _create_async_engine(
        async_url,
        echo=echo,
        pool_size=5,
        max_overflow=10,
        pool_pre_ping=True,  # survive server restarts and idle-connection reaping
        pool_recycle=1800,
        # Waiting for a pooled connection while the others are stuck ends in time too.
        pool_timeout=connect_timeout + statement_timeout,
        connect_args={
            "server_settings": {"application_name": "journeybot"},
            "timeout": connect_timeout,  # asyncpg: connecting, including authentication
            "command_timeout": statement_timeout,  # asyncpg: each statement, client-side
        },
    )


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """The session factory; open one session and one transaction per incoming update:
    ``async with factory() as session, session.begin(): ...``."""
    return async_sessionmaker(engine, expire_on_commit=False)
