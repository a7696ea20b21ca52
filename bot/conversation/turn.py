"""One input's handling inside its transaction, and what it hands back to the transport.

`Turn` carries the session, the user, their conversation and the reply being built; the
feature modules (interview, invites, dialogs, privacy, owner view) are functions over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.outgoing import OutFile
from bot.conversation.texts import T
from flows import engine
from flows.i18n import Lang, pick_lang
from flows.schema import Flow
from flows.values import Button, FlowState, OutMessage, Step
from storage.contributions import save_contribution_state
from storage.models import Channel, Contribution, Conversation, User

if TYPE_CHECKING:
    from bot.chat.service import ChatService
    from bot.features.reporting import MapReport


@dataclass(frozen=True, slots=True)
class Who:
    """The sender of an input, as the transport knows them."""

    channel: Channel
    external_id: str
    display_name: str = ""
    language_code: str | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """A message to someone other than the sender (an owner told that a customer finished)."""

    channel: Channel
    external_id: str
    text: str


@dataclass(slots=True)
class Reply:
    """What to send back. ``duplicate`` marks a redelivered update that was not applied again."""

    messages: list[OutMessage] = field(default_factory=list)
    files: list[OutFile] = field(default_factory=list)
    lang: Lang = "nl"
    duplicate: bool = False
    report: MapReport | None = None
    notices: list[Notice] = field(default_factory=list)
    # Shown after the files (e.g. the current question again, below a report).
    followup: list[OutMessage] = field(default_factory=list)


def button(label: str, data: str) -> Button:
    """A button with a label short enough for Telegram's keyboards."""
    return Button(label=label if len(label) <= 60 else label[:59] + "…", data=data)


class Turn:
    def __init__(
        self,
        service: ChatService,
        session: AsyncSession,
        user: User,
        conversation: Conversation,
        now: datetime,
    ) -> None:
        self.service = service
        self.session = session
        self.user = user
        self.conversation = conversation
        self.now = now
        self.contribution: Contribution | None = None
        self.ui: dict[str, Any] = dict(conversation.ui or {})
        self.reply = Reply(lang=self.lang)

    @property
    def lang(self) -> Lang:
        return pick_lang(self.user.language, self.service.default_lang)

    def t(self, key: str, **values: object) -> str:
        return T(key, self.lang, **values)

    def say(self, key: str, kind: str = "info", **values: object) -> None:
        self.reply.messages.append(OutMessage(T(key, self.lang, **values), kind=kind))  # type: ignore[arg-type]

    def ask(self, text: str, buttons: tuple[tuple[Button, ...], ...]) -> None:
        self.reply.messages.append(OutMessage(text, buttons=buttons, kind="question"))

    def show(self, step: Step) -> None:
        self.reply.messages.extend(step.messages)

    def flow(self) -> Flow:
        assert self.contribution is not None
        return self.service.flow(self.contribution.flow_id)

    def state(self) -> FlowState:
        assert self.contribution is not None
        assert self.contribution.state is not None
        return FlowState.model_validate(self.contribution.state)

    async def resume(self) -> None:
        """Show the current question of the active interview again (after a side command);
        below any files of this reply, so the question stays the last thing in the chat.

        The engine renews the question's button revision when it re-shows it, so the new
        state is stored: otherwise the buttons just shown would count as stale."""
        if self.contribution is not None and self.contribution.state is not None:
            contribution = self.contribution
            step = engine.resume(self.flow(), self.state())
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
