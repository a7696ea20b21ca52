"""Contributions: start, optimistic state saves, finish, reminders."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import repo
from storage.contributions import StaleStateError
from tests.storage.factories import T0, flow_state, make_contribution, make_map, make_user


async def test_start_stores_the_state_as_json(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    contribution = await repo.start_contribution(
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
    assert await repo.get_contribution(session, contribution.id) is contribution


async def test_state_survives_a_new_session(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s, s.begin():
        ann = await make_user(s)
        contribution = await make_contribution(s, await make_map(s, ann), ann)
        await repo.save_contribution_state(s, contribution, flow_state(3, a=1), expected_version=1)
    async with session_factory() as s:
        loaded = await repo.get_contribution(s, contribution.id)
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
        first = await repo.get_contribution(s, contribution.id)
        assert first is not None
        saved = await repo.save_contribution_state(
            s, first, flow_state(1), expected_version=1, now=T0
        )
        assert (saved.version, saved.updated_at) == (2, T0)
    async with session_factory() as s:
        await s.begin()
        second = await repo.get_contribution(s, contribution.id)
        assert second is not None
        with pytest.raises(StaleStateError, match="no longer at version 1") as info:
            await repo.save_contribution_state(s, second, flow_state(99), expected_version=1)
        assert (info.value.contribution_id, info.value.expected_version) == (contribution.id, 1)
        await s.rollback()
    async with session_factory() as s:
        stored = await repo.get_contribution(s, contribution.id)
        assert stored is not None
        assert (stored.version, stored.flow_state) == (2, flow_state(1))


async def test_successive_saves_advance_the_version(session: AsyncSession) -> None:
    ann = await make_user(session)
    contribution = await make_contribution(session, await make_map(session, ann), ann)
    for version in range(1, 4):
        await repo.save_contribution_state(
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
    await repo.finish_contribution(session, done, now=end)
    await repo.finish_contribution(session, dropped, now=end, status="cancelled")
    assert (done.status, done.finished_at, done.version) == ("finished", end, 2)
    assert dropped.status == "cancelled"
    # A save racing with the finish loses.
    with pytest.raises(StaleStateError):
        await repo.save_contribution_state(session, done, flow_state(), expected_version=1)
    finished = await repo.contributions_for_map(session, journey_map.id, statuses=["finished"])
    assert [c.id for c in finished] == [done.id]
    everything = await repo.contributions_for_map(session, journey_map.id)
    assert [c.id for c in everything] == [done.id, dropped.id]


async def test_find_active_contribution(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    assert (
        await repo.find_active_contribution(
            session, map_id=journey_map.id, user_id=ann.id, flow_id="owner"
        )
        is None
    )
    old = await make_contribution(session, journey_map, ann)
    await repo.finish_contribution(session, old, now=T0)
    current = await make_contribution(session, journey_map, ann)
    found = await repo.find_active_contribution(
        session, map_id=journey_map.id, user_id=ann.id, flow_id="owner"
    )
    assert found is current


async def test_latest_contribution_by_flow_or_role_skips_erased(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    where = {"map_id": journey_map.id, "user_id": ann.id}
    assert await repo.latest_contribution(session, **where) is None
    owner = await make_contribution(session, journey_map, ann)
    await repo.finish_contribution(session, owner, now=T0)  # finished still counts
    assert await repo.latest_contribution(session, **where, flow_id="owner") is owner
    customer = await make_contribution(session, journey_map, ann, role="customer")
    assert await repo.latest_contribution(session, **where) is customer
    assert await repo.latest_contribution(session, **where, role="owner") is owner
    assert await repo.latest_contribution(session, **where, flow_id="customer") is None
    await repo.erase_contribution(session, customer.id, now=T0)
    assert await repo.latest_contribution(session, **where, role="customer") is None
    assert await repo.latest_contribution(session, **where) is owner


async def test_consent_and_naming(session: AsyncSession) -> None:
    ann = await make_user(session)
    contribution = await make_contribution(session, await make_map(session, ann), ann)
    assert (contribution.consent_at, contribution.named) == (None, False)
    await repo.record_consent(session, contribution, now=T0, named=True)
    await session.refresh(contribution)
    assert (contribution.consent_at, contribution.named) == (T0, True)


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
    await repo.finish_contribution(session, done, now=T0)
    await session.flush()

    idle_since = T0 + timedelta(days=1)
    due = await repo.contributions_to_remind(session, idle_since=idle_since, max_reminders=2)
    assert [c.id for c in due] == [idle.id]
    assert quiet_user not in due

    await repo.mark_reminded(session, idle, now=idle_since)
    assert await repo.contributions_to_remind(session, idle_since=idle_since, max_reminders=2) == []
    later = idle_since + timedelta(days=1)
    due = await repo.contributions_to_remind(session, idle_since=later, max_reminders=2)
    assert [c.id for c in due] == [idle.id]
    await repo.mark_reminded(session, idle, now=later)
    assert idle.reminders_sent == 2
    far = later + timedelta(days=5)
    due = await repo.contributions_to_remind(session, idle_since=far, max_reminders=2)
    assert [c.id for c in due] == [busy.id]  # idle had its two reminders


async def test_concurrent_saves_from_the_same_version_have_one_winner(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s, s.begin():
        ann = await make_user(s)
        contribution_id = (await make_contribution(s, await make_map(s, ann), ann)).id
    start = asyncio.Event()

    async def save(rev: int) -> str:
        try:
            async with session_factory() as s, s.begin():
                contribution = await repo.get_contribution(s, contribution_id)
                assert contribution is not None
                await start.wait()
                await repo.save_contribution_state(
                    s, contribution, flow_state(rev), expected_version=1
                )
                await asyncio.sleep(0.05)  # keep the transaction open while the other tries
        except StaleStateError:
            return "stale"
        return "saved"

    tasks = [asyncio.create_task(save(rev)) for rev in (1, 2)]
    await asyncio.sleep(0.05)
    start.set()
    assert sorted(await asyncio.gather(*tasks)) == ["saved", "stale"]
    async with session_factory() as s:
        stored = await repo.get_contribution(s, contribution_id)
        assert stored is not None
        assert stored.version == 2
