"""Conversations: created on demand, saved with a version bump, locked per user."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.conversations import load_conversation, load_known_user, save_conversation
from tests.storage.factories import T0, make_contribution, make_map, make_user, postgres_only
from tests.storage.overlap import Overlap


async def test_load_creates_an_empty_conversation_once(session: AsyncSession) -> None:
    user = await make_user(session)
    conversation = await load_conversation(session, user.id)
    assert (conversation.active_contribution_id, conversation.ui, conversation.version) == (
        None,
        {},
        1,
    )
    assert (await load_conversation(session, user.id, for_update=False)).id == conversation.id


async def test_save_persists_position_and_ui_state(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s, s.begin():
        user = await make_user(s)
        contribution = await make_contribution(s, await make_map(s, user), user)
        conversation = await load_conversation(s, user.id)
        await save_conversation(
            s,
            conversation,
            active_contribution_id=contribution.id,
            ui={"pending": {"confirm": "delete_map", "map_id": 3}},
            now=T0,
        )
    async with session_factory() as s, s.begin():
        loaded = await load_conversation(s, user.id)
        assert loaded.active_contribution_id == contribution.id
        assert loaded.ui == {"pending": {"confirm": "delete_map", "map_id": 3}}
        assert loaded.version == 2
        assert loaded.updated_at == T0
        await save_conversation(s, loaded, active_contribution_id=None, ui={})
    async with session_factory() as s:
        loaded = await load_conversation(s, user.id, for_update=False)
        assert (loaded.active_contribution_id, loaded.ui, loaded.version) == (None, {}, 3)


@postgres_only
async def test_for_update_serialises_one_users_updates(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s, s.begin():
        user_id = (await make_user(s)).id
        await load_conversation(s, user_id)
    order: list[str] = []
    first_has_lock = asyncio.Event()
    overlap = Overlap(session_factory, 2)

    async def first() -> None:
        async with overlap.worker() as me, session_factory() as s, s.begin():
            conversation = await load_conversation(s, user_id)
            first_has_lock.set()
            await me.hold()  # until the second waits for the lock (or, wrongly, got through)
            order.append("released")
            await save_conversation(s, conversation, active_contribution_id=None, ui={"n": 1})
            order.append("first committed")

    async def second() -> None:
        await first_has_lock.wait()
        async with overlap.worker(), session_factory() as s, s.begin():
            conversation = await load_conversation(s, user_id)  # blocks until first commits
            order.append(f"second saw version {conversation.version}")

    await asyncio.gather(first(), second())
    assert order == ["released", "first committed", "second saw version 2"]


async def test_read_modify_write_transactions_do_not_interleave(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """Concurrent updates of one user never read the same version (row lock / BEGIN IMMEDIATE).

    Without BEGIN IMMEDIATE, SQLite's deferred transactions let all five read version 1 and
    then each write version 2: silently lost updates.
    """
    async with session_factory() as s, s.begin():
        user_id = (await make_user(s)).id
        await load_conversation(s, user_id)  # exists already: no INSERT takes a lock early

    overlap = Overlap(session_factory, 5)

    async def bump() -> int:
        async with overlap.worker() as me, session_factory() as s, s.begin():
            conversation = await load_conversation(s, user_id)
            seen = conversation.version
            await me.hold()  # the others wait for the lock now (or, wrongly, read this version)
            await save_conversation(s, conversation, active_contribution_id=None, ui={})
            return seen

    seen = await asyncio.gather(*(bump() for _ in range(5)))
    assert sorted(seen) == [1, 2, 3, 4, 5]


async def test_a_known_user_comes_back_in_one_query(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s, s.begin():
        assert await load_known_user(s, channel="telegram", external_id="id-ann") is None
        user = await make_user(s)
        # A user without a conversation row is not "known" yet: the caller creates it.
        assert await load_known_user(s, channel="telegram", external_id="id-ann") is None
        conversation = await load_conversation(s, user.id)
        found = await load_known_user(s, channel="telegram", external_id="id-ann")
        assert found is not None
        assert (found[0].id, found[1].id, found[2]) == (user.id, conversation.id, None)
        contribution = await make_contribution(s, await make_map(s, user), user)
        await save_conversation(s, conversation, active_contribution_id=contribution.id, ui={})
    async with session_factory() as s, s.begin():
        found = await load_known_user(s, channel="telegram", external_id="id-ann")
        assert found is not None
        assert found[2] is not None
        assert found[2].id == contribution.id
        assert await load_known_user(s, channel="terminal", external_id="id-ann") is None
