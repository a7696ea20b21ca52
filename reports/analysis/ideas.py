"""Ideas by impact versus effort, and what nobody owns yet."""

from __future__ import annotations

from collections.abc import Sequence

from flows.domain import Idea, Scenario
from flows.i18n import Lang
from flows.vocabulary import channel_label
from reports.model import OwnerFlag, Quadrant, RankedIdea

__all__ = ["missing_owners", "owner_name", "quadrant", "rank_ideas"]

QUADRANT_ORDER: tuple[Quadrant, ...] = ("quick_win", "major_project", "fill_in", "money_pit")

# Owners typed as "nobody": the idea or touchpoint has no owner (compared case-insensitively).
NO_OWNER = frozenset(
    {"nobody", "no one", "noone", "none", "n/a", "na", "niemand", "geen", "n.v.t.", "nvt", "?", "-"}
)


def quadrant(impact: int, effort: int) -> Quadrant:
    """Impact and effort are 1..3. A quick win matters (impact medium or high) for a *low*
    effort; medium effort is not a quick win (see METHOD.md)."""
    if impact >= 2 and effort <= 1:
        return "quick_win"
    if impact >= 2:
        return "major_project"
    if effort <= 1:
        return "fill_in"
    return "money_pit"


def rank_ideas(ideas: Sequence[Idea]) -> list[RankedIdea]:
    """Quick wins first, then big projects, fill-ins, money pits; within a quadrant the best
    impact-for-effort first; the original order breaks ties so ranking is stable."""

    def key(item: tuple[int, Idea]) -> tuple[int, int, int, int, int]:
        index, idea = item
        q = QUADRANT_ORDER.index(quadrant(idea.impact, idea.effort))
        return (q, idea.effort - idea.impact, -idea.impact, idea.effort, index)

    ranked = sorted(enumerate(ideas), key=key)
    return [
        RankedIdea(
            id=idea.id,
            rank=rank,
            text=idea.text,
            stage=idea.stage,
            impact=idea.impact,
            effort=idea.effort,
            quadrant=quadrant(idea.impact, idea.effort),
            owner=owner_name(idea.owner),
            next_step=idea.next_step,
        )
        for rank, (_, idea) in enumerate(ranked, start=1)
    ]


def missing_owners(
    ideas: Sequence[Idea], scenarios: Sequence[Scenario], lang: Lang = "nl"
) -> list[OwnerFlag]:
    """Ideas and touchpoints nobody is responsible for. Touchpoints only on a map whose
    touchpoints were given owners at all (the owner flow v1 asked it per touchpoint; v2 does
    not ask, and listing every touchpoint as ownerless would be noise, not a finding)."""
    flags = [
        OwnerFlag(kind="idea", id=idea.id, stage=idea.stage, text=idea.text)
        for idea in ideas
        if not owner_name(idea.owner)
    ]
    asked = any(tp.owner for s in scenarios for e in s.events for tp in e.touchpoints)
    for scenario in scenarios if asked else ():
        for event in sorted(scenario.events, key=lambda e: e.order):
            flags.extend(
                OwnerFlag(
                    kind="touchpoint",
                    id=event.id,
                    stage=event.stage,
                    scenario_id=scenario.id,
                    text=event.title,
                    channel=channel_label(tp.channel, lang),
                )
                for tp in event.touchpoints
                if not owner_name(tp.owner)
            )
    return flags


def owner_name(text: str | None) -> str | None:
    """The owner as typed, or None when nobody owns it: empty, or a word for nobody
    ("niemand", "?", "n.v.t.", "-"... in either language)."""
    tidy = " ".join(text.split()) if text else ""
    if not tidy or tidy.casefold().strip(" .") in _NO_OWNER_KEYS or tidy.casefold() in NO_OWNER:
        return None
    return tidy


_NO_OWNER_KEYS = frozenset(word.strip(" .") for word in NO_OWNER)
