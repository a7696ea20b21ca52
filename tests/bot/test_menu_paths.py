"""The owner's menu through the chat service: an addition stopped with /cancel and picked up
again through /maps goes on as one taken directly, and a stopped interview is no dead end."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.service import MAP_BUTTON_PREFIX, ChatService, Reply, Who
from flows.texts import T
from flows.values import Button, Inbound
from storage.answers import current_answers
from storage.conversations import load_known_user
from testkit.interview import OWNER_INTERVIEW
from testkit.playback import inbound_for

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ANNA = Who("telegram", "2001", "Anna", "nl")
BOB = Who("telegram", "2002", "Bob", "nl")
MENU = T("menu_prompt", "nl")
ADDED = T("menu_added", "nl")


@pytest.fixture
def service(session_factory: async_sessionmaker[AsyncSession]) -> ChatService:
    return ChatService(
        session_factory, default_lang="nl", clock=lambda: NOW, report_formats=("html",)
    )


def text(value: str) -> Inbound:
    return Inbound(kind="text", text=value)


def command(name: str) -> Inbound:
    return Inbound(kind="command", command=name)


def shown(reply: Reply) -> str:
    return "\n".join(m.text for m in reply.messages)


def buttons(reply: Reply) -> list[Button]:
    asked = next((m for m in reversed(reply.messages) if m.buttons), None)
    return [b for row in asked.buttons for b in row] if asked else []


def press(reply: Reply, label: str) -> Inbound:
    found = next(b for b in buttons(reply) if label.casefold() in b.label.casefold())
    return Inbound(kind="button", data=found.data)


def any_answer(reply: Reply) -> Inbound:
    """A valid answer to whatever the addition asks: No to yes/no questions and "that was the
    last one" (so it ends after one event), the first option of a choice, a short text
    otherwise."""
    labels = [b.label for b in buttons(reply)]
    if T("no", "nl") in labels:
        return press(reply, T("no", "nl"))
    last = [b for b in buttons(reply) if b.data.endswith(":_last")]
    if last:  # a folded "another one?": that was the last one (nothing ticked: no contact)
        return Inbound(kind="button", data=last[0].data)
    options = [b for b in buttons(reply) if b.label != T("skip_button", "nl")]
    if not options:
        return text("Een antwoord")
    return Inbound(kind="button", data=options[0].data)


async def in_menu(service: ChatService, who: Who) -> Reply:
    reply = await service.handle(who, command("start"))
    for action in OWNER_INTERVIEW:
        reply = await service.handle(who, inbound_for(action, reply.messages))
    assert MENU in shown(reply)
    return reply


async def answers_of(sessions: async_sessionmaker[AsyncSession], who: Who) -> dict[str, object]:
    async with sessions() as session:
        known = await load_known_user(session, channel=who.channel, external_id=who.external_id)
        assert known is not None
        contribution = known[2]
        assert contribution is not None
        return dict(await current_answers(session, contribution.id))


async def add_a_scenario(
    service: ChatService, who: Who, reply: Reply, *, detour_after: int
) -> Reply:
    """Add a scenario answering whatever is asked; after ``detour_after`` answers, stop with
    /cancel, try /help, plain text and /maps, and pick the map again."""
    reply = await service.handle(who, press(reply, "Scenario toevoegen"))
    for n in range(40):
        if n == detour_after:
            asked = reply.messages[-1].text
            reply = await service.handle(who, command("cancel"))
            reply = await service.handle(who, press(reply, T("cancel_yes", "nl")))
            assert "/verder" in shown(reply)
            assert "/maps" in shown(reply)
            reply = await service.handle(who, command("help"))
            assert "/verder" in shown(reply), shown(reply)
            reply = await service.handle(who, text("hallo?"))
            assert "/verder" in shown(reply), shown(reply)
            reply = await service.handle(who, command("maps"))
            (choice,) = buttons(reply)
            assert choice.data.startswith(MAP_BUTTON_PREFIX)
            reply = await service.handle(who, Inbound(kind="button", data=choice.data))
            assert reply.messages[-1].text == asked  # the same question again
        reply = await service.handle(who, any_answer(reply))
        if ADDED in shown(reply):
            return reply
    raise AssertionError(shown(reply))


async def test_an_addition_picked_up_through_maps_goes_on_as_one_taken_directly(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    direct = await add_a_scenario(service, ANNA, await in_menu(service, ANNA), detour_after=-1)
    detour = await add_a_scenario(service, BOB, await in_menu(service, BOB), detour_after=3)
    assert MENU in shown(direct)
    assert MENU in shown(detour)
    anna = await answers_of(session_factory, ANNA)
    bob = await answers_of(session_factory, BOB)
    assert any(key.startswith("scenarios.1.events.0.") for key in bob)
    assert not any(key.startswith("scenarios.2.") for key in bob)
    assert bob == anna


async def test_after_cancel_new_and_maps_work(service: ChatService) -> None:
    reply = await in_menu(service, ANNA)
    reply = await service.handle(ANNA, command("cancel"))
    await service.handle(ANNA, press(reply, T("cancel_yes", "nl")))
    reply = await service.handle(ANNA, command("new"))
    assert "Stap 1 van" in shown(reply)
    reply = await service.handle(ANNA, command("maps"))
    assert len(buttons(reply)) == 2
    reply = await service.handle(ANNA, Inbound(kind="button", data=buttons(reply)[1].data))
    assert MENU in shown(reply)  # the stopped map reopens at its menu
