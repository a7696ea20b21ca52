"""A program a test needs (Chromium, HAProxy) that is not installed: the test is skipped on a
developer's machine, but fails in CI, where scripts/test installs it — a skip there would be
a suite called green that never ran."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing_tool(problem: str) -> NoReturn:
    """Fail under CI (``$CI`` set), else skip, saying what is missing and how to get it."""
    if os.environ.get("CI"):
        pytest.fail(f"{problem}; CI needs it", pytrace=False)
    pytest.skip(problem)
