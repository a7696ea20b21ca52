from reports import build, load_sample, summary_line
from reports.summary import headline
from tests.reports.factories import event, experience, idea, journey, respondent, scenario


def test_summary_line_of_the_sample() -> None:
    line = summary_line(build(load_sample()))
    assert "\n" not in line
    assert "8 fasen, 5 gebeurtenissen" in line
    # the demo has twelve customers: the chat picture shows their curve, and so the caption
    # their lowest stage, not the owner's worst event
    assert "Hulp of service nodig hebben (klanten gemiddeld +0,0)" in line
    assert "Verzendkosten al op de productpagina tonen" in line  # the one quick win


def test_with_three_customers_the_caption_names_where_they_felt_worst() -> None:
    owner_says = [scenario("s", [event("a", "trigger", -2, title="Owner's guess")])]
    customers = [respondent(f"c{n}") for n in range(3)]
    said = [experience(f"c{n}", "delivery", e) for n, e in enumerate((-2, -1, -1))]
    said += [experience(f"c{n}", "trigger", 1) for n in range(3)]
    report = build(journey(scenarios=owner_says, respondents=customers, experiences=said))
    low = headline(report).customers_low
    assert low is not None
    assert low.stage == "delivery"
    assert "lowest moment: Delivery (customers' mean −1.3)" in summary_line(report)
    # two customers are not evidence enough for the picture, nor for the caption
    report = build(journey(scenarios=owner_says, respondents=customers[:2], experiences=said))
    assert headline(report).customers_low is None
    assert "“Owner's guess”" in summary_line(report)


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
