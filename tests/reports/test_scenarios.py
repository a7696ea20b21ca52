from reports.analysis import compare_scenarios, pair_scenarios
from tests.reports.factories import STAGES, event, scenario


def test_current_vs_desired_largest_difference_per_stage() -> None:
    now = scenario(
        "now",
        [
            event("n1", "orientation", 0),
            event("n2", "purchase", -2, channels=("webshop",)),
            event("n3", "delivery", 1),
        ],
        persona="p",
    )
    wish = scenario(
        "wish",
        [
            event("w1", "orientation", 1),
            event("w2", "purchase", 2, channels=("webshop", "chat")),
            event("w3", "delivery", 1),
        ],
        kind="desired",
        persona="p",
    )
    comp = compare_scenarios(now, wish, STAGES, "en")
    assert comp.largest[0] == "purchase"
    purchase = next(d for d in comp.stages if d.stage == "purchase")
    assert purchase.delta == 4
    assert purchase.channels_added == ["Chat / WhatsApp"]
    assert "delivery" not in comp.largest  # no difference at all
    assert [d.stage for d in comp.stages] == ["orientation", "purchase", "delivery"]


def test_pairs_by_persona_with_generic_desired_as_fallback() -> None:
    a_now = scenario("a_now", [], persona="a")
    b_now = scenario("b_now", [], persona="b")
    a_wish = scenario("a_wish", [], kind="desired", persona="a")
    any_wish = scenario("any_wish", [], kind="desired")
    pairs = pair_scenarios([a_now, b_now, a_wish, any_wish])
    assert [(c.id, d.id) for c, d in pairs] == [("a_now", "a_wish"), ("b_now", "any_wish")]
