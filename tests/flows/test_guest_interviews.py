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

COLLEAGUE_SCRIPT: dict[str, list[Any]] = {
    "department": ["Klantenservice"],
    "involved": [["levering", "use"]],
    "stage_views.*.actions": ["Bellen over de levertijd", "Vragen over onderhoud"],
    "stage_views.*.channels": [["phone", "email"], ["phone"]],
    "stage_views.*.emotion": ["-1", "1"],
    "stage_views.*.pain_point": ["Track-and-trace werkt niet", None],
    "stage_views.*.owner": ["Logistiek", None],
    "ideas.*.idea": ["Status-sms"],
    "ideas.*.stage": ["levering"],
    "ideas.*.impact": ["3"],
    "ideas.*.effort": ["1"],
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
    data = project_map(
        "m1",
        "Kaart",
        lang,
        [ContributionAnswers(id="c8", role="colleague", flow_id="colleague", answers=answers)],
    )
    assert [(e.stage, e.emotion, e.pain_point, e.owner) for e in data.experiences] == [
        ("levering", -1, "Track-and-trace werkt niet", "Logistiek"),
        ("use", 1, None, None),
    ]
    assert [(i.text, i.stage, i.impact, i.effort) for i in data.ideas] == [
        ("Status-sms", "levering", 3, 1)
    ]
    assert data.respondents[0].department == "Klantenservice"


def test_a_colleague_without_ideas_can_say_so() -> None:
    script = {k: v for k, v in COLLEAGUE_SCRIPT.items() if not k.startswith("ideas")}
    user = ScriptedUser(builtin_flow("colleague"), "nl", script, {"ideas": [False]})
    answers, step = interview(user, CONTEXT)
    assert step.state.status == "done"
    assert not any(key.startswith("ideas.") for key in answers)
