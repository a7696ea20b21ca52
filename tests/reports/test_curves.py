from reports.analysis import emotion_curve, lowest_moments
from tests.reports.factories import STAGES, event


def test_peak_is_the_event_scored_plus_two() -> None:
    curve = emotion_curve(
        [event("a", "trigger", 0), event("b", "orientation", 2), event("c", "purchase", -1)],
        STAGES,
    )
    assert curve.peak is not None
    assert curve.peak.event_id == "b"


def test_end_is_the_last_scored_event_in_journey_order() -> None:
    # given out of order, and the last event has no score
    events = [
        event("late", "delivery", None, order=2),
        event("end", "delivery", 1, order=1),
        event("first", "trigger", -2),
    ]
    curve = emotion_curve(events, STAGES)
    assert [p.event_id for p in curve.points] == ["first", "end", "late"]
    assert curve.end is not None
    assert curve.end.event_id == "end"


def test_one_point_per_event_even_unscored() -> None:
    curve = emotion_curve([event("a", "trigger", None), event("b", "purchase", 1)], STAGES)
    assert [p.emotion for p in curve.points] == [None, 1]


def test_lowest_moments_worst_first_and_only_negative() -> None:
    curve = emotion_curve(
        [
            event("a", "trigger", -1),
            event("b", "orientation", 0),
            event("c", "purchase", -2),
            event("d", "delivery", 1),
        ],
        STAGES,
    )
    assert [p.event_id for p in curve.lowest] == ["c", "a"]
    assert lowest_moments(curve.points, limit=1)[0].event_id == "c"


def test_remembered_is_mean_of_most_intense_and_end() -> None:
    curve = emotion_curve(
        [event("a", "trigger", 1), event("b", "purchase", -2), event("c", "delivery", 1)],
        STAGES,
    )
    assert curve.remembered == (-2 + 1) / 2


def test_peak_tie_goes_to_the_earliest() -> None:
    curve = emotion_curve([event("a", "trigger", 2), event("b", "delivery", 2)], STAGES)
    assert curve.peak is not None
    assert curve.peak.event_id == "a"


def test_no_scores_no_peak() -> None:
    curve = emotion_curve([event("a", "trigger", None)], STAGES)
    assert curve.peak is None
    assert curve.end is None
    assert curve.remembered is None
