"""The fast path for plain answers (bot.plain_answer) against the full path, on SQLite and
PostgreSQL: the same replies and the same stored interview, and every case it must not
handle itself handed on intact."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Connection, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import bot.plain_answer
import bot.service
from bot import texts as bot_texts
from bot.service import ChatService, Reply, Who
from flows import texts as flow_texts
from flows.values import Inbound
from storage.models import Answer, Contribution, Map, User
from tests.support.interview import EVENT_1, OWNER_INTERVIEW, PERSONA, TITLE, Pick
from tests.support.scripted import inbound_for

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ANNA = Who("telegram", "1001", "Anna", "nl")
BOB = Who("telegram", "1002", "Bob", "nl")


@pytest.fixture
def service(session_factory: async_sessionmaker[AsyncSession]) -> ChatService:
    return ChatService(session_factory, default_lang="nl", clock=lambda: NOW, report_formats=())


async def _play(service: ChatService, who: Who, first_update: int) -> list[Reply]:
    """/start and the scripted owner interview; the replies in order."""
    start = Inbound(kind="command", command="start")
    replies = [await service.handle(who, start, update_id=first_update)]
    last = replies[0]
    for n, action in enumerate(OWNER_INTERVIEW, start=first_update + 1):
        reply = await service.handle(who, inbound_for(action, last.messages), update_id=n)
        replies.append(reply)
        if any(m.buttons for m in reply.messages):
            last = reply
    return replies


async def _stored(sessions: async_sessionmaker[AsyncSession], who: Who) -> dict[str, Any]:
    async with sessions() as session:
        user = (
            await session.execute(select(User).where(User.external_id == who.external_id))
        ).scalar_one()
        contribution = (
            await session.execute(select(Contribution).where(Contribution.user_id == user.id))
        ).scalar_one()
        answers = await session.execute(
            select(Answer.key, Answer.value, Answer.created_at)
            .where(Answer.contribution_id == contribution.id)
            .order_by(Answer.id)
        )
        journey_map = await session.get(Map, contribution.map_id)
        assert journey_map is not None
        return {
            "answers": [tuple(row) for row in answers],
            "state": contribution.state,
            "version": contribution.version,
            "status": contribution.status,
            "title": journey_map.title,
        }


def _full_path_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.service, "for_the_chat_layer", lambda inbound: True)


async def test_both_paths_give_the_same_replies_and_store_the_same_interview(
    service: ChatService,
    session_factory: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast = await _play(service, ANNA, first_update=1)
    _full_path_only(monkeypatch)
    full = await _play(service, BOB, first_update=1001)
    assert [(r.messages, r.lang) for r in fast] == [(r.messages, r.lang) for r in full]
    anna, bob = await _stored(session_factory, ANNA), await _stored(session_factory, BOB)
    assert anna == bob
    assert anna["title"] == TITLE
    assert {TITLE, PERSONA, EVENT_1} <= {str(value) for _, value, _ in anna["answers"]}


async def test_plain_answers_do_not_take_the_full_path(
    service: ChatService, monkeypatch: pytest.MonkeyPatch
) -> None:
    routed: list[Inbound] = []
    route = bot.service.route

    async def spy(turn: Any, inbound: Inbound) -> None:
        routed.append(inbound)
        await route(turn, inbound)

    monkeypatch.setattr(bot.service, "route", spy)
    await _play(service, ANNA, first_update=1)
    typed = [i for i in routed if i.kind == "text"]
    # Only the title answer (it renames the map) of all typed answers needs the full path.
    assert [i.text for i in typed] == [TITLE]
    assert len(routed) < len(OWNER_INTERVIEW) // 4, "most inputs are plain answers"


async def test_a_redelivered_plain_answer_is_applied_once(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    start = await service.handle(ANNA, Inbound(kind="command", command="start"), update_id=1)
    await service.handle(ANNA, inbound_for(Pick(3), start.messages), update_id=2)
    first = await service.handle(ANNA, Inbound(kind="text", text="De reden"), update_id=3)
    again = await service.handle(ANNA, Inbound(kind="text", text="De reden"), update_id=3)
    assert first.messages
    assert again.duplicate
    assert not again.messages
    stored = await _stored(session_factory, ANNA)
    assert [a[:2] for a in stored["answers"]].count(("goal.reason", "De reden")) == 1


async def test_a_new_telegram_name_is_stored(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    start = await service.handle(ANNA, Inbound(kind="command", command="start"), update_id=1)
    renamed = Who(ANNA.channel, ANNA.external_id, "Anna de Vries", "nl")
    await service.handle(renamed, inbound_for(Pick(3), start.messages), update_id=2)
    async with session_factory() as session:
        user = (await session.execute(select(User))).scalar_one()
    assert user.display_name == "Anna de Vries"
    assert (await _stored(session_factory, ANNA))["answers"][0][:2] == (
        "goal.journey_type",
        "experience",
    )


async def test_a_contribution_moved_by_another_worker_is_answered_again_on_fresh_state(
    service: ChatService,
    session_factory: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    start = await service.handle(ANNA, Inbound(kind="command", command="start"), update_id=1)
    await service.handle(ANNA, inbound_for(Pick(3), start.messages), update_id=2)
    store_state = bot.plain_answer.store_state
    calls: list[int] = []

    def racing(connection: Connection, *args: Any) -> int:
        calls.append(1)
        if len(calls) == 1:  # another worker got there first
            connection.execute(text("UPDATE contributions SET version = version + 1"))
        return store_state(connection, *args)

    monkeypatch.setattr(bot.plain_answer, "store_state", racing)
    reply = await service.handle(ANNA, Inbound(kind="text", text="De reden"), update_id=3)
    assert len(calls) == 2
    assert reply.messages
    assert reply.messages[-1].kind == "question"
    stored = await _stored(session_factory, ANNA)
    assert [a[:2] for a in stored["answers"]].count(("goal.reason", "De reden")) == 1
    assert stored["version"] == 3


async def test_finishing_and_reports_still_reach_the_full_path(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    replies = await _play(service, ANNA, first_update=1)
    stored = await _stored(session_factory, ANNA)
    assert stored["status"] == "finished"  # the first pass ended: a signal, the full path
    assert stored["state"]["status"] == "menu"
    assert flow_texts.T("first_pass_done", "nl") in replies[-1].messages[0].text
    report = await service.handle(ANNA, Inbound(kind="command", command="report"), update_id=99)
    assert bot_texts.T("report_ready", "nl", title=TITLE) in [m.text for m in report.messages]
