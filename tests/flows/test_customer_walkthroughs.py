"""How long a customer's story really is: a three- and a five-moment story through the real
engine, in Dutch ("je" and "u") and in English. The counts are the README's; the test fails
when either changes without the other.

Counted as in test_first_pass_walkthroughs.py: a *prompt* is a question message the customer
answers (toggles on a multiple choice edit the same message), *typed* an answer they type.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from flows.i18n import Lang
from flows.projection import default_stages, stage_context
from flows.schema import builtin_flow
from testkit.scripted import ScriptedUser, interview

README = Path(__file__).parents[2] / "README.md"
CONTEXT: dict[str, Any] = stage_context(default_stages("nl", "experience"))
STORY_LIMIT = 15
README_SECTION = "### What customers are asked, and how long it takes"

# (stage by position, feeling, contact 0-5): a moment without contact asks no channel, a
# feeling of 0 or lower asks what bothered them (optional: skipped once here).
THREE = [("#2", "1", "0"), ("#4", "-1", "4"), ("#5", "-2", "2")]
FIVE = [("#2", "1", "0"), ("#3", "0", "4"), ("#4", "-1", "3"), ("#5", "2", "5"), ("#6", "1", "0")]


def story(moments: list[tuple[str, str, str]], lang: Lang, *, formal: bool = False) -> ScriptedUser:
    contacts = [m[2] for m in moments if m[2] != "0"]
    sad = [m for m in moments if int(m[1]) <= 0]
    steps = ["Fietsenmaker gezocht", "Gebeld", "Fiets gebracht", "Gewacht", "Opgehaald"]
    if lang == "en":
        steps = ["Looked for a shop", "Phoned", "Brought the bike", "Waited", "Collected it"]
    script: dict[str, list[Any]] = {
        "when": ["month"],
        "goal": ["Mijn fiets gerepareerd" if lang == "nl" else "My bike repaired"],
        "story": ["\n".join(steps[: len(moments)])],
        "moments.*.stage": [m[0] for m in moments],
        "moments.*.feeling": [m[1] for m in moments],
        "moments.*.bother": [None, *(["Wachten" if lang == "nl" else "Waiting"] * len(sad))],
        "moments.*.contact": [m[2] for m in moments],
        "moments.*.channels": [["phone"]] * len(contacts),
        "gave_up": ["no"],
        "missing": [None],
        "recommend": ["7"],
        "recommend_why": ["Vriendelijk, maar traag" if lang == "nl" else "Friendly but slow"],
        "better": ["Een sms" if lang == "nl" else "A text message"],
    }
    return ScriptedUser(builtin_flow("customer", formal=formal), lang, script, {})


def readme_counts() -> dict[str, tuple[int, int]]:
    """The README's table of customer stories: moments -> (prompts, typed)."""
    section = README.read_text(encoding="utf-8").split(
        "### What customers are asked, and how long it takes"
    )[1]
    rows = re.findall(r"^\| (\w+) moments \| (\d+) \| (\d+) \|$", section, re.MULTILINE)
    return {name: (int(prompts), int(typed)) for name, prompts, typed in rows}


@pytest.mark.parametrize(("lang", "address"), [("nl", "je"), ("nl", "u"), ("en", "je")])
@pytest.mark.parametrize(("name", "moments"), [("three", THREE), ("five", FIVE)])
def test_a_customers_story_takes_what_the_readme_says(
    name: str, moments: list[tuple[str, str, str]], lang: Lang, address: str
) -> None:
    user = story(moments, lang, formal=address == "u")
    answers, step = interview(user, {**CONTEXT, "address": address})
    assert step.state.status == "done"
    assert sum(1 for key in answers if key.endswith(".stage")) == len(moments)
    assert (user.shown, user.typed) == readme_counts()[name]
    if name == "five":
        assert user.shown <= STORY_LIMIT  # issue 13: a five-step story in at most 15 prompts


def test_a_card_is_one_message_edited_in_place_after_each_tap() -> None:
    user = story(THREE, "nl")
    interview(user, CONTEXT)
    # every question was answered, but the card's later questions arrived in its message
    assert len(user.asked) - user.shown == 3 + 3 + 2 + 1  # feelings, contacts, channels, score
