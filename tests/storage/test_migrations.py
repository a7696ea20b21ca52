"""The migrations produce exactly the schema the models describe, on both databases."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import MIGRATIONS_DIR, alembic_config, current_revision, upgrade
from storage.models import Base


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrated_schema_equals_the_models(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        assert await connection.run_sync(_diff) == []


async def test_upgrade_is_idempotent_and_reaches_head(db_url: str) -> None:
    await upgrade(db_url)  # already migrated by the fixture: a no-op
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    assert await current_revision(db_url) == head


async def test_upgrade_creates_a_fresh_sqlite_file(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path}/fresh/jb.db"
    assert await current_revision(url) is None
    await upgrade(url)
    assert await current_revision(url) == "0001"


def test_migrations_ship_inside_the_package() -> None:
    # Resolved from storage/ itself, so a non-editable install finds them.
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "script.py.mako").is_file()
    assert MIGRATIONS_DIR.parent.name == "storage"
