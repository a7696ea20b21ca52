"""What one input hands back to its transport: messages, files, a report to render, notices.

Plain values only: the transports turn them into Telegram calls or terminal lines, in the one
order `bot.chat.delivery.deliver` keeps for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from flows.domain import JourneyMapData, Role
from flows.i18n import Lang
from flows.values import OutMessage
from storage.models import Channel

__all__ = [
    "FileBatch",
    "Item",
    "Notice",
    "OutFile",
    "Parcel",
    "Reply",
    "ReportRequest",
    "deep_link",
]


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


@dataclass(frozen=True, slots=True)
class Notice:
    """A message to someone other than the sender (an owner told that a customer finished)."""

    channel: Channel
    external_id: str
    text: str


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """A report to render after the commit: the map as read inside the transaction (a
    consistent snapshot) and the filter asked for. Rendering takes seconds and needs no
    database, so it happens outside the transaction."""

    data: JourneyMapData
    personas: tuple[str, ...] | None = None
    roles: tuple[Role, ...] | None = None


@dataclass(frozen=True, slots=True)
class FileBatch:
    """Files sent together (a QR code, an export)."""

    files: tuple[OutFile, ...]


# One thing to send, in the order `bot.chat.delivery` sends them.
Item = OutMessage | ReportRequest | FileBatch


@dataclass(frozen=True, slots=True)
class Parcel:
    """An item to send and its outbox row (``id`` None: a note about this input only, never
    stored); ``failures``: how often Telegram refused it before."""

    id: int | None
    item: Item
    failures: int = 0


@dataclass(slots=True)
class Reply:
    """What to send back. ``duplicate`` marks a redelivered update that was not applied again."""

    messages: list[OutMessage] = field(default_factory=list)
    files: list[OutFile] = field(default_factory=list)
    lang: Lang = "nl"
    duplicate: bool = False
    report: ReportRequest | None = None
    notices: list[Notice] = field(default_factory=list)
    # Shown after the files (e.g. the current question again, below a report).
    followup: list[OutMessage] = field(default_factory=list)
    # All of the above but the notices, in sending order, as stored in the outbox (set by
    # the chat service when the turn commits; what `deliver` sends).
    parcels: list[Parcel] = field(default_factory=list)
    user_id: int | None = None  # whose outbox rows the parcels are

    def items(self) -> list[Item]:
        """What to send to the person, in the one order every transport keeps: messages, the
        report, other files, then the follow-up."""
        items: list[Item] = list(self.messages)
        if self.report is not None:
            items.append(self.report)
        if self.files:
            items.append(FileBatch(tuple(self.files)))
        items.extend(self.followup)
        return items
