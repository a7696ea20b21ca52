"""Webhook mode, and several workers sharing one database (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import signal
import socket
import sys
from asyncio.subprocess import PIPE
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import select

from bot.chat.service import ChatService, Who
from bot.transports.webhook import SECRET_HEADER
from flows.values import Inbound
from storage.db import create_engine, session_factory
from storage.models import Contribution
from testkit.fakebotapi import FakeBotApi
from testkit.interview import ANSWER_TEXTS, OWNER_INTERVIEW, Command
from testkit.playback import send_action
from tests.support.telegram import WEBHOOK_SECRET, BotUnderTest, act, play

pytestmark = pytest.mark.slow
JOURNEYBOT = Path(sys.executable).with_name("journeybot")


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


class RoundRobinProxy:
    """What nginx or HAProxy does in front of several workers: each delivery to the next."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.forwarded: Counter[int] = Counter()
        self._turn = itertools.cycle(ports)
        self._runner: web.AppRunner | None = None
        self.port = free_port()

    async def forward(self, request: web.Request) -> web.Response:
        port = next(self._turn)
        self.forwarded[port] += 1
        headers = {SECRET_HEADER: request.headers.get(SECRET_HEADER, "")}
        async with (
            aiohttp.ClientSession() as http,
            http.post(
                f"http://127.0.0.1:{port}{request.path}",
                data=await request.read(),
                headers={**headers, "Content-Type": "application/json"},
            ) as response,
        ):
            return web.Response(status=response.status)

    async def __aenter__(self) -> RoundRobinProxy:
        app = web.Application()
        app.router.add_post("/{tail:.*}", self.forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()


async def listening(port: int, timeout: float = 30.0) -> None:  # noqa: ASYNC109
    """Wait until a worker answers on ``port`` (an unsigned delivery: refused, as it must be)."""
    deadline = asyncio.get_running_loop().time() + timeout
    async with aiohttp.ClientSession() as http:
        while True:
            try:
                async with http.post(f"http://127.0.0.1:{port}/telegram", json={}) as response:
                    assert response.status == 403
                    return
            except aiohttp.ClientConnectionError:
                if asyncio.get_running_loop().time() > deadline:
                    raise
                await asyncio.sleep(0.1)


async def test_two_webhook_workers_with_the_same_settings_both_accept_deliveries(
    fake_api: FakeBotApi, db_url: str, tmp_path: Path
) -> None:
    """The scale-out the README describes: `journeybot webhook set` once, then two
    `journeybot run --webhook` processes behind a proxy. Each worker used to set the webhook
    with a fresh secret on start, and the other one answered every delivery with 403."""
    ports = [free_port(), free_port()]
    async with RoundRobinProxy(ports) as proxy:
        env = {
            **os.environ,
            "JOURNEYBOT_TELEGRAM_TOKEN": fake_api.token,
            "JOURNEYBOT_TELEGRAM_API_URL": fake_api.base_url,
            "JOURNEYBOT_DATABASE_URL": db_url,
            "JOURNEYBOT_LOG_LEVEL": "warning",
            "JOURNEYBOT_WEBHOOK_URL": f"http://127.0.0.1:{proxy.port}/telegram",
            "JOURNEYBOT_WEBHOOK_SECRET": "same-secret-for-every-worker",
        }
        setting = await asyncio.create_subprocess_exec(
            str(JOURNEYBOT), "webhook", "set", env=env, cwd=tmp_path, stdout=PIPE, stderr=PIPE
        )
        out, err = await setting.communicate()
        assert setting.returncode == 0, err.decode()
        assert f"127.0.0.1:{proxy.port}/telegram" in out.decode()
        assert fake_api.webhook is not None
        assert fake_api.webhook.secret_token == "same-secret-for-every-worker"
        workers = [
            await asyncio.create_subprocess_exec(
                *(str(JOURNEYBOT), "run", "--webhook", "--port", str(port)),
                env=env,
                cwd=tmp_path,
                stdout=PIPE,
                stderr=PIPE,
            )
            for port in ports
        ]
        try:
            for port in ports:
                await listening(port)
            mia = fake_api.make_user("Mia", language_code="en")
            for action in (Command("start"), *OWNER_INTERVIEW[:5]):
                # A worker confirms a delivery before it handles it: wait for the answer.
                sent = len(fake_api.messages(mia))
                send_action(fake_api, mia, action)
                await fake_api.wait_until(lambda: len(fake_api.messages(mia)) > sent)  # noqa: B023
                await fake_api.wait_idle()
            transcript = fake_api.transcript(mia)
            assert "Step 1 of 5" in transcript
            assert "Step 2 of 5" in transcript, transcript  # every step was applied
            assert "went wrong" not in transcript
            assert fake_api.webhook_errors == []  # no delivery refused
            assert all(proxy.forwarded[port] >= 3 for port in ports), proxy.forwarded
            assert fake_api.request_counts["setWebhook"] == 1  # the command's, no worker's
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            results = [await asyncio.wait_for(w.communicate(), timeout=20) for w in workers]
    for worker, (_, stderr) in zip(workers, results, strict=True):
        assert worker.returncode == 0, stderr.decode()
        assert b"Traceback" not in stderr, stderr.decode()
