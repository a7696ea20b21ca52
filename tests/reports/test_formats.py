import copy
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import openpyxl
import pypdfium2
import pytest

from flows.domain import JourneyMapData
from reports import FORMATS, JourneyReport, build, file_name, load_sample, render, write_demo
from reports.json_schema import REGENERATE, SCHEMA_PATH, schema_text
from reports.renderers.pdf import PHOTO_MAX_SIDES, png_size
from reports.texts import TEXTS
from tests.reports.factories import SCRIPT, hostile_map, hostile_wide_map


@pytest.fixture(scope="module")
def report() -> JourneyReport:
    return build(load_sample())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample written in every format once (PDF layout is the slow part)."""
    paths = write_demo(tmp_path_factory.mktemp("demo"))
    return {p.suffix.lstrip("."): p for p in paths}


def test_write_demo_writes_every_format(demo: dict[str, Path], report: JourneyReport) -> None:
    assert list(demo) == list(FORMATS)
    assert all(p.stat().st_size > 0 for p in demo.values())
    expected = "journeymap-demo-brandpunt-koffiebranders-van-eerste-kop.html"
    assert demo["html"].name == file_name(report, "html") == expected
    assert demo["html"].read_bytes() == render(report, "html")


def test_pdf_is_valid_and_landscape(demo: dict[str, Path]) -> None:
    data = demo["pdf"].read_bytes()
    assert data.startswith(b"%PDF")
    doc = pypdfium2.PdfDocument(data)
    try:
        assert len(doc) >= 1
        width, height = doc[0].get_size()
        assert width > height
    finally:
        doc.close()


def test_png_is_a_picture_telegram_accepts(demo: dict[str, Path]) -> None:
    data = demo["png"].read_bytes()
    width, height = png_size(data)
    assert width > height > 300
    assert width + height <= PHOTO_MAX_SIDES
    assert width / height <= 20
    assert len(data) <= 10 * 1024 * 1024


def test_json_round_trips_to_the_model(report: JourneyReport) -> None:
    data = render(report, "json")
    again = JourneyReport.model_validate_json(data)
    assert again == report


def test_committed_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        f"the JSON Schema is stale; regenerate it with: {REGENERATE}"
    )
    assert json.loads(schema_text())["title"] == "JourneyReport"


def test_csv_has_bom_one_row_per_answer_and_dutch_separator(report: JourneyReport) -> None:
    data = render(report, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    experiences = [r for r in rows if r["source"] == "experience" and r["field"] == "emotion"]
    assert len(experiences) == sum(1 for e in report.source.experiences if e.emotion is not None)
    assert any(r["stage_name"] == "Rondkijken wat er is" for r in rows)
    assert {r["field"] for r in rows} >= {"title", "thoughts", "touchpoint", "idea", "recommend"}


def test_csv_quotes_and_defuses_formulas() -> None:
    from tests.reports.factories import event, journey, scenario

    data = journey(
        scenarios=[
            scenario("s", [event("e", "trigger", title='=HYPERLINK("x"); a, "b"\nnext line')])
        ]
    )
    text = render(build(data), "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))  # English map: comma separated
    title = next(r for r in rows if r["field"] == "title")
    assert title["value"] == '\'=HYPERLINK("x"); a, "b"\nnext line'
    emotion = next(r for r in rows if r["field"] == "emotion")
    assert emotion["score"] == "0"


def test_markdown_keeps_data_inert(report: JourneyReport) -> None:
    md = render(build(hostile_map()), "md").decode()
    assert SCRIPT not in md
    assert "<img" not in md
    assert "&lt;script&gt;" in md
    sample = render(report, "md").decode()
    assert sample.startswith("# Brandpunt")
    assert "| Fase |" in sample


def test_unknown_format_is_refused(report: JourneyReport) -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        render(report, "docx")  # type: ignore[arg-type]


def test_an_empty_map_still_renders_every_format() -> None:
    from tests.reports.factories import journey

    report = build(journey(title="lone \ud800 surrogate"))
    for fmt in FORMATS:
        assert render(report, fmt)
    width, height = png_size(render(report, "png"))
    assert width > height


@pytest.mark.parametrize("make", [load_sample, hostile_wide_map], ids=["demo", "hostile"])
def test_json_export_meets_the_published_schema(make: Callable[[], JourneyMapData]) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    data = json.loads(render(build(make()), "json"))
    assert list(validator.iter_errors(data)) == []

    bad = copy.deepcopy(data)
    bad["stage_overview"][0]["mean_emotion"] = 2.5  # a mean emotion lies in -2 .. +2
    bad["channel_matrix"]["max_count"] = -1  # a count is never negative
    del bad["evidence"]["respondents"]["customers"]  # always written, so required
    errors = {tuple(e.absolute_path) for e in validator.iter_errors(bad)}
    assert errors == {
        ("stage_overview", 0, "mean_emotion"),
        ("channel_matrix", "max_count"),
        ("evidence", "respondents"),
    }


def test_schema_requires_every_field_and_bounds_derived_numbers() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    for name, definition in [("JourneyReport", schema), *schema["$defs"].items()]:
        if "properties" in definition:
            assert set(definition.get("required", [])) == set(definition["properties"]), name
    defs = schema["$defs"]

    def bounds(model: str, field: str) -> tuple[float | None, float | None]:
        prop = defs[model]["properties"][field]
        number = next((p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"), prop)
        return number.get("minimum"), number.get("maximum")

    for model, field in [
        ("EmotionStats", "mean"),
        ("StageOverview", "mean_emotion"),
        ("StageDelta", "current"),
        ("EmotionCurve", "remembered"),
    ]:
        assert bounds(model, field) == (-2, 2), (model, field)
    for model, field in [
        ("Count", "count"),
        ("EmotionStats", "n"),
        ("NPS", "promoters"),
        ("ChannelMatrix", "max_count"),
        ("RespondentSummary", "customers"),
        ("QuoteSample", "total"),
        ("OwnerCount", "count"),
        ("BackstageSample", "total"),
    ]:
        assert bounds(model, field) == (0, None), (model, field)
    assert bounds("NPS", "score") == (-100, 100)


def workbook(report: JourneyReport) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")), read_only=True)


def test_xlsx_has_a_sheet_per_table_with_names_not_ids(report: JourneyReport) -> None:
    book = workbook(report)
    assert book.sheetnames == [
        "Kaart",
        "Persona's",
        "Scenario's",
        "Antwoorden",
        "Per fase",
        "Ideeën",
        "Kanalen",
        "Huidig versus gewenst",
        "Wat klanten zeggen",
        "Wat collega's zien",
    ]  # no "Thema's": none of the demo's questions has the 20 answers themes need
    # what was not answered is no row: the demo's owner gave no scope (flow v2 does not ask)
    about = {row[0]: row[1:2] for row in book["Kaart"].iter_rows(values_only=True)}
    assert about["Titel"] == (report.title,)
    assert about["Aanleiding"] == (report.reason,)
    assert "Afbakening" not in about
    personas = [row[0] for row in book["Persona's"].iter_rows(min_row=2, values_only=True)]
    assert personas == [p.name for p in report.personas]
    scenarios = [row[:2] for row in book["Scenario's"].iter_rows(min_row=2, values_only=True)]
    assert scenarios == [(s.title, f"{TEXTS(f'kind_{s.kind}', 'nl')}") for s in report.scenarios]

    answers = list(book["Antwoorden"].iter_rows(values_only=True))
    header = answers[0]
    assert "scenario" in header
    assert "scenario_id" not in header
    csv_text = render(report, "csv").decode("utf-8-sig")
    assert len(answers) == len(list(csv.reader(io.StringIO(csv_text), delimiter=";")))
    named = {row[header.index("scenario")] for row in answers[1:]} - {None}
    assert named == {s.title for s in report.scenarios}
    people = {row[header.index("persona")] for row in answers[1:]} - {None}
    assert people <= {p.name for p in report.personas}
    assert people


def test_xlsx_keeps_answers_as_text() -> None:
    from tests.reports.factories import event, journey, scenario

    formula = '=HYPERLINK("http://x","klik")'
    data = journey(
        title="=1+1",
        scenarios=[
            scenario("s", [event("e", "trigger", 1, title=formula, thoughts="ctl \x01 \ud800")])
        ],
    )
    book = openpyxl.load_workbook(io.BytesIO(render(build(data), "xlsx")))
    assert book["Map"]["B2"].value == "=1+1"
    assert book["Map"]["B2"].data_type == "s"
    values = [c for row in book["Answers"].iter_rows() for c in row if c.value]
    assert formula in [c.value for c in values]
    assert all(c.data_type != "f" for c in values)
    assert "ctl ? ?" in [c.value for c in values]
