"""Run the Alembic migrations programmatically (``journeybot db upgrade`` and on start).

The script location is resolved from this package's own path, so it works from a wheel as
well as from a checkout; no alembic.ini is needed.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from storage.db import create_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations, optionally bound to a connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _upgrade_head(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


async def upgrade(url: str) -> None:
    """Bring the database at ``url`` to the newest schema (idempotent)."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade_head)
    finally:
        await engine.dispose()


def _current(connection: Connection) -> str | None:
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
    engine = create_engine(url)
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
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(
                lambda c: command.revision(alembic_config(c), message=message, autogenerate=True)
            )
    finally:
        await engine.dispose()
