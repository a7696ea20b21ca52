"""Conversations: created on demand, saved with a version bump, locked per user."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import repo
from storage.conversations import load_known_user
from tests.storage.factories import T0, make_contribution, make_map, make_user, postgres_only


async def test_load_creates_an_empty_conversation_once(session: AsyncSession) -> None:
    user = await make_user(session)
    conversation = await repo.load_conversation(session, user.id)
    assert (conversation.active_contribution_id, conversation.ui, conversation.version) == (
        None,
        {},
        1,
    )
    assert (await repo.load_conversation(session, user.id, for_update=False)).id == conversation.id


async def test_save_persists_position_and_ui_state(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s, s.begin():
        user = await make_user(s)
        contribution = await make_contribution(s, await make_map(s, user), user)
        conversation = await repo.load_conversation(s, user.id)
        await repo.save_conversation(
            s,
            conversation,
            active_contribution_id=contribution.id,
            ui={"pending": {"confirm": "delete_map", "map_id": 3}},
            now=T0,
        )
    async with session_factory() as s, s.begin():
        loaded = await repo.load_conversation(s, user.id)
        assert loaded.active_contribution_id == contribution.id
        assert loaded.ui == {"pending": {"confirm": "delete_map", "map_id": 3}}
        assert loaded.version == 2
        assert loaded.updated_at == T0
        await repo.save_conversation(s, loaded, active_contribution_id=None, ui={})
    async with session_factory() as s:
        loaded = await repo.load_conversation(s, user.id, for_update=False)
        assert (loaded.active_contribution_id, loaded.ui, loaded.version) == (None, {}, 3)


@postgres_only
async def test_for_update_serialises_one_users_updates(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s, s.begin():
        user_id = (await make_user(s)).id
        await repo.load_conversation(s, user_id)
    order: list[str] = []
    first_has_lock = asyncio.Event()
    release_first = asyncio.Event()

    async def first() -> None:
        async with session_factory() as s, s.begin():
            conversation = await repo.load_conversation(s, user_id)
            first_has_lock.set()
            await release_first.wait()
            await repo.save_conversation(s, conversation, active_contribution_id=None, ui={"n": 1})
            order.append("first committed")

    async def second() -> None:
        await first_has_lock.wait()
        async with session_factory() as s, s.begin():
            conversation = await repo.load_conversation(s, user_id)  # blocks until first commits
            order.append(f"second saw version {conversation.version}")

    async def let_go() -> None:
        await first_has_lock.wait()
        await asyncio.sleep(0.2)  # give the second worker time to (wrongly) get through
        order.append("released")
        release_first.set()

    await asyncio.gather(first(), second(), let_go())
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
        await repo.load_conversation(s, user_id)  # exists already: no INSERT takes a lock early

    async def bump() -> int:
        async with session_factory() as s, s.begin():
            conversation = await repo.load_conversation(s, user_id)
            seen = conversation.version
            await asyncio.sleep(0.01)
            await repo.save_conversation(s, conversation, active_contribution_id=None, ui={})
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
        conversation = await repo.load_conversation(s, user.id)
        found = await load_known_user(s, channel="telegram", external_id="id-ann")
        assert found is not None
        assert (found[0].id, found[1].id, found[2]) == (user.id, conversation.id, None)
        contribution = await make_contribution(s, await make_map(s, user), user)
        await repo.save_conversation(s, conversation, active_contribution_id=contribution.id, ui={})
    async with session_factory() as s, s.begin():
        found = await load_known_user(s, channel="telegram", external_id="id-ann")
        assert found is not None
        assert found[2] is not None
        assert found[2].id == contribution.id
        assert await load_known_user(s, channel="terminal", external_id="id-ann") is None
