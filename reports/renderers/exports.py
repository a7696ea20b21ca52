"""Data exports: JSON (the typed report) and CSV (one row per answer, for a spreadsheet)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from flows.vocabulary import channel_label
from reports.model import JourneyReport

__all__ = ["render_csv", "render_json"]

CSV_COLUMNS = (
    "source",
    "scenario_id",
    "scenario_kind",
    "persona_id",
    "respondent_id",
    "role",
    "internal",
    "stage",
    "stage_name",
    "event_id",
    "order",
    "field",
    "value",
    "channel",
    "score",
    "impact",
    "effort",
    "owner",
)
Row = dict[str, str | int | None]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render_json(report: JourneyReport) -> str:
    """The report model as JSON (see reports/schema/journey_report.schema.json)."""
    try:
        return report.model_dump_json(indent=2) + "\n"
    except ValueError:  # a lone surrogate in some answer: the slow path copes
        return json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def csv_rows(report: JourneyReport) -> Iterator[Row]:
    """Every answer as one data point: scenario events and touchpoints, ideas, respondents'
    experiences and channels, recommend scores, best/worst moments and improvements. A channel
    reads as its label in ``value`` and as its key in ``channel``; an owner of what goes wrong
    (``pain_owner``) has the problem in ``value``."""
    data = report.source
    lang = report.language
    names = {s.key: s.name for s in data.stages}
    for sc in data.scenarios:
        base: Row = {
            "source": "scenario",
            "scenario_id": sc.id,
            "scenario_kind": sc.kind,
            "persona_id": sc.persona_id,
        }
        for e in sorted(sc.events, key=lambda e: e.order):
            ev: Row = {
                **base,
                "stage": e.stage,
                "stage_name": names.get(e.stage, e.stage),
                "event_id": e.id,
                "order": e.order,
            }
            yield {**ev, "field": "title", "value": e.title}
            if e.actions:
                yield {**ev, "field": "actions", "value": e.actions}
            if e.thoughts:
                yield {**ev, "field": "thoughts", "value": e.thoughts}
            if e.emotion is not None:
                yield {**ev, "field": "emotion", "score": e.emotion}
            if e.pain_point:
                yield {**ev, "field": "pain_point", "value": e.pain_point}
            for tp in e.touchpoints:
                yield {
                    **ev,
                    "field": "moment_of_truth" if tp.moment_of_truth else "touchpoint",
                    "value": channel_label(tp.channel, lang)
                    + (f": {tp.description}" if tp.description else ""),
                    "channel": tp.channel,
                    "score": tp.score,
                    "owner": tp.owner,
                }
    for idea in data.ideas:
        yield {
            "source": "idea",
            "stage": idea.stage,
            "stage_name": names.get(idea.stage or "", idea.stage),
            "field": "idea",
            "value": idea.text,
            "impact": idea.impact,
            "effort": idea.effort,
            "owner": idea.owner,
        }
    for insight in data.insights:
        yield {"source": "insight", "field": "insight", "value": insight}
    people = {r.id: r for r in data.respondents}
    for r in data.respondents:
        if r.recommend is not None:
            yield {
                "source": "respondent",
                "respondent_id": r.id,
                "persona_id": r.persona_id,
                "role": r.role,
                "internal": int(r.internal),
                "field": "recommend",
                "score": r.recommend,
            }
    for x in data.experiences:
        who = people.get(x.respondent_id)
        base = {
            "source": "experience",
            "respondent_id": x.respondent_id,
            "persona_id": who.persona_id if who else None,
            "role": who.role if who else None,
            "internal": int(who.internal) if who else None,
            "stage": x.stage,
            "stage_name": names.get(x.stage, x.stage),
        }
        if x.actions:
            yield {**base, "field": "actions", "value": x.actions}
        if x.thoughts:
            yield {**base, "field": "thoughts", "value": x.thoughts}
        if x.emotion is not None:
            yield {**base, "field": "emotion", "score": x.emotion}
        for channel in x.channels:
            yield {
                **base,
                "field": "channel",
                "value": channel_label(channel, lang),
                "channel": channel,
            }
        if x.pain_point:
            yield {**base, "field": "pain_point", "value": x.pain_point}
        if x.owner:
            yield {**base, "field": "owner", "owner": x.owner}
        if x.questions:
            yield {**base, "field": "questions", "value": x.questions}
        if x.backstage:
            yield {**base, "field": "backstage", "value": x.backstage}
        if x.pain_owner:  # the owner of what goes wrong: the pain point is what is owned
            yield {**base, "field": "pain_owner", "value": x.pain_point, "owner": x.pain_owner}
    for field, pairs in (
        ("best_moment", data.best_moments),
        ("worst_moment", data.worst_moments),
        ("improvement", data.improvements),
    ):
        for rid, text in pairs:
            who = people.get(rid)
            yield {
                "source": "respondent",
                "respondent_id": rid,
                "role": who.role if who else None,
                "internal": int(who.internal) if who else None,
                "field": field,
                "value": text,
            }


def render_csv(report: JourneyReport) -> bytes:
    """UTF-8 with BOM so Excel reads accents; ';' for Dutch maps (the Dutch Excel list
    separator), ',' otherwise. Text starting like a formula is prefixed with ' so a
    spreadsheet never evaluates an answer."""
    out = io.StringIO(newline="")
    delimiter = ";" if report.language == "nl" else ","
    writer = csv.DictWriter(
        out, fieldnames=CSV_COLUMNS, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL
    )
    writer.writeheader()
    for row in csv_rows(report):
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue().encode("utf-8-sig", "replace")


def _cell(value: str | int | None) -> str | int:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
