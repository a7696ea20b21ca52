"""What the chat service hands back to a transport, besides the engine's messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


def deep_link(bot_username: str, token: str) -> str:
    """The Telegram link that opens the bot with ``/start <token>`` (an invite)."""
    return f"https://t.me/{bot_username}?start={token}"


@dataclass(frozen=True, slots=True)
class OutFile:
    """A file to send: a ``photo`` is shown inline in Telegram, a ``document`` as attachment."""

    filename: str
    data: bytes
    kind: Literal["document", "photo"] = "document"
    caption: str = ""
