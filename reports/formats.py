"""One entry point per output: `render(report, fmt) -> bytes`, and the demo writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal, get_args

from reports.build import build
from reports.model import JourneyReport
from reports.renderers.exports import render_csv, render_json
from reports.renderers.html import render_html
from reports.renderers.markdown import render_markdown
from reports.renderers.pdf import render_pdf, render_png
from reports.renderers.spreadsheet import render_xlsx
from reports.sample import load_sample

__all__ = ["FORMATS", "Format", "file_name", "render", "write_demo"]

Format = Literal["html", "pdf", "png", "md", "json", "csv", "xlsx"]
FORMATS: tuple[Format, ...] = get_args(Format)


def utf8(text: str) -> bytes:
    """UTF-8, with a lone surrogate (possible in decoded JSON input) shown as '?'."""
    return text.encode("utf-8", "replace")


_RENDERERS: dict[Format, Callable[[JourneyReport], bytes]] = {
    "html": lambda r: utf8(render_html(r)),
    "pdf": render_pdf,
    "png": render_png,
    "md": lambda r: utf8(render_markdown(r)),
    "json": lambda r: utf8(render_json(r)),
    "csv": render_csv,
    "xlsx": render_xlsx,
}


def render(report: JourneyReport, fmt: Format) -> bytes:
    """The report in one format, as the bytes of a file."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; use one of {FORMATS}") from None
    return renderer(report)


def file_name(report: JourneyReport, fmt: Format) -> str:
    """A safe file name for sending or saving: the map's id and title in letters, digits and
    dashes, e.g. ``journeymap-7-fietsenmaker-gent.pdf`` (the one naming rule for every
    command that writes or sends a report)."""
    return f"journeymap-{_slug(report.map_id) or 'map'}-{_slug(report.title) or 'map'}.{fmt}"


def _slug(text: str, limit: int = 40) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in safe.split("-") if part)[:limit].strip("-")


def write_demo(out_dir: Path) -> list[Path]:
    """Write the demo map's report in every format; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    report = build(load_sample())
    paths: list[Path] = []
    for fmt in FORMATS:
        path = out_dir / file_name(report, fmt)
        path.write_bytes(render(report, fmt))
        paths.append(path)
    return paths
