"""States stored by older versions keep loading: `FlowState` ignores keys it no longer has."""

from __future__ import annotations

import json
from dataclasses import replace

from flows.cursor import AtEnd, AtPicker, AtPrompt
from flows.engine import resume
from flows.values import FlowState
from tests.flows.helpers import check_step, drive, mini_flow
from tests.flows.test_repeats import FIRST_PASS

MINI = mini_flow()


def test_a_state_stored_with_history_and_flow_version_still_loads_and_resumes() -> None:
    session = drive(MINI, ["Acme"])
    old = {**session.state.model_dump(mode="json"), "flow_version": 1, "history": [["q", "x"]]}
    state = FlowState.model_validate(old)
    assert state == session.state
    assert "history" not in state.model_dump()
    assert state.flow_version == 1
    step = resume(MINI, state)
    check_step(step)
    assert "Which journey?" in step.messages[-1].text


def stored_with(state: FlowState, cursor: object) -> FlowState:
    """``state`` as the database holds it, with ``cursor`` stored in its place (JSON)."""
    raw = json.loads(state.model_dump_json())
    return FlowState.model_validate_json(json.dumps({**raw, "cursor": cursor}))


def test_cursors_stored_as_lists_resume_where_they_were() -> None:
    """Before the cursor was typed it was stored as a list with a string tag; such states
    resume at the same place, and are stored in the typed form from then on."""
    asked = drive(MINI, ["Acme"]).state
    step = resume(MINI, stored_with(asked, ["q", "q:goal.journey"]))
    check_step(step)
    assert "Which journey?" in step.messages[-1].text
    assert step.state.cursor == AtPrompt(pid="q:goal.journey")
    assert json.loads(step.state.model_dump_json())["cursor"] == {
        "kind": "prompt",
        "pid": "q:goal.journey",
    }

    menu = drive(MINI, FIRST_PASS).state
    step = resume(MINI, stored_with(menu, ["menu"]))
    assert "What would you like to do next?" in step.messages[-1].text

    scenario = ["Unhappy path", "[Comparing]", "Doubts", "-2", "/skip", "[No]", "[No]"]
    two = drive(MINI, [*FIRST_PASS, "[Add Scenario]", *scenario])
    picker = stored_with(two.state, ["pick", 2, []])  # adding an event (menu path 2)
    assert picker.cursor == AtPicker(entry=2, chosen=())
    step = resume(MINI, picker)
    check_step(step)
    assert "Which scenario does it belong to?" in step.messages[-1].text

    finished = drive(MINI, [*FIRST_PASS, "[Finish]"]).state
    assert stored_with(finished, ["done"]).cursor == AtEnd()


def test_unreadable_cursors_are_no_cursor_and_the_engine_finds_its_place() -> None:
    asked = drive(MINI, ["Acme"]).state
    for damaged in [[], ["q"], ["q", 3], ["pick", "x", 1], {"kind": "nowhere"}, "menu", 7]:
        state = stored_with(asked, damaged)
        assert state.cursor is None, damaged
        session = drive(MINI, [])
        session.step = replace(session.step, state=state)
        session.type("hello")  # the place is found again: the first unanswered question
        assert "Which journey?" in session.text, damaged
        session.type("1")
        assert session.values["goal.journey"] == "buyer", damaged


def test_edit_menu_cursors_stored_before_its_levels_resume() -> None:
    """``["edit_step"]`` (the list of steps) and ``["edit_list", step, page]`` (one flat list
    per step) were stored before the edit menu had levels: they open the steps and that step."""
    menu = drive(MINI, FIRST_PASS).state
    steps = resume(MINI, stored_with(menu, ["edit_step"]))
    check_step(steps)
    assert "Which part do you want to change?" in steps.messages[-1].text
    scenarios = resume(MINI, stored_with(menu, ["edit_list", 3, 1]))
    check_step(scenarios)
    assert "Step 3 of 5 · Scenarios\nScenario 1: Happy path" in scenarios.messages[-1].text
    labels = [b.label for row in scenarios.messages[-1].buttons for b in row]
    assert "Event 2: Buys" in labels


def test_an_edit_stored_before_edit_levels_returns_to_the_menu() -> None:
    session = drive(MINI, FIRST_PASS)
    engine = {**session.state.extra["engine"], "editing": True}
    engine.pop("edit_from", None)
    old = stored_with(session.state, ["q", "q:personas.0.name"])
    old = old.model_copy(update={"extra": {"engine": engine}})
    session.step = replace(session.step, state=old)
    session.resume()
    assert "Your current answer: Anna" in session.text
    session.type("Annie")
    assert "Changed." in session.text
    assert "What would you like to do next?" in session.text
