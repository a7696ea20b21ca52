"""A typed number means what the prompt says it means, on every transport.

Every scale question (and every question whose options are numbers) of every shipped flow, in
both languages: typing ``v`` — as a line in the terminal or as a Telegram message — stores
``v``, and pressing the button shown for ``v`` stores ``v``. Before, the terminal numbered the
emotion scale 1–5, so typing ``1`` ("from -2 to 2", the prompt said) stored −2.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.transports.terminal import format_message, parse_line
from flows import engine
from flows.engine.options import typed_values
from flows.i18n import LANGS, Lang
from flows.schema import FLOW_DIR, Flow, Group, Question, builtin_flow
from flows.values import Inbound, Step

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _questions(nodes: list[Question | Group]) -> Iterator[Question]:
    for node in nodes:
        if isinstance(node, Group):
            yield from _questions(node.children)
        else:
            yield node


def numeric_questions() -> list[tuple[str, Question]]:
    """Every question of every shipped flow where a typed number is a value."""
    found = []
    for path in sorted(FLOW_DIR.glob("*.yaml")):
        flow = builtin_flow(path.stem)
        for step in flow.steps:
            found += [(flow.id, q) for q in _questions(step.nodes) if typed_values(q)]
    return found


def alone(question: Question) -> Flow:
    """A one-question flow, to ask ``question`` as its flow asks it."""
    node = question.model_dump(mode="json", exclude_none=True)
    node.pop("when", None)
    return Flow.model_validate(
        {
            "id": "scale",
            "version": 1,
            "title": {"nl": "Schaal", "en": "Scale"},
            "steps": [{"number": 1, "title": {"nl": "Stap", "en": "Part"}, "nodes": [node]}],
        }
    )


def stored(flow: Flow, lang: Lang, make: object) -> list[object]:
    """What each possible value stores when given as ``make(value, first_step)``."""
    assert callable(make)
    start = engine.start(flow, lang=lang, now=NOW)
    question = flow.steps[0].nodes[0]
    assert isinstance(question, Question)
    assert question.scale is not None
    out = []
    for value in range(question.scale.min, question.scale.max + 1):
        step = engine.advance(flow, start.state, make(value, start), NOW)
        out.append(step.answers[-1].value if step.answers else None)
    return out


QUESTIONS = numeric_questions()


def test_the_shipped_flows_have_scales_to_check() -> None:
    keys = {(flow_id, q.key) for flow_id, q in QUESTIONS}
    assert {("owner", "emotion"), ("customer", "recommend"), ("customer", "feeling")} <= keys
    assert ("customer", "contact") in keys  # 0 (no contact) to 5


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("flow_id", "question"),
    [pytest.param(f, q, id=f"{f}.{q.key}") for f, q in QUESTIONS if q.scale is not None],
)
def test_a_typed_value_stores_that_value(flow_id: str, question: Question, lang: Lang) -> None:
    flow = alone(question)
    assert question.scale is not None
    values = list(range(question.scale.min, question.scale.max + 1))

    def terminal_line(value: int, start: Step) -> Inbound:
        _, shown = format_message(start.messages[-1])
        return parse_line(f"{value}\n", shown.choices)

    def telegram_text(value: int, start: Step) -> Inbound:
        return Inbound(kind="text", text=str(value))

    def button_press(value: int, start: Step) -> Inbound:
        buttons = [b for row in start.messages[-1].buttons for b in row]
        (shown,) = [b for b in buttons if b.key == str(value)]
        return Inbound(kind="button", data=shown.data)

    assert stored(flow, lang, terminal_line) == values
    assert stored(flow, lang, telegram_text) == values
    assert stored(flow, lang, button_press) == values
