"""URL normalisation and engine set-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine, make_url_async


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///data/jb.db", "sqlite+aiosqlite:///data/jb.db"),
        ("sqlite:////abs/jb.db", "sqlite+aiosqlite:////abs/jb.db"),
        ("sqlite://", "sqlite+aiosqlite://"),
        ("sqlite+aiosqlite:///jb.db", "sqlite+aiosqlite:///jb.db"),
        ("postgresql://u:p@db:5432/jb", "postgresql+asyncpg://u:p@db:5432/jb"),
        ("postgres://u:p@db/jb", "postgresql+asyncpg://u:p@db/jb"),
        ("postgresql+asyncpg://u@db/jb", "postgresql+asyncpg://u@db/jb"),
        ("  postgresql://u@db/jb\n", "postgresql+asyncpg://u@db/jb"),
    ],
)
def test_make_url_async_picks_the_async_driver(given: str, expected: str) -> None:
    assert make_url_async(given) == expected


@pytest.mark.parametrize(
    ("junk", "complaint"),
    [
        ("", "not a database URL"),
        ("journeybot.db", "not a database URL"),
        ("mysql://u@db/jb", "unsupported database 'mysql'"),
        ("postgresql+psycopg2://u@db/jb", "unsupported driver 'psycopg2'"),
        ("sqlite+pysqlite:///jb.db", "unsupported driver 'pysqlite'"),
        ("sqlite+inline:///jb.db", "unsupported driver 'inline'"),  # the former own driver
        ("http://example.com", "unsupported database 'http'"),
        ("postgresql://", "not a database URL"),
    ],
)
def test_make_url_async_rejects_junk_clearly(junk: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint) as info:
        make_url_async(junk)
    message = str(info.value)
    assert "sqlite:///" in message or "give a plain" in message  # says what is accepted


async def test_sqlite_engine_creates_the_parent_directory_and_sets_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "jb.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        async with engine.connect() as connection:
            pragmas = {
                name: (await connection.execute(text(f"PRAGMA {name}"))).scalar_one()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    finally:
        await engine.dispose()
    assert path.exists()
    # synchronous: 1 == NORMAL
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 10_000,  # waits on aiosqlite's thread for another writer's lock
        "synchronous": 1,
    }


async def test_engine_round_trip(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        assert (await connection.execute(text("SELECT 1"))).scalar_one() == 1
