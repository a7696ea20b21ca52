"""Reminders: after the configured delay, at most two, never at night, never after /stop."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.service import ChatService, Who
from bot.features.reminders import due_reminders
from bot.zones import is_quiet_hour
from flows.values import Inbound
from storage.db import create_engine, session_factory
from tests.bot.test_sharing import CUSTOMER, OWNER, join, make_invite

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam
AFTER = timedelta(hours=24)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> ChatService:
    return ChatService(session_factory, default_lang="nl", clock=clock, bot_username="b")


async def due(service: ChatService, clock: Clock) -> list[str]:
    notices = await due_reminders(
        service.sessions, clock.now, after=AFTER, default_timezone="Europe/Amsterdam"
    )
    return [n.external_id for n in notices]


async def test_at_most_two_reminders_after_the_delay(service: ChatService, clock: Clock) -> None:
    token = await make_invite(service, 0)
    await join(service, CUSTOMER, token)
    assert await due(service, clock) == []  # not yet
    clock.now += timedelta(hours=25)
    assert await due(service, clock) == [CUSTOMER.external_id]
    assert await due(service, clock) == []  # not twice in a row
    clock.now += timedelta(hours=25)
    assert await due(service, clock) == [CUSTOMER.external_id]
    clock.now += timedelta(hours=25)
    assert await due(service, clock) == []  # two is enough
    # The owner, whose own interview is open too, is never reminded.
    assert OWNER.external_id not in await due(service, clock)


async def test_no_reminders_at_night_or_after_stop(service: ChatService, clock: Clock) -> None:
    token = await make_invite(service, 0)
    await join(service, CUSTOMER, token)
    clock.now = START + timedelta(hours=36)  # 22:00 in Amsterdam
    assert await due(service, clock) == []
    clock.now = START + timedelta(hours=46)  # 08:00 next morning
    assert await due(service, clock) == [CUSTOMER.external_id]
    other = Who("telegram", "77", "Piet", "nl")
    await join(service, other, token)
    await service.handle(other, Inbound(kind="command", command="stop"))
    clock.now += timedelta(days=2)
    assert other.external_id not in await due(service, clock)


def test_quiet_hours_follow_the_time_zone() -> None:
    evening_utc = datetime(2026, 7, 1, 19, 30, tzinfo=UTC)  # 21:30 in Amsterdam (summer)
    assert is_quiet_hour(evening_utc, "Europe/Amsterdam")
    assert not is_quiet_hour(evening_utc, "Europe/London")  # 20:30 there
    assert is_quiet_hour(evening_utc, "No/Such_Zone") is False  # falls back to UTC 19:30


async def test_timezone_command_sets_where_night_is(service: ChatService, clock: Clock) -> None:
    token = await make_invite(service, 0)
    await join(service, CUSTOMER, token)
    shown = await service.handle(CUSTOMER, Inbound(kind="command", command="timezone"))
    assert "Europe/Amsterdam" in shown.messages[0].text
    bad = await service.handle(
        CUSTOMER, Inbound(kind="command", command="timezone", args="Mars/Olympus")
    )
    assert bad.messages[0].kind == "error"
    await service.handle(
        CUSTOMER, Inbound(kind="command", command="timezone", args="America/New_York")
    )
    clock.now = START + timedelta(hours=37)  # 22:00 in Amsterdam, 17:00 in New York
    assert await due(service, clock) == [CUSTOMER.external_id]


async def test_several_workers_checking_at_once_remind_each_respondent_once(
    service: ChatService, clock: Clock, db_url: str
) -> None:
    """Every worker runs the reminder check on its own schedule; checks that overlap used to
    each find the same quiet respondents and remind them once per worker."""
    token = await make_invite(service, 0)
    people = [Who("telegram", str(900 + n), f"R{n}", "nl") for n in range(20)]
    for who in people:
        await join(service, who, token)
    clock.now += timedelta(hours=25)
    engines = [create_engine(db_url) for _ in range(3)]
    try:
        batches = await asyncio.gather(
            *(
                due_reminders(
                    session_factory(engine),
                    clock.now,
                    after=AFTER,
                    default_timezone="Europe/Amsterdam",
                )
                for engine in engines
            )
        )
    finally:
        for engine in engines:
            await engine.dispose()
    reminded = Counter(n.external_id for batch in batches for n in batch)
    assert reminded == Counter(who.external_id for who in people)
