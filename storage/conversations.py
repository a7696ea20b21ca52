"""Conversations: per user, the contribution being answered and transport-level UI state."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.values import JSONValue
from storage._dialect import insert_or_ignore
from storage.models import Channel, Contribution, Conversation, User
from storage.types import utcnow

__all__ = ["load_conversation", "load_known_user", "save_conversation"]


async def load_conversation(
    session: AsyncSession, user_id: int, *, for_update: bool = True
) -> Conversation:
    """Return the user's conversation, creating an empty one if missing.

    With ``for_update`` the row stays locked until the transaction ends (``SELECT ... FOR
    UPDATE`` on PostgreSQL), so a user's updates are handled one at a time even across
    workers; SQLite transactions already hold the database's write lock (BEGIN IMMEDIATE).
    """
    query = select(Conversation).where(Conversation.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    # Re-read even if the session already holds the object: the lock makes the row current.
    query = query.execution_options(populate_existing=True)
    conversation = (await session.execute(query)).scalar_one_or_none()
    if conversation is None:
        # ON CONFLICT: a concurrent first update of the same user may have created it already.
        insert = insert_or_ignore(session, Conversation, conflict_on=["user_id"]).values(
            user_id=user_id, ui={}, version=1, updated_at=utcnow()
        )
        await session.execute(insert)
        conversation = (await session.execute(query)).scalar_one()
    return conversation


async def save_conversation(
    session: AsyncSession,
    conversation: Conversation,
    *,
    active_contribution_id: int | None,
    ui: Mapping[str, JSONValue],
    now: datetime | None = None,
) -> Conversation:
    """Store the conversation's new position and UI state (bumps ``version``)."""
    conversation.active_contribution_id = active_contribution_id
    conversation.ui = dict(ui)  # a new object, so the JSON change is always detected
    conversation.version += 1
    conversation.updated_at = now or utcnow()
    await session.flush()
    return conversation


# Built once (every update runs it): statement construction and cache-key generation cost
# more than the query itself on SQLite.
_KNOWN_USER = (
    select(User, Conversation, Contribution)
    .join(Conversation, Conversation.user_id == User.id)
    .outerjoin(Contribution, Contribution.id == Conversation.active_contribution_id)
    .where(User.channel == bindparam("channel"), User.external_id == bindparam("external_id"))
    .with_for_update(of=Conversation)
    .execution_options(populate_existing=True)
)


async def load_known_user(
    session: AsyncSession, *, channel: Channel, external_id: str
) -> tuple[User, Conversation, Contribution | None] | None:
    """A returning user, their conversation (locked ``FOR UPDATE`` on PostgreSQL) and its
    active contribution, in ONE query — the hot path of every update. None on first contact
    (or if the conversation row is missing): use `get_or_create_user` and
    `load_conversation` then."""
    params = {"channel": channel, "external_id": external_id}
    row = (await session.execute(_KNOWN_USER, params)).one_or_none()
    if row is None:
        return None
    user, conversation, contribution = row
    return user, conversation, contribution
