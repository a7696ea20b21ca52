"""Maps: ownership, editors, access control, deletion."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flows.values import AnswerRecord
from storage import Answer, Contribution, Invite, MapMember
from storage.answers import append_answers, current_answers_for_map
from storage.contributions import contributions_for_map
from storage.conversations import load_conversation, save_conversation
from storage.invites import create_invite, get_invite, list_invites
from storage.maps import (
    add_editor,
    create_map,
    delete_map,
    get_map_for_member,
    list_maps_for_user,
    member_role,
)
from storage.users import get_or_create_user
from tests.storage.factories import T0, make_contribution, make_map, make_user


async def _count(session: AsyncSession, entity: type[object]) -> int:
    return (await session.execute(select(func.count()).select_from(entity))).scalar_one()


async def test_creating_a_map_makes_the_owner_a_member(session: AsyncSession) -> None:
    ann = await make_user(session, "ann")
    journey_map = await make_map(session, ann, "Bakery")
    assert journey_map.owner_user_id == ann.id
    assert await member_role(session, journey_map.id, ann.id) == "owner"
    assert await get_map_for_member(session, journey_map.id, ann.id) is journey_map


async def test_a_non_member_gets_nothing(session: AsyncSession) -> None:
    ann, bob = await make_user(session, "ann"), await make_user(session, "bob")
    journey_map = await make_map(session, ann)
    assert await get_map_for_member(session, journey_map.id, bob.id) is None
    assert await member_role(session, journey_map.id, bob.id) is None
    assert await list_maps_for_user(session, bob.id) == []
    assert await get_map_for_member(session, journey_map.id + 1000, ann.id) is None


async def test_editors_see_the_map_and_cannot_demote_the_owner(session: AsyncSession) -> None:
    ann, bob = await make_user(session, "ann"), await make_user(session, "bob")
    journey_map = await make_map(session, ann)
    assert await add_editor(session, journey_map.id, bob.id) == "editor"
    assert await add_editor(session, journey_map.id, bob.id) == "editor"  # idempotent
    assert await add_editor(session, journey_map.id, ann.id) == "owner"  # stays owner
    assert await member_role(session, journey_map.id, bob.id) == "editor"
    assert await get_map_for_member(session, journey_map.id, bob.id) is journey_map
    assert [m.id for m in await list_maps_for_user(session, bob.id)] == [journey_map.id]


async def test_list_maps_for_user_newest_first(session: AsyncSession) -> None:
    ann = await make_user(session, "ann")
    older = await make_map(session, ann, "one")
    older.created_at = T0
    newer = await make_map(session, ann, "two")
    newer.created_at = T0 + timedelta(days=1)
    await session.flush()
    assert [m.title for m in await list_maps_for_user(session, ann.id)] == ["two", "one"]


async def test_delete_map_removes_everything_recorded_for_it(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s, s.begin():
        ann, cy = await make_user(s, "ann"), await make_user(s, "cy")
        doomed, kept = await make_map(s, ann, "doomed"), await make_map(s, ann, "kept")
        invite, _ = await create_invite(
            s, map_id=doomed.id, role="customer", created_by=ann.id, expires_at=T0
        )
        for journey_map in (doomed, kept):
            contribution = await make_contribution(s, journey_map, cy, role="customer")
            await append_answers(s, contribution.id, [AnswerRecord("q", "words")], T0)
        conversation = await load_conversation(s, cy.id)
        doomed_contribution_id = (await contributions_for_map(s, doomed.id))[0].id
        await save_conversation(
            s, conversation, active_contribution_id=doomed_contribution_id, ui={}
        )
    async with session_factory() as s, s.begin():
        assert await delete_map(s, doomed.id) is True
        assert await delete_map(s, doomed.id) is False
    async with session_factory() as s:
        assert await get_map_for_member(s, doomed.id, ann.id) is None
        assert [m.title for m in await list_maps_for_user(s, ann.id)] == ["kept"]
        assert await list_invites(s, doomed.id) == []
        assert await get_invite(s, invite.id) is None
        assert await current_answers_for_map(s, doomed.id) == {}
        assert await _count(s, Answer) == 1  # only the kept map's answer
        assert await _count(s, Contribution) == 1
        assert await _count(s, Invite) == 0
        assert await _count(s, MapMember) == 1
        detached = await load_conversation(s, cy.id, for_update=False)
        assert detached.active_contribution_id is None


async def test_overlong_titles_and_names_are_cut_on_every_database(session: AsyncSession) -> None:
    user = await get_or_create_user(
        session, channel="telegram", external_id="long", display_name="n" * 500, language="nl"
    )
    journey_map = await create_map(session, owner=user, title="t" * 500, language="nl")
    await session.flush()
    assert (len(user.display_name), len(journey_map.title)) == (200, 200)
