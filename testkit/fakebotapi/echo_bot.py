"""A tiny python-telegram-bot echo bot used to test the fake itself (and as a bench baseline).

Run it as a separate process against a running fake (the restart test kills it)::

    python -m testkit.fakebotapi.echo_bot http://127.0.0.1:PORT TOKEN
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

__all__ = [
    "REPORT_BYTES",
    "RetryAfterLimiter",
    "build_echo_app",
    "main",
    "on_button",
    "on_other",
    "on_start",
    "on_text",
]

REPORT_BYTES = b"journey report bytes \x00\x01"


class RetryAfterLimiter(BaseRateLimiter[None]):
    """Retry a call once Telegram's retry_after has passed (PTB 22 raises RetryAfter and does
    not retry by itself; its AIORateLimiter needs the extra ``aiolimiter`` dependency)."""

    def __init__(self, max_retries: int = 3) -> None:
        self.max_retries = max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        for _ in range(self.max_retries):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                delay = exc.retry_after
                seconds = delay.total_seconds() if isinstance(delay, dtm.timedelta) else delay
                await asyncio.sleep(seconds)
        return await callback(*args, **kwargs)


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet, echoing a deep-link payload."""
    assert update.effective_message is not None
    payload = " ".join(context.args or [])
    await update.effective_message.reply_text(f"welcome {payload}".strip())


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo text; 'ask' gets an inline keyboard, 'doc' a document."""
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    if message.text == "ask":
        keyboard = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton("Yes", callback_data="yes")],
                [InlineKeyboardButton("No", callback_data="no")],
            ]
        )
        await message.reply_text("Do you agree?", reply_markup=keyboard)
    elif message.text == "doc":
        await message.reply_chat_action("upload_document")
        await message.reply_document(REPORT_BYTES, filename="report.txt", caption="Your report")
    else:
        await message.reply_text(f"echo: {message.text}")


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the callback and replace the question with the choice."""
    query = update.callback_query
    assert query is not None
    await query.answer(f"Got {query.data}")
    await query.edit_message_text(f"You chose {query.data}")


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Non-text input gets a fixed reply."""
    assert update.effective_message is not None
    await update.effective_message.reply_text("I only read text")


def build_echo_app(
    base_url: str, base_file_url: str, token: str
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The echo bot wired to a (fake) Bot API."""
    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .rate_limiter(RetryAfterLimiter())
        .build()
    )
    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(~filters.TEXT, on_other))
    return app


def main() -> None:
    """Run the echo bot against ``ROOT_URL TOKEN`` from the command line (long polling)."""
    root, token = sys.argv[1], sys.argv[2]
    app = build_echo_app(f"{root}/bot", f"{root}/file/bot", token)
    app.run_polling(poll_interval=0.0, timeout=dtm.timedelta(seconds=5))


if __name__ == "__main__":
    main()
