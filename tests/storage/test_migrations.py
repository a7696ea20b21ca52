"""The migrations produce exactly the schema the models describe, on both databases."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, MetaData, String, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

import storage.migrate
from storage.db import create_engine
from storage.migrate import (
    HEAD,
    MIGRATIONS_DIR,
    alembic_config,
    autogenerate_revision,
    current_revision,
    downgrade,
    upgrade,
)
from storage.models import Base, Contribution, Conversation, Map, MapMember, User

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


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


async def test_0005_empties_what_was_kept_of_people_without_a_role(db_url: str) -> None:
    """Before 0005 every person's Telegram name and language were stored on first contact;
    the migration keeps them only for map members and (the name) named respondents, and on
    SQLite rebuilds the users table without cascading into the tables that refer to it."""
    await downgrade(db_url, "0004")
    users = [
        (1, "Olga", "nl", None),  # owner
        (2, "Carla", "en", "Europe/London"),  # anonymous customer
        (3, "Sven", "nl", None),  # named colleague
        (4, "Dora", "en", "Europe/Berlin"),  # declined: no role
        (5, "Erik", "nl", None),  # answered, then /forget
    ]
    contributions = [  # id, user, role, state, named
        (1, 1, "owner", {}, False),
        (2, 2, "customer", {}, False),
        (3, 3, "colleague", {}, True),
        (4, 5, "customer", None, False),
    ]
    engine = create_engine(db_url)
    try:
        async with engine.begin() as connection:
            for id_, name, lang, zone in users:
                await connection.execute(
                    insert(User).values(
                        id=id_,
                        channel="telegram",
                        external_id=str(id_),
                        display_name=name,
                        language=lang,
                        timezone=zone,
                        notify=True,
                        created_at=NOW,
                    )
                )
                await connection.execute(
                    insert(Conversation).values(user_id=id_, ui={}, version=1, updated_at=NOW)
                )
            await connection.execute(
                insert(Map).values(id=1, title="M", language="nl", owner_user_id=1, created_at=NOW)
            )
            await connection.execute(
                insert(MapMember).values(map_id=1, user_id=1, role="owner", created_at=NOW)
            )
            for id_, user_id, role, state, named in contributions:
                await connection.execute(
                    insert(Contribution).values(
                        id=id_,
                        map_id=1,
                        user_id=user_id,
                        role=role,
                        flow_id=role,
                        status="active",
                        state=state,
                        version=1,
                        named=named,
                        started_at=NOW,
                        updated_at=NOW,
                        reminders_sent=0,
                    )
                )
        await upgrade(db_url)
        async with engine.connect() as connection:
            kept = (
                await connection.execute(
                    select(User.id, User.display_name, User.language, User.timezone).order_by(
                        User.id
                    )
                )
            ).all()
            children = [
                (await connection.execute(select(func.count()).select_from(table))).scalar_one()
                for table in (Conversation, MapMember, Contribution, Map)
            ]
    finally:
        await engine.dispose()
        await upgrade(db_url)
    assert [tuple(row) for row in kept] == [
        (1, "Olga", "nl", None),
        (2, None, "en", "Europe/London"),
        (3, "Sven", "nl", None),
        (4, None, None, None),
        (5, None, None, None),
    ]
    assert children == [5, 1, 4, 1]


async def test_workers_starting_together_migrate_once(db_url: str) -> None:
    """Several workers start at once on a database that is behind: each runs `upgrade`, and
    all of them come up (on PostgreSQL two used to create the same tables)."""
    await downgrade(db_url, "base")
    try:
        await asyncio.gather(*(upgrade(db_url) for _ in range(3)))
        assert await current_revision(db_url) == HEAD
    finally:
        await upgrade(db_url)
