import pytest

from reports.analysis import missing_owners, owner_name, quadrant, rank_ideas
from tests.reports.factories import event, idea, scenario


@pytest.mark.parametrize(
    ("impact", "effort", "expected"),
    [
        (3, 1, "quick_win"),
        (3, 2, "major_project"),  # medium effort is not a quick win
        (2, 1, "quick_win"),
        (2, 2, "major_project"),
        (3, 3, "major_project"),
        (1, 1, "fill_in"),
        (1, 3, "money_pit"),
    ],
)
def test_quadrants(impact: int, effort: int, expected: str) -> None:
    assert quadrant(impact, effort) == expected


def test_quick_win_ranks_first() -> None:
    ranked = rank_ideas(
        [idea("pit", 1, 3), idea("big", 3, 3), idea("win", 3, 1), idea("small", 1, 1)]
    )
    assert [i.id for i in ranked] == ["win", "big", "small", "pit"]
    assert [i.rank for i in ranked] == [1, 2, 3, 4]


def test_best_ratio_first_within_quick_wins_and_stable_ties() -> None:
    ranked = rank_ideas([idea("a", 3, 2), idea("b", 2, 1), idea("c", 3, 1), idea("d", 3, 2)])
    assert [i.id for i in ranked] == ["c", "b", "a", "d"]
    assert [i.quadrant for i in ranked] == [
        "quick_win",
        "quick_win",
        "major_project",
        "major_project",
    ]


def test_missing_owners_for_ideas_and_touchpoints() -> None:
    ideas = [idea("owned", 2, 1), idea("orphan", 2, 1, owner=None), idea("blank", 1, 1, owner=" ")]
    sc = scenario("s", [event("e1", "purchase", owner=None), event("e2", "delivery")])
    flags = missing_owners(ideas, [sc], "en")
    assert [(f.kind, f.id) for f in flags] == [
        ("idea", "orphan"),
        ("idea", "blank"),
        ("touchpoint", "e1"),
    ]
    assert flags[2].channel == "Website"


@pytest.mark.parametrize(
    "nobody", ["nobody", "Niemand", " ? ", "n.v.t.", "N.V.T", "-", "geen", "None", "n/a", ""]
)
def test_an_owner_given_as_nobody_counts_as_missing(nobody: str) -> None:
    sc = scenario("s", [event("e1", "purchase", owner=nobody), event("e2", "delivery")])
    flags = missing_owners([idea("i", 2, 1, owner=nobody)], [sc], "nl")
    assert [(f.kind, f.id) for f in flags] == [("idea", "i"), ("touchpoint", "e1")]
    assert rank_ideas([idea("i", 2, 1, owner=nobody)])[0].owner is None


def test_touchpoints_are_not_flagged_where_no_owner_was_asked() -> None:
    # owner flow v2 asks no owner per touchpoint: every touchpoint ownerless is no finding
    sc = scenario("s", [event("e1", "purchase", owner=None), event("e2", "delivery", owner=None)])
    flags = missing_owners([idea("i", 2, 1)], [sc], "nl")
    assert flags == []


def test_a_real_owner_is_kept_as_typed() -> None:
    assert owner_name("  Geen Gedoe  BV ") == "Geen Gedoe BV"
    assert owner_name("Niemand anders dan Piet") == "Niemand anders dan Piet"
