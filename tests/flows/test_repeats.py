"""Branching, repeat groups (once, ask_more, for_each), nesting, progress and titles."""

from __future__ import annotations

import time

from flows.schema import builtin_flow
from tests.flows.helpers import Session, autoplay, drive, flow_of, mini_flow

MINI = mini_flow()

GOAL = ["Acme", "1", "[Consumers]", "[Keep this list]"]
PERSONA = ["Anna", "/skip", "1,3"]
EVENT_WITH_TOUCHPOINT = [
    "[Looking around]",
    "Searches online",
    "[-1 Negative]",
    "No prices",
    "[Yes]",
    "[Website]",
    "4",
    "[No]",
]
EVENT_PLAIN = ["[Buying]", "Buys", "2", "[No]"]
# one whole first pass of the mini flow
FIRST_PASS = [
    *GOAL,
    *PERSONA,
    "[No]",
    "Happy path",  # the scenario's persona is Anna, the only one: not asked
    *EVENT_WITH_TOUCHPOINT,
    "[Yes]",
    *EVENT_PLAIN,
    "[No]",
    "2,4",
    "Lots of tabs",
    "[High]",
    "Quick checkout",
    "1",
    "[Yes]",
    "Show prices",
    "/skip",
]


def test_whole_first_pass_records_dotted_keys() -> None:
    s = drive(MINI, FIRST_PASS)
    assert s.signals == ["first_pass_done"]
    assert s.state.status == "menu"
    v = s.values
    assert v["goal.journey"] == "buyer"
    assert "goal.dmu" not in v  # skipped by its condition: nothing recorded
    assert v["personas.0.name"] == "Anna"
    assert v["personas.0.age"] is None
    assert "personas.0.role" not in v
    assert v["scenarios.0.persona"] == "0"
    assert v["scenarios.0.events.0.emotion"] == -1
    assert v["scenarios.0.events.0.pain"] == "No prices"
    assert v["scenarios.0.events.0.touchpoints.0.channel"] == "website"
    assert v["scenarios.0.events.0.touchpoints.0.score"] == 4
    assert "scenarios.0.events.0.touchpoints.1.channel" not in v
    assert v["scenarios.0.events.1.emotion"] == 2
    assert "scenarios.0.events.1.pain" not in v
    assert "scenarios.0.events.1.touchpoints.0.channel" not in v
    assert v["visited"] == ["orientation", "purchase"]
    assert v["per_stage.0.note"] == "Lots of tabs"
    assert v["per_stage.1.impact"] == 1
    assert v["ideas.0.text"] == "Show prices"
    assert v["wrapup"] is None
    # the answers to append are exactly the values (nothing superseded in a straight run)
    assert {r.key: r.value for r in s.answers} == v


def test_drive_is_fast() -> None:
    began = time.perf_counter()
    for _ in range(10):
        drive(MINI, FIRST_PASS)
    assert (time.perf_counter() - began) / 10 < 0.5


def test_branch_appears_when_its_condition_holds() -> None:
    s = drive(MINI, ["Acme", "1", "[Businesses]"])
    assert "Do several people decide?" in s.text
    s.press("Yes")
    s.input("[Keep this list]")
    s.input("Anna")
    s.input("/skip")
    assert "Role in the decision?" in s.text  # goal.dmu read from inside the personas group


def test_progress_line_step_intro_and_iteration_titles() -> None:
    s = drive(MINI, [])
    assert s.messages[0].text.startswith("Mini interview")
    assert "First the goal." in s.text
    # the step's intro names the step; its first question right below does not again
    assert s.messages[-2].text.startswith("📍 Step 1 of 5 · Goal")
    assert "Step 1 of 5" not in s.messages[-1].text
    s = drive(MINI, [*GOAL])
    assert s.messages[-1].text.startswith("Step 2 of 5 · Personas\nPersona 1")
    s = drive(MINI, [*GOAL, *PERSONA, "[Yes]"])
    assert "Persona 2" in s.text
    s = drive(MINI, [*GOAL, *PERSONA, "[No]", "Happy", *EVENT_PLAIN, "[Yes]"])
    assert "Scenario 1 › Event 2" in s.text


def test_dutch_progress_line() -> None:
    s = drive(MINI, [], lang="nl")
    assert s.messages[-2].text.startswith("📍 Stap 1 van 5 · Doel")
    s.type("Bakkerij Jansen")
    assert s.messages[-1].text.startswith("Stap 1 van 5 · Doel")


def test_first_pass_max_stops_asking_more() -> None:
    s = drive(MINI, [*GOAL, *PERSONA, "[Yes]", "Bob", "/skip", "2"])
    # two personas is the first-pass maximum: no "Another persona?" but the next step
    assert "Another persona?" not in s.text
    assert "Step 3 of 5" in s.text


def test_ask_more_min_zero_asks_first() -> None:
    flow = flow_of(
        {
            "type": "group",
            "key": "ideas",
            "repeat": "ask_more",
            "min": 0,
            "max": 2,
            "more_prompt": {"nl": "Idee?", "en": "An idea?"},
            "children": [{"key": "text", "kind": "text"}],
        },
        {"key": "tail", "kind": "text"},
    )
    s = drive(flow, ["[No]"])
    assert "Question tail?" in s.text
    assert "ideas.0.text" not in s.values
    s = drive(flow, ["[Yes]", "one", "[Yes]", "two"])
    # max reached: not asked again
    assert "Question tail?" in s.text
    assert s.values["ideas.1.text"] == "two"


def test_ask_more_honours_min() -> None:
    flow = flow_of(
        {
            "type": "group",
            "key": "g",
            "repeat": "ask_more",
            "min": 2,
            "more_prompt": {"nl": "Meer?", "en": "More?"},
            "children": [{"key": "x", "kind": "text"}],
        }
    )
    s = drive(flow, ["a"])
    assert "More?" not in s.text
    assert "Question x?" in s.text
    s.type("b")
    assert "More?" in s.text


def test_for_each_iterates_over_a_list_answer_with_item_titles() -> None:
    s = drive(MINI, [*FIRST_PASS[:-7]])
    assert "Stage: Looking around at what's out there" in s.text
    assert "What stands out in this stage?" in s.text
    s.input("x")
    s.input("1")
    assert "Stage: Buying, ordering or booking" in s.text


def test_for_each_with_empty_list_is_skipped() -> None:
    s = drive(MINI, [*FIRST_PASS[:-8], "/skip"])
    assert "Do you want to note an idea?" in s.text
    assert s.values["visited"] is None


def test_nested_touchpoints_under_events_under_scenarios() -> None:
    s = drive(
        MINI,
        [
            *GOAL,
            *PERSONA,
            "[No]",
            "Happy",
            "[Looking around]",
            "Search",
            "1",
            "[Yes]",
            "[Website]",
            "4",
            "[Yes]",
            "Fair",
            "2",
        ],
    )
    assert "Scenario 1 › Event 1 › Touchpoint 2" in s.text or "Add a touchpoint?" in s.text
    assert s.values["scenarios.0.events.0.touchpoints.1.channel"] == "Fair"
    assert s.values["scenarios.0.events.0.touchpoints.1.score"] == 2


def test_changing_a_for_each_list_keeps_answers_with_their_items() -> None:
    s = drive(MINI, [*FIRST_PASS[:-8], "2,4", "About need", "1", "About purchase", "3"])
    assert s.values["per_stage.1.note"] == "About purchase"
    for _ in range(5):
        s.command("back")
    assert "Which stages do you want to detail?" in s.text
    s.type("4,5")  # drop "orientation", keep "purchase", add "delivery"
    assert s.values["visited"] == ["purchase", "delivery"]
    assert s.values["per_stage.0.note"] == "About purchase"
    assert s.values["per_stage.0.impact"] == 3
    assert "per_stage.1.note" not in s.values
    records = [(r.key, r.value) for r in s.step.answers]
    assert ("per_stage.0.note", "About purchase") in records
    assert ("per_stage.1.note", None) in records
    # the question right after the changed one: the kept item's note, with its answer
    assert "Stage: Buying, ordering or booking" in s.text
    assert "Your current answer: About purchase" in s.text
    s.command("continue")
    assert "Stage: Receiving it or getting started" in s.text  # the new item is asked


def test_answers_hidden_by_a_changed_branch_are_superseded() -> None:
    s = drive(MINI, [*GOAL[:2], "[Businesses]", "[Yes]", "[Keep this list]", "Anna", "/skip", "4"])
    assert s.values["personas.0.role"] == "decider"
    for _ in range(6):
        s.command("back")
    assert "B2C or B2B?" in s.text
    s.press("Consumers")
    assert "goal.dmu" not in s.values
    assert "personas.0.role" not in s.values
    records = [(r.key, r.value) for r in s.step.answers]
    assert records == [("goal.market", "b2c"), ("goal.dmu", None), ("personas.0.role", None)]
    assert s.values["personas.0.name"] == "Anna"  # untouched: still visible


def test_reaching_a_first_pass_limit_is_said_before_the_next_kind_of_question() -> None:
    # Someone still telling their story: after the sixth event the interview must not move on
    # to touchpoints of the next step in silence, or their next answers land there unseen.
    for lang, last in (("nl", "Gebeurtenis 6"), ("en", "Event 6")):
        session = autoplay(Session.begin(builtin_flow("owner"), lang=lang), more=True)
        notes = [m.text for step in session.steps for m in step.messages if "✋" in m.text]
        events = [n for n in notes if last in n]
        assert len(events) == 1, notes
        (step,) = [s for s in session.steps if any(events[0] == m.text for m in s.messages)]
        texts = [m.text for m in step.messages]
        note = texts.index(events[0])
        assert step.messages[-1].kind == "question"
        assert note < len(texts) - 1  # said before the next question is asked
        assert "menu" in texts[note]  # and how to add more later
