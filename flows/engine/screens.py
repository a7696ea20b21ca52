"""The engine's non-question screens (menu, pickers, confirmations) as data: a text and rows of
choices. Buttons and typed numbers/labels select the same choice."""

from __future__ import annotations

from dataclasses import dataclass

from flows.engine.options import Choice


@dataclass(frozen=True, slots=True)
class Screen:
    """A non-question screen: its text and rows of choices."""

    name: str  # stable name, hashed into the buttons' prompt id
    text: str
    rows: tuple[tuple[Choice, ...], ...]

    def flat(self) -> list[Choice]:
        return [c for row in self.rows for c in row]

    def find(self, value: str) -> Choice | None:
        return next((c for c in self.flat() if c.value == value), None)
