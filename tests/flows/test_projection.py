"""project_map: from current answers per dotted key to JourneyMapData."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.domain import JourneyMapData
from flows.projection import (
    ContributionAnswers,
    default_stages,
    project_map,
    stage_key,
    stages_from_names,
)
from flows.vocabulary import FORMER_STAGE_LABELS, STAGES, template_stages

STARTED = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
FINISHED = datetime(2026, 11, 2, 9, 48, tzinfo=UTC)

FULL_OWNER: dict[str, Any] = {
    "goal.journey_type": "customer",
    "goal.reason": "Veel vragen over de levertijd",
    "goal.scope": None,
    "goal.market": "b2c",
    "goal.title": "Bank bestellen",
    # the nine stage names proposed before they were reworded: stored answers still hold them
    "stages": [
        "Aanleiding / latente behoefte",
        "Concrete behoefte",
        "Oriëntatie",
        "Overweging",
        "Beslissing",
        "Aankoop",
        "Levering / start van de dienst",
        "Gebruik en service",
        "Loyaliteit en aanbeveling",
    ],
    "personas.0.name": "Sanne",
    "personas.0.description": "34, twee kinderen, werkt parttime",
    "personas.0.goals": None,
    "personas.0.frustrations": "Lang wachten",
    "personas.0.channels": ["webshop", "chat", "Pinterest"],
    "scenarios.0.kind": "current_negative",
    "scenarios.0.title": "Sanne bestelt een bank",
    "scenarios.0.persona": "0",
    "scenarios.0.events.0.title": "Bestelt online",
    "scenarios.0.events.0.stage": "purchase",
    "scenarios.0.events.0.actions": "Rekent af met iDEAL",
    "scenarios.0.events.0.thoughts": None,
    "scenarios.0.events.0.emotion": 1,
    "scenarios.0.events.0.has_touchpoint": True,
    "scenarios.0.events.0.touchpoints.0.channel": "webshop",
    "scenarios.0.events.0.touchpoints.0.score": 4,
    "scenarios.0.events.0.touchpoints.0.moment_of_truth": False,
    "scenarios.0.events.0.touchpoints.0.owner": None,
    "scenarios.0.events.1.title": "Wacht op levering",
    "scenarios.0.events.1.stage": "delivery",
    "scenarios.0.events.1.actions": "Kijkt steeds in de mail",
    "scenarios.0.events.1.thoughts": "Waarom hoor ik niks?",
    "scenarios.0.events.1.emotion": -2,
    "scenarios.0.events.1.pain_point": "Geen levertijd bekend",
    "scenarios.0.events.1.has_touchpoint": False,
    "scenarios.0.events.2.title": "Bezorger belt aan",
    "scenarios.0.events.2.stage": "delivery",
    "scenarios.0.events.2.actions": "Tekent voor ontvangst",
    "scenarios.0.events.2.emotion": 0,
    "scenarios.0.events.2.pain_point": None,
    "scenarios.0.events.2.has_touchpoint": True,
    "scenarios.0.events.2.touchpoints.0.channel": "delivery",
    "scenarios.0.events.2.touchpoints.0.score": 2,
    "scenarios.0.events.2.touchpoints.0.moment_of_truth": True,
    "scenarios.0.events.2.touchpoints.0.owner": "Logistiek",
    "scenarios.0.events.2.touchpoints.1.channel": "Sms van de vervoerder",
    "scenarios.0.events.2.touchpoints.1.score": 3,
    "scenarios.0.events.2.touchpoints.1.moment_of_truth": False,
    "review.gaps": "Tussen bestelling en levering",
    "review.consistency": None,
    "insights": "- De wachttijd doet pijn\n- Bezorging bepaalt het oordeel\n",
    "ideas.0.idea": "Mail met verwachte levertijd",
    "ideas.0.stage": "delivery",
    "ideas.0.impact": 3,
    "ideas.0.effort": 1,
    "ideas.0.owner": "Mark",
    "ideas.0.next_step": "Tekst schrijven",
    "ideas.1.idea": "Chat ook 's avonds",
    "ideas.1.stage": None,
    "ideas.1.impact": "2",
    "ideas.1.effort": "3",
    "ideas.1.owner": None,
    "ideas.1.next_step": None,
}


def owner(answers: dict[str, Any], **extra: Any) -> ContributionAnswers:
    fields: dict[str, Any] = {"id": "c1", "role": "owner", "flow_id": "owner"} | extra
    return ContributionAnswers(answers=answers, **fields)


def project(*contributions: ContributionAnswers, language: Any = "nl") -> JourneyMapData:
    return project_map("m1", "Nieuwe kaart", language, contributions)


def test_a_full_owner_interview_fills_the_map() -> None:
    data = project(owner(FULL_OWNER, finished=True, started_at=STARTED, finished_at=FINISHED))

    assert (data.id, data.title, data.language) == ("m1", "Bank bestellen", "nl")
    assert (data.journey_type, data.market) == ("customer", "b2c")
    assert data.reason == "Veel vragen over de levertijd"
    assert data.scope is None
    assert [s.key for s in data.stages] == [
        "trigger",
        "need",
        "orientation",
        "consideration",
        "decision",
        "purchase",
        "delivery",
        "use",
        "loyalty",
    ]
    assert data.stages[2].name == "Oriëntatie"  # the owner's words, as kept

    (sanne,) = data.personas
    assert (sanne.id, sanne.name, sanne.goals) == ("p0", "Sanne", None)
    assert sanne.channels == ["webshop", "chat", "Pinterest"]
    assert sanne.decision_role is None

    (scenario,) = data.scenarios
    assert (scenario.id, scenario.kind, scenario.persona_id) == ("s0", "current_negative", "p0")
    assert [e.id for e in scenario.events] == ["s0.e0", "s0.e1", "s0.e2"]
    assert [e.emotion for e in scenario.events] == [1, -2, 0]
    bought, waiting, delivered = scenario.events
    assert bought.touchpoints[0].score == 4
    assert waiting.touchpoints == []
    assert waiting.pain_point == "Geen levertijd bekend"
    assert waiting.thoughts == "Waarom hoor ik niks?"
    assert [t.channel for t in delivered.touchpoints] == ["delivery", "Sms van de vervoerder"]
    assert delivered.touchpoints[0].moment_of_truth
    assert delivered.touchpoints[0].owner == "Logistiek"
    assert delivered.touchpoints[1].owner is None

    assert data.insights == [
        "De wachttijd doet pijn",
        "Bezorging bepaalt het oordeel",
        "Hier staat de klant er alleen voor: Tussen bestelling en levering",
    ]
    assert [(i.id, i.impact, i.effort, i.stage) for i in data.ideas] == [
        ("i0", 3, 1, "delivery"),
        ("i1", 2, 3, None),
    ]
    assert data.ideas[0].next_step == "Tekst schrijven"

    (respondent,) = data.respondents
    assert respondent.id == "c1"
    assert respondent.internal
    assert respondent.finished
    assert (respondent.started_at, respondent.finished_at) == (STARTED, FINISHED)


def test_the_projection_survives_a_json_round_trip() -> None:
    data = project(owner(FULL_OWNER))
    assert JourneyMapData.model_validate_json(data.model_dump_json()) == data


def test_nothing_answered_yet_gives_an_empty_map_with_default_stages() -> None:
    data = project(owner({}), language="en")
    assert data.title == "Nieuwe kaart"
    assert data.stages == default_stages("en")
    assert data.stages[0].name == "Noticing you need something"
    assert [s.key for s in data.stages] == [key for key, _ in template_stages("experience")]
    assert (data.personas, data.scenarios, data.ideas, data.insights) == ([], [], [], [])
    assert len(data.respondents) == 1


def test_no_contributions_at_all() -> None:
    data = project()
    assert data.stages == default_stages("nl")
    assert data.respondents == []


@pytest.mark.parametrize("cut", [1, 5, 12, 20, 33, 47, len(FULL_OWNER) - 1])
def test_an_interview_stopped_anywhere_still_projects(cut: int) -> None:
    partial = dict(list(FULL_OWNER.items())[:cut])
    data = project(owner(partial))
    for scenario in data.scenarios:
        for event in scenario.events:
            assert event.stage in {s.key for s in data.stages}


def test_half_answered_entities_wait_for_what_they_cannot_do_without() -> None:
    data = project(
        owner(
            {
                "personas.0.description": "no name yet",
                "scenarios.0.kind": "desired",
                "scenarios.0.title": "Ideaal",
                "scenarios.0.events.0.title": "Ziet advertentie",  # no stage yet
                "scenarios.0.events.1.stage": "orientation",  # no title (odd, but tolerated)
                "scenarios.1.title": "Nog geen soort",  # no kind yet
                "ideas.0.idea": "Reviews tonen",
                "ideas.0.impact": 2,  # effort not answered yet
            }
        )
    )
    assert data.personas == []
    assert [(s.id, s.events) for s in data.scenarios] == [("s0", [])]
    assert data.ideas == []


def test_b2b_personas_carry_their_decision_role() -> None:
    answers = {
        "goal.market": "b2b",
        "personas.0.name": "Peter",
        "personas.0.decision_role": "buyer",
        "personas.1.name": "Ilse",
        "personas.1.decision_role": "user",
        "scenarios.0.kind": "current_positive",
        "scenarios.0.title": "Peter koopt in",
        "scenarios.0.persona": "1",
    }
    data = project(owner(answers))
    assert data.market == "b2b"
    assert [(p.id, p.decision_role) for p in data.personas] == [("p0", "buyer"), ("p1", "user")]
    assert data.scenarios[0].persona_id == "p1"


B2B_EVENTS: dict[str, Any] = {
    "goal.market": "b2b",
    "personas.0.name": "Ilse",
    "personas.0.decision_role": "decider",
    "scenarios.0.kind": "current_negative",
    "scenarios.0.title": "Nieuwe laptops",
    "scenarios.0.persona": "0",
    "scenarios.0.events.0.title": "Receptie houdt de verkoper af",
    "scenarios.0.events.0.stage": "orientation",
    "scenarios.0.events.0.roles": ["gatekeeper", "initiator"],
    "scenarios.0.events.1.title": "Offerte ligt bij inkoop",
    "scenarios.0.events.1.stage": "decision",
    "scenarios.0.events.1.roles": None,  # the optional question, skipped
    "scenarios.0.events.2.title": "IT test een proefexemplaar",
    "scenarios.0.events.2.stage": "consideration",
}


def test_b2b_events_carry_the_decision_roles_that_take_part() -> None:
    (scenario,) = project(owner(B2B_EVENTS)).scenarios
    assert [e.roles for e in scenario.events] == [["gatekeeper", "initiator"], [], []]


def test_roles_left_from_before_a_switch_to_b2c_are_dropped() -> None:
    (scenario,) = project(owner({**B2B_EVENTS, "goal.market": "b2c"})).scenarios
    assert [e.roles for e in scenario.events] == [[], [], []]


def test_a_decision_role_left_from_before_a_switch_to_b2c_is_dropped() -> None:
    answers = {
        "goal.market": "b2c",
        "personas.0.name": "Peter",
        "personas.0.decision_role": "buyer",
    }
    assert project(owner(answers)).personas[0].decision_role is None


def test_stale_answers_hidden_by_a_condition_stay_hidden() -> None:
    answers = dict(FULL_OWNER)
    answers["scenarios.0.events.1.emotion"] = 1  # was -2, pain point no longer asked
    answers["scenarios.0.events.1.touchpoints.0.channel"] = "email"  # but has_touchpoint: no
    event = project(owner(answers)).scenarios[0].events[1]
    assert event.pain_point is None
    assert event.touchpoints == []


def test_custom_stages_get_slug_keys_and_default_names_keep_their_keys() -> None:
    answers = {
        "stages": ["Oriëntatie", "Offerte & advies", "Purchase", "Installatie", "offerte advies"],
        "scenarios.0.kind": "current_positive",
        "scenarios.0.title": "Warmtepomp",
        "scenarios.0.events.0.title": "Vraagt offerte",
        "scenarios.0.events.0.stage": "offerte_advies",
        "scenarios.0.events.1.title": "Monteur komt",
        "scenarios.0.events.1.stage": "installatie",
    }
    data = project(owner(answers))
    assert [(s.key, s.name) for s in data.stages] == [
        ("orientation", "Oriëntatie"),
        ("offerte_advies", "Offerte & advies"),
        ("purchase", "Purchase"),
        ("installatie", "Installatie"),
        ("offerte_advies_2", "offerte advies"),
    ]
    assert [e.stage for e in data.scenarios[0].events] == ["offerte_advies", "installatie"]


def test_a_stage_still_used_after_the_list_changed_is_kept_at_the_end() -> None:
    answers = {
        "stages": ["Zoeken", "Kopen"],
        "scenarios.0.kind": "current_positive",
        "scenarios.0.title": "Oud",
        "scenarios.0.events.0.title": "Leest reviews",
        "scenarios.0.events.0.stage": "orientation",
    }
    data = project(owner(answers), language="en")
    assert [(s.key, s.name) for s in data.stages] == [
        ("zoeken", "Zoeken"),
        ("kopen", "Kopen"),
        ("orientation", "Looking around at what's out there"),
    ]


def test_an_empty_or_skipped_stage_list_falls_back_to_the_defaults() -> None:
    assert project(owner({"stages": []})).stages == default_stages("nl")
    assert project(owner({"stages": None})).stages == default_stages("nl")
    assert project(owner({"stages": ["  ", ""]})).stages == default_stages("nl")


def test_skipped_optionals_are_none_not_empty_strings() -> None:
    answers = {
        "goal.scope": "   ",
        "personas.0.name": "Sanne",
        "personas.0.goals": None,
        "personas.0.frustrations": "",
        "personas.0.channels": None,
    }
    data = project(owner(answers))
    assert data.scope is None
    persona = data.personas[0]
    assert (persona.goals, persona.frustrations, persona.channels) == (None, None, [])


def test_malformed_values_are_ignored_rather_than_raised() -> None:
    answers: dict[str, Any] = {
        "goal.journey_type": "something else",
        "goal.market": {"value": "b2b"},
        "goal.title": 42,
        "personas.0.name": "Sanne",
        "personas.0.channels": "email",
        "personas.x.name": "not an index",
        "scenarios.0.kind": "current_positive",
        "scenarios.0.title": "T",
        "scenarios.0.persona": "7",
        "scenarios.0.events.0.title": "E",
        "scenarios.0.events.0.stage": "use",
        "scenarios.0.events.0.emotion": 9,
        "scenarios.0.events.0.touchpoints.0.channel": "app",
        "scenarios.0.events.0.touchpoints.0.score": True,
        "scenarios.0.events.0.touchpoints.0.moment_of_truth": "yes",
        "ideas.0.idea": "X",
        "ideas.0.impact": 0,
        "ideas.0.effort": 2,
    }
    data = project(owner(answers))
    assert (data.journey_type, data.market, data.title) == (None, None, "42")
    assert data.personas[0].channels == ["email"]
    assert data.scenarios[0].persona_id is None
    event = data.scenarios[0].events[0]
    assert event.emotion is None
    assert event.touchpoints[0].score is None
    assert not event.touchpoints[0].moment_of_truth
    assert data.ideas == []


def test_iterations_with_a_gap_keep_their_indexes_in_event_ids() -> None:
    answers = {
        "scenarios.0.kind": "desired",
        "scenarios.0.title": "T",
        "scenarios.0.events.0.title": "A",
        "scenarios.0.events.0.stage": "need",
        "scenarios.0.events.10.title": "C",
        "scenarios.0.events.10.stage": "use",
        "scenarios.0.events.2.title": "B",
        "scenarios.0.events.2.stage": "use",
    }
    events = project(owner(answers)).scenarios[0].events
    assert [(e.id, e.order, e.title) for e in events] == [
        ("s0.e0", 0, "A"),
        ("s0.e2", 2, "B"),
        ("s0.e10", 10, "C"),
    ]


def test_an_editor_adds_personas_and_scenarios_numbered_after_the_owner() -> None:
    editor = ContributionAnswers(
        id="c2",
        role="editor",
        flow_id="owner",
        answers={
            "goal.title": "Editor's title",
            "stages": ["Zoeken"],
            "personas.0.name": "Kees",
            "scenarios.0.kind": "desired",
            "scenarios.0.title": "Kees wil snel",
            "scenarios.0.persona": "0",
            "ideas.0.idea": "Y",
            "ideas.0.impact": 1,
            "ideas.0.effort": 1,
        },
    )
    # The editor comes first in the input; the owner's answers still lead.
    data = project(editor, owner(FULL_OWNER))
    assert data.title == "Bank bestellen"
    assert data.stages[0].key == "trigger"
    assert [(p.id, p.name) for p in data.personas] == [("p0", "Sanne"), ("p1", "Kees")]
    assert [(s.id, s.persona_id) for s in data.scenarios] == [("s0", "p0"), ("s1", "p1")]
    assert data.scenarios[1].events == []
    assert [i.id for i in data.ideas] == ["i0", "i1", "i2"]
    assert [r.id for r in data.respondents] == ["c2", "c1"]


def test_every_contribution_becomes_a_respondent() -> None:
    customer = ContributionAnswers(
        id="c7",
        role="customer",
        flow_id="customer",
        answers={},
        language="en",
        persona_id="p0",
    )
    colleague = ContributionAnswers(
        id="c8", role="colleague", flow_id="colleague", answers={}, display_name="Mark"
    )
    unknown = ContributionAnswers(id="c9", role="colleague", flow_id="retired_flow", answers={})
    data = project(owner(FULL_OWNER), customer, colleague, unknown)
    by_id = {r.id: r for r in data.respondents}
    assert list(by_id) == ["c1", "c7", "c8", "c9"]
    assert not by_id["c7"].internal
    assert (by_id["c7"].language, by_id["c7"].persona_id, by_id["c7"].name) == ("en", "p0", None)
    assert by_id["c8"].internal
    assert by_id["c8"].name == "Mark"
    assert len(data.personas) == 1  # only the owner flow adds personas


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Offerte & advies", "offerte_advies"),
        ("  Ná de installatie!  ", "na_de_installatie"),
        ("Één twee drie vier vijf zes zeven", "een_twee_drie_vier_vijf"),
        ("???", "stage"),
        ("Fase 2", "fase_2"),
    ],
)
def test_stage_key(name: str, key: str) -> None:
    assert stage_key(name) == key
    assert len(key) <= 24


def test_known_stage_names_in_either_language_keep_their_keys() -> None:
    labels = dict(STAGES)
    names = [labels["trigger"].en, labels["need"].nl, labels["orientation"].en.upper()]
    names.append(FORMER_STAGE_LABELS["consideration"][0].nl)  # "Overweging", as once proposed
    assert [s.key for s in stages_from_names(names)] == [
        "trigger",
        "need",
        "orientation",
        "consideration",
    ]


def test_every_known_stage_name_ever_proposed_maps_to_its_key() -> None:
    for key, label in STAGES:
        for named in (label, *FORMER_STAGE_LABELS.get(key, ())):
            for name in (named.nl, named.en):
                assert [s.key for s in stages_from_names([name])] == [key], name


@pytest.mark.parametrize(
    ("journey_type", "first", "last"),
    [
        ("buyer", "Merken dat je iets nodig hebt", "Kopen, bestellen of boeken"),
        ("customer", "Ontvangen of van start gaan", "Terugkomen en aanbevelen"),
        ("experience", "Merken dat je iets nodig hebt", "Terugkomen en aanbevelen"),
    ],
)
def test_without_a_stage_answer_the_stages_follow_the_journey_type(
    journey_type: str, first: str, last: str
) -> None:
    data = project(owner({"goal.journey_type": journey_type}))
    assert data.journey_type == journey_type
    assert (data.stages[0].name, data.stages[-1].name) == (first, last)
    assert data.stages == default_stages("nl", data.journey_type)


def test_the_journey_types_propose_different_stages_in_plain_words() -> None:
    buyer = [key for key, _ in template_stages("buyer")]
    customer = [key for key, _ in template_stages("customer")]
    whole = [key for key, _ in template_stages("experience")]
    assert "purchase" in buyer  # up to the purchase
    assert "use" not in buyer
    assert "purchase" not in customer  # after it
    assert "use" in customer
    assert set(buyer) - {"decision"} <= set(whole)
    assert set(customer) <= set(whole)
    assert template_stages(None) == template_stages("experience")
    jargon = ("latent", "Initiator", "Oriëntatie", "Loyaliteit", "Concrete behoefte")
    for _, label in STAGES:
        assert not any(word in label.nl or word in label.en for word in jargon), label


CUSTOMER_ANSWERS: dict[str, Any] = {
    "visited": ["orientation", "purchase", "delivery"],
    "visits.0.actions": "Reviews gelezen",
    "visits.0.thoughts": None,
    "visits.0.emotion": 1,
    "visits.0.channels": ["reviews", "website"],
    "visits.1.actions": "Besteld",
    "visits.1.emotion": 0,
    "visits.1.channels": None,
    "visits.2.actions": "Drie dagen gewacht",
    "visits.2.thoughts": "Waar blijft het?",
    "visits.2.emotion": -2,
    "visits.2.channels": ["phone", "Sms"],
    "best_moment": "De bank zelf",
    "worst_moment": "Het wachten",
    "better": "   ",
    "recommend": 7,
}


def test_a_customer_interview_adds_experiences_moments_and_a_recommendation() -> None:
    customer = ContributionAnswers(
        id="c7", role="customer", flow_id="customer", answers=CUSTOMER_ANSWERS, finished=True
    )
    data = project(owner(FULL_OWNER), customer)
    assert [(e.respondent_id, e.stage, e.emotion) for e in data.experiences] == [
        ("c7", "orientation", 1),
        ("c7", "purchase", 0),
        ("c7", "delivery", -2),
    ]
    assert data.experiences[2].thoughts == "Waar blijft het?"
    assert data.experiences[2].channels == ["phone", "Sms"]
    assert data.experiences[1].channels == []
    assert data.best_moments == [("c7", "De bank zelf")]
    assert data.worst_moments == [("c7", "Het wachten")]
    assert data.improvements == []
    respondent = data.respondents[1]
    assert (respondent.recommend, respondent.internal, respondent.finished) == (7, False, True)


def test_a_customer_half_way_through_the_stages() -> None:
    answers = {"visited": ["need", "use"], "visits.0.actions": "Zocht iets", "recommend": 11}
    customer = ContributionAnswers(id="c7", role="customer", flow_id="customer", answers=answers)
    data = project(customer)
    assert [(e.stage, e.actions, e.emotion) for e in data.experiences] == [
        ("need", "Zocht iets", None)
    ]
    assert data.respondents[0].recommend is None


def test_iterations_beyond_the_chosen_stages_are_ignored() -> None:
    answers = {"visited": ["need"], "visits.0.actions": "a", "visits.1.actions": "stale"}
    customer = ContributionAnswers(id="c7", role="customer", flow_id="customer", answers=answers)
    assert len(project(customer).experiences) == 1


def colleague_answers(answers: dict[str, Any]) -> ContributionAnswers:
    return ContributionAnswers(id="c8", role="colleague", flow_id="colleague", answers=answers)


def test_a_colleague_adds_their_view_per_stage_and_ideas_after_the_owners() -> None:
    colleague = colleague_answers(
        {
            "department": "Klantenservice",
            "involved": ["delivery", "installatie"],
            "stage_views.0.actions": "Bellen over de levertijd",
            "stage_views.0.channels": ["phone"],
            "stage_views.0.emotion": -1,
            "stage_views.0.pain_point": "Track-and-trace werkt niet",
            "stage_views.0.owner": "Logistiek",
            "stage_views.1.actions": "Vragen over montage",
            "ideas.0.idea": "Status-sms",
            "ideas.0.stage": "delivery",
            "ideas.0.impact": 3,
            "ideas.0.effort": 2,
            "ideas.1.idea": "Nog niet beoordeeld",
        }
    )
    data = project(owner(FULL_OWNER), colleague)
    assert [(e.stage, e.emotion, e.owner) for e in data.experiences] == [
        ("delivery", -1, "Logistiek"),
        ("installatie", None, None),
    ]
    assert data.experiences[0].pain_point == "Track-and-trace werkt niet"
    # a stage only a colleague mentions still gets a column
    assert data.stages[-1].key == "installatie"
    assert [(i.id, i.text) for i in data.ideas][-1] == ("i2", "Status-sms")
    assert len(data.ideas) == 3
    respondent = data.respondents[1]
    assert (respondent.department, respondent.internal, respondent.recommend) == (
        "Klantenservice",
        True,
        None,
    )


def test_colleague_flow_v2_adds_questions_the_back_office_and_the_owner_of_a_problem() -> None:
    colleague = colleague_answers(
        {
            "department": "Magazijn",
            "involved": ["purchase", "delivery"],
            "stage_views.0.actions": "Bestellen",
            "stage_views.0.questions": "  Kan ik achteraf betalen?  ",
            "stage_views.0.backstage": "We controleren de voorraad",
            "stage_views.0.pain_point": None,  # skipped after first naming one:
            "stage_views.0.pain_owner": "Webshop",  # this owner of it is stale
            "stage_views.1.actions": "Wachten",
            "stage_views.1.backstage": "",
            "stage_views.1.pain_point": "Pakket te laat",
            "stage_views.1.pain_owner": "Logistiek",
        }
    )
    data = project(colleague)
    assert [
        (e.stage, e.questions, e.backstage, e.pain_point, e.pain_owner, e.owner)
        for e in data.experiences
    ] == [
        ("purchase", "Kan ik achteraf betalen?", "We controleren de voorraad", None, None, None),
        ("delivery", None, None, "Pakket te laat", "Logistiek", None),
    ]


def test_only_the_matching_flow_reads_department_and_recommend() -> None:
    stray = {"department": "Verkoop", "recommend": 9}
    data = project(owner(stray))
    assert (data.respondents[0].department, data.respondents[0].recommend) == (None, None)


_KEYS = st.sampled_from(
    [
        *FULL_OWNER,
        *CUSTOMER_ANSWERS,
        "stages",
        "visited",
        "involved",
        "department",
        "stage_views.0.emotion",
        "personas.0",
        "scenarios.0.events",
        "scenarios.0.events.0.touchpoints.0",
        "ideas.99.impact",
        "",
        ".",
        "a..b",
    ]
) | st.text(alphabet="abcdefghijklmnopqrstuvwxyz_.0123456789", max_size=40)
_SCALARS = st.none() | st.booleans() | st.integers(-20, 20) | st.floats() | st.text(max_size=30)
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(
    answers=st.dictionaries(_KEYS, _VALUES, max_size=40),
    flow_id=st.sampled_from(["owner", "customer", "colleague", "other"]),
    role=st.sampled_from(["owner", "editor", "colleague", "customer"]),
)
def test_no_answers_ever_make_the_projection_raise(
    answers: dict[str, Any], flow_id: str, role: Any
) -> None:
    contribution = ContributionAnswers(id="c1", role=role, flow_id=flow_id, answers=answers)
    data = project(contribution)
    keys = [s.key for s in data.stages]
    assert len(keys) == len(set(keys))
    for scenario in data.scenarios:
        for event in scenario.events:
            assert event.stage in keys
    for experience in data.experiences:
        assert experience.stage in keys
