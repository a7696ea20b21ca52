"""Golden files: the sample map's Markdown and CSV exports, byte for byte.

A change in wording or layout shows up as a readable diff. After an intended change,
regenerate with:  JOURNEYBOT_REGENERATE=1 .venv/bin/pytest tests/reports/test_golden.py
"""

import os
from pathlib import Path

import pytest

from reports import build, load_sample, render

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = "JOURNEYBOT_REGENERATE=1 .venv/bin/pytest tests/reports/test_golden.py"


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_sample_export_matches_golden_file(fmt: str) -> None:
    data = render(build(load_sample()), fmt)  # type: ignore[arg-type]
    path = GOLDEN / f"sample.{fmt}"
    if os.environ.get("JOURNEYBOT_REGENERATE"):
        path.write_bytes(data)
    assert path.read_bytes() == data, f"{path.name} changed; if intended: {REGENERATE}"
