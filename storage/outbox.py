"""The outbox: replies written with the input they answer, sent after the commit.

A reply is stored in the same transaction as the answer, so an answer is never saved without
its next question. The sender that wrote a row owns it until ``retry_at``; it marks it sent,
or failed (then ``retry_at`` is its next attempt). Anyone may send a row whose ``retry_at``
has passed: the sweep after a failure or a crash claims it first (`claim_due`), so two
workers do not both send it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Channel, OutboxMessage, User

__all__ = [
    "Due",
    "Queued",
    "claim_due",
    "claim_rows",
    "due_recipients",
    "enqueue",
    "mark_failed",
    "mark_sent",
    "prune_sent",
    "unsent",
]

_TABLE = cast(Table, OutboxMessage.__table__)
_INSERT = insert(_TABLE).returning(_TABLE.c.id, sort_by_parameter_order=True)
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Queued:
    """One unsent row: what to send and how often Telegram refused it so far."""

    id: int
    payload: dict[str, Any]
    failures: int
    retry_at: datetime


@dataclass(frozen=True, slots=True)
class Due:
    """A person with rows due for sending (the sweep's work list)."""

    user_id: int
    external_id: str
    language: str | None  # None: not kept (the person has not consented yet)


async def enqueue(
    session: AsyncSession,
    user_id: int,
    payloads: Sequence[dict[str, Any]],
    *,
    now: datetime,
    owned_until: datetime,
) -> list[int]:
    """Store ``payloads`` for ``user_id`` in order, owned by the caller until ``owned_until``;
    their ids."""
    if not payloads:
        return []
    rows = [
        {
            "user_id": user_id,
            "payload": payload,
            "created_at": now,
            "retry_at": owned_until,
            "failures": 0,
        }
        for payload in payloads
    ]
    result = await session.execute(_INSERT, rows)
    return list(result.scalars())


async def unsent(session: AsyncSession, user_id: int) -> list[Queued]:
    """A user's unsent rows, oldest first."""
    query = (
        select(_TABLE.c.id, _TABLE.c.payload, _TABLE.c.failures, _TABLE.c.retry_at)
        .where(_TABLE.c.user_id == user_id, _TABLE.c.sent_at.is_(None))
        .order_by(_TABLE.c.id)
    )
    return [Queued(*row) for row in (await session.execute(query)).all()]


async def claim_rows(session: AsyncSession, ids: Sequence[int], *, until: datetime) -> None:
    """Own the rows ``ids`` until ``until`` (the caller sends them now)."""
    if ids:
        await session.execute(update(_TABLE).where(_TABLE.c.id.in_(ids)).values(retry_at=until))


async def claim_due(
    session: AsyncSession, user_id: int, *, now: datetime, until: datetime
) -> list[Queued]:
    """Own a user's rows that are due (``retry_at`` passed) until ``until``, oldest first.

    One UPDATE … RETURNING: of two workers claiming at once, the second finds them taken."""
    statement = (
        update(_TABLE)
        .where(
            _TABLE.c.user_id == user_id,
            _TABLE.c.sent_at.is_(None),
            _TABLE.c.retry_at <= now,
        )
        .values(retry_at=until)
        .returning(_TABLE.c.id, _TABLE.c.payload, _TABLE.c.failures, _TABLE.c.retry_at)
    )
    rows = [Queued(*row) for row in (await session.execute(statement)).all()]
    return sorted(rows, key=lambda row: row.id)


async def due_recipients(session: AsyncSession, channel: Channel, *, now: datetime) -> list[Due]:
    """The people of ``channel`` with rows due now."""
    query = (
        select(User.id, User.external_id, User.language)
        .join(_TABLE, _TABLE.c.user_id == User.id)
        .where(User.channel == channel, _TABLE.c.sent_at.is_(None), _TABLE.c.retry_at <= now)
        .group_by(User.id, User.external_id, User.language)
        .order_by(User.id)
    )
    return [Due(*row) for row in (await session.execute(query)).all()]


async def mark_sent(session: AsyncSession, ids: Sequence[int], *, now: datetime) -> None:
    """Record the rows ``ids`` as sent (in chunks: a few seconds of a busy bot's replies
    can outnumber what one statement may bind)."""
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        await session.execute(update(_TABLE).where(_TABLE.c.id.in_(chunk)).values(sent_at=now))


async def mark_failed(session: AsyncSession, ids: Sequence[int], *, retry_at: datetime) -> None:
    """Record a refused send of the rows ``ids``: one more failure, next try at ``retry_at``."""
    if ids:
        await session.execute(
            update(_TABLE)
            .where(_TABLE.c.id.in_(ids))
            .values(failures=_TABLE.c.failures + 1, retry_at=retry_at)
        )


async def prune_sent(session: AsyncSession, *, before: datetime) -> int:
    """Forget rows sent before ``before`` (their content is in the chat; keep no copy)."""
    statement = delete(_TABLE).where(_TABLE.c.sent_at < before)
    result = cast(CursorResult[Any], await session.execute(statement))
    return result.rowcount
