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
from reports.model import (
    NPS,
    BackstageSample,
    EmotionCurve,
    JourneyReport,
    ScenarioMap,
    Theme,
    ThemeList,
)
from reports.renderers.geometry import (
    EMOTION_COLORS,
    VIEW_COLORS,
    CurveGeometry,
    SeriesInput,
    StageChart,
    curve_geometry,
    emotion_color,
    emotion_tint,
    mouth_path,
    slots_of,
    stage_chart,
    views_chart,
)
from reports.summary import Headline, headline
from reports.texts import TEXTS, counted, number, owned

__all__ = [
    "emotion_label",
    "environment",
    "label_lines",
    "number",
    "render_html",
    "render_preview_html",
    "theme_heading",
    "theme_sources",
    "theme_stages",
]

# Dark enough for text on white and on the matrix's 8% tint of the same colour (>= 4.5:1).
QUADRANT_COLORS = {
    "quick_win": "#1f7a4c",
    "major_project": "#3d5a80",
    "fill_in": "#5f6b7a",
    "money_pit": "#a8323f",
}
PREVIEW_PLOT_W, PREVIEW_PLOT_H, PREVIEW_STEP = 1136, 330, 64  # px on the 1200 x 675 picture
PERSONA_COLORS = ("#4a6fa5", "#c26a2d", "#7a5ea8", "#2e8c8c", "#b0487a", "#6b8e23")


def theme_heading(found: ThemeList, lang: Lang) -> str:
    """Which question's answers and whose: "Pijnpunten · klanten"."""
    question = TEXTS(f"theme_q_{found.question}", lang)
    return f"{question} · {TEXTS(f'theme_side_{found.side}', lang)}"


def theme_sources(theme: Theme, lang: Lang) -> str:
    """Whose answers a theme holds when there are several sources: "collega's 3 · kaart 2";
    empty for one source (the count says it all)."""
    if len(theme.sources) < 2:
        return ""
    return " · ".join(f"{TEXTS(f'source_{s.source}', lang)} {s.count}" for s in theme.sources)


def theme_stages(theme: Theme, report: JourneyReport) -> list[str]:
    """Where a theme was said: each stage with the theme's share of its answers, "Aankoop
    40%"."""
    return [f"{report.stage_name(s.stage)} {round(100 * s.share)}%" for s in theme.stages]


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
    backstage: dict[str, BackstageSample]  # the colleagues' back-office steps, by stage key

    @property
    def backstage_off_map(self) -> bool:
        """Back-office steps but no current scenario to draw their lane in (the desired
        scenario is a wish: today's back office is not part of it)."""
        return bool(self.backstage) and all(s.kind == "desired" for s in self.report.scenarios)

    def stage(self, key: str | None) -> str:
        return self.report.stage_name(key)

    def role_list(self, roles: list[str]) -> str:
        return ", ".join(TEXTS(f"role_{role}", self.lang) for role in roles) or TEXTS(
            "none", self.lang
        )

    def stage_list(self, keys: list[str]) -> str:
        return ", ".join(self.report.stage_name(k) for k in keys)

    def counted(self, n: int, key: str) -> str:
        return counted(n, key, self.lang)

    def noun(self, n: int, key: str) -> str:
        return TEXTS(key + "_one" if n == 1 else key, self.lang)

    @property
    def internal_label(self) -> str:
        """Whose the internal view is: colleagues', or the owner's map as an assumption."""
        source = self.report.evidence.internal_source
        return TEXTS("internal" if source == "respondents" else "internal_owner", self.lang)

    def nps_interval(self, score: NPS) -> str:
        return TEXTS(
            "nps_interval",
            self.lang,
            low=number(score.low, self.lang, 0, True),
            high=number(score.high, self.lang, 0, True),
        )

    def peak_end_note(self, scenario: ScenarioMap) -> str:
        """One sentence tying the remembered figure to the two marks on the chart."""
        return peak_end_note(scenario.curve, self.lang)

    def theme_heading(self, found: ThemeList) -> str:
        return theme_heading(found, self.lang)

    def theme_sources(self, theme: Theme) -> str:
        return theme_sources(theme, self.lang)

    def theme_stages(self, theme: Theme) -> list[str]:
        return theme_stages(theme, self.report)


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
        views=views_chart(
            ev.internal_vs_external,
            TEXTS("internal" if ev.internal_source == "respondents" else "internal_owner", lang),
            TEXTS("external", lang),
        )
        if ev.internal_vs_external
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
        backstage={se.stage: se.backstage for se in ev.colleague_stages if se.backstage.total},
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
    """The curve the chat picture shows: the customers' (their mean emotion per stage) once
    at least three customers answered; else the owner's current scenario with the most
    events, which the picture labels as an assumption."""
    if report.customer_curve is not None:
        return report.customer_curve
    current = [s for s in report.scenarios if s.kind != "desired"] or report.scenarios
    return max(current, key=lambda s: len(s.curve.points), default=None)


def peak_end_note(curve: EmotionCurve, lang: Lang) -> str:
    """'People remember the most intense moment and the end: -1.5 is the mean of LOW (-2)
    and END (-1)', naming the marks the chart shows (empty without a remembered value)."""
    if curve.remembered is None or curve.intense is None or curve.end is None:
        return ""
    is_peak = curve.peak is not None and curve.intense.event_id == curve.peak.event_id
    return TEXTS(
        "peak_end_note",
        lang,
        value=number(curve.remembered, lang, 1, True),
        mark=TEXTS("peak" if is_peak else "low", lang).upper(),
        intense=number(curve.intense.emotion, lang, 0, bool(curve.intense.emotion)),
        end_mark=TEXTS("end", lang).upper(),
        end=number(curve.end.emotion, lang, 0, bool(curve.end.emotion)),
    )


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
        emotion_tint=emotion_tint,
        emotion_label=emotion_label,
        mouth=mouth_path,
        impact=impact_label,
        effort=effort_label,
        role=role_label,
        role_name=role_name,
        lines=label_lines,
        owned=owned,
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
