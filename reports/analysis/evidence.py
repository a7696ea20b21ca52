"""Several respondents: how many, how they felt (mean and spread), what they named most,
and where the internal view (colleagues, else the owner's map) and customers disagree.
Customers and colleagues are never pooled into one n: callers pass one group at a time.

Everything is one pass over the experiences and bounded in output size, so a map with ten
thousand respondents aggregates as fast as it can be read.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from flows.domain import Experience, Respondent, Scenario
from flows.i18n import Lang
from flows.vocabulary import channel_label
from reports.analysis.curves import remembered
from reports.analysis.ideas import owner_name
from reports.model import (
    NPS,
    BackstageSample,
    BackstageStep,
    Count,
    EmotionStats,
    NPSGroup,
    OwnerCount,
    PeakEndGroup,
    Quote,
    QuoteSample,
    StageEvidence,
    ViewComparison,
)

__all__ = [
    "disagreements",
    "emotion_stats",
    "internal_vs_external",
    "moments",
    "nps",
    "nps_interval",
    "peak_end_by_group",
    "per_person",
    "quote_sample",
    "stage_evidence",
    "top_counts",
    "top_owners",
]

THIN_BELOW = 3  # fewer answers than this is thin evidence
INDICATIVE_BELOW = 30  # an NPS from fewer answers is indicative only
Z95 = 1.959964  # the normal quantile of a two-sided 95% interval
QUOTE_CAP = 12
BACKSTAGE_CAP = 6  # back-office steps per stage: they fill a cell of the map


def emotion_stats(scores: Sequence[float]) -> EmotionStats:
    """Mean and sample standard deviation (None below two answers); thin when n < 3. Each
    score is one person's (`per_person`), so n counts people, not answers."""
    n = len(scores)
    if not n:
        return EmotionStats(n=0)
    mean = sum(scores) / n
    stdev = math.sqrt(sum((s - mean) ** 2 for s in scores) / (n - 1)) if n > 1 else None
    return EmotionStats(n=n, mean=mean, stdev=stdev, thin=n < THIN_BELOW)


def per_person(scores: Mapping[str, Sequence[int]]) -> list[float]:
    """One score per person: the mean of what each said about a stage (a customer's story
    may have two steps in one stage; they are one person, not two answers)."""
    return [sum(values) / len(values) for values in scores.values() if values]


def top_counts(
    texts: Iterable[str], limit: int = 5, label: Callable[[str], str] | None = None
) -> list[Count]:
    """The most named texts, counted case- and spacing-insensitively, shown as first typed
    (through ``label`` when given, e.g. a channel key to its display name)."""
    raw = Counter(texts)  # exact repeats are the common case: count them at C speed first
    name = label or (lambda text: text)
    ranked = _ranked({(text,): n for text, n in raw.items()}, limit)
    return [Count(text=name(text), count=n) for (text,), n in ranked]


def top_owners(pairs: Iterable[tuple[str, str | None]], limit: int = 5) -> list[OwnerCount]:
    """The owners colleagues named most, each with what they own (a problem in their words,
    or None: the stage), counted as `top_counts` counts texts."""
    raw: Counter[tuple[str, ...]] = Counter((owner, of or "") for owner, of in pairs)
    return [
        OwnerCount(owner=owner, of=of or None, count=n) for (owner, of), n in _ranked(raw, limit)
    ]


def _ranked(raw: Mapping[tuple[str, ...], int], limit: int) -> list[tuple[tuple[str, ...], int]]:
    """Counted tuples of texts merged case- and spacing-insensitively, most named first, each
    shown as first typed; a tuple whose first text is empty is left out."""
    counts: Counter[tuple[str, ...]] = Counter()
    shown: dict[tuple[str, ...], tuple[str, ...]] = {}
    for texts, n in raw.items():
        tidy = tuple(" ".join(text.split()) for text in texts)
        key = tuple(text.casefold() for text in tidy)
        if not key[0]:
            continue
        counts[key] += n
        shown.setdefault(key, tidy)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(shown[key], n) for key, n in ranked[:limit]]


def quote_sample(quotes: Iterable[Quote], cap: int = QUOTE_CAP) -> QuoteSample:
    """The first ``cap`` quotes and how many there were in all."""
    kept: list[Quote] = []
    total = 0
    for quote in quotes:
        total += 1
        if len(kept) < cap:
            kept.append(quote)
    return QuoteSample(quotes=kept, total=total)


def stage_evidence(
    stage_order: Sequence[str],
    respondents: Sequence[Respondent],
    experiences: Sequence[Experience],
    lang: Lang = "nl",
    quote_cap: int = QUOTE_CAP,
) -> list[StageEvidence]:
    """Per stage: respondents (n), emotion mean and spread, most named channels and pain
    points, and a capped sample of their thoughts; from colleagues also what customers ask
    most, who owns what, and a capped sample of what we do behind the scenes."""
    internal = {r.id: r.internal for r in respondents}
    who: dict[str, set[str]] = {key: set() for key in stage_order}
    scores: dict[str, dict[str, list[int]]] = {key: {} for key in stage_order}
    channels: dict[str, list[str]] = {key: [] for key in stage_order}
    pains: dict[str, list[str]] = {key: [] for key in stage_order}
    quotes: dict[str, list[Quote]] = {key: [] for key in stage_order}
    totals: Counter[str] = Counter()
    behind = _Behind(stage_order, {r.id: r.department for r in respondents})
    for exp in experiences:
        if exp.stage not in who:
            continue
        who[exp.stage].add(exp.respondent_id)
        if exp.emotion is not None:
            scores[exp.stage].setdefault(exp.respondent_id, []).append(exp.emotion)
        channels[exp.stage].extend(exp.channels)
        if exp.pain_point:
            pains[exp.stage].append(exp.pain_point)
        behind.add(exp)
        if exp.thoughts and exp.thoughts.strip():
            totals[exp.stage] += 1
            if len(quotes[exp.stage]) < quote_cap:
                quotes[exp.stage].append(
                    Quote(
                        respondent_id=exp.respondent_id,
                        stage=exp.stage,
                        internal=internal.get(exp.respondent_id, False),
                        text=exp.thoughts.strip(),
                    )
                )
    return [
        StageEvidence(
            stage=key,
            n=len(who[key]),
            emotion=emotion_stats(per_person(scores[key])),
            top_channels=top_counts(channels[key], 3, lambda c: channel_label(c, lang)),
            top_pain_points=top_counts(pains[key], 3),
            quotes=QuoteSample(quotes=quotes[key], total=totals[key]),
            top_questions=top_counts(behind.questions[key], 3),
            owners=top_owners(behind.owners[key], 3),
            backstage=BackstageSample(steps=behind.steps[key], total=behind.totals[key]),
        )
        for key in stage_order
    ]


class _Behind:
    """What colleagues add per stage (colleague flow v2, and v1's owner): what customers
    ask them, who owns what, what we do behind the scenes (capped, with the department)."""

    def __init__(self, stage_order: Sequence[str], departments: Mapping[str, str | None]) -> None:
        self.departments = departments
        self.questions: dict[str, list[str]] = {key: [] for key in stage_order}
        self.owners: dict[str, list[tuple[str, str | None]]] = {key: [] for key in stage_order}
        self.steps: dict[str, list[BackstageStep]] = {key: [] for key in stage_order}
        self.totals: Counter[str] = Counter()

    def add(self, exp: Experience) -> None:
        if exp.questions:
            self.questions[exp.stage].append(exp.questions)
        pain_owner = owner_name(exp.pain_owner) if exp.pain_point else None
        if pain_owner:
            self.owners[exp.stage].append((pain_owner, exp.pain_point))
        stage_owner = owner_name(exp.owner)
        if stage_owner:
            self.owners[exp.stage].append((stage_owner, None))
        if exp.backstage and exp.backstage.strip():
            self.totals[exp.stage] += 1
            if len(self.steps[exp.stage]) < BACKSTAGE_CAP:
                department = self.departments.get(exp.respondent_id)
                self.steps[exp.stage].append(
                    BackstageStep(text=exp.backstage.strip(), department=department)
                )


def internal_vs_external(
    stage_order: Sequence[str],
    respondents: Sequence[Respondent],
    experiences: Sequence[Experience],
    internal_scenarios: Sequence[Scenario] = (),
) -> list[ViewComparison]:
    """Emotion per stage as colleagues see it versus customers (the owner's own answers
    are in neither). When no colleague answered, the owner's current scenarios stand in for
    the internal view, never pooled with colleagues."""
    role = {r.id: r.role for r in respondents}
    inside: dict[str, dict[str, list[int]]] = {key: {} for key in stage_order}
    outside: dict[str, dict[str, list[int]]] = {key: {} for key in stage_order}
    sides = {"colleague": inside, "customer": outside}
    for exp in experiences:
        side = sides.get(role.get(exp.respondent_id, ""))
        if exp.emotion is None or side is None or exp.stage not in side:
            continue
        side[exp.stage].setdefault(exp.respondent_id, []).append(exp.emotion)
    if not any(inside.values()):
        for scenario in internal_scenarios:
            if scenario.kind == "desired":
                continue
            for event in scenario.events:
                if event.emotion is not None and event.stage in inside:
                    # the owner's map: each event stands for how they think customers feel
                    inside[event.stage].setdefault(event.id, []).append(event.emotion)
    rows: list[ViewComparison] = []
    for key in stage_order:
        a, b = emotion_stats(per_person(inside[key])), emotion_stats(per_person(outside[key]))
        diff = a.mean - b.mean if a.mean is not None and b.mean is not None else None
        rows.append(
            ViewComparison(
                stage=key, internal=a, external=b, difference=diff, thin=a.thin or b.thin
            )
        )
    return rows


def disagreements(rows: Sequence[ViewComparison], limit: int = 3) -> list[ViewComparison]:
    """The stages where the two views differ most, ranked only where both sides have at
    least three answers (a thin side is shown in the table, marked, but never ranked)."""
    both = [r for r in rows if r.difference is not None and r.difference != 0 and not r.thin]
    return sorted(both, key=lambda r: -abs(r.difference or 0))[:limit]


def nps(respondents: Sequence[Respondent]) -> NPS | None:
    """Net Promoter Score of the customers that gave a 0-10 recommend score, with its 95%
    adjusted-Wald interval (`nps_interval`); indicative below thirty answers."""
    scores = [r.recommend for r in respondents if r.role == "customer" and r.recommend is not None]
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    n = len(scores)
    low, high = nps_interval(promoters, detractors, n)
    return NPS(
        n=n,
        promoters=promoters,
        passives=n - promoters - detractors,
        detractors=detractors,
        score=100 * (promoters - detractors) / n,
        low=low,
        high=high,
        indicative=n < INDICATIVE_BELOW,
        thin=n < THIN_BELOW,
    )


def nps_interval(promoters: int, detractors: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The adjusted-Wald interval of an NPS (Rocks 2016), in NPS points, clipped to ±100:
    add 3 to n and 3/4 to promoters and detractors, p = (promoters + 3/4)/(n + 3),
    d = (detractors + 3/4)/(n + 3), centre p - d, variance (p + d - (p - d)^2)/(n + 3),
    interval centre ± z * sqrt(variance)."""
    size = n + 3
    p = (promoters + 0.75) / size
    d = (detractors + 0.75) / size
    centre = p - d
    half = z * math.sqrt((p + d - centre**2) / size)
    return max(-100.0, 100 * (centre - half)), min(100.0, 100 * (centre + half))


def nps_group(score: int) -> NPSGroup:
    """Promoter (9-10), passive (7-8) or detractor (0-6)."""
    return "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"


def peak_end_by_group(
    stage_order: Sequence[str],
    respondents: Sequence[Respondent],
    experiences: Sequence[Experience],
) -> list[PeakEndGroup]:
    """The peak-end rule per customer (their most intense stage and their last one, in
    journey order, or in the order they told their story), averaged per recommendation
    group, so a reader sees whether those who remember the journey better are the ones who
    would recommend it."""
    position = {key: i for i, key in enumerate(stage_order)}
    recommend = {
        r.id: r.recommend for r in respondents if r.role == "customer" and r.recommend is not None
    }
    scores: dict[str, list[tuple[int, int]]] = {}
    for exp in experiences:
        if exp.respondent_id in recommend and exp.emotion is not None:
            # a told story (customer interview v2) is in the customer's own order: its end is
            # their last step, not the latest stage
            at = exp.step if exp.step is not None else position.get(exp.stage, len(position))
            scores.setdefault(exp.respondent_id, []).append((at, exp.emotion))
    groups: dict[NPSGroup, list[float]] = {"promoter": [], "passive": [], "detractor": []}
    for rid, pairs in scores.items():
        value = remembered([e for _, e in sorted(pairs, key=lambda pe: pe[0])])
        if value is not None:
            groups[nps_group(recommend[rid])].append(value)
    return [
        PeakEndGroup(
            group=group,
            n=len(values),
            remembered=sum(values) / len(values) if values else None,
            thin=len(values) < THIN_BELOW,
        )
        for group, values in groups.items()
        if values
    ]


def moments(
    pairs: Sequence[tuple[str, str]], internal: Mapping[str, bool], cap: int = QUOTE_CAP
) -> QuoteSample:
    """Best/worst moments or improvements as a capped sample of quotes."""
    return quote_sample(
        (
            Quote(respondent_id=rid, internal=internal.get(rid, False), text=text.strip())
            for rid, text in pairs
            if text.strip()
        ),
        cap,
    )
