"""Short side dialogs (create an invite, give consent) run by the same pure engine.

A dialog's engine state lives in the conversation's ``ui`` JSON, not in a contribution: its
answers are settings for an action (create the invite, start the interview), not map content,
so nothing is recorded as an answer. When the engine signals ``finished`` the caller acts on
the values; ``cancelled`` just closes the dialog.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.conversation.turn import Turn, addresses_formally
from flows import engine
from flows.values import FlowState, Inbound, JSONValue

__all__ = ["Dialog", "Outcome", "close", "current", "feed", "is_open", "open_dialog"]

_KEY = "dialog"


@dataclass(frozen=True, slots=True)
class Dialog:
    """An open dialog as kept in the conversation's ``ui``: flow, engine state, caller data."""

    flow_id: str
    state: FlowState
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a dialog turn ended: still open, finished with values, or cancelled."""

    finished: bool
    cancelled: bool
    values: dict[str, JSONValue]
    data: dict[str, Any]


def is_open(ui: Mapping[str, Any]) -> bool:
    """Whether a conversation's ``ui`` holds an open dialog (inputs go to it first)."""
    return isinstance(ui.get(_KEY), dict)


def current(turn: Turn) -> Dialog | None:
    """The conversation's open dialog decoded from ``ui``, or None when there is none."""
    if not is_open(turn.ui):
        return None
    raw = turn.ui[_KEY]
    return Dialog(raw["flow_id"], FlowState.model_validate(raw["state"]), dict(raw["data"]))


def _store(turn: Turn, dialog: Dialog | None) -> None:
    if dialog is None:
        turn.ui.pop(_KEY, None)
    else:
        turn.ui[_KEY] = {
            "flow_id": dialog.flow_id,
            "state": dialog.state.model_dump(mode="json"),
            "data": dialog.data,
        }


def open_dialog(
    turn: Turn,
    flow_id: str,
    *,
    data: dict[str, Any],
    context: dict[str, JSONValue] | None = None,
) -> None:
    """Start a dialog (replacing any open one) and show its first question."""
    flow = turn.context.flow(flow_id, formal=(context or {}).get("address") == "u")
    step = engine.start(flow, lang=turn.lang, now=turn.now, context=context)
    _store(turn, Dialog(flow_id, step.state, data))
    turn.show(step)


def close(turn: Turn) -> None:
    """Drop the open dialog, e.g. when a command that escapes dialogs arrives."""
    _store(turn, None)


def feed(turn: Turn, dialog: Dialog, inbound: Inbound) -> Outcome:
    """Feed the dialog one input; on finish or cancel it is closed."""
    flow = turn.context.flow(
        dialog.flow_id, dialog.state.flow_version, formal=addresses_formally(dialog.state)
    )
    step = engine.advance(flow, dialog.state, inbound, turn.now)
    turn.note(step)
    finished = "finished" in step.signals
    cancelled = "cancelled" in step.signals
    if "language_changed" in step.signals:
        turn.user.language = step.state.lang
    # The engine's closing words ("thank you, finished") belong to interviews, not dialogs:
    # the caller says what happened instead.
    turn.reply.messages.extend(m for m in step.messages if not (finished and m.kind == "done"))
    if finished or cancelled:
        _store(turn, None)
    else:
        _store(turn, Dialog(dialog.flow_id, step.state, dialog.data))
    return Outcome(finished, cancelled, dict(step.state.values), dialog.data)
