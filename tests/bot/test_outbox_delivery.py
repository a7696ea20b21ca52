"""The chat service's outbox: a reply the transport could not send is sent later, in order,
and no input is taken as the answer to a question the person has not received (issue 15,
item 2). On SQLite and PostgreSQL, through `ChatService.respond` as the transports call it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.delivery import NotDelivered
from bot.chat.sending import OWNED_FOR
from bot.chat.service import ChatService, Who
from bot.conversation.texts import T
from flows.values import Inbound, OutMessage
from storage.models import Answer, OutboxMessage
from tests.support.outlet import RecordingOutlet

ANN = Who("telegram", "42", "Ann", "nl")
START = Inbound(kind="command", command="start")


@dataclass
class Clock:
    now: datetime = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class FlakyOutlet(RecordingOutlet):
    """Refuses the next ``refuse`` message sends for now (as Telegram's 5xx would)."""

    refuse: int = 0
    refused: list[OutMessage] = field(default_factory=list)

    async def send_messages(self, messages: Sequence[OutMessage]) -> None:
        if self.refuse:
            self.refuse -= 1
            self.refused.extend(messages)
            raise NotDelivered("500 Internal Server Error")
        await super().send_messages(messages)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> ChatService:
    return ChatService(session_factory, default_lang="nl", clock=clock, report_formats=("html",))


async def unsent_rows(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        query = (
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
        )
        return (await session.execute(query)).scalar_one()


async def answers(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        return (await session.execute(select(func.count()).select_from(Answer))).scalar_one()


async def test_a_delivered_reply_is_recorded_as_sent_in_a_batch_and_holds_nothing_back(
    service: ChatService, clock: Clock
) -> None:
    outlet = RecordingOutlet()
    first = await service.respond(ANN, START, outlet)
    assert outlet.messages
    clock.now += OWNED_FOR * 10  # a long pause: the reply is long past its owner's time
    reply = await service.respond(ANN, Inbound(kind="command", command="status"), outlet)
    assert all(parcel.id is not None for parcel in reply.parcels), "held back"
    assert await unsent_rows(service.sessions) == len(first.parcels) + len(reply.parcels)
    await service.mark_delivered()
    assert await unsent_rows(service.sessions) == 0
    await service.mark_delivered()  # nothing left to record


async def test_a_refused_reply_is_sent_again_in_order_after_its_back_off(
    service: ChatService, clock: Clock
) -> None:
    flaky = FlakyOutlet(refuse=1)
    await service.respond(ANN, START, flaky)
    lost = flaky.refused
    assert lost
    assert [m.text for m in flaky.messages] == [T("reply_delayed", "nl")]

    later = RecordingOutlet()
    assert await service.send_pending("telegram", lambda _: later) == 0  # not yet
    clock.now += timedelta(seconds=5)
    assert await service.send_pending("terminal", lambda _: later) == 0  # another channel
    assert await service.send_pending("telegram", lambda _: later) == 1
    assert later.messages[: len(lost)] == lost
    sent = len(later.messages)
    assert await service.send_pending("telegram", lambda _: later) == 0
    assert len(later.messages) == sent, "sent once"
    assert await unsent_rows(service.sessions) == 0  # the sweep recorded them as sent


async def test_a_reply_refused_again_waits_longer(service: ChatService, clock: Clock) -> None:
    await service.respond(ANN, START, FlakyOutlet(refuse=2))
    clock.now += timedelta(seconds=5)
    still = FlakyOutlet(refuse=5)
    assert await service.send_pending("telegram", lambda _: still) == 1
    assert not still.messages, "no second apology from the sweep"
    clock.now += timedelta(seconds=14)
    assert await service.send_pending("telegram", lambda _: RecordingOutlet()) == 0
    clock.now += timedelta(seconds=1)  # 15 s after the second refusal
    assert await service.send_pending("telegram", lambda _: RecordingOutlet()) == 1


async def test_an_input_before_the_refused_reply_arrived_is_no_answer(
    service: ChatService,
) -> None:
    outlet = RecordingOutlet()
    await service.respond(ANN, START, outlet)
    flaky = FlakyOutlet(refuse=1)
    await service.respond(ANN, Inbound(kind="button", data=_first_button(outlet)), flaky)
    stored = await answers(service.sessions)
    lost = flaky.refused

    again = RecordingOutlet()
    reply = await service.respond(ANN, Inbound(kind="text", text="Hallo?"), again)
    assert again.messages[0].text == T("held_back", "nl")
    assert again.messages[1:] == lost
    assert reply.parcels[0].id is None, "the note itself is not stored"
    assert await answers(service.sessions) == stored
    await service.mark_delivered()
    assert await unsent_rows(service.sessions) == 0


@dataclass
class RefusingForGood(RecordingOutlet):
    """Refuses the first message for good (a message Telegram will never take)."""

    refused: bool = False

    async def send_messages(self, messages: Sequence[OutMessage]) -> None:
        if not self.refused:
            self.refused = True
            raise RuntimeError("Bad Request: message is too long")
        await super().send_messages(messages)


async def test_a_refusal_for_good_drops_that_item_and_sends_the_rest(
    service: ChatService,
) -> None:
    plain = RecordingOutlet()
    first = await service.respond(Who("telegram", "7", "Bo", "nl"), START, plain)
    outlet = RefusingForGood()
    reply = await service.respond(ANN, START, outlet)
    assert len(reply.parcels) == len(first.parcels) > 1
    assert outlet.messages == plain.messages[1:]
    await service.mark_delivered()
    assert await unsent_rows(service.sessions) == 0


def _first_button(outlet: RecordingOutlet) -> str:
    asked = next(m for m in reversed(outlet.messages) if m.buttons)
    return asked.buttons[0][0].data


async def test_a_reply_whose_sender_stopped_before_sending_is_sent_by_the_sweep(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession], clock: Clock
) -> None:
    """The commit happened, the process died before the send: another process (or this one
    after a restart) sends it once the stopped one's ownership has run out."""
    reply = await service.handle(ANN, START)  # stored, never sent
    restarted = ChatService(session_factory, default_lang="nl", clock=clock)
    outlet = RecordingOutlet()
    assert await restarted.send_pending("telegram", lambda _: outlet) == 0
    clock.now += OWNED_FOR
    assert await restarted.send_pending("telegram", lambda _: outlet) == 1
    assert outlet.messages == reply.messages
