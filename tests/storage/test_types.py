"""Datetimes come back as aware UTC on both databases; naive ones are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import Contribution, User
from storage.contributions import finish_contribution
from tests.storage.factories import make_contribution, make_map, make_user


async def test_aware_datetimes_round_trip_as_utc(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    amsterdam_summer = timezone(timedelta(hours=2))
    moment = datetime(2026, 7, 1, 23, 30, 15, 123456, tzinfo=amsterdam_summer)
    async with session_factory() as s, s.begin():
        ann = await make_user(s)
        contribution = await make_contribution(s, await make_map(s, ann), ann)
        await finish_contribution(s, contribution, now=moment)
    async with session_factory() as s:
        loaded = await s.get(Contribution, contribution.id)
        assert loaded is not None
        assert loaded.finished_at == moment
        assert loaded.finished_at is not None
        assert loaded.finished_at.tzinfo == UTC
        assert loaded.finished_at.hour == 21
        user = await s.get(User, ann.id)
        assert user is not None
        assert user.created_at.tzinfo == UTC


async def test_naive_datetimes_are_refused(session: AsyncSession) -> None:
    ann = await make_user(session)
    contribution = await make_contribution(session, await make_map(session, ann), ann)
    with pytest.raises(StatementError, match="naive datetime"):
        await finish_contribution(session, contribution, now=datetime(2026, 1, 1))
