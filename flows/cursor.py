"""Where the person is: the typed cursor stored in `flows.values.FlowState`.

One of: a prompt of the flow (a question or an "add another?"), the menu, the picker that asks
which parent an addition belongs to, a level of the edit menu, or the end of the interview.
Stored as JSON with a ``kind`` tag. States stored before the cursor was typed held a list with
a string tag (``["q", "q:goal.title"]``, ``["menu"]``, ``["pick", 2, [0]]``,
``["edit_list", 3, 1]``, ...): `read_cursor` converts those, and anything it cannot read is no
cursor at all (the engine then finds the person's place from the answers).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError


class _At(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class AtPrompt(_At):
    """A prompt of the flow, by its stable id (``q:<answer path>``, ``m:<group>:<n>``)."""

    kind: Literal["prompt"] = "prompt"
    pid: str


class AtMenu(_At):
    """The menu after the first pass."""

    kind: Literal["menu"] = "menu"


class AtPicker(_At):
    """Adding through menu path number ``entry``: which parent it belongs to, after the
    parents ``chosen`` so far (an event asks for its scenario)."""

    kind: Literal["picker"] = "picker"
    entry: int
    chosen: tuple[int, ...] = ()


class EditLevel(_At):
    """One level of the edit menu: the list of steps (``step`` None), a step, or one repeated
    part inside it (``part``: its instance path, e.g. ``scenarios.1`` or
    ``scenarios.1.events.0``), shown at ``page``."""

    kind: Literal["edit"] = "edit"
    step: int | None = None
    part: str = ""
    page: int = 0


class AtEnd(_At):
    """The interview was finished."""

    kind: Literal["end"] = "end"


Cursor = Annotated[AtPrompt | AtMenu | AtPicker | EditLevel | AtEnd, Field(discriminator="kind")]
_CURSOR: TypeAdapter[Cursor] = TypeAdapter(Cursor)


def read_cursor(raw: Any) -> Cursor | None:
    """A stored cursor, in its typed form or in the list form stored before; None for an
    empty, damaged or unknown one."""
    if isinstance(raw, list):
        raw = _from_list(raw)
    if raw is None:
        return None
    try:
        return _CURSOR.validate_python(raw)
    except ValidationError:
        return None


def _from_list(raw: list[Any]) -> Cursor | None:
    """The typed cursor for a list-form one (see the module docstring)."""
    tag = raw[0] if raw else None
    size = len(raw)
    if tag == "q" and size == 2 and isinstance(raw[1], str):
        return AtPrompt(pid=raw[1])
    if tag == "menu":
        return AtMenu()
    if tag == "done":
        return AtEnd()
    if tag == "pick" and size == 3 and isinstance(raw[2], list):
        chosen = tuple(_int(v) for v in raw[2])
        return AtPicker(entry=_int(raw[1]), chosen=chosen)
    if tag == "edit_step":
        return EditLevel()
    if tag == "edit_list" and size == 3:
        return EditLevel(step=_int(raw[1]), page=max(0, _int(raw[2])))
    if tag == "edit" and size == 4:
        step = None if raw[1] is None else _int(raw[1])
        return EditLevel(step=step, part=str(raw[2]), page=max(0, _int(raw[3])))
    return None


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1
