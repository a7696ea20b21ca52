"""journeybot's aiohttp transport for PTB against the fake Bot API: the same calls, bodies,
uploads and errors as PTB's own httpx transport."""

from __future__ import annotations

import datetime as dtm
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.transports.aiohttp_request import AiohttpRequest
from testkit.fakebotapi import FakeBotApi, FakeUser


@pytest.fixture
async def bot(fake_api: FakeBotApi) -> AsyncIterator[Bot]:
    request = AiohttpRequest(read_timeout=1.0)
    async with Bot(
        fake_api.token,
        base_url=fake_api.base_url,
        base_file_url=fake_api.base_file_url,
        request=request,
        get_updates_request=AiohttpRequest(connection_pool_size=1),
    ) as bot:
        yield bot


@pytest.fixture
def anna(fake_api: FakeBotApi) -> FakeUser:
    return fake_api.make_user("Anna")


async def test_plain_calls_arrive_intact(bot: Bot, fake_api: FakeBotApi, anna: FakeUser) -> None:
    me = await bot.get_me()
    assert me.is_bot
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Één", callback_data="1:ä")]])
    sent = await bot.send_message(
        anna.id, "<b>Hallo</b> & welkom 🎉", parse_mode="HTML", reply_markup=keyboard
    )
    assert sent.text == "Hallo & welkom 🎉"
    [message] = fake_api.messages(anna)
    assert message.text == "Hallo & welkom 🎉"
    assert message.buttons[0].text == "Één"
    assert message.buttons[0].callback_data == "1:ä"


async def test_uploads_keep_bytes_name_and_type(
    bot: Bot, fake_api: FakeBotApi, anna: FakeUser
) -> None:
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 40
    await bot.send_document(anna.id, InputFile(pdf, filename="reis.pdf"), caption="Je klantreis")
    await bot.send_photo(anna.id, InputFile(b"\x89PNG\r\n\x1a\n" + b"0" * 500, filename="k.png"))
    document, photo = fake_api.uploads
    assert (document.data, document.filename, document.caption) == (pdf, "reis.pdf", "Je klantreis")
    assert document.mime_type == "application/pdf"
    assert photo.data.startswith(b"\x89PNG")


async def test_long_poll_waits_past_the_read_timeout(
    bot: Bot, fake_api: FakeBotApi, anna: FakeUser
) -> None:
    """getUpdates with timeout=2 s must not be cut off by the 1 s read timeout (PTB adds the
    poll's own timeout to it)."""
    assert await bot.get_updates(timeout=dtm.timedelta(seconds=2)) == ()
    fake_api.user_sends_text(anna, "hoi")
    [update] = await bot.get_updates(timeout=dtm.timedelta(seconds=2))
    assert update.message is not None
    assert update.message.text == "hoi"


async def test_telegram_errors_come_back_as_ptb_errors(
    bot: Bot, fake_api: FakeBotApi, anna: FakeUser
) -> None:
    fake_api.expect_error("message text is empty")
    with pytest.raises(BadRequest, match="text is empty"):
        await bot.send_message(anna.id, "")
    fake_api.inject_rate_limit("sendMessage", retry_after=3)
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(anna.id, "te snel")
    assert raised.value.retry_after == dtm.timedelta(seconds=3)


async def test_a_slow_server_times_out(bot: Bot, fake_api: FakeBotApi, anna: FakeUser) -> None:
    fake_api.inject_delay("sendMessage", 2.0)
    with pytest.raises(TimedOut):
        await bot.send_message(anna.id, "traag")


async def test_a_dropped_connection_is_a_network_error(
    bot: Bot, fake_api: FakeBotApi, anna: FakeUser
) -> None:
    fake_api.inject_disconnect("sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(anna.id, "weg")
    await bot.send_message(anna.id, "weer terug")  # the pool recovers
    assert fake_api.messages(anna)[-1].text == "weer terug"


async def test_nobody_listening_is_a_network_error(fake_api: FakeBotApi) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post(f"http://127.0.0.1:{port}/bot{fake_api.token}/getMe")
    finally:
        await request.shutdown()


async def test_it_can_be_restarted_and_refuses_use_when_shut_down(fake_api: FakeBotApi) -> None:
    request = AiohttpRequest()
    url = f"{fake_api.base_url}{fake_api.token}/getMe"
    with pytest.raises(NetworkError, match="not initialized"):
        await request.post(url)
    await request.initialize()
    assert (await request.post(url))["is_bot"] is True  # type: ignore[index,call-overload]
    await request.shutdown()
    await request.shutdown()  # twice is harmless
    await request.initialize()
    assert (await request.post(url))["is_bot"] is True  # type: ignore[index,call-overload]
    await request.shutdown()


async def test_the_environments_proxy_is_used_unless_no_proxy_names_the_host(
    fake_api: FakeBotApi, anna: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HTTP(S)_PROXY and NO_PROXY work as with PTB's httpx transport: through a forwarding
    proxy that records what passed it, and around it for a host NO_PROXY names."""
    passed: list[str] = []

    async def forward(request: web.Request) -> web.Response:
        passed.append(request.path)
        async with (
            aiohttp.ClientSession() as session,
            session.request(
                request.method, str(request.url), data=await request.read(), headers=request.headers
            ) as response,
        ):
            return web.Response(
                status=response.status, body=await response.read(), content_type="application/json"
            )

    proxy = web.Application()
    proxy.router.add_route("*", "/{tail:.*}", forward)
    runner = web.AppRunner(proxy)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        async with Bot(fake_api.token, base_url=fake_api.base_url, request=AiohttpRequest()) as bot:
            await bot.send_message(anna.id, "via de proxy")
        assert any(path.endswith("/sendMessage") for path in passed)
        assert fake_api.messages(anna)[-1].text == "via de proxy"

        passed.clear()
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        async with Bot(fake_api.token, base_url=fake_api.base_url, request=AiohttpRequest()) as bot:
            await bot.send_message(anna.id, "rechtstreeks")
        assert passed == []
        assert fake_api.messages(anna)[-1].text == "rechtstreeks"
    finally:
        await runner.cleanup()
