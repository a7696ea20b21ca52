"""Telegram's intake: no update is confirmed before it is recorded, none is left unapplied.

Every update reaches the Application through `take`: it is recorded in the inbox
(`ChatService.record`) first, and only then queued for the handlers. Telegram counts an
update as delivered when the next ``getUpdates`` asks past it (polling, `Poller`, which asks
only past recorded ones) or when the webhook request is answered (`bot.transports.webhook`
answers 200 after `take`, 503 while the database is unreachable, and Telegram sends it
again). The handlers then apply a person's recorded updates in order (`Intake.drain`), each
reply through the outbox; on start, and after a database outage, `Intake.sweep` applies
whatever is still recorded.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
import signal
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final

from telegram import Bot, Update
from telegram.error import RetryAfter, TelegramError
from telegram.ext import Application

from bot.chat.service import (
    ApplyFailedError,
    ChatService,
    Outlet,
    Recorded,
    Who,
    is_unavailable,
)
from flows.values import Inbound

__all__ = ["Intake", "IntakeQueue", "Outage", "Poller", "intake_of", "take"]

log = logging.getLogger(__name__)

CHANNEL: Final = "telegram"
# What the transport makes of an update: the sender, their input and the outlet for the
# reply (None: nothing for the chat service).
Read = Callable[[Update], tuple[Who, Inbound, Outlet] | None]
# How the transport tells one person something (bot, chat id, language code, text key).
Tell = Callable[[Bot, str, str | None, str], Awaitable[None]]


class Outage:
    """The database's reachability as this process sees it: one log line when an outage
    starts and one when it ends, however many updates meet it; each person hears once."""

    def __init__(self) -> None:
        self.since: float | None = None
        self.told: set[str] = set()

    def failed(self, exc: BaseException) -> None:
        if self.since is None:
            self.since = time.monotonic()
            log.warning(
                "database unreachable (%s): updates stay recorded until it is back",
                str(exc) or type(exc).__name__,
            )

    def recovered(self) -> None:
        if self.since is not None:
            log.warning("database reachable again after %.0f s", time.monotonic() - self.since)
            self.since = None
            self.told.clear()

    def first_time(self, person: str) -> bool:
        """Whether ``person`` has not heard about this outage yet (they will now)."""
        if person in self.told:
            return False
        self.told.add(person)
        return True


class Intake:
    """Records updates, applies them per person in order, and catches up on start."""

    def __init__(
        self,
        service: ChatService,
        *,
        person_of: Callable[[Update], str | None],
        read: Read,
        tell: Tell,
    ) -> None:
        self.service = service
        self.person_of = person_of
        self.read = read
        self.tell = tell
        self.outage = Outage()

    async def record(self, bot: Bot, updates: Sequence[Update]) -> None:
        """Record the people's inputs among ``updates`` in one transaction (others change
        nothing). A database outage is told to each person once and raised: the updates stay
        unconfirmed."""
        inputs = [(u, p) for u in updates if (p := self.person_of(u)) is not None]
        if not inputs:
            return
        try:
            await self.service.record(
                CHANNEL, [Recorded(p, u.update_id, u.to_dict()) for u, p in inputs]
            )
        except Exception as exc:
            if is_unavailable(exc):
                for update, person in inputs:
                    await self._unavailable(bot, person, _language(update), exc)
            raise
        self.outage.recovered()

    async def drain(
        self, bot: Bot, person: str, language: str | None = None, update: Update | None = None
    ) -> None:
        """Apply the person's recorded updates in order, each reply sent before the next one
        applies. ``language`` is their Telegram language, known when an update of theirs
        asks (a sweep does not know it and tells nobody about an outage); ``update`` is that
        update, parsed already (the others are parsed from their recorded JSON)."""
        known = {update.update_id: update} if update is not None else {}

        def read(payload: dict[str, Any]) -> tuple[Who, Inbound, Outlet] | None:
            parsed = known.get(payload.get("update_id", -1)) or Update.de_json(payload, bot)
            return self.read(parsed)

        async with self.service.holding(CHANNEL, person):
            while True:
                try:
                    applied = await self.service.respond_next(CHANNEL, person, read)
                except ApplyFailedError as exc:
                    log.error("update %d failed", exc.update_id, exc_info=exc.__cause__)
                    await self.tell(bot, person, language, "internal_error")
                    continue
                except Exception as exc:
                    if not is_unavailable(exc):
                        raise
                    if language is None:  # a sweep: the person's own update tells them
                        self.outage.failed(exc)
                    else:
                        await self._unavailable(bot, person, language, exc)
                    return
                self.outage.recovered()
                if applied is None or not applied.more:
                    # Anything recorded after this look has a handler of its own coming.
                    return

    async def sweep(self, bot: Bot) -> None:
        """Apply every recorded update still waiting (after a restart or an outage)."""
        try:
            people = await self.service.pending_people(CHANNEL)
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            self.outage.failed(exc)
            return
        self.outage.recovered()
        await asyncio.gather(*(self.drain(bot, person) for person in people))

    async def _unavailable(
        self, bot: Bot, person: str, language: str | None, exc: BaseException
    ) -> None:
        self.outage.failed(exc)
        if self.outage.first_time(person):
            try:
                await self.tell(bot, person, language, "storage_unavailable")
            except TelegramError as error:
                log.warning("could not tell %s about the outage: %s", person, error)


def _language(update: Update) -> str | None:
    user = update.effective_user
    return user.language_code if user else None


class IntakeQueue(asyncio.Queue[object]):
    """The Application's update queue, which knows the intake its updates were recorded in
    (`intake_of`); `take` records before it puts."""

    def __init__(self, intake: Intake) -> None:
        super().__init__()
        self.intake = intake


def intake_of(application: Application) -> Intake:  # type: ignore[type-arg]
    """The intake of an Application whose update queue is an `IntakeQueue`."""
    queue = application.update_queue
    assert isinstance(queue, IntakeQueue)
    return queue.intake


async def take(application: Application, updates: Sequence[Update]) -> None:  # type: ignore[type-arg]
    """Record ``updates`` in one transaction, then queue them for the handlers: the one way
    an update comes in (polling and webhook). Raises while the database is unreachable (the
    updates must stay unconfirmed); one that cannot be recorded for another reason (a bug)
    is logged and skipped, so it cannot block the others for ever."""
    try:
        await intake_of(application).record(application.bot, updates)
    except Exception as exc:
        if is_unavailable(exc):
            raise
        log.exception("updates could not be recorded; skipped")
    for update in updates:
        await application.update_queue.put(update)


class Poller:
    """Long polling through the public ``getUpdates``: the offset moves past an update (which
    confirms it to Telegram) only once the update is recorded."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        *,
        allowed_updates: Sequence[str],
        timeout: dtm.timedelta = dtm.timedelta(seconds=10),
        retry_every: float = 5.0,
    ) -> None:
        self.application = application
        self.allowed_updates = list(allowed_updates)
        self.timeout = timeout
        self.retry_every = retry_every
        self._offset = 0
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        app = self.application
        await app.initialize()
        if app.post_init is not None:
            await app.post_init(app)
        await app.bot.delete_webhook()  # polling and a webhook exclude each other
        await app.start()
        self._task = asyncio.create_task(self._poll(), name="journeybot-polling")

    async def stop(self) -> None:
        app = self.application
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
            try:  # confirm what was recorded, so a restart does not fetch it again
                await app.bot.get_updates(offset=self._offset, timeout=dtm.timedelta(0), limit=1)
            except Exception as exc:  # a network error, or an update PTB cannot read
                log.info("last confirmation failed (the inbox ignores a redelivery): %s", exc)
        await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)

    def run(self, stop_signals: Sequence[signal.Signals] = (signal.SIGINT, signal.SIGTERM)) -> None:
        """Poll until one of ``stop_signals`` arrives, then stop cleanly."""

        async def main() -> None:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in stop_signals:
                loop.add_signal_handler(sig, stop.set)
            await self.start()
            try:
                await stop.wait()
            finally:
                await self.stop()

        asyncio.run(main())

    async def _poll(self) -> None:
        bot = self.application.bot
        unreadable = 0  # batches in a row PTB could not read
        while True:
            try:
                updates = await bot.get_updates(
                    offset=self._offset,
                    timeout=self.timeout,
                    allowed_updates=self.allowed_updates,
                )
            except RetryAfter as exc:
                await asyncio.sleep(_seconds(exc.retry_after))
                continue
            except TelegramError as exc:
                log.warning("getUpdates failed: %s", exc)
                await asyncio.sleep(self.retry_every)
                continue
            except Exception as exc:  # PTB could not read an update of the batch
                # Asked again at once, the batch is read update by update and an unreadable
                # one skipped with a line of its own (`UpdatesRequest`); twice in a row means
                # something else is wrong: wait, as for a failed request.
                unreadable += 1
                if unreadable > 1:
                    log.warning("getUpdates answer unreadable: %r", exc)
                    await asyncio.sleep(self.retry_every)
                continue
            unreadable = 0
            try:
                await take(self.application, updates)
            except Exception:  # the database is unreachable (`take` raises nothing else)
                # Unconfirmed: Telegram hands them out again on the next getUpdates.
                await asyncio.sleep(self.retry_every)
                continue
            if updates:
                self._offset = updates[-1].update_id + 1


def _seconds(value: float | dtm.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)
