"""The printed report: a tagged PDF whose first page is used and whose lane labels stay whole."""

from __future__ import annotations

import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from PIL import ImageOps

from flows.domain import JourneyMapData
from reports import build, load_sample, render
from reports.texts import TEXTS
from tests.reports.factories import (
    NINE_STAGES,
    event,
    hostile_wide_map,
    journey,
    scenario,
    stages,
)

LANES = ("stage", "events", "actions", "thoughts", "emotion", "touchpoints", "pain", "mot", "ideas")
WITH_BACKSTAGE = ("demo", "hostile")  # colleagues told what we do behind the scenes


def solo_first_map() -> JourneyMapData:
    """A solo owner's first map: nine stages, one scenario, no personas, nobody asked yet."""
    events = [event(f"e{i}", k, i % 5 - 2) for i, k in enumerate(NINE_STAGES)]
    return journey(language="nl", stages=stages(NINE_STAGES), scenarios=[scenario("s", events)])


def busy_map() -> JourneyMapData:
    """Three events in each of nine stages: 27 narrow columns on one printed page."""
    events = [
        event(f"e{i}{j}", k, j - 1, order=j, title="Bestelbevestiging")
        for i, k in enumerate(NINE_STAGES)
        for j in range(3)
    ]
    return journey(language="nl", stages=stages(NINE_STAGES), scenarios=[scenario("s", events)])


MAPS = {
    "demo": load_sample,
    "hostile": hostile_wide_map,
    "solo": solo_first_map,
    "busy": busy_map,
}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {name: render(build(make()), "pdf") for name, make in MAPS.items()}


def test_pdf_is_tagged(pdfs: dict[str, bytes]) -> None:
    """A structure tree (StructTreeRoot) that screen readers and reflow follow."""
    doc = pypdfium2.PdfDocument(pdfs["demo"])
    try:
        assert pdfium.FPDFCatalog_IsTagged(doc.raw)
        page = doc[0]
        tree = pdfium.FPDF_StructTree_GetForPage(page.raw)
        try:
            assert pdfium.FPDF_StructTree_CountChildren(tree) >= 1
        finally:
            pdfium.FPDF_StructTree_Close(tree)
    finally:
        doc.close()


@pytest.mark.parametrize("name", list(MAPS))
def test_first_page_is_not_mostly_empty(pdfs: dict[str, bytes], name: str) -> None:
    """The first map starts under the key figures instead of leaving page 1 two-thirds blank."""
    doc = pypdfium2.PdfDocument(pdfs[name])
    try:
        image = doc[0].render(scale=0.5).to_pil().convert("L")
    finally:
        doc.close()
    box = ImageOps.invert(image).getbbox()
    assert box is not None
    assert box[3] / image.height > 0.6, f"page 1 is used to {box[3] / image.height:.0%}"


@pytest.mark.parametrize("name", list(MAPS))
def test_lane_labels_never_break_inside_a_word(pdfs: dict[str, bytes], name: str) -> None:
    doc = pypdfium2.PdfDocument(pdfs[name])
    try:
        words = {w for page in doc for w in page.get_textpage().get_text_bounded().split()}
    finally:
        doc.close()
    report = build(MAPS[name]())
    lang = report.language
    # the actions lane is shown only where an event has actions apart (owner flow v1)
    acted = any(e.actions for s in report.scenarios for la in s.lanes for e in la.events)
    lanes = [la for la in LANES if la != "actions" or acted]
    for lane in lanes + (["backstage"] if name in WITH_BACKSTAGE else []):
        for word in TEXTS(f"lane_{lane}", lang).upper().split():
            assert word in words, f"lane label {word!r} is broken or missing in the PDF"
