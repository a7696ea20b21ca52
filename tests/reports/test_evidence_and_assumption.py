"""Issue 14, items 1-10: every figure says whose it is, and the owner's wish or guess never
pools with what customers live (METHOD.md, "Evidence and assumption")."""

from __future__ import annotations

import math

import pytest

from flows.domain import JourneyMapData
from reports import build, render
from reports.analysis import nps, nps_interval, peak_end_by_group, remembered
from reports.model import JourneyReport
from reports.renderers.geometry import curve_geometry
from reports.renderers.html import preview_scenario, render_preview_html
from tests.reports.factories import STAGES as STAGE_KEYS
from tests.reports.factories import event, experience, journey, respondent, scenario


def _owner_map(*, desired: bool) -> JourneyMapData:
    """A solo owner's first map (owner flow v2): a current scenario, maybe the short desired
    one, and the owner's own contribution as the only respondent."""
    current = scenario(
        "now",
        [
            event("n1", "trigger", -1, channels=()),
            event("n2", "purchase", -2, channels=("webshop",), score=2, mot=True),
            event("n3", "delivery", 1, channels=("email", "phone")),
        ],
    )
    wish = scenario(
        "wish",
        [
            event("w1", "trigger", 1, channels=("social",)),
            event("w2", "purchase", 2, channels=("webshop",), mot=True),
        ],
        kind="desired",
    )
    return journey(
        scenarios=[current, wish] if desired else [current],
        respondents=[respondent("me", role="owner")],
    )


def _current_figures(report: JourneyReport) -> object:
    return (
        [
            (o.key, o.events, o.mean_emotion, o.channels, o.moments_of_truth)
            for o in report.stage_overview
        ],
        report.gaps,
        report.channel_matrix,
    )


# 1 ---------------------------------------------------------------------------------------


def test_adding_a_desired_scenario_leaves_the_current_figures_unchanged() -> None:
    without = build(_owner_map(desired=False))
    with_wish = build(_owner_map(desired=True))
    assert _current_figures(with_wish) == _current_figures(without)
    trigger = next(o for o in with_wish.stage_overview if o.key == "trigger")
    assert trigger.mean_emotion == -1  # not (-1 + 1) / 2 with the wish inside it
    kinds = {g.kind for g in with_wish.gaps if g.stage == "trigger"}
    assert "stage_without_touchpoint" in kinds  # the wished-for social touchpoint hides nothing
    assert [s.kind for s in with_wish.scenarios] == ["current_negative", "desired"]
    assert with_wish.comparisons  # the wish has its own view: its map and the comparison


# 2 ---------------------------------------------------------------------------------------


def _people_map(customers: int, colleagues: int = 0) -> JourneyMapData:
    people = [respondent("me", role="owner")]
    people += [respondent(f"c{i}", recommend=9) for i in range(customers)]
    people += [respondent(f"k{i}", role="colleague") for i in range(colleagues)]
    exps = [experience(f"c{i}", "purchase", -1) for i in range(customers)]
    exps += [experience(f"k{i}", "purchase", 2) for i in range(colleagues)]
    exps += [experience("me", "purchase", 2)]  # an owner's own answer is no evidence
    return journey(
        scenarios=[scenario("now", [event("n1", "purchase", 2)])],
        respondents=people,
        experiences=exps,
    )


@pytest.mark.parametrize(("customers", "colleagues"), [(1, 0), (3, 2), (5, 1)])
def test_evidence_n_is_the_number_of_customers(customers: int, colleagues: int) -> None:
    report = build(_people_map(customers, colleagues))
    ev = report.evidence
    assert ev.respondents.customers == customers
    assert ev.respondents.colleagues == colleagues
    purchase = next(s for s in ev.stages if s.stage == "purchase")
    assert purchase.n == customers
    assert purchase.emotion.mean == -1  # colleagues (+2) and the owner (+2) are not in it
    assert ev.nps is not None
    assert ev.nps.n == customers
    if colleagues:
        seen = next(s for s in ev.colleague_stages if s.stage == "purchase")
        assert (seen.n, seen.emotion.mean) == (colleagues, 2)


def test_adding_colleagues_leaves_the_customer_figures_unchanged() -> None:
    alone = build(_people_map(3)).evidence
    with_team = build(_people_map(3, colleagues=4)).evidence
    assert with_team.stages == alone.stages
    assert with_team.nps == alone.nps
    assert with_team.top_pain_points == alone.top_pain_points


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [("nl", "1 klant", "2 klanten"), ("en", "1 customer", "2 customers")],
)
def test_counts_read_in_singular_and_plural(lang: str, one: str, many: str) -> None:
    for n, expected in ((1, one), (2, many)):
        data = _people_map(n).model_copy(update={"language": lang})
        text = render(build(data), "md").decode()
        assert expected in text
        assert "respondent" not in text.split("##")[1]  # the key figures


def test_the_owner_is_not_a_respondent() -> None:
    report = build(_owner_map(desired=True))
    assert report.evidence.respondents.customers == 0
    html = render(report, "html").decode()
    assert "1 respondent" not in html
    assert 'data-section="evidence"' not in html


# 3 ---------------------------------------------------------------------------------------


def test_owner_only_content_is_labelled_an_assumption_with_invite() -> None:
    report = build(_owner_map(desired=True))
    assert [s.assumption for s in report.scenarios] == [True, False]  # a wish is no guess
    dutch = build(_owner_map(desired=True).model_copy(update={"language": "nl"}))
    for shown, words in (
        (report, "not yet tested with customers"),
        (dutch, "nog niet getoetst bij klanten"),
    ):
        for fmt in ("html", "md"):
            text = render(shown, fmt).decode()
            assert words in text
            assert "/invite" in text
    tested = build(_people_map(3))
    assert not tested.scenarios[0].assumption
    assert "/invite" not in render(tested, "html").decode()


def test_a_persona_without_customers_keeps_its_assumption_label() -> None:
    data = journey(
        scenarios=[
            scenario("a", [event("a1", "trigger")], persona="pa"),
            scenario("b", [event("b1", "trigger")], persona="pb"),
        ],
        respondents=[respondent("ca", persona="pa")],
    )
    assert [s.assumption for s in build(data).scenarios] == [False, True]


# 4 ---------------------------------------------------------------------------------------


def _views_map(customers: int, colleagues: int) -> JourneyMapData:
    people = [respondent(f"c{i}") for i in range(customers)]
    people += [respondent(f"k{i}", role="colleague") for i in range(colleagues)]
    exps = [experience(f"c{i}", "delivery", -2) for i in range(customers)]
    exps += [experience(f"k{i}", "delivery", 2) for i in range(colleagues)]
    return journey(scenarios=[], respondents=people, experiences=exps)


@pytest.mark.parametrize(
    ("customers", "colleagues", "ranked"), [(3, 3, True), (2, 3, False), (3, 2, False)]
)
def test_disagreements_are_ranked_only_with_three_on_each_side(
    customers: int, colleagues: int, ranked: bool
) -> None:
    ev = build(_views_map(customers, colleagues)).evidence
    delivery = next(r for r in ev.internal_vs_external if r.stage == "delivery")
    assert delivery.difference == 4
    assert delivery.thin is not ranked  # shown and marked either way
    assert bool(ev.disagreements) is ranked


# 5 ---------------------------------------------------------------------------------------


def test_nps_interval_matches_the_adjusted_wald_worked_example() -> None:
    """Adjusted-Wald interval for NPS (Rocks 2016, The American Statistician; described by
    Sauro and Lewis at MeasuringU, "Confidence Intervals for Net Promoter Scores"): add 3 to n
    and 3/4 to promoters and detractors; p = (P + .75)/(n + 3), d = (D + .75)/(n + 3),
    NPS_adj = p - d, var = (p + d - NPS_adj^2)/(n + 3), 95%: NPS_adj ± 1.96 sqrt(var).

    Worked by hand: n = 97, P = 50, D = 20 gives p = 50.75/100 = .5075, d = 20.75/100 =
    .2075, NPS_adj = .30, var = (.715 - .09)/100 = .00625, se = .0790569, half-width
    1.959964 x .0790569 = .154949, so 14.5 to 45.5 (the raw NPS is 30/97 = 30.9).
    And n = 17, P = 9, D = 3: p = 9.75/20 = .4875, d = 3.75/20 = .1875, NPS_adj = .30,
    var = (.675 - .09)/20 = .02925, se = .171026, half-width .335206: -3.5 to 63.5.
    """
    low, high = nps_interval(50, 20, 97)
    assert (round(low, 1), round(high, 1)) == (14.5, 45.5)
    low, high = nps_interval(9, 3, 17)
    assert (round(low, 1), round(high, 1)) == (-3.5, 63.5)
    assert nps_interval(10, 0, 10)[1] == 100.0  # clipped to the scale
    assert math.isclose(sum(nps_interval(5, 5, 10)), 0.0, abs_tol=1e-9)  # symmetric at 0


@pytest.mark.parametrize(("n", "indicative"), [(29, True), (30, False)])
def test_nps_is_indicative_below_thirty(n: int, indicative: bool) -> None:
    score = nps([respondent(f"c{i}", recommend=10 if i % 2 else 3) for i in range(n)])
    assert score is not None
    assert score.indicative is indicative
    assert score.low is not None
    assert score.high is not None
    assert score.low < (score.score or 0) < score.high
    data = journey(respondents=[respondent(f"c{i}", recommend=9) for i in range(n)])
    assert ("_(indicative)_" in render(build(data), "md").decode()) is indicative


# 6 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("emotions", "mark", "value"),
    [
        ([1, -2, 2, -1], "low", -1.5),  # the low is the most intense: DAL and EINDE
        ([1, 2, -1, 1], "peak", 1.5),
        ([-1, -1, 0], "low", -0.5),
    ],
)
def test_peak_end_marks_and_remembered_figure_agree(
    emotions: list[int], mark: str, value: float
) -> None:
    events = [event(f"e{i}", "purchase", e, order=i) for i, e in enumerate(emotions)]
    report = build(journey(scenarios=[scenario("s", events)]))
    curve = report.scenarios[0].curve
    assert curve.remembered == value
    assert curve.intense is not None
    assert curve.end is not None
    assert curve.remembered == ((curve.intense.emotion or 0) + (curve.end.emotion or 0)) / 2
    tags = {p.event_id: p.tags for p in curve_geometry(report.scenarios[0]).points}
    assert mark in tags[curve.intense.event_id]  # the figure uses two marked points
    assert "end" in tags[curve.end.event_id]
    word = {"low": "LOW", "peak": "PEAK"}[mark]
    assert f"is the mean of {word} (" in render(report, "md").decode()


def test_peak_end_per_customer_against_their_recommendation() -> None:
    people = [
        respondent("happy", recommend=10),
        respondent("fine", recommend=8),
        respondent("cross", recommend=2),
    ]
    exps = [
        experience("happy", "trigger", 0),
        experience("happy", "delivery", 2),
        experience("cross", "delivery", -1),  # listed first, but the last stage
        experience("cross", "trigger", -2),
        experience("fine", "purchase", 1),
    ]
    groups = {g.group: g for g in peak_end_by_group(STAGE_KEYS, people, exps)}
    assert groups["promoter"].remembered == 2  # (2 + 2) / 2
    assert groups["detractor"].remembered == -1.5  # intense -2 (trigger), end -1 (delivery)
    assert groups["passive"].remembered == 1
    assert all(g.n == 1 and g.thin for g in groups.values())
    assert remembered([]) is None


# 7, 8 are in test_ideas.py; 9 ----------------------------------------------------------


def test_largest_distance_needs_both_values_and_dropped_needs_the_wish_to_cover() -> None:
    current = scenario(
        "now",
        [
            event("n1", "trigger", -2, channels=("phone",)),
            event("n2", "orientation", None, channels=("search",)),
            event("n3", "delivery", -1, channels=("email",)),
        ],
    )
    wish = scenario(
        "wish",
        [
            event("w1", "trigger", 2, channels=("social",)),
            event("w2", "orientation", 2, channels=("website",)),
        ],
        kind="desired",
    )
    comp = build(journey(scenarios=[current, wish])).comparisons[0]
    assert comp.largest == ["trigger"]  # orientation lacks a current value, delivery a wish
    rows = {d.stage: d for d in comp.stages}
    assert rows["trigger"].channels_dropped == ["Phone / customer service"]
    assert rows["delivery"].channels_dropped == []  # the wish says nothing about delivery


# 10 --------------------------------------------------------------------------------------


def test_a_solo_owners_first_map_leaves_empty_sections_out() -> None:
    report = build(_owner_map(desired=False).model_copy(update={"ideas": []}))
    html = render(report, "html").decode()
    for section in ("evidence", "comparison", "ideas"):
        assert f'data-section="{section}"' not in html
        assert f'href="#{section}"' not in html
    md = render(report, "md").decode()
    assert "## What customers" not in md
    assert "Current versus desired" not in md
    empty = build(journey(scenarios=[scenario("s", [event("e", "trigger", channels=())])]))
    assert 'data-section="channels"' not in render(empty, "html").decode()


@pytest.mark.parametrize(("customers", "curve"), [(2, "owner"), (3, "customers")])
def test_the_chat_picture_shows_customers_from_three(customers: int, curve: str) -> None:
    report = build(_people_map(customers))
    shown = preview_scenario(report)
    assert shown is not None
    assert (shown.id == "customers") is (curve == "customers")
    page = render_preview_html(report)
    assert f'data-preview-curve="{curve}"' in page
    if curve == "customers":
        assert [p.emotion for p in shown.curve.points] == [-1]  # their mean, not the owner's +2
    else:
        assert "not yet tested with customers" in page


def test_the_customers_curve_leaves_thin_stages_out() -> None:
    data = _people_map(3)
    data = data.model_copy(
        update={"experiences": [*data.experiences, experience("c0", "delivery", 2)]}
    )
    curve = build(data).customer_curve
    assert curve is not None
    assert [(p.stage, p.emotion) for p in curve.curve.points] == [("purchase", -1)]


def test_stages_nobody_answered_are_left_out_of_the_views_table() -> None:
    report = build(_views_map(3, 3))
    md = render(report, "md").decode()
    views = md.split("### Internal versus customers")[1].split("###")[0]
    assert "| Delivery |" in views
    assert "| Trigger |" not in views


def test_anonymous_respondents_carry_no_times_into_the_report() -> None:
    # issue 15 item 8: the JSON report carried when each anonymous respondent started and
    # finished, a trace of who they are; a named respondent agreed to be known
    from datetime import UTC, datetime

    from flows.projection import ContributionAnswers, project_map
    from reports.build import build
    from reports.renderers.exports import render_json

    started, finished = (
        datetime(2026, 11, 2, 9, 13, tzinfo=UTC),
        datetime(2026, 11, 2, 9, 21, tzinfo=UTC),
    )

    def customer(cid: str, name: str | None) -> ContributionAnswers:
        return ContributionAnswers(
            cid,
            "customer",
            "customer",
            {"recommend": 8},
            display_name=name,
            finished=True,
            started_at=started,
            finished_at=finished,
        )

    data = project_map("m1", "Kaart", "nl", [customer("c1", None), customer("c2", "Els")])
    anonymous, named = data.respondents
    assert (anonymous.started_at, anonymous.finished_at) == (None, None)
    assert (named.started_at, named.finished_at) == (started, finished)
    exported = render_json(build(data))
    assert exported.count("2026-11-02T09:13") == 1  # Els's only
