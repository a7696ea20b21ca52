"""Customers' stories in the report (issue 13, item 7): every field the customer interview
(version 2) gathers reaches the evidence — contact scores per channel, where customers nearly
gave up and why, the information they missed, the reasons behind their scores — customers
only, in HTML, Markdown and JSON. The answers come from the real flow through the engine."""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest

from flows.domain import DropOff
from flows.i18n import Lang
from flows.projection import ContributionAnswers, default_stages, project_map, stage_context
from flows.schema import builtin_flow
from reports import build
from reports.formats import render
from testkit.scripted import ScriptedUser, interview
from tests.reports.factories import journey, respondent

STAGES = default_stages("nl", "experience")  # 2 orientation, 4 purchase, 5 delivery
CONTEXT: dict[str, Any] = stage_context(STAGES)

build_module = importlib.import_module("reports.build")  # the module, not `build`


def customer(
    lang: Lang,
    steps: list[tuple[str, str, str, list[str]]],
    gave_up: str,
    recommend: str,
    words: dict[str, list[Any]],
) -> dict[str, Any]:
    """One customer's story through the real flow: steps are (stage, feeling, contact,
    channels); returns the stored answers."""
    script: dict[str, list[Any]] = {
        "when": ["week"],
        "moments.*.stage": [s[0] for s in steps],
        "moments.*.feeling": [s[1] for s in steps],
        "moments.*.contact": [s[2] for s in steps],
        "moments.*.channels": [s[3] for s in steps if s[2] != "0"],
        "moments.*.bother": [None] * len(steps),
        "gave_up": [gave_up],
        "gave_up_stage": ["purchase"],
        "recommend": [recommend],
        **words,
    }
    answers, step = interview(ScriptedUser(builtin_flow("customer"), lang, script, {}), CONTEXT)
    assert step.state.status == "done"
    return answers


def four_customers(lang: Lang) -> list[ContributionAnswers]:
    nl = lang == "nl"
    stories = [
        customer(
            lang,
            [("orientation", "1", "0", []), ("purchase", "-2", "1", ["webshop"])],
            "nearly",
            "3",
            {
                "goal": ["Koffiebonen bestellen" if nl else "Order coffee beans"],
                "story": ["Gezocht\nAfgerekend" if nl else "Searched\nPaid"],
                "gave_up_why": ["Verplicht account" if nl else "Account required"],
                "missing": ["De verzendkosten" if nl else "The shipping costs"],
                "recommend_why": ["Te omslachtig" if nl else "Too much hassle"],
                "better": [None],
            },
        ),
        customer(
            lang,
            [("purchase", "-1", "2", ["webshop"]), ("delivery", "1", "5", ["phone", "email"])],
            "did",
            "5",
            {
                "goal": ["Een cadeau" if nl else "A present"],
                "story": ["Besteld\nGebeld" if nl else "Ordered\nCalled"],
                "gave_up_why": [None],
                "missing": [None],
                "recommend_why": [None],
                "better": [None],
            },
        ),
        customer(
            lang,
            [("purchase", "2", "4", ["webshop"]), ("delivery", "1", "4", ["phone"])],
            "no",
            "10",
            {
                "goal": ["Koffie" if nl else "Coffee"],
                "story": ["Besteld\nOntvangen" if nl else "Ordered\nReceived"],
                "missing": [None],
                "recommend_why": ["Heerlijke koffie" if nl else "Lovely coffee"],
                "better": [None],
            },
        ),
    ]
    return [
        ContributionAnswers(id=f"c{n}", role="customer", flow_id="customer", answers=a)
        for n, a in enumerate(stories)
    ] + [
        # the owner's answers never enter the story figures
        ContributionAnswers(id="o", role="owner", flow_id="owner", answers={"goal.title": "K"})
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_customers_stories_reach_every_report_format(lang: Lang) -> None:
    data = project_map("m", "Kaart", lang, four_customers(lang))
    report = build(data)
    st = report.evidence.stories
    nl = lang == "nl"

    webshop = next(c for c in st.contact if c.channel == "webshop")
    assert (webshop.n, webshop.customers, webshop.mean) == (3, 3, pytest.approx(7 / 3))
    assert not webshop.thin
    phone = next(c for c in st.contact if c.channel == "phone")
    assert (phone.n, phone.mean, phone.thin) == (2, 4.5, True)
    assert st.contact[0].channel == "webshop"  # the most rated first

    (purchase,) = st.drop_offs
    assert (purchase.stage, purchase.nearly, purchase.gave_up) == ("purchase", 1, 1)
    assert [q.text for q in purchase.reasons.quotes] == [
        "Verplicht account" if nl else "Account required"
    ]
    assert st.customers_nearly_gave_up == 2
    assert [q.text for q in st.missing_info.quotes] == [
        "De verzendkosten" if nl else "The shipping costs"
    ]
    assert [(g.group, g.n, g.reasons.total) for g in st.recommend_reasons] == [
        ("detractor", 2, 1),
        ("promoter", 1, 1),
    ]
    assert [c.count for c in st.recall] == [3]
    assert st.goals.total == 3

    # the customers' bothers are their pain points; their steps are placed on the stages
    said = {se.stage: se for se in report.evidence.stages}
    assert said["purchase"].n == 3
    assert said["delivery"].n == 2

    html = render(report, "html").decode()
    for needle in (
        'data-table="contact"',
        'data-list="drop-offs"',
        'data-quotes="missing"',
        'data-reasons="detractor"',
        "Verplicht account" if nl else "Account required",
        "Heerlijke koffie" if nl else "Lovely coffee",
        "Waar klanten bijna afhaakten" if nl else "Where customers nearly gave up",
    ):
        assert needle in html, needle
    markdown = render(report, "md").decode()
    assert ("Zo was het contact, per kanaal" if nl else "How contact went, by channel") in markdown
    assert ("De verzendkosten" if nl else "The shipping costs") in markdown
    exported = json.loads(render(report, "json"))
    assert exported["evidence"]["stories"]["customers_nearly_gave_up"] == 2
    source = exported["source"]
    assert {d["gave_up"] for d in source["drop_offs"]} == {"nearly", "did"}
    assert source["respondents"][0]["recalled"] == "week"
    assert any(e["contact_score"] == 5 for e in source["experiences"])


def test_a_map_without_customers_stories_shows_none_of_it() -> None:
    report = build(project_map("m", "Kaart", "nl", four_customers("nl")[-1:]))
    html = render(report, "html").decode()
    assert 'data-table="contact"' not in html
    assert "afhaakten" not in html


def test_the_story_answers_are_grouped_into_themes_customers_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(build_module, "THEMES_FROM", 1)  # the threshold has its own test
    people = [respondent(f"c{n}", recommend=4) for n in range(4)] + [
        respondent("k", role="colleague")
    ]
    data = journey(
        respondents=people,
        drop_offs=[
            DropOff(
                respondent_id="c0", gave_up="nearly", stage="purchase", reason="Verplicht account"
            ),
            DropOff(
                respondent_id="c1", gave_up="did", stage="purchase", reason="Account verplicht!"
            ),
            DropOff(respondent_id="k", gave_up="did", reason="Verplicht account"),  # not a customer
        ],
        missing_info=[("c0", "De verzendkosten"), ("c2", "verzendkosten"), ("c3", "Levertijd")],
        recommend_reasons=[("c1", "Veel te duur"), ("c3", "Te duur")],
    )
    found = {t.question: t for t in build(data).themes}
    assert {"nearly_gave_up", "missing_information", "recommend_reason"} <= set(found)
    assert all(found[q].side == "customers" for q in found if q != "pain_point")
    (account,) = found["nearly_gave_up"].themes
    assert account.count == 2  # the colleague's words are not a customer's
    assert [s.stage for s in account.stages] == ["purchase"]
    assert found["missing_information"].themes[0].count == 2
    assert found["missing_information"].other == 1
    html = render(build(data), "html").decode()
    assert "Waarom klanten bijna afhaakten" not in html  # the map is English
    assert "Why customers nearly gave up" in html
