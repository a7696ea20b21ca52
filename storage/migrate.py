"""Run the Alembic migrations programmatically (``journeybot db upgrade`` and on start).

The script location is resolved from this package's own path, so it works from a wheel as
well as from a checkout; no alembic.ini is needed. Alembic itself (~9 MB of imports) is only
loaded when there is something to do: a bot restarting on a current database reads one row
and never imports it, so the long-running process stays that much smaller.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine

__all__ = [
    "HEAD",
    "MIGRATIONS_DIR",
    "alembic_config",
    "autogenerate_revision",
    "check_foreign_keys",
    "current_revision",
    "downgrade",
    "migration_engine",
    "upgrade",
]

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions/ (a test keeps it equal to Alembic's head).
HEAD = "0005"


def migration_engine(url: str) -> AsyncEngine:
    """The engine migrations run on. On SQLite its connections have foreign keys off, as
    SQLite's procedure for rebuilding a table (Alembic's batch mode) asks: dropping the old
    table would otherwise cascade into every table that refers to it. `check_foreign_keys`
    then checks them before the commit."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _foreign_keys_off)
    return engine


def _foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=OFF")
    finally:
        cursor.close()


def check_foreign_keys(connection: Connection) -> None:
    """Fail (rolling the migration back) if a migration left a dangling reference on SQLite,
    where they run with foreign keys off (`migration_engine`)."""
    if connection.dialect.name != "sqlite":
        return
    dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if dangling:
        msg = f"the migration left rows referring to nothing: {dangling[:5]}"
        raise RuntimeError(msg)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations, optionally bound to a connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


# Workers started together on a database that is behind would each run the migrations; on
# PostgreSQL the first takes this lock (held until its transaction ends) and the others then
# find the database current.
_MIGRATING = text("SELECT pg_advisory_xact_lock(hashtextextended('journeybot:migrations', 0))")


def _upgrade_head(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(_MIGRATING)
    if _stored_revision(connection) == HEAD:
        return  # current: no need to load Alembic
    from alembic import command

    command.upgrade(alembic_config(connection), "head")


def _stored_revision(connection: Connection) -> str | None:
    """The revision recorded in the database, read without Alembic."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None  # several heads: leave it to Alembic


async def upgrade(url: str) -> None:
    """Bring the database at ``url`` to the newest schema (idempotent)."""
    engine = migration_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade_head)
    finally:
        await engine.dispose()


def _current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(url: str) -> str | None:
    """The revision the database at ``url`` is at (None if never migrated)."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_current)
    finally:
        await engine.dispose()


async def downgrade(url: str, revision: str) -> None:
    """Take the database at ``url`` back to ``revision`` (``"base"``: empty). For development."""
    from alembic import command

    engine = migration_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(lambda c: command.downgrade(alembic_config(c), revision))
    finally:
        await engine.dispose()


async def autogenerate_revision(url: str, message: str) -> None:
    """Write a new migration in storage/migrations/versions/ from the difference between the
    (fully upgraded) database at ``url`` and storage.models. Review it before committing:
    autogenerate misses renames and writes the models' UTCDateTime as a custom type (use
    ``sa.DateTime(timezone=True)``)."""
    from alembic import command

    engine = migration_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(
                lambda c: command.revision(alembic_config(c), message=message, autogenerate=True)
            )
    finally:
        await engine.dispose()
