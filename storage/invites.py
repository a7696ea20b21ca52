"""Invites: deep-link tokens for customers and colleagues; only their SHA-256 is stored.

A token is shown once (in the link) and never stored, so a database leak does not hand out
working links. Redeeming counts a use with one conditional UPDATE, so concurrent redeems can
never exceed ``max_uses``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Invite, InviteRole
from storage.types import utcnow

__all__ = [
    "InviteRefusal",
    "check_invite",
    "create_invite",
    "get_invite",
    "hash_token",
    "list_invites",
    "new_invite_token",
    "redeem_invite_by_id",
    "refusal",
    "revoke_invite",
]

TOKEN_BYTES = 24  # 192 bits of randomness → 32 URL-safe characters
# Telegram deep-link payloads: at most 64 characters of A-Z a-z 0-9 _ -.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


class InviteRefusal(StrEnum):
    """Why a token cannot be redeemed (a transport turns this into a friendly message)."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED_UP = "used_up"


def new_invite_token() -> str:
    """A fresh random token, usable as-is in ``t.me/<bot>?start=<token>``."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """The stored form of a token: SHA-256, hex (64 characters)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


async def create_invite(
    session: AsyncSession,
    *,
    map_id: int,
    role: InviteRole,
    created_by: int,
    expires_at: datetime,
    max_uses: int | None = 1,
    persona_key: str | None = None,
    now: datetime | None = None,
) -> tuple[Invite, str]:
    """Create an invite; returns it and the token (the only time the token is available).

    ``max_uses=None`` means unlimited (e.g. one link shared with many customers); a co-owner
    (``editor``) link is always single-use, whatever is asked.
    """
    if role == "editor":
        max_uses = 1
    if max_uses is not None and max_uses < 1:
        msg = f"max_uses must be at least 1 (or None for unlimited), not {max_uses}"
        raise ValueError(msg)
    token = new_invite_token()
    invite = Invite(
        map_id=map_id,
        role=role,
        persona_key=persona_key,
        token_hash=hash_token(token),
        created_by=created_by,
        created_at=now or utcnow(),
        expires_at=expires_at,
        max_uses=max_uses,
        uses=0,
    )
    session.add(invite)
    await session.flush()
    return invite, token


async def revoke_invite(
    session: AsyncSession, invite_id: int, *, map_id: int, now: datetime
) -> bool:
    """Revoke an invite of ``map_id`` (scoped, so an id from another map does nothing).

    True if it was active and is now revoked.
    """
    statement = (
        update(Invite)
        .where(Invite.id == invite_id, Invite.map_id == map_id, Invite.revoked_at.is_(None))
        .values(revoked_at=now)
        .returning(Invite.id)
        .execution_options(synchronize_session="fetch")
    )
    return (await session.execute(statement)).scalar_one_or_none() is not None


async def list_invites(session: AsyncSession, map_id: int) -> list[Invite]:
    """All invites of the map, oldest first (including expired, used-up and revoked ones)."""
    query = select(Invite).where(Invite.map_id == map_id).order_by(Invite.id)
    return list((await session.execute(query)).scalars())


async def get_invite(session: AsyncSession, invite_id: int) -> Invite | None:
    """An invite by id, without a token check: for owners managing their invites."""
    return await session.get(Invite, invite_id)


async def check_invite(session: AsyncSession, token: str, now: datetime) -> Invite | InviteRefusal:
    """The invite behind ``token`` if it could be redeemed now, without counting a use.

    Used to show who invites and ask for consent first; `redeem_invite_by_id` counts the use once
    the person agrees (and may still refuse if the last use went meanwhile).
    """
    if not _TOKEN_SHAPE.fullmatch(token):
        return InviteRefusal.UNKNOWN
    query = select(Invite).where(Invite.token_hash == hash_token(token))
    found = (await session.execute(query)).scalar_one_or_none()
    why = refusal(found, now)
    if why is not None or found is None:
        return why or InviteRefusal.UNKNOWN
    return found


async def redeem_invite_by_id(
    session: AsyncSession, invite_id: int, now: datetime
) -> Invite | InviteRefusal:
    """Count one use of an invite that was checked earlier (see `check_invite`)."""
    return await _claim(session, Invite.id == invite_id, now)


async def _claim(
    session: AsyncSession, which: ColumnElement[bool], now: datetime
) -> Invite | InviteRefusal:
    """Count a use of the invite matching ``which`` in one conditional UPDATE (so concurrent
    redeems never exceed ``max_uses``), or say why it cannot be used."""
    claim = (
        update(Invite)
        .where(
            which,
            Invite.revoked_at.is_(None),
            Invite.expires_at > now,
            or_(Invite.max_uses.is_(None), Invite.uses < Invite.max_uses),
        )
        .values(uses=Invite.uses + 1)
        .returning(Invite)
        .execution_options(populate_existing=True, synchronize_session=False)
    )
    invite = (await session.execute(claim)).scalar_one_or_none()
    if invite is not None:
        return invite
    found = (await session.execute(select(Invite).where(which))).scalar_one_or_none()
    return refusal(found, now) or InviteRefusal.USED_UP


def refusal(invite: Invite | None, now: datetime) -> InviteRefusal | None:
    """Why ``invite`` cannot be redeemed at ``now``; None if it can."""
    if invite is None:
        return InviteRefusal.UNKNOWN
    if invite.revoked_at is not None:
        return InviteRefusal.REVOKED
    if invite.expires_at <= now:
        return InviteRefusal.EXPIRED
    if invite.max_uses is not None and invite.uses >= invite.max_uses:
        return InviteRefusal.USED_UP
    return None
