"""Users are unique per transport; update ids are claimed exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import ProcessedUpdate, User
from storage.models import TEXT_MAX
from storage.updates import claim_update, prune_processed_updates
from storage.users import get_or_create_user, name_changed
from tests.storage.factories import make_user
from tests.storage.overlap import Overlap

T = TypeVar("T")


async def test_get_or_create_user_is_idempotent(session: AsyncSession) -> None:
    first = await get_or_create_user(
        session, channel="telegram", external_id="42", display_name="Ann", language="nl"
    )
    first.language = "en"  # the user switched language in the bot
    again = await get_or_create_user(
        session, channel="telegram", external_id="42", display_name="Ann B.", language="nl"
    )
    assert again.id == first.id
    assert again.language == "en"  # a stored choice is not overwritten
    assert again.display_name == "Ann B."
    assert again.notify is True
    assert again.created_at.tzinfo is not None


async def test_same_external_id_on_another_channel_is_another_user(session: AsyncSession) -> None:
    telegram = await get_or_create_user(
        session, channel="telegram", external_id="7", display_name="x", language="nl"
    )
    terminal = await get_or_create_user(
        session, channel="terminal", external_id="7", display_name="x", language="nl"
    )
    assert telegram.id != terminal.id
    assert await session.get(User, terminal.id) is terminal
    count = (await session.execute(select(func.count()).select_from(User))).scalar_one()
    assert count == 2


async def test_user_created_in_one_session_is_found_by_another(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s, s.begin():
        created = await make_user(s, "bo")
    async with session_factory() as s, s.begin():
        found = await make_user(s, "bo")
    assert found.id == created.id


async def test_claim_update_only_once_and_the_transaction_stays_usable(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s, s.begin():
        assert await claim_update(s, "telegram", 1001) is True
    async with session_factory() as s, s.begin():
        assert await claim_update(s, "telegram", 1001) is False
        # A duplicate must not abort the transaction (PostgreSQL would, after an error).
        user = await make_user(s, "cy")
        assert await claim_update(s, "terminal", 1001) is True
        assert await claim_update(s, "telegram", 1002) is True
    async with session_factory() as s:
        assert await s.get(User, user.id) is not None
        rows = (await s.execute(select(ProcessedUpdate.channel, ProcessedUpdate.update_id))).all()
    assert sorted(rows) == [("telegram", 1001), ("telegram", 1002), ("terminal", 1001)]


async def test_a_rolled_back_claim_can_be_claimed_again(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s:
        await s.begin()
        assert await claim_update(s, "telegram", 5)
        await s.rollback()  # the update's handling failed: nothing of it is kept
    async with session_factory() as s, s.begin():
        assert await claim_update(s, "telegram", 5) is True


async def test_claim_accepts_64_bit_update_ids(session: AsyncSession) -> None:
    assert await claim_update(session, "telegram", 2**62) is True
    assert await claim_update(session, "telegram", 2**62) is False


async def test_prune_processed_updates(session: AsyncSession) -> None:
    old = datetime(2026, 1, 1, tzinfo=UTC)
    await claim_update(session, "telegram", 1, now=old)
    await claim_update(session, "telegram", 2, now=old + timedelta(days=2))
    assert await prune_processed_updates(session, before=old + timedelta(days=1)) == 1
    assert await claim_update(session, "telegram", 1) is True
    assert await claim_update(session, "telegram", 2) is False


async def _concurrently(
    session_factory: async_sessionmaker[AsyncSession],
    work: Callable[[AsyncSession], Awaitable[T]],
    times: int = 3,
) -> list[T]:
    """Run ``work`` in ``times`` concurrent transactions; each commits only once the others
    have run into it (see `Overlap`)."""
    overlap = Overlap(session_factory, times)

    async def one() -> T:
        async with overlap.worker() as me, session_factory() as s, s.begin():
            result = await work(s)
            await me.hold()
            return result

    return list(await asyncio.gather(*(one() for _ in range(times))))


async def test_concurrent_first_contacts_create_one_user(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async def first_contact(s: AsyncSession) -> int:
        return (await make_user(s, "dee")).id

    ids = await _concurrently(session_factory, first_contact)
    assert len(set(ids)) == 1


async def test_concurrent_deliveries_of_one_update_are_claimed_once(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async def claim(s: AsyncSession) -> bool:
        return await claim_update(s, "telegram", 77)

    assert sorted(await _concurrently(session_factory, claim)) == [False, False, True]


def test_a_name_changes_only_to_a_different_non_empty_one_as_stored() -> None:
    assert name_changed("Ann", "Ann B.")
    assert not name_changed("Ann", "Ann")
    assert not name_changed("Ann", "")  # an unknown name never replaces a known one
    long = "x" * (TEXT_MAX + 10)
    assert not name_changed(long[:TEXT_MAX], long)  # compared as the column keeps it
