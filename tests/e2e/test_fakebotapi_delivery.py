"""Delivery semantics: restarts, dropped long polls, webhooks, and injected faults."""

from __future__ import annotations

import asyncio
import datetime as dtm
import os
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from telegram import Bot
from telegram.error import Conflict, NetworkError
from telegram.ext import Application

from testkit.fakebotapi import FakeBotApi, FakeUser
from testkit.fakebotapi.echo_bot import build_echo_app
from testkit.proxy import free_port

App = Application[Any, Any, Any, Any, Any, Any]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def bot(fake_api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(fake_api.token, base_url=fake_api.base_url) as bot:
        yield bot


@pytest.fixture
def anna(fake_api: FakeBotApi) -> FakeUser:
    return fake_api.make_user("Anna")


async def start_polling(fake_api: FakeBotApi) -> App:
    app = build_echo_app(fake_api.base_url, fake_api.base_file_url, fake_api.token)
    await app.initialize()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=dtm.timedelta(seconds=2))
    await app.start()
    return app


async def stop_polling(app: App) -> None:
    assert app.updater is not None
    await app.updater.stop()
    await app.stop()
    await app.shutdown()


async def test_killed_bot_loses_nothing(fake_api: FakeBotApi, anna: FakeUser) -> None:
    """A bot process killed after fetching an update, before confirming it: the update is
    redelivered to the next process (Telegram keeps it until a later offset)."""
    env = {**os.environ, "PTB_TIMEDELTA": "true"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "testkit.fakebotapi.echo_bot",
        fake_api.root_url,
        fake_api.token,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        fake_api.user_sends_text(anna, "one")
        assert (await fake_api.next_message(anna, timeout=15)).text == "echo: one"
        await fake_api.wait_idle()  # "one" confirmed; the bot sits in its next long poll
        fake_api.inject_delay("getUpdates", 60)  # the poll that would confirm "two" stalls
        fake_api.user_sends_text(anna, "two")
        assert (await fake_api.next_message(anna)).text == "echo: two"
        await fake_api.wait_until(lambda: not fake_api.faults.pending(), what="stalled poll")
    finally:
        process.kill()
        await process.wait()
    assert [u["message"]["text"] for u in fake_api.updates.pending] == ["two"]

    app = await start_polling(fake_api)
    try:
        assert (await fake_api.next_message(anna)).text == "echo: two"
        await fake_api.wait_idle()
    finally:
        await stop_polling(app)
    assert fake_api.texts(anna) == ["echo: one", "echo: two", "echo: two"]
    assert not fake_api.updates.pending


async def test_graceful_stop_confirms_and_restart_gets_only_new_updates(
    fake_api: FakeBotApi, anna: FakeUser
) -> None:
    app = await start_polling(fake_api)
    fake_api.user_sends_text(anna, "a")
    await fake_api.next_message(anna)
    await stop_polling(app)
    fake_api.user_sends_text(anna, "b")
    app = await start_polling(fake_api)
    try:
        assert (await fake_api.next_message(anna)).text == "echo: b"
        await fake_api.wait_idle()
    finally:
        await stop_polling(app)
    assert fake_api.texts(anna) == ["echo: a", "echo: b"]


async def test_client_dropping_a_long_poll_does_not_break_the_server(
    fake_api: FakeBotApi, anna: FakeUser
) -> None:
    url = f"{fake_api.base_url}{fake_api.token}/getUpdates"
    async with aiohttp.ClientSession() as session:
        dropped = asyncio.create_task(session.post(url, data={"timeout": "5"}))
        await asyncio.sleep(0.1)
        dropped.cancel()
        with pytest.raises(asyncio.CancelledError):
            await dropped
        update_id = fake_api.user_sends_text(anna, "still there?")
        assert update_id is not None
        async with session.post(url, json={"timeout": 1}) as response:
            body = await response.json()
        assert body["ok"] is True
        assert [u["update_id"] for u in body["result"]] == [update_id]
        async with session.post(url, data={"offset": str(update_id + 1)}) as response:
            assert (await response.json())["result"] == []
    assert fake_api.updates.settled


async def test_a_newer_long_poll_terminates_the_older_with_conflict(
    fake_api: FakeBotApi,
) -> None:
    url = f"{fake_api.base_url}{fake_api.token}/getUpdates"
    async with aiohttp.ClientSession() as session:
        older = asyncio.create_task(session.post(url, data={"timeout": "5"}))
        await asyncio.sleep(0.1)
        async with session.post(url, data={"timeout": "0"}) as response:
            assert response.status == 200
        async with await older as response:
            assert response.status == 409
            assert (
                "terminated by other getUpdates request" in (await response.json())["description"]
            )
    assert not fake_api.errors  # a normal Telegram answer, not a refused request


async def test_server_errors_and_dropped_connections_surface_as_network_errors(
    fake_api: FakeBotApi, bot: Bot, anna: FakeUser
) -> None:
    fake_api.inject_server_error("sendMessage", status=500)
    fake_api.inject_server_error("sendMessage", status=502)
    fake_api.inject_disconnect("sendMessage")
    for expected in ("Internal Server Error", "Bad Gateway", "disconnected without"):
        with pytest.raises(NetworkError, match=expected):
            await bot.send_message(anna.id, "try")
    await bot.send_message(anna.id, "works again")
    assert fake_api.texts(anna) == ["works again"]


async def test_slow_response(fake_api: FakeBotApi, bot: Bot, anna: FakeUser) -> None:
    fake_api.inject_delay("sendMessage", 0.3)
    started = time.monotonic()
    await bot.send_message(anna.id, "slow")
    assert time.monotonic() - started >= 0.3


async def test_webhook_mode(fake_api: FakeBotApi, anna: FakeUser) -> None:
    app = build_echo_app(fake_api.base_url, fake_api.base_file_url, fake_api.token)
    port = free_port()
    async with app:
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret-token",
        )
        await app.start()
        try:
            assert fake_api.webhook is not None
            assert fake_api.webhook.secret_token == "s3cret-token"
            fake_api.user_sends_text(anna, "ask")
            question = await fake_api.next_message(anna)
            fake_api.user_presses(question, "No")
            await fake_api.wait_until(lambda: question.text == "You chose no", what="edit")
            fake_api.duplicate_next_update()
            fake_api.user_sends_text(anna, "twice")
            await fake_api.wait_for_messages(anna, 3)
            await fake_api.wait_idle()

            fake_api.expect_error("webhook is active")
            with pytest.raises(Conflict, match="use getUpdates method while webhook is active"):
                await app.bot.get_updates()
            info = await app.bot.get_webhook_info()
            assert info.url == f"http://127.0.0.1:{port}/hook"
            assert info.pending_update_count == 0
        finally:
            await app.updater.stop()
            await app.stop()
    assert fake_api.texts(anna) == ["You chose no", "echo: twice", "echo: twice"]
    assert [a.text for a in fake_api.callback_answers] == ["Got no"]
    assert not fake_api.webhook_errors


async def test_webhook_with_a_wrong_secret_is_retried_until_it_is_accepted(
    fake_api: FakeBotApi, anna: FakeUser
) -> None:
    """PTB answers 403 to a wrong secret; the update stays pending and is retried."""
    app = build_echo_app(fake_api.base_url, fake_api.base_file_url, fake_api.token)
    port = free_port()
    async with app:
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="right",
        )
        await app.start()
        try:
            await app.bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="wrong")
            fake_api.user_sends_text(anna, "hello")
            await fake_api.wait_until(lambda: len(fake_api.webhook_errors) >= 2, what="retries")
            assert not fake_api.messages(anna)
            await app.bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="right")
            assert (await fake_api.next_message(anna)).text == "echo: hello"
        finally:
            await app.updater.stop()
            await app.stop()
    assert fake_api.webhook_errors[0] == "Wrong response from the webhook: 403"
