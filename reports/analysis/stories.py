"""What customers' own stories add to the evidence (customer interview version 2): how long
ago they happened, what customers set out to do, how each channel's contact was rated, where
they nearly gave up and why, the information they missed, and why they scored as they did.

Customers only: the owner's and colleagues' answers never enter these figures. One pass over
the answers, bounded output (quotes are capped samples with their totals).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import get_args

from flows.domain import DropOff, Experience, Recall, Respondent
from flows.i18n import Lang
from flows.vocabulary import channel_label
from reports.analysis.evidence import THIN_BELOW, moments, nps_group, quote_sample
from reports.model import (
    ContactScore,
    Count,
    DropOffPoint,
    NPSGroup,
    Quote,
    ReasonGroup,
    StorySummary,
)

__all__ = ["contact_scores", "drop_off_points", "recommend_reasons", "story_summary"]

RECALL_ORDER: tuple[str, ...] = get_args(Recall)  # week, month, months, longer


def contact_scores(experiences: Sequence[Experience], lang: Lang) -> list[ContactScore]:
    """Per channel, the customers' ratings of their contact (1-5) at the steps that used it;
    the most rated channel first (ties by name). Thin below three customers."""
    scores: dict[str, list[int]] = defaultdict(list)
    people: dict[str, set[str]] = defaultdict(set)
    for exp in experiences:
        if exp.contact_score is None:
            continue
        for channel in exp.channels:
            scores[channel].append(exp.contact_score)
            people[channel].add(exp.respondent_id)
    rows = [
        ContactScore(
            channel=channel,
            label=channel_label(channel, lang),
            n=len(values),
            customers=len(people[channel]),
            mean=sum(values) / len(values),
            thin=len(people[channel]) < THIN_BELOW,
        )
        for channel, values in scores.items()
    ]
    return sorted(rows, key=lambda row: (-row.n, row.label.casefold()))


def drop_off_points(drop_offs: Sequence[DropOff], stage_order: Sequence[str]) -> list[DropOffPoint]:
    """Where customers nearly gave up or did, per stage: the most named first (then journey
    order; "did not say where" last), each with the reasons given there."""
    position = {key: i for i, key in enumerate(stage_order)}
    nearly: Counter[str | None] = Counter()
    did: Counter[str | None] = Counter()
    reasons: dict[str | None, list[Quote]] = defaultdict(list)
    for drop in drop_offs:
        (did if drop.gave_up == "did" else nearly)[drop.stage] += 1
        if drop.reason and drop.reason.strip():
            reasons[drop.stage].append(
                Quote(
                    respondent_id=drop.respondent_id,
                    stage=drop.stage,
                    internal=False,  # a customer's
                    text=drop.reason.strip(),
                )
            )
    stages = set(nearly) | set(did)
    ranked = sorted(
        stages,
        key=lambda s: (
            s is None,
            -(nearly[s] + did[s]),
            position.get(s, len(position)) if s is not None else 0,
        ),
    )
    return [
        DropOffPoint(
            stage=stage,
            nearly=nearly[stage],
            gave_up=did[stage],
            reasons=quote_sample(reasons[stage]),
        )
        for stage in ranked
    ]


def recommend_reasons(
    pairs: Sequence[tuple[str, str]], customers: Sequence[Respondent]
) -> list[ReasonGroup]:
    """Why customers scored as they did, per recommendation group, detractors first (what to
    fix), then passives and promoters (what to keep); a group without reasons is left out."""
    score = {r.id: r.recommend for r in customers if r.recommend is not None}
    sizes: Counter[NPSGroup] = Counter(nps_group(s) for s in score.values())
    said: dict[NPSGroup, list[tuple[str, str]]] = defaultdict(list)
    for rid, text in pairs:
        if rid in score:
            said[nps_group(score[rid])].append((rid, text))
    groups: tuple[NPSGroup, ...] = ("detractor", "passive", "promoter")
    out = []
    for group in groups:
        sample = moments(said[group], {})
        if sample.total:
            out.append(ReasonGroup(group=group, n=sizes[group], reasons=sample))
    return out


def story_summary(
    stage_order: Sequence[str],
    customers: Sequence[Respondent],
    experiences: Sequence[Experience],
    drop_offs: Sequence[DropOff],
    missing_info: Sequence[tuple[str, str]],
    reasons: Sequence[tuple[str, str]],
    recall_labels: Mapping[str, str],
    lang: Lang,
) -> StorySummary:
    """The story evidence of ``customers`` (their experiences, drop-offs, missing
    information and reasons are filtered to them here, so no other group slips in; every
    quote is external, `moments`' default)."""
    ids = {r.id for r in customers}
    recall: Counter[str] = Counter(r.recalled for r in customers if r.recalled is not None)
    return StorySummary(
        recall=[
            Count(text=recall_labels[key], count=recall[key]) for key in RECALL_ORDER if recall[key]
        ],
        goals=moments([(r.id, r.goal) for r in customers if r.goal], {}),
        contact=contact_scores([e for e in experiences if e.respondent_id in ids], lang),
        drop_offs=drop_off_points([d for d in drop_offs if d.respondent_id in ids], stage_order),
        customers_nearly_gave_up=len(
            {d.respondent_id for d in drop_offs if d.respondent_id in ids}
        ),
        missing_info=moments([p for p in missing_info if p[0] in ids], {}),
        recommend_reasons=recommend_reasons([p for p in reasons if p[0] in ids], customers),
    )
