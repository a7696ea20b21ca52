"""A choice with exactly one possible answer is not asked (issue 12, item 7): a required
single choice among data (the map's personas, stages...) with one option takes it as if
tapped. /back and "the next question after a changed answer" pass over it; the edit menu
still changes it once there are more options. And a typed number is only ever a position:
``0`` or one past the list is refused with the valid range."""

from __future__ import annotations

from typing import Any

import pytest

from flows.i18n import Lang
from flows.texts import T
from flows.values import AnswerRecord
from flows.vocabulary import CHANNELS
from tests.flows.helpers import drive, flow_of, mini_flow
from tests.flows.test_repeats import EVENT_PLAIN, GOAL, PERSONA

MINI = mini_flow()
ONE_PERSONA = [*GOAL, *PERSONA, "[No]", "Happy path"]
TWO_PERSONAS = [*GOAL, *PERSONA, "[Yes]", "Bob", "/skip", "2", "Happy path"]


def test_the_one_persona_is_taken_as_if_tapped_and_not_asked() -> None:
    s = drive(MINI, ONE_PERSONA)
    assert "For which persona?" not in s.text
    assert "In which stage?" in s.messages[-1].text  # straight on to the first event
    assert s.values["scenarios.0.persona"] == "0"
    assert AnswerRecord("scenarios.0.persona", "0") in s.answers
    assert not any("For which persona?" in m.text for step in s.steps for m in step.messages)


def test_with_two_personas_it_is_asked() -> None:
    s = drive(MINI, TWO_PERSONAS)
    assert "For which persona?" in s.messages[-1].text
    s.press("Bob")
    assert s.values["scenarios.0.persona"] == "1"


def test_back_passes_over_it_and_a_changed_answer_goes_on_past_it() -> None:
    s = drive(MINI, [*ONE_PERSONA, "[Buying]"])
    assert "What happens?" in s.messages[-1].text
    s.command("back")
    assert "In which stage?" in s.messages[-1].text
    s.command("back")
    assert "Name of the scenario?" in s.messages[-1].text  # not "For which persona?"
    s.type("Unhappy path")
    # the next question after the changed one: the event's stage, answered before
    assert "In which stage?" in s.messages[-1].text
    assert "For which persona?" not in s.text
    s.command("back")
    assert "Name of the scenario?" in s.messages[-1].text
    s.command("continue")
    assert "What happens?" in s.messages[-1].text
    assert s.values["scenarios.0.name"] == "Unhappy path"
    assert s.values["scenarios.0.persona"] == "0"


def test_the_edit_menu_changes_it_once_there_are_more_personas() -> None:
    s = drive(MINI, [*ONE_PERSONA, *EVENT_PLAIN, "[No]", "/skip", "[No]", "/skip"])
    assert s.state.status == "menu"
    s.press("Add Persona")
    for line in ["Bob", "/skip", "2"]:
        s.input(line)
    assert "Added." in s.text
    s.press("Edit an answer")
    s.press("Scenarios")
    assert "For which persona? → Anna" in [b.label for b in s.buttons()]
    s.press("For which persona?")
    assert [b.label for b in s.buttons()][:2] == ["Anna", "Bob"]
    s.press("Bob")
    assert "Changed." in s.text
    assert s.values["scenarios.0.persona"] == "1"


def source(**question: Any) -> list[dict[str, Any]]:
    """A stages list with one stage, then a choice among the map's stages."""
    stages = {"key": "stages", "kind": "list", "prompt": {"nl": "Fases?", "en": "Stages?"}}
    return [stages, {"key": "stage", "kind": "single", "options_from": "stages", **question}]


def test_any_data_source_with_one_option_is_taken_and_the_rest_are_asked() -> None:
    taken = drive(flow_of(*source()), ["Buying"])
    assert taken.values["stage"] == "buying"
    assert taken.state.status == "done"
    for question in ({"required": False}, {"allow_other": True}):
        asked = drive(flow_of(*source(**question)), ["Buying"])
        assert "Question stage?" in asked.messages[-1].text, question
    fixed = flow_of(
        {
            "key": "only",
            "kind": "single",
            "options": [{"value": "a", "label": {"nl": "A", "en": "A"}}],
        }
    )
    assert "Question only?" in drive(fixed, []).messages[-1].text  # the flow's own options


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("typed", ["0", "3", "00", "99999999"])
def test_a_number_outside_the_list_is_refused_with_the_valid_range(lang: Lang, typed: str) -> None:
    s = drive(MINI, TWO_PERSONAS)
    s.command("language", lang)
    s.type(typed)
    error = T("err_choice", lang, text=typed, count=2)
    assert s.messages[0].text == error
    assert s.messages[-1].kind == "question"  # asked again, saying how to answer
    assert "scenarios.0.persona" not in s.values
    s.type("2")
    assert s.values["scenarios.0.persona"] == "1"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_number_outside_the_list_is_refused_in_a_multiple_choice(lang: Lang) -> None:
    s = drive(MINI, [*GOAL, "Anna", "/skip"])
    s.command("language", lang)
    count = len(CHANNELS)
    for typed in ("0", "1, 0", str(count + 1)):  # where other answers may be typed, too
        s.type(typed)
        expected = T("err_choice", lang, text=typed.split(", ")[-1], count=count)
        assert s.messages[0].text == expected
        assert "personas.0.channels" not in s.values
    s.type("1, Flyer")
    assert s.values["personas.0.channels"] == ["website", "Flyer"]
