"""A transport for tests: records what `ChatService.deliver` sends, in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.chat.service import ChatService, Notice, OutFile, Reply
from flows.values import OutMessage

__all__ = ["RecordingOutlet", "delivered"]


@dataclass
class RecordingOutlet:
    """Everything delivered, as ``(kind, item)`` events in order, and per kind."""

    events: list[tuple[str, object]] = field(default_factory=list)
    messages: list[OutMessage] = field(default_factory=list)
    files: list[OutFile] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    async def send_messages(self, messages: Sequence[OutMessage]) -> None:
        self.messages.extend(messages)
        self.events.extend(("message", m) for m in messages)

    async def show_working(self) -> None:
        self.events.append(("working", None))

    async def send_files(self, files: Sequence[OutFile]) -> None:
        self.files.extend(files)
        self.events.extend(("file", f) for f in files)

    async def send_notices(self, notices: Sequence[Notice]) -> None:
        self.notices.extend(notices)
        self.events.extend(("notice", n) for n in notices)


async def delivered(service: ChatService, reply: Reply) -> RecordingOutlet:
    """Deliver ``reply`` as a transport would and return what was sent."""
    outlet = RecordingOutlet()
    await service.deliver(reply, outlet)
    return outlet
