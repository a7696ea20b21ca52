"""Current versus desired: the distance to close, stage by stage."""

from __future__ import annotations

from collections.abc import Sequence

from flows.domain import Event, Scenario
from flows.i18n import Lang
from flows.vocabulary import channel_label
from reports.model import ScenarioComparison, StageDelta

__all__ = ["compare_scenarios", "pair_scenarios"]


def pair_scenarios(scenarios: Sequence[Scenario]) -> list[tuple[Scenario, Scenario]]:
    """Each current scenario with the desired one of the same persona (a desired scenario
    without a persona serves every persona that has none of its own)."""
    desired = [s for s in scenarios if s.kind == "desired"]
    pairs: list[tuple[Scenario, Scenario]] = []
    for current in scenarios:
        if current.kind == "desired":
            continue
        own = [d for d in desired if d.persona_id == current.persona_id]
        generic = [d for d in desired if d.persona_id is None]
        match = (own or generic)[:1]
        pairs.extend((current, d) for d in match)
    return pairs


def compare_scenarios(
    current: Scenario, desired: Scenario, stage_order: Sequence[str], lang: Lang = "nl"
) -> ScenarioComparison:
    """Mean emotion per stage in both scenarios, the change, and channels added or dropped
    (dropped only where the desired scenario covers the stage: a stage the wish leaves out
    drops nothing). ``largest`` lists the stages with both a current and a desired emotion,
    by absolute change."""
    deltas: list[StageDelta] = []
    for stage in stage_order:
        now = [e for e in current.events if e.stage == stage]
        then = [e for e in desired.events if e.stage == stage]
        if not now and not then:
            continue
        cur, des = _mean_emotion(now), _mean_emotion(then)
        now_ch, then_ch = _channels(now), _channels(then)
        deltas.append(
            StageDelta(
                stage=stage,
                current=cur,
                desired=des,
                delta=des - cur if cur is not None and des is not None else None,
                channels_added=[channel_label(c, lang) for c in then_ch if c not in now_ch],
                channels_dropped=[channel_label(c, lang) for c in now_ch if c not in then_ch]
                if then
                else [],
            )
        )
    ranked = sorted(
        (d for d in deltas if d.delta),
        key=lambda d: (-abs(d.delta or 0), -(len(d.channels_added) + len(d.channels_dropped))),
    )
    return ScenarioComparison(
        current_id=current.id,
        desired_id=desired.id,
        persona_id=current.persona_id,
        stages=deltas,
        largest=[d.stage for d in ranked[:3]],
    )


def _mean_emotion(events: Sequence[Event]) -> float | None:
    scores = [e.emotion for e in events if e.emotion is not None]
    return sum(scores) / len(scores) if scores else None


def _channels(events: Sequence[Event]) -> list[str]:
    seen: dict[str, None] = {}
    for event in events:
        for tp in event.touchpoints:
            seen.setdefault(tp.channel, None)
    return list(seen)
