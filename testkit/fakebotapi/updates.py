"""Pending updates with Telegram's delivery semantics.

An update stays pending until a getUpdates call with a higher ``offset`` confirms it (or, in
webhook mode, until the webhook answered 2xx), so a bot killed mid-batch gets it again.
All operations are O(1) per update: a deque ordered by update_id plus a few counters.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from typing import Any

__all__ = ["UpdateQueue"]

JSONDict = dict[str, Any]


class UpdateQueue:
    """The bot's pending updates, delivered by getUpdates or to the webhook."""

    def __init__(self, first_update_id: int = 1) -> None:
        self._next_id = first_update_id
        self.pending: deque[JSONDict] = deque()
        self.extra_copies: deque[JSONDict] = deque()
        self.in_flight = 0
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

    async def wait(self, within: float) -> None:
        """Wait until an update is pushed (or the timeout passes)."""
        if self.pending or self.extra_copies:
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
        if self.extra_copies:
            update = self.extra_copies.popleft()
        elif self.pending:
            update = self.pending.popleft()
        else:
            return None
        self.in_flight += 1
        self._note_delivered([update])
        return update

    def webhook_done(self, update: JSONDict, *, ok: bool) -> None:
        self.in_flight -= 1
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
