"""Maps and their members (owner and editors): creation, access control, deletion."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, cast

from sqlalchemy import CursorResult, delete, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage._dialect import insert_or_ignore
from storage.models import TEXT_MAX, Contribution, Map, MapMember, MemberRole, User
from storage.types import utcnow

__all__ = [
    "add_editor",
    "all_maps",
    "create_map",
    "delete_map",
    "get_map_for_member",
    "list_maps_for_user",
    "map_titles",
    "member_role",
    "members_to_notify",
    "respondent_counts",
]


async def create_map(session: AsyncSession, *, owner: User, title: str, language: str) -> Map:
    """Create a map owned by ``owner`` (who also becomes its ``owner`` member).

    A title longer than `TEXT_MAX` characters is cut.
    """
    journey_map = Map(
        title=title[:TEXT_MAX], language=language, owner_user_id=owner.id, created_at=utcnow()
    )
    session.add(journey_map)
    await session.flush()
    session.add(MapMember(map_id=journey_map.id, user_id=owner.id, role="owner"))
    await session.flush()
    return journey_map


async def list_maps_for_user(session: AsyncSession, user_id: int) -> list[Map]:
    """The maps ``user_id`` owns or edits, newest first."""
    query = (
        select(Map)
        .join(MapMember, MapMember.map_id == Map.id)
        .where(MapMember.user_id == user_id)
        .order_by(Map.created_at.desc(), Map.id.desc())
    )
    return list((await session.execute(query)).scalars())


async def get_map_for_member(session: AsyncSession, map_id: int, user_id: int) -> Map | None:
    """The map if ``user_id`` is its owner or an editor, else None (no hint it exists)."""
    query = (
        select(Map)
        .join(MapMember, MapMember.map_id == Map.id)
        .where(Map.id == map_id, MapMember.user_id == user_id)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def member_role(session: AsyncSession, map_id: int, user_id: int) -> MemberRole | None:
    """``owner``, ``editor`` or None."""
    query = select(MapMember.role).where(MapMember.map_id == map_id, MapMember.user_id == user_id)
    return (await session.execute(query)).scalar_one_or_none()


async def add_editor(session: AsyncSession, map_id: int, user_id: int) -> MemberRole:
    """Make ``user_id`` an editor of the map; an existing member keeps their role.

    Returns the member's role afterwards.
    """
    statement = insert_or_ignore(session, MapMember, conflict_on=["map_id", "user_id"]).values(
        map_id=map_id, user_id=user_id, role="editor", created_at=utcnow()
    )
    await session.execute(statement)
    query = select(MapMember.role).where(MapMember.map_id == map_id, MapMember.user_id == user_id)
    return (await session.execute(query)).scalar_one()  # just inserted or already there


async def delete_map(session: AsyncSession, map_id: int) -> bool:
    """Delete the map and everything recorded for it, for good; True if it existed.

    A hard delete on purpose: the answers are people's own words, and a deleted map must not
    keep them. Members, invites, contributions and answers go with it (ON DELETE CASCADE);
    conversations that were in one of its contributions are detached (SET NULL). The caller
    checks that the requester is the owner (`member_role`).
    """
    result = cast(CursorResult[Any], await session.execute(delete(Map).where(Map.id == map_id)))
    return result.rowcount > 0


async def all_maps(session: AsyncSession) -> list[Map]:
    """Every map in the database, oldest first (local administration only)."""
    return list((await session.execute(select(Map).order_by(Map.id))).scalars())


async def respondent_counts(session: AsyncSession) -> dict[int, int]:
    """How many people answered each map as a customer or colleague (erased answers do not
    count; maps without any are left out). Local administration only."""
    query = (
        select(Contribution.map_id, func.count(distinct(Contribution.user_id)))
        .where(
            Contribution.role.in_(["customer", "colleague"]),
            Contribution.state.is_not(None),
        )
        .group_by(Contribution.map_id)
    )
    return dict((await session.execute(query)).tuples().all())


async def members_to_notify(session: AsyncSession, map_id: int) -> list[User]:
    """The map's owners and editors who did not switch notifications off."""
    query = (
        select(User)
        .join(MapMember, MapMember.user_id == User.id)
        .where(MapMember.map_id == map_id, User.notify.is_(True))
        .order_by(User.id)
    )
    return list((await session.execute(query)).scalars())


async def map_titles(session: AsyncSession, map_ids: Collection[int]) -> dict[int, str]:
    """The titles of these maps by id (missing ids are left out)."""
    if not map_ids:
        return {}
    rows = await session.execute(select(Map.id, Map.title).where(Map.id.in_(map_ids)))
    return {row.id: row.title for row in rows}
