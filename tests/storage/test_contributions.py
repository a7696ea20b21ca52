"""Contributions: start, optimistic state saves, finish, reminders."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import Contribution
from storage.contributions import (
    StaleStateError,
    contributions_for_map,
    contributions_to_remind,
    erase_contribution,
    find_active_contribution,
    finish_contribution,
    latest_contribution,
    mark_reminded,
    save_contribution_state,
    start_contribution,
)
from tests.storage.factories import T0, flow_state, make_contribution, make_map, make_user
from tests.storage.overlap import Overlap


async def test_start_stores_the_state_as_json(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    contribution = await start_contribution(
        session,
        map_id=journey_map.id,
        user_id=ann.id,
        role="owner",
        flow_id="owner",
        state=flow_state(goal="grow"),
        now=T0,
    )
    assert (contribution.status, contribution.version, contribution.started_at) == (
        "active",
        1,
        T0,
    )
    assert contribution.flow_state == flow_state(goal="grow")
    json.dumps(contribution.state)  # plain JSON, not pydantic objects
    assert await session.get(Contribution, contribution.id) is contribution


async def test_state_survives_a_new_session(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s, s.begin():
        ann = await make_user(s)
        contribution = await make_contribution(s, await make_map(s, ann), ann)
        await save_contribution_state(s, contribution, flow_state(3, a=1), expected_version=1)
    async with session_factory() as s:
        loaded = await s.get(Contribution, contribution.id)
        assert loaded is not None
        assert loaded.flow_state == flow_state(3, a=1)
        assert loaded.version == 2


async def test_save_with_a_moved_version_raises_stale_state(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s, s.begin():
        ann = await make_user(s)
        contribution = await make_contribution(s, await make_map(s, ann), ann)
    # Two workers read version 1; the first save wins, the second must not overwrite it.
    async with session_factory() as s, s.begin():
        first = await s.get(Contribution, contribution.id)
        assert first is not None
        saved = await save_contribution_state(s, first, flow_state(1), expected_version=1, now=T0)
        assert (saved.version, saved.updated_at) == (2, T0)
    async with session_factory() as s:
        await s.begin()
        second = await s.get(Contribution, contribution.id)
        assert second is not None
        with pytest.raises(StaleStateError, match="no longer at version 1") as info:
            await save_contribution_state(s, second, flow_state(99), expected_version=1)
        assert (info.value.contribution_id, info.value.expected_version) == (contribution.id, 1)
        await s.rollback()
    async with session_factory() as s:
        stored = await s.get(Contribution, contribution.id)
        assert stored is not None
        assert (stored.version, stored.flow_state) == (2, flow_state(1))


async def test_successive_saves_advance_the_version(session: AsyncSession) -> None:
    ann = await make_user(session)
    contribution = await make_contribution(session, await make_map(session, ann), ann)
    for version in range(1, 4):
        await save_contribution_state(
            session, contribution, flow_state(version), expected_version=version
        )
    assert contribution.version == 4
    await session.flush()  # nothing left dirty: no extra UPDATE that could clobber the row
    assert not session.dirty
    await session.refresh(contribution)
    assert (contribution.version, contribution.flow_state) == (4, flow_state(3))


async def test_finish_and_cancel(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    done = await make_contribution(session, journey_map, ann)
    dropped = await make_contribution(session, journey_map, ann)
    end = T0 + timedelta(hours=1)
    await finish_contribution(session, done, now=end)
    await finish_contribution(session, dropped, now=end, status="cancelled")
    assert (done.status, done.finished_at, done.version) == ("finished", end, 2)
    assert dropped.status == "cancelled"
    # A save racing with the finish loses.
    with pytest.raises(StaleStateError):
        await save_contribution_state(session, done, flow_state(), expected_version=1)
    finished = await contributions_for_map(session, journey_map.id, statuses=["finished"])
    assert [c.id for c in finished] == [done.id]
    everything = await contributions_for_map(session, journey_map.id)
    assert [c.id for c in everything] == [done.id, dropped.id]


async def test_find_active_contribution(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    assert (
        await find_active_contribution(
            session, map_id=journey_map.id, user_id=ann.id, flow_id="owner"
        )
        is None
    )
    old = await make_contribution(session, journey_map, ann)
    await finish_contribution(session, old, now=T0)
    current = await make_contribution(session, journey_map, ann)
    found = await find_active_contribution(
        session, map_id=journey_map.id, user_id=ann.id, flow_id="owner"
    )
    assert found is current


async def test_latest_contribution_by_flow_or_role_skips_erased(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    where = {"map_id": journey_map.id, "user_id": ann.id}
    assert await latest_contribution(session, **where) is None
    owner = await make_contribution(session, journey_map, ann)
    await finish_contribution(session, owner, now=T0)  # finished still counts
    assert await latest_contribution(session, **where, flow_id="owner") is owner
    customer = await make_contribution(session, journey_map, ann, role="customer")
    assert await latest_contribution(session, **where) is customer
    assert await latest_contribution(session, **where, role="owner") is owner
    assert await latest_contribution(session, **where, flow_id="customer") is None
    await erase_contribution(session, customer.id, now=T0)
    assert await latest_contribution(session, **where, role="customer") is None
    assert await latest_contribution(session, **where) is owner


async def test_consent_and_naming_are_stored_at_the_start(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    silent = await make_contribution(session, journey_map, ann)
    consented = await make_contribution(session, journey_map, ann, consent_at=T0, named=True)
    for contribution in (silent, consented):
        await session.refresh(contribution)
    assert (silent.consent_at, silent.named) == (None, False)
    assert (consented.consent_at, consented.named) == (T0, True)


async def test_reminders_go_to_idle_active_contributions_of_notifiable_users(
    session: AsyncSession,
) -> None:
    ann, bob, cy = [await make_user(session, n) for n in ("ann", "bob", "cy")]
    journey_map = await make_map(session, ann)
    idle = await make_contribution(session, journey_map, ann)
    quiet_user = await make_contribution(session, journey_map, bob)
    bob.notify = False
    busy = await make_contribution(session, journey_map, cy)
    busy.updated_at = T0 + timedelta(days=2)
    done = await make_contribution(session, journey_map, cy)
    await finish_contribution(session, done, now=T0)
    await session.flush()

    idle_since = T0 + timedelta(days=1)
    due = await contributions_to_remind(session, idle_since=idle_since, max_reminders=2)
    assert [c.id for c in due] == [idle.id]
    assert quiet_user not in due

    await mark_reminded(session, idle, now=idle_since)
    assert await contributions_to_remind(session, idle_since=idle_since, max_reminders=2) == []
    later = idle_since + timedelta(days=1)
    due = await contributions_to_remind(session, idle_since=later, max_reminders=2)
    assert [c.id for c in due] == [idle.id]
    await mark_reminded(session, idle, now=later)
    assert idle.reminders_sent == 2
    far = later + timedelta(days=5)
    due = await contributions_to_remind(session, idle_since=far, max_reminders=2)
    assert [c.id for c in due] == [busy.id]  # idle had its two reminders


async def test_concurrent_saves_from_the_same_version_have_one_winner(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s, s.begin():
        ann = await make_user(s)
        contribution_id = (await make_contribution(s, await make_map(s, ann), ann)).id
    # On PostgreSQL both workers read version 1 before either saves; on SQLite the one pooled
    # connection queues them, so the second reads after the first committed.
    postgres = session_factory.kw["bind"].dialect.name == "postgresql"
    both_read = asyncio.Barrier(2)
    overlap = Overlap(session_factory, 2)

    async def save(rev: int) -> str:
        try:
            async with overlap.worker() as me, session_factory() as s, s.begin():
                contribution = await s.get(Contribution, contribution_id)
                assert contribution is not None
                if postgres:
                    assert contribution.version == 1
                    await both_read.wait()
                await save_contribution_state(s, contribution, flow_state(rev), expected_version=1)
                await me.hold()  # the winner commits only once the other waits for its row lock
        except StaleStateError:
            return "stale"
        return "saved"

    assert sorted(await asyncio.gather(save(1), save(2))) == ["saved", "stale"]
    async with session_factory() as s:
        stored = await s.get(Contribution, contribution_id)
        assert stored is not None
        assert stored.version == 2
