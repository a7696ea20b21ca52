"""The engine's own bookkeeping inside ``FlowState.extra["engine"]``.

Kept as one small pydantic model so it round-trips through JSON and a damaged or foreign
blob falls back to an empty memo instead of crashing a user's chat.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from flows.cursor import EditLevel
from flows.values import FlowState

Overlay = Literal["cancel", "language"]


class Memo(BaseModel):
    """The engine's bookkeeping between inputs: open iterations, menu mode, toggles, overlays."""

    model_config = ConfigDict(extra="ignore")

    # ask_more group instance path -> iterations opened, and the instances the user closed
    iters: dict[str, int] = {}
    closed: list[str] = []
    # group instances whose newest iteration was opened in place of a folded "add another?":
    # until something of it is answered, its first question offers "that was the last one"
    folded: list[str] = []
    # menu "add": only prompts under this iteration prefix are asked, then back to the menu
    scope: str | None = None
    # menu "edit an answer": the current question is a one-off re-ask
    editing: bool = False
    edit_from: EditLevel | None = None  # the edit menu level to return to after the edit
    # the current prompt's working answer: multi-choice toggles collected so far, or the
    # items a list question shows for keeping or editing (flows.engine.list_edit)
    selection: list[str] = []
    toggled: bool = False  # the user tapped an option since the prompt was shown
    overlay: Overlay | None = None
    intros: list[int] = []  # step numbers whose intro was shown
    first_pass_done: bool = False
    ended: Literal["finished", "cancelled"] | None = None
    started: str | None = None


def read_memo(state: FlowState) -> Memo:
    """The state's memo, or an empty one when it is missing or damaged."""
    raw = state.extra.get("engine")
    if not isinstance(raw, dict):
        return Memo()
    try:
        return Memo.model_validate(raw)
    except ValidationError:
        return Memo()
