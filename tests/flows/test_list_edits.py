"""A list question shows its list numbered; one item is renamed, dropped or added by typing
just that change, and nothing is stored until the list is kept (issue 12, item 8)."""

from __future__ import annotations

from typing import Any

import pytest

from flows.i18n import Lang
from flows.projection import stages_from_names
from flows.vocabulary import template_stages
from tests.flows.helpers import Session, drive, flow_of

TAIL = {"key": "tail", "kind": "text"}
JOURNEY = {
    "type": "group",
    "key": "goal",
    "children": [
        {
            "key": "journey_type",
            "kind": "single",
            "options": [
                {"value": "buyer", "label": {"nl": "Tot en met de aankoop", "en": "Up to it"}},
                {"value": "customer", "label": {"nl": "Na de aankoop", "en": "After it"}},
                {"value": "experience", "label": {"nl": "Alles", "en": "All of it"}},
            ],
        }
    ],
}
STAGES: dict[str, Any] = {
    "key": "stages",
    "kind": "list",
    "default_from": "stages",
    "max_items": 6,
    "max_length": 60,
}
FLOW = flow_of(JOURNEY, STAGES, TAIL)
BUYER = [label.en for _, label in template_stages("buyer")]
BUYER_NL = [label.nl for _, label in template_stages("buyer")]


def at_stages(journey: str = "Up to it", lang: Lang = "en") -> Session:
    return drive(FLOW, [f"[{journey}]"], lang=lang)


def shown(session: Session) -> list[str]:
    """The numbered list on screen."""
    lines = session.messages[-1].text.splitlines()
    return [line.split(". ", 1)[1] for line in lines if line[:1].isdigit() and ". " in line]


@pytest.mark.parametrize(
    ("journey", "first", "count"),
    [
        ("Up to it", "Noticing you need something", 5),
        ("After it", "Receiving it or getting started", 4),
        ("All of it", "Noticing you need something", 6),  # eight, cut to max_items
    ],
)
def test_the_proposal_follows_the_journey_type(journey: str, first: str, count: int) -> None:
    s = at_stages(journey)
    assert "Suggestion:" in s.text
    assert shown(s)[0] == first
    assert len(shown(s)) == count
    s.press("Keep this list")
    assert s.values["stages"] == shown(at_stages(journey))
    assert "Question tail?" in s.text


def test_one_stage_renamed_without_retyping_the_list() -> None:
    s = at_stages()
    s.type("3 = Asking for a quote")
    assert "stages" not in s.values, "nothing is stored before the list is kept"
    assert s.messages[0].text == "✔ “Comparing and asking questions” is now “Asking for a quote”."
    assert "Your list now:" in s.text
    assert shown(s) == [BUYER[0], BUYER[1], "Asking for a quote", BUYER[3], BUYER[4]]
    s.type("ok")
    assert s.values["stages"] == [BUYER[0], BUYER[1], "Asking for a quote", BUYER[3], BUYER[4]]
    keys = [stage.key for stage in stages_from_names(s.values["stages"])]
    assert keys == ["trigger", "orientation", "asking_for_a_quote", "decision", "purchase"]


def test_drop_and_add_one_stage() -> None:
    s = at_stages()
    s.type("- 4")
    assert s.messages[0].text == "✔ “Making up your mind” is dropped."
    s.type("+ Aftercare")
    assert s.messages[0].text == "✔ “Aftercare” is added."
    s.type("+ 2 = Asking neighbours")
    s.press("Keep this list")
    assert s.values["stages"] == [
        BUYER[0],
        "Asking neighbours",
        BUYER[1],
        BUYER[2],
        BUYER[4],
        "Aftercare",
    ]


def test_several_edits_in_one_message_all_number_the_list_as_shown() -> None:
    s = at_stages()
    s.type("- 2; 3 = Quote\n+ 5 = Contract\n- 1")
    assert shown(s) == ["Quote", BUYER[3], "Contract", BUYER[4]]
    text = s.messages[0].text
    assert "“Looking around at what's out there” is dropped." in text
    assert "“Comparing and asking questions” is now “Quote”." in text
    assert "“Contract” is added." in text


def test_a_stage_is_dropped_by_its_name_when_sent_alone() -> None:
    s = at_stages()
    s.type(f"- {BUYER[1].upper()}")
    assert shown(s) == [BUYER[0], *BUYER[2:]]


def test_in_dutch_with_the_words_of_the_proposal() -> None:
    s = at_stages("Tot en met de aankoop", "nl")
    assert "Voorstel:\n1. Merken dat je iets nodig hebt" in s.text
    assert "3 = nieuwe naam → nummer 3 hernoemen" in s.text
    s.type("3 = Offerte aanvragen")
    assert s.messages[0].text == "✔ „Vergelijken en navragen” heet nu „Offerte aanvragen”."
    assert "Je lijst nu:" in s.text
    s.type("ja")
    assert s.values["stages"][2] == "Offerte aanvragen"
    assert s.values["stages"][:2] == BUYER_NL[:2]


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("9 = Later", "There is no number 9: the list goes from 1 to 5."),
        ("- 0", "There is no number 0: the list goes from 1 to 5."),
        ("+ 8 = Later", "There is no place 8: choose a place from 1 to 6."),
        ("2 = A; - 2", "Number 2 comes twice in your change."),
        ("3 =", "“3 =” lacks the name. Put it after, like this: 3 = …"),
        ("+", "“+” lacks the name. Put it after, like this: + …"),
        ("2 = Making up your mind", "“Making up your mind” is already in the list."),
        ("- 1; - 2; - 3; - 4; - 5", "That would leave nothing."),
        ("+ A; + B", "At most 6 items, that was 7."),
        ("3 = Quote\nAftercare", "I can't read “Aftercare” as a change, so I changed nothing."),
        ("Aftercare", "Only “Aftercare”? That would replace the whole list, so I changed nothing."),
        ("- Aftercare", "Only “Aftercare”? That would replace the whole list"),
        (f"1 = {'x' * 61}", "Item 1 is too long: at most 60 characters, it has 61."),
    ],
)
def test_an_edit_that_cannot_be_applied_says_why_and_changes_nothing(typed: str, says: str) -> None:
    s = at_stages()
    s.type(typed)
    assert s.messages[0].kind == "error"
    assert says in s.messages[0].text
    assert shown(s) == BUYER, "the list on screen is unchanged"
    assert "stages" not in s.values
    s.press("Keep this list")
    assert s.values["stages"] == BUYER


def test_a_single_item_points_at_the_edit_that_adds_it() -> None:
    s = at_stages()
    s.type("Aftercare")
    assert "To add it: + Aftercare · to replace number 3: 3 = Aftercare" in s.messages[0].text


def test_an_error_after_edits_keeps_the_edits() -> None:
    s = at_stages()
    s.type("- 1")
    s.type("7 = Nope")
    assert s.messages[0].kind == "error"
    assert shown(s) == BUYER[1:]
    s.type("keep")
    assert s.values["stages"] == BUYER[1:]


@pytest.mark.parametrize(
    "new_list", ["Looking\nQuote\nOrder", "Looking; Quote; Order", "Looking, Quote, Order"]
)
def test_a_whole_new_list_replaces_the_proposal_at_once(new_list: str) -> None:
    s = at_stages()
    s.type(new_list)
    assert s.values["stages"] == ["Looking", "Quote", "Order"]
    assert "Question tail?" in s.text


def test_a_bullet_list_is_a_new_list_not_edits() -> None:
    s = at_stages()
    s.type(f"- {BUYER[0]}\n- {BUYER[4]}\n- Aftercare")
    assert s.values["stages"] == [BUYER[0], BUYER[4], "Aftercare"]


def test_back_shows_the_kept_list_to_edit_and_keeps_the_change() -> None:
    s = at_stages()
    s.type("- 4")
    s.press("Keep this list")
    s.command("back")
    assert "Your list now:" in s.text
    assert shown(s) == [*BUYER[:3], BUYER[4]]
    s.type("+ Aftercare")
    assert s.values["stages"] == [*BUYER[:3], BUYER[4]], "still the kept list until kept again"
    s.press("Keep this list")
    assert s.values["stages"] == [*BUYER[:3], BUYER[4], "Aftercare"]


def test_status_and_help_keep_the_edits_on_screen() -> None:
    s = at_stages()
    s.type("1 = Spotting a need")
    s.command("status")
    assert shown(s)[0] == "Spotting a need"
    s.command("help")
    assert shown(s)[0] == "Spotting a need"


def test_edits_survive_a_restart_and_are_dropped_once_the_list_is_kept() -> None:
    s = at_stages()
    s.type("- 1")
    s.resume()  # e.g. the bot restarted, or the person sent /start
    assert shown(s) == BUYER[1:]
    s.press("Keep this list")
    s.command("back")
    s.type("- 1")
    s.command("back")  # away from the list without keeping: the change is not kept
    s.command("continue")
    assert "Question tail?" in s.text
    assert s.values["stages"] == BUYER[1:]


def test_a_list_without_a_proposal_is_typed_as_before() -> None:
    s = drive(flow_of({"key": "l", "kind": "list"}, TAIL), [])
    answering = s.messages[-1].answering
    assert answering is not None
    assert answering.kind == "list"  # the transport says how to type it
    assert not s.buttons()
    s.type("+ one")  # nothing to edit yet: a list of one item
    assert s.values["l"] == ["+ one"]
