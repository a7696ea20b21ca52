"""The owner flow, the engine and the projection together: a scripted first pass through the
real engine projects into the map the owner described."""

from __future__ import annotations

from typing import Any

import pytest

from flows.i18n import Lang
from flows.projection import ContributionAnswers, project_map
from flows.schema import builtin_flow
from flows.values import Step
from flows.vocabulary import template_stages
from testkit.scripted import ScriptedUser, interview

OWNER = builtin_flow("owner")

# What the owner answers, per question (index-free path) and iteration; the value is typed
# text, an option value to press, or None to skip. Lists are consumed in order of asking.
SCRIPT: dict[str, list[Any]] = {
    "goal.journey_type": ["experience"],
    "goal.reason": ["Veel vragen over de levertijd"],
    "goal.market": ["b2b"],
    "goal.title": ["Bureaustoel bestellen"],
    "stages": ["_keep"],
    "personas.*.name": ["Peter"],
    "personas.*.description": ["Facilitair manager, 48, wil geen gedoe met offertes"],
    "scenarios.*.kind": ["current_negative"],
    "scenarios.*.events.*.title": ["Vraagt offerte aan", "Wacht op levering", "Stoelen komen"],
    "scenarios.*.events.*.stage": ["consideration", "delivery", "delivery"],
    "scenarios.*.events.*.thoughts": [None, "Waar blijft het?", None],
    "scenarios.*.events.*.emotion": ["1", "-2", "0"],
    "scenarios.*.events.*.pain_point": ["Geen levertijd", None],
    "scenarios.*.events.*.channels": [["website"], [], ["delivery", "Sms"]],
    "scenarios.*.events.*.roles": [["buyer", "decider"], ["buyer"], []],
    "desired.stages": [["delivery"]],
    "desired.changes.*.change": ["Krijgt de levertijd meteen bij de bestelling"],
    "desired.changes.*.emotion": ["1"],
    "moments": [["0-1"]],
    "insights": ["Levering bepaalt alles\nOffertes zijn traag"],
    "ideas.*.idea": ["Levertijd mailen", "Offerte binnen een dag"],
    "ideas.*.stage": ["delivery", None],
    "ideas.*.impact": ["3", "2"],
    "ideas.*.effort": ["1", "2"],
    "ideas.*.owner": ["Mark", None],
}
# Answers to "another?" per group, in order of asking (events: folded into the done of their
# last question).
MORE: dict[str, list[bool]] = {
    "scenarios.*.events": [True, True, False],
    "ideas": [True, False],
}


def run_first_pass(lang: Lang) -> tuple[dict[str, Any], ScriptedUser, Step]:
    owner = ScriptedUser(OWNER, lang, SCRIPT, MORE)
    answers, step = interview(owner)
    return answers, owner, step


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_scripted_first_pass_projects_into_the_map_described(lang: Lang) -> None:
    answers, owner, step = run_first_pass(lang)

    assert "first_pass_done" in step.signals
    assert all(len(v) == owner.used.get(k, 0) for k, v in SCRIPT.items()), "script not used up"
    data = project_map(
        "m1",
        "Nieuwe kaart",
        lang,
        [ContributionAnswers(id="c1", role="owner", flow_id="owner", answers=answers)],
    )
    assert data.title == "Bureaustoel bestellen"
    assert (data.journey_type, data.market, data.scope) == ("experience", "b2b", None)
    # the whole experience, as proposed and kept
    assert [s.key for s in data.stages] == [key for key, _ in template_stages("experience")]
    (peter,) = data.personas
    assert peter.name == "Peter"
    current, desired = data.scenarios
    assert current.persona_id == "p0"
    assert current.title == (
        "Zoals het nu gaat, als het misgaat" if lang == "nl" else "As it is now, when it goes wrong"
    )
    # not asked (Peter is the only persona), yet stored as if tapped
    assert answers["scenarios.0.persona"] == "0"
    stage = {s.key: s.name for s in data.stages}
    assert [(stage[e.stage], e.emotion, e.pain_point) for e in current.events] == [
        (stage["consideration"], 1, None),
        (stage["delivery"], -2, "Geen levertijd"),
        (stage["delivery"], 0, None),
    ]
    # no channel chosen: no touchpoint, a gap; a typed channel is kept as typed
    assert [[t.channel for t in e.touchpoints] for e in current.events] == [
        ["website"],
        [],
        ["delivery", "Sms"],
    ]
    assert [e.moment_of_truth for e in current.events] == [False, True, False]
    assert desired.kind == "desired"
    assert desired.persona_id == "p0"
    assert [(e.stage, e.title, e.emotion) for e in desired.events] == [
        (current.events[1].stage, "Krijgt de levertijd meteen bij de bestelling", 1)
    ]
    assert data.insights == ["Levering bepaalt alles", "Offertes zijn traag"]
    assert [(i.text, i.impact, i.effort, i.owner) for i in data.ideas] == [
        ("Levertijd mailen", 3, 1, "Mark"),
        ("Offerte binnen een dag", 2, 2, None),
    ]
    assert data.ideas[0].stage == current.events[1].stage


def test_the_first_pass_asks_each_question_once_per_iteration_in_order() -> None:
    _, owner, _ = run_first_pass("nl")
    asked = owner.asked
    assert asked[:5] == ["goal.journey_type", "goal.reason", "goal.market", "goal.title", "stages"]
    # the b2b question is asked; no pain point after a positive moment; no "another persona?"
    # or "another scenario?" in the first pass (first_pass_max 1), the menu offers them later
    assert asked.count("scenarios.*.events.*.roles") == 3
    assert asked.count("scenarios.*.events.*.pain_point") == 2
    assert "more:personas.*" not in asked
    assert "more:scenarios.*" not in asked
    # the events' "another?" rides on the done of their last question (in B2B the roles)
    assert "more:scenarios.*.events.*" not in asked
    assert asked.index("desired.stages") > max(
        i for i, key in enumerate(asked) if key.startswith("scenarios.")
    )
    # "whose journey is this?" has one answer while there is one persona: not asked
    assert "scenarios.*.persona" not in asked
