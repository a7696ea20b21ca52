"""Exactly-once handling of transport updates (Telegram redelivers after a crash)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage._dialect import DIALECTS, insert_or_ignore_for
from storage.models import Channel, ProcessedUpdate
from storage.types import utcnow

__all__ = ["claim_update", "prune_processed_updates"]

# Built once: this runs for every update, and building + cache-keying a statement costs more
# than executing it on SQLite (docs/benchmarks.md).
_TABLE = cast(Table, ProcessedUpdate.__table__)
_CLAIM = {
    name: insert_or_ignore_for(name, _TABLE, conflict_on=["channel", "update_id"])
    .values(
        channel=bindparam("channel"),
        update_id=bindparam("update_id"),
        processed_at=bindparam("processed_at"),
    )
    .returning(_TABLE.c.update_id)
    for name in DIALECTS
}


async def claim_update(
    session: AsyncSession, channel: Channel, update_id: int, *, now: datetime | None = None
) -> bool:
    """Record ``update_id`` as processed; False if it already was (skip it).

    Call it in the same transaction that stores the update's effects: if that transaction
    rolls back, the claim goes with it and the redelivered update is handled again. A
    duplicate does not poison the transaction.
    """
    params = {"channel": channel, "update_id": update_id, "processed_at": now or utcnow()}
    dialect = session.get_bind().dialect.name
    result = await session.execute(_CLAIM[dialect], params)
    return result.first() is not None


async def prune_processed_updates(session: AsyncSession, *, before: datetime) -> int:
    """Forget update ids processed before ``before`` (Telegram redelivers for ~24 hours)."""
    statement = delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < before)
    result = cast(CursorResult[Any], await session.execute(statement))
    return result.rowcount
