"""The outbox: rows kept in order per person, claimed by one sender at a time, marked sent."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import OutboxMessage
from storage.outbox import (
    Due,
    claim_due,
    claim_rows,
    due_recipients,
    enqueue,
    mark_failed,
    mark_sent,
    prune_sent,
    unsent,
)
from storage.users import get_or_create_user
from tests.storage.factories import make_user
from tests.storage.overlap import Overlap

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
OWNED = NOW + timedelta(seconds=60)


def payload(text: str) -> dict[str, object]:
    return {"t": "message", "text": text, "buttons": [[["Ja", "y", ""]]]}


async def test_rows_come_back_in_order_with_their_content(session: AsyncSession) -> None:
    ann = await make_user(session, "ann")
    ids = await enqueue(
        session,
        ann.id,
        [payload("één"), payload("twee"), payload("drie")],
        now=NOW,
        owned_until=OWNED,
    )
    assert ids == sorted(ids)
    rows = await unsent(session, ann.id)
    assert [r.id for r in rows] == ids
    assert [r.payload["text"] for r in rows] == ["één", "twee", "drie"]
    assert rows[0].payload["buttons"] == [[["Ja", "y", ""]]]
    assert {(r.failures, r.retry_at) for r in rows} == {(0, OWNED)}
    assert await enqueue(session, ann.id, [], now=NOW, owned_until=OWNED) == []


async def test_sent_rows_are_no_longer_unsent(session: AsyncSession) -> None:
    ann = await make_user(session, "ann")
    bob = await make_user(session, "bob")
    first, second = await enqueue(
        session, ann.id, [payload("a"), payload("b")], now=NOW, owned_until=OWNED
    )
    [other] = await enqueue(session, bob.id, [payload("c")], now=NOW, owned_until=OWNED)
    await mark_sent(session, [first], now=NOW)
    assert [r.id for r in await unsent(session, ann.id)] == [second]
    assert [r.id for r in await unsent(session, bob.id)] == [other]


async def test_a_refused_send_counts_and_waits_for_its_retry(session: AsyncSession) -> None:
    ann = await make_user(session, "ann")
    ids = await enqueue(session, ann.id, [payload("a"), payload("b")], now=NOW, owned_until=OWNED)
    later = NOW + timedelta(seconds=5)
    await mark_failed(session, ids, retry_at=later)
    await mark_failed(session, ids[1:], retry_at=later)
    assert [(r.failures, r.retry_at) for r in await unsent(session, ann.id)] == [
        (1, later),
        (2, later),
    ]
    # Not due before its retry; due (and then taken) at it.
    assert await claim_due(session, ann.id, now=NOW, until=OWNED) == []
    assert await due_recipients(session, "telegram", now=NOW) == []
    assert await due_recipients(session, "telegram", now=later) == [
        Due(ann.id, ann.external_id, "nl")
    ]
    claimed = await claim_due(session, ann.id, now=later, until=later + timedelta(seconds=60))
    assert [r.id for r in claimed] == ids
    assert await claim_due(session, ann.id, now=later, until=later) == []
    assert await due_recipients(session, "telegram", now=later) == []


async def test_rows_whose_owner_stopped_become_due(session: AsyncSession) -> None:
    ann = await make_user(session, "ann")
    ids = await enqueue(session, ann.id, [payload("a")], now=NOW, owned_until=OWNED)
    assert await claim_due(session, ann.id, now=OWNED - timedelta(seconds=1), until=OWNED) == []
    assert [
        r.id
        for r in await claim_due(session, ann.id, now=OWNED, until=OWNED + timedelta(minutes=1))
    ] == ids


async def test_claim_rows_takes_them_whatever_their_retry(session: AsyncSession) -> None:
    ann = await make_user(session, "ann")
    ids = await enqueue(session, ann.id, [payload("a")], now=NOW, owned_until=NOW)
    await claim_rows(session, ids, until=OWNED)
    await claim_rows(session, [], until=OWNED)
    assert [r.retry_at for r in await unsent(session, ann.id)] == [OWNED]


async def test_due_recipients_are_per_channel(session: AsyncSession) -> None:
    terminal = await get_or_create_user(
        session, channel="terminal", external_id="me", display_name="me", language="en"
    )
    await enqueue(session, terminal.id, [payload("a"), payload("b")], now=NOW, owned_until=NOW)
    assert await due_recipients(session, "telegram", now=NOW) == []
    assert await due_recipients(session, "terminal", now=NOW) == [Due(terminal.id, "me", "en")]


async def test_prune_forgets_only_rows_sent_long_ago(session: AsyncSession) -> None:
    ann = await make_user(session, "ann")
    old, recent, waiting = await enqueue(
        session, ann.id, [payload("a"), payload("b"), payload("c")], now=NOW, owned_until=OWNED
    )
    await mark_sent(session, [old], now=NOW - timedelta(days=2))
    await mark_sent(session, [recent], now=NOW)
    assert await prune_sent(session, before=NOW - timedelta(days=1)) == 1
    left = (await session.execute(select(OutboxMessage.id).order_by(OutboxMessage.id))).scalars()
    assert list(left) == [recent, waiting]


async def test_concurrent_sweeps_claim_a_row_once(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """Two workers sweeping at the same moment: one sends, the other finds nothing."""
    async with session_factory() as session, session.begin():
        ann = await make_user(session, "ann")
        ids = await enqueue(session, ann.id, [payload("a"), payload("b")], now=NOW, owned_until=NOW)
    overlap = Overlap(session_factory, 3)

    async def sweep() -> list[int]:
        async with overlap.worker() as me, session_factory() as s, s.begin():
            rows = await claim_due(s, ann.id, now=NOW, until=OWNED)
            await me.hold()
            return [r.id for r in rows]

    claims = await asyncio.gather(*(sweep() for _ in range(3)))
    assert sorted(claims) == [[], [], ids]
    async with session_factory() as session:
        count = select(func.count()).select_from(OutboxMessage)
        assert (await session.execute(count)).scalar_one() == 2


async def test_a_deleted_user_takes_their_rows_along(session: AsyncSession) -> None:
    ann = await make_user(session, "ann")
    await enqueue(session, ann.id, [payload("a")], now=NOW, owned_until=OWNED)
    await session.delete(ann)
    await session.flush()
    count = select(func.count()).select_from(OutboxMessage)
    assert (await session.execute(count)).scalar_one() == 0
