"""The terminal chat: the same service and database as Telegram, typed lines for answers.

Choices are numbered and picked by typing the number (a scale point by its value, ``-2``); a
multiple choice takes the numbers at once (``1,3``); a question that takes several lines (a
list, insights) collects lines until an empty one. The text says so under each question
(`bot.transports.wording`). It works the same when stdin is a pipe, so an interview can be
scripted.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TextIO

from bot.chat.service import ChatService, Notice, OutFile, Who
from bot.conversation.texts import T
from bot.transports.wording import with_instruction
from flows.i18n import Lang
from flows.values import Button, Inbound, OutMessage

__all__ = ["Shown", "TerminalChat", "format_message", "next_input", "parse_line"]

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


def without_key(label: str, key: str) -> str:
    """An option's label without its key where it repeats it: ``😠 -2 Heel negatief`` typed
    as ``-2`` reads ``-2. 😠 Heel negatief``, ``1 · Laag`` reads ``1. Laag``."""
    if not key:
        return label
    sign = "[+]?" if not key.startswith("-") else ""
    pattern = rf"(?<![\w+-]){sign}{re.escape(key)}(?![\w])\s*(?:·\s*)?"
    return " ".join(re.sub(pattern, "", label, count=1).split())


@dataclass(frozen=True, slots=True)
class Shown:
    """What the question on screen takes: what to type for each option listed; whether those
    are typed together as the answer (a multiple choice: ``1,3``) rather than each picking its
    option; whether the answer may take several lines (collected up to an empty one)."""

    listed: Mapping[str, Button] = field(default_factory=dict)
    typed: bool = False
    lines: bool = False

    @property
    def choices(self) -> Mapping[str, Button]:
        """The keys that pick an option on their own."""
        return {} if self.typed else self.listed


def format_message(message: OutMessage) -> tuple[str, Shown]:
    """The text, how to answer it, and its options as a list of what to type for each: the
    option's own key where it has one (a scale point is typed as itself: ``-2``), else a
    number counted on from the highest key (so a number never has two readings).

    Buttons that do what a command does (skip, continue: the text names /skip and /continue)
    are left out, and so is a multiple choice's Done: its typed numbers are the whole answer,
    which the engine reads as text."""
    buttons = [button for row in message.buttons for button in row if button.role == "option"]
    keys = [int(b.key) for b in buttons if b.key.lstrip("-").isdigit()]
    number = max([0, *keys]) + 1
    choices: dict[str, Button] = {}
    labels: dict[str, str] = {}
    for button in buttons:
        key = button.key
        if not key:
            key, number = str(number), number + 1
        choices[key] = button
        labels[key] = without_key(button.label, button.key)
    lines = [with_instruction(message, CHANNEL)]
    if any(labels.values()):  # a bare scale (0 to 10) is said by its instruction alone
        lines += [f"  {key}. {label}" if label else f"  {key}" for key, label in labels.items()]
    kind = message.answering.kind if message.answering else None
    return "\n".join(lines), Shown(
        choices, typed=kind == "choices", lines=kind in ("list", "lines")
    )


async def next_input(readline: Callable[[], Awaitable[str | None]], shown: Shown) -> Inbound | None:
    """The next input from ``readline`` (None at the end of input): one line; for a question
    whose answer takes several lines, its lines up to an empty one. A command or a choice on
    the first line acts at once; an empty first line is skipped (it answers nothing), except
    on a choice, where the engine says an answer is wanted."""
    line = await readline()
    while line is not None and not line.strip() and (shown.lines or not shown.choices):
        line = await readline()
    if line is None:
        return None
    inbound = parse_line(line, shown.choices)
    if not shown.lines or inbound.kind != "text":
        return inbound
    lines = [inbound.text]
    while (more := await readline()) is not None and more.strip():
        lines.append(more.rstrip("\r\n"))
    return Inbound(kind="text", text="\n".join(lines))


class TerminalChat:
    """Reads lines, hands them to the service, prints the reply and saves report files.

    ``resume_command`` is the command line that continues this chat, named in the goodbye."""

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
        resume_command: str = "journeybot chat",
    ) -> None:
        self._service = service
        self._who = Who(CHANNEL, user, display_name=user, language_code=lang)
        self._lang = lang
        self._reports_dir = reports_dir
        self._stdin = stdin
        self._stdout = stdout
        self._echo = echo_input
        self._resume_command = resume_command
        self._shown = Shown()

    async def run(self) -> None:
        self._say(T("chat_intro", self._lang))
        await self._send(Inbound(kind="command", command="start"))
        while (inbound := await self._next_input()) is not None:
            await self._send(inbound)
        # end of input: everything is already stored
        self._say(T("chat_bye", self._lang, command=self._resume_command))

    async def _next_input(self) -> Inbound | None:
        inbound = await next_input(self._readline, self._shown)
        if self._echo:
            self._stdout.write("\n")
        return inbound

    async def _readline(self) -> str | None:
        line = await asyncio.to_thread(self._stdin.readline)
        if not line:
            return None
        if self._echo:
            self._stdout.write(f"> {line.rstrip()}\n")
        return line

    async def _send(self, inbound: Inbound) -> None:
        reply = await self._service.respond(self._who, inbound, self)
        self._lang = reply.lang
        # Printed is delivered; a person types slower than this costs (Telegram batches it).
        await self._service.mark_delivered()

    async def send_messages(self, messages: Sequence[OutMessage]) -> None:
        """Print messages, their choices numbered and how to answer said."""
        for message in messages:
            text, shown = format_message(message)
            self._say(text)
            # Numbers answer the latest choices shown; a plain question clears them, so a
            # typed "2" there is text, not a stale option.
            if shown.listed or message.kind == "question":
                self._shown = shown

    async def show_working(self) -> None:
        """Nothing to show: the messages already said the report is being made."""

    async def send_files(self, files: Sequence[OutFile]) -> None:
        """Save files into the reports folder and say which, and where."""
        self._reports_dir.mkdir(parents=True, exist_ok=True)
        for file in files:
            (self._reports_dir / file.filename).write_bytes(file.data)
        names = "\n".join(f"  {file.filename}" for file in files)
        folder = self._reports_dir.resolve()
        self._say(T("files_saved", self._lang, folder=folder, files=names))

    async def send_notices(self, notices: Sequence[Notice]) -> None:
        """Nobody else is reachable from a terminal; a notice is for other transports."""

    def _say(self, text: str) -> None:
        self._stdout.write(text + "\n\n")
        self._stdout.flush()
