"""The one order in which every transport delivers a `Reply`.

Messages first; then, if a report was asked for, a sign of work while it renders (seconds)
and its files — or an apology if rendering failed; then any other files (a QR code, an
export); then the follow-up (the current question again, so it stays the last thing in the
chat); last, notices to other people. A transport only says how to send each kind of thing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Protocol

from bot.conversation.outgoing import Notice, OutFile, Reply, ReportRequest
from bot.conversation.texts import T
from bot.features.reporting import render_files
from flows.values import OutMessage
from reports.formats import Format

__all__ = ["Outlet", "deliver", "render_report"]

log = logging.getLogger(__name__)


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


async def deliver(reply: Reply, outlet: Outlet, formats: Sequence[Format]) -> None:
    """Send ``reply`` through ``outlet`` in the shared order (rendering its report if any)."""
    await outlet.send_messages(reply.messages)
    files = list(reply.files)
    if reply.report is not None:
        await outlet.show_working()
        try:
            files[:0] = await render_report(reply.report, formats)
        except Exception:
            log.exception("report rendering failed")
            await outlet.send_messages([OutMessage(T("report_failed", reply.lang), kind="error")])
    if files:
        await outlet.send_files(files)
    await outlet.send_messages(reply.followup)
    if reply.notices:
        await outlet.send_notices(reply.notices)
