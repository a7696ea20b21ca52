from reports.analysis import find_gaps
from tests.reports.factories import event, scenario, stages


def test_stage_with_events_but_no_touchpoint_is_a_gap() -> None:
    sc = scenario("s", [event("a", "trigger", channels=()), event("b", "purchase")])
    gaps = find_gaps(stages(), [sc])
    kinds = {(g.kind, g.stage) for g in gaps}
    assert ("stage_without_touchpoint", "trigger") in kinds
    assert ("event_without_touchpoint", "trigger") in kinds
    assert not any(g.stage == "purchase" for g in gaps)


def test_stage_without_events_is_a_gap() -> None:
    gaps = find_gaps(stages(), [scenario("s", [event("a", "purchase")])])
    assert {g.stage for g in gaps if g.kind == "stage_without_events"} == {
        "trigger",
        "orientation",
        "delivery",
    }


def test_low_scored_touchpoints_lowest_first() -> None:
    sc = scenario(
        "s",
        [
            event("a", "trigger", score=2),
            event("b", "orientation", score=1),
            event("c", "purchase", score=3),
            event("d", "delivery", score=None),
        ],
    )
    low = [g for g in find_gaps(stages(), [sc]) if g.kind == "low_touchpoint_score"]
    assert [(g.event_id, g.score) for g in low] == [("b", 1), ("a", 2)]


def test_touchpoint_in_any_scenario_covers_the_stage() -> None:
    one = scenario("one", [event("a", "trigger", channels=())])
    two = scenario("two", [event("b", "trigger")], kind="desired")
    gaps = find_gaps(stages(["trigger"]), [one, two])
    assert [g.kind for g in gaps] == ["event_without_touchpoint"]
