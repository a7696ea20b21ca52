"""After the first pass: the menu adds iterations, edits answers, asks for the report."""

from __future__ import annotations

from tests.flows.helpers import NOW, Session, check_step, drive, mini_flow
from tests.flows.test_repeats import FIRST_PASS

MINI = mini_flow()


def in_menu() -> Session:
    return drive(MINI, FIRST_PASS)


def test_menu_after_first_pass() -> None:
    s = in_menu()
    assert "first round is done" in s.text
    assert "Thank you!" in s.text  # the flow's outro
    labels = [b.label for b in s.buttons()]
    assert labels == [
        "➕ Add Persona",
        "➕ Add Scenario",
        "➕ Add Event",
        "➕ Add Idea",
        "✏️ Edit an answer",
        "📊 Make the report",
        "✅ Finish",
    ]
    s.command("language", "nl")
    assert "➕ Persona toevoegen" in [b.label for b in s.buttons()]


def test_add_persona_runs_the_next_iteration_then_returns_to_the_menu() -> None:
    s = in_menu()
    s.press("Add Persona")
    assert "Persona 2" in s.text
    assert "Name of the persona?" in s.text
    s.input("Bob")
    s.input("/skip")
    s.input("2")
    assert "Added." in s.text
    assert "What would you like to do next?" in s.text
    assert s.values["personas.1.name"] == "Bob"
    assert s.values["personas.1.channels"] == ["webshop"]
    assert s.signals == ["first_pass_done"]  # only once


def test_back_inside_an_addition_stays_inside_it() -> None:
    s = in_menu()
    s.press("Add Idea")
    s.command("back")
    assert "first question of this part" in s.messages[0].text
    s.type("Free returns")
    assert s.values["ideas.1.text"] == "Free returns"
    assert "What would you like to do next?" in s.text


def test_add_event_with_one_scenario_goes_straight_to_it() -> None:
    s = in_menu()
    s.press("Add Event")
    assert "Scenario 1 › Event 3" in s.text
    for line in ["[Delivery]", "Waits", "[0 Neutral]", "[No]"]:
        s.input(line)
    assert s.values["scenarios.0.events.2.title"] == "Waits"
    assert "Added." in s.text
    assert "What would you like to do next?" in s.text


def test_add_event_asks_which_scenario_first() -> None:
    s = in_menu()
    s.press("Add Scenario")
    for line in ["Unhappy path", "[Anna]", "[Decision]", "Doubts", "-2", "/skip", "[No]", "[No]"]:
        s.input(line)
    assert s.values["scenarios.1.events.0.title"] == "Doubts"
    assert "What would you like to do next?" in s.text
    s.press("Add Event")
    assert "Which scenario does it belong to?" in s.text
    assert [b.label for b in s.buttons()][:2] == ["Happy path", "Unhappy path"]
    s.press("Unhappy path")
    assert "Scenario 2 › Event 2" in s.text
    s.input("[Purchase]")
    s.input("Pays")
    s.input("1")
    s.input("[No]")
    assert s.values["scenarios.1.events.1.title"] == "Pays"


def test_edit_an_answer_supersedes_and_returns_to_the_menu() -> None:
    s = in_menu()
    s.press("Edit an answer")
    assert "Which part" in s.text
    s.press("2 · Personas")
    assert "1. Persona 1 › Name of the persona?\n   → Anna" in s.text
    s.press("Name of the persona?")
    assert "Your current answer: Anna" in s.text
    s.type("Annie")
    assert "Changed." in s.text
    assert "What would you like to do next?" in s.text
    assert s.values["personas.0.name"] == "Annie"
    assert [r.value for r in s.answers if r.key == "personas.0.name"] == ["Anna", "Annie"]


def test_edit_list_is_paginated() -> None:
    s = in_menu()
    s.press("Edit an answer")
    s.press("3 · Scenarios")
    assert "page 1 of 2" in s.text
    s.press("Next")
    assert "page 2 of 2" in s.text
    s.press("Previous")
    assert "page 1 of 2" in s.text
    s.command("back")
    assert "Which part" in s.text
    s.press("Menu")
    assert "What would you like to do next?" in s.text


def test_edit_that_opens_a_branch_asks_the_new_questions_first() -> None:
    s = in_menu()
    s.press("Edit an answer")
    s.press("4 · Stages")
    s.press("Which stages")
    s.press("Delivery / start of service")  # toggles on a third stage
    s.press("Done")
    assert "Stage: Delivery / start of service" in s.text
    s.type("Slow")
    s.type("2")
    assert "What would you like to do next?" in s.text
    assert s.values["per_stage.2.note"] == "Slow"


def test_report_and_finish_signals() -> None:
    s = in_menu()
    s.press("Make the report")
    assert s.step.signals == ("report",)
    assert "What would you like to do next?" in s.text
    s.press("Finish")
    assert s.step.signals == ("finished",)
    assert s.state.status == "done"
    s.type("more?")
    assert "closed" in s.text
    s.resume()  # a finished map can be opened again: back to the menu
    assert s.state.status == "menu"
    assert "What would you like to do next?" in s.text


def test_menu_choice_by_typing_its_number_and_other_text() -> None:
    s = in_menu()
    s.type("hello")
    assert s.messages[0].text == "Please pick one of the choices."
    s.type("4")
    assert "Idea 2" in s.text


def test_menu_add_respects_max() -> None:
    s = in_menu()
    for name in ["B", "C", "D"]:
        s.press("Add Persona")
        for line in [name, "/skip", "1"]:
            s.input(line)
    s.press("Add Persona")
    assert "maximum of 4" in s.text


def test_a_co_owner_starts_in_the_menu() -> None:
    from flows.engine import start_in_menu
    from flows.schema import builtin_flow

    step = start_in_menu(builtin_flow("owner"), lang="en", now=NOW)
    check_step(step)
    assert step.state.status == "menu"
    labels = [b.label for m in step.messages for row in m.buttons for b in row]
    assert any("Persona" in label for label in labels)
    assert not step.answers
