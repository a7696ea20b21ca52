"""PDF of the report page and the PNG picture for the chat, both via WeasyPrint.

The PNG is the compact preview page printed to a one-page PDF and rasterised with pypdfium2,
so the chat picture and the documents come from the same templates and fonts.

WeasyPrint and pypdfium2 are imported on first use: together they are ~45 MB of the bot
process's memory and half a second of start-up, and most processes (the terminal chat, a bot
whose owners have not asked for a report yet, the CLI) never render a PDF.
"""

from __future__ import annotations

import io

from reports.model import JourneyReport
from reports.renderers.html import render_html, render_preview_html

__all__ = [
    "PHOTO_MAX_BYTES",
    "PHOTO_MAX_RATIO",
    "PHOTO_MAX_SIDES",
    "check_photo",
    "png_size",
    "render_pdf",
    "render_png",
]

# Telegram sendPhoto: at most 10 MB, width + height <= 10000, aspect ratio <= 20.
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDES = 10_000
PHOTO_MAX_RATIO = 20.0
PNG_SCALE = 2.0  # 96 dpi CSS pixels -> 2x for a sharp picture on phones


def html_to_pdf(html: str) -> bytes:
    """Print HTML with WeasyPrint; there is no base URL, so nothing is ever fetched. The PDF
    is tagged (headings, tables, lists as a structure tree) so screen readers and reflow on
    small screens can follow it."""
    from weasyprint import HTML  # lazy: see the module docstring

    safe = html.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates
    pdf = HTML(string=safe, base_url=None).write_pdf(pdf_tags=True)
    assert isinstance(pdf, bytes)
    return pdf


def render_pdf(report: JourneyReport) -> bytes:
    """The full report, landscape pages (see @page in report.css)."""
    return html_to_pdf(render_html(report))


def render_png(report: JourneyReport) -> bytes:
    """The preview picture: stages and emotion curve with the key figures."""
    import pypdfium2  # lazy: see the module docstring

    pdf = html_to_pdf(render_preview_html(report))
    doc = pypdfium2.PdfDocument(pdf)
    try:
        page = doc[0]
        scale = PNG_SCALE
        width, height = page.get_size()  # points: 72 per inch
        longest = max(width, height) * scale * 96 / 72
        if longest > PHOTO_MAX_SIDES / 2:
            scale *= PHOTO_MAX_SIDES / 2 / longest
        image = page.render(scale=scale * 96 / 72).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
    finally:
        doc.close()
    data = out.getvalue()
    check_photo(data)
    return data


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def check_photo(data: bytes) -> None:
    """Raise if Telegram's sendPhoto would refuse this picture."""
    width, height = png_size(data)
    if len(data) > PHOTO_MAX_BYTES:
        raise ValueError(f"picture too large: {len(data)} bytes")
    if width + height > PHOTO_MAX_SIDES:
        raise ValueError(f"picture too big: {width}x{height}")
    if max(width, height) / max(1, min(width, height)) > PHOTO_MAX_RATIO:
        raise ValueError(f"picture too narrow: {width}x{height}")
