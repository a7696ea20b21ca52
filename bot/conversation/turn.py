"""One input's handling inside its transaction.

`Turn` carries the session, the user, their conversation and the reply being built; the
feature modules (interview, invites, privacy, owner view, reporting) are functions over it.
What a turn needs of the running service is a small `TurnContext`, not the service itself,
so the conversation room depends on nothing above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.outgoing import Reply
from bot.conversation.texts import T
from flows import engine
from flows.i18n import Lang, pick_lang
from flows.schema import Flow
from flows.values import Button, FlowState, OutMessage, Step
from storage.contributions import save_contribution_state
from storage.models import Channel, Contribution, Conversation, User
from storage.users import remember

__all__ = ["FlowLookup", "Turn", "TurnContext", "Who", "button"]


@dataclass(frozen=True, slots=True)
class Who:
    """The sender of an input, as the transport knows them."""

    channel: Channel
    external_id: str
    display_name: str = ""
    language_code: str | None = None


class FlowLookup(Protocol):
    """A flow by id in a version (None: the newest), addressing the person as "u" when
    ``formal``, like `flows.schema.FlowLibrary.flow`."""

    def __call__(
        self, flow_id: str, version: int | None = None, /, *, formal: bool = False
    ) -> Flow: ...


def addresses_formally(state: FlowState) -> bool:
    """Whether an interview or dialog began addressing the person as "u": the map's choice
    for its customers, kept in the engine context from the start, so a later change of the
    map's setting never switches address mid-interview."""
    return state.context.get("address") == "u"


def formal_contribution(contribution: Contribution) -> bool:
    """Whether ``contribution``'s interview addresses its person as "u" (`addresses_formally`)."""
    state = contribution.flow_state
    return state is not None and addresses_formally(state)


def addressed(key: str, formal: bool) -> str:
    """A chat text's key as the person is addressed: its formal variant (``<key>_u``) for
    someone addressed as "u"."""
    return f"{key}_u" if formal else key


def welcome_back_key(contribution: Contribution) -> str:
    """The greeting for someone returning to ``contribution``: owners and editors to their
    map, respondents to the interview they were giving, as it addresses them."""
    if contribution.role in ("owner", "editor"):
        return "welcome_back"
    return addressed("welcome_back_interview", formal_contribution(contribution))


@dataclass(frozen=True, slots=True)
class TurnContext:
    """What a turn needs of the running service: flows by id and version, defaults, invite
    links."""

    flow: FlowLookup
    default_lang: Lang
    default_timezone: str
    invite_link: Callable[[str], str | None]


def button(label: str, data: str) -> Button:
    """A button with a label short enough for Telegram's keyboards."""
    return Button(label=label if len(label) <= 60 else label[:59] + "…", data=data)


class Turn:
    """One input's transaction: who sent it, their conversation, and the reply being built."""

    def __init__(
        self,
        context: TurnContext,
        session: AsyncSession,
        user: User,
        conversation: Conversation,
        now: datetime,
        who: Who,
    ) -> None:
        self.context = context
        self.session = session
        self.user = user
        # The sender as the transport reports them now: their name and language are kept
        # only from consent or their own map on (`remember_person`).
        self.who = who
        self.conversation = conversation
        self.now = now
        self.contribution: Contribution | None = None
        self.ui: dict[str, Any] = dict(conversation.ui or {})
        self.reply = Reply(lang=self.lang)
        # Bugs the engine caught and apologised for; the chat service logs them.
        self.failures: list[BaseException] = []

    @property
    def lang(self) -> Lang:
        """The user's kept language, else the one their transport reports (not kept before
        they consent or own a map), else the service's default."""
        code = self.user.language or self.who.language_code
        return pick_lang(code, self.context.default_lang)

    def remember_person(self, *, named: bool) -> None:
        """Keep the person's language, and with ``named`` their name: they own or edit a map,
        or agreed to an interview (``named``: to be named in its report)."""
        remember(self.user, language=self.lang, name=self.who.display_name if named else None)

    def t(self, key: str, **values: object) -> str:
        """A text of the chat layer in the user's language."""
        return T(key, self.lang, **values)

    def say(self, key: str, kind: str = "info", **values: object) -> None:
        """Add a chat-layer text to the reply."""
        self.reply.messages.append(OutMessage(T(key, self.lang, **values), kind=kind))  # type: ignore[arg-type]

    def ask(self, text: str, buttons: tuple[tuple[Button, ...], ...]) -> None:
        """Add a question with buttons to the reply."""
        self.reply.messages.append(OutMessage(text, buttons=buttons, kind="question"))

    def show(self, step: Step) -> None:
        """Add an engine step's messages to the reply."""
        self.note(step)
        self.reply.messages.extend(step.messages)

    def note(self, step: Step) -> None:
        """Keep the bug behind an engine step's apology, for the service to log."""
        if step.error is not None:
            self.failures.append(step.error)

    def interview(self) -> tuple[Flow, FlowState]:
        """The active contribution's engine state and the flow it runs on: the version it
        began on, not necessarily the newest."""
        assert self.contribution is not None
        assert self.contribution.state is not None
        state = FlowState.model_validate(self.contribution.state)
        flow = self.context.flow(
            self.contribution.flow_id, state.flow_version, formal=addresses_formally(state)
        )
        return flow, state

    async def resume(self) -> None:
        """Show the current question of the active interview again (after a side command);
        below any files of this reply, so the question stays the last thing in the chat.

        The engine renews the question's button revision when it re-shows it, so the new
        state is stored: otherwise the buttons just shown would count as stale."""
        if self.contribution is not None and self.contribution.state is not None:
            contribution = self.contribution
            step = engine.resume(*self.interview())
            self.note(step)
            await save_contribution_state(
                self.session,
                contribution,
                step.state,
                expected_version=contribution.version,
                now=self.now,
            )
            if self.reply.files or self.reply.report is not None:
                self.reply.followup.extend(step.messages)
            else:
                self.show(step)
