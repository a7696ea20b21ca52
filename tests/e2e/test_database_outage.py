"""PostgreSQL stops answering (issue 15, item 4): through a TCP proxy this test starts and
stalls (never the shared server), the bot tells the person once, logs the outage once, keeps
the input and applies it when the database answers again."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from storage.answers import current_answers
from storage.db import create_engine, session_factory
from storage.models import Contribution
from testkit.fakebotapi import FakeBotApi
from testkit.interview import Command, Pick, Type
from testkit.playback import send_action
from testkit.proxy import free_port
from tests.support.telegram import BotUnderTest, act

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
only_pg = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)


class StallingProxy:
    """A TCP proxy to the database that can stop forwarding (packets dropped, connections
    left open), as an unreachable server looks to the bot."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.open = asyncio.Event()
        self.open.set()
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def stall(self) -> None:
        self.open.clear()

    def resume(self) -> None:
        self.open.set()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self.open.wait()  # a new connection hangs before it reaches the server
            up_reader, up_writer = await asyncio.open_connection(*self.target)
            await asyncio.gather(self._pump(reader, up_writer), self._pump(up_reader, writer))
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()
            self._tasks.discard(task)

    async def _pump(self, source: asyncio.StreamReader, target: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                await self.open.wait()  # stalled: the bytes go nowhere until resumed
                target.write(data)
                await target.drain()
        finally:
            target.close()


@pytest.fixture
async def proxied_url(db_url: str) -> AsyncIterator[tuple[str, StallingProxy]]:
    url = make_url(db_url)
    proxy = StallingProxy(url.host or "127.0.0.1", url.port or 5432)
    port = await proxy.start()
    yield url.set(host="127.0.0.1", port=port).render_as_string(hide_password=False), proxy
    await proxy.stop()


@only_pg
@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_an_unreachable_database_is_told_logged_once_and_caught_up(
    fake_api: FakeBotApi,
    db_url: str,
    proxied_url: tuple[str, StallingProxy],
    caplog: pytest.LogCaptureFixture,
    mode: str,
) -> None:
    """Polling leaves the update unconfirmed; the webhook answers 503 and gets it again."""
    url, proxy = proxied_url
    bot = BotUnderTest(
        fake_api,
        url,
        webhook_port=free_port() if mode == "webhook" else 0,
        engine_options={"connect_timeout": 1.0, "statement_timeout": 1.0},
    )
    await bot.start()
    try:
        noor = fake_api.make_user("Noor", language_code="en")
        await act(fake_api, bot, noor, Command("start"))
        asked = len(fake_api.messages(noor))
        caplog.set_level(logging.WARNING)
        proxy.stall()
        send_action(fake_api, noor, Pick(3))  # the journey type: the whole experience
        await fake_api.wait_until(lambda: _told(fake_api, noor), timeout=20)
        send_action(fake_api, noor, Type("Te veel telefoontjes"))
        await asyncio.sleep(4)  # several more attempts meet the outage
        assert sum(_told_texts(fake_api, noor)) == 1  # told once, not per update or attempt
        outage_lines = [r for r in caplog.records if "database unreachable" in r.getMessage()]
        assert len(outage_lines) == 1, [r.getMessage() for r in caplog.records]
        proxy.resume()
        # Both inputs are applied, in order: the type chosen, then the reason typed.
        await fake_api.wait_until(lambda: len(fake_api.messages(noor)) >= asked + 3, timeout=30)
        await fake_api.wait_idle(quiet=1.0, timeout=30)
    finally:
        await bot.stop()
    transcript = fake_api.transcript(noor)
    assert "went wrong" not in transcript, transcript
    if mode == "webhook":
        assert "Wrong response from the webhook: 503" in fake_api.webhook_errors
        fake_api.webhook_errors.clear()
    answers = await _answers(db_url)
    assert answers["goal.journey_type"] == "experience", transcript
    assert answers["goal.reason"] == "Te veel telefoontjes", transcript


async def _answers(db_url: str) -> dict[str, object]:
    engine = create_engine(db_url)
    try:
        async with session_factory(engine)() as session:
            contribution = (await session.execute(select(Contribution))).scalar_one()
            return dict(await current_answers(session, contribution.id))
    finally:
        await engine.dispose()


def _told_texts(api: FakeBotApi, user: object) -> list[bool]:
    return ["storage is unreachable" in t for t in api.texts(user)]  # type: ignore[arg-type]


def _told(api: FakeBotApi, user: object) -> bool:
    return any(_told_texts(api, user))
