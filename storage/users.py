"""Users: one row per (transport, external id).

Before a person consents to an interview or owns a map, the row holds their external id only
(to recognise them, and to reply); their name and language are kept from then on
(`remember`), and emptied again when they erase what they gave and have no other role
(`forget_person`).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage._dialect import insert_or_ignore
from storage.models import TEXT_MAX, Channel, Contribution, MapMember, User
from storage.types import utcnow

__all__ = [
    "forget_person",
    "get_or_create_user",
    "name_changed",
    "refresh_display_name",
    "remember",
    "users_by_id",
]


async def get_or_create_user(
    session: AsyncSession,
    *,
    channel: Channel,
    external_id: str,
    display_name: str | None = None,
    language: str | None = None,
) -> User:
    """Return the user for ``(channel, external_id)``, creating it on first contact with only
    what is given (the chat service gives nothing but the id).

    An existing user keeps their stored language (they may have changed it in the bot); a
    kept display name follows a changed one. Safe against two workers creating the same user.
    """
    query = select(User).where(User.channel == channel, User.external_id == external_id)
    user = (await session.execute(query)).scalar_one_or_none()
    if user is None:
        insert = insert_or_ignore(session, User, conflict_on=["channel", "external_id"]).values(
            channel=channel,
            external_id=external_id,
            display_name=None if display_name is None else display_name[:TEXT_MAX],
            language=language,
            notify=True,
            created_at=utcnow(),
        )
        await session.execute(insert)
        user = (await session.execute(query)).scalar_one()
    elif display_name is not None:
        refresh_display_name(user, display_name)
    return user


def name_changed(stored: str | None, given: str) -> bool:
    """Whether ``given`` (the name the transport reports now) replaces the ``stored`` display
    name: a different name, compared as stored (cut to the column's length). An empty one
    (unknown) never replaces a known one, and a name not kept (None) stays unkept."""
    name = given[:TEXT_MAX]
    return stored is not None and bool(name) and name != stored


def refresh_display_name(user: User, given: str) -> None:
    """Store ``given`` as the user's display name if it changed (see `name_changed`)."""
    if name_changed(user.display_name, given):
        user.display_name = given[:TEXT_MAX]


def remember(user: User, *, language: str, name: str | None = None) -> None:
    """Keep the person's language, and their ``name`` if given (one who owns or edits a map,
    or agreed to be named): from consent or their own map on. A name kept already stays."""
    user.language = language
    if name is not None and user.display_name is None:
        user.display_name = name[:TEXT_MAX]


async def forget_person(session: AsyncSession, user: User) -> bool:
    """Empty what is kept of the person (name, language, time zone) unless they still have a
    role: a map they own or edit, or a contribution not erased. True if it was emptied."""
    member = exists().where(MapMember.user_id == user.id)
    contributing = exists().where(Contribution.user_id == user.id, Contribution.state.is_not(None))
    if (await session.execute(select(or_(member, contributing)))).scalar_one():
        return False
    user.display_name = None
    user.language = None
    user.timezone = None
    return True


async def users_by_id(session: AsyncSession, user_ids: Collection[int]) -> dict[int, User]:
    """The users with these ids (missing ids are left out)."""
    if not user_ids:
        return {}
    users = await session.execute(select(User).where(User.id.in_(user_ids)))
    return {user.id: user for user in users.scalars()}
