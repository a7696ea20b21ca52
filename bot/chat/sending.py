"""Replies through the outbox: stored with the input they answer, sent after the commit.

The chat service stores a turn's reply in the turn's own transaction (`Sender.store`) and
sends it once that committed (`Sender.send`). What the transport took is recorded as sent in
one batch every few seconds (`mark_delivered`): a transaction per reply would cost a third of
an input's time (docs/benchmarks.md). What the transport could not send now (`NotDelivered`)
is recorded at once with a back-off, and sent again by the transport's sweep (`due` and
`claim`) or, if the person writes first, instead of handling what they wrote (`held_back`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.delivery import NotDelivered, Outlet, send_item
from bot.chat.outbox import decode, encode
from bot.conversation.outgoing import Parcel, Reply
from bot.conversation.texts import T
from flows.i18n import Lang, pick_lang
from flows.values import OutMessage
from reports.formats import Format
from storage.models import Channel, User
from storage.outbox import (
    Due,
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

__all__ = ["OWNED_FOR", "Sender", "retry_delay"]

log = logging.getLogger(__name__)

# How long the worker that wrote a reply owns it: past that, the sweep may send it (the worker
# died between commit and send). Sends take well under a second, a report a few seconds.
OWNED_FOR = timedelta(seconds=60)


def retry_delay(failures: int) -> timedelta:
    """When to try again after the ``failures``-th refused send: 5 s, 15 s, 45 s … 5 min."""
    return timedelta(seconds=min(5 * 3 ** max(failures - 1, 0), 300))


class Sender:
    """Stores, sends and records the replies of one chat service (one per process)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Callable[[], datetime],
        report_formats: Sequence[Format],
        default_lang: Lang,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._formats = report_formats
        self._default_lang = default_lang
        # Rows the transport took, by user id, not yet recorded as sent (`mark_delivered`).
        self._delivered: dict[int, list[int]] = {}

    async def store(self, session: AsyncSession, user_id: int, reply: Reply, now: datetime) -> None:
        """Put ``reply`` in the outbox of ``user_id`` in the turn's transaction, owned by
        this process for `OWNED_FOR`; its parcels name the rows."""
        items = reply.items()
        payloads = [encode(item) for item in items]
        ids = await enqueue(session, user_id, payloads, now=now, owned_until=now + OWNED_FOR)
        reply.parcels = [Parcel(id, item) for id, item in zip(ids, items, strict=True)]
        reply.user_id = user_id

    async def held_back(
        self, session: AsyncSession, user: User, lang: Lang, now: datetime
    ) -> Reply | None:
        """If the person has not received the bot's last reply (Telegram refused it, or the
        worker sending it stopped), the reply that sends it now, in ``lang``, instead of
        taking the input: they wrote without seeing the question it would answer. None
        otherwise (the usual)."""
        delivered = set(self._delivered.get(user.id, ()))
        rows = [
            r
            for r in await unsent(session, user.id)
            if r.id not in delivered and (r.failures or r.retry_at <= now)
        ]
        if not rows:
            return None
        await claim_rows(session, [r.id for r in rows], until=now + OWNED_FOR)
        note = OutMessage(T("held_back", lang), kind="error")
        return Reply(lang=lang, user_id=user.id, parcels=[Parcel(None, note), *map(_parcel, rows)])

    async def due(self, channel: Channel) -> list[Due]:
        """The people of ``channel`` with rows due for sending now."""
        await self.mark_delivered()
        async with self._sessions() as session:
            return await due_recipients(session, channel, now=self._clock())

    async def claim(self, person: Due) -> Reply:
        """Take the person's due rows for sending (call it holding their lock)."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            # Sent since the last `mark_delivered`: not to be sent again.
            await mark_sent(session, self._delivered.get(person.user_id, []), now=now)
            rows = await claim_due(session, person.user_id, now=now, until=now + OWNED_FOR)
        self._delivered.pop(person.user_id, None)
        lang = pick_lang(person.language, self._default_lang)
        return Reply(lang=lang, user_id=person.user_id, parcels=[_parcel(row) for row in rows])

    async def send(self, reply: Reply, outlet: Outlet, *, first_try: bool) -> None:
        """Send the reply's parcels in order. The ones taken are recorded as sent later; at
        one the transport could not send now, that one and the rest are recorded as failed
        at once, to be sent again, with a word to the person on the first try. Notices to
        other people go out either way."""
        sent: list[int] = []
        failed: list[Parcel] = []
        for index, parcel in enumerate(reply.parcels):
            try:
                await send_item(parcel.item, outlet, self._formats, reply.lang)
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

    async def mark_delivered(self) -> None:
        """Record what the transports took since the last time as sent, in one transaction."""
        delivered = {user: list(ids) for user, ids in self._delivered.items() if ids}
        if not delivered:
            return
        async with self._sessions() as session, session.begin():
            ids = [i for user_ids in delivered.values() for i in user_ids]
            await mark_sent(session, ids, now=self._clock())
        for user, user_ids in delivered.items():
            marked = set(user_ids)
            left = [i for i in self._delivered.get(user, ()) if i not in marked]
            if left:
                self._delivered[user] = left
            else:
                self._delivered.pop(user, None)

    async def forget_sent(self, *, older_than: timedelta) -> int:
        """Forget rows sent long enough ago (the chat has them; keep no copy)."""
        async with self._sessions() as session, session.begin():
            return await prune_sent(session, before=self._clock() - older_than)


def _parcel(row: Queued) -> Parcel:
    return Parcel(row.id, decode(row.payload), row.failures)


async def _try_to_say(outlet: Outlet, text: str) -> None:
    """Tell the person something if the transport lets us now (it just refused a send)."""
    try:
        await outlet.send_messages([OutMessage(text, kind="error")])
    except Exception as exc:  # a courtesy: the reply itself is safe in the outbox
        log.info("could not say that the reply comes later: %s", exc)
