"""Plain value objects passed in and out of the pure engine.

The transports (bot/) turn an incoming Telegram update or terminal line into an `Inbound`,
and turn each `OutMessage` into a Telegram call or terminal lines. Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from flows.cursor import Cursor, read_cursor
from flows.i18n import Lang

JSONValue = Any  # str | int | bool | list[str] | None: what an answer holds

InboundKind = Literal["text", "button", "command", "unsupported"]


@dataclass(frozen=True, slots=True)
class Inbound:
    """One user input, transport-neutral.

    ``command`` is the bare name (``back``), ``args`` what followed it; ``data`` is the callback
    data of a pressed button; ``content`` names non-text content (``sticker``, ``photo``,
    ``voice``, ``document``...) for ``unsupported``.
    """

    kind: InboundKind
    text: str = ""
    command: str = ""
    args: str = ""
    data: str = ""
    content: str = ""


ButtonRole = Literal["option", "done", "skip", "continue", "last"]


@dataclass(frozen=True, slots=True)
class Button:
    """A button under a message: its label and the callback data it sends back.

    ``key`` is what a person types to pick it where buttons are a numbered list of text (the
    terminal) and the typed value has a meaning of its own: a scale point ``-2`` is picked by
    typing ``-2``, never by its position. Empty: its position in the list.

    ``role`` says what a button does besides picking an option: ``done`` ends a multiple
    choice, ``skip`` and ``continue`` do what the commands /skip and /continue do (the message
    names those commands). A transport without buttons leaves these out."""

    label: str
    data: str  # ≤ 64 bytes UTF-8 (Telegram's callback_data limit)
    key: str = ""
    role: ButtonRole = "option"


AnswerKind = Literal[
    "text", "choice", "choice_or_own", "choices", "scale", "yesno", "list", "lines"
]


@dataclass(frozen=True, slots=True)
class Answering:
    """How the question on screen is answered, in no transport's words: what the choices are,
    not how to give them. Each transport words it for its own controls (Telegram: buttons;
    the terminal: typed numbers and lines) below the message's text.

    ``choice``: one option; ``choice_or_own``: one option or an own answer; ``choices``: one or
    more options (``own``: own answers too); ``scale``: a whole number from ``low`` to ``high``
    (its options carry the values as keys); ``yesno``; ``list``: several items, one per line;
    ``lines``: free text that may take several lines; ``text``: a plain answer (said only
    for ``last``). ``most``: at most this many items (0: no limit worth saying). ``last``: the
    label of "that was the last one" (a folded "add another?", the button of role ``last``),
    which a transport without buttons offers as the /done command."""

    kind: AnswerKind
    lang: Lang
    low: int = 0
    high: int = 0
    most: int = 0
    own: bool = False
    last: str = ""


@dataclass(frozen=True, slots=True)
class OutMessage:
    """A message to show. ``replace`` asks the transport to edit the message whose button was
    pressed (multi-choice toggles) instead of sending a new one. ``answering`` (questions)
    says how the question is answered; the transport adds that in its own words."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    kind: Literal["question", "info", "error", "done"] = "info"
    replace: bool = False
    answering: Answering | None = None


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One answer for the caller to append to the stored, append-only answers."""

    key: str  # dotted answer path, e.g. "scenarios.0.events.1.emotion"
    value: JSONValue  # None records that an optional question was skipped


class FlowState(BaseModel):
    """Everything the engine needs to continue an interview; JSON-serialisable, stored in the
    database after every input. The engine owns its inner structure (``cursor``, ``extra``).

    ``flow_version`` is the version of the flow the interview runs on: the one it began on,
    so a new version of the flow never reshapes it (a state stored before versions were
    recorded began on version 1). Unknown keys are ignored, so states stored with fields
    since dropped (``history``) still load; so does a cursor stored in its old list form
    (`read_cursor`)."""

    model_config = ConfigDict(extra="ignore")

    flow_id: str
    flow_version: int = 1
    lang: Lang
    status: Literal["active", "menu", "done"] = "active"
    cursor: Cursor | None = None  # None: not placed yet (the engine finds the place)
    values: dict[str, JSONValue] = {}
    rev: int = 0
    context: dict[str, JSONValue] = {}
    extra: dict[str, JSONValue] = {}

    @field_validator("cursor", mode="before")
    @classmethod
    def _typed_cursor(cls, raw: Any) -> Cursor | None:
        return read_cursor(raw)


Signal = Literal["finished", "first_pass_done", "cancelled", "report", "language_changed", "error"]


@dataclass(frozen=True, slots=True)
class Step:
    """The result of one `advance`: the new state, answers to append, messages to send, and
    signals for things only the caller can do (e.g. build a report).

    ``error`` is the exception the engine caught when a bug made it fall back to an apology
    (then ``"error"`` is among the signals): the caller logs it with its traceback. Never
    stored; if re-showing after the bug failed too, it is that later exception, whose
    ``__context__`` is the first."""

    state: FlowState
    answers: tuple[AnswerRecord, ...] = ()
    messages: tuple[OutMessage, ...] = ()
    signals: tuple[Signal, ...] = field(default=())
    error: BaseException | None = field(default=None, compare=False)
