from reports.analysis import channel_matrix
from tests.reports.factories import STAGES, event, experience, scenario


def test_matrix_counts_channels_per_stage_with_personas() -> None:
    scenarios = [
        scenario("a", [event("a1", "orientation", channels=("social", "website"))], persona="p1"),
        scenario("b", [event("b1", "orientation", channels=("website",))], persona="p2"),
    ]
    experiences = [
        experience("r1", "purchase", 0, ("webshop",)),
        experience("r2", "orientation", 1, ("website",)),
    ]
    m = channel_matrix(STAGES, scenarios, experiences, {"r1": "p1", "r2": None}, "en")
    cells = {(c.channel, c.stage): c for c in m.cells}
    assert cells[("website", "orientation")].count == 3
    assert cells[("website", "orientation")].persona_ids == ["", "p1", "p2"]
    assert cells[("webshop", "purchase")].persona_ids == ["p1"]
    assert ("social", "purchase") not in cells
    assert m.channels[0].channel == "website"  # most used first
    assert m.channels[0].label == "Website"
    assert m.max_count == 3


def test_matrix_mean_touchpoint_score_per_channel() -> None:
    sc = scenario("a", [event("x", "trigger", score=2), event("y", "purchase", score=4)])
    m = channel_matrix(STAGES, [sc])
    assert m.channels[0].mean_score == 3.0
