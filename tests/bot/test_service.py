"""The chat service on SQLite and PostgreSQL: one transaction per input, exactly once, per user
in order, and owners only ever reach their own maps."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import reports
from bot.chat.service import (
    MAP_BUTTON_PREFIX,
    ApplyFailedError,
    ChatService,
    Outlet,
    Recorded,
    Reply,
    Who,
)
from flows.values import Inbound
from storage.answers import current_answers
from storage.models import Answer, Base, Contribution, Map
from tests.support.outlet import RecordingOutlet, delivered

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ANNA = Who("telegram", "1001", "Anna", "nl")
BOB = Who("telegram", "1002", "Bob", "en")


def text(value: str) -> Inbound:
    return Inbound(kind="text", text=value)


def command(name: str, args: str = "") -> Inbound:
    return Inbound(kind="command", command=name, args=args)


def press(reply: Reply, index: int) -> Inbound:
    buttons = [b for m in reply.messages for row in m.buttons for b in row]
    return Inbound(kind="button", data=buttons[index].data)


@pytest.fixture
def service(session_factory: async_sessionmaker[AsyncSession]) -> ChatService:
    return ChatService(
        session_factory, default_lang="nl", clock=lambda: NOW, report_formats=("html",)
    )


async def count(sessions: async_sessionmaker[AsyncSession], model: type) -> int:
    async with sessions() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_first_contact_starts_a_map_in_the_users_language(service: ChatService) -> None:
    reply = await service.handle(BOB, command("start"), update_id=1)
    assert reply.lang == "en"
    assert "Step 1 of 5" in reply.messages[-2].text  # the step's intro, above the question
    assert reply.messages[-1].buttons, "the journey type is a choice"


async def test_answers_are_stored_with_the_state_in_one_go(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    first = await service.handle(ANNA, command("start"), update_id=1)
    await service.handle(ANNA, press(first, 0), update_id=2)
    await service.handle(ANNA, text("Klanten bellen te vaak"), update_id=3)
    async with session_factory() as session:
        contribution = (await session.execute(select(Contribution))).scalar_one()
        answers = await current_answers(session, contribution.id)
        assert contribution.state is not None
        assert contribution.version == 3  # start + two answers
    assert answers["goal.reason"] == "Klanten bellen te vaak"
    assert answers["goal.journey_type"] == "buyer"


async def everything_stored(sessions: async_sessionmaker[AsyncSession]) -> dict[str, list[Any]]:
    """Every row of every table (users, maps, invites, contributions with their state and
    version, answers, conversations, ...), to compare before and after a redelivery."""
    async with sessions() as session:
        return {
            table.name: [tuple(row) for row in await session.execute(select(table))]
            for table in Base.metadata.sorted_tables
        }


async def test_a_redelivered_update_is_not_applied_twice(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """Whatever the input (first contact, button, plain answer, chat command), delivering the
    same update again changes nothing and is answered as a duplicate."""
    first = await service.handle(ANNA, command("start"), update_id=10)  # first contact
    inputs = [
        (10, command("start")),
        (11, press(first, 2)),  # a button: the journey type
        (12, text("De reden")),  # a plain answer to the text question that follows
        (13, command("invite")),  # a chat-layer command that opens a dialog
        (14, command("status")),
    ]
    for update_id, inbound in inputs:
        if update_id != 10:
            applied = await service.handle(ANNA, inbound, update_id=update_id)
            assert applied.messages, inbound
            assert not applied.duplicate
        before = await everything_stored(session_factory)
        again = await service.handle(ANNA, inbound, update_id=update_id)
        assert again.duplicate, inbound
        assert not again.messages
        assert await everything_stored(session_factory) == before, inbound

    stored = await everything_stored(session_factory)
    assert (len(stored["users"]), len(stored["maps"]), len(stored["contributions"])) == (1, 1, 1)
    async with session_factory() as session:
        contribution = (await session.execute(select(Contribution))).scalar_one()
        assert (await current_answers(session, contribution.id))["goal.reason"] == "De reden"
    # The same update id on another channel is another update.
    elsewhere = await service.handle(
        Who("terminal", "1001", "Anna", "nl"), command("start"), update_id=10
    )
    assert not elsewhere.duplicate


async def test_one_users_inputs_are_handled_one_at_a_time_in_order(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    first = await service.handle(ANNA, command("start"), update_id=1)
    await service.handle(ANNA, press(first, 2), update_id=2)
    reply = await service.handle(ANNA, text("De reden"), update_id=3)
    await service.handle(ANNA, press(reply, 1), update_id=4)  # the market
    # Two answers arrive at once: the title, then the stages (a typed list).
    await asyncio.gather(
        service.handle(ANNA, text("De titel"), update_id=5),
        service.handle(ANNA, text("Bestellen; Ophalen"), update_id=6),
    )
    async with session_factory() as session:
        contribution = (await session.execute(select(Contribution))).scalar_one()
        answers = await current_answers(session, contribution.id)
    assert answers["goal.title"] == "De titel"
    assert answers["stages"] == ["Bestellen", "Ophalen"]


async def test_many_users_at_once_do_not_block_each_other(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    users = [Who("telegram", str(2000 + n), f"U{n}", "nl") for n in range(20)]
    await asyncio.gather(*(service.handle(u, command("start")) for u in users))
    assert await count(session_factory, Map) == 20


async def test_maps_lists_only_your_own_and_forged_buttons_are_refused(
    service: ChatService,
) -> None:
    await service.handle(ANNA, command("start"))
    await service.handle(BOB, command("start"))
    await service.handle(BOB, command("new"))
    bobs = await service.handle(BOB, command("maps"))
    labels = [b.label for m in bobs.messages for row in m.buttons for b in row]
    assert len(labels) == 2
    annas = await service.handle(ANNA, command("maps"))
    (anna_map,) = [b.data for m in annas.messages for row in m.buttons for b in row]

    forged = await service.handle(BOB, Inbound(kind="button", data=anna_map))
    assert forged.messages[0].kind == "error"
    assert "niet van jou" in forged.messages[0].text or "isn't yours" in forged.messages[0].text
    nonsense = await service.handle(BOB, Inbound(kind="button", data=f"{MAP_BUTTON_PREFIX}x"))
    assert nonsense.messages[0].kind == "error"


async def test_switching_maps_resumes_each_where_it_was(service: ChatService) -> None:
    first = await service.handle(ANNA, command("start"))
    await service.handle(ANNA, press(first, 0))  # map 1 is now at the second question
    second_question = (await service.handle(ANNA, command("status"))).messages
    assert second_question
    await service.handle(ANNA, command("new"))  # map 2 at the first question
    maps = await service.handle(ANNA, command("maps"))
    buttons = [b for m in maps.messages for row in m.buttons for b in row]
    assert buttons[0].label.startswith("✅")  # newest first, and it is the active one
    back = await service.handle(ANNA, Inbound(kind="button", data=buttons[1].data))
    assert "aanleiding" in back.messages[-1].text.lower()


async def test_the_report_is_only_for_members_and_holds_the_answers(service: ChatService) -> None:
    first = await service.handle(ANNA, command("start"))
    await service.handle(ANNA, press(first, 0))
    await service.handle(ANNA, text("<script>alert(1)</script> reden"))
    reply = await delivered(service, await service.handle(ANNA, command("report")))
    (html_file,) = reply.files
    html = html_file.data.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; reden" in html
    assert "<script>alert(1)</script>" not in html
    # Bob has no map: /report tells him so instead of showing anything.
    bobs = await service.handle(BOB, command("report"))
    assert bobs.report is None
    assert not (await delivered(service, bobs)).files


async def test_a_failing_report_says_so_and_keeps_the_answers(
    service: ChatService, monkeypatch: pytest.MonkeyPatch
) -> None:
    await service.handle(ANNA, command("start"))

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("renderer down")

    monkeypatch.setattr(reports, "render", broken)
    sent = await delivered(service, await service.handle(ANNA, command("report")))
    assert not sent.files
    kinds = [(kind, getattr(item, "kind", None)) for kind, item in sent.events]
    # Said it is being made, tried, apologised; the question is shown again below it.
    assert kinds[: kinds.index(("working", None))] == [("message", "info")]
    assert ("message", "error") in kinds[kinds.index(("working", None)) :]
    assert sent.messages[-1].kind == "question"


async def test_language_switches_and_sticks(service: ChatService) -> None:
    await service.handle(ANNA, command("start"))
    reply = await service.handle(ANNA, command("language", "en"))
    assert reply.lang == "en"
    assert "Step 1 of 5" in reply.messages[-1].text
    later = await service.handle(ANNA, command("status"))
    assert later.lang == "en"


async def test_answers_are_append_only(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    first = await service.handle(ANNA, command("start"))
    await service.handle(ANNA, press(first, 0))
    await service.handle(ANNA, text("Eerste reden"))
    await service.handle(ANNA, command("back"))
    await service.handle(ANNA, text("Tweede reden"))
    async with session_factory() as session:
        rows = (
            await session.execute(select(Answer.value).where(Answer.key == "goal.reason"))
        ).scalars()
        assert list(rows) == ["Eerste reden", "Tweede reden"]


async def test_a_bug_in_the_engine_is_logged_with_its_traceback(
    service: ChatService, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from flows.engine import core

    first = await service.handle(ANNA, command("start"))
    await service.handle(ANNA, press(first, 0))  # now at a free-text question

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("parser bug")

    monkeypatch.setattr(core, "parse_text", broken)
    with caplog.at_level(logging.ERROR, logger="bot.chat.service"):
        reply = await service.handle(ANNA, text("een antwoord"))
    assert any(m.kind == "error" for m in reply.messages)  # the person gets the apology
    (record,) = [r for r in caplog.records if r.exc_info]
    assert record.exc_info is not None
    assert str(record.exc_info[1]) == "parser bug"
    monkeypatch.undo()
    again = await service.handle(ANNA, text("een antwoord"))  # and can go on
    assert not any(m.kind == "error" for m in again.messages)


async def test_status_puts_the_map_first_and_the_question_last(service: ChatService) -> None:
    # was: the invite counts came after the question shown again, and counted zeros
    await service.handle(BOB, command("start"))
    status = await service.handle(BOB, command("status"))
    texts = [m.text for m in status.messages]
    assert texts[0].startswith("Map ‘")
    assert "nobody invited yet" in texts[0]
    assert texts[1].startswith("You are at Step 1 of 5")
    assert status.messages[-1].kind == "question"
    assert "invited" not in texts[-1]


async def test_a_recorded_update_that_fails_is_set_aside_and_the_next_ones_go_on(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """A bug on one recorded update must not leave it first in line for ever: it is marked
    applied (the person hears about it from the transport) and the updates after it apply."""

    outlet = RecordingOutlet()

    def read(payload: dict[str, Any]) -> tuple[Who, Inbound, Outlet] | None:
        if payload["text"] == "boom":
            raise ValueError("a bug in reading this update")
        return ANNA, text(payload["text"]), outlet

    await service.handle(ANNA, command("start"))
    await service.record(
        "telegram",
        [Recorded(ANNA.external_id, uid, {"text": t}) for uid, t in ((7, "boom"), (8, "hallo"))],
    )
    async with service.holding("telegram", ANNA.external_id):
        with pytest.raises(ApplyFailedError) as failed:
            await service.respond_next("telegram", ANNA.external_id, read)
        assert failed.value.update_id == 7
        applied = await service.respond_next("telegram", ANNA.external_id, read)
        assert applied is not None
        assert (applied.update_id, applied.more) == (8, False)
        assert applied.reply is not None
        assert outlet.messages == applied.reply.messages  # sent once applied
        assert await service.respond_next("telegram", ANNA.external_id, read) is None
    assert await service.pending_people("telegram") == []
