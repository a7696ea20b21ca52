"""Each question kind: what it accepts, what it stores, and how it says no."""

from __future__ import annotations

import re

import pytest

from flows.i18n import Lang
from flows.texts import T
from flows.vocabulary import CHANNELS, DECISION_ROLES, template_stages
from tests.flows.helpers import Session, drive, flow_of

OPTIONS = [
    {"value": "red", "label": {"nl": "Rood", "en": "Red"}},
    {"value": "green", "label": {"nl": "Groen", "en": "Green"}},
    {"value": "blue", "label": {"nl": "Blauw", "en": "Blue"}},
]
TAIL = {"key": "tail", "kind": "text"}


def asked(session: Session, key: str) -> bool:
    return f"Question {key}?" in session.text


# -- text -----------------------------------------------------------------------------------


def test_text_is_trimmed_and_recorded() -> None:
    s = drive(flow_of({"key": "a", "kind": "text"}, TAIL), ["  hello there \n"])
    assert s.values["a"] == "hello there"
    assert [(r.key, r.value) for r in s.answers] == [("a", "hello there")]
    assert asked(s, "tail")


def test_empty_text_gets_a_friendly_error_and_the_question_again() -> None:
    s = drive(flow_of({"key": "a", "kind": "text"}), ["   "])
    assert s.messages[0].kind == "error"
    assert "empty" in s.messages[0].text
    assert asked(s, "a")
    assert "a" not in s.values


def test_over_long_text_says_the_limit_and_the_length() -> None:
    s = drive(flow_of({"key": "a", "kind": "text", "max_length": 10}), ["x" * 25])
    assert "at most 10" in s.messages[0].text
    assert "25" in s.messages[0].text
    assert asked(s, "a")


def test_too_short_text_says_the_minimum() -> None:
    s = drive(flow_of({"key": "a", "kind": "text", "min_length": 3}), ["ab"], lang="nl")
    assert "minstens 3" in s.messages[0].text


# -- single ---------------------------------------------------------------------------------


def test_single_by_button() -> None:
    s = drive(flow_of({"key": "c", "kind": "single", "options": OPTIONS}, TAIL), ["[Green]"])
    assert s.values["c"] == "green"


@pytest.mark.parametrize(("typed", "value"), [("3", "blue"), ("BLUE", "blue"), (" rEd ", "red")])
def test_single_accepts_number_or_label(typed: str, value: str) -> None:
    s = drive(flow_of({"key": "c", "kind": "single", "options": OPTIONS}, TAIL), [typed])
    assert s.values["c"] == value


def test_single_rejects_other_text_and_shows_the_question_again() -> None:
    s = drive(flow_of({"key": "c", "kind": "single", "options": OPTIONS}), ["purple", "4"])
    assert s.messages[0].text == "“4” is not one of the choices."
    assert s.messages[-1].answering is not None  # how to answer: the question below says it
    assert s.messages[-1].answering.kind == "choice"
    assert "c" not in s.values


def test_single_allow_other_keeps_typed_text() -> None:
    flow = flow_of({"key": "c", "kind": "single", "options": OPTIONS, "allow_other": True}, TAIL)
    s = drive(flow, ["Purple-ish"])
    assert s.values["c"] == "Purple-ish"


def test_single_buttons_are_labelled_in_the_users_language() -> None:
    s = drive(flow_of({"key": "c", "kind": "single", "options": OPTIONS}), [], lang="nl")
    assert [b.label for b in s.buttons()] == ["Rood", "Groen", "Blauw"]


# -- multi ----------------------------------------------------------------------------------


def test_multi_toggles_replace_the_message_with_marks_then_done() -> None:
    s = drive(flow_of({"key": "m", "kind": "multi", "options": OPTIONS}, TAIL), ["[Red]"])
    (message,) = s.messages
    assert message.replace
    assert [b.label for b in s.buttons()][:3] == ["✅ Red", "Green", "Blue"]
    s.press("Blue")
    s.press("✅ Red")  # toggles off again
    assert [b.label for b in s.buttons()][:3] == ["Red", "Green", "✅ Blue"]
    assert "m" not in s.values
    s.press("Done")
    assert s.values["m"] == ["blue"]
    assert asked(s, "tail")


def test_multi_done_with_nothing_chosen_is_refused_when_required() -> None:
    s = drive(flow_of({"key": "m", "kind": "multi", "options": OPTIONS}), ["[Done]"])
    assert "at least one" in s.messages[0].text
    assert "m" not in s.values


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1,3", ["red", "blue"]), ("1 3", ["red", "blue"]), ("green, Red", ["green", "red"])],
)
def test_multi_typed(typed: str, value: list[str]) -> None:
    s = drive(flow_of({"key": "m", "kind": "multi", "options": OPTIONS}, TAIL), [typed])
    assert s.values["m"] == value


def test_multi_typed_merges_with_toggled_buttons() -> None:
    s = drive(flow_of({"key": "m", "kind": "multi", "options": OPTIONS}, TAIL), ["[Green]", "1"])
    assert s.values["m"] == ["green", "red"]


def test_multi_allow_other_and_max_items() -> None:
    node = {"key": "m", "kind": "multi", "options": OPTIONS, "allow_other": True, "max_items": 2}
    s = drive(flow_of(node, TAIL), ["1, TikTok"])
    assert s.values["m"] == ["red", "TikTok"]
    s = drive(flow_of(node, TAIL), ["1,2,3"])
    assert "at most 2" in s.messages[0].text.lower()
    assert "m" not in s.values


def test_multi_toggle_beyond_max_items_is_refused() -> None:
    node = {"key": "m", "kind": "multi", "options": OPTIONS, "max_items": 1}
    s = drive(flow_of(node, TAIL), ["[Red]", "[Green]"])
    assert s.messages[0].kind == "error"
    s.press("Done")
    assert s.values["m"] == ["red"]


def test_multi_rejects_unknown_without_allow_other() -> None:
    s = drive(flow_of({"key": "m", "kind": "multi", "options": OPTIONS}), ["1, purple"])
    assert "purple" in s.messages[0].text


# -- scale ----------------------------------------------------------------------------------


def test_emotion_scale_buttons_have_faces_and_store_ints() -> None:
    node = {"key": "e", "kind": "scale", "scale": {"min": -2, "max": 2}, "options_from": "emotions"}
    s = drive(flow_of(node, TAIL), [])
    labels = [b.label for b in s.buttons()]
    assert labels[0].startswith("😠")
    assert labels[-1].startswith("😄")
    s.press("Very positive")
    assert s.values["e"] == 2


@pytest.mark.parametrize(("typed", "value"), [("-1", -1), ("+2", 2), ("0", 0), ("−2", -2)])
def test_scale_typed_number(typed: str, value: int) -> None:
    node = {"key": "e", "kind": "scale", "scale": {"min": -2, "max": 2}, "options_from": "emotions"}
    s = drive(flow_of(node, TAIL), [typed])
    assert s.values["e"] == value


def test_scale_out_of_range_says_the_range() -> None:
    s = drive(flow_of({"key": "n", "kind": "scale", "scale": {"min": 1, "max": 5}}), ["9"])
    assert "9" in s.messages[0].text
    assert "1 to 5" in s.messages[0].text
    s.type("abc")
    assert "1 to 5" in s.messages[0].text
    assert "n" not in s.values


def test_scale_with_labels() -> None:
    labels = [
        {"nl": "Slecht", "en": "Bad"},
        {"nl": "Matig", "en": "Meh"},
        {"nl": "Goed", "en": "Good"},
    ]
    node = {"key": "n", "kind": "scale", "scale": {"min": 1, "max": 3, "labels": labels}}
    s = drive(flow_of(node, TAIL), ["good"])
    assert s.values["n"] == 3


# -- yes/no ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("ja", True),
        ("J", True),
        ("yes", True),
        ("y", True),
        ("nee", False),
        ("n", False),
        ("No", False),
    ],
)
def test_yesno_typed(typed: str, value: bool) -> None:
    s = drive(flow_of({"key": "y", "kind": "yesno"}, TAIL), [typed])
    assert s.values["y"] is value


def test_yesno_buttons_in_dutch() -> None:
    s = drive(flow_of({"key": "y", "kind": "yesno"}, TAIL), [], lang="nl")
    assert [b.label for b in s.buttons()] == ["Ja", "Nee"]
    s.press("Nee")
    assert s.values["y"] is False


def test_yesno_other_text_is_refused() -> None:
    s = drive(flow_of({"key": "y", "kind": "yesno"}), ["maybe"])
    assert "yes or no" in s.messages[0].text


# -- list -----------------------------------------------------------------------------------


def test_list_strips_bullets_and_numbering() -> None:
    s = drive(flow_of({"key": "l", "kind": "list"}, TAIL), ["- one\n2. two\n• three\n\n3) four"])
    assert s.values["l"] == ["one", "two", "three", "four"]


def test_list_on_one_line_with_semicolons() -> None:
    s = drive(flow_of({"key": "l", "kind": "list"}, TAIL), ["a; b; c"])
    assert s.values["l"] == ["a", "b", "c"]


def test_list_limits() -> None:
    s = drive(flow_of({"key": "l", "kind": "list", "max_items": 2}), ["a\nb\nc"])
    assert "At most 2" in s.messages[0].text
    s.type("fine\n" + "y" * 81)
    assert "Item 2" in s.messages[0].text
    assert "81" in s.messages[0].text


def test_list_default_stages_can_be_kept() -> None:
    s = drive(flow_of({"key": "stages", "kind": "list", "default_from": "stages"}, TAIL), [])
    whole = template_stages(None)  # no journey type answered: the whole journey
    for n, (_, label) in enumerate(whole, 1):
        assert f"{n}. {label.en}" in s.text
    s.press("Keep this list")
    assert s.values["stages"] == [label.en for _, label in whole]


def test_stage_options_follow_the_answered_stage_list() -> None:
    flow = flow_of(
        {"key": "stages", "kind": "list", "default_from": "stages"},
        {"key": "where", "kind": "single", "options_from": "stages"},
        TAIL,
    )
    s = drive(flow, ["Orientation\nTrying it out\nPurchase"])
    assert [b.label for b in s.buttons()] == ["Orientation", "Trying it out", "Purchase"]
    s.press("Trying it out")
    assert s.values["where"] == "trying_it_out"
    s = drive(flow, ["Orientation\nPurchase", "2"])
    assert s.values["where"] == "purchase"  # a default name keeps its default key


def test_stage_options_from_context() -> None:
    flow = flow_of({"key": "where", "kind": "single", "options_from": "stages"}, TAIL)
    stages = [{"key": "look", "name": "Looking"}, {"key": "buy", "name": "Buying"}]
    s = drive(flow, ["[Buying]"], context={"stages": stages})
    assert s.values["where"] == "buy"


def test_default_stage_options_in_dutch() -> None:
    flow = flow_of({"key": "where", "kind": "single", "options_from": "stages"})
    s = drive(flow, [], lang="nl")
    whole = template_stages(None)
    assert [b.label for b in s.buttons()] == [label.nl for _, label in whole]
    assert [b.data.rsplit(":", 1)[1] for b in s.buttons()] == [k for k, _ in whole]


def test_levels_and_roles_sources() -> None:
    flow = flow_of(
        {"key": "impact", "kind": "single", "options_from": "levels"},
        {"key": "role", "kind": "single", "options_from": "roles"},
        TAIL,
    )
    s = drive(flow, ["[High]", "[Decider]"])
    assert s.values["impact"] == 3
    assert s.values["role"] == "decider"


def test_impact_and_effort_are_worded_for_their_question_and_stored_as_levels() -> None:
    flow = flow_of(
        {"key": "impact", "kind": "single", "options_from": "impact"},
        {"key": "effort", "kind": "single", "options_from": "effort"},
        TAIL,
    )
    s = drive(flow, [], lang="nl")
    assert [b.label for b in s.buttons()] == ["1 · Een beetje", "2 · Flink", "3 · Heel veel"]
    s.type("flink")
    assert [b.label for b in s.buttons()] == ["1 · Weinig", "2 · Gemiddeld", "3 · Veel"]
    s.press("Veel")
    assert (s.values["impact"], s.values["effort"]) == (2, 3)
    s = drive(flow, ["3", "1"], lang="en")  # a typed number is the level itself
    assert (s.values["impact"], s.values["effort"]) == (3, 1)
    s = drive(flow, ["A lot", "Little"], lang="en")
    assert (s.values["impact"], s.values["effort"]) == (3, 1)


# -- unsupported content --------------------------------------------------------------------


def test_non_text_input_names_what_is_expected() -> None:
    s = drive(flow_of({"key": "a", "kind": "text"}), ["<voice>"], lang="nl")
    assert "spraakbericht" in s.messages[0].text
    assert "getypt" in s.messages[0].text
    s = drive(flow_of({"key": "c", "kind": "single", "options": OPTIONS}), ["<sticker>"])
    assert "sticker" in s.messages[0].text
    assert "pick one of the choices" in s.messages[0].text
    assert s.buttons()


def test_options_from_context_personas() -> None:
    flow = flow_of({"key": "p", "kind": "single", "options_from": "personas"}, TAIL)
    personas = [{"key": "p0", "name": "Sanne"}, {"key": "p1", "name": "Peter"}, {"bad": 1}]
    s = drive(flow, ["[Peter]"], context={"personas": personas})
    assert s.values["p"] == "p1"


def test_a_choice_without_options_is_not_asked() -> None:
    flow = flow_of({"key": "p", "kind": "single", "options_from": "personas"}, TAIL)
    s = drive(flow, [])
    assert asked(s, "tail")
    assert s.values == {"p": None}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_chosen_channels_and_roles_read_back_as_labels(lang: Lang) -> None:
    flow = flow_of(
        {"key": "channels", "kind": "multi", "options_from": "channels", "max_items": 30},
        {"key": "roles", "kind": "multi", "options_from": "roles"},
        TAIL,
    )
    s = drive(flow, [",".join(str(n) for n in range(1, len(CHANNELS) + 1)), "1,2,3,4,5,6"])
    assert s.values["channels"] == [key for key, _ in CHANNELS]
    assert s.values["roles"] == [key for key, _ in DECISION_ROLES]
    s.command("language", lang)
    s.command("back")
    prefix = T("current_answer", lang, value="")
    (shown,) = [line for line in s.messages[-1].text.splitlines() if line.startswith(prefix)]
    roles = ", ".join(label.get(lang) for _, label in DECISION_ROLES)
    assert shown.removeprefix(prefix) == roles
    s.command("back")
    shown = s.messages[-1].text
    for key, label in CHANNELS:
        assert label.get(lang) in shown
        assert not re.search(rf"(?<![\w-]){key}(?![\w-])", shown), key
