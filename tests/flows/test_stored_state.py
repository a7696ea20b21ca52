"""States stored by older versions keep loading: `FlowState` ignores keys it no longer has."""

from __future__ import annotations

from flows.engine import resume
from flows.values import FlowState
from tests.flows.helpers import check_step, drive, mini_flow

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
