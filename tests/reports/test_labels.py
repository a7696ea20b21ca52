"""What a reader sees names channels, levels and decision roles in words, never by their
stored keys (issue 12, items 9-11). The keys stay in the data exports, beside their labels."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from typing import Any

import pypdfium2
import pytest

from flows.domain import Idea, JourneyMapData, Persona, Touchpoint
from flows.i18n import LANGS, Lang
from flows.projection import ContributionAnswers, project_map
from flows.vocabulary import CHANNELS, DECISION_ROLES, channel_label, role_name
from reports import build, render
from reports.model import JourneyReport
from reports.renderers.html import render_html, render_preview_html
from tests.flows.test_projection import B2B_EVENTS
from tests.reports.factories import event, experience, journey, respondent, scenario, stages

KEYS = [key for key, _ in CHANNELS]
NEUTRAL = "Zz"  # a channel in the owner's own words: nothing to translate


class _VisibleText(HTMLParser):
    """The text a reader sees: element text and tooltips, not markup, styles or attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._hidden += 1
        self.parts += [value or "" for name, value in attrs if name in ("title", "aria-label")]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def every_channel_map(lang: Lang, channel: str | None = None) -> JourneyMapData:
    """A map that uses every channel everywhere a channel can show: touchpoints (scored low,
    so they are gaps too, and without an owner), a persona's channels, respondents' channels,
    and a desired scenario that adds and drops channels. ``channel`` puts that one channel in
    every place instead (the baseline)."""

    def pick(key: str) -> str:
        return channel or key

    half = len(KEYS) // 2
    current = [
        event(f"c{n}", "orientation", -1, order=n, channels=(pick(k),), score=1, owner=None)
        for n, k in enumerate(KEYS)
    ]
    desired = [
        event(f"d{n}", "orientation", 1, order=n, channels=(pick(k),), score=5)
        for n, k in enumerate(KEYS[:half])
    ]
    current[0] = current[0].model_copy(
        update={"touchpoints": [Touchpoint(channel=pick(KEYS[0]), score=1, moment_of_truth=True)]}
    )
    return journey(
        language=lang,
        stages=stages(),
        personas=[Persona(id="p", name="Pat", channels=[pick(k) for k in KEYS])],
        scenarios=[
            scenario("now", current, persona="p"),
            scenario("wish", desired, kind="desired", persona="p"),
        ],
        ideas=[Idea(id="i", text="Idea", stage="orientation", impact=3, effort=1)],
        respondents=[respondent(f"r{n}", persona="p") for n in range(len(KEYS))],
        experiences=[experience(f"r{n}", "orientation", 0, (pick(k),)) for n, k in enumerate(KEYS)],
    )


def raw_keys(text: str) -> dict[str, int]:
    """How often each channel key stands in ``text`` as a word of its own."""
    return {k: len(re.findall(rf"(?<![\w-]){re.escape(k)}(?![\w-])", text)) for k in KEYS}


def renders(report: JourneyReport) -> dict[str, str]:
    """Every text a reader sees: the page, the picture's page, the PDF and the Markdown."""
    return {
        "html": visible(render_html(report)),
        "picture": visible(render_preview_html(report)),
        "pdf": pdf_text(render(report, "pdf")),
        "md": render(report, "md").decode("utf-8"),
    }


@pytest.mark.parametrize("lang", LANGS)
def test_no_channel_key_reaches_what_a_reader_sees(lang: Lang) -> None:
    full = renders(build(every_channel_map(lang)))
    # the same map with a channel of the owner's own words: any key word in it is the
    # report's own text (an English "events" heading), not a channel shown raw
    baseline = renders(build(every_channel_map(lang, NEUTRAL)))
    for name, text in full.items():
        assert raw_keys(text) == raw_keys(baseline[name]), name
    for key in KEYS:
        assert channel_label(key, lang) in full["html"]
        assert channel_label(key, lang) in full["md"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_json_export_keeps_keys_and_carries_their_labels(lang: Lang) -> None:
    report = build(every_channel_map(lang))
    data = json.loads(render(report, "json"))
    shown = {k: v for k, v in data.items() if k != "source"}
    events = [e for s in shown["scenarios"] for lane in s["lanes"] for e in lane["events"]]
    pairs = {(tp["channel"], tp["channel_label"]) for e in events for tp in e["touchpoints"]}
    assert pairs >= {(k, channel_label(k, lang)) for k in KEYS}
    gaps = [g for g in shown["gaps"] if g["kind"] == "low_touchpoint_score"]
    assert {(g["channel"], g["channel_label"]) for g in gaps} == {
        (k, channel_label(k, lang)) for k in KEYS
    }
    rows = {(c["channel"], c["label"]) for c in shown["channel_matrix"]["channels"]}
    assert rows == {(k, channel_label(k, lang)) for k in KEYS}


def test_the_csv_reads_channels_as_labels_with_the_key_beside_them() -> None:
    report = build(every_channel_map("nl"))
    text = render(report, "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    channels = [r for r in rows if r["field"] in ("touchpoint", "moment_of_truth", "channel")]
    assert {r["channel"] for r in channels} == set(KEYS)
    for row in channels:
        assert row["value"].startswith(channel_label(row["channel"], "nl")), row


def _ideas_map(lang: Lang) -> JourneyMapData:
    return journey(
        language=lang,
        ideas=[
            Idea(id="a", text="Quick", stage="purchase", impact=3, effort=1),
            Idea(id="b", text="Big", stage="purchase", impact=2, effort=3),
        ],
    )


@pytest.mark.parametrize(
    ("lang", "axes", "row"),
    [
        (
            "nl",
            ["Moeite: weinig", "Moeite: gemiddeld", "Moeite: veel", "Impact: heel veel"],
            "Quick Purchase Heel veel Weinig Quick win",
        ),
        (
            "en",
            ["Effort: little", "Effort: some", "Effort: a lot", "Impact: a little"],
            "Quick Purchase A lot Little Quick win",
        ),
    ],
)
def test_impact_and_effort_read_as_answers_to_their_questions(
    lang: Lang, axes: list[str], row: str
) -> None:
    text = " ".join(visible(render_html(build(_ideas_map(lang)))).split())
    for axis in axes:
        assert axis in text
    assert row in text
    for old in ("Laag", "Middel", "Hoog", "Low", "Medium", "High"):
        assert not re.search(rf"\b{old}\b", text), old


def _b2b_map(market: str = "b2b") -> JourneyMapData:
    roles: dict[str, Any] = {"roles": ["gatekeeper", "user"]}
    return journey(
        language="nl",
        market=market,
        personas=[Persona(id="p", name="Peter", decision_role="buyer")],
        scenarios=[
            scenario(
                "s",
                [
                    event("e1", "orientation", 0, **roles),
                    event("e2", "purchase", 1, order=1, roles=["decider"]),
                ],
                persona="p",
            ),
            scenario("t", [event("f1", "trigger", 0, roles=["initiator"])]),
        ],
    )


def test_a_b2b_map_shows_who_takes_part_in_each_stage() -> None:
    report = build(_b2b_map())
    names = {o.key: [r.name for r in o.roles] for o in report.stage_overview}
    assert names == {
        "trigger": ["Initiatiefnemer"],
        "orientation": ["Gebruiker", "Inkoper", "Poortwachter"],
        "purchase": ["Beslisser", "Inkoper"],
        "delivery": [],
    }
    lanes = {lane.stage: [r.key for r in lane.roles] for lane in report.scenarios[0].lanes}
    assert lanes == {
        "trigger": [],  # scenario t's initiator is not in scenario s
        "orientation": ["user", "buyer", "gatekeeper"],
        "purchase": ["decider", "buyer"],
        "delivery": [],
    }
    html = render_html(report)
    row = re.search(r'<tr data-lane="roles">(.*?)</tr>', html, re.S)
    assert row is not None
    assert "Wie doet mee" in row[1]
    assert "Poortwachter" in visible(row[1])
    assert "gatekeeper" not in visible(html)
    assert "Poortwachter (bv. secretariaat, IT-beheer)" in html  # the full label as a tooltip
    md = render(report, "md").decode("utf-8")
    assert "| Wie doet mee |" in md
    assert "Gebruiker, Inkoper, Poortwachter" in md
    event_roles = report.scenarios[0].lanes[1].events[0].roles
    assert [(r.key, r.name) for r in event_roles] == [
        ("gatekeeper", role_name("gatekeeper", "nl")),
        ("user", "Gebruiker"),
    ]


def test_roles_answered_per_event_reach_the_report_per_stage() -> None:
    answers = {**B2B_EVENTS, "goal.journey_type": "buyer"}
    owner = ContributionAnswers(id="c", role="owner", flow_id="owner", answers=answers)
    report = build(project_map("m", "Kaart", "en", [owner]))
    lanes = {lane.stage: [r.name for r in lane.roles] for lane in report.scenarios[0].lanes}
    assert lanes == {
        "trigger": [],
        # Ilse decides, and takes part wherever her scenario has an event
        "orientation": ["Initiator", "Decider", "Gatekeeper"],
        "consideration": ["Decider"],
        "decision": ["Decider"],
        "purchase": [],
    }
    exported = json.loads(render(report, "json"))
    overview = {o["key"]: o["roles"] for o in exported["stage_overview"]}
    assert overview["consideration"] == [
        {"key": "decider", "name": "Decider", "label": "Decider (has the final say)"}
    ]
    assert [r["key"] for r in overview["orientation"]] == ["initiator", "decider", "gatekeeper"]


def test_a_b2c_map_has_no_roles_lane() -> None:
    report = build(_b2b_map("b2c"))
    assert all(not o.roles for o in report.stage_overview)
    assert all(not lane.roles for s in report.scenarios for lane in s.lanes)
    assert 'data-lane="roles"' not in render_html(report)
    assert "Wie doet mee" not in render(report, "md").decode("utf-8")


def test_every_decision_role_has_a_plain_name_in_both_languages() -> None:
    keys = [key for key, _ in DECISION_ROLES]
    assert "gatekeeper" in keys
    for key, label in DECISION_ROLES:
        for lang in LANGS:
            assert role_name(key, lang)
            assert "(" in label.get(lang), "each label says what the role does"
