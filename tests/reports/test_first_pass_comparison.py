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
from testkit.scripted import ScriptedUser, interview
from tests.flows.test_owner_interview import MORE, OWNER, SCRIPT

SKIP_DESIRED = {**SCRIPT, "desired.stages": [None]}
SKIP_DESIRED.pop("desired.changes.*.change")
SKIP_DESIRED.pop("desired.changes.*.emotion")


def first_map(lang: Lang, script: Mapping[str, list[Any]]) -> JourneyMapData:
    user = ScriptedUser(OWNER, lang, script, MORE)
    answers, step = interview(user)
    assert "first_pass_done" in step.signals
    assert all(len(v) == user.used.get(k, 0) for k, v in script.items()), "script not used up"
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
    # current: delivery -2 and 0 (mean -1); desired: delivery +1; consideration only current
    assert [(d.stage, d.current, d.desired, d.delta) for d in comparison.stages] == [
        ("consideration", 1.0, None, None),
        ("delivery", -1.0, 1.0, 2.0),
    ]
    markdown = render_markdown(report)
    assert TEXTS("comparison", lang) in markdown
    assert "Krijgt de levertijd meteen bij de bestelling" in markdown  # the desired map
    # a solo owner's first map: the owner is no respondent, the map is an assumption
    assert report.evidence.respondents.customers == 0
    assert TEXTS("evidence", lang) not in markdown
    assert TEXTS("assumption_note", lang) in markdown
    assert [s.assumption for s in report.scenarios] == [True, False]


def test_skipping_the_desired_scenario_leaves_the_comparison_empty() -> None:
    report = build(first_map("nl", SKIP_DESIRED))
    assert report.comparisons == []
    assert [s.kind for s in report.source.scenarios] == ["current_negative"]
    assert TEXTS("comparison", "nl") not in render_markdown(report)  # left out, not empty
