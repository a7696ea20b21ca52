"""Webhook mode for any number of workers: one deliberate setWebhook, many listeners.

Telegram keeps ONE webhook per bot: a URL and a secret token it sends with every delivery. So
setting it is a step of its own (`journeybot webhook set`, `set_webhook`), and a worker only
listens (`webhook_server`): it checks the secret from the settings, records each update in the
inbox and hands it to the PTB Application's queue (`bot.transports.telegram_intake.take`, as
polling does), and only then answers 200; while the database is unreachable it answers 503
and Telegram delivers the update again.
Workers never call setWebhook: with PTB's own webhook server each worker's start set it again,
and with a fresh secret each time every other worker answered Telegram with 403.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Bot, WebhookInfo
from telegram.ext import Application

from bot.transports.readable import read_update
from bot.transports.telegram_intake import take

__all__ = [
    "ALLOWED_UPDATES",
    "SECRET_HEADER",
    "delete_webhook",
    "set_webhook",
    "webhook_info",
    "webhook_path",
    "webhook_server",
]

log = logging.getLogger(__name__)

# The updates the bot handles; Telegram sends no others.
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_path(url: str) -> str:
    """Where a worker listens: the path of the public webhook URL (a proxy in front forwards
    it unchanged)."""
    return urlsplit(url).path or "/"


async def set_webhook(bot: Bot, *, url: str, secret: str) -> None:
    """Point Telegram at ``url``; every delivery carries ``secret``. Pending updates stay."""
    await bot.set_webhook(url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES))


async def delete_webhook(bot: Bot) -> None:
    """Remove the webhook (back to long polling); pending updates stay."""
    await bot.delete_webhook()


async def webhook_info(bot: Bot) -> WebhookInfo:
    return await bot.get_webhook_info()


class _Receiver:
    """One worker's POST handler: the secret, then the update recorded and queued."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any], secret: str):
        self._application = application
        self._secret = secret.encode()

    async def receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            return web.Response(status=HTTPStatus.FORBIDDEN)
        try:
            data = json.loads(await request.read())
        except ValueError:
            return web.Response(status=HTTPStatus.BAD_REQUEST)
        update = read_update(data, self._application.bot)
        if update is not None:
            try:
                await take(self._application, [update])
            except Exception:  # the database is unreachable (`take` raises nothing else)
                # Not confirmed, and no traceback per attempt: Telegram delivers it again.
                return web.Response(status=HTTPStatus.SERVICE_UNAVAILABLE)
        # An unreadable update is confirmed too: Telegram would only deliver it again.
        return web.Response(status=HTTPStatus.OK)


@asynccontextmanager
async def webhook_server(
    application: Application[Any, Any, Any, Any, Any, Any],
    *,
    listen: str,
    port: int,
    path: str,
    secret: str,
) -> AsyncIterator[None]:
    """Receive deliveries at ``http://listen:port/path`` while inside; the Application must be
    started (it takes the updates from its queue)."""
    app = web.Application()
    app.router.add_post(path, _Receiver(application, secret).receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, listen, port).start()
        log.info("listening for Telegram's deliveries on %s:%d%s", listen, port, path)
        yield
    finally:
        await runner.cleanup()
