"""A card (`Question.joined`): tap questions that continue the message of the one before, so
several taps are one prompt to read. Telegram edits the tapped message in place; a typed
answer, /back or a new iteration starts a new message."""

from __future__ import annotations

from flows.schema import Flow
from tests.flows.helpers import Session, drive, flow_of

YES_NO = [
    {"value": "y", "label": {"nl": "Ja", "en": "Yes"}},
    {"value": "n", "label": {"nl": "Nee", "en": "No"}},
]


def card() -> Flow:
    return flow_of(
        {"key": "name", "kind": "text"},
        {"key": "size", "kind": "scale", "scale": {"min": 1, "max": 3}},
        {"key": "colour", "kind": "single", "joined": True, "options": YES_NO},
        {
            "key": "extras",
            "kind": "multi",
            "joined": True,
            "options": YES_NO,
            "when": {"key": "colour", "equals": "y"},
        },
        {"key": "note", "kind": "text"},
    )


def question(s: Session) -> tuple[str, bool]:
    (message,) = [m for m in s.step.messages if m.kind == "question"]
    return message.text, message.replace


def test_tapping_a_card_question_edits_the_message_and_shows_what_was_chosen() -> None:
    s = drive(card(), ["Ada"])
    assert question(s)[1] is False  # the card's first question is a new message
    s.press("2")
    text, replace = question(s)
    assert replace
    assert "✓ 2" in text
    assert "Question colour?" in text
    s.press("Yes")
    text, replace = question(s)
    assert replace
    assert text.index("✓ 2") < text.index("✓ Yes") < text.index("Question extras?")
    s.press("No")
    s.press("Done")
    text, replace = question(s)
    assert "Question note?" in text
    assert not replace
    assert "✓" not in text


def test_a_typed_answer_or_back_shows_the_card_anew() -> None:
    s = drive(card(), ["Ada", "2"])  # typed: the person's message is below the card now
    text, replace = question(s)
    assert not replace
    assert "✓ 2" in text  # still shown what the card holds
    s.press("No")  # no colour: extras is hidden, the card ends
    assert "Question note?" in question(s)[0]
    s.command("back")
    text, replace = question(s)
    assert "Question colour?" in text
    assert not replace


def test_a_card_reads_the_same_answers_as_separate_questions() -> None:
    s = drive(card(), ["Ada", "[2]", "[Yes]", "[Yes]", "[Done]", "Thanks"])
    assert s.values == {"name": "Ada", "size": 2, "colour": "y", "extras": ["y"], "note": "Thanks"}
    fresh = [m for st in s.steps for m in st.messages if m.kind == "question" and not m.replace]
    edits = [m for st in s.steps for m in st.messages if m.kind == "question" and m.replace]
    assert len(fresh) == 3  # name, the card, note
    assert len(edits) == 3  # colour, extras, and the extras toggle
