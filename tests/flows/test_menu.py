"""After the first pass: the menu adds iterations, edits answers, asks for the report."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from flows.engine.edit_menu import PAGE
from flows.i18n import LANGS
from flows.schema import Flow, builtin_flow
from flows.texts import T
from tests.flows.helpers import Session, autoplay, drive, flow_of, mini_flow
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


def test_back_on_the_first_question_of_an_addition_returns_to_the_menu() -> None:
    s = in_menu()
    s.press("Add Idea")
    assert "Idea 2" in s.text
    s.command("back")
    assert "nothing was added" in s.messages[0].text
    assert "What would you like to do next?" in s.text
    assert not any(r.key.startswith("ideas.1.") for r in s.answers)
    s.press("Add Idea")  # the undone addition left no gap: it is Idea 2 again
    assert "Idea 2" in s.text
    s.type("Free returns")
    assert s.values["ideas.1.text"] == "Free returns"
    assert "What would you like to do next?" in s.text


def test_back_through_an_addition_keeps_what_was_answered() -> None:
    s = in_menu()
    s.press("Add Persona")
    s.type("Bob")
    assert "Age or life stage?" in s.text
    s.command("back")
    assert "Your current answer: Bob" in s.text  # inside the addition: its previous question
    s.command("back")
    assert "kept" in s.messages[0].text
    assert "What would you like to do next?" in s.text
    assert s.values["personas.1.name"] == "Bob"


def test_back_inside_a_nested_addition_leaves_no_opened_parts_behind() -> None:
    s = in_menu()
    s.press("Add Scenario")
    assert "Name of the scenario?" in s.text
    s.command("back")
    assert "What would you like to do next?" in s.text
    s.press("Add Event")  # still one scenario: straight to its next event
    assert "Scenario 1 › Event 3" in s.text


def test_an_addition_stopped_with_cancel_goes_on_as_before_when_resumed() -> None:
    """Taken directly or stopped halfway and resumed, an addition asks the same questions,
    ends with "Added." and stores the same answers."""
    script = ["Unhappy path", "[Comparing]", "Doubts", "-2", "/skip", "[No]"]
    direct = in_menu()
    direct.press("Add Scenario")
    for line in script:
        direct.input(line)
    assert "Another event?" in direct.text
    direct.input("[No]")
    assert "Added." in direct.text
    stopped = in_menu()
    stopped.press("Add Scenario")
    for line in script[:2]:
        stopped.input(line)
    stopped.command("cancel")
    stopped.press("Yes, stop")
    assert stopped.state.status == "done"
    stopped.resume()  # e.g. the map chosen again through /maps
    assert "What happens?" in stopped.text
    for line in script[2:]:
        stopped.input(line)
    assert "Another event?" in stopped.text
    stopped.input("[No]")
    assert "Added." in stopped.text
    assert "What would you like to do next?" in stopped.text
    assert stopped.values == direct.values


def test_after_cancel_help_and_text_say_how_to_continue() -> None:
    s = in_menu()
    s.press("Add Idea")
    s.command("cancel")
    s.press("Yes, stop")
    s.command("help")
    assert "/continue" in s.text
    s.type("hello?")
    assert "/continue" in s.text
    s.command("continue")
    assert s.state.status == "menu"
    assert "Idea 2" in s.text
    assert "The idea?" in s.text
    s.type("Free returns")
    assert "Added." in s.text
    assert s.values["ideas.1.text"] == "Free returns"


def test_a_finished_map_says_how_to_reopen_its_menu() -> None:
    s = in_menu()
    s.press("Finish")
    s.type("one more thing")
    assert "/continue" in s.text
    s.command("continue")
    assert "What would you like to do next?" in s.text


def test_a_closed_guest_interview_stays_closed() -> None:
    s = drive(mini_flow().model_copy(update={"menu": []}), FIRST_PASS)
    assert s.state.status == "done"
    s.command("continue")
    assert "closed" in s.text
    assert "/continue" not in s.text
    assert s.state.status == "done"


def test_add_event_with_one_scenario_goes_straight_to_it() -> None:
    s = in_menu()
    s.press("Add Event")
    assert "Scenario 1 › Event 3" in s.text
    for line in ["[Receiving]", "Waits", "[0 Neutral]", "[No]"]:
        s.input(line)
    assert s.values["scenarios.0.events.2.title"] == "Waits"
    assert "Added." in s.text
    assert "What would you like to do next?" in s.text


def test_add_event_asks_which_scenario_first() -> None:
    s = in_menu()
    s.press("Add Scenario")
    for line in ["Unhappy path", "[Comparing]", "Doubts", "-2", "/skip", "[No]", "[No]"]:
        s.input(line)
    assert s.values["scenarios.1.events.0.title"] == "Doubts"
    assert "What would you like to do next?" in s.text
    s.press("Add Event")
    assert "Which scenario does it belong to?" in s.text
    assert [b.label for b in s.buttons()][:2] == ["Happy path", "Unhappy path"]
    s.press("Unhappy path")
    assert "Scenario 2 › Event 2" in s.text
    s.input("[Buying]")
    s.input("Pays")
    s.input("1")
    s.input("[No]")
    assert s.values["scenarios.1.events.1.title"] == "Pays"


def labels(s: Session) -> list[str]:
    return [b.label for b in s.buttons()]


def test_the_edit_menu_goes_from_step_to_part_to_answer_and_back_up() -> None:
    s = in_menu()
    s.press("Edit an answer")
    assert "Which part do you want to change?" in s.text
    assert labels(s) == ["Goal", "Personas", "Scenarios", "Stages", "Ideas", "↩ Menu"]
    s.press("Scenarios")  # the only scenario opens at once
    assert "Step 3 of 5 · Scenarios\nScenario 1: Happy path\n" in s.text
    assert labels(s) == [
        "Name of the scenario? → Happy path",
        "For which persona? → Anna",
        "Event 1: Searches online",
        "Event 2: Buys",
        "⬆ Back",
        "↩ Menu",
    ]
    s.press("Event 1")
    assert "Scenario 1: Happy path › Event 1: Searches online" in s.text
    assert labels(s)[:5] == [
        "In which stage? → Looking around at what's out there",
        "What happens? → Searches online",
        "How does the customer feel? → 🙁 -1 Negative",
        "What goes wrong? → No prices",
        "Touchpoint 1: Website",  # no name of its own: named by its first answer
    ]
    s.press("Touchpoint 1")
    assert labels(s)[:2] == ["Through which channel? → Website", "How good (1-5)? → 4"]
    s.command("back")
    assert "Touchpoint 1: Website" in labels(s)
    s.press("⬆ Back")  # the button does what /back does
    assert "Event 2: Buys" in labels(s)
    s.command("back")  # the scenario level opened by itself: straight up to the steps
    assert "Which part do you want to change?" in s.text
    s.command("back")
    assert "What would you like to do next?" in s.text


def test_an_edit_returns_to_the_level_it_was_chosen_from() -> None:
    s = in_menu()
    s.press("Edit an answer")
    s.press("Personas")
    assert "Persona 1: Anna" in s.text
    s.press("Name of the persona?")
    assert "Your current answer: Anna" in s.text
    s.type("Annie")
    assert "Changed." in s.text
    assert "Persona 1: Annie" in s.text
    assert "Name of the persona? → Annie" in labels(s)
    assert s.values["personas.0.name"] == "Annie"
    assert [r.value for r in s.answers if r.key == "personas.0.name"] == ["Anna", "Annie"]
    s.press("Age or life stage?")
    s.press("Leave it as it is")  # back to the list, nothing stored
    assert "Age or life stage? → (skipped)" in labels(s)
    s.press("Which channels?")
    s.command("back")
    assert "Persona 1: Annie" in s.text
    assert [r.key for r in s.answers].count("personas.0.channels") == 1


def test_several_personas_are_a_level_of_their_own() -> None:
    s = in_menu()
    s.press("Add Persona")
    for line in ["Bob", "/skip", "2"]:
        s.input(line)
    s.press("Edit an answer")
    s.press("Personas")
    assert labels(s) == ["Persona 1: Anna", "Persona 2: Bob", "⬆ Back", "↩ Menu"]
    s.press("Bob")
    assert "Name of the persona? → Bob" in labels(s)
    s.command("back")
    assert labels(s)[:2] == ["Persona 1: Anna", "Persona 2: Bob"]


def many_answers() -> Flow:
    questions = [{"key": f"q{n}", "kind": "text"} for n in range(12)]
    notes = {
        "type": "group",
        "key": "notes",
        "repeat": "ask_more",
        "min": 0,
        "max": 3,
        "title": {"nl": "Notitie {n}", "en": "Note {n}"},
        "more_prompt": {"nl": "Een notitie?", "en": "A note?"},
        "children": [{"key": "text", "kind": "text"}],
    }
    return flow_of(*questions, notes, menu=["notes"])


def test_a_long_level_has_pages_of_ten() -> None:
    s = drive(many_answers(), [f"answer {n}" for n in range(12)] + ["[Yes]", "A note", "[No]"])
    s.press("Edit an answer")
    s.press("Part")
    assert "(page 1 of 2)" in s.text
    assert labels(s) == [
        *[f"Question q{n}? → answer {n}" for n in range(10)],
        "Next »",
        "⬆ Back",
        "↩ Menu",
    ]
    s.press("Next")
    assert "(page 2 of 2)" in s.text
    assert labels(s)[:3] == [
        "Question q10? → answer 10",
        "Question q11? → answer 11",
        "Note 1: A note",
    ]
    s.press("Note 1")
    s.command("back")  # up to the page that shows the note
    assert "(page 2 of 2)" in s.text
    s.press("Previous")
    assert "(page 1 of 2)" in s.text
    s.press("Menu")
    assert "What would you like to do next?" in s.text


def test_edit_that_opens_a_branch_asks_the_new_questions_first() -> None:
    s = in_menu()
    s.press("Edit an answer")
    s.press("Stages")
    s.press("Which stages")
    s.press("Receiving it or getting started")  # toggles on a third stage
    s.press("Done")
    assert "Stage: Receiving it or getting started" in s.text
    s.type("Slow")
    s.type("2")
    assert s.values["per_stage.2.note"] == "Slow"
    assert "Stage: Receiving it or getting started" in labels(s)  # back at the stages level


def test_edit_levels_read_in_dutch() -> None:
    s = in_menu()
    s.command("language", "nl")
    s.press("Antwoord wijzigen")
    s.press("Scenario's")
    assert "Event 1: Searches online" in labels(s)
    assert "Naam van het scenario? → Happy path" in labels(s)
    assert "⬆ Terug" in labels(s)
    assert "Kies het antwoord dat je wilt wijzigen, of een onderdeel om het te openen." in s.text


NAVIGATION = ("⬆", "↩", "«", "Next", "Volgende")


def test_menu_choice_by_typing_its_number_and_other_text() -> None:
    s = in_menu()
    s.type("hello")
    assert s.messages[0].text == "Please pick one of the choices."
    s.type("4")
    assert "Idea 2" in s.text


def crawl_edit_menu(s: Session) -> list[list[str]]:
    """The entry labels of every edit level and page reachable from the menu."""
    s.press(T("menu_edit", s.state.lang))
    top = s.state
    seen: list[list[str]] = []
    paths: list[list[str]] = [[]]
    while paths:
        path = paths.pop()
        s.step = replace(s.step, state=top)
        s.resume()
        for label in path:
            s.press_data(next(b for b in s.buttons() if b.label == label).data)
        shown = [b.label for b in s.buttons()]
        entries = [label for label in shown if not label.startswith(NAVIGATION)]
        seen.append(entries)
        paths += [[*path, label] for label in shown if label.startswith(("Next", "Volgende"))]
        paths += [[*path, label] for label in entries if " → " not in label]
    return seen


@pytest.mark.parametrize("name", ["mini", "owner"])
def test_every_edit_level_is_short_and_numbered_once(name: str) -> None:
    """A long interview (every "another?" answered yes) still gives levels of at most ten
    entries, each once, none with a number of its own (transports number them)."""
    flow = mini_flow() if name == "mini" else builtin_flow("owner")
    for lang in LANGS:
        s = autoplay(Session.begin(flow, lang=lang), more=True, max_inputs=3000)
        levels = crawl_edit_menu(s)
        assert len(levels) > 5
        for entries in levels:
            assert len(entries) <= PAGE, entries
            assert len(entries) == len(set(entries)), entries
            assert not [label for label in entries if re.match(r"\d+\s*[.·)]", label)], entries
