"""Shared database fixtures: the same tests on SQLite and on PostgreSQL.

- ``db_url``: a migrated, empty database, parametrised over ``sqlite`` (a fresh file per test,
  copied from one migrated template) and ``postgresql`` (one database per test session, created
  on 127.0.0.1:5432 as user postgres and dropped at the end; tables emptied before each test).
  PostgreSQL tests carry the ``postgres`` marker; if the server is unreachable they are skipped,
  or fail when ``CI`` is set or ``JOURNEYBOT_REQUIRE_POSTGRES=1``.
- ``engine`` / ``session_factory``: on ``db_url``, disposed after the test.
- ``session``: one session from ``session_factory`` (autobegin; rolled back if left open).
- ``sqlite_url``: a migrated SQLite file only, for tests that need a database but not both;
  ``postgres_url`` the same on PostgreSQL (for several processes on one database server).

Override the server with ``JOURNEYBOT_TEST_POSTGRES`` (a ``postgresql://`` URL to the
maintenance database, default ``postgresql://postgres@127.0.0.1:5432/postgres``).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import asyncpg  # type: ignore[import-untyped]
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.db import create_engine
from storage.db import session_factory as make_session_factory
from storage.migrate import upgrade
from storage.models import Base

PG_ADMIN_URL = os.environ.get(
    "JOURNEYBOT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
_PG_CONNECT_TIMEOUT = 5.0

T = TypeVar("T")


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion in a separate thread with its own event loop.

    Session fixtures are set up outside the tests' event loops (and possibly while one is
    running), so they must neither reuse nor replace the current thread's loop.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _postgres_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("JOURNEYBOT_REQUIRE_POSTGRES") == "1"


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


async def _pg_admin(statement: str) -> None:
    connection = await asyncpg.connect(PG_ADMIN_URL, timeout=_PG_CONNECT_TIMEOUT)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file; each test gets a copy (much faster than migrating each)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    _run(upgrade(_sqlite_url(path)))
    return path


@pytest.fixture
def sqlite_url(_sqlite_template: Path, tmp_path: Path) -> str:
    """A migrated, empty SQLite database file for this test."""
    path = tmp_path / "journeybot.db"
    shutil.copyfile(_sqlite_template, path)
    return _sqlite_url(path)


@pytest.fixture(scope="session")
def _postgres_database() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session (dropped at the end).

    Uniquely named, so several test sessions can share one server at the same time.
    """
    name = f"journeybot_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        _run(_pg_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        reason = f"PostgreSQL unreachable at {PG_ADMIN_URL} ({type(exc).__name__}: {exc})"
        if _postgres_required():
            pytest.fail(
                f"{reason}; required because CI or JOURNEYBOT_REQUIRE_POSTGRES=1 is set",
                pytrace=False,
            )
        pytest.skip(f"{reason}; set JOURNEYBOT_REQUIRE_POSTGRES=1 to make this an error")
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        _run(upgrade(url))
        yield url
    finally:
        _run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _emptying_sql() -> str:
    """Delete every row (children first) and restart the id sequences.

    Equivalent to ``TRUNCATE ... RESTART IDENTITY CASCADE`` for these tiny tables, but about
    50 times faster (TRUNCATE costs ~50 ms a test; this ~1 ms), in one round trip.
    """
    tables = Base.metadata.sorted_tables
    statements = [f'DELETE FROM "{table.name}"' for table in reversed(tables)]
    for table in tables:
        column = table.autoincrement_column
        if column is not None:
            statements.append(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), 1, false)"
            )
    return ";\n".join(statements)


_EMPTY_ALL = _emptying_sql()


async def _empty_all(url: str) -> None:
    connection = await asyncpg.connect(url, timeout=_PG_CONNECT_TIMEOUT)
    try:
        await connection.execute(_EMPTY_ALL)
    finally:
        await connection.close()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def db_url(request: pytest.FixtureRequest) -> str:
    """A migrated, empty database: SQLite or PostgreSQL (see the module docstring)."""
    if request.param == "sqlite":
        url: str = request.getfixturevalue("sqlite_url")
        return url
    url = request.getfixturevalue("_postgres_database")
    _run(_empty_all(url))
    return url


@pytest.fixture
def postgres_url(_postgres_database: str) -> str:
    """A migrated, empty PostgreSQL database only: for what needs several processes on one
    database server (mark the test ``postgres``)."""
    _run(_empty_all(_postgres_database))
    return _postgres_database


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    """The engine on ``db_url`` (what the bot creates once per process), disposed afterwards."""
    engine = create_engine(db_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Open one session (and transaction) per simulated update, as the transports do."""
    return make_session_factory(engine)


@pytest.fixture
async def session(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """One session for the whole test (autobegin; whatever is left uncommitted is rolled back).

    On SQLite its first statement takes the write lock until it commits: do not also write
    through ``session_factory`` in the same test while it is open.
    """
    async with session_factory() as session:
        yield session
