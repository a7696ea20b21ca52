"""Alembic environment: metadata from storage.models, the URL or connection from the caller.

`storage.migrate` passes an open connection in ``config.attributes["connection"]`` (the usual
path: ``journeybot db upgrade`` and start-up). Without one (e.g. running ``alembic`` by hand
with ``-x url=...`` or ``sqlalchemy.url``), an async engine is created here and the migrations
run through ``run_sync``.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from storage.migrate import check_foreign_keys, migration_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTERs by copying
        compare_type=True,
    )


def _run_with(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()
        check_foreign_keys(connection)


async def _run_with_own_engine(url: str) -> None:
    engine = migration_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_with)
            await connection.commit()
    finally:
        await engine.dispose()


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        msg = "no database URL: pass -x url=... or use storage.migrate.upgrade(url)"
        raise RuntimeError(msg)
    return url


if context.is_offline_mode():
    context.configure(
        url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    given = config.attributes.get("connection")
    if given is not None:
        _run_with(given)
    else:
        asyncio.run(_run_with_own_engine(_url()))
