"""Editing a proposed list in the terminal: the list and its edits are typed lines, keeping it
is the option ``ok``; on Telegram the same keep is a button (tests/flows/test_list_edits.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.transports.terminal import format_message, parse_line
from flows import engine
from flows.schema import builtin_flow
from flows.values import Step
from flows.vocabulary import template_stages

NOW = datetime(2026, 12, 1, tzinfo=UTC)
OWNER = builtin_flow("owner")


def at_stages() -> Step:
    """The owner flow in the terminal up to its stage list, for a journey up to the purchase."""
    step = engine.start(OWNER, lang="nl", now=NOW)
    for typed in ("1", "Te weinig nieuwe klanten", "/skip", "1", "Fiets laten maken"):
        step = line(step, typed)
    assert "In welke fases" in step.messages[-1].text
    return step


def line(step: Step, typed: str) -> Step:
    _, shown = format_message(step.messages[-1])
    choices = shown.choices
    return engine.advance(OWNER, step.state, parse_line(typed, choices), NOW)


def test_the_terminal_lists_the_stages_and_keeps_them_with_ok() -> None:
    step = at_stages()
    text, shown = format_message(step.messages[-1])
    choices = shown.choices
    buyer = [label.nl for _, label in template_stages("buyer")]
    assert "\n".join(f"{n}. {name}" for n, name in enumerate(buyer, 1)) in text
    assert "  ok. ✔ Deze lijst houden" in text
    assert set(choices) == {"ok"}, "no numbered option competes with the list's numbers"
    step = line(step, "3 = Offerte aanvragen")
    assert step.messages[0].text == "✔ „Vergelijken en navragen” heet nu „Offerte aanvragen”."
    step = line(step, "- 4")
    step = line(step, "ok")
    (record,) = [r for r in step.answers if r.key == "stages"]
    assert record.value == [buyer[0], buyer[1], "Offerte aanvragen", buyer[4]]


def test_typed_edits_are_text_in_the_terminal_not_option_picks() -> None:
    step = at_stages()
    _, shown = format_message(step.messages[-1])
    choices = shown.choices
    for typed in ("- 2", "+ Nazorg", "+ 2 = Nazorg", "2 = Nazorg", "1"):
        assert parse_line(typed, choices).kind == "text", typed
