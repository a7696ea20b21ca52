"""Buttons: self-describing data, stale and double presses, forged data."""

from __future__ import annotations

import re

from flows.engine.render import prompt_id
from tests.flows.helpers import drive, flow_of, mini_flow

MINI = mini_flow()
COLOURS = [
    {"value": "red", "label": {"nl": "Rood", "en": "Red"}},
    {"value": "blue", "label": {"nl": "Blauw", "en": "Blue"}},
]


def test_button_data_names_question_revision_and_value() -> None:
    s = drive(MINI, ["Acme"])
    data = s.button("Buyer journey").data
    pid, rev, value = data.split(":")
    assert re.fullmatch(r"[0-9a-f]{8}", pid)
    assert pid == prompt_id("q:goal.journey")  # names the question it answers
    assert int(rev) == s.state.rev
    assert value == "buyer"
    # Every button of the prompt carries its id and revision; the next prompt has another id.
    assert {b.data.rsplit(":", 1)[0] for b in s.buttons()} == {f"{pid}:{rev}"}
    s.press("Buyer journey")
    next_pid = s.button("Consumers").data.split(":")[0]
    assert next_pid == prompt_id("q:goal.market")
    assert next_pid != pid


def test_double_tap_is_applied_once() -> None:
    flow = flow_of(
        {"key": "a", "kind": "single", "options": COLOURS},
        {"key": "b", "kind": "single", "options": COLOURS},
    )
    s = drive(flow, [])
    first = s.button("Red")
    s.press_data(first.data)
    s.press_data(first.data)
    assert "earlier question" in s.messages[0].text
    assert "Question b?" in s.text
    assert [(r.key, r.value) for r in s.answers] == [("a", "red")]


def test_button_from_an_old_message_after_the_answer_changed() -> None:
    s = drive(MINI, ["Acme"])
    journey = s.button("Customer journey")
    s.input("[Buyer journey]")
    s.command("back")
    s.type("2")
    s.press_data(journey.data)  # an old message's button for the same question
    assert "earlier question" in s.messages[0].text
    assert s.values["goal.journey"] == "customer"
    assert len([r for r in s.answers if r.key == "goal.journey"]) == 2


def test_forged_and_malformed_button_data_is_refused_kindly() -> None:
    s = drive(MINI, ["Acme"])
    rev = s.state.rev
    real = s.button("Buyer journey").data
    pid = real.split(":")[0]
    for data in [
        "",
        "x",
        "::",
        "deadbeef:1:buyer",
        f"{pid}:{rev}:nonsense",
        f"{pid}:-1:buyer",
        f"{pid}:{rev}",
        "ü" * 64,
        f"{pid}:{rev}:_done",
        f"{pid}:{rev}:_skip",
    ]:
        s.press_data(data)
        assert s.messages[0].kind == "error", data
        assert "goal.journey" not in s.values
        assert "Which journey?" in s.text
    s.press_data(s.button("Buyer journey").data)
    assert s.values["goal.journey"] == "buyer"


def test_multi_toggle_keeps_revision_so_fast_toggles_apply() -> None:
    flow = flow_of({"key": "m", "kind": "multi", "options": COLOURS})
    s = drive(flow, [])
    red, blue, done = s.buttons()
    s.press_data(red.data)
    s.press_data(blue.data)  # pressed on the original message before it was edited
    s.press_data(done.data)
    assert s.values["m"] == ["red", "blue"]


def test_a_stale_done_does_not_answer_twice() -> None:
    flow = flow_of({"key": "m", "kind": "multi", "options": COLOURS}, {"key": "t", "kind": "text"})
    s = drive(flow, ["[Red]"])
    done = s.button("Done")
    s.press_data(done.data)
    s.press_data(done.data)
    assert "earlier question" in s.messages[0].text
    assert len(s.answers) == 1


def test_long_labels_are_truncated_and_data_stays_short() -> None:
    long = {"nl": "Heel " * 40, "en": "Very " * 40}
    flow = flow_of(
        {"key": "a", "kind": "single", "options": [{"value": "v" * 24, "label": long}]},
    )
    s = drive(flow, [])
    (button,) = s.buttons()
    assert len(button.label) <= 64
    assert button.label.endswith("…")
    assert len(button.data.encode()) <= 64
