"""The terminal chat: the same service and database as Telegram, one line per answer.

Choices are shown as numbered options and answered by number; it works the same when stdin is
a pipe, so an interview can be scripted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final, TextIO

from bot.chat.service import ChatService, Notice, OutFile, Who
from bot.conversation.texts import T
from flows.i18n import Lang
from flows.values import Button, Inbound, OutMessage

__all__ = ["TerminalChat", "format_message", "parse_line"]

CHANNEL: Final = "terminal"


def parse_line(line: str, choices: Mapping[str, Button]) -> Inbound:
    """A typed line as an input: a shown option's number (or key) picks it, ``/cmd args`` is a
    command, anything else is text."""
    text = line.strip().replace("−", "-")
    picked = choices.get(text) or choices.get(text.removeprefix("+"))
    if picked is not None:
        return Inbound(kind="button", data=picked.data, text=text)
    if text.startswith("/") and len(text) > 1:
        name, _, args = text[1:].partition(" ")
        return Inbound(kind="command", command=name.lower(), args=args.strip(), text=text)
    return Inbound(kind="text", text=line.rstrip("\r\n"))


def format_message(message: OutMessage) -> tuple[str, dict[str, Button]]:
    """The text with its buttons as a list of what to type for each: the button's own key
    where it has one (a scale point is typed as itself: ``-2``), else a number counted on
    from the highest key (so a number never has two readings)."""
    buttons = [button for row in message.buttons for button in row]
    keys = [int(b.key) for b in buttons if b.key.lstrip("-").isdigit()]
    number = max([0, *keys]) + 1
    choices: dict[str, Button] = {}
    lines = [message.text]
    for button in buttons:
        key = button.key
        if not key:
            key, number = str(number), number + 1
        choices[key] = button
        lines.append(f"  {key}. {button.label}")
    return "\n".join(lines), choices


class TerminalChat:
    """Reads lines, hands them to the service, prints the reply and saves report files."""

    def __init__(
        self,
        service: ChatService,
        *,
        user: str,
        lang: Lang,
        reports_dir: Path,
        stdin: TextIO,
        stdout: TextIO,
        echo_input: bool = False,
    ) -> None:
        self._service = service
        self._who = Who(CHANNEL, user, display_name=user, language_code=lang)
        self._lang = lang
        self._reports_dir = reports_dir
        self._stdin = stdin
        self._stdout = stdout
        self._echo = echo_input
        self._choices: dict[str, Button] = {}

    async def run(self) -> None:
        self._say(T("chat_intro", self._lang))
        await self._send(Inbound(kind="command", command="start"))
        while True:
            line = await asyncio.to_thread(self._stdin.readline)
            if not line:  # end of input: everything is already stored
                self._say("\n" + T("chat_bye", self._lang))
                return
            if self._echo:
                self._say(f"> {line.rstrip()}")
            if not line.strip() and not self._choices:
                continue
            await self._send(parse_line(line, self._choices))

    async def _send(self, inbound: Inbound) -> None:
        reply = await self._service.respond(self._who, inbound, self)
        self._lang = reply.lang
        # Printed is delivered; a person types slower than this costs (Telegram batches it).
        await self._service.mark_delivered()

    async def send_messages(self, messages: Sequence[OutMessage]) -> None:
        """Print messages, their choices numbered."""
        self._print(messages)

    async def show_working(self) -> None:
        """Nothing to show: the messages already said the report is being made."""

    async def send_files(self, files: Sequence[OutFile]) -> None:
        """Save files into the reports folder and say where they are."""
        paths = self._save(files)
        self._say(T("report_written", self._lang, paths=", ".join(str(p) for p in paths)))

    async def send_notices(self, notices: Sequence[Notice]) -> None:
        """Nobody else is reachable from a terminal; a notice is for other transports."""

    def _print(self, messages: Sequence[OutMessage]) -> None:
        for message in messages:
            text, choices = format_message(message)
            self._say(text)
            # Numbers answer the latest choices shown; a plain question clears them, so a
            # typed "2" there is text, not a stale option.
            if choices or message.kind == "question":
                self._choices = choices

    def _save(self, files: Sequence[OutFile]) -> list[Path]:
        self._reports_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        for file in files:
            path = self._reports_dir / file.filename
            path.write_bytes(file.data)
            paths.append(path)
        return paths

    def _say(self, text: str) -> None:
        self._stdout.write(text + "\n\n")
        self._stdout.flush()
