"""What colleagues add to the report (colleague flow v2): the back-office lane on the map,
what customers ask them most, and who owns what goes wrong — in every format, escaped."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
from markupsafe import escape

from flows.domain import JourneyMapData, Respondent
from reports import build, render
from reports.analysis import stage_evidence
from reports.analysis.evidence import BACKSTAGE_CAP
from reports.renderers.markdown import md
from tests.reports.factories import (
    STAGES,
    event,
    experience,
    journey,
    respondent,
    scenario,
)

BACK = "We boeken <b>de</b> bezorger"
ASKED = 'Waar blijft "mijn" pakket?'
PROBLEM = "Track & trace <werkt> niet"


def colleague(rid: str, department: str | None, name: str | None = None) -> Respondent:
    return Respondent(
        id=rid, role="colleague", internal=True, department=department, name=name, finished=True
    )


def shared_map(*, with_scenarios: bool = True, lang: str = "nl") -> JourneyMapData:
    """A current and a desired scenario, a customer, and two colleagues: one on flow v2 (a
    named one, in the warehouse), one on v1 (anonymous, who owns the whole stage)."""
    scenarios = (
        [
            scenario("now", [event("e1", "delivery", -1)], "current_negative"),
            scenario("wish", [event("w1", "delivery", 2)], "desired"),
        ]
        if with_scenarios
        else []
    )
    return journey(
        language=lang,
        scenarios=scenarios,
        respondents=[
            respondent("c1"),
            colleague("k1", "Magazijn", name="Joris Jansen"),
            colleague("k2", None),
        ],
        experiences=[
            experience("c1", "delivery", -2, thoughts="Te laat"),
            experience(
                "k1",
                "delivery",
                -1,
                questions=ASKED,
                backstage=BACK,
                pain_point=PROBLEM,
                pain_owner="Logistiek",
            ),
            experience("k2", "delivery", 0, questions='waar blijft  "MIJN" pakket?', owner="Jan"),
            experience("k2", "purchase", 1, backstage="We tellen de voorraad"),
        ],
    )


def test_colleagues_say_what_customers_ask_who_owns_what_and_what_happens_behind() -> None:
    data = shared_map()
    colleagues = [r for r in data.respondents if r.role == "colleague"]
    rows = {e.stage: e for e in stage_evidence(STAGES, colleagues, data.experiences)}
    delivery = rows["delivery"]
    assert [(c.text, c.count) for c in delivery.top_questions] == [(ASKED, 2)]
    # the owner of a problem says which problem; v1's owner owns the whole stage (of: None)
    assert [(o.owner, o.of, o.count) for o in delivery.owners] == [
        ("Jan", None, 1),
        ("Logistiek", PROBLEM, 1),
    ]
    # the department said it, never the name (Joris agreed to be named, still not shown)
    assert [(s.text, s.department) for s in delivery.backstage.steps] == [(BACK, "Magazijn")]
    assert [(s.text, s.department) for s in rows["purchase"].backstage.steps] == [
        ("We tellen de voorraad", None)
    ]
    assert rows["trigger"].backstage.total == 0


def test_nobody_is_no_owner_and_an_owner_without_a_problem_is_left_out() -> None:
    people = [colleague("k1", None), colleague("k2", None)]
    exps = [
        experience("k1", "delivery", 0, pain_point="Kapot", pain_owner="niemand"),
        experience("k2", "delivery", 0, pain_owner="Logistiek"),  # no problem: nothing owned
        experience("k2", "trigger", 0, owner="n.v.t."),
    ]
    rows = {e.stage: e for e in stage_evidence(STAGES, people, exps)}
    assert rows["delivery"].owners == []
    assert rows["trigger"].owners == []


def test_the_back_office_of_a_stage_is_capped_with_its_total() -> None:
    people = [colleague(f"k{i}", f"Team {i}") for i in range(BACKSTAGE_CAP + 4)]
    exps = [experience(p.id, "delivery", None, backstage=f"stap {i}") for i, p in enumerate(people)]
    (row,) = [e for e in stage_evidence(STAGES, people, exps) if e.stage == "delivery"]
    assert len(row.backstage.steps) == BACKSTAGE_CAP
    assert row.backstage.total == BACKSTAGE_CAP + 4
    html = render(
        build(
            journey(
                scenarios=[scenario("s", [event("e", "delivery")])],
                respondents=people,
                experiences=exps,
            )
        ),
        "html",
    ).decode()
    assert f"{BACKSTAGE_CAP} of {BACKSTAGE_CAP + 4} steps shown" in html


def lane(html: str, scenario_id: str) -> str | None:
    """The back-office row of one scenario's map, or None when the map has none."""
    section = html.split(f'data-scenario="{scenario_id}"', 1)[1].split("</section>", 1)[0]
    if 'data-lane="backstage"' not in section:
        return None
    return section.split('data-lane="backstage"', 1)[1].split("</tr>", 1)[0]


def test_the_back_office_is_a_lane_of_todays_maps_escaped_with_the_department() -> None:
    html = render(build(shared_map()), "html").decode()
    row = lane(html, "now")
    assert row is not None
    assert "Achter de schermen" in row
    assert f'{escape(BACK)} <span class="dept">· Magazijn</span>' in row
    assert "We tellen de voorraad" in row
    assert BACK not in html  # only escaped
    assert "Joris" not in html
    assert lane(html, "wish") is None  # the wish has no back office of today


def test_the_colleague_table_says_what_customers_ask_and_who_owns_what() -> None:
    html = render(build(shared_map(lang="en")), "html").decode()
    table = html.split('data-table="evidence-colleagues"', 1)[1].split("</table>", 1)[0]
    assert "What customers ask most" in table
    assert "Who owns what" in table
    asked = table.split('data-questions="delivery"', 1)[1].split("</td>", 1)[0]
    assert f'{escape(ASKED)} <span class="muted">(2)</span>' in asked
    owners = table.split('data-owners="delivery"', 1)[1].split("</td>", 1)[0]
    assert "Jan: the whole stage (1)" in owners
    assert f"Logistiek: {escape(PROBLEM)} (1)" in owners
    customers = html.split('data-table="evidence-customers"', 1)[1].split("</table>", 1)[0]
    assert "What customers ask most" not in customers


def test_without_back_office_answers_the_lane_is_left_out() -> None:
    data = shared_map()
    data = data.model_copy(
        update={"experiences": [e.model_copy(update={"backstage": None}) for e in data.experiences]}
    )
    html = render(build(data), "html").decode()
    assert 'data-lane="backstage"' not in html
    assert "Achter de schermen" not in html


def test_without_a_map_of_today_the_back_office_is_listed_with_the_evidence() -> None:
    html = render(build(shared_map(with_scenarios=False)), "html").decode()
    assert 'data-lane="backstage"' not in html
    evidence = html.split('data-section="evidence"', 1)[1]
    assert 'data-backstage="delivery"' in evidence
    assert str(escape(BACK)) in evidence


def test_markdown_lists_the_back_office_and_the_colleague_columns_inert() -> None:
    text = render(build(shared_map()), "md").decode()
    section = text.split("## Achter de schermen", 1)[1].split("\n## ", 1)[0]
    assert f"  - {md(BACK)} _(Magazijn)_" in section
    assert "<b>" not in text
    colleagues = text.split("### Wat collega's zien", 1)[1].split("\n### ", 1)[0]
    assert "| Wat klanten het meest vragen |" in colleagues
    assert md(f"Logistiek: {PROBLEM} (1)") in colleagues
    assert "Jan: de hele fase (1)" in colleagues


def test_json_and_csv_carry_every_new_field() -> None:
    report = build(shared_map())
    data = json.loads(render(report, "json"))
    (k1,) = [x for x in data["source"]["experiences"] if x["respondent_id"] == "k1"]
    assert (k1["questions"], k1["backstage"], k1["pain_owner"]) == (ASKED, BACK, "Logistiek")
    (delivery,) = [s for s in data["evidence"]["colleague_stages"] if s["stage"] == "delivery"]
    assert delivery["backstage"] == {
        "steps": [{"text": BACK, "department": "Magazijn"}],
        "total": 1,
    }
    assert delivery["top_questions"] == [{"text": ASKED, "count": 2}]
    assert {"owner": "Logistiek", "of": PROBLEM, "count": 1} in delivery["owners"]

    rows = list(
        csv.DictReader(io.StringIO(render(report, "csv").decode("utf-8-sig")), delimiter=";")
    )
    mine = {(r["respondent_id"], r["field"]): r for r in rows if r["source"] == "experience"}
    assert mine[("k1", "questions")]["value"] == ASKED
    assert mine[("k1", "backstage")]["value"] == BACK
    assert (mine[("k1", "pain_owner")]["value"], mine[("k1", "pain_owner")]["owner"]) == (
        PROBLEM,
        "Logistiek",
    )


def test_the_workbook_names_what_customers_ask_and_who_owns_what_for_colleagues_only() -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(build(shared_map()), "xlsx")), read_only=True)
    colleagues = [list(row) for row in book["Wat collega's zien"].iter_rows(values_only=True)]
    assert colleagues[0][-2:] == ["Wat klanten het meest vragen", "Wie is eigenaar van wat"]
    (delivery,) = [row for row in colleagues if row[0] == "Delivery"]
    assert delivery[-2] == f"{ASKED} (2)"
    assert delivery[-1] == f"Jan: de hele fase (1); Logistiek: {PROBLEM} (1)"
    customers = [list(row) for row in book["Wat klanten zeggen"].iter_rows(values_only=True)]
    assert "Wie is eigenaar van wat" not in customers[0]
