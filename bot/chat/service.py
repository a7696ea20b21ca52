"""The transport-neutral chat service: one input in, one transaction, messages and files out.

Every transport calls `ChatService.respond`; it loads the user's conversation, routes the
input (`bot.chat.routing`) and stores answers, the new engine state, the processed update id
and the reply (the outbox, `bot.chat.sending`) in ONE transaction, on one code path for every
kind of input; then it sends the reply. The feature modules work on the `Turn` of that
transaction.

A reply Telegram did not accept stays in the outbox and is sent again (`send_pending`, the
transport's sweep; or first thing when the person writes next). An input that arrives while
the person has not received the bot's last reply is not taken as an answer: they never saw
the question it would answer.

Telegram's updates come through the inbox (`bot.transports.telegram_intake`): `record`
stores each update before Telegram is told it arrived, and `respond_next` applies a person's
recorded updates one at a time in ``update_id`` order, the same turn as `respond` (the update
marked applied in its transaction), then sends the reply.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.delivery import Outlet
from bot.chat.routing import route
from bot.chat.sending import Sender
from bot.conversation.inputs import storable_inbound, storable_json, storable_who
from bot.conversation.keyed_lock import KeyedLock
from bot.conversation.outgoing import Notice, OutFile, Reply, ReportRequest, deep_link
from bot.conversation.turn import Turn, TurnContext, Who
from bot.features.interview import MAP_BUTTON_PREFIX, OWNER_FLOW
from bot.features.reminders import due_reminders
from flows.i18n import Lang, pick_lang
from flows.schema import BUILTIN_FLOWS, Flow, FlowLibrary
from flows.values import Inbound
from reports.formats import Format
from storage.contributions import StaleStateError
from storage.conversations import load_conversation, load_known_user, save_conversation
from storage.db import is_unavailable
from storage.inbox import (
    lock_person,
    mark_applied,
    next_pending,
    pending_people,
    prune_inbox,
    record_update,
)
from storage.models import Channel
from storage.types import utcnow
from storage.updates import claim_update, prune_processed_updates
from storage.users import get_or_create_user, refresh_display_name

__all__ = [
    "MAP_BUTTON_PREFIX",
    "OWNER_FLOW",
    "Applied",
    "ApplyFailedError",
    "ChatService",
    "Notice",
    "OutFile",
    "Outlet",
    "Reader",
    "Recorded",
    "Reply",
    "ReportRequest",
    "Who",
    "is_unavailable",
]

log = logging.getLogger(__name__)

_MAX_STALE_RETRIES = 3

# What a transport makes of a recorded update's raw JSON: the sender, their input and the
# outlet for the reply; None for an update that changes nothing (it is marked applied).
Reader = Callable[[dict[str, Any]], tuple[Who, Inbound, Outlet] | None]


@dataclass(frozen=True, slots=True)
class Recorded:
    """An update as the transport received it, to record before it is confirmed."""

    person: str  # the sender's external id
    update_id: int
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Applied:
    """A recorded update, applied and its reply sent (None: it changed nothing); ``more``:
    the person had further updates recorded behind it."""

    update_id: int
    reply: Reply | None
    more: bool = False


class ApplyFailedError(Exception):
    """Applying a recorded update raised (a bug); it is marked applied so the person's later
    updates are not stuck behind it."""

    def __init__(self, update_id: int) -> None:
        super().__init__(f"update {update_id} could not be applied")
        self.update_id = update_id


class ChatService:
    """Handles inputs for every user; safe to call concurrently (serialised per user)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        default_lang: Lang = "nl",
        clock: Callable[[], datetime] = utcnow,
        report_formats: tuple[Format, ...] = ("png", "html", "pdf"),
        bot_username: str | None = None,
        default_timezone: str = "Europe/Amsterdam",
        flows: FlowLibrary = BUILTIN_FLOWS,
    ) -> None:
        self._sessions = sessions
        self.default_lang = default_lang
        self._clock = clock
        self._locks = KeyedLock()
        self._sender = Sender(
            sessions, clock=clock, report_formats=report_formats, default_lang=default_lang
        )
        # The flow files, each version loaded once; tests give a library of their own.
        self._flows = flows
        # Set by the Telegram transport once it knows its username (getMe): invite links.
        self.bot_username = bot_username
        self.default_timezone = default_timezone
        self._context = TurnContext(
            flow=self.flow,
            default_lang=default_lang,
            default_timezone=default_timezone,
            invite_link=self.invite_link,
        )

    def invite_link(self, token: str) -> str | None:
        """The deep link that opens the bot with an invite token (None if no bot is known)."""
        return deep_link(self.bot_username, token) if self.bot_username else None

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        return self._sessions

    def now(self) -> datetime:
        return self._clock()

    def flow(self, flow_id: str, version: int | None = None, *, formal: bool = False) -> Flow:
        """Flow ``flow_id`` in ``version`` (None: the newest, for a new interview), addressing
        the person as "u" when ``formal``."""
        return self._flows.flow(flow_id, version, formal=formal)

    async def respond(
        self, who: Who, inbound: Inbound, outlet: Outlet, *, update_id: int | None = None
    ) -> Reply:
        """Apply one input exactly once and send the reply through ``outlet``.

        The person's next input waits until this reply is sent (or its failure recorded), so
        an input is only ever taken as the answer to a question the person has seen."""
        async with self._locks.hold((who.channel, who.external_id)):
            reply = await self._handle(who, inbound, update_id)
            await self._sender.send(reply, outlet, first_try=True)
        return reply

    async def handle(self, who: Who, inbound: Inbound, *, update_id: int | None = None) -> Reply:
        """Apply one input exactly once and put what to send back in the outbox, unsent
        (`deliver` sends it; `respond` does both). A requested report stays a
        `ReportRequest` in ``reply.report``: it is rendered when it is sent."""
        async with self._locks.hold((who.channel, who.external_id)):
            return await self._handle(who, inbound, update_id)

    async def deliver(self, reply: Reply, outlet: Outlet) -> None:
        """Send ``reply`` (from `handle`) through a transport's ``outlet``."""
        await self._sender.send(reply, outlet, first_try=True)

    async def send_pending(self, channel: Channel, outlet_for: Callable[[str], Outlet]) -> int:
        """Send what the transport did not take before, or what a stopped worker left
        unsent: the due rows of ``channel``, per person in order (``outlet_for`` gives the
        outlet for a person's external id). How many people were served."""
        due = await self._sender.due(channel)
        for person in due:
            async with self._locks.hold((channel, person.external_id)):
                reply = await self._sender.claim(person)
                await self._sender.send(reply, outlet_for(person.external_id), first_try=False)
        return len(due)

    async def mark_delivered(self) -> None:
        """Record the replies sent since the last time as sent (the transports call it every
        few seconds and when they stop)."""
        await self._sender.mark_delivered()

    async def forget_sent(self, *, older_than: timedelta) -> int:
        """Forget outbox rows sent long enough ago."""
        return await self._sender.forget_sent(older_than=older_than)

    @asynccontextmanager
    async def holding(self, channel: Channel, person: str) -> AsyncIterator[None]:
        """This process's lock for one person (`respond_next` runs under it, as `respond`
        does): their updates wait in line here instead of each holding a connection."""
        async with self._locks.hold((channel, person)):
            yield

    async def record(self, channel: Channel, updates: Sequence[Recorded]) -> None:
        """Record updates durably (one short transaction) before they are confirmed. NUL
        characters are dropped from the raw JSON: PostgreSQL stores none."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            for item in updates:
                await record_update(
                    session,
                    channel=channel,
                    person=item.person,
                    update_id=item.update_id,
                    payload=storable_json(item.payload),
                    now=now,
                )

    async def respond_next(self, channel: Channel, person: str, read: Reader) -> Applied | None:
        """Apply the person's oldest recorded update not applied yet (None: none left) in one
        transaction that stores its reply in the outbox and marks it applied, then send the
        reply through the outlet ``read`` gave; ``Applied.more`` says whether to call again.
        Call under `holding`.

        Raises ApplyFailedError (after marking the update applied) if applying it raised;
        database errors propagate and leave it recorded, to apply later."""
        failed: list[int] = []
        try:
            for attempt in range(_MAX_STALE_RETRIES):
                try:
                    applied = await self._apply_next_once(channel, person, read, failed)
                    break
                except StaleStateError:
                    log.info("stale state for %s, retry %d", person, attempt + 1)
            else:
                raise RuntimeError("conversation kept changing under us")
        except Exception as exc:
            if not failed or is_unavailable(exc):
                raise
            async with self._sessions() as session, session.begin():
                await lock_person(session, channel, person)
                entry, _ = await next_pending(session, channel, person)
                if entry is not None and entry.update_id == failed[-1]:
                    mark_applied(entry, self._clock())
            raise ApplyFailedError(failed[-1]) from exc
        if applied is None:
            return None
        update_id, sent, more = applied
        if sent is None:
            return Applied(update_id, None, more)
        reply, outlet = sent
        await self._sender.send(reply, outlet, first_try=True)
        return Applied(update_id, reply, more)

    async def _apply_next_once(
        self, channel: Channel, person: str, read: Reader, failed: list[int]
    ) -> tuple[int, tuple[Reply, Outlet] | None, bool] | None:
        now = self._clock()
        async with self._sessions() as session, session.begin():
            await lock_person(session, channel, person)
            entry, more = await next_pending(session, channel, person)
            if entry is None:
                return None
            failed.append(entry.update_id)
            source = read(entry.payload)
            sent = None
            if source is not None:
                who, inbound, outlet = source
                reply = await self._apply(
                    session, storable_who(who), storable_inbound(inbound), now
                )
                sent = reply, outlet
            mark_applied(entry, now)
            failed.pop()
            return entry.update_id, sent, more

    async def pending_people(self, channel: Channel) -> list[str]:
        """Everyone with recorded updates not applied yet, the longest waiting first."""
        async with self._sessions() as session:
            return await pending_people(session, channel)

    async def _handle(self, who: Who, inbound: Inbound, update_id: int | None) -> Reply:
        # NUL bytes and the like never reach the database (PostgreSQL refuses them)
        who, inbound = storable_who(who), storable_inbound(inbound)
        for attempt in range(_MAX_STALE_RETRIES):
            try:
                return await self._handle_once(who, inbound, update_id)
            except StaleStateError:
                # Another worker moved this contribution; redo the input on fresh state.
                log.info("stale state for %s, retry %d", who.external_id, attempt + 1)
        raise RuntimeError("conversation kept changing under us")

    async def due_reminders(self, *, after: timedelta) -> list[Notice]:
        """Mark and return the reminders due now (respondents quiet for ``after``)."""
        return await due_reminders(
            self._sessions, self._clock(), after=after, default_timezone=self.default_timezone
        )

    async def forget_update_ids(self, *, older_than: timedelta) -> int:
        """Forget applied inbox updates and processed update ids Telegram can no longer
        redeliver."""
        before = self._clock() - older_than
        async with self._sessions() as session, session.begin():
            pruned = await prune_inbox(session, before=before)
            return pruned + await prune_processed_updates(session, before=before)

    async def _handle_once(self, who: Who, inbound: Inbound, update_id: int | None) -> Reply:
        now = self._clock()
        async with self._sessions() as session, session.begin():
            await lock_person(session, who.channel, who.external_id)
            if update_id is not None and not await claim_update(session, who.channel, update_id):
                return Reply(duplicate=True)
            return await self._apply(session, who, inbound, now)

    async def _apply(
        self, session: AsyncSession, who: Who, inbound: Inbound, now: datetime
    ) -> Reply:
        """One input's effects and its reply's outbox rows, inside the caller's transaction
        (the person's lock held)."""
        known = await load_known_user(session, channel=who.channel, external_id=who.external_id)
        if known is None:  # first contact: only the id is kept (name, language: `remember`)
            user = await get_or_create_user(
                session, channel=who.channel, external_id=who.external_id
            )
            conversation = await load_conversation(session, user.id)
            contribution = None
        else:
            user, conversation, contribution = known
            refresh_display_name(user, who.display_name)
            lang = pick_lang(user.language or who.language_code, self.default_lang)
            held = await self._sender.held_back(session, user, lang, now)
            if held is not None:
                return held
        turn = Turn(self._context, session, user, conversation, now, who)
        # An erased contribution (/forget) is no place to continue.
        if contribution is not None and contribution.state is not None:
            turn.contribution = contribution
        await route(turn, inbound)
        for failure in turn.failures:
            log.error("the interview engine failed on an input", exc_info=failure)
        turn.reply.lang = turn.lang
        await self._sender.store(session, user.id, turn.reply, now)
        active = turn.contribution.id if turn.contribution else None
        # Most inputs only answer a question: the conversation row is unchanged then, and
        # skipping its UPDATE saves a statement on the hot path.
        if active != conversation.active_contribution_id or turn.ui != conversation.ui:
            await save_conversation(
                session, conversation, active_contribution_id=active, ui=turn.ui, now=now
            )
        return turn.reply
