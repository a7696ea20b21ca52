"""Users: one row per (transport, external id)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage._dialect import insert_or_ignore
from storage.models import TEXT_MAX, Channel, User
from storage.types import utcnow

__all__ = ["get_or_create_user", "name_changed", "refresh_display_name", "users_by_id"]


async def get_or_create_user(
    session: AsyncSession,
    *,
    channel: Channel,
    external_id: str,
    display_name: str,
    language: str,
) -> User:
    """Return the user for ``(channel, external_id)``, creating it on first contact.

    An existing user keeps their stored language (they may have changed it in the bot); only a
    changed display name is refreshed. Safe against two workers creating the same user.
    """
    query = select(User).where(User.channel == channel, User.external_id == external_id)
    user = (await session.execute(query)).scalar_one_or_none()
    if user is None:
        insert = insert_or_ignore(session, User, conflict_on=["channel", "external_id"]).values(
            channel=channel,
            external_id=external_id,
            display_name=display_name[:TEXT_MAX],
            language=language,
            notify=True,
            created_at=utcnow(),
        )
        await session.execute(insert)
        user = (await session.execute(query)).scalar_one()
    else:
        refresh_display_name(user, display_name)
    return user


def name_changed(stored: str, given: str) -> bool:
    """Whether ``given`` (the name the transport reports now) replaces the ``stored`` display
    name: a different name, compared as stored (cut to the column's length); an empty one
    (unknown) never replaces a known one."""
    name = given[:TEXT_MAX]
    return bool(name) and name != stored


def refresh_display_name(user: User, given: str) -> None:
    """Store ``given`` as the user's display name if it changed (see `name_changed`)."""
    if name_changed(user.display_name, given):
        user.display_name = given[:TEXT_MAX]


async def users_by_id(session: AsyncSession, user_ids: Collection[int]) -> dict[int, User]:
    """The users with these ids (missing ids are left out)."""
    if not user_ids:
        return {}
    users = await session.execute(select(User).where(User.id.in_(user_ids)))
    return {user.id: user for user in users.scalars()}
