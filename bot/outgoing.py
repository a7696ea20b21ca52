"""What the chat service hands back to a transport, besides the engine's messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class OutFile:
    """A file to send: a ``photo`` is shown inline in Telegram, a ``document`` as attachment."""

    filename: str
    data: bytes
    kind: Literal["document", "photo"] = "document"
    caption: str = ""
