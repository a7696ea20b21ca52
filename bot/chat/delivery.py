"""How every transport sends one item of a `Reply` (`Reply.items` gives their one order).

Messages first; then, if a report was asked for, a sign of work while it renders (seconds)
and its files — or an apology if rendering failed; then any other files (a QR code, an
export); then the follow-up (the current question again, so it stays the last thing in the
chat); last, notices to other people. A transport only says how to send each kind of thing,
and raises `NotDelivered` when it cannot send now.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Protocol

from bot.conversation.outgoing import Item, Notice, OutFile, ReportRequest
from bot.conversation.texts import T
from bot.features.reporting import render_files
from flows.i18n import Lang
from flows.values import OutMessage
from reports.formats import Format

__all__ = ["NotDelivered", "Outlet", "render_report", "send_item"]

log = logging.getLogger(__name__)


class NotDelivered(Exception):  # noqa: N818 (a state, not a bug)
    """The transport could not send now (Telegram refused it for a while, the connection
    dropped): the item and what follows stay in the outbox and are sent later.

    Any other exception from an outlet is permanent (a blocked bot, a refused message): the
    item is dropped with a log line, so one bad item never holds up what comes after it."""


class Outlet(Protocol):
    """How one transport sends each kind of thing to the person who sent the input."""

    async def send_messages(self, messages: Sequence[OutMessage]) -> None:
        """Send messages (with their buttons) in order."""

    async def show_working(self) -> None:
        """Show that something slow (a report) is on its way."""

    async def send_files(self, files: Sequence[OutFile]) -> None:
        """Send files (a picture first)."""

    async def send_notices(self, notices: Sequence[Notice]) -> None:
        """Tell other people (owners, reminded respondents) on this transport."""


async def render_report(request: ReportRequest, formats: Sequence[Format]) -> list[OutFile]:
    """Render a report in a worker thread: PDF layout takes seconds and must not block."""
    return await asyncio.to_thread(render_files, request, formats)


async def send_item(item: Item, outlet: Outlet, formats: Sequence[Format], lang: Lang) -> None:
    """Send one item; a report is rendered first (or apologised for if rendering fails).

    Raises `NotDelivered` when the transport could not send it now."""
    if isinstance(item, OutMessage):
        await outlet.send_messages([item])
    elif isinstance(item, ReportRequest):
        await outlet.show_working()
        try:
            files = await render_report(item, formats)
        except Exception:
            log.exception("report rendering failed")
            await outlet.send_messages([OutMessage(T("report_failed", lang), kind="error")])
        else:
            await outlet.send_files(files)
    else:
        await outlet.send_files(item.files)
