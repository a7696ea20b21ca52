"""The customer and colleague flows through the real engine, projected onto the map."""

from __future__ import annotations

from typing import Any

import pytest

from flows.i18n import Lang
from flows.projection import ContributionAnswers, project_map, stage_context, stages_from_names
from flows.schema import builtin_flow
from tests.flows.scripted_user import ScriptedUser, interview

# What the bot passes in: the map's stages as the owner defined them (a custom "Offerte").
OWNER_STAGES = stages_from_names(["Oriëntatie", "Offerte", "Levering", "Gebruik en service"])
CONTEXT: dict[str, Any] = stage_context(OWNER_STAGES)


def test_the_context_carries_the_owners_stage_keys() -> None:
    assert [s["key"] for s in CONTEXT["stages"]] == ["orientation", "offerte", "levering", "use"]


CUSTOMER_SCRIPT: dict[str, list[Any]] = {
    "visited": [["orientation", "offerte", "levering"]],
    "visits.*.actions": ["Reviews gelezen", "Offerte gevraagd", "Gewacht"],
    "visits.*.thoughts": [None, "Duurt lang", None],
    "visits.*.emotion": ["1", "-1", "-2"],
    "visits.*.channels": [["reviews"], None, ["phone", "Sms"]],
    "best_moment": ["De monteur"],
    "worst_moment": ["Het wachten"],
    "better": [None],
    "recommend": ["8"],
}

# Version 2 of the colleague flow, over three stages: what customers ask, what we do behind
# the scenes, and the owner of what goes wrong (asked only where something does).
COLLEAGUE_SCRIPT: dict[str, list[Any]] = {
    "department": ["Klantenservice"],
    "involved": [["offerte", "levering", "use"]],
    "stage_views.*.actions": [
        "Vragen een offerte",
        "Bellen over de levertijd",
        "Vragen over onderhoud",
    ],
    "stage_views.*.channels": [["email"], ["phone", "email"], ["phone"]],
    "stage_views.*.questions": ["Wat kost de montage?", "Waar blijft mijn pakket?", None],
    "stage_views.*.emotion": ["0", "-1", "1"],
    "stage_views.*.backstage": ["We rekenen de offerte na", "We boeken de bezorger", None],
    "stage_views.*.pain_point": [None, "Track-and-trace werkt niet", "Handleiding kwijt"],
    "stage_views.*.pain_owner": ["Logistiek", None],
    "ideas.*.idea": ["Status-sms"],
    "ideas.*.stage": ["levering"],
    "ideas.*.impact": ["3"],
    "ideas.*.effort": ["1"],
}
# The same colleague on version 1, which asked "who owns this?" of every stage.
COLLEAGUE_V1_SCRIPT: dict[str, list[Any]] = {
    **{
        k: v
        for k, v in COLLEAGUE_SCRIPT.items()
        if k.split(".")[-1] not in ("questions", "backstage", "pain_owner")
    },
    "stage_views.*.owner": ["Verkoop", "Logistiek", None],
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_customer_interview_projects_into_experiences(lang: Lang) -> None:
    user = ScriptedUser(builtin_flow("customer"), lang, CUSTOMER_SCRIPT, {})
    answers, step = interview(user, CONTEXT)

    assert step.state.status == "done"
    assert len(user.asked) == 1 + 3 * 4 + 4  # five to ten minutes
    data = project_map(
        "m1",
        "Kaart",
        lang,
        [ContributionAnswers(id="c7", role="customer", flow_id="customer", answers=answers)],
    )
    assert [(e.stage, e.emotion, e.channels) for e in data.experiences] == [
        ("orientation", 1, ["reviews"]),
        ("offerte", -1, []),
        ("levering", -2, ["phone", "Sms"]),
    ]
    assert data.experiences[1].thoughts == "Duurt lang"
    assert (data.best_moments, data.worst_moments) == (
        [("c7", "De monteur")],
        [("c7", "Het wachten")],
    )
    assert data.respondents[0].recommend == 8


def test_the_customer_sees_the_maps_own_stage_names() -> None:
    user = ScriptedUser(builtin_flow("customer"), "nl", CUSTOMER_SCRIPT, {})
    interview(user, CONTEXT)
    assert user.seen_titles[:2] == ["Fase: Oriëntatie", "Fase: Oriëntatie"]
    assert "Fase: Offerte" in user.seen_titles


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_colleague_interview_projects_into_the_internal_view(lang: Lang) -> None:
    user = ScriptedUser(builtin_flow("colleague"), lang, COLLEAGUE_SCRIPT, {"ideas": [True, False]})
    answers, step = interview(user, CONTEXT)

    assert step.state.status == "done"
    assert step.state.flow_version == 2
    # the owner is asked only of the two stages where something goes wrong
    assert user.asked.count("stage_views.*.pain_owner") == 2
    data = project_map(
        "m1",
        "Kaart",
        lang,
        [ContributionAnswers(id="c8", role="colleague", flow_id="colleague", answers=answers)],
    )
    assert [
        (e.stage, e.emotion, e.questions, e.backstage, e.pain_point, e.pain_owner, e.owner)
        for e in data.experiences
    ] == [
        ("offerte", 0, "Wat kost de montage?", "We rekenen de offerte na", None, None, None),
        (
            "levering",
            -1,
            "Waar blijft mijn pakket?",
            "We boeken de bezorger",
            "Track-and-trace werkt niet",
            "Logistiek",
            None,
        ),
        ("use", 1, None, None, "Handleiding kwijt", None, None),
    ]
    assert [(i.text, i.stage, i.impact, i.effort) for i in data.ideas] == [
        ("Status-sms", "levering", 3, 1)
    ]
    assert data.respondents[0].department == "Klantenservice"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_interview_on_colleague_flow_v1_still_runs_and_projects(lang: Lang) -> None:
    user = ScriptedUser(builtin_flow("colleague", 1), lang, COLLEAGUE_V1_SCRIPT, {"ideas": [False]})
    answers, step = interview(user, CONTEXT)

    assert (step.state.status, step.state.flow_version) == ("done", 1)
    assert not any(k.endswith((".questions", ".backstage", ".pain_owner")) for k in answers)
    data = project_map(
        "m1",
        "Kaart",
        lang,
        [ContributionAnswers(id="c8", role="colleague", flow_id="colleague", answers=answers)],
    )
    assert [(e.stage, e.pain_point, e.owner, e.pain_owner) for e in data.experiences] == [
        ("offerte", None, "Verkoop", None),
        ("levering", "Track-and-trace werkt niet", "Logistiek", None),
        ("use", "Handleiding kwijt", None, None),
    ]


def test_a_three_stage_colleague_run_stays_near_ten_minutes() -> None:
    """Version 2 asks two more questions per stage, both skippable, and the owner only of a
    problem named: three stages and no ideas take 21 to 24 prompts (v1: 18)."""

    def prompts(version: int, script: dict[str, list[Any]]) -> int:
        user = ScriptedUser(builtin_flow("colleague", version), "nl", script, {"ideas": [False]})
        _, step = interview(user, CONTEXT)
        assert step.state.status == "done"
        return len(user.asked)

    everything = {
        **COLLEAGUE_SCRIPT,
        "stage_views.*.pain_owner": ["Verkoop", "Logistiek", "Service"],
    }
    everything["stage_views.*.pain_point"] = ["Te traag", "Track-and-trace werkt niet", "Kwijt"]
    nothing_wrong = {**COLLEAGUE_SCRIPT, "stage_views.*.pain_point": [None, None, None]}
    assert prompts(1, COLLEAGUE_V1_SCRIPT) == 2 + 3 * 5 + 1
    assert prompts(2, everything) == 2 + 3 * 7 + 1
    assert prompts(2, nothing_wrong) == 2 + 3 * 6 + 1


def test_a_colleague_without_ideas_can_say_so() -> None:
    script = {k: v for k, v in COLLEAGUE_SCRIPT.items() if not k.startswith("ideas")}
    user = ScriptedUser(builtin_flow("colleague"), "nl", script, {"ideas": [False]})
    answers, step = interview(user, CONTEXT)
    assert step.state.status == "done"
    assert not any(key.startswith("ideas.") for key in answers)
