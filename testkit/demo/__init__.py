"""The demo map (`journeybot demo`, `reports.load_sample`), made only of interviews.

Brandpunt Koffiebranders, a Dutch coffee roaster with a webshop and a market stall: the
owner's first pass, three colleagues and twelve customers, each scripted as the answers they
give (`owner`, `colleagues`, `customers`, and in `people` the invite links and consent) and
replayed through the real flows and projection (`replay`). Nothing in the sample is written
by hand: a test regenerates it and compares it with the committed file.

    .venv/bin/python -m testkit.demo     # rewrite reports/samples/demo.json
"""

from __future__ import annotations

from pathlib import Path

from testkit.demo.replay import build_demo, contributions

__all__ = ["REGENERATE", "SAMPLE_PATH", "build_demo", "contributions", "sample_text"]

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "reports" / "samples" / "demo.json"
REGENERATE = ".venv/bin/python -m testkit.demo"


def sample_text() -> str:
    """The demo map as the committed sample file holds it: only what was answered (fields at
    their defaults are left out), one space per level."""
    return build_demo().model_dump_json(indent=1, exclude_defaults=True) + "\n"
