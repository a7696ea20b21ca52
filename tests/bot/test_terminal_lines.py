"""Answers of several lines in the terminal: one per line, an empty line ends them.

The terminal sends each line on its own, so a question that wants several lines (a list such
as the stages; free text such as insights, one per line) collects lines up to an empty one,
and its prompt says so. Checked for every such question of every shipped flow, in both
languages, from typed lines through the engine to the stored answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime

import pytest

from bot.transports.terminal import Shown, format_message, next_input
from flows import engine
from flows.i18n import LANGS, Lang
from flows.projection import ContributionAnswers, project_map
from flows.schema import FLOW_DIR, Flow, Group, Question, builtin_flow
from flows.values import Inbound
from tests.bot.test_scale_answers import alone
from tests.flows.helpers import flow_of

NOW = datetime(2026, 12, 1, tzinfo=UTC)
ENDS_WITH_EMPTY_LINE = {"nl": "sluit af met een lege regel", "en": "finish with an empty line"}


def _questions(nodes: list[Question | Group]) -> Iterator[Question]:
    for node in nodes:
        if isinstance(node, Group):
            yield from _questions(node.children)
        else:
            yield node


def several_lines() -> list[tuple[str, Question]]:
    """Every list or multiline question of the shipped flows, and an insights question as
    the owner flow asks it once marked multiline. A list that keeps its proposal's length
    (``fixed_items``: the stages' wording for customers) refuses two typed lines: its own
    test is in tests/flows/test_customer_wording.py."""
    found = []
    for path in sorted(FLOW_DIR.glob("*.yaml")):
        flow = builtin_flow(path.stem)
        for step in flow.steps:
            found += [
                (flow.id, q)
                for q in _questions(step.nodes)
                if (q.kind == "list" and not q.fixed_items) or (q.kind == "text" and q.multiline)
            ]
    if not any(q.key == "insights" for _, q in found):
        owner = builtin_flow("owner")
        (insights,) = [q for s in owner.steps for q in _questions(s.nodes) if q.key == "insights"]
        found.append(("owner", insights.model_copy(update={"multiline": True})))
    return found


QUESTIONS = several_lines()


def reader(lines: list[str]) -> Callable[[], Awaitable[str | None]]:
    """``readline`` over typed lines; None at the end, as a closed stdin."""
    queue = list(lines)

    async def readline() -> str | None:
        return queue.pop(0) + "\n" if queue else None

    return readline


def test_stages_and_insights_are_among_them() -> None:
    keys = {(flow_id, q.key) for flow_id, q in QUESTIONS}
    assert {("owner", "stages"), ("owner", "insights")} <= keys


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("flow_id", "question"), [pytest.param(f, q, id=f"{f}.{q.key}") for f, q in QUESTIONS]
)
async def test_lines_up_to_an_empty_one_are_one_answer(
    flow_id: str, question: Question, lang: Lang
) -> None:
    flow = alone(question)
    start = engine.start(flow, lang=lang, now=NOW)
    text, shown = format_message(start.messages[-1])
    assert shown.lines
    assert ENDS_WITH_EMPTY_LINE[lang] in text  # the prompt says how

    typed = reader(["", "Ontdekken", "Bestellen", "  ", "Volgende vraag"])
    inbound = await next_input(typed, shown)
    assert inbound == Inbound(kind="text", text="Ontdekken\nBestellen")
    assert await typed() == "Volgende vraag\n"  # the line after the empty one is left alone

    step = engine.advance(flow, start.state, inbound, NOW)
    (stored,) = step.answers
    if question.kind == "list":
        assert stored.value == ["Ontdekken", "Bestellen"]
    else:
        assert stored.value == "Ontdekken\nBestellen"


@pytest.mark.parametrize(
    ("flow_id", "question"), [pytest.param(f, q, id=f"{f}.{q.key}") for f, q in QUESTIONS]
)
async def test_a_command_or_a_choice_on_the_first_line_acts_at_once(
    flow_id: str, question: Question
) -> None:
    start = engine.start(alone(question), lang="en", now=NOW)
    _, shown = format_message(start.messages[-1])
    assert await next_input(reader(["/back", "more"]), shown) == Inbound(
        kind="command", command="back", text="/back"
    )
    for key, button in shown.choices.items():  # "keep this list"
        assert (await next_input(reader([key, "more"]), shown)) == Inbound(
            kind="button", data=button.data, text=key
        )


async def test_the_end_of_input_sends_what_was_typed() -> None:
    shown = Shown(lines=True)
    assert await next_input(reader(["a", "b"]), shown) == Inbound(kind="text", text="a\nb")
    assert await next_input(reader([]), shown) is None


async def test_a_one_line_question_takes_one_line() -> None:
    flow: Flow = flow_of({"key": "name", "kind": "text"})
    _, shown = format_message(engine.start(flow, lang="en", now=NOW).messages[-1])
    assert not shown.lines
    typed = reader(["Anna", "Bob"])
    assert await next_input(typed, shown) == Inbound(kind="text", text="Anna")


def test_insights_typed_on_lines_are_one_insight_each() -> None:
    answers = {"insights": "Klanten wachten te lang\nDe bezorger bepaalt het oordeel"}
    contribution = ContributionAnswers(
        id="1", role="owner", flow_id="owner", answers=answers, language="nl"
    )
    data = project_map("1", "Kaart", "nl", [contribution])
    assert data.insights == ["Klanten wachten te lang", "De bezorger bepaalt het oordeel"]
