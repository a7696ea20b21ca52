"""Run the real journeybot Telegram application against the fake Bot API, as a user would.

`BotUnderTest` starts (and restarts) the PTB Application on a database; `play` feeds a
scripted interview. Waiting is deterministic: a handler in a later group records each update
id once journeybot's own handler (including its sends) is done with it.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import Iterable
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.chat.service import ChatService
from bot.transports.telegram import (
    OUTBOX_JOB,
    REMINDERS_JOB,
    ReminderSchedule,
    build_application,
)
from bot.transports.telegram_intake import Poller
from bot.transports.webhook import ALLOWED_UPDATES, set_webhook, webhook_path, webhook_server
from flows.schema import BUILTIN_FLOWS, FlowLibrary
from reports.formats import Format
from storage.db import create_engine, session_factory
from testkit.fakebotapi import FakeBotApi, FakeUser
from testkit.interview import Action
from testkit.playback import send_action

App = Application[Any, Any, Any, Any, Any, Any]


WEBHOOK_SECRET = "journeybot-test-secret"
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam: not quiet hours


class BotUnderTest:
    """journeybot on the fake API; ``now`` is its clock (tests move it forward)."""

    def __init__(
        self,
        api: FakeBotApi,
        database_url: str,
        *,
        webhook_port: int = 0,
        engine_options: dict[str, Any] | None = None,
        report_formats: tuple[Format, ...] = ("png", "html", "pdf"),
        flows: FlowLibrary = BUILTIN_FLOWS,
    ) -> None:
        self.api = api
        self.database_url = database_url
        self.report_formats = report_formats  # what /report sends
        self.flows = flows  # the flow files (tests ship a new version between restarts)
        self.engine_options = engine_options or {}  # e.g. short database timeouts
        self.webhook_port = webhook_port  # 0: long polling
        self.now = START
        self.app: App | None = None
        self.done: set[int] = set()
        self._changed = asyncio.Event()
        self._engine: Any = None
        self.poller: Poller | None = None
        self._webhook = AsyncExitStack()

    async def start(self) -> None:
        self._engine = create_engine(self.database_url, **self.engine_options)
        service = ChatService(
            session_factory(self._engine),
            default_lang="nl",
            clock=lambda: self.now,
            report_formats=self.report_formats,
            flows=self.flows,
        )
        app = build_application(
            service,
            token=self.api.token,
            base_url=self.api.base_url,
            base_file_url=self.api.base_file_url,
            reminders=ReminderSchedule(
                after=timedelta(hours=24),
                check_every=timedelta(hours=1),
            ),
        )
        self.service = service
        app.add_handler(TypeHandler(Update, self._mark_done), group=1)
        self.app = app
        if not self.webhook_port:
            self.poller = Poller(
                app,
                allowed_updates=ALLOWED_UPDATES,
                timeout=dtm.timedelta(seconds=1),
                retry_every=0.2,
            )
            await self.poller.start()
            return
        await app.initialize()
        await app.start()
        if app.post_init is not None:
            await app.post_init(app)
        # as `journeybot run --webhook`, then `journeybot webhook set`
        url = f"http://127.0.0.1:{self.webhook_port}/telegram"
        await self._webhook.enter_async_context(
            webhook_server(
                app,
                listen="127.0.0.1",
                port=self.webhook_port,
                path=webhook_path(url),
                secret=WEBHOOK_SECRET,
            )
        )
        await set_webhook(app.bot, url=url, secret=WEBHOOK_SECRET)

    async def stop(self) -> None:
        app = self.app
        if app is None:
            return
        if self.poller is not None:
            await self.poller.stop()  # post_stop records what was sent
            self.poller = None
        else:
            await self._webhook.aclose()
            await app.stop()
            await app.shutdown()
            await self.service.mark_delivered()  # what run_polling's post_stop does
        await self._engine.dispose()
        self.app = None

    async def run_reminder_job(self) -> None:
        """Run the JobQueue's reminder job now (as its schedule would)."""
        await self.run_job(REMINDERS_JOB)

    async def run_outbox_job(self) -> None:
        """Run the job that sends what Telegram refused before, now."""
        await self.run_job(OUTBOX_JOB)

    async def run_job(self, name: str) -> None:
        assert self.app is not None
        assert self.app.job_queue is not None
        (job,) = self.app.job_queue.get_jobs_by_name(name)
        await job.run(self.app)

    async def _mark_done(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.done.add(update.update_id)
        self._changed.set()

    async def handled(self, update_id: int | None, timeout: float = 30.0) -> None:  # noqa: ASYNC109
        """Wait until journeybot finished handling ``update_id`` (and sent its answers). The
        bound only stops a hung test: a report renders its PDF in seconds, more on a loaded
        CI machine (10 s was exceeded there)."""
        assert update_id is not None

        async def wait() -> None:
            while update_id not in self.done:
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(wait(), timeout)


async def act(api: FakeBotApi, bot: BotUnderTest, user: FakeUser, action: Action) -> None:
    """One scripted step, waited for until the bot has answered it."""
    await bot.handled(send_action(api, user, action))


async def play(
    api: FakeBotApi, bot: BotUnderTest, user: FakeUser, script: Iterable[Action]
) -> None:
    for action in script:
        await act(api, bot, user, action)
