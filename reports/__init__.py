"""Journey-map reports: from a `JourneyMapData` to an analysed, rendered journey map.

`build` runs every analysis once into a typed `JourneyReport`; `render` turns that into
HTML, PDF, a PNG picture for the chat, Markdown, JSON or CSV; `summary_line` is the one
line to send with it.
"""

from reports.build import build
from reports.formats import FORMATS, Format, file_name, render, write_demo
from reports.model import JourneyReport
from reports.sample import load_sample
from reports.summary import summary_line

__all__ = [
    "FORMATS",
    "Format",
    "JourneyReport",
    "build",
    "file_name",
    "load_sample",
    "render",
    "summary_line",
    "write_demo",
]
