"""Whatever the answers hold, building and rendering never fails and never emits markup."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.domain import JourneyMapData, ScenarioKind
from reports import build, render, summary_line
from tests.reports.factories import event, experience, idea, journey, respondent, scenario

STAGE_KEYS = ["trigger", "orientation", "purchase", "delivery"]
texts = st.text(
    alphabet=st.sampled_from(list("ab <>&\"'=-|*#\n\t é😀")) | st.characters(), max_size=12
)


@st.composite
def maps(draw: st.DrawFn) -> JourneyMapData:
    n_events = draw(st.integers(0, 6))
    events = [
        event(
            f"e{i}",
            draw(st.sampled_from([*STAGE_KEYS, "elsewhere"])),
            draw(st.none() | st.integers(-2, 2)),
            order=draw(st.integers(0, 3)),
            channels=tuple(
                draw(st.lists(st.sampled_from(["website", "phone"]) | texts, max_size=2))
            ),
            score=draw(st.none() | st.integers(1, 5)),
            owner=draw(st.none() | texts),
            title=draw(texts),
            thoughts=draw(st.none() | texts),
        )
        for i in range(n_events)
    ]
    kinds: st.SearchStrategy[ScenarioKind] = st.sampled_from(
        ["current_positive", "current_negative", "desired"]
    )
    n_people = draw(st.integers(0, 5))
    people = [
        respondent(
            f"r{i}",
            draw(st.sampled_from(["customer", "colleague", "owner"])),
            recommend=draw(st.none() | st.integers(0, 10)),
        )
        for i in range(n_people)
    ]
    exps = [
        experience(
            f"r{draw(st.integers(0, max(0, n_people - 1)))}",
            draw(st.sampled_from(STAGE_KEYS)),
            draw(st.none() | st.integers(-2, 2)),
            tuple(draw(st.lists(texts, max_size=2))),
            thoughts=draw(st.none() | texts),
            pain_point=draw(st.none() | texts),
        )
        for _ in range(draw(st.integers(0, 8) if n_people else st.just(0)))
    ]
    return journey(
        title=draw(texts),
        language=draw(st.sampled_from(["nl", "en"])),
        scenarios=[
            scenario("a", events[: n_events // 2], draw(kinds)),
            scenario("b", events[n_events // 2 :], draw(kinds)),
        ],
        ideas=[
            idea(f"i{i}", draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.none() | texts))
            for i in range(draw(st.integers(0, 4)))
        ],
        respondents=people,
        experiences=exps,
        insights=draw(st.lists(texts, max_size=2)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_any_map_builds_and_renders_as_text(data: JourneyMapData) -> None:
    report = build(data)
    html = render(report, "html").decode()
    body = html.split("</style>", 1)[1]
    assert "<img" not in body
    assert "<script" not in body
    markdown = render(report, "md").decode()
    assert "<" not in markdown
    render(report, "csv")
    render(report, "json")
    render(report, "xlsx")
    assert "\n" not in summary_line(report)
    points = sum(len(s.curve.points) for s in report.scenarios)
    assert body.count("data-event=") == points
