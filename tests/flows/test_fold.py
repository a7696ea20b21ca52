"""A folded "add another?" (``Group.fold``): never a question of its own, decided on the done
buttons of an iteration's last multi, or by "that was the last one" on the first question of
the iteration the engine opened in its place."""

from __future__ import annotations

from typing import Any

from flows.cursor import AtPrompt
from flows.schema import builtin_flow
from tests.flows.helpers import Session, flow_of

FOLD = {"next": {"nl": "Volgende", "en": "Next"}, "last": {"nl": "Laatste", "en": "Last one"}}
MORE = {"nl": "Nog een?", "en": "Another one?"}


def repeat(*children: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "group",
        "key": "items",
        "repeat": "ask_more",
        "max": 5,
        "more_prompt": MORE,
        "fold": FOLD,
        "children": list(children),
    }


CHANNELS = {"key": "via", "kind": "multi", "options_from": "channels", "required": False}
TITLE = {"key": "title", "kind": "text"}
AFTER = {"key": "after", "kind": "text"}


def asked_another(s: Session) -> bool:
    return any("Another one?" in m.text for step in s.steps for m in step.messages)


def values_of(s: Session) -> list[str]:
    return [b.data.rsplit(":", 1)[-1] for b in s.buttons()]


def test_the_done_buttons_of_the_last_multi_decide_whether_another_follows() -> None:
    s = Session.begin(flow_of(repeat(TITLE, CHANNELS), AFTER))
    s.type("First")
    assert values_of(s)[-2:] == ["_next", "_last"]  # instead of Done
    assert "_skip" not in values_of(s)  # left empty, done means "none"
    s.press("Website")
    s.press("Next")
    assert s.state.cursor == AtPrompt(pid="q:items.1.title")
    assert "_last" not in values_of(s)  # asked for: no "that was the last one" here
    s.type("Second")
    s.press("Last one")  # nothing ticked: no channel
    assert s.state.cursor == AtPrompt(pid="q:after")
    assert not asked_another(s)
    assert s.values["items.0.via"] == ["website"]
    assert s.values["items.1.via"] == []


def test_after_a_typed_answer_the_next_first_question_offers_that_was_the_last() -> None:
    s = Session.begin(flow_of(repeat(TITLE, CHANNELS), AFTER))
    s.type("First")
    s.type("website")  # typed: submits the multi without deciding
    assert s.state.cursor == AtPrompt(pid="q:items.1.title")
    assert not asked_another(s)
    s.press("Last one")
    assert s.state.cursor == AtPrompt(pid="q:after")
    assert not any(k.startswith("items.1.") for k in s.values)
    s.type("Done")
    assert s.state.status == "done"


def test_a_group_ending_on_a_text_question_is_folded_into_the_next_first_question() -> None:
    s = Session.begin(flow_of(repeat(TITLE, AFTER)))
    s.type("First")
    s.type("One")
    assert s.state.cursor == AtPrompt(pid="q:items.1.title")
    assert "_last" in values_of(s)
    s.type("Second")  # answering it keeps the iteration
    assert "_last" not in values_of(s)
    s.type("Two")
    s.press("Last one")
    assert s.state.status == "done"
    assert s.values == {
        "items.0.title": "First",
        "items.0.after": "One",
        "items.1.title": "Second",
        "items.1.after": "Two",
    }
    assert not asked_another(s)


def test_back_from_an_opened_iteration_returns_to_the_last_answer_not_to_another() -> None:
    s = Session.begin(flow_of(repeat(TITLE, AFTER)))
    s.type("First")
    s.type("One")
    s.command("back")
    assert s.state.cursor == AtPrompt(pid="q:items.0.after")
    s.type("Uno")
    assert s.state.cursor == AtPrompt(pid="q:items.1.title")
    assert "_last" in values_of(s)


def test_the_owners_moments_of_truth_are_chosen_among_the_current_events() -> None:
    from tests.flows.test_owner_interview import run_first_pass

    answers, owner, _ = run_first_pass("en")
    assert answers["moments"] == ["0-1"]
    assert owner.asked.count("moments") == 1


def test_event_choices_name_the_events_of_current_scenarios_only() -> None:
    from flows.engine.memo import Memo
    from flows.engine.options import Ctx, choices

    owner = builtin_flow("owner")
    question = next(n for n in owner.steps[3].nodes if n.key == "moments")
    values = {
        "scenarios.0.kind": "current_negative",
        "scenarios.0.events.0.title": "Orders",
        "scenarios.0.events.1.title": "Waits",
        "scenarios.1.kind": "desired",
        "scenarios.1.events.0.title": "Gets a message",
        "scenarios.2.kind": "current_positive",
        "scenarios.2.events.0.title": "Collects",
    }
    memo = Memo(
        iters={
            "scenarios": 3,
            "scenarios.0.events": 2,
            "scenarios.1.events": 1,
            "scenarios.2.events": 1,
        }
    )
    picked = choices(question, Ctx(owner, values, memo, {}, "en"))
    assert [(c.value, c.label) for c in picked] == [
        ("0-0", "1. Orders"),
        ("0-1", "1. Waits"),
        ("2-0", "3. Collects"),
    ]


def test_a_damaged_memo_cannot_conjure_more_choices_than_a_message_holds() -> None:
    # found by the fuzz: {"iters": {"personas": 101}} offered 101 personas, past Telegram's
    # 100 buttons
    from flows.engine.memo import Memo
    from flows.engine.options import MAX_EVENT_CHOICES, Ctx, choices

    owner = builtin_flow("owner")
    persona = next(
        q
        for q in (n for s in owner.steps for n in s.nodes)
        if q.key == "scenarios"
        for q in q.children  # type: ignore[union-attr]
        if q.key == "persona"
    )
    memo = Memo(
        iters={
            "personas": 101,
            "scenarios": 500,
            **{f"scenarios.{i}.events": 500 for i in range(500)},
        }
    )
    values = {
        f"scenarios.{i}.events.{j}.title": f"E{i}.{j}" for i in range(500) for j in range(500)
    }
    assert len(choices(persona, Ctx(owner, {}, memo, {}, "en"))) == 8  # the group's max
    moments = next(n for n in owner.steps[3].nodes if n.key == "moments")
    assert len(choices(moments, Ctx(owner, values, memo, {}, "en"))) == MAX_EVENT_CHOICES
