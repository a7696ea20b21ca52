"""Journey-map reports: from a `JourneyMapData` to an analysed, rendered journey map.

`build` runs every analysis once into a typed `JourneyReport`; `render` turns that into
HTML, PDF, a PNG picture for the chat, Markdown, JSON or CSV.
"""

from reports.build import build
from reports.model import JourneyReport
from reports.sample import load_sample
from reports.summary import summary_line

__all__ = ["JourneyReport", "build", "load_sample", "summary_line"]
