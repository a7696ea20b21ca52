import re

import pytest
from markupsafe import escape

from reports import build, load_sample, render
from reports.renderers.html import environment, number, render_html
from tests.reports.factories import ATTR, SCRIPT, hostile_map


@pytest.fixture(scope="module")
def sample_html() -> str:
    return render_html(build(load_sample()))


def test_hostile_fields_reach_the_page_as_text() -> None:
    """Each free-text field is shown, escaped: its markup is neither run nor dropped."""
    html = render(build(hostile_map()), "html").decode()
    for shown in (
        f"Map {SCRIPT}",
        f"Eve {SCRIPT}",
        f"Stage {ATTR}",
        f"Scenario {ATTR}",
        f"Title {SCRIPT}",
        f"Thought {ATTR}",
        f"Better {SCRIPT}",  # a theme's label
        f"Pain {ATTR}",  # a theme's quote
    ):
        assert str(escape(shown)) in html, shown
        assert shown not in html
    # Also any template added later: the one environment escapes whatever it is given.
    assert environment().from_string("<p>{{ text }}</p>").render(text=ATTR) == (
        "<p>&#34;&gt;&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;</p>"
    )


def test_lanes_stage_columns_and_curve_points(sample_html: str) -> None:
    report = build(load_sample())
    for s in report.scenarios:
        section = sample_html.split(f'data-scenario="{s.id}"', 1)[1].split("</section>", 1)[0]
        for lane in ("stages", "events", "thoughts", "emotion", "touchpoints"):
            assert f'data-lane="{lane}"' in section
        for lane in ("pain", "mot", "ideas"):
            assert f'data-lane="{lane}"' in section
        heads = re.findall(r'<th class="stage-col" scope="col" data-stage="([^"]+)"', section)
        assert heads == [st.key for st in report.stages]
        points = re.findall(r'<circle class="face[^"]*"[^>]*data-event="([^"]+)"', section)
        assert points == [p.event_id for p in s.curve.points]
        assert "is-peak" in section
        assert "is-end" in section


def test_self_contained(sample_html: str) -> None:
    assert "<script" not in sample_html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", sample_html)
    assert "@import" not in sample_html
    assert "@page" in sample_html
    assert "landscape" in sample_html


def test_dutch_labels_follow_the_map(sample_html: str) -> None:
    assert 'lang="nl"' in sample_html
    assert "Gebeurtenissen" in sample_html
    assert "Momenten van de waarheid" in sample_html


def test_english_map_has_english_labels() -> None:
    data = load_sample().model_copy(update={"language": "en"})
    html = render_html(build(data))
    assert "Moments of truth" in html
    assert "Gebeurtenissen" not in html


def test_hostile_text_is_escaped_everywhere() -> None:
    html = render(build(hostile_map()), "html").decode()
    assert SCRIPT not in html
    assert "<img" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in html


def test_numbers_use_the_readers_decimal_mark() -> None:
    assert number(-0.25, "nl", 2) == "−0,25"
    assert number(1.5, "en", 1, signed=True) == "+1.5"
    assert number(None, "en") == "–"


def test_rendering_aggregates_and_caps_quotes() -> None:
    from tests.reports.factories import experience, journey, respondent

    people = [respondent(f"r{i}") for i in range(40)]
    data = journey(
        respondents=people,
        experiences=[experience(f"r{i}", "trigger", 1, thoughts=f"quote-{i}") for i in range(40)],
    )
    html = render_html(build(data))
    assert html.count("quote-") == 12
    assert "12 of 40 quotes shown" in html


def test_filters_are_shown_with_names() -> None:
    everyone = render_html(build(load_sample()))
    html = render_html(build(load_sample(), personas=["p0"], roles=["customer"]))
    assert "persona&#39;s: Sanne, thuiswerker · rollen: klant" in html
    assert "persona&#39;s:" not in everyone
    # the customers who answered through the link for Sanne, not those from the market stall
    assert "12 klanten" in everyone
    assert "12 klanten" not in html
    assert "8 klanten" in html


def test_table_headers_name_their_scope() -> None:
    """Every table has a header row; every header cell is named and says what it heads."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tables = self.theads = 0
            self.headers: list[dict[str, str | None]] = []
            self.open: dict[str, str | None] | None = None
            self.text = ""

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tables += tag == "table"
            self.theads += tag == "thead"
            if tag == "th":
                self.open, self.text = dict(attrs), ""

        def handle_data(self, data: str) -> None:
            self.text += data

        def handle_endtag(self, tag: str) -> None:
            if tag == "th" and self.open is not None:
                self.headers.append({**self.open, "text": self.text.strip()})
                self.open = None

    cells = Cells()
    cells.feed(render(build(load_sample()), "html").decode())
    assert cells.tables == cells.theads > 5
    assert all(h.get("scope") in ("col", "row") for h in cells.headers)
    assert all(h["text"] for h in cells.headers)
