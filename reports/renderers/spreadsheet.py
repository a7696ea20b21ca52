"""The Excel export: one workbook with a sheet per table of the report.

The CSV is one long table of answers keyed by ids; this workbook is what a reader opens in
Excel: the map's title and scope, personas and scenarios by name, every answer with the
scenario and persona it belongs to by name, and the report's tables (by stage, ideas,
channels, current versus desired, what respondents say). Every answer is written as text,
so a spreadsheet never evaluates one as a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from flows.i18n import Lang
from reports.model import JourneyReport, StageEvidence
from reports.renderers.exports import CSV_COLUMNS, csv_rows
from reports.renderers.html import theme_heading, theme_sources, theme_stages
from reports.texts import TEXTS, owned

__all__ = ["render_xlsx"]

Value = str | int | float | None
# Characters XML 1.0 (and so an .xlsx) cannot hold, and lone surrogates.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_BOLD = Font(bold=True)
# The answers sheet names the scenario and persona instead of their ids.
_NAMED = {"scenario_id": "scenario", "persona_id": "persona"}


def render_xlsx(report: JourneyReport) -> bytes:
    """The workbook's bytes; sheet names and headings in the map's language."""
    lang = report.language

    def t(key: str) -> str:
        return TEXTS(key, lang)

    book = Workbook(write_only=True)
    _sheet(book, t("xlsx_map"), [t("xlsx_field"), t("xlsx_value")], _about(report))
    _sheet(
        book,
        t("personas"),
        [t("persona"), t("xlsx_description"), t("goals"), t("frustrations"), t("channels")],
        (
            [p.name, p.description, p.goals, p.frustrations, ", ".join(p.channels)]
            for p in report.personas
        ),
    )
    _sheet(
        book,
        t("xlsx_scenarios"),
        [t("scenario"), t("xlsx_kind"), t("persona"), t("events_n")],
        (
            [
                s.title,
                t(f"kind_{s.kind}"),
                s.persona_name,
                sum(len(lane.events) for lane in s.lanes),
            ]
            for s in report.scenarios
        ),
    )
    _sheet(book, t("xlsx_answers"), [_NAMED.get(c, c) for c in CSV_COLUMNS], _answers(report))
    _sheet(
        book,
        t("stage_overview"),
        [t("stage"), t("events_n"), t("mean_emotion"), t("channels"), t("lane_mot")],
        (
            [
                o.name,
                o.events,
                o.mean_emotion,
                ", ".join(c.label for c in o.channels),
                "; ".join(o.moments_of_truth),
            ]
            for o in report.stage_overview
        ),
    )
    _sheet(
        book,
        t("xlsx_ideas"),
        [
            t("rank"),
            t("idea"),
            t("stage"),
            t("impact"),
            t("effort"),
            t("quadrant"),
            t("owner"),
            t("next_step"),
        ],
        (
            [
                i.rank,
                i.text,
                report.stage_name(i.stage) if i.stage else None,
                i.impact,
                i.effort,
                t(f"q_{i.quadrant}"),
                i.owner,
                i.next_step,
            ]
            for i in report.ideas
        ),
    )
    matrix = report.channel_matrix
    counts = {(c.channel, c.stage): c.count for c in matrix.cells}
    _sheet(
        book,
        t("channels"),
        [t("channel"), *(report.stage_name(s) for s in matrix.stages), t("total"), t("mean_score")],
        (
            [
                ch.label,
                *(counts.get((ch.channel, s), 0) for s in matrix.stages),
                ch.count,
                ch.mean_score,
            ]
            for ch in matrix.channels
        ),
    )
    if report.comparisons:
        titles = {s.id: s.title for s in report.scenarios}
        _sheet(
            book,
            t("xlsx_comparison"),
            [
                t("current"),
                t("desired"),
                t("stage"),
                t("current"),
                t("desired"),
                t("change"),
                t("channels_added"),
                t("channels_dropped"),
            ],
            (
                [
                    titles.get(c.current_id),
                    titles.get(c.desired_id),
                    report.stage_name(d.stage),
                    d.current,
                    d.desired,
                    d.delta,
                    ", ".join(d.channels_added),
                    ", ".join(d.channels_dropped),
                ]
                for c in report.comparisons
                for d in c.stages
            ),
        )
    # per stage, customers and colleagues each on a sheet of their own: never pooled
    for title, rows in (
        (t("customers_say"), report.evidence.stages),
        (t("colleagues_see"), report.evidence.colleague_stages),
    ):
        if not rows:
            continue
        colleagues = rows is report.evidence.colleague_stages  # they also say what is asked
        _sheet(
            book,
            title,
            [
                t("stage"),
                t("n"),
                t("mean_emotion"),
                t("spread"),
                t("top_channels"),
                t("top_pain_points"),
                *([t("top_questions"), t("owners_of")] if colleagues else []),
            ],
            (
                [
                    report.stage_name(se.stage),
                    se.n,
                    se.emotion.mean,
                    se.emotion.stdev,
                    ", ".join(f"{c.text} ({c.count})" for c in se.top_channels),
                    "; ".join(f"{c.text} ({c.count})" for c in se.top_pain_points),
                    *(_colleague_cells(se, report.language) if colleagues else []),
                ]
                for se in rows
            ),
        )
    if report.themes:
        _sheet(
            book,
            t("xlsx_themes"),
            [
                t("xlsx_question"),
                t("theme"),
                t("theme_answers"),
                t("theme_from"),
                t("theme_where"),
                t("theme_also"),
            ],
            (
                [
                    theme_heading(found, lang),
                    theme.label,
                    theme.count,
                    theme_sources(theme, lang),
                    "; ".join(theme_stages(theme, report)),
                    "; ".join(q.text for q in theme.quotes[1:]),
                ]
                for found in report.themes
                for theme in found.themes
            ),
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _colleague_cells(se: StageEvidence, lang: Lang) -> list[Value]:
    """What customers ask colleagues most, and who owns what (the problem, or the stage)."""
    return [
        "; ".join(f"{c.text} ({c.count})" for c in se.top_questions),
        "; ".join(owned(o, lang) for o in se.owners),
    ]


def _about(report: JourneyReport) -> list[list[Value]]:
    lang = report.language
    rows: list[list[Value]] = [[TEXTS("xlsx_title", lang), report.title]]
    rows += [  # only what was answered: the owner flow v2 does not ask the scope
        [TEXTS(key, lang), value]
        for key, value in (("scope", report.scope), ("reason", report.reason))
        if value
    ]
    if report.journey_type:
        rows.append([TEXTS("journey_type", lang), TEXTS(f"type_{report.journey_type}", lang)])
    if report.generated_at:
        rows.append([TEXTS("xlsx_generated", lang), report.generated_at.strftime("%Y-%m-%d %H:%M")])
    rows.append([TEXTS("stage_overview", lang), ", ".join(s.name for s in report.stages)])
    return rows


def _answers(report: JourneyReport) -> Iterable[list[Value]]:
    """The CSV's rows with the scenario and persona named."""
    data = report.source
    scenarios = {s.id: s.title for s in data.scenarios}
    personas = {p.id: p.name for p in data.personas}
    names = {"scenario_id": scenarios, "persona_id": personas}
    for row in csv_rows(report):
        yield [
            names[c].get(str(row.get(c)), row.get(c)) if c in names else row.get(c)
            for c in CSV_COLUMNS
        ]


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Value]]
) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, h, bold=True) for h in header])
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])


def _cell(sheet: Any, value: Value, bold: bool = False) -> Any:
    """A cell whose text stays text (never a formula) and holds only characters XML allows."""
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, _ILLEGAL.sub("?", value))
        cell.data_type = "s"
    else:
        cell = WriteOnlyCell(sheet, value)
    if bold:
        cell.font = _BOLD
    return cell
