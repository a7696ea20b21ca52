"""Exactly-once handling of transport updates (Telegram redelivers after a crash)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage._dialect import insert_or_ignore
from storage.models import Channel, ProcessedUpdate
from storage.types import utcnow


async def claim_update(
    session: AsyncSession, channel: Channel, update_id: int, *, now: datetime | None = None
) -> bool:
    """Record ``update_id`` as processed; False if it already was (skip it).

    Call it in the same transaction that stores the update's effects: if that transaction
    rolls back, the claim goes with it and the redelivered update is handled again. A
    duplicate does not poison the transaction.
    """
    statement = (
        insert_or_ignore(session, ProcessedUpdate, conflict_on=["channel", "update_id"])
        .values(channel=channel, update_id=update_id, processed_at=now or utcnow())
        .returning(ProcessedUpdate.update_id)
    )
    return (await session.execute(statement)).first() is not None


async def prune_processed_updates(session: AsyncSession, *, before: datetime) -> int:
    """Forget update ids processed before ``before`` (Telegram redelivers for ~24 hours)."""
    statement = delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < before)
    result = cast(CursorResult[Any], await session.execute(statement))
    return result.rowcount
