from reports import build, load_sample, summary_line
from tests.reports.factories import event, idea, journey, scenario


def test_summary_line_of_the_sample() -> None:
    line = summary_line(build(load_sample()))
    assert "\n" not in line
    assert "8 fasen, 5 gebeurtenissen" in line
    assert "Wacht op het pakket en belt als het niet komt" in line  # the lowest moment
    assert "Verzendkosten al op de productpagina tonen" in line  # the one quick win


def test_summary_line_names_worst_moment_and_top_quick_win() -> None:
    data = journey(
        scenarios=[
            scenario(
                "s", [event("a", "trigger", 1), event("b", "delivery", -2, title="Lost\nparcel")]
            )
        ],
        ideas=[idea("x", 1, 3), idea("y", 3, 1)],
    )
    line = summary_line(build(data))
    assert line == (
        "Test map: 4 stages, 2 events · lowest moment: “Lost parcel” (Delivery)"
        " · top quick win: “Idea y”"
    )


def test_summary_line_without_anything() -> None:
    assert summary_line(build(journey())).endswith("lowest moment: none · top quick win: none")


def test_summary_line_fits_a_caption_whatever_the_answers() -> None:
    long = "woord " * 400
    data = journey(
        title=long,
        scenarios=[scenario("s", [event("b", "delivery", -2, title=long)])],
        ideas=[idea("y", 3, 1)],
    )
    line = summary_line(build(data))
    assert len(line) < 400
    assert "…" in line
