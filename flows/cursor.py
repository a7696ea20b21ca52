"""Where the person is in the menus, as typed values stored with the interview state."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class EditLevel(BaseModel):
    """One level of the edit menu: the list of steps (``step`` None), a step, or one repeated
    part inside it (``part``: its instance path, e.g. ``scenarios.1`` or
    ``scenarios.1.events.0``), shown at ``page``."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    step: int | None = None
    part: str = ""
    page: int = 0
