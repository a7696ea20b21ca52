"""Markdown for pasting into a wiki. Data is escaped so it stays text: Markdown syntax is
backslash-escaped and HTML-significant characters become entities (many wikis pass raw HTML)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from flows.vocabulary import EMOTIONS, effort_label, impact_label
from reports.model import (
    NPS,
    Count,
    EmotionStats,
    JourneyReport,
    OwnerCount,
    QuoteSample,
    StorySummary,
)
from reports.renderers.html import (
    emotion_label,
    number,
    peak_end_note,
    theme_heading,
    theme_sources,
    theme_stages,
)
from reports.summary import headline
from reports.texts import TEXTS, counted, owned

__all__ = ["render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^([#+\-=])")
_NUMBERED = re.compile(r"^(\d+)([.)])")


def md(text: object) -> str:
    """One line of inert Markdown text."""
    s = " ".join(str(text).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SPECIAL.sub(r"\\\1", s)
    s = _LINE_START.sub(r"\\\1", s)
    return _NUMBERED.sub(r"\1\\\2", s)


def _face(score: int | None) -> str:
    for value, face, _ in EMOTIONS:
        if value == score:
            return face
    return "·"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return [*lines, ""]


def render_markdown(report: JourneyReport) -> str:
    """The report as Markdown to paste into a wiki, every data value escaped by `md`."""
    lang = report.language

    def t(key: str, **values: object) -> str:
        return TEXTS(key, lang, **values)

    def stage(key: str | None) -> str:
        return md(report.stage_name(key))

    def num(value: float | None, digits: int = 1, signed: bool = False) -> str:
        return number(value, lang, digits, signed)

    def nps_line(score: NPS) -> str:
        interval = t("nps_interval", low=num(score.low, 0, True), high=num(score.high, 0, True))
        mark = t("thin") if score.thin else t("indicative") if score.indicative else ""
        return f"{num(score.score, 0, True)} ({interval}; {count(score.n, 'customers_n')})" + (
            f" _({mark})_" if mark else ""
        )

    def stats(s: EmotionStats) -> str:
        text = num(s.mean, 1, True)
        return f"{text} _({t('thin')})_" if s.n and s.thin else text

    def count(n: int, key: str) -> str:
        return counted(n, key, lang)

    def quotes(sample: QuoteSample) -> list[str]:
        lines = [f"- {md(q.text)}" for q in sample.quotes]
        if sample.total > len(sample.quotes):
            lines.append(f"- _{t('quotes_shown', shown=len(sample.quotes), total=sample.total)}_")
        return [*lines, ""]

    def counts(rows: Sequence[Count]) -> str:
        return md("; ".join(f"{c.text} ({c.count})" for c in rows))

    def owners(rows: Sequence[OwnerCount]) -> str:
        return md("; ".join(owned(o, lang) for o in rows))

    head = headline(report)
    out: list[str] = [f"# {md(report.title)}", ""]
    for key, value in (("reason", report.reason), ("scope", report.scope)):
        if value:
            out.append(f"**{t(key)}:** {md(value)}  ")
    if report.journey_type:
        out.append(f"**{t('journey_type')}:** {t('type_' + report.journey_type)}  ")
    if report.generated_at:
        out.append(t("generated", date=report.generated_at.strftime("%Y-%m-%d %H:%M")))
    out += ["", f"## {t('key_figures')}", ""]
    ev = report.evidence
    rs = ev.respondents
    people = [
        count(n, key)
        for n, key in ((rs.customers, "customers_n"), (rs.colleagues, "colleagues_n"))
        if n
    ]
    out.append(
        ", ".join(
            [
                f"- {head.stages} {t('stages_n')}",
                f"{head.events} {t('events_n')}",
                *people,
                f"{len(report.ideas)} {t('ideas_n')}",
            ]
        )
    )
    if ev.nps:
        out.append(f"- {t('nps')}: {nps_line(ev.nps)}")
    if head.customers_low:
        lowest = head.customers_low
        out.append(
            f"- {t('customers_low')}: {stage(lowest.stage)} ({num(lowest.emotion.mean, 1, True)}; "
            f"{count(lowest.emotion.n, 'customers_n')})"
        )
    if head.worst:
        out.append(
            f"- {t('worst_moment')}: {_face(head.worst.emotion)} {md(head.worst.title)}"
            f" ({stage(head.worst.stage)})"
        )
    if head.win:
        out.append(f"- {t('top_quick_win')}: {md(head.win.text)}")
    if not rs.customers:
        out.append(f"- _{t('assumption_note')}_")
    out.append("")

    if report.personas:
        out += [f"## {t('personas')}", ""]
        for p in report.personas:
            out += [f"### {md(p.name)}", ""]
            if p.description:
                out.append(md(p.description) + "  ")
            if p.goals:
                out.append(f"**{t('goals')}:** {md(p.goals)}  ")
            if p.frustrations:
                out.append(f"**{t('frustrations')}:** {md(p.frustrations)}  ")
            if p.channels:
                out.append(f"**{t('channels')}:** {md(', '.join(p.channels))}  ")
            if p.decision_role:
                out.append(f"**{t('decision_role')}:** {md(p.decision_role)}  ")
            out.append("")

    for n, s in enumerate(report.scenarios, start=1):
        who = f" · {md(s.persona_name)}" if s.persona_name else ""
        mark = f" · **{t('assumption')}**" if s.assumption else ""
        out += [f"## {t('map')} {n}: {md(s.title)}", "", f"_{t('kind_' + s.kind)}_{who}{mark}", ""]
        if s.assumption:
            out += [f"_{t('assumption_note')}_", ""]
        rows = []
        for lane in s.lanes:
            for e in lane.events:
                tps = "; ".join(
                    ("★ " if tp.moment_of_truth or e.moment_of_truth else "")
                    + md(tp.channel_label)
                    + (f" ({tp.score}/5)" if tp.score is not None else "")
                    for tp in e.touchpoints
                )
                rows.append(
                    [
                        stage(lane.stage),
                        md(e.title),
                        md(e.actions or ""),
                        md(e.thoughts or ""),
                        f"{_face(e.emotion)} {md(emotion_label(e.emotion, lang))}",
                        tps
                        or ("★ " if e.moment_of_truth else "")
                        + (f"_{t('no_touchpoint')}_" if s.kind != "desired" else ""),
                        md(e.pain_point or ""),
                    ]
                )
        out += _table(
            [
                t("lane_stage"),
                t("lane_events"),
                t("lane_actions"),
                t("lane_thoughts"),
                t("lane_emotion"),
                t("lane_touchpoints"),
                t("lane_pain"),
            ],
            rows,
        )
        c = s.curve
        if c.peak:
            out.append(f"- {t('peak_moment')}: {_face(c.peak.emotion)} {md(c.peak.title)}")
        if c.end:
            out.append(f"- {t('end_moment')}: {_face(c.end.emotion)} {md(c.end.title)}")
        for low in c.lowest:
            out.append(f"- {t('lowest_moments')}: {_face(low.emotion)} {md(low.title)}")
        if c.remembered is not None:
            out.append(
                f"- {t('remembered', value=num(c.remembered, 1, True))}. {peak_end_note(c, lang)}"
            )
        out.append("")

    backstage = [se for se in ev.colleague_stages if se.backstage.total]
    if backstage:
        out += [f"## {t('lane_backstage')}", "", f"_{t('lane_backstage_source')}_", ""]
        for se in backstage:
            out.append(f"- **{stage(se.stage)}**")
            out += [
                f"  - {md(step.text)}" + (f" _({md(step.department)})_" if step.department else "")
                for step in se.backstage.steps
            ]
            shown, total = len(se.backstage.steps), se.backstage.total
            if total > shown:
                out.append(f"  - _{t('backstage_shown', shown=shown, total=total)}_")
        out.append("")

    b2b = report.market == "b2b"  # only B2B maps ask who takes part in a stage
    out += [f"## {t('stage_overview')}", "", f"_{t('whose_map')}_", ""]
    out += _table(
        [
            t("stage"),
            t("events_n"),
            t("mean_emotion"),
            t("channels"),
            t("lane_mot"),
            t("lane_pain"),
            *([t("lane_roles")] if b2b else []),
        ],
        (
            [
                md(o.name),
                str(o.events),
                num(o.mean_emotion, 1, True),
                md(", ".join(c.label for c in o.channels)),
                md("; ".join(o.moments_of_truth)),
                md("; ".join(o.pain_points)),
                *([md(", ".join(r.name for r in o.roles))] if b2b else []),
            ]
            for o in report.stage_overview
        ),
    )

    if report.comparisons:
        out += [f"## {t('comparison')}", ""]
    for comp in report.comparisons:
        if comp.largest:
            out += [t("largest_gap", stages=", ".join(stage(k) for k in comp.largest)), ""]
        out += _table(
            [
                t("stage"),
                t("current"),
                t("desired"),
                t("change"),
                t("channels_added"),
                t("channels_dropped"),
            ],
            (
                [
                    stage(d.stage),
                    num(d.current, 1, True),
                    num(d.desired, 1, True),
                    num(d.delta, 1, True),
                    md(", ".join(d.channels_added)),
                    md(", ".join(d.channels_dropped)),
                ]
                for d in comp.stages
            ),
        )

    out += [f"## {t('gaps')}", "", f"_{t('whose_map')}_", ""]
    for g in report.gaps:
        extra = "".join(
            f" · {md(x)}"
            for x in (g.title, g.channel_label, f"{g.score}/5" if g.score else None)
            if x
        )
        out.append(f"- {t('gap_' + g.kind)}: {stage(g.stage)}{extra}")
    out += ["" if report.gaps else t("no_gaps"), ""]

    cm = report.channel_matrix
    if cm.channels:
        out += [f"## {t('channel_use')}", "", f"_{t('whose_map')}_", ""]
        cells = {(c.channel, c.stage): c.count for c in cm.cells}
        out += _table(
            [t("channel"), *(stage(s) for s in cm.stages), t("total")],
            (
                [
                    md(ch.label),
                    *(str(cells.get((ch.channel, s), "")) for s in cm.stages),
                    str(ch.count),
                ]
                for ch in cm.channels
            ),
        )

    if report.ideas:
        out += [f"## {t('ideas')}", ""]
        out += _table(
            [
                t("rank"),
                t("idea"),
                t("stage"),
                t("impact"),
                t("effort"),
                "",
                t("owner"),
                t("next_step"),
            ],
            (
                [
                    str(i.rank),
                    md(i.text),
                    stage(i.stage),
                    impact_label(i.impact, lang),
                    effort_label(i.effort, lang),
                    t("q_" + i.quadrant),
                    md(i.owner) if i.owner else f"**{t('no_owner')}**",
                    md(i.next_step or ""),
                ]
                for i in report.ideas
            ),
        )
    if report.ideas or report.missing_owners:
        out += [f"### {t('missing_owners')}", ""]
        out += [
            f"- {t('kind_' + f.kind)}: {md(f.text)}" + (f" · {md(f.channel)}" if f.channel else "")
            for f in report.missing_owners
        ] or [t("all_owned")]
        out.append("")

    if rs.customers or rs.colleagues:
        out += [f"## {t('evidence')}", ""]
        out += [
            t(
                "respondents_summary",
                customers=count(rs.customers, "customers_n"),
                colleagues=count(rs.colleagues, "colleagues_n"),
            ),
            "",
        ]
        if ev.nps:
            out += [f"**{t('nps')}:** {nps_line(ev.nps)}", ""]
        for key, group in (("customers_say", ev.stages), ("colleagues_see", ev.colleague_stages)):
            if not group:
                continue
            colleagues = group is ev.colleague_stages  # they also say what customers ask
            out += [f"### {t(key)}", ""]
            out += _table(
                [
                    t("stage"),
                    t("n"),
                    t("mean_emotion"),
                    t("spread"),
                    *([t("top_questions")] if colleagues else []),
                    t("top_pain_points"),
                    *([t("owners_of")] if colleagues else []),
                ],
                (
                    [
                        stage(se.stage),
                        str(se.n),
                        stats(se.emotion),
                        num(se.emotion.stdev, 2),
                        *([counts(se.top_questions)] if colleagues else []),
                        counts(se.top_pain_points),
                        *([owners(se.owners)] if colleagues else []),
                    ]
                    for se in group
                    if se.n
                ),
            )
        if ev.peak_end:
            out += [f"### {t('peak_end_customers')}", "", f"_{t('peak_end_customers_note')}_", ""]
            out += [
                f"- {t('group_' + g.group)}: {num(g.remembered, 1, True)} "
                f"({count(g.n, 'customers_n')})" + (f" _({t('thin')})_" if g.thin else "")
                for g in ev.peak_end
            ]
            out.append("")
        if ev.internal_vs_external:
            inside = t("internal" if ev.internal_source == "respondents" else "internal_owner")
            out += [f"### {t('internal_vs_external')}", ""]
            out += _table(
                [t("stage"), inside, t("external"), t("difference")],
                (
                    [
                        stage(v.stage),
                        stats(v.internal),
                        stats(v.external),
                        num(v.difference, 1, True),
                    ]
                    for v in ev.internal_vs_external
                    if v.internal.n or v.external.n
                ),
            )
        if ev.disagreements:
            out += [f"### {t('disagreements')}", "", f"_{t('disagreements_note')}_", ""]
            out += [f"1. {stage(v.stage)}: {num(v.difference, 1, True)}" for v in ev.disagreements]
            out.append("")
        for key, sample in (
            ("best_moments", ev.best_moments),
            ("worst_moments", ev.worst_moments),
            ("improvements", ev.improvements),
        ):
            if sample.total:
                out += [f"### {t(key)}", "", *quotes(sample)]
        out += _stories(ev.stories, rs.customers, t, stage, count, num, quotes)
    if report.themes:
        out += [f"## {t('themes')}", "", f"_{t('themes_note')}_", ""]
        for found in report.themes:
            out += [f"### {md(theme_heading(found, lang))}", ""]
            out += _table(
                [t("theme"), t("theme_answers"), t("theme_where"), t("theme_also")],
                (
                    [
                        md(theme.label),
                        " ".join(filter(None, [str(theme.count), md(theme_sources(theme, lang))])),
                        md("; ".join(theme_stages(theme, report))),
                        md("; ".join(q.text for q in theme.quotes[1:])),
                    ]
                    for theme in found.themes
                ),
            )
            if found.other:
                out += [f"_{t('theme_other', other=found.other, answers=found.answers)}_", ""]
    if report.insights:
        out += [f"## {t('insights')}", "", *(f"- {md(i)}" for i in report.insights), ""]
    return "\n".join(out).rstrip() + "\n"


def _stories(
    st: StorySummary,
    customers: int,
    t: Callable[..., str],
    stage: Callable[[str], str],
    count: Callable[[int, str], str],
    num: Callable[..., str],
    quotes: Callable[[QuoteSample], list[str]],
) -> list[str]:
    """What customers' stories add (`reports.analysis.stories`), each block only when it has
    something, as the HTML report shows it."""
    out: list[str] = []
    if st.recall:
        told = " · ".join(f"{c.text} ({c.count})" for c in st.recall)
        out += [f"### {t('stories')}", "", f"{t('stories_recall')}: {told}", ""]
    if st.goals.total:
        out += [f"### {t('stories_goals')}", "", *quotes(st.goals)]
    if st.contact:
        out += [f"### {t('contact_scores')}", "", f"_{t('contact_scores_note')}_", ""]
        out += _table(
            [t("channel"), t("ratings"), t("customers_n").capitalize(), t("contact_score")],
            (
                [
                    md(c.label),
                    str(c.n),
                    str(c.customers),
                    num(c.mean, 1) + (f" _({t('thin')})_" if c.thin else ""),
                ]
                for c in st.contact
            ),
        )
    if st.drop_offs:
        out += [f"### {t('drop_offs')}", ""]
        total = count(customers, "customers_n")
        out += [t("drop_offs_summary", customers=st.customers_nearly_gave_up, total=total), ""]
        for d in st.drop_offs:
            said = [f"{d.nearly} {t('nearly')}"] if d.nearly else []
            said += [f"{d.gave_up} {t('gave_up')}"] if d.gave_up else []
            where = stage(d.stage) if d.stage else t("where_unknown")
            out += [f"- **{where}**: {' · '.join(said)}"]
            out += [f"  {line}" for line in quotes(d.reasons) if line]
        out.append("")
    if st.missing_info.total:
        out += [f"### {t('missing_info')}", "", *quotes(st.missing_info)]
    if st.recommend_reasons:
        out += [f"### {t('recommend_reasons')}", ""]
        for g in st.recommend_reasons:
            out += [f"**{t('group_' + g.group)}** ({count(g.n, 'customers_n')})", ""]
            out += quotes(g.reasons)
    return out
