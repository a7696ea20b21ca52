from flows.domain import JourneyMapData
from reports import build, load_sample
from tests.reports.factories import event, experience, journey, respondent, scenario, stages


def test_sample_map_is_complete() -> None:
    """The demo is a first pass (one persona, today's scenario and the wish) with the
    colleagues' and customers' interviews; tests/reports/test_demo_sample.py says more."""
    data = load_sample()
    assert data.language == "nl"
    assert len(data.stages) == 8
    assert len(data.personas) == 1
    assert [s.kind for s in data.scenarios] == ["current_negative", "desired"]
    assert len(data.respondents) == 16  # the owner, three colleagues, twelve customers
    assert {r.internal for r in data.respondents} == {True, False}
    report = build(data)
    assert report.evidence.internal_vs_external
    assert report.evidence.disagreements == []  # its colleagues are thin: nothing is ranked
    assert report.missing_owners


def test_lanes_follow_stage_order_and_event_order() -> None:
    data = journey(
        scenarios=[
            scenario(
                "s",
                [
                    event("late", "purchase", order=2),
                    event("early", "purchase", order=1),
                    event("first", "trigger", order=9),
                ],
            )
        ]
    )
    lanes = build(data).scenarios[0].lanes
    assert [lane.stage for lane in lanes] == ["trigger", "orientation", "purchase", "delivery"]
    assert [e.id for e in lanes[2].events] == ["early", "late"]
    assert lanes[1].events == []


def _two_persona_map() -> JourneyMapData:
    return journey(
        scenarios=[
            scenario("a", [event("a1", "trigger", -2)], persona="pa"),
            scenario("b", [event("b1", "trigger", 1)], persona="pb"),
        ],
        respondents=[
            respondent("ca", persona="pa"),
            respondent("cb", persona="pb"),
            respondent("k", role="colleague"),
        ],
        experiences=[
            experience("ca", "trigger", -2),
            experience("cb", "trigger", 2),
            experience("k", "trigger", 0),
        ],
    )


def test_filter_by_persona() -> None:
    report = build(_two_persona_map(), personas=["pa"])
    assert [s.id for s in report.scenarios] == ["a"]
    assert report.evidence.respondents.customers == 1
    assert report.evidence.stages[0].emotion.mean == -2
    assert report.filters.personas == ["pa"]


def test_filter_by_role_keeps_the_owners_scenarios() -> None:
    report = build(_two_persona_map(), roles=["colleague"])
    assert len(report.scenarios) == 2
    assert report.evidence.respondents.customers == 0
    assert report.evidence.respondents.colleagues == 1
    assert [e.respondent_id for e in report.source.experiences] == ["k"]


def test_map_without_respondents_has_empty_evidence() -> None:
    report = build(journey(scenarios=[scenario("s", [event("e", "trigger")])]))
    assert report.evidence.respondents.customers == 0
    assert report.evidence.stages == []
    assert report.evidence.nps is None


def test_event_in_an_unknown_stage_is_kept_in_an_extra_column() -> None:
    data = journey(scenarios=[scenario("s", [event("a", "trigger"), event("b", "aftercare")])])
    report = build(data)
    assert [s.key for s in report.stages][-1] == "aftercare"
    lanes = {lane.stage: lane for lane in report.scenarios[0].lanes}
    assert [e.id for e in lanes["aftercare"].events] == ["b"]


def test_a_known_stage_missing_from_the_map_is_named_in_words() -> None:
    data = journey(
        language="nl",
        stages=stages(["trigger"]),
        scenarios=[scenario("s", [event("a", "trigger"), event("b", "support")])],
    )
    assert build(data).stages[-1].name == "Hulp of service nodig hebben"
