"""The wording problems found by reading the interview as a user (issue 12, item 14), each
checked where it can come back: over the tours of every shipped flow in both languages
(`test_control_words.tour`), or where the behaviour lives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from bot.transports.terminal import format_message, parse_line
from flows import engine
from flows.i18n import LANGS, Lang
from flows.schema import FLOW_DIR, Group, Question, builtin_flow
from flows.texts import T
from flows.values import Inbound, OutMessage
from tests.bot.test_control_words import FLOW_IDS, tour
from tests.bot.test_scale_answers import NOW, alone
from tests.flows.helpers import drive, flow_of, mini_flow
from tests.flows.test_repeats import FIRST_PASS

SAME_RANGE = re.compile(r"(?<![\w-])(-?\d+) (?:tot|to) \1\b")


def shown(flow_id: str, lang: Lang) -> list[OutMessage]:
    return list(tour(flow_id, lang).messages)


def all_tours() -> Iterator[tuple[str, Lang]]:
    for flow_id in FLOW_IDS:
        for lang in LANGS:
            yield flow_id, lang


@pytest.mark.parametrize(("flow_id", "lang"), list(all_tours()))
def test_no_range_from_a_number_to_itself(flow_id: str, lang: Lang) -> None:
    # was: "typ een nummer van 1 tot 1" under a choice of one option
    for message in shown(flow_id, lang):
        assert not SAME_RANGE.search(format_message(message)[0]), message.text


def test_a_wrong_choice_among_one_option_names_no_range() -> None:
    anna = {"value": "a", "label": {"nl": "Anna", "en": "Anna"}}
    one = flow_of({"key": "p", "kind": "single", "options": [anna]})
    for lang in LANGS:
        s = drive(one, ["Bob"], lang=lang)
        assert s.messages[0].text == T("err_choice", lang, text="Bob")
        assert s.messages[-1].answering is not None  # the question below says how


@pytest.mark.parametrize(("flow_id", "lang"), list(all_tours()))
def test_the_step_line_is_not_shown_twice_in_a_row(flow_id: str, lang: Lang) -> None:
    for step in tour(flow_id, lang).session.steps:
        for first, then in zip(step.messages, step.messages[1:], strict=False):
            head = first.text.removeprefix("📍 ").splitlines()[0]
            assert not then.text.startswith(head), (first.text, then.text)


@pytest.mark.parametrize(("flow_id", "lang"), list(all_tours()))
def test_a_short_answer_is_offered_only_where_one_is_typed(flow_id: str, lang: Lang) -> None:
    # was: /skip on a choice question answered with "Een kort antwoord is prima"
    short = T("skip_required", lang)
    pick = T("skip_required_choice", lang)
    said = {short: 0, pick: 0}
    for step in tour(flow_id, lang).session.steps:
        texts = [m.text for m in step.messages]
        for said_text in said:
            if said_text in texts:
                said[said_text] += 1
                question = step.messages[-1].answering
                typed = question is None or question.kind in ("text", "list", "lines")
                assert typed == (said_text == short), (said_text, step.messages[-1].text)
    assert said[pick], "the tour skipped a required choice"


def test_the_menu_asks_for_a_parent_without_guessing_its_article() -> None:
    # was: "Bij welke Scenario hoort het?" (het scenario: welk; and no capital mid-sentence)
    s = drive(mini_flow(), FIRST_PASS)
    s.press("Add Scenario")
    for line in ["Unhappy path", "[Comparing]", "Doubts", "-2", "/skip", "[No]", "[No]"]:
        s.input(line)
    s.command("language", "nl")
    s.press("Event toevoegen")
    assert "Waar hoort het bij? Kies een scenario." in s.text
    s.command("language", "en")
    assert "Which scenario does it belong to?" in s.text


def _questions(nodes: list[Question | Group]) -> Iterator[Question]:
    for node in nodes:
        if isinstance(node, Group):
            yield from _questions(node.children)
        else:
            yield node


OPTIONAL_TEXTS = [
    pytest.param(q, id=f"{path.stem}.{q.key}")
    for path in sorted(FLOW_DIR.glob("*.yaml"))
    for step in builtin_flow(path.stem).steps
    for q in _questions(step.nodes)
    if q.kind == "text" and not q.required
]


@pytest.mark.parametrize("question", OPTIONAL_TEXTS)
def test_a_number_typed_at_an_optional_text_question_is_the_answer(question: Question) -> None:
    # was: the terminal listed "1. Overslaan", so "1" skipped while "2" was stored as text
    flow = alone(question)
    start = engine.start(flow, lang="nl", now=NOW)
    text, screen = format_message(start.messages[-1])
    assert "/skip" in text  # skipping is the command the text names
    for typed in ("1", "2"):
        inbound = parse_line(typed, screen.choices)
        assert inbound == Inbound(kind="text", text=typed)
        step = engine.advance(flow, start.state, inbound, NOW)
        assert [(a.key, a.value) for a in step.answers] == [(question.key, typed)]


def test_the_shipped_flows_have_optional_texts_to_check() -> None:
    assert len(OPTIONAL_TEXTS) > 5
