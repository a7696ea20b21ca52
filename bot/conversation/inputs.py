"""What a person (or a forger) sends, made safe before it reaches the database.

Every input passes `ChatService.handle`, so the rules live here once: a NUL character, which
PostgreSQL refuses in any text (and in JSON), is dropped from typed text, commands, button
data and display names, and from a recorded update's raw JSON (`storable_json`); ids in
button data are read by `parse_id` only.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from bot.conversation.turn import Who
from flows.values import Inbound

__all__ = [
    "ID_MAX",
    "parse_id",
    "storable",
    "storable_inbound",
    "storable_json",
    "storable_who",
]

# Row ids (maps, invites) are INTEGER columns: 32 bits on PostgreSQL, so anything larger can
# name no row (and would make the query itself fail).
ID_MAX = 2**31 - 1

_NUL = "\x00"


def parse_id(raw: str) -> int | None:
    """The row id ``raw`` names, or None: ASCII digits only (``str.isdigit`` also accepts
    ``²`` and ``١``, which ``int`` refuses), no sign, at most `ID_MAX`."""
    if not raw or len(raw) > len(str(ID_MAX)) or not (raw.isascii() and raw.isdigit()):
        return None
    number = int(raw)
    return number if 0 < number <= ID_MAX else None


def storable(text: str) -> str:
    """``text`` without NUL characters (PostgreSQL stores no NUL in text or JSON)."""
    return text.replace(_NUL, "") if _NUL in text else text


def storable_inbound(inbound: Inbound) -> Inbound:
    """The input with every text field `storable` (unchanged, and not copied, if it was)."""
    fields = (inbound.text, inbound.command, inbound.args, inbound.data, inbound.content)
    if not any(_NUL in field for field in fields):
        return inbound
    return replace(
        inbound,
        text=storable(inbound.text),
        command=storable(inbound.command),
        args=storable(inbound.args),
        data=storable(inbound.data),
        content=storable(inbound.content),
    )


def storable_who(who: Who) -> Who:
    """The sender with a `storable` display name."""
    if _NUL not in who.display_name:
        return who
    return replace(who, display_name=storable(who.display_name))


def storable_json(value: dict[str, Any]) -> dict[str, Any]:
    """A raw update's JSON with every string (keys too) `storable`; unchanged, and not
    copied, if it has no NUL (one dump looks)."""
    if "\\u0000" not in json.dumps(value):
        return value
    return {storable(k): _without_nul(v) for k, v in value.items()}


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable(str(k)): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value
