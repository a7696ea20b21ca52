"""reply_markup validation (Telegram's limits) and parsing into Keyboard records."""

from __future__ import annotations

from typing import Any

from . import errors
from .records import Button, Keyboard

__all__ = [
    "INLINE_ACTIONS",
    "MAX_BUTTONS",
    "MAX_CALLBACK_DATA_BYTES",
    "keyboard_json",
    "parse_markup",
]

MAX_BUTTONS = 100
MAX_CALLBACK_DATA_BYTES = 64
INLINE_ACTIONS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "login_url",
    "web_app",
    "callback_game",
    "pay",
    "copy_text",
)


def parse_markup(raw: Any) -> Keyboard | None:
    """Validate a decoded reply_markup object; raise ApiFailureError with Telegram's error text."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise errors.bad_request(errors.MARKUP_NOT_OBJECT)
    if "inline_keyboard" in raw:
        return Keyboard("inline", _rows(raw["inline_keyboard"], inline=True), raw)
    if "keyboard" in raw:
        return Keyboard("reply", _rows(raw["keyboard"], inline=False), raw)
    if raw.get("remove_keyboard"):
        return Keyboard("remove", (), raw)
    if raw.get("force_reply"):
        return Keyboard("force_reply", (), raw)
    raise errors.bad_request(errors.MARKUP_NOT_OBJECT)


def _rows(rows: Any, *, inline: bool) -> tuple[tuple[Button, ...], ...]:
    field = "inline_keyboard" if inline else "keyboard"
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise errors.bad_request(f'Bad Request: field "{field}" must be an Array of Arrays')
    count = sum(len(row) for row in rows)
    if count > MAX_BUTTONS:
        raise errors.bad_request(errors.MARKUP_TOO_LONG)
    return tuple(tuple(_button(item, inline=inline) for item in row) for row in rows)


def _button(item: Any, *, inline: bool) -> Button:
    if not inline and isinstance(item, str):
        return Button(item)
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise errors.bad_request('Bad Request: can\'t find field "text"')
    text: str = item["text"]
    if not inline:
        return Button(text)
    actions = [name for name in INLINE_ACTIONS if name in item]
    if not actions:
        raise errors.bad_request("Bad Request: text buttons are unallowed in the inline keyboard")
    data = item.get("callback_data")
    if data is not None:
        size = len(str(data).encode("utf-8"))
        if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
            raise errors.bad_request(errors.BUTTON_DATA_INVALID)
    url = item.get("url")
    return Button(text, str(data) if data is not None else None, str(url) if url else None)


def keyboard_json(keyboard: Keyboard | None) -> dict[str, Any] | None:
    """What Telegram echoes back in the Message: only inline keyboards are part of it."""
    if keyboard is None or keyboard.kind != "inline":
        return None
    return keyboard.raw
