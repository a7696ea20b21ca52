"""The shipped sample map: a small Dutch coffee-roaster webshop, validated on load."""

from __future__ import annotations

from importlib.resources import files

from flows.domain import JourneyMapData

__all__ = ["load_sample"]

SAMPLE = "webshop.json"


def load_sample(name: str = SAMPLE) -> JourneyMapData:
    """The sample map (two personas, three scenarios, twelve respondents) as domain data."""
    text = files("reports.samples").joinpath(name).read_text(encoding="utf-8")
    return JourneyMapData.model_validate_json(text)
