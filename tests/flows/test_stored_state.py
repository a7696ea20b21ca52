"""States stored by older versions keep loading: `FlowState` ignores keys it no longer has."""

from __future__ import annotations

from dataclasses import replace

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
    assert "flow_version" not in state.model_dump()
    step = resume(MINI, state)
    check_step(step)
    assert "Which journey?" in step.messages[-1].text


def test_edit_menu_cursors_stored_before_its_levels_resume() -> None:
    """``["edit_step"]`` (the list of steps) and ``["edit_list", step, page]`` (one flat list
    per step) were stored before the edit menu had levels: they open the steps and that step."""
    menu = drive(MINI, FIRST_PASS).state
    steps = resume(MINI, menu.model_copy(update={"cursor": ["edit_step"]}))
    check_step(steps)
    assert "Which part do you want to change?" in steps.messages[-1].text
    scenarios = resume(MINI, menu.model_copy(update={"cursor": ["edit_list", 3, 1]}))
    check_step(scenarios)
    assert "Step 3 of 5 · Scenarios\nScenario 1: Happy path" in scenarios.messages[-1].text
    labels = [b.label for row in scenarios.messages[-1].buttons for b in row]
    assert "Event 2: Buys" in labels


def test_an_edit_stored_before_edit_levels_returns_to_the_menu() -> None:
    session = drive(MINI, FIRST_PASS)
    engine = {**session.state.extra["engine"], "editing": True}
    engine.pop("edit_from", None)
    old = session.state.model_copy(
        update={"cursor": ["q", "q:personas.0.name"], "extra": {"engine": engine}}
    )
    session.step = replace(session.step, state=old)
    session.resume()
    assert "Your current answer: Anna" in session.text
    session.type("Annie")
    assert "Changed." in session.text
    assert "What would you like to do next?" in session.text
