"""The transport-neutral chat service: one input in, one transaction, messages and files out.

Every transport calls `ChatService.respond`; it loads the user's conversation, routes the
input (`bot.chat.routing`) and stores answers, the new engine state, the processed update id
and the reply (the outbox, `storage.outbox`) in ONE transaction, on one code path for every
kind of input; then it sends the reply and marks it sent. The feature modules work on the
`Turn` of that transaction.

A reply Telegram did not accept stays in the outbox and is sent again (`send_pending`, the
transport's periodic sweep; or before anything else when the person writes next). An input
that arrives while the person has not yet received the bot's last reply is not taken as an
answer: they never saw the question it would answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.delivery import NotDelivered, Outlet, send_item
from bot.chat.outbox import decode, encode
from bot.chat.routing import route
from bot.conversation.keyed_lock import KeyedLock
from bot.conversation.outgoing import Notice, OutFile, Parcel, Reply, ReportRequest, deep_link
from bot.conversation.texts import T
from bot.conversation.turn import Turn, TurnContext, Who
from bot.features.interview import MAP_BUTTON_PREFIX, OWNER_FLOW
from bot.features.reminders import due_reminders
from flows.i18n import Lang, pick_lang
from flows.schema import Flow, builtin_flow
from flows.values import Inbound, OutMessage
from reports.formats import Format
from storage.contributions import StaleStateError
from storage.conversations import load_conversation, load_known_user, save_conversation
from storage.models import Channel, User
from storage.outbox import (
    Queued,
    claim_due,
    claim_rows,
    due_recipients,
    enqueue,
    mark_failed,
    mark_sent,
    prune_sent,
    unsent,
)
from storage.types import utcnow
from storage.updates import claim_update, prune_processed_updates
from storage.users import get_or_create_user, refresh_display_name

__all__ = [
    "MAP_BUTTON_PREFIX",
    "OWNER_FLOW",
    "ChatService",
    "Notice",
    "OutFile",
    "Outlet",
    "Reply",
    "ReportRequest",
    "Who",
]

log = logging.getLogger(__name__)

_MAX_STALE_RETRIES = 3
# How long the worker that wrote a reply owns it: past that, the sweep may send it (the worker
# died between commit and send). Sends take well under a second, a report a few seconds.
OWNED_FOR = timedelta(seconds=60)


def retry_delay(failures: int) -> timedelta:
    """When to try again after the ``failures``-th refused send: 5 s, 15 s, 45 s … 5 min."""
    return timedelta(seconds=min(5 * 3 ** max(failures - 1, 0), 300))


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
    ) -> None:
        self._sessions = sessions
        self.default_lang = default_lang
        self._clock = clock
        self._report_formats = report_formats
        self._locks = KeyedLock()
        # Outbox rows sent but not yet marked sent, by user id: `mark_delivered` marks them
        # all in one transaction every few seconds — a transaction per reply would cost a
        # third of an input's time (docs/benchmarks.md).
        self._delivered: dict[int, list[int]] = {}
        self._flows: dict[str, Flow] = {}
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

    def flow(self, flow_id: str) -> Flow:
        if flow_id not in self._flows:
            self._flows[flow_id] = builtin_flow(flow_id)
        return self._flows[flow_id]

    async def respond(
        self, who: Who, inbound: Inbound, outlet: Outlet, *, update_id: int | None = None
    ) -> Reply:
        """Apply one input exactly once and send the reply through ``outlet``.

        The person's next input waits until this reply is sent (or its failure recorded), so
        an input is only ever taken as the answer to a question the person has seen."""
        async with self._locks.hold((who.channel, who.external_id)):
            reply = await self._handle(who, inbound, update_id)
            await self._deliver(reply, outlet, first_try=True)
        return reply

    async def handle(self, who: Who, inbound: Inbound, *, update_id: int | None = None) -> Reply:
        """Apply one input exactly once and store what to send back in the outbox, without
        sending it (`deliver` does; `respond` does both). A requested report stays a
        `ReportRequest` in ``reply.report``: it is rendered when it is sent."""
        async with self._locks.hold((who.channel, who.external_id)):
            return await self._handle(who, inbound, update_id)

    async def deliver(self, reply: Reply, outlet: Outlet) -> None:
        """Send ``reply`` (from `handle`) through a transport's ``outlet`` and mark it sent."""
        await self._deliver(reply, outlet, first_try=True)

    async def send_pending(self, channel: Channel, outlet_for: Callable[[str], Outlet]) -> int:
        """Send what Telegram did not accept before, or what a stopped worker left unsent:
        the rows of ``channel`` that are due, per person in order. ``outlet_for`` gives the
        outlet for a person's external id. Returns how many people were served."""
        await self.mark_delivered()
        now = self._clock()
        async with self._sessions() as session:
            due = await due_recipients(session, channel, now=now)
        for person in due:
            async with self._locks.hold((channel, person.external_id)):
                now = self._clock()
                async with self._sessions() as session, session.begin():
                    # Sent since `mark_delivered` above: not to be sent again.
                    delivered = self._delivered.get(person.user_id, [])
                    await mark_sent(session, delivered, now=now)
                    rows = await claim_due(session, person.user_id, now=now, until=now + OWNED_FOR)
                self._delivered.pop(person.user_id, None)
                lang = pick_lang(person.language, self.default_lang)
                reply = Reply(
                    lang=lang, user_id=person.user_id, parcels=[_parcel(row) for row in rows]
                )
                await self._deliver(reply, outlet_for(person.external_id), first_try=False)
        return len(due)

    async def mark_delivered(self) -> None:
        """Record the replies sent since the last time as sent, in one transaction (the
        transports call it every few seconds and when they stop)."""
        delivered = {user: list(ids) for user, ids in self._delivered.items() if ids}
        if not delivered:
            return
        async with self._sessions() as session, session.begin():
            await mark_sent(
                session, [i for ids in delivered.values() for i in ids], now=self._clock()
            )
        for user, ids in delivered.items():
            marked = set(ids)
            left = [i for i in self._delivered.get(user, ()) if i not in marked]
            if left:
                self._delivered[user] = left
            else:
                self._delivered.pop(user, None)

    async def forget_sent(self, *, older_than: timedelta) -> int:
        """Forget outbox rows sent long enough ago (the chat has them; keep no copy)."""
        async with self._sessions() as session, session.begin():
            return await prune_sent(session, before=self._clock() - older_than)

    async def _handle(self, who: Who, inbound: Inbound, update_id: int | None) -> Reply:
        for attempt in range(_MAX_STALE_RETRIES):
            try:
                reply = await self._handle_once(who, inbound, update_id)
            except StaleStateError:
                # Another worker moved this contribution; redo the input on fresh state.
                log.info("stale state for %s, retry %d", who.external_id, attempt + 1)
            else:
                return reply
        raise RuntimeError("conversation kept changing under us")

    async def _deliver(self, reply: Reply, outlet: Outlet, *, first_try: bool) -> None:
        """Send the reply's parcels in order. The sent ones are marked sent later (see
        ``_delivered``); at a send the transport could not make now, that one and the rest
        are recorded as failed at once, to be sent again, with a word to the person if this
        was the first try. Notices to other people go out either way."""
        sent: list[int] = []
        failed: list[Parcel] = []
        for index, parcel in enumerate(reply.parcels):
            try:
                await send_item(parcel.item, outlet, self._report_formats, reply.lang)
            except NotDelivered as exc:
                log.warning("reply not delivered, sent again later: %s", exc)
                failed = reply.parcels[index:]
                break
            except Exception:
                log.exception("an outgoing item could not be sent; dropped")
            if parcel.id is not None:
                sent.append(parcel.id)
        failed_ids = [p.id for p in failed if p.id is not None]
        if failed_ids:
            now = self._clock()
            retry_at = now + retry_delay(max(p.failures for p in failed) + 1)
            async with self._sessions() as session, session.begin():
                await mark_sent(session, sent, now=now)
                await mark_failed(session, failed_ids, retry_at=retry_at)
        elif sent:
            assert reply.user_id is not None
            self._delivered.setdefault(reply.user_id, []).extend(sent)
        if failed and first_try:
            await _try_to_say(outlet, T("reply_delayed", reply.lang))
        if reply.notices:
            await outlet.send_notices(reply.notices)

    async def due_reminders(self, *, after: timedelta) -> list[Notice]:
        """Mark and return the reminders due now (respondents quiet for ``after``)."""
        return await due_reminders(
            self._sessions, self._clock(), after=after, default_timezone=self.default_timezone
        )

    async def forget_update_ids(self, *, older_than: timedelta) -> int:
        """Forget processed update ids Telegram can no longer redeliver."""
        async with self._sessions() as session, session.begin():
            return await prune_processed_updates(session, before=self._clock() - older_than)

    async def _handle_once(self, who: Who, inbound: Inbound, update_id: int | None) -> Reply:
        now = self._clock()
        async with self._sessions() as session, session.begin():
            if update_id is not None and not await claim_update(session, who.channel, update_id):
                return Reply(duplicate=True)
            known = await load_known_user(session, channel=who.channel, external_id=who.external_id)
            if known is None:  # first contact
                user = await get_or_create_user(
                    session,
                    channel=who.channel,
                    external_id=who.external_id,
                    display_name=who.display_name,
                    language=pick_lang(who.language_code, self.default_lang),
                )
                conversation = await load_conversation(session, user.id)
                contribution = None
            else:
                user, conversation, contribution = known
                refresh_display_name(user, who.display_name)
                held = await self._held_back(session, user, now)
                if held is not None:
                    return held
            turn = Turn(self._context, session, user, conversation, now)
            # An erased contribution (/forget) is no place to continue.
            if contribution is not None and contribution.state is not None:
                turn.contribution = contribution
            await route(turn, inbound)
            for failure in turn.failures:
                log.error("the interview engine failed on an input", exc_info=failure)
            turn.reply.lang = turn.lang
            items = turn.reply.items()
            ids = await enqueue(
                session,
                user.id,
                [encode(item) for item in items],
                now=now,
                owned_until=now + OWNED_FOR,
            )
            turn.reply.parcels = [Parcel(id, item) for id, item in zip(ids, items, strict=True)]
            turn.reply.user_id = user.id
            active = turn.contribution.id if turn.contribution else None
            # Most inputs only answer a question: the conversation row is unchanged then, and
            # skipping its UPDATE saves a statement on the hot path.
            if active != conversation.active_contribution_id or turn.ui != conversation.ui:
                await save_conversation(
                    session, conversation, active_contribution_id=active, ui=turn.ui, now=now
                )
            return turn.reply

    async def _held_back(self, session: AsyncSession, user: User, now: datetime) -> Reply | None:
        """If the person has not received the bot's last reply (Telegram refused it, or the
        worker sending it stopped), the reply that sends it now instead of taking the input:
        they wrote without seeing the question it would answer. None otherwise (the usual)."""
        delivered = set(self._delivered.get(user.id, ()))
        rows = [
            r
            for r in await unsent(session, user.id)
            if r.id not in delivered and (r.failures or r.retry_at <= now)
        ]
        if not rows:
            return None
        await claim_rows(session, [r.id for r in rows], until=now + OWNED_FOR)
        lang = pick_lang(user.language, self.default_lang)
        note = OutMessage(T("held_back", lang), kind="error")
        parcels = [Parcel(None, note), *map(_parcel, rows)]
        return Reply(lang=lang, user_id=user.id, parcels=parcels)


def _parcel(row: Queued) -> Parcel:
    return Parcel(row.id, decode(row.payload), row.failures)


async def _try_to_say(outlet: Outlet, text: str) -> None:
    """Tell the person something if the transport lets us now (it just refused a send)."""
    try:
        await outlet.send_messages([OutMessage(text, kind="error")])
    except Exception as exc:  # a courtesy: the reply itself is safe in the outbox
        log.info("could not say that the reply comes later: %s", exc)
