"""A bug inside the engine: the user gets an apology and where they were, the caller gets the
``"error"`` signal and the exception (``Step.error``) to log, and the state stays usable."""

from __future__ import annotations

from typing import Any, NoReturn

import pytest

from flows.engine import advance, core, draft, resume
from flows.texts import T
from flows.values import FlowState, Inbound
from tests.flows.helpers import NOW, Session, mini_flow

MINI = mini_flow()
SORRY = T("internal_error", "en")


def _boom(*args: Any, **kwargs: Any) -> NoReturn:
    raise RuntimeError("boom")


def _stored(session: Session) -> FlowState:
    return FlowState.model_validate_json(session.state.model_dump_json())


def test_a_bug_while_answering_apologises_and_hands_the_exception_to_the_caller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = _stored(Session.begin(MINI))
    given = state.model_dump()
    monkeypatch.setattr(core, "parse_text", _boom)
    step = advance(MINI, state, Inbound(kind="text", text="Acme"), NOW)
    assert step.messages[0].text == SORRY
    assert "What is your business called?" in step.messages[-1].text  # where the user was
    assert step.signals == ("error",)
    assert isinstance(step.error, RuntimeError)
    assert str(step.error) == "boom"
    assert step.error.__traceback__ is not None  # the caller can log where it happened
    assert step.answers == ()
    assert state.model_dump() == given, "the given state is untouched"
    assert (step.state.values, step.state.cursor, step.state.status) == (
        state.values,
        state.cursor,
        state.status,
    )

    monkeypatch.undo()  # the bug is fixed: the same state carries on
    again = advance(MINI, step.state, Inbound(kind="text", text="Acme"), NOW)
    assert again.error is None
    assert "error" not in again.signals
    assert again.state.values["business"] == "Acme"


def test_a_bug_while_resuming_apologises_and_hands_the_exception_to_the_caller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = _stored(Session.begin(MINI))
    render_item = draft.render_item
    calls = []

    def fails_once(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise KeyError("first")
        return render_item(*args, **kwargs)

    monkeypatch.setattr(draft, "render_item", fails_once)
    step = resume(MINI, state)
    assert step.messages[0].text == SORRY
    assert "What is your business called?" in step.messages[-1].text
    assert step.signals == ("error",)
    assert isinstance(step.error, KeyError)


def test_when_even_the_reshow_fails_the_later_exception_carries_the_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = Session.begin(MINI)
    state = _stored(session)

    def bad_parse(*args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError("parse")

    monkeypatch.setattr(core, "parse_text", bad_parse)
    monkeypatch.setattr(draft, "render_item", _boom)
    step = advance(MINI, state, Inbound(kind="text", text="Acme"), NOW)
    assert [m.text for m in step.messages] == [SORRY]
    assert step.signals == ("error",)
    assert isinstance(step.error, RuntimeError)
    assert isinstance(step.error.__context__, ValueError)
    assert step.state.values == state.values

    monkeypatch.undo()
    again = resume(MINI, step.state)
    assert again.error is None
    assert "What is your business called?" in again.messages[-1].text
