"""Emotion curves and the peak-end rule."""

from __future__ import annotations

from collections.abc import Sequence

from flows.domain import Event
from reports.model import CurvePoint, EmotionCurve

__all__ = ["emotion_curve", "lowest_moments", "peak_end", "remembered"]


def curve_points(events: Sequence[Event], stage_order: Sequence[str]) -> list[CurvePoint]:
    """Events in journey order: by stage position, then the event's own order."""
    position = {key: i for i, key in enumerate(stage_order)}
    ordered = sorted(events, key=lambda e: (position.get(e.stage, len(position)), e.order))
    return [
        CurvePoint(event_id=e.id, index=i, stage=e.stage, title=e.title, emotion=e.emotion)
        for i, e in enumerate(ordered)
    ]


def lowest_moments(points: Sequence[CurvePoint], limit: int = 3) -> list[CurvePoint]:
    """The negative moments, worst first (ties: earliest first); these should be lifted."""
    negative = [p for p in points if p.emotion is not None and p.emotion < 0]
    return sorted(negative, key=lambda p: (p.emotion, p.index))[:limit]


def peak_end(
    points: Sequence[CurvePoint],
) -> tuple[CurvePoint | None, CurvePoint | None, CurvePoint | None, float | None]:
    """The peak (most positive, earliest on ties), the end (last scored), the most intense
    moment (largest |emotion|; a low wins a tie because negative moments weigh more; the
    earliest of equals, so it is the chart's PIEK or DAL) and the remembered value: the mean
    of the most intense moment and the end."""
    scored = [p for p in points if p.emotion is not None]
    if not scored:
        return None, None, None, None
    peak = max(scored, key=lambda p: (_score(p), -p.index))
    end = scored[-1]
    intense = max(scored, key=lambda p: (abs(_score(p)), -_score(p), -p.index))
    return peak, end, intense, remembered([_score(p) for p in scored])


def remembered(scores: Sequence[int]) -> float | None:
    """The peak-end rule over one person's scores in journey order: the mean of the most
    intense score and the last one (None without scores)."""
    if not scores:
        return None
    intense = max(scores, key=lambda s: (abs(s), -s))
    return (intense + scores[-1]) / 2


def emotion_curve(events: Sequence[Event], stage_order: Sequence[str]) -> EmotionCurve:
    """The curve of one scenario: one point per event, with peak, end and lowest moments."""
    points = curve_points(events, stage_order)
    peak, end, intense, value = peak_end(points)
    return EmotionCurve(
        points=points,
        peak=peak,
        end=end,
        lowest=lowest_moments(points),
        intense=intense,
        remembered=value,
    )


def _score(point: CurvePoint) -> int:
    return point.emotion if point.emotion is not None else 0
