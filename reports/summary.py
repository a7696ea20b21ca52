"""The headline of a report: the numbers and moments a reader should see first."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from reports.model import CurvePoint, JourneyReport, RankedIdea, StageEvidence
from reports.texts import TEXTS, number

__all__ = ["Headline", "headline", "summary_line"]


@dataclass(frozen=True, slots=True)
class Headline:
    """What a reader should see first: size, worst and best moment, the top quick win."""

    stages: int
    events: int
    worst: CurvePoint | None  # the lowest moment of the current scenarios
    worst_stage: str | None  # else the stage customers scored lowest
    peak: CurvePoint | None
    win: RankedIdea | None  # the best-ranked quick win
    # where customers themselves felt worst (the lowest stage at least three of them scored,
    # whatever its sign), once the report has the customers' curve: the chat picture shows
    # theirs then
    customers_low: StageEvidence | None = None


def headline(report: JourneyReport) -> Headline:
    """Pick the headline from the current scenarios (the lowest stage when none has a low)."""
    current = [s for s in report.scenarios if s.kind != "desired"]
    lows = [s.curve.lowest[0] for s in current if s.curve.lowest]
    worst = min(lows, key=lambda p: p.emotion or 0, default=None)
    peaks = [s.curve.peak for s in current if s.curve.peak]
    peak = max(peaks, key=lambda p: p.emotion or 0, default=None)
    worst_stage = None
    if worst is None:
        scored = [s for s in report.evidence.stages if s.emotion.mean is not None]
        low = min(scored, key=lambda s: s.emotion.mean or 0.0, default=None)
        worst_stage = low.stage if low and (low.emotion.mean or 0) < 0 else None
    customers_low = None
    if report.customer_curve is not None:
        told = report.evidence.scored_stages()
        customers_low = min(told, key=lambda s: s.emotion.mean or 0.0, default=None)
    return Headline(
        customers_low=customers_low,
        stages=len(report.stages),
        events=sum(len(s.curve.points) for s in current),
        worst=worst,
        worst_stage=worst_stage,
        peak=peak,
        win=next((i for i in report.ideas if i.quadrant == "quick_win"), None),
    )


def summary_line(report: JourneyReport) -> str:
    """One line for the chat: stages, events, the worst moment and the top quick win."""
    lang = report.language
    head = headline(report)
    low = head.customers_low
    if low is not None:  # the picture shows the customers' curve: so does the caption
        mean = number(low.emotion.mean, lang, 1, True)
        worst = TEXTS("customers_low_caption", lang, stage=report.stage_name(low.stage), mean=mean)
    elif head.worst is not None:
        worst = f"“{_short(head.worst.title)}” ({report.stage_name(head.worst.stage)})"
    elif head.worst_stage is not None:
        worst = report.stage_name(head.worst_stage)
    else:
        worst = TEXTS("none", lang)
    win = f"“{_short(head.win.text)}”" if head.win else TEXTS("none", lang)
    line = TEXTS(
        "summary_line",
        lang,
        title=_short(report.title),
        stages=head.stages,
        events=head.events,
        worst=worst,
        win=win,
    )
    return " ".join(line.split())  # one line, whatever the answers contained


def _short(text: str, width: int = 80) -> str:
    """Long answers are cut so the line fits a chat caption (Telegram: 1024 characters)."""
    tidy = " ".join(text.split())
    short = textwrap.shorten(tidy, width, placeholder="…")
    return short if short.strip("…") or not tidy else tidy[: width - 1] + "…"
