"""The shipped sample map: a small Dutch coffee roaster with a webshop, validated on load.

`samples/demo.json` is generated, never edited: the interviews of its owner, three colleagues
and twelve customers are replayed through the real flows and projection by `testkit.demo`
(``.venv/bin/python -m testkit.demo``), and a test keeps the file equal to that replay.
"""

from __future__ import annotations

from importlib.resources import files

from flows.domain import JourneyMapData

__all__ = ["load_sample"]

SAMPLE = "demo.json"


def load_sample(name: str = SAMPLE) -> JourneyMapData:
    """The demo map (one persona, today's scenario and the wish, three colleagues and twelve
    customers) as domain data."""
    text = files("reports.samples").joinpath(name).read_text(encoding="utf-8")
    return JourneyMapData.model_validate_json(text)
