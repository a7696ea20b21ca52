"""Scratch databases for one benchmark run: an SQLite file, or a PostgreSQL database that is
created fresh and dropped afterwards (127.0.0.1:5432, user postgres, trust auth)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("BENCH_PG_PORT", "5432"))
PG_USER = os.environ.get("BENCH_PG_USER", "postgres")
PG_DATABASE = "journeybot_bench"


async def postgres_available() -> bool:
    import asyncpg  # type: ignore[import-untyped]

    try:
        connection = await asyncpg.connect(
            host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres", timeout=3
        )
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await connection.close()
    return True


async def _admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres"
    )
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@asynccontextmanager
async def scratch_database(kind: str, name: str = "") -> AsyncIterator[str]:
    """Yield the plain URL of an empty database of ``kind`` ("sqlite" or "postgresql");
    ``name`` tells apart several open at once."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="journeybot-bench-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"
        return
    database = f"{PG_DATABASE}_{name}" if name else PG_DATABASE
    await _admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    await _admin(f"CREATE DATABASE {database}")
    try:
        yield f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}"
    finally:
        await _admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


async def postgres_version() -> str:
    import asyncpg

    connection = await asyncpg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres"
    )
    try:
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()
