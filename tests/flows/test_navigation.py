"""Commands: back, continue, skip, status, help, cancel, language; unknown, misplaced ones."""

from __future__ import annotations

from flows.cursor import AtPrompt
from flows.engine.core import CALLER_COMMANDS, ENGINE_COMMANDS
from flows.schema import builtin_flow
from flows.texts import T
from tests.flows.helpers import Session, drive, flow_of, mini_flow
from tests.flows.test_repeats import FIRST_PASS, GOAL, PERSONA

MINI = mini_flow()


def test_back_shows_the_previous_question_with_its_current_answer() -> None:
    s = drive(MINI, ["Acme", "/back"])
    assert "What is your business called?" in s.text
    assert "Your current answer: Acme" in s.text
    s.type("Acme Ltd")
    assert "Which journey?" in s.text  # on to the first unanswered question
    assert [(r.key, r.value) for r in s.answers] == [("business", "Acme"), ("business", "Acme Ltd")]
    assert s.values["business"] == "Acme Ltd"


def test_back_at_the_first_question_says_so() -> None:
    s = drive(MINI, ["/back"])
    assert "first question" in s.messages[0].text
    assert "What is your business called?" in s.text


def test_back_across_group_boundaries() -> None:
    s = drive(MINI, [*GOAL])  # now at personas.0.name
    s.command("back")
    assert "Which stages?" in s.text
    assert "Your list now:\n1. Noticing you need something" in s.text
    s = drive(MINI, [*GOAL, *PERSONA, "[Yes]"])  # at personas.1.name
    s.command("back")
    assert "Another persona?" in s.text
    assert "Your current answer: Yes" in s.text
    s.command("back")
    assert "Which channels?" in s.text
    assert "✅ Website" in [b.label for b in s.buttons()]  # the current answer is preselected
    s.command("back")
    assert "Age or life stage?" in s.text
    assert "(skipped)" in s.text


def test_back_onto_more_and_saying_no_drops_the_later_iteration() -> None:
    s = drive(MINI, [*GOAL, *PERSONA, "[Yes]", "Bob", "/back", "/back", "[No]"])
    assert "Step 3 of 5" in s.text
    assert "personas.1.name" not in s.values
    assert ("personas.1.name", None) in [(r.key, r.value) for r in s.answers]


def test_changing_an_answer_via_back_reopens_a_branch() -> None:
    s = drive(MINI, [*GOAL, "/back", "/back", "[Businesses]"])
    assert "Do several people decide?" in s.text


def test_skip_only_optional_questions() -> None:
    s = drive(MINI, ["/skip"])
    assert "can't be skipped" in s.messages[0].text
    assert "What is your business called?" in s.text
    s = drive(MINI, [*GOAL, "Anna", "[Skip]"])
    assert s.values["personas.0.age"] is None
    assert "Which channels?" in s.text


def test_status_and_help_then_the_question_again() -> None:
    s = drive(MINI, ["Acme", "/status"])
    assert "Step 1 of 5 · Goal" in s.messages[0].text
    assert "Which journey?" in s.messages[0].text
    assert "Answered so far: 1" in s.messages[0].text
    assert s.messages[-1].kind == "question"
    assert s.buttons()
    s.command("help")
    assert "/back" in s.messages[0].text
    assert "/skip" in s.messages[0].text
    assert "Which journey?" in s.messages[-1].text


def test_cancel_asks_to_confirm_and_keeps_answers() -> None:
    s = drive(MINI, ["Acme", "/cancel"])
    assert "kept" in s.text
    s.press("No, continue")
    assert "Which journey?" in s.text
    assert s.state.status == "active"
    s.command("cancel")
    s.press("Yes, stop")
    assert s.signals == ["cancelled"]
    assert s.state.status == "done"
    assert s.values == {"business": "Acme"}
    s.type("hello?")
    assert "stopped" in s.text
    assert "/continue" in s.text
    s.resume()  # the caller chose to continue this interview: it picks up where it stopped
    assert s.state.status == "active"
    assert "Which journey?" in s.text
    s.input("1")
    assert s.values["goal.journey"] == "buyer"


def test_cancel_confirm_by_typing() -> None:
    s = drive(MINI, ["/cancel", "ja"], lang="nl")
    assert s.state.status == "done"
    s = drive(MINI, ["/cancel", "Acme"])  # not an answer to the confirmation: used as the answer
    assert s.values == {"business": "Acme"}


def test_language_switch_with_argument_and_with_buttons() -> None:
    s = drive(MINI, ["/language nl"])
    assert s.state.lang == "nl"
    assert s.signals == ["language_changed"]
    assert "Hoe heet je bedrijf?" in s.text
    s.command("language")
    s.press("English")
    assert s.state.lang == "en"
    assert "What is your business called?" in s.text
    s.command("language", "klingon")
    assert len(s.buttons()) == 2


def test_unknown_and_caller_commands() -> None:
    s = drive(MINI, ["/frobnicate"])
    assert "/frobnicate" in s.messages[0].text
    assert "What is your business called?" in s.text
    s.command("report")
    assert "not available here" in s.messages[0].text


def test_the_engine_and_caller_command_lists_say_what_the_engine_does() -> None:
    # The drift check against the chat layer's own list (bot.chat.routing.COMMANDS) lives in
    # tests/bot: flows must not import bot.
    assert not ENGINE_COMMANDS & CALLER_COMMANDS
    not_here = T("command_not_here", "en", command="{}").split("{}")[-1]
    unknown = T("unknown_command", "en", command="{}").split("{}")[-1]
    for name in sorted(ENGINE_COMMANDS):
        text = drive(MINI, [f"/{name}"]).text
        assert not_here not in text, name
        assert unknown not in text, name
    for name in sorted(CALLER_COMMANDS):
        assert not_here in drive(MINI, [f"/{name}"]).messages[0].text, name


def test_skip_and_back_in_the_menu_get_a_clear_reply() -> None:
    s = drive(MINI, [*FIRST_PASS, "/skip"])
    assert "nothing to skip" in s.messages[0].text
    assert "What would you like to do next?" in s.text
    s.command("back")
    assert "menu" in s.messages[0].text
    s.command("status")
    assert "first round is done" in s.messages[0].text


def test_skip_on_add_another_asks_for_yes_or_no() -> None:
    s = drive(MINI, [*GOAL, *PERSONA, "/skip"])
    assert s.messages[0].text == "Please answer yes or no."


def test_resume_reshows_the_current_question_and_makes_old_buttons_stale() -> None:
    s = drive(MINI, ["Acme"])
    old = s.button("Buyer journey")
    s.resume()
    assert len(s.messages) == 1
    assert "Which journey?" in s.text
    s.press_data(old.data)
    assert "earlier question" in s.messages[0].text
    assert "goal.journey" not in s.values
    s.press("Buyer journey")
    assert s.values["goal.journey"] == "buyer"


def test_flow_without_menu_finishes() -> None:
    s = drive(flow_of({"key": "a", "kind": "text"}), ["done"])
    assert s.signals == ["finished"]
    assert s.state.status == "done"
    assert s.messages[-1].kind == "done"
    s.resume()
    assert "closed" in s.text


def test_a_command_passed_on_as_text_is_still_a_command() -> None:
    s = drive(MINI, ["Acme", "/back"])
    assert "Your current answer: Acme" in s.text
    s.type("/language nl")
    assert s.state.lang == "nl"
    s.type("/etc/passwd is not a command")
    assert s.values["business"] == "/etc/passwd is not a command"


# -- correcting earlier answers (issue 12, navigation) ---------------------------------------

GOAL_NL = ["Acme", "1", "[Consumenten]", "[Deze lijst houden]"]
CONTINUE = {"en": "Continue where I was", "nl": "Verder waar ik was"}


def test_fixing_an_answer_three_questions_back_takes_five_inputs() -> None:
    for lang, goal, customer in (("en", GOAL, "Customer journey"), ("nl", GOAL_NL, "Klantreis")):
        s = drive(MINI, goal, lang=lang)  # now at personas.0.name
        where = s.state.cursor
        inputs = len(s.steps)
        s.input("/back")
        s.input("/back")
        s.input("/back")
        assert s.state.cursor == AtPrompt(pid="q:goal.journey"), lang
        assert CONTINUE[lang] in [b.label.lstrip("⏩ ") for b in s.buttons()], lang
        s.press(customer)
        assert s.state.cursor == AtPrompt(pid="q:goal.market"), lang  # the question right after it
        s.press(CONTINUE[lang])
        assert len(s.steps) - inputs == 5, lang
        assert s.state.cursor == where, lang
        assert s.values == {
            "business": "Acme",
            "goal.journey": "customer",
            "goal.market": "b2c",
            "stages": s.values["stages"],
        }, lang
        assert s.values["stages"], lang


def test_after_a_changed_answer_the_next_question_comes_with_its_answer() -> None:
    s = drive(MINI, [*GOAL, "/back", "/back", "/back", "/back"])
    assert "What is your business called?" in s.text
    s.type("Acme Ltd")
    assert "next question" in s.messages[0].text
    assert "Which journey?" in s.text
    assert "Your current answer: Buyer journey" in s.text
    assert "/continue" in s.text
    s.press("Customer journey")  # keep correcting in order
    assert "B2C or B2B?" in s.text
    assert "Your current answer: Consumers" in s.text
    s.press("Consumers")  # the same answer again: on to the next one
    assert "Which stages?" in s.text
    s.press("Keep this list")
    assert "Name of the persona?" in s.text  # the first unanswered question again
    assert "Your current answer" not in s.text
    assert s.values["business"] == "Acme Ltd"
    assert s.values["goal.journey"] == "customer"


def test_continue_returns_to_the_furthest_unanswered_question() -> None:
    s = drive(MINI, [*GOAL, *PERSONA, "[Yes]", "Bob"])  # now at personas.1.age
    where = s.state.cursor
    for _ in range(8):
        s.command("back")
    assert "Which journey?" in s.text
    s.command("continue")
    assert s.state.cursor == where
    assert "Age or life stage?" in s.text
    assert "Your current answer" not in s.text
    assert not s.step.answers  # continuing changes nothing
    # Dutch alias, and from a changed answer
    s = drive(
        MINI,
        [*GOAL_NL, *PERSONA, "[Ja]", "Bob", "/back", "/back", "/back", "Webshop"],
        lang="nl",
    )
    assert "Nog een persona?" in s.text  # the prompt after the changed channels
    assert "Je huidige antwoord: Ja" in s.text
    s.command("verder")
    assert s.state.cursor == where


def test_a_changed_answer_keeps_the_answers_after_it() -> None:
    s = drive(MINI, [*GOAL, *PERSONA, "[Yes]", "Bob"])
    before = dict(s.values)
    for _ in range(6):
        s.command("back")
    assert "What is your business called?" not in s.text
    assert "Which stages?" in s.text
    s.type("Awareness, Purchase")
    assert s.values["stages"] == ["Awareness", "Purchase"]
    assert {k: v for k, v in s.values.items() if k != "stages"} == {
        k: v for k, v in before.items() if k != "stages"
    }
    assert [r.key for r in s.step.answers] == ["stages"]  # nothing superseded
    assert "Name of the persona?" in s.text  # the one after it, still answered
    assert "Your current answer: Anna" in s.text
    s.press("Continue where I was")
    assert s.state.cursor == AtPrompt(pid="q:personas.1.age")
    assert s.values["personas.1.name"] == "Bob"


def test_no_continue_offered_on_new_questions_or_when_editing_from_the_menu() -> None:
    s = drive(MINI, ["Acme"])
    assert "Continue where I was" not in [b.label for b in s.buttons()]
    assert "/continue" not in s.text
    s = drive(MINI, FIRST_PASS)
    s.press("Edit an answer")
    s.press("Goal")
    s.press("What is your business called?")
    assert "/continue" not in s.text
    assert not [b for b in s.buttons() if "Continue" in b.label]
    s.type("Acme Ltd")  # an edit from the menu goes back to the edit menu's level
    assert "Changed." in s.text
    assert "What is your business called? → Acme Ltd" in [b.label for b in s.buttons()]
    s.press("What is your business called?")
    s.command("continue")  # editing: back to the level, the answer as it was
    assert "What is your business called? → Acme Ltd" in [b.label for b in s.buttons()]
    s.press("Menu")
    s.command("continue")  # in the menu: the menu again
    assert "What would you like to do next?" in s.text


def test_continue_inside_an_addition_from_the_menu_stays_inside_it() -> None:
    s = drive(MINI, [*FIRST_PASS, "[Add Persona]", "Bob", "/back"])
    assert "Your current answer: Bob" in s.text
    s.press("Continue where I was")
    assert "Age or life stage?" in s.text
    assert s.state.cursor == AtPrompt(pid="q:personas.1.age")


def test_fixing_an_owner_answer_three_questions_back_takes_five_inputs() -> None:
    owner = builtin_flow("owner")
    for lang in ("nl", "en"):
        s = Session.begin(owner, lang=lang)
        s.press_data(s.buttons()[0].data)  # goal.journey_type
        s.type("Many questions about delivery")  # goal.reason
        s.press_data(s.buttons()[0].data)  # goal.market
        s.type("Ordering chairs")  # goal.title
        s.press_data(s.buttons()[0].data)  # stages: keep the proposal
        s.type("Anna")  # personas.0.name
        where = s.state.cursor
        assert where == AtPrompt(pid="q:personas.0.description"), lang
        inputs = len(s.steps)
        for _ in range(3):
            s.command("back")
        assert s.state.cursor == AtPrompt(pid="q:goal.title"), lang
        s.type("Ordering office chairs")
        assert s.state.cursor == AtPrompt(pid="q:stages"), lang
        s.press(CONTINUE[lang])
        assert len(s.steps) - inputs == 5, lang
        assert s.state.cursor == where, lang
        assert s.values["goal.title"] == "Ordering office chairs", lang
        assert s.values["personas.0.name"] == "Anna", lang
