"""The customer and colleague flows through the real engine, projected onto the map (the
customer's story of version 2 here; its prompt counts in test_customer_walkthroughs.py)."""

from __future__ import annotations

from typing import Any

import pytest

from flows.engine import advance, start
from flows.i18n import Lang
from flows.projection import ContributionAnswers, project_map, stage_context, stages_from_names
from flows.schema import builtin_flow
from flows.values import Inbound, Step
from testkit.scripted import NOW, ScriptedUser, interview, press

# What the bot passes in: the map's stages as the owner defined them (a custom "Offerte").
OWNER_STAGES = stages_from_names(["Oriëntatie", "Offerte", "Levering", "Gebruik en service"])
CONTEXT: dict[str, Any] = stage_context(OWNER_STAGES)


def buttons_of(step: Step) -> list[Any]:
    return [b for m in step.messages for row in m.buttons for b in row]


def test_the_context_carries_the_owners_stage_keys() -> None:
    assert [s["key"] for s in CONTEXT["stages"]] == ["orientation", "offerte", "levering", "use"]


CUSTOMER_V1_SCRIPT: dict[str, list[Any]] = {
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


# A customer's story: three moments placed on the owner's stages (one of them custom).
STORY: dict[str, list[Any]] = {
    "when": ["month"],
    "moments.*.stage": ["orientation", "offerte", "levering"],
    "moments.*.feeling": ["1", "-1", "-2"],
    "moments.*.contact": ["0", "4", "2"],
    "moments.*.channels": [["email"], ["phone", "Sms"]],
    "gave_up": ["nearly"],
    "gave_up_stage": ["levering"],
    "recommend": ["6"],
}
STORY_WORDS: dict[Lang, dict[str, list[Any]]] = {
    "nl": {
        "goal": ["Een nieuwe keuken laten plaatsen"],
        "story": ["Reviews gelezen\nOfferte gevraagd\nGewacht op de levering"],
        "moments.*.bother": ["Het duurde een week", "Niemand wist waar het was"],
        "gave_up_why": ["Geen nieuws, drie weken lang"],
        "missing": ["Een levertijd"],
        "recommend_why": ["Mooi werk, slechte communicatie"],
        "better": ["Een berichtje per week"],
    },
    "en": {
        "goal": ["Have a new kitchen fitted"],
        "story": ["Read reviews\nAsked for a quote\nWaited for the delivery"],
        "moments.*.bother": ["It took a week", "Nobody knew where it was"],
        "gave_up_why": ["No news for three weeks"],
        "missing": ["A delivery date"],
        "recommend_why": ["Good work, poor communication"],
        "better": ["A message every week"],
    },
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_customers_story_projects_into_experiences_and_evidence(lang: Lang) -> None:
    script = {**STORY, **STORY_WORDS[lang]}
    user = ScriptedUser(builtin_flow("customer"), lang, script, {})
    answers, step = interview(user, CONTEXT)

    assert step.state.status == "done"
    assert answers["moments.0.contact"] == 0
    assert "moments.0.channels" not in answers
    words = STORY_WORDS[lang]
    steps = words["story"][0].split("\n")
    data = project_map(
        "m1",
        "Kaart",
        lang,
        [ContributionAnswers(id="c7", role="customer", flow_id="customer", answers=answers)],
    )
    assert [
        (e.step, e.stage, e.actions, e.emotion, e.contact_score, e.channels, e.pain_point)
        for e in data.experiences
    ] == [
        (1, "orientation", steps[0], 1, None, [], None),
        (2, "offerte", steps[1], -1, 4, ["email"], words["moments.*.bother"][0]),
        (
            3,
            "levering",
            steps[2],
            -2,
            2,
            ["phone", "Sms"],
            words["moments.*.bother"][1],
        ),
    ]
    (drop_off,) = data.drop_offs
    assert (drop_off.respondent_id, drop_off.gave_up, drop_off.stage, drop_off.reason) == (
        "c7",
        "nearly",
        "levering",
        words["gave_up_why"][0],
    )
    assert data.missing_info == [("c7", words["missing"][0])]
    assert data.recommend_reasons == [("c7", words["recommend_why"][0])]
    assert data.improvements == [("c7", words["better"][0])]
    (customer,) = data.respondents
    assert (customer.recommend, customer.recalled, customer.goal) == (6, "month", words["goal"][0])
    assert customer.decision_role is None  # a B2C map does not ask it


def test_a_business_customer_names_their_part_in_the_decision() -> None:
    script = {**STORY, **STORY_WORDS["nl"], "role": ["decider"]}
    user = ScriptedUser(builtin_flow("customer"), "nl", script, {})
    answers, _ = interview(user, {**CONTEXT, "market": "b2b"})
    assert user.asked[2] == "role"
    data = project_map(
        "m1", "Kaart", "nl", [ContributionAnswers("c7", "customer", "customer", answers)]
    )
    assert data.respondents[0].decision_role == "decider"


def test_a_customer_places_moments_by_what_they_did_not_by_stage_names() -> None:
    step = start(builtin_flow("customer"), lang="nl", now=NOW, context=CONTEXT)
    for inbound in (
        press(buttons_of(step), "month"),
        Inbound(kind="text", text="Keuken"),
        Inbound(kind="text", text="Gezocht\nGekocht"),
    ):
        step = advance(builtin_flow("customer"), step.state, inbound, NOW)
    assert "Moment 1: Gezocht" in step.messages[-1].text
    labels = [b.label for b in buttons_of(step)]
    # known stages in the customer's words; the owner's own stage under its name
    assert labels == [
        "Je zocht uit waar je terecht kon",
        "Offerte",
        "Levering",
        "Je ging het gebruiken",
    ]
    formal = builtin_flow("customer", formal=True)
    step = start(formal, lang="nl", now=NOW, context={**CONTEXT, "address": "u"})
    assert "Wanneer was dat ongeveer" in step.messages[-1].text
    assert " je " not in f" {step.messages[-1].text} "


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_version_1_customer_interview_projects_into_experiences(lang: Lang) -> None:
    user = ScriptedUser(builtin_flow("customer", 1), lang, CUSTOMER_V1_SCRIPT, {})
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


def test_the_version_1_customer_sees_the_maps_own_stage_names() -> None:
    user = ScriptedUser(builtin_flow("customer", 1), "nl", CUSTOMER_V1_SCRIPT, {})
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
