"""The migrations produce exactly the schema the models describe, on both databases."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, MetaData, String
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

import storage.migrate
from storage.migrate import (
    HEAD,
    MIGRATIONS_DIR,
    alembic_config,
    autogenerate_revision,
    current_revision,
    downgrade,
    upgrade,
)
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


def test_head_names_alembics_newest_revision() -> None:
    # storage.migrate.HEAD lets a current database skip loading Alembic: a new migration
    # must move it too.
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


async def test_a_current_database_is_checked_without_loading_alembic(db_url: str) -> None:
    """The long-running bot must not carry Alembic's ~9 MB when there is nothing to migrate;
    a database that is behind still gets migrated."""
    script = (
        "import asyncio, sys\n"
        "from storage.migrate import upgrade\n"
        "asyncio.run(upgrade(sys.argv[1]))\n"
        "print('alembic' in sys.modules)\n"
    )

    def run(url: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", script, url], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    assert await asyncio.to_thread(run, db_url) == "False"
    await downgrade(db_url, "base")
    try:
        assert await asyncio.to_thread(run, db_url) == "True"
        assert await current_revision(db_url) == HEAD
    finally:
        await upgrade(db_url)


async def test_upgrade_creates_a_fresh_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/fresh/jb.db"
    assert await current_revision(url) is None
    await upgrade(url)
    assert await current_revision(url) == HEAD


async def test_the_comparison_would_notice_a_drift(engine: AsyncEngine) -> None:
    drifted = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(drifted)
    drifted.tables["answers"].append_column(Column("note", String(10)))

    def diff(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, drifted))

    async with engine.connect() as connection:
        changes = await connection.run_sync(diff)
    assert [(c[0], c[3].name) for c in changes] == [("add_column", "note")]


async def test_downgrade_to_base_and_back(db_url: str) -> None:
    try:
        await downgrade(db_url, "base")
        assert await current_revision(db_url) is None
    finally:
        await upgrade(db_url)
    assert await current_revision(db_url) == HEAD


async def test_plain_alembic_invocation_with_a_url(tmp_path: Path) -> None:
    """Without a connection passed in, env.py makes its own async engine from the URL."""
    url = f"sqlite:///{tmp_path}/cli.db"
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", url)
    # Alembic's commands are synchronous and env.py starts its own event loop: use a thread.
    await asyncio.to_thread(command.upgrade, config, "head")
    assert await current_revision(url) == HEAD


async def test_autogenerate_on_a_migrated_database_writes_an_empty_revision(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(
        storage.migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(storage.migrate, "MIGRATIONS_DIR", scripts)
    shipped = {p.name for p in (scripts / "versions").glob("*.py")}
    await autogenerate_revision(db_url, "nothing to do")
    [written] = [p for p in (scripts / "versions").glob("*.py") if p.name not in shipped]
    source = written.read_text()
    assert f"down_revision: str | Sequence[str] | None = '{HEAD}'" in source
    assert "op." not in source  # no schema operations: the models and migrations agree


def test_migrations_ship_inside_the_package() -> None:
    # Resolved from storage/ itself, so a non-editable install finds them.
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "script.py.mako").is_file()
    assert MIGRATIONS_DIR.parent.name == "storage"
