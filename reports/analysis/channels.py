"""Channel use: which persona uses which channel in which stage."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from flows.domain import Experience, Scenario
from flows.i18n import Lang
from flows.vocabulary import CHANNELS, channel_label
from reports.model import ChannelCell, ChannelMatrix, ChannelScore

__all__ = ["channel_matrix"]

NO_PERSONA = ""


def channel_matrix(
    stage_order: Sequence[str],
    scenarios: Sequence[Scenario],
    experiences: Sequence[Experience] = (),
    persona_of_respondent: Mapping[str, str | None] | None = None,
    lang: Lang = "nl",
) -> ChannelMatrix:
    """A stage x channel matrix counting mentions (scenario touchpoints and respondents'
    channels), with the personas seen in each cell. Rows: most used channel first."""
    counts: Counter[tuple[str, str]] = Counter()
    personas: dict[tuple[str, str], set[str]] = {}
    scores: dict[str, list[int]] = {}
    persona_of = persona_of_respondent or {}

    def add(stage: str, channel: str, persona: str | None) -> None:
        cell = (stage, channel)
        counts[cell] += 1
        personas.setdefault(cell, set()).add(persona or NO_PERSONA)

    for scenario in scenarios:
        for event in scenario.events:
            for tp in event.touchpoints:
                add(event.stage, tp.channel, scenario.persona_id)
                if tp.score is not None:
                    scores.setdefault(tp.channel, []).append(tp.score)
    for exp in experiences:
        persona = persona_of.get(exp.respondent_id) or NO_PERSONA
        for channel in exp.channels:
            cell = (exp.stage, channel)
            counts[cell] += 1
            personas.setdefault(cell, set()).add(persona)

    totals: Counter[str] = Counter()
    for (_, channel), n in counts.items():
        totals[channel] += n
    known = [key for key, _ in CHANNELS]
    rows = sorted(
        totals,
        key=lambda c: (-totals[c], known.index(c) if c in known else len(known), c),
    )
    stage_pos = {key: i for i, key in enumerate(stage_order)}
    cells = sorted(
        (
            ChannelCell(
                stage=stage,
                channel=channel,
                count=n,
                persona_ids=sorted(personas[(stage, channel)]),
            )
            for (stage, channel), n in counts.items()
        ),
        key=lambda c: (rows.index(c.channel), stage_pos.get(c.stage, len(stage_pos))),
    )
    return ChannelMatrix(
        stages=list(stage_order),
        channels=[
            ChannelScore(
                channel=c,
                label=channel_label(c, lang),
                count=totals[c],
                mean_score=_mean(scores.get(c)),
            )
            for c in rows
        ],
        cells=cells,
        max_count=max(counts.values(), default=0),
    )


def _mean(values: list[int] | None) -> float | None:
    return sum(values) / len(values) if values else None
