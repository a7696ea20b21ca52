"""HTML rendering: ONE autoescaping Jinja2 environment, filters defined here, templates as
package files. Nothing from the data ever becomes markup: every value goes through
autoescaping (SVG text included) and no filter returns Markup."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from flows.i18n import Lang
from flows.vocabulary import EMOTIONS, effort_label, impact_label, role_label, role_name
from reports.analysis import quadrant
from reports.model import JourneyReport, ScenarioMap
from reports.renderers.geometry import (
    EMOTION_COLORS,
    VIEW_COLORS,
    CurveGeometry,
    SeriesInput,
    StageChart,
    curve_geometry,
    emotion_color,
    mouth_path,
    slots_of,
    stage_chart,
    views_chart,
)
from reports.summary import Headline, headline
from reports.texts import TEXTS

__all__ = [
    "emotion_label",
    "environment",
    "label_lines",
    "number",
    "render_html",
    "render_preview_html",
]

QUADRANT_COLORS = {
    "quick_win": "#2e9a63",
    "major_project": "#4a6fa5",
    "fill_in": "#a3acb9",
    "money_pit": "#d1495b",
}
PREVIEW_PLOT_W, PREVIEW_PLOT_H, PREVIEW_STEP = 1136, 330, 64  # px on the 1200 x 675 picture
PERSONA_COLORS = ("#4a6fa5", "#c26a2d", "#7a5ea8", "#2e8c8c", "#b0487a", "#6b8e23")


def number(value: float | int | None, lang: Lang, digits: int = 1, signed: bool = False) -> str:
    """A number the way the reader writes it (decimal comma in Dutch); '–' when missing."""
    if value is None:
        return "–"
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    text = text.replace("-", "−")
    return text.replace(".", ",") if lang == "nl" else text


def emotion_label(score: int | None, lang: Lang) -> str:
    """The emotion scale's word for a score in the reader's language, or 'unscored'."""
    for value, _, label in EMOTIONS:
        if value == score:
            return label.get(lang)
    return TEXTS("unscored", lang)


def label_lines(text: str, width: int = 14, lines: int = 2) -> list[str]:
    """A long label as at most ``lines`` short lines (SVG text does not wrap by itself)."""
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        wrapped = [
            *wrapped[: lines - 1],
            textwrap.shorten(" ".join(wrapped[lines - 1 :]), width, placeholder="…"),
        ]
    return wrapped


@dataclass(frozen=True, slots=True)
class Badge:
    """A persona's letter and colour, so charts and cells can tell personas apart."""

    letter: str
    color: str
    name: str


@dataclass(frozen=True, slots=True)
class PageView:
    """What the page template needs beyond the report: geometry and display lookups."""

    report: JourneyReport
    lang: Lang
    t: Callable[..., str]
    curves: dict[str, CurveGeometry]
    views: StageChart | None
    persona_chart: StageChart | None
    badges: dict[str, Badge]
    preview: ScenarioMap | None
    preview_curve: CurveGeometry | None
    head: Headline

    def stage(self, key: str | None) -> str:
        return self.report.stage_name(key)

    def role_list(self, roles: list[str]) -> str:
        return ", ".join(TEXTS(f"role_{role}", self.lang) for role in roles) or TEXTS(
            "none", self.lang
        )

    def stage_list(self, keys: list[str]) -> str:
        return ", ".join(self.report.stage_name(k) for k in keys)


def page_view(report: JourneyReport) -> PageView:
    """Compute what the page templates need from a report: curves, charts, badges."""
    lang = report.language
    badges = {
        p.id: Badge(p.name[:1].upper() or "?", PERSONA_COLORS[i % len(PERSONA_COLORS)], p.name)
        for i, p in enumerate(report.personas)
    }
    badges[""] = Badge("–", "#8a94a3", TEXTS("no_persona", lang))
    ev = report.evidence
    preview = preview_scenario(report)
    return PageView(
        report=report,
        lang=lang,
        t=_translator(lang),
        curves={s.id: curve_geometry(s) for s in report.scenarios},
        views=views_chart(ev.internal_vs_external, TEXTS("internal", lang), TEXTS("external", lang))
        if ev.respondents.total
        else None,
        persona_chart=_persona_chart(report, badges),
        badges=badges,
        preview=preview,
        preview_curve=curve_geometry(
            preview,
            slot=PREVIEW_PLOT_W / slots_of(preview),
            label_w=0,
            height=PREVIEW_PLOT_H,
            step=PREVIEW_STEP,
        )
        if preview
        else None,
        head=headline(report),
    )


def _persona_chart(report: JourneyReport, badges: dict[str, Badge]) -> StageChart | None:
    """Each persona's respondents, mean emotion per stage (when any persona has answers)."""
    inputs = [
        SeriesInput(
            p.id, p.name, badges[p.id].color, {s.stage: s.emotion for s in p.stage_emotions}
        )
        for p in report.personas
        if p.stage_emotions
    ]
    return stage_chart([s.key for s in report.stages], inputs) if inputs else None


def preview_scenario(report: JourneyReport) -> ScenarioMap | None:
    """The scenario the chat picture shows: the current one with the most events."""
    current = [s for s in report.scenarios if s.kind != "desired"] or report.scenarios
    return max(current, key=lambda s: len(s.curve.points), default=None)


def _translator(lang: Lang) -> Callable[..., str]:
    def t(key: str, **values: object) -> str:
        return TEXTS(key, lang, **values)

    return t


@cache
def environment() -> Environment:
    """The one Jinja2 environment; autoescape is on for every template."""
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        number=number,
        emotion_color=emotion_color,
        emotion_label=emotion_label,
        mouth=mouth_path,
        impact=impact_label,
        effort=effort_label,
        role=role_label,
        role_name=role_name,
        lines=label_lines,
    )
    env.globals.update(
        EMOTION_COLORS=EMOTION_COLORS,
        QUADRANT_COLORS=QUADRANT_COLORS,
        VIEW_COLORS=VIEW_COLORS,
        EMOTIONS=[(v, face) for v, face, _ in EMOTIONS],
        quadrant=quadrant,
    )
    return env


def render_html(report: JourneyReport) -> str:
    """The full report page: swimlane maps, then the analyses."""
    return environment().get_template("report.html.j2").render(v=page_view(report))


def render_preview_html(report: JourneyReport) -> str:
    """A compact page for the chat picture: stages, emotion curve, key figures."""
    return environment().get_template("preview.html.j2").render(v=page_view(report))
