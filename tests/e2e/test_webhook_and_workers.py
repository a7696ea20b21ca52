"""Webhook mode, and several workers sharing one database (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.chat.service import Applied, ChatService, Outlet, Recorded, Reply, Who
from bot.conversation.texts import T
from bot.transports.webhook import SECRET_HEADER
from flows.values import Inbound
from storage.answers import current_answers
from storage.db import create_engine, session_factory
from storage.models import Contribution, Map, User
from testkit.fakebotapi import FakeBotApi
from testkit.interview import ANSWER_TEXTS, OWNER_INTERVIEW, Command
from testkit.proxy import free_port
from tests.support.outlet import RecordingOutlet
from tests.support.telegram import WEBHOOK_SECRET, BotUnderTest, act, play

pytestmark = pytest.mark.slow


@pytest.fixture
async def webhook_bot(fake_api: FakeBotApi, db_url: str) -> AsyncIterator[BotUnderTest]:
    runner = BotUnderTest(fake_api, db_url, webhook_port=free_port())
    await runner.start()
    yield runner
    await runner.stop()


async def test_interview_in_webhook_mode(fake_api: FakeBotApi, webhook_bot: BotUnderTest) -> None:
    assert fake_api.webhook is not None
    assert fake_api.webhook.secret_token == "journeybot-test-secret"
    mia = fake_api.make_user("Mia", language_code="nl")
    await act(fake_api, webhook_bot, mia, Command("start"))
    fake_api.duplicate_next_update(times=2)
    # Telegram refuses to answer the redelivered press's query again; the bot shrugs that off.
    fake_api.expect_error("query is too old")
    await act(fake_api, webhook_bot, mia, OWNER_INTERVIEW[0])
    await play(fake_api, webhook_bot, mia, OWNER_INTERVIEW[1:])
    await act(fake_api, webhook_bot, mia, Command("report"))
    html = next(u for u in fake_api.uploads if (u.filename or "").endswith(".html")).data.decode()
    for text in ANSWER_TEXTS:
        assert text in html
    # The duplicated button press was applied once: one answer to the journey-type question.
    assert sum("Wat is de aanleiding" in t for t in fake_api.texts(mia)) == 1
    assert not any("ging iets mis" in t for t in fake_api.texts(mia))  # no error shown


async def test_two_workers_apply_each_update_exactly_once(db_url: str) -> None:
    """Two processes' worth of services (own engines, no shared lock) on one database: a burst
    of one user's updates, each delivered to both workers, is applied once each."""
    engines = [create_engine(db_url), create_engine(db_url)]
    try:
        workers = [ChatService(session_factory(e), default_lang="nl") for e in engines]
        noor = Who("telegram", "4242", "Noor", "nl")
        await workers[0].handle(noor, Inbound(kind="command", command="start"), update_id=1)
        updates = [
            (worker, update_id)
            for update_id in range(2, 22)
            for worker in workers  # every update reaches both workers
        ]
        replies = await asyncio.gather(
            *(
                worker.handle(noor, Inbound(kind="command", command="status"), update_id=uid)
                for worker, uid in updates
            )
        )
        applied = [r for r in replies if not r.duplicate]
        assert len(applied) == 20
        async with session_factory(engines[0])() as session:
            contribution = (await session.execute(select(Contribution))).scalar_one()
        assert contribution.version == 1 + 20  # started once, then one save per update
    finally:
        for engine in engines:
            await engine.dispose()


async def test_a_worker_refuses_deliveries_without_the_secret_and_skips_unreadable_ones(
    fake_api: FakeBotApi, webhook_bot: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    assert fake_api.webhook is not None
    url = fake_api.webhook.url
    update = {"update_id": 9001, "message": {"message_id": 1, "text": "no chat, no date"}}
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {SECRET_HEADER: "guessed"}):
            async with http.post(url, json=update, headers=headers) as response:
                assert response.status == 403
        with caplog.at_level(logging.WARNING):
            async with http.post(url, json=update, headers={SECRET_HEADER: WEBHOOK_SECRET}) as r:
                assert r.status == 200  # confirmed: Telegram would only deliver it again
    skipped = [r for r in caplog.records if "9001" in r.getMessage()]
    assert len(skipped) == 1


def _text(value: str) -> Inbound:
    return Inbound(kind="text", text=value)


def _press(reply: Reply, index: int) -> Inbound:
    buttons = [b for m in reply.messages for row in m.buttons for b in row]
    return Inbound(kind="button", data=buttons[index].data)


BURST = ("De titel {n}", "Bestellen {n}; Ophalen {n}", "Persona {n}", "Omschrijving {n}")


async def _at_the_title_question(worker: ChatService, who: Who, first_update_id: int) -> None:
    """Start an owner interview and answer up to the map's title (buttons need replies)."""
    uid = first_update_id
    reply = await worker.handle(who, Inbound(kind="command", command="start"), update_id=uid)
    reply = await worker.handle(who, _press(reply, 2), update_id=uid + 1)
    reply = await worker.handle(who, _text("De reden"), update_id=uid + 2)
    await worker.handle(who, _press(reply, 1), update_id=uid + 3)  # the market


async def _answers_of(engine: AsyncEngine, who: Who) -> dict[str, object]:
    async with session_factory(engine)() as session:
        user = (
            await session.execute(select(User).where(User.external_id == who.external_id))
        ).scalar_one()
        contribution = (
            await session.execute(select(Contribution).where(Contribution.user_id == user.id))
        ).scalar_one()
        return dict(await current_answers(session, contribution.id))


@pytest.fixture
async def two_workers(db_url: str) -> AsyncIterator[tuple[list[ChatService], AsyncEngine]]:
    """Two processes' worth of services: own engines, so nothing shared but the database."""
    engines = [create_engine(db_url), create_engine(db_url)]
    try:
        yield [ChatService(session_factory(e), default_lang="nl") for e in engines], engines[0]
    finally:
        for engine in engines:
            await engine.dispose()


async def test_bursts_across_two_workers_are_applied_once_each(
    two_workers: tuple[list[ChatService], AsyncEngine],
) -> None:
    """Ten people type four answers at once; each update reaches one of two workers. Every
    update is applied (none dropped with 'something went wrong'), exactly once."""
    workers, engine = two_workers
    people = [Who("telegram", str(5000 + n), f"P{n}", "nl") for n in range(10)]
    for n, who in enumerate(people):
        await _at_the_title_question(workers[0], who, 100 * n + 1)
    calls = [
        workers[(n + i) % 2].handle(who, _text(text.format(n=n)), update_id=100 * n + 10 + i)
        for i, text in enumerate(BURST)
        for n, who in enumerate(people)
    ]
    replies = await asyncio.gather(*calls)
    assert not any(r.duplicate for r in replies)
    # Out of order a text may meet another question and be refused there (a list question
    # asks for the whole list): a clear reply, not 'something went wrong'.
    failed = T("internal_error", "nl")
    assert not any(failed in m.text for r in replies for m in r.messages)
    for n, who in enumerate(people):
        answers = await _answers_of(engine, who)
        # The first text to apply answers the title, whichever it is.
        assert answers["goal.title"] in {t.format(n=n) for t in BURST}


def _read(payload: dict[str, Any]) -> tuple[Who, Inbound, Outlet] | None:
    """The test's own wire format for recorded updates (Telegram's is bot.transports')."""
    return Who("telegram", payload["from"], "", "nl"), _text(payload["text"]), RecordingOutlet()


async def _drain(worker: ChatService, person: str) -> list[Applied]:
    """What a worker's handler does with a recorded update: apply the person's backlog."""
    applied = []
    async with worker.holding("telegram", person):
        while (one := await worker.respond_next("telegram", person, _read)) is not None:
            applied.append(one)
    return applied


async def test_recorded_bursts_are_applied_in_order_on_any_worker(
    two_workers: tuple[list[ChatService], AsyncEngine],
) -> None:
    """Ten people type four answers at once; each update is recorded by one of two workers
    and both workers apply at once: every answer lands on its own question, in the order the
    person sent them, exactly once."""
    workers, engine = two_workers
    people = [Who("telegram", str(6000 + n), f"P{n}", "nl") for n in range(10)]
    for n, who in enumerate(people):
        await _at_the_title_question(workers[0], who, 100 * n + 1)
    update_id = 10_000
    received: list[tuple[ChatService, str]] = []
    for i, text in enumerate(BURST):
        for n, who in enumerate(people):
            update_id += 1
            worker = workers[(n + i) % 2]
            payload = {"from": who.external_id, "text": text.format(n=n)}
            await worker.record("telegram", [Recorded(who.external_id, update_id, payload)])
            received.append((worker, who.external_id))
    batches = await asyncio.gather(*(_drain(w, person) for w, person in received))
    applied_ids = [a.update_id for batch in batches for a in batch]
    assert sorted(applied_ids) == list(range(10_001, update_id + 1))  # each exactly once
    for n, who in enumerate(people):
        answers = await _answers_of(engine, who)
        assert answers["goal.title"] == f"De titel {n}"
        assert answers["stages"] == [f"Bestellen {n}", f"Ophalen {n}"]
        assert answers["personas.0.name"] == f"Persona {n}"
        assert answers["personas.0.description"] == f"Omschrijving {n}"
    assert all(a.reply is not None and a.reply.messages for batch in batches for a in batch)


async def test_a_new_persons_first_updates_on_two_workers_make_one_map(
    two_workers: tuple[list[ChatService], AsyncEngine],
) -> None:
    workers, engine = two_workers
    for attempt in range(5):
        who = Who("telegram", str(7000 + attempt), "Nieuw", "nl")
        start = Inbound(kind="command", command="start")
        await asyncio.gather(
            workers[0].handle(who, start, update_id=10 * attempt + 1),
            workers[1].handle(who, start, update_id=10 * attempt + 2),
        )
    async with session_factory(engine)() as session:
        maps = (await session.execute(select(func.count()).select_from(Map))).scalar_one()
        users = (await session.execute(select(func.count()).select_from(User))).scalar_one()
    assert (maps, users) == (5, 5)
