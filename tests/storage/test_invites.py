"""Invites: only hashes are stored; redeeming respects expiry, revocation and max uses.

The product checks a token with `check_invite` (before asking for consent) and counts the use
with `redeem_invite_by_id`, so every rule is tested on both.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import Invite
from storage.invites import (
    InviteRefusal,
    check_invite,
    create_invite,
    hash_token,
    list_invites,
    new_invite_token,
    redeem_invite_by_id,
    revoke_invite,
)
from tests.storage.factories import T0, make_map, make_user
from tests.storage.overlap import Overlap

LATER = T0 + timedelta(days=7)


def test_tokens_fit_a_telegram_deep_link_and_are_unguessable() -> None:
    tokens = {new_invite_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
        assert 22 <= len(token) <= 64  # ≥ 128 bits of randomness, fits /start payloads


def test_hash_token_is_sha256_hex() -> None:
    assert hash_token("abc") == hashlib.sha256(b"abc").hexdigest()
    assert len(hash_token(new_invite_token())) == 64


async def test_the_token_itself_is_stored_nowhere(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    invite, token = await create_invite(
        session,
        map_id=journey_map.id,
        role="customer",
        created_by=ann.id,
        expires_at=LATER,
        persona_key="p0",
        now=T0,
    )
    assert invite.token_hash == hash_token(token)
    row = (await session.execute(text("SELECT * FROM invites"))).one()
    assert token not in repr(tuple(row))
    assert hash_token(token) in tuple(row)
    for table in ("users", "maps", "map_members", "contributions", "conversations"):
        rows = (await session.execute(text(f"SELECT * FROM {table}"))).all()
        assert token not in repr(rows)


async def test_redeem_counts_uses_until_used_up(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    invite, token = await create_invite(
        session,
        map_id=journey_map.id,
        role="colleague",
        created_by=ann.id,
        expires_at=LATER,
        max_uses=2,
    )
    first = await redeem_invite_by_id(session, invite.id, T0)
    assert isinstance(first, Invite)
    assert (first.id, first.map_id, first.role, first.uses) == (
        invite.id,
        journey_map.id,
        "colleague",
        1,
    )
    second = await redeem_invite_by_id(session, invite.id, T0)
    assert isinstance(second, Invite)
    assert second.uses == 2
    assert await redeem_invite_by_id(session, invite.id, T0) is InviteRefusal.USED_UP
    assert await check_invite(session, token, T0) is InviteRefusal.USED_UP
    assert invite.uses == 2


async def test_unlimited_invites(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    invite, token = await create_invite(
        session,
        map_id=journey_map.id,
        role="customer",
        created_by=ann.id,
        expires_at=LATER,
        max_uses=None,
    )
    for uses in range(1, 6):
        redeemed = await redeem_invite_by_id(session, invite.id, T0)
        assert isinstance(redeemed, Invite)
        assert redeemed.uses == uses
        assert isinstance(await check_invite(session, token, T0), Invite)


async def test_unknown_and_malformed_tokens(session: AsyncSession) -> None:
    for token in (new_invite_token(), "", "short", "x" * 65, "bad token!", "ä" * 30):
        assert await check_invite(session, token, T0) is InviteRefusal.UNKNOWN


async def test_expired(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    invite, token = await create_invite(
        session, map_id=journey_map.id, role="customer", created_by=ann.id, expires_at=LATER
    )
    for moment in (LATER, LATER + timedelta(days=1)):
        assert await check_invite(session, token, moment) is InviteRefusal.EXPIRED
        assert await redeem_invite_by_id(session, invite.id, moment) is InviteRefusal.EXPIRED
    assert invite.uses == 0
    just_before = LATER - timedelta(seconds=1)
    assert isinstance(await check_invite(session, token, just_before), Invite)
    assert isinstance(await redeem_invite_by_id(session, invite.id, just_before), Invite)
    # Used up and expired: expiry is the reason given (revoked > expired > used up).
    assert await check_invite(session, token, LATER) is InviteRefusal.EXPIRED
    assert await redeem_invite_by_id(session, invite.id, LATER) is InviteRefusal.EXPIRED
    assert invite.uses == 1


async def test_expiry_compares_instants_not_wall_clock(session: AsyncSession) -> None:
    from datetime import timezone

    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    plus_two = timezone(timedelta(hours=2))
    invite, token = await create_invite(
        session,
        map_id=journey_map.id,
        role="customer",
        created_by=ann.id,
        expires_at=LATER.astimezone(plus_two),  # the same instant, written in UTC+2
        max_uses=None,
    )
    just_before = (LATER - timedelta(minutes=1)).astimezone(plus_two)
    assert isinstance(await check_invite(session, token, just_before), Invite)
    assert isinstance(await redeem_invite_by_id(session, invite.id, just_before), Invite)
    assert await check_invite(session, token, LATER) is InviteRefusal.EXPIRED
    assert await redeem_invite_by_id(session, invite.id, LATER) is InviteRefusal.EXPIRED


async def test_revoke_is_scoped_to_the_map(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map, other = await make_map(session, ann), await make_map(session, ann, "other")
    invite, token = await create_invite(
        session,
        map_id=journey_map.id,
        role="customer",
        created_by=ann.id,
        expires_at=LATER,
        max_uses=None,
    )
    assert await revoke_invite(session, invite.id, map_id=other.id, now=T0) is False
    assert isinstance(await check_invite(session, token, T0), Invite)
    assert isinstance(await redeem_invite_by_id(session, invite.id, T0), Invite)
    assert await revoke_invite(session, invite.id, map_id=journey_map.id, now=T0) is True
    assert await revoke_invite(session, invite.id, map_id=journey_map.id, now=T0) is False
    assert invite.revoked_at == T0
    assert await check_invite(session, token, T0) is InviteRefusal.REVOKED
    assert await redeem_invite_by_id(session, invite.id, T0) is InviteRefusal.REVOKED


async def test_list_invites_of_one_map(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map, other = await make_map(session, ann), await make_map(session, ann, "other")
    made = [
        (
            await create_invite(
                session, map_id=m.id, role="customer", created_by=ann.id, expires_at=LATER
            )
        )[0]
        for m in (journey_map, other, journey_map)
    ]
    listed = await list_invites(session, journey_map.id)
    assert [i.id for i in listed] == [made[0].id, made[2].id]


async def test_max_uses_must_be_positive(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    with pytest.raises(ValueError, match="max_uses"):
        await create_invite(
            session,
            map_id=journey_map.id,
            role="customer",
            created_by=ann.id,
            expires_at=LATER,
            max_uses=0,
        )


async def _race_for_the_last_use(
    session_factory: async_sessionmaker[AsyncSession], racers: int
) -> list[Invite | InviteRefusal]:
    async with session_factory() as s, s.begin():
        ann = await make_user(s)
        journey_map = await make_map(s, ann)
        invite, token = await create_invite(
            s,
            map_id=journey_map.id,
            role="customer",
            created_by=ann.id,
            expires_at=LATER,
            max_uses=2,
        )
        assert isinstance(await redeem_invite_by_id(s, invite.id, T0), Invite)  # one use left
    overlap = Overlap(session_factory, racers)

    async def redeem() -> Invite | InviteRefusal:
        # As the product does: check the link, then count the use. The first to count it keeps
        # its transaction (and the row lock) until every other racer waits for that lock.
        async with overlap.worker() as me, session_factory() as s, s.begin():
            checked = await check_invite(s, token, T0)
            if isinstance(checked, InviteRefusal):
                return checked
            outcome = await redeem_invite_by_id(s, checked.id, T0)
            await me.hold()
            return outcome

    return await asyncio.gather(*(redeem() for _ in range(racers)))


async def test_racing_redeems_for_the_last_use_have_exactly_one_winner(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    outcomes = await _race_for_the_last_use(session_factory, racers=4)
    winners = [o for o in outcomes if isinstance(o, Invite)]
    assert len(winners) == 1
    assert winners[0].uses == 2
    assert (
        sorted(o for o in outcomes if isinstance(o, InviteRefusal)) == [InviteRefusal.USED_UP] * 3
    )


async def test_check_does_not_count_a_use_and_gives_the_same_reasons(
    session: AsyncSession,
) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    invite, token = await create_invite(
        session,
        map_id=journey_map.id,
        role="customer",
        created_by=ann.id,
        expires_at=LATER,
        max_uses=1,
    )
    checked = await check_invite(session, token, T0)
    assert isinstance(checked, Invite)
    assert checked.uses == 0
    assert await check_invite(session, token, LATER) is InviteRefusal.EXPIRED
    assert await check_invite(session, "x" * 20, T0) is InviteRefusal.UNKNOWN
    assert await check_invite(session, "bad token!", T0) is InviteRefusal.UNKNOWN

    redeemed = await redeem_invite_by_id(session, invite.id, T0)
    assert isinstance(redeemed, Invite)
    assert redeemed.uses == 1
    assert await check_invite(session, token, T0) is InviteRefusal.USED_UP
    assert await redeem_invite_by_id(session, invite.id, T0) is InviteRefusal.USED_UP

    await revoke_invite(session, invite.id, map_id=journey_map.id, now=T0)
    assert await check_invite(session, token, T0) is InviteRefusal.REVOKED
    assert await redeem_invite_by_id(session, invite.id, T0) is InviteRefusal.REVOKED
    assert await redeem_invite_by_id(session, 999_999, T0) is InviteRefusal.UNKNOWN


async def test_editor_invites_are_allowed(session: AsyncSession) -> None:
    ann = await make_user(session)
    journey_map = await make_map(session, ann)
    invite, _ = await create_invite(
        session, map_id=journey_map.id, role="editor", created_by=ann.id, expires_at=LATER
    )
    await session.flush()
    assert invite.role == "editor"
