"""Updates python-telegram-bot cannot read: skipped with one log line, never retried.

PTB reads an update into objects with required fields; one that lacks them (or has a field of
the wrong type) raises. Telegram would deliver it again and again, so it is confirmed and left
out: the person's other updates go on.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot, Update

__all__ = ["read_update", "readable_batch"]

log = logging.getLogger(__name__)


def read_update(data: Any, bot: Bot | None) -> Update | None:
    """The update in ``data``, or None (logged once) if PTB cannot read it."""
    try:
        return Update.de_json(data, bot)
    except Exception as exc:  # PTB raises KeyError, TypeError, ValueError... on bad fields
        update_id = data.get("update_id") if isinstance(data, dict) else None
        log.warning(
            "skipped update %s: python-telegram-bot cannot read it (%s: %s)",
            update_id,
            type(exc).__name__,
            exc,
        )
        return None


def readable_batch(batch: list[Any]) -> list[Any]:
    """A getUpdates result with each unreadable update reduced to its bare ``update_id`` (which
    PTB reads, confirms and hands to no handler); one without a usable id is left out."""
    readable: list[Any] = []
    for data in batch:
        if read_update(data, None) is not None:
            readable.append(data)
        elif isinstance(data, dict) and isinstance(data.get("update_id"), int):
            readable.append({"update_id": data["update_id"]})
    return readable
