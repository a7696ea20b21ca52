"""What the honest demo showed the report got wrong on maps made with the owner flow v2:
moments of truth marked per event, touchpoints without a score, the desired scenario's
events (asked without channels), and customers who tell two steps of one stage."""

from __future__ import annotations

from flows.domain import Event, Scenario
from reports import build, load_sample
from reports.formats import render
from tests.reports.factories import experience, journey, respondent, scenario


def test_a_moment_of_truth_marked_on_the_event_shows_in_its_lane() -> None:
    report = build(load_sample())
    marked = {e.id for s in report.source.scenarios for e in s.events if e.moment_of_truth}
    assert marked  # the demo's owner marked two
    html = render(report, "html").decode()
    for event_id in marked:
        assert f'data-mot="{event_id}"' in html


def test_a_touchpoint_without_a_score_shows_no_score_dots() -> None:
    html = render(build(load_sample()), "html").decode()
    assert 'class="dots' not in html  # flow v2 asks no score per touchpoint, nor the legend


def test_the_desired_scenario_flags_no_missing_touchpoint() -> None:
    wished = Scenario(
        id="d",
        kind="desired",
        title="Wish",
        events=[Event(id="d1", order=0, stage="delivery", title="Gets a text")],
    )
    today = scenario("s", [])
    html = render(build(journey(scenarios=[today, wished])), "html").decode()
    section = html.split('data-scenario="d"', 1)[1]
    assert 'data-gap="touchpoint"' not in section


def test_a_customer_with_two_steps_in_one_stage_counts_once() -> None:
    people = [respondent("c1"), respondent("c2"), respondent("k", role="colleague")]
    said = [
        experience("c1", "purchase", -2, step=1),
        experience("c1", "purchase", 0, step=2),  # the same customer, a second step there
        experience("c2", "purchase", 1, step=1),
        experience("k", "purchase", 1),
    ]
    report = build(journey(respondents=people, experiences=said))
    (customers,) = [s for s in report.evidence.stages if s.stage == "purchase"]
    assert customers.emotion.n == 2
    assert customers.emotion.mean == 0.0  # (−1 for c1) and (+1 for c2)
    (row,) = [r for r in report.evidence.internal_vs_external if r.stage == "purchase"]
    assert (row.external.n, row.internal.n) == (2, 1)
