"""Gaps: where the customer meets nobody, or meets us badly."""

from __future__ import annotations

from collections.abc import Sequence

from flows.domain import Scenario, Stage
from flows.i18n import Lang
from flows.vocabulary import channel_label
from reports.model import Gap

__all__ = ["find_gaps"]

LOW_SCORE = 2  # touchpoint scores are 1..5; 1 and 2 are low


def find_gaps(
    stages: Sequence[Stage],
    scenarios: Sequence[Scenario],
    low_score: int = LOW_SCORE,
    lang: Lang = "nl",
) -> list[Gap]:
    """Stages without events or touchpoints (over all scenarios), events without a touchpoint,
    and touchpoints scored ``low_score`` or lower (lowest first)."""
    events_in: dict[str, int] = {s.key: 0 for s in stages}
    touched: set[str] = set()
    gaps: list[Gap] = []
    low: list[Gap] = []
    for scenario in scenarios:
        for event in sorted(scenario.events, key=lambda e: e.order):
            events_in[event.stage] = events_in.get(event.stage, 0) + 1
            if event.touchpoints:
                touched.add(event.stage)
            else:
                gaps.append(
                    Gap(
                        kind="event_without_touchpoint",
                        stage=event.stage,
                        scenario_id=scenario.id,
                        event_id=event.id,
                        title=event.title,
                    )
                )
            for tp in event.touchpoints:
                if tp.score is not None and tp.score <= low_score:
                    low.append(
                        Gap(
                            kind="low_touchpoint_score",
                            stage=event.stage,
                            scenario_id=scenario.id,
                            event_id=event.id,
                            title=event.title,
                            channel=tp.channel,
                            channel_label=channel_label(tp.channel, lang),
                            score=tp.score,
                        )
                    )
    stage_gaps = [
        Gap(kind="stage_without_events", stage=s.key)
        if not events_in.get(s.key)
        else Gap(kind="stage_without_touchpoint", stage=s.key)
        for s in stages
        if s.key not in touched
    ]
    low.sort(key=lambda g: g.score or 0)
    return stage_gaps + gaps + low
