"""Chart geometry computed in Python, so templates only draw numbers they are given.

The swimlane map gives every event a slot of ``SLOT`` pixels and an empty stage one slot; the
emotion curve uses the same slots, so each point sits exactly above its event's column (the
stage columns' widths are percentages in proportion to their slots, which keeps this true at
any width and in print). The table fills the window's width down to ``MIN_SLOT`` pixels a slot,
then scrolls sideways in its own box; the lane labels' column is ``LABEL_W`` pixels at that
narrowest width and grows with the table, so a label never has to break inside a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from reports.model import EmotionCurve, EmotionStats, ScenarioMap, ViewComparison

__all__ = [
    "CURVE_H",
    "EMOTION_COLORS",
    "LABEL_W",
    "MIN_SLOT",
    "SLOT",
    "STEP",
    "VIEW_COLORS",
    "AxisLabel",
    "Column",
    "CurveGeometry",
    "Level",
    "Plot",
    "Series",
    "SeriesInput",
    "SeriesPoint",
    "StageChart",
    "curve_geometry",
    "emotion_color",
    "emotion_tint",
    "mouth_path",
    "slots_of",
    "stage_chart",
    "views_chart",
]

SLOT = 190  # px per event column in the curve's coordinates
MIN_SLOT = 110  # px per event column at the table's narrowest (a 12-slot map fits 1600 px)
LABEL_W = 150  # px of the lane-label column at the table's narrowest
PAGE_W = 1511  # px inside an A3 landscape page's 10 mm margins (@page in report.css)
CURVE_H = 210
STEP = 36  # px per emotion unit
FACE_R = 13

EMOTION_COLORS: dict[int, str] = {
    -2: "#d1495b",
    -1: "#ee9b52",
    0: "#a3acb9",
    1: "#7dbf8e",
    2: "#2e9a63",
}
UNSCORED_COLOR = "#ffffff"
TINT = 0.7  # share of the emotion colour in a text badge's background (the rest is white)


def _tint(color: str, share: float = TINT) -> str:
    rgb = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * share + 255 * (1 - share)):02x}" for c in rgb)


# Behind text (the dark ink) the full colours of -2 and +2 fall short of WCAG's 4.5:1
# contrast; these lighter tints reach at least 5.3:1. Faces and curves keep the full colours.
EMOTION_TINTS: dict[int, str] = {score: _tint(c) for score, c in EMOTION_COLORS.items()}


def emotion_color(score: int | None) -> str:
    """Fill colour of an emotion score (clamped to -2..+2); white when unscored."""
    return UNSCORED_COLOR if score is None else EMOTION_COLORS[max(-2, min(2, score))]


def emotion_tint(score: int | None) -> str:
    """Background of a text badge for an emotion score (clamped); white when unscored."""
    return UNSCORED_COLOR if score is None else EMOTION_TINTS[max(-2, min(2, score))]


def mouth_path(score: int | None, r: float = FACE_R) -> str:
    """A face's mouth: a smile for positive, a frown for negative, flat for neutral/unknown."""
    s = 0 if score is None else score
    w, y = r * 0.42, r * 0.3
    bend = s * r * 0.2
    return f"M {-w:.1f} {y:.1f} Q 0 {y + bend:.1f} {w:.1f} {y:.1f}"


@dataclass(frozen=True, slots=True)
class Plot:
    """One event's face on the curve: position, colour, mouth, and peak/end/low tags."""

    x: float
    y: float
    event_id: str
    emotion: int | None
    color: str
    mouth: str
    title: str
    stage: str
    tags: tuple[str, ...]  # "peak", "end", "low"


@dataclass(frozen=True, slots=True)
class Column:
    """A stage's column, in curve pixels and as a percentage of the swimlane table."""

    stage: str
    slots: int
    x: float  # left edge in the curve's coordinates
    width: float
    percent: float  # of the whole table, label column included


@dataclass(frozen=True, slots=True)
class Level:
    """A guide line for one emotion score, with its colour."""

    score: int
    y: float
    color: str


@dataclass(frozen=True, slots=True)
class CurveGeometry:
    """All the template draws for one scenario's curve, aligned with its swimlane table."""

    width: float
    height: float
    label_w: float
    label_percent: float
    columns: tuple[Column, ...]
    points: tuple[Plot, ...]
    path: str  # polyline through the scored points
    levels: tuple[Level, ...]
    min_table_width: float  # px below which the swimlane table scrolls instead of shrinking


def _y(score: int | float, height: float, step: float = STEP) -> float:
    return height / 2 - score * step


def label_percent(scenario: ScenarioMap, label_w: float = LABEL_W) -> float:
    """The lane labels' share of the table: ``label_w`` px when the table is at its narrowest,
    and on a printed page however many slots the map has."""
    return 100 * label_w / min(slots_of(scenario) * MIN_SLOT + label_w, PAGE_W)


def min_table_width(scenario: ScenarioMap, label_w: float = LABEL_W) -> float:
    """Below this width (px) the swimlane table scrolls: ``MIN_SLOT`` px a slot."""
    return slots_of(scenario) * MIN_SLOT / (1 - label_percent(scenario, label_w) / 100)


def columns_for(
    scenario: ScenarioMap, slot: float = SLOT, label_w: float = LABEL_W
) -> tuple[Column, ...]:
    """Stage columns of a scenario (an empty stage keeps one slot), shared by curve and table:
    the table's width after the lane labels, shared in proportion to the slots."""
    total = slots_of(scenario)
    share = 100 - label_percent(scenario, label_w)
    cols: list[Column] = []
    x = 0.0
    for lane in scenario.lanes:
        slots = max(1, len(lane.events))
        cols.append(Column(lane.stage, slots, x, slots * slot, share * slots / total))
        x += slots * slot
    return tuple(cols)


def slots_of(scenario: ScenarioMap) -> int:
    """How many event slots a scenario's swimlane needs (an empty stage counts one)."""
    return sum(max(1, len(lane.events)) for lane in scenario.lanes)


def curve_geometry(
    scenario: ScenarioMap,
    *,
    slot: float = SLOT,
    label_w: float = LABEL_W,
    height: float = CURVE_H,
    step: float = STEP,
) -> CurveGeometry:
    """Points of a scenario's curve aligned with its swimlane columns."""
    columns = columns_for(scenario, slot, label_w)
    width = sum(c.width for c in columns)
    tags = _tags(scenario.curve)
    points: list[Plot] = []
    for column, lane in zip(columns, scenario.lanes, strict=True):
        for i, event in enumerate(lane.events):
            points.append(
                Plot(
                    x=column.x + (i + 0.5) * slot,
                    y=_y(event.emotion if event.emotion is not None else 0, height, step),
                    event_id=event.id,
                    emotion=event.emotion,
                    color=emotion_color(event.emotion),
                    mouth=mouth_path(event.emotion),
                    title=event.title,
                    stage=event.stage,
                    tags=tags.get(event.id, ()),
                )
            )
    return CurveGeometry(
        width=width,
        height=height,
        label_w=label_w,
        label_percent=label_percent(scenario, label_w),
        columns=columns,
        points=tuple(points),
        path=_path(p for p in points if p.emotion is not None),
        levels=tuple(Level(s, _y(s, height, step), EMOTION_COLORS[s]) for s in range(2, -3, -1)),
        min_table_width=min_table_width(scenario, label_w),
    )


def _tags(curve: EmotionCurve) -> dict[str, tuple[str, ...]]:
    tags: dict[str, list[str]] = {}
    if curve.peak:
        tags.setdefault(curve.peak.event_id, []).append("peak")
    if curve.end:
        tags.setdefault(curve.end.event_id, []).append("end")
    if curve.lowest:
        tags.setdefault(curve.lowest[0].event_id, []).append("low")
    return {k: tuple(v) for k, v in tags.items()}


class _XY(Protocol):
    @property
    def x(self) -> float: ...
    @property
    def y(self) -> float: ...


def _path(points: Iterable[_XY]) -> str:
    parts = [f"{'M' if i == 0 else 'L'} {p.x:.1f} {p.y:.1f}" for i, p in enumerate(points)]
    return " ".join(parts)


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """A group's mean emotion at one stage, with its n (thin points are drawn hollow)."""

    x: float
    y: float
    n: int
    thin: bool
    mean: float


@dataclass(frozen=True, slots=True)
class Series:
    """One group's line on a `StageChart`: internal, external or a persona."""

    key: str  # "internal", "external" or a persona id
    label: str
    color: str
    points: tuple[SeriesPoint, ...]
    path: str


@dataclass(frozen=True, slots=True)
class AxisLabel:
    """Where a stage's name goes under a `StageChart`."""

    x: float
    stage: str


@dataclass(frozen=True, slots=True)
class StageChart:
    """Mean emotion per stage for a few groups on one chart (thin points drawn hollow)."""

    width: float
    height: float
    plot_top: float
    plot_bottom: float
    series: tuple[Series, ...]
    axis: tuple[AxisLabel, ...]
    levels: tuple[Level, ...]


VIEW_COLORS = {"internal": "#4a6fa5", "external": "#c26a2d"}


@dataclass(frozen=True, slots=True)
class SeriesInput:
    """One group to plot with `stage_chart`: label, colour and emotion per stage."""

    key: str
    label: str
    color: str
    stats: Mapping[str, EmotionStats]  # by stage key; missing stages are skipped


def stage_chart(
    stages: Sequence[str], inputs: Sequence[SeriesInput], width: float = 900
) -> StageChart:
    """Lay out several groups' mean emotion per stage on one chart, +2 at the top."""
    height, left, right = 270.0, 56.0, 20.0
    top, step = 34.0, 44.0  # y of +2, px per unit
    mid = top + 2 * step
    span = (width - left - right) / max(1, len(stages))
    xs = [left + (i + 0.5) * span for i in range(len(stages))]
    series: list[Series] = []
    for item in inputs:
        pts = [
            SeriesPoint(x, mid - st.mean * step, st.n, st.thin, st.mean)
            for x, key in zip(xs, stages, strict=True)
            if (st := item.stats.get(key)) is not None and st.mean is not None
        ]
        series.append(Series(item.key, item.label, item.color, tuple(pts), _path(pts)))
    return StageChart(
        width=width,
        height=height,
        plot_top=top,
        plot_bottom=top + 4 * step,
        series=tuple(series),
        axis=tuple(AxisLabel(x, key) for x, key in zip(xs, stages, strict=True)),
        levels=tuple(Level(s, mid - s * step, EMOTION_COLORS[s]) for s in range(2, -3, -1)),
    )


def views_chart(
    rows: Sequence[ViewComparison], internal: str, external: str, width: float = 900
) -> StageChart:
    """Internal and external views on one chart."""
    return stage_chart(
        [r.stage for r in rows],
        [
            SeriesInput(
                "internal", internal, VIEW_COLORS["internal"], {r.stage: r.internal for r in rows}
            ),
            SeriesInput(
                "external", external, VIEW_COLORS["external"], {r.stage: r.external for r in rows}
            ),
        ],
        width,
    )
