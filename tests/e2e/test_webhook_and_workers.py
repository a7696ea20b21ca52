"""Webhook mode, and several workers sharing one database (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.chat.service import ChatService, Who
from flows.values import Inbound
from storage.db import create_engine, session_factory
from storage.models import Contribution
from testkit.fakebotapi import FakeBotApi
from testkit.interview import ANSWER_TEXTS, OWNER_INTERVIEW, Command
from tests.support.telegram import BotUnderTest, act, play

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


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
