"""A first map's report compares the current scenario with the desired one the first pass
asked (owner flow ``desired.*``, projected by flows.projection)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from flows.domain import JourneyMapData
from flows.i18n import Lang
from flows.projection import ContributionAnswers, project_map
from reports.build import build
from reports.renderers.markdown import render_markdown
from reports.texts import TEXTS
from tests.flows.test_owner_interview import (
    MORE,
    OWNER,
    SCRIPT,
    SKIP_DESIRED,
    ScriptedUser,
    interview,
)


def first_map(lang: Lang, script: Mapping[str, list[Any]]) -> JourneyMapData:
    answers, step = interview(ScriptedUser(OWNER, lang, script, MORE))
    assert "first_pass_done" in step.signals
    owner = ContributionAnswers(id="c1", role="owner", flow_id="owner", answers=answers)
    return project_map("m1", "Nieuwe kaart", lang, [owner])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_first_map_compares_current_and_desired(lang: Lang) -> None:
    report = build(first_map(lang, SCRIPT))

    (comparison,) = report.comparisons
    assert (comparison.current_id, comparison.desired_id, comparison.persona_id) == (
        "s0",
        "s1",
        "p0",
    )
    # current: consideration +1, delivery -2 and 0; desired: consideration +2, delivery +1
    assert [(d.stage, d.current, d.desired, d.delta) for d in comparison.stages] == [
        ("consideration", 1.0, 2.0, 1.0),
        ("delivery", -1.0, 1.0, 2.0),
    ]
    assert comparison.largest == ["delivery", "consideration"]
    markdown = render_markdown(report)
    assert TEXTS("comparison", lang) in markdown
    assert TEXTS("no_comparison", lang) not in markdown
    assert "Levertijd staat in de bevestiging" in markdown  # the desired scenario's own map


def test_skipping_the_desired_scenario_leaves_the_comparison_empty() -> None:
    report = build(first_map("nl", SKIP_DESIRED))
    assert report.comparisons == []
    assert [s.kind for s in report.source.scenarios] == ["current_negative"]
