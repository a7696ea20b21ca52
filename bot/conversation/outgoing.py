"""What one input hands back to its transport: messages, files, a report to render, notices.

Plain values only: the transports turn them into Telegram calls or terminal lines, in the one
order `bot.chat.delivery.deliver` keeps for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from flows.domain import JourneyMapData, Role
from flows.i18n import Lang
from flows.values import OutMessage
from storage.models import Channel

__all__ = ["Notice", "OutFile", "Reply", "ReportRequest", "deep_link"]


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

    def to_json(self) -> dict[str, Any]:
        """Plain JSON, kept until the report is sent (a crash mid-render redoes it)."""
        return {
            "data": self.data.model_dump(mode="json"),
            "personas": list(self.personas) if self.personas is not None else None,
            "roles": list(self.roles) if self.roles is not None else None,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> ReportRequest:
        personas, roles = value.get("personas"), value.get("roles")
        return cls(
            JourneyMapData.model_validate(value["data"]),
            tuple(personas) if personas is not None else None,
            tuple(roles) if roles is not None else None,
        )


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
