"""The bot under test, in its own process, so the load generator does not share its event loop.

    python -m bench.botproc --kind echo|echo-aiohttp|journeybot --api ROOT_URL [--db URL]
                            [--concurrent-updates N] [--profile PATH]
    python -m bench.botproc --kind journeybot --webhook-port PORT  (a webhook worker)

Both kinds are the same python-telegram-bot Application (long polling, the same
``concurrent_updates``), fed by the same fake Bot API; they differ only in their handlers:

* ``echo`` — the floor: a bare PTB bot, PTB's defaults (httpx). Every update gets one
  ``sendMessage`` (a button press also gets the ``answerCallbackQuery`` Telegram requires);
  each reply carries a ten-button inline keyboard so a simulated user can press "the n-th
  button" exactly as in journeybot's interview. No database.
* ``echo-aiohttp`` — the same echo bot on journeybot's HTTP transport
  (`bot.transports.aiohttp_request.AiohttpRequest`): the floor with the transport held equal.
* ``journeybot`` — the real `bot.transports.telegram.build_application` over
  `bot.chat.service.ChatService` on ``--db`` (migrated on start, as ``journeybot run``
  does), polled as ``journeybot run`` polls (`bot.transports.telegram_intake.Poller`: each
  update recorded in the inbox before it is confirmed), without its AIORateLimiter unless
  ``--rate-limiter``: that limiter holds every
  bot to Telegram's ~30 messages/s, which would measure Telegram's cap instead of journeybot's cost.

With ``--webhook-port`` journeybot is a webhook worker exactly as ``journeybot run --webhook
--port PORT`` builds and serves it (`bot.runtime.telegram_application`, `serve_webhook`; every
setting from the ``JOURNEYBOT_*`` environment the benchmark sets), the rate limiter again left
out unless ``--rate-limiter``: `bench.workers` runs one or two behind HAProxy.

After the handlers are done with an update (all replies sent and confirmed by the server), a
handler in a later group writes ``d <update_id>`` to stdout: the load generator's "reply
received" signal. Both kinds pay this identical, tiny cost. SIGTERM stops the bot gracefully;
with ``--profile`` a pyinstrument text profile of the main thread is written on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dtm
import signal
import sys
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

App = Application[Any, Any, Any, Any, Any, Any]
TOKEN = "123456789:TEST-fake-token_for-journeybot"
CONCURRENT_UPDATES = 64  # bot.transports.telegram.build_application's default

ECHO_KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton(f"Option {row * 2 + col + 1}", callback_data=f"o{row * 2 + col}")
            for col in range(2)
        ]
        for row in range(5)
    ]
)


async def echo_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    await context.bot.send_message(
        message.chat_id, f"echo: {message.text or '?'}", reply_markup=ECHO_KEYBOARD
    )


async def echo_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    assert query.message is not None
    await query.answer()
    await context.bot.send_message(
        query.message.chat.id, f"echo: {query.data}", reply_markup=ECHO_KEYBOARD
    )


def build_echo(api: str, concurrent_updates: int, *, aiohttp: bool = False) -> App:
    builder = ApplicationBuilder()
    if aiohttp:
        from bot.transports.aiohttp_request import on_aiohttp

        builder = on_aiohttp(builder)
    app = (
        builder.token(TOKEN)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .concurrent_updates(concurrent_updates)
        .build()
    )
    app.add_handler(CallbackQueryHandler(echo_button))
    app.add_handler(MessageHandler(filters.ALL & ~filters.UpdateType.EDITED, echo_text))
    return app


def build_journeybot(
    api: str, db: str, concurrent_updates: int, *, rate_limiter: bool
) -> tuple[App, Any]:
    from bot.chat.service import ChatService
    from bot.transports.telegram import build_application
    from storage.db import create_engine, session_factory
    from storage.migrate import upgrade

    asyncio.run(upgrade(db))
    engine = create_engine(db)
    service = ChatService(session_factory(engine), default_lang="nl")
    app = build_application(
        service,
        token=TOKEN,
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
        concurrent_updates=concurrent_updates,
        # Production waits to stay under Telegram's ~30 messages/s (AIORateLimiter); that cap
        # is Telegram's, not journeybot's cost, and would hide the cost being measured.
        rate_limiter=rate_limiter,
    )
    return app, engine


async def report_done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    sys.stdout.write(f"d {update.update_id}\n")
    sys.stdout.flush()


def run_webhook_worker(port: int, *, rate_limiter: bool) -> None:
    """journeybot as `journeybot run --webhook --port PORT` runs it, saying when it is done
    with each update."""
    from bot.runtime import serve_webhook, telegram_application
    from bot.settings import load_settings

    settings = load_settings()
    app = telegram_application(settings, token=settings.require_token(), rate_limiter=rate_limiter)
    app.add_handler(TypeHandler(Update, report_done), group=99)
    url, secret = settings.require_webhook()
    asyncio.run(serve_webhook(app, listen="127.0.0.1", port=port, url=url, secret=secret))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="a bot under benchmark")
    parser.add_argument("--kind", choices=("echo", "echo-aiohttp", "journeybot"), required=True)
    parser.add_argument("--api", required=True, help="the fake Bot API's root URL")
    parser.add_argument("--db", default="", help="database URL (journeybot only)")
    parser.add_argument("--concurrent-updates", type=int, default=CONCURRENT_UPDATES)
    parser.add_argument(
        "--rate-limiter",
        action="store_true",
        help="keep journeybot's AIORateLimiter (production: ~30 messages/s overall)",
    )
    parser.add_argument("--profile", type=Path, default=None, help="pyinstrument text output")
    parser.add_argument(
        "--webhook-port", type=int, default=0, help="journeybot as a webhook worker on this port"
    )
    args = parser.parse_args(argv)
    if args.webhook_port:
        run_webhook_worker(args.webhook_port, rate_limiter=args.rate_limiter)
        return

    engine: Any = None
    if args.kind in ("echo", "echo-aiohttp"):
        app = build_echo(args.api, args.concurrent_updates, aiohttp=args.kind == "echo-aiohttp")
    else:
        app, engine = build_journeybot(
            args.api, args.db, args.concurrent_updates, rate_limiter=args.rate_limiter
        )
    app.add_handler(TypeHandler(Update, report_done), group=99)

    async def dispose(_: object) -> None:
        if engine is not None:
            await engine.dispose()

    app.post_shutdown = dispose
    profiler = None
    if args.profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005, async_mode="disabled")
        profiler.start()
    allowed = ["message", "callback_query"]
    if engine is not None:  # journeybot polls as `journeybot run` does: record, then confirm
        from bot.transports.telegram_intake import Poller

        Poller(app, allowed_updates=allowed, timeout=dtm.timedelta(seconds=5)).run(
            (signal.SIGTERM, signal.SIGINT)
        )
    else:
        app.run_polling(
            poll_interval=0.0,
            timeout=dtm.timedelta(seconds=5),
            allowed_updates=allowed,
            stop_signals=(signal.SIGTERM, signal.SIGINT),
            close_loop=True,
        )
    if profiler is not None:
        profiler.stop()
        args.profile.write_text(profiler.output_text(unicode=True, show_all=False))


if __name__ == "__main__":
    main()
