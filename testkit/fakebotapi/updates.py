"""Pending updates with Telegram's delivery semantics.

An update stays pending until a getUpdates call with a higher ``offset`` confirms it (or, in
webhook mode, until the webhook answered 2xx), so a bot killed mid-batch gets it again.
Polling is O(1) per update: a deque ordered by update_id plus a few counters. Webhook delivery
sends one update per queue at a time (`webhook_queue`), as Telegram's Bot API server does, and
so looks past the updates of chats that have one in flight.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from typing import Any

__all__ = ["UpdateQueue", "webhook_queue"]

JSONDict = dict[str, Any]


def webhook_queue(update: JSONDict) -> tuple[str, int]:
    """The queue an update is delivered in. Telegram's Bot API server (its WebhookActor) posts
    the updates of one queue one after another, each once the previous one was answered 2xx,
    and different queues side by side over its connections: a chat's messages share one, a
    person's button presses have one of their own."""
    query = update.get("callback_query")
    if query is not None:
        return "callback_query", int(query["from"]["id"])
    for kind in ("message", "edited_message"):
        message = update.get(kind)
        if message is not None:
            return "chat", int(message["chat"]["id"])
    return "update", int(update["update_id"])


class UpdateQueue:
    """The bot's pending updates, delivered by getUpdates or to the webhook."""

    def __init__(self, first_update_id: int = 1) -> None:
        self._next_id = first_update_id
        self.pending: deque[JSONDict] = deque()
        self.extra_copies: deque[JSONDict] = deque()
        self.in_flight = 0
        self._sending: set[tuple[str, int]] = set()  # webhook queues with an update in flight
        self.delivered = 0
        self._duplicate_ids: dict[int, int] = {}
        self._duplicate_next = 0
        self._hold_for_reorder = 0
        self._held: list[JSONDict] = []
        self._waiters: list[asyncio.Future[None]] = []

    # --- producing -------------------------------------------------------------------------
    def push(self, payload: JSONDict) -> int | None:
        """Queue an update (payload without update_id); return its id, None while held back."""
        if self._hold_for_reorder:
            self._held.append(payload)
            if len(self._held) < self._hold_for_reorder:
                return None
            held, self._held, self._hold_for_reorder = self._held, [], 0
            for item in reversed(held):
                self._append(item)
            return None
        return self._append(payload)

    def _append(self, payload: JSONDict) -> int:
        update_id = self._next_id
        self._next_id += 1
        self.pending.append({"update_id": update_id, **payload})
        if self._duplicate_next:
            self._duplicate_ids[update_id] = self._duplicate_next - 1
            self._duplicate_next = 0
        self._wake()
        return update_id

    def duplicate_next(self, times: int = 2) -> None:
        """Deliver the next queued update ``times`` times in total."""
        self._duplicate_next = times

    def reorder_next(self, count: int) -> None:
        """Hold the next ``count`` updates back, then queue them in reverse order."""
        self._hold_for_reorder = count

    def _wake(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    # --- polling ---------------------------------------------------------------------------
    def confirm(self, offset: int | None) -> None:
        """Forget updates below ``offset``; a negative offset keeps only the last -offset."""
        if not offset:
            return
        pending = self.pending
        if offset > 0:
            while pending and pending[0]["update_id"] < offset:
                pending.popleft()
        else:
            while len(pending) > -offset:
                pending.popleft()

    def take(self, limit: int) -> list[JSONDict]:
        """The next batch for getUpdates: redelivered copies first, then pending updates."""
        batch: list[JSONDict] = []
        while self.extra_copies and len(batch) < limit:
            batch.append(self.extra_copies.popleft())
        batch.extend(itertools.islice(self.pending, limit - len(batch)))
        self._note_delivered(batch)
        return batch

    def _note_delivered(self, batch: list[JSONDict]) -> None:
        self.delivered += len(batch)
        if not self._duplicate_ids:
            return
        for update in batch:
            copies = self._duplicate_ids.pop(update["update_id"], 0)
            self.extra_copies.extend([update] * copies)

    async def wait(self, within: float, *, webhook: bool = False) -> None:
        """Wait until an update is pushed (or the timeout passes); for the ``webhook``, until
        one can be sent (its queue has none in flight)."""
        ready = self._sendable() if webhook else bool(self.pending or self.extra_copies)
        if ready:
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(asyncio.shield(waiter), within)
        except TimeoutError:
            pass
        finally:
            if not waiter.done():
                waiter.cancel()

    def wake_all(self) -> None:
        """Release waiting long polls (e.g. when a newer poll or a webhook takes over)."""
        self._wake()

    # --- webhook ---------------------------------------------------------------------------
    def next_for_webhook(self) -> JSONDict | None:
        """The next update to post: a redelivered copy first, then the oldest pending one,
        of a queue with none in flight (`webhook_queue`); None if there is none."""
        for source in (self.extra_copies, self.pending):
            for index, update in enumerate(source):
                queue = webhook_queue(update)
                if queue in self._sending:
                    continue
                del source[index]
                self._sending.add(queue)
                self.in_flight += 1
                self._note_delivered([update])
                return update
        return None

    def _sendable(self) -> bool:
        return any(
            webhook_queue(update) not in self._sending
            for source in (self.extra_copies, self.pending)
            for update in source
        )

    def webhook_done(self, update: JSONDict, *, ok: bool) -> None:
        """The webhook answered ``update`` (``ok``: 2xx); its queue may send the next one."""
        self.in_flight -= 1
        self._sending.discard(webhook_queue(update))
        if not ok:
            self.pending.appendleft(update)
        self._wake()

    # --- state -----------------------------------------------------------------------------
    @property
    def settled(self) -> bool:
        """Nothing pending, nothing held back, nothing being delivered."""
        return not (self.pending or self.extra_copies or self._held or self.in_flight)

    def drop_all(self) -> None:
        self.pending.clear()
        self.extra_copies.clear()
