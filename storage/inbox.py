"""The inbox: updates recorded before they are confirmed, and the per-person lock.

An update is recorded (`record_update`, a short transaction of its own) before the transport
confirms it, so a crash can no longer lose it; it is applied later, per person, in
``update_id`` order (`next_pending`, then `mark_applied` in the transaction that stores its
effects). `lock_person` serialises one person's transactions across processes and is taken
*before* anything of theirs is read, so every read sees the previous update's commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage._dialect import DIALECTS, dialect_name, insert_or_ignore_for
from storage.models import Channel, InboxUpdate

__all__ = [
    "lock_person",
    "mark_applied",
    "next_pending",
    "pending_people",
    "prune_inbox",
    "record_update",
]

_TABLE = cast(Table, InboxUpdate.__table__)
_RECORD = {
    name: insert_or_ignore_for(name, _TABLE, conflict_on=["channel", "update_id"]).values(
        channel=bindparam("channel"),
        update_id=bindparam("update_id"),
        person=bindparam("person"),
        payload=bindparam("payload"),
        received_at=bindparam("received_at"),
    )
    for name in DIALECTS
}
# hashtextextended: a 64-bit key for the person; two people sharing one only wait for each other.
_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
_NEXT = (
    select(InboxUpdate)
    .where(
        InboxUpdate.channel == bindparam("channel"),
        InboxUpdate.person == bindparam("person"),
        InboxUpdate.applied_at.is_(None),
    )
    .order_by(InboxUpdate.update_id)
    .limit(2)  # the next one, and whether another one waits behind it
)


async def record_update(
    session: AsyncSession,
    *,
    channel: Channel,
    person: str,
    update_id: int,
    payload: dict[str, Any],
    now: datetime,
) -> None:
    """Store an update before it is confirmed; a redelivered one (same id) changes nothing."""
    params = {
        "channel": channel,
        "update_id": update_id,
        "person": person,
        "payload": payload,
        "received_at": now,
    }
    await session.execute(_RECORD[dialect_name(session)], params)


async def lock_person(session: AsyncSession, channel: Channel, person: str) -> None:
    """Hold the person's lock until the transaction ends; take it before reading their state.

    On PostgreSQL an advisory transaction lock (across every worker); in READ COMMITTED each
    later statement reads what the previous holder committed. SQLite transactions begin with
    ``BEGIN IMMEDIATE`` and so already hold the whole database's write lock.
    """
    if dialect_name(session) == "postgresql":
        await session.execute(_LOCK, {"key": f"{channel}:{person}"})


async def next_pending(
    session: AsyncSession, channel: Channel, person: str
) -> tuple[InboxUpdate | None, bool]:
    """The person's oldest recorded update not applied yet (call under `lock_person`), and
    whether more are waiting after it."""
    params = {"channel": channel, "person": person}
    entries = list((await session.execute(_NEXT, params)).scalars())
    return (entries[0] if entries else None), len(entries) > 1


def mark_applied(entry: InboxUpdate, now: datetime) -> None:
    """Mark ``entry`` applied (flushed with the update's effects and its reply's outbox
    rows). Its raw JSON goes: the id is all a redelivery is recognised by, and the JSON
    holds the sender's name and language, kept only from their consent on (`storage.users`)."""
    entry.applied_at = now
    entry.payload = {}


async def pending_people(session: AsyncSession, channel: Channel) -> list[str]:
    """Everyone with recorded updates not applied yet (to apply after a restart or outage)."""
    statement = (
        select(InboxUpdate.person)
        .where(InboxUpdate.channel == channel, InboxUpdate.applied_at.is_(None))
        .group_by(InboxUpdate.person)
        .order_by(func.min(InboxUpdate.update_id))
    )
    return list((await session.execute(statement)).scalars())


async def prune_inbox(session: AsyncSession, *, before: datetime) -> int:
    """Forget updates applied before ``before`` (Telegram redelivers for ~24 hours)."""
    statement = delete(InboxUpdate).where(InboxUpdate.applied_at < before)
    result = cast(CursorResult[Any], await session.execute(statement))
    return result.rowcount
