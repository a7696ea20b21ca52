import csv
import io
import json
from pathlib import Path

import pypdfium2
import pytest

from reports import FORMATS, JourneyReport, build, file_name, load_sample, render, write_demo
from reports.json_schema import REGENERATE, SCHEMA_PATH, schema_text
from reports.renderers.pdf import PHOTO_MAX_SIDES, png_size
from tests.reports.factories import SCRIPT, hostile_map


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
    expected = "journeymap-brandpunt-2026-brandpunt-koffiebranders-van-eerste-kop.html"
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
