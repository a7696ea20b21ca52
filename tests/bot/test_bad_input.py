"""Forged and odd input on SQLite and PostgreSQL: a clear reply or nothing, never a crash, and
the person can go on (issue 15, item 7)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.service import ChatService, Outlet, Recorded, Reply, Who
from bot.conversation.inputs import ID_MAX, parse_id
from bot.conversation.texts import T
from flows.values import Inbound
from storage.answers import current_answers
from storage.models import Contribution, InboxUpdate, Map, User
from testkit.interview import OWNER_INTERVIEW, PERSONA, TITLE, Type
from testkit.playback import inbound_for
from tests.support.outlet import RecordingOutlet

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ANNA = Who("telegram", "1001", "Anna", "en")
FORGED_IDS = ("²", "١٢", str(2**63), str(2**64), str(ID_MAX + 1), "-1", "0", "1e3", " 1", "")


@pytest.fixture
def service(session_factory: async_sessionmaker[AsyncSession]) -> ChatService:
    return ChatService(
        session_factory, default_lang="nl", clock=lambda: NOW, report_formats=("html",)
    )


def texts(reply: Reply) -> str:
    return "\n".join(m.text for m in reply.messages)


def test_parse_id_takes_ascii_digits_within_the_id_range_only() -> None:
    assert parse_id("42") == 42
    assert parse_id(str(ID_MAX)) == ID_MAX
    assert parse_id("007") == 7
    for raw in FORGED_IDS:
        assert parse_id(raw) is None, raw


@pytest.mark.parametrize("raw", FORGED_IDS)
@pytest.mark.parametrize(
    ("prefix", "refusal"), [("map:", "map_not_found"), ("revoke:", "invite_not_yours")]
)
async def test_a_forged_id_in_a_button_is_refused_and_the_person_goes_on(
    service: ChatService, prefix: str, refusal: str, raw: str
) -> None:
    await service.handle(ANNA, Inbound(kind="command", command="start"), update_id=1)
    reply = await service.handle(ANNA, Inbound(kind="button", data=prefix + raw), update_id=2)
    assert T(refusal, "en") in texts(reply)
    status = await service.handle(ANNA, Inbound(kind="command", command="status"), update_id=3)
    assert status.messages
    assert T("internal_error", "en") not in texts(status)


async def test_nul_in_a_display_name_and_a_title_is_dropped_and_nothing_else_is(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """PostgreSQL stores no NUL in text or JSON; the person's every update used to fail."""
    nul_anna = Who("telegram", "1001", "An\x00na", "en")
    reply = await service.handle(nul_anna, Inbound(kind="command", command="start"), update_id=1)
    persona_at = OWNER_INTERVIEW.index(Type(PERSONA))
    for number, action in enumerate(OWNER_INTERVIEW[: persona_at + 1], start=2):
        inbound = inbound_for(action, reply.messages)
        if isinstance(action, Type):  # every typed answer carries a NUL
            inbound = Inbound(kind="text", text=action.text.replace(" ", "\x00 ", 1))
        reply = await service.handle(nul_anna, inbound, update_id=number)
        assert T("internal_error", "en") not in texts(reply)
    async with session_factory() as session:
        user = (await session.execute(select(User))).scalar_one()
        journey_map = (await session.execute(select(Map))).scalar_one()
        contribution = (await session.execute(select(Contribution))).scalar_one()
        answers = await current_answers(session, contribution.id)
    assert user.display_name == "Anna"
    assert journey_map.title == TITLE
    assert PERSONA in answers.values()


async def test_a_recorded_update_with_nul_is_stored_without_it_and_applied(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """The inbox stores an update's raw JSON before anything reads it; PostgreSQL's json
    keeps a NUL (its jsonb, and any text taken out of the JSON, refuse one), so none is
    stored: not in the text, not in the sender's name."""
    payload = {"update_id": 5, "text": "Hal\x00lo", "from": {"first_name": "An\x00na"}}
    await service.record("telegram", [Recorded(ANNA.external_id, 5, payload)])
    async with session_factory() as session:
        stored = (await session.execute(select(InboxUpdate))).scalar_one()
    assert stored.payload == {"update_id": 5, "text": "Hallo", "from": {"first_name": "Anna"}}
    outlet = RecordingOutlet()

    def read(raw: dict[str, Any]) -> tuple[Who, Inbound, Outlet]:
        return ANNA, Inbound(kind="command", command="start"), outlet

    async with service.holding("telegram", ANNA.external_id):
        applied = await service.respond_next("telegram", ANNA.external_id, read)
    assert applied is not None
    assert applied.update_id == 5
    assert outlet.messages  # the welcome, sent after the commit
    assert T("internal_error", "en") not in "\n".join(m.text for m in outlet.messages)
