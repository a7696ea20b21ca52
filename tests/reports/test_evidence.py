import math

from reports.analysis import (
    disagreements,
    emotion_stats,
    internal_vs_external,
    nps,
    stage_evidence,
    top_counts,
)
from tests.reports.factories import STAGES, event, experience, respondent, scenario


def test_mean_and_sample_stdev() -> None:
    s = emotion_stats([2, 0, -2, 0])
    assert s.n == 4
    assert s.mean == 0
    assert s.stdev is not None
    assert math.isclose(s.stdev, math.sqrt(8 / 3))
    assert not s.thin


def test_fewer_than_three_is_thin() -> None:
    assert emotion_stats([1, 2]).thin
    assert emotion_stats([1]).stdev is None
    assert not emotion_stats([1, 1, 1]).thin
    assert emotion_stats([]).mean is None


def test_top_counts_ignore_case_and_spacing() -> None:
    counts = top_counts(["Late delivery", "late  delivery", "Account", "LATE DELIVERY"], 1)
    assert [(c.text, c.count) for c in counts] == [("Late delivery", 3)]


def test_stage_evidence_n_mean_channels_pain_and_capped_quotes() -> None:
    people = [respondent(f"r{i}") for i in range(20)]
    exps = [
        experience(
            f"r{i}",
            "delivery",
            -1 if i % 2 else -2,
            ("delivery", "email") if i < 5 else ("delivery",),
            thoughts=f"quote {i}",
            pain_point="Too late",
        )
        for i in range(20)
    ]
    exps.append(experience("r0", "purchase", 1))
    rows = {e.stage: e for e in stage_evidence(STAGES, people, exps, "en", quote_cap=12)}
    d = rows["delivery"]
    assert d.n == 20
    assert d.emotion.mean == -1.5
    assert [(c.text, c.count) for c in d.top_channels] == [("Delivery person", 20), ("Email", 5)]
    assert d.top_pain_points[0].count == 20
    assert len(d.quotes.quotes) == 12
    assert d.quotes.total == 20
    assert rows["purchase"].n == 1
    assert rows["purchase"].emotion.thin
    assert rows["trigger"].n == 0


def test_internal_vs_external_and_biggest_disagreement() -> None:
    people = [respondent("c1"), respondent("c2"), respondent("i1", role="colleague")]
    exps = [
        experience("c1", "delivery", -2),
        experience("c2", "delivery", -2),
        experience("i1", "delivery", 2),
        experience("c1", "purchase", 1),
        experience("i1", "purchase", 1),
    ]
    rows = internal_vs_external(STAGES, people, exps)
    delivery = next(r for r in rows if r.stage == "delivery")
    assert delivery.internal.mean == 2
    assert delivery.external.mean == -2
    assert delivery.difference == 4
    assert delivery.thin
    assert disagreements(rows) == []  # a thin side is shown, never ranked


def test_owner_map_stands_in_when_no_internal_respondent() -> None:
    rows = internal_vs_external(
        STAGES,
        [respondent("c1")],
        [experience("c1", "purchase", -1)],
        [scenario("s", [event("e", "purchase", 2)])],
    )
    purchase = next(r for r in rows if r.stage == "purchase")
    assert purchase.internal.mean == 2
    assert purchase.difference == 3


def test_nps_from_customers_only() -> None:
    people = [
        respondent("a", recommend=10),
        respondent("b", recommend=9),
        respondent("c", recommend=7),
        respondent("d", recommend=3),
        respondent("e", role="colleague", recommend=0),
        respondent("f"),
    ]
    score = nps(people)
    assert score is not None
    assert (score.n, score.promoters, score.passives, score.detractors) == (4, 2, 1, 1)
    assert score.score == 25
    assert not score.thin
    assert nps([respondent("x")]) is None
    two = nps([respondent("a", recommend=10), respondent("b", recommend=10)])
    assert two is not None
    assert two.thin
