"""From a JourneyMapData to a JourneyReport: filter, then run every analysis once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from flows.domain import Event, Experience, JourneyMapData, Respondent, Role, Scenario, Stage
from flows.i18n import Lang
from flows.vocabulary import channel_label, role_label, stage_label
from reports.analysis import (
    Said,
    channel_matrix,
    compare_scenarios,
    disagreements,
    emotion_curve,
    emotion_stats,
    find_gaps,
    find_themes,
    internal_vs_external,
    missing_owners,
    moments,
    nps,
    owner_name,
    pair_scenarios,
    peak_end_by_group,
    per_person,
    rank_ideas,
    role_views,
    roles_by_stage,
    stage_evidence,
    story_summary,
    top_counts,
)
from reports.analysis.stories import RECALL_ORDER
from reports.model import (
    ChannelScore,
    EventView,
    Evidence,
    Filters,
    JourneyReport,
    PersonaView,
    RankedIdea,
    RespondentSummary,
    ScenarioMap,
    StageEmotion,
    StageLane,
    StageOverview,
    StageRef,
    ThemeList,
    ThemeQuestion,
    ThemeSide,
    ThemeSource,
    TouchpointView,
)
from reports.texts import TEXTS, counted

__all__ = ["build"]


def build(
    data: JourneyMapData,
    *,
    personas: Collection[str] | None = None,
    roles: Collection[Role] | None = None,
) -> JourneyReport:
    """Analyse a map. ``personas`` keeps only the scenarios and respondents of those persona
    ids; ``roles`` keeps only respondents with those roles (the owner's scenarios stay)."""
    data = _with_event_stages(filter_map(data, personas=personas, roles=roles))
    lang = data.language
    order = [s.key for s in data.stages]
    ideas = rank_ideas(data.ideas)
    persona_names = {p.id: p.name for p in data.personas}
    current = current_scenarios(data.scenarios)
    evidence = _evidence(data)
    return JourneyReport(
        map_id=data.id,
        title=data.title,
        language=lang,
        journey_type=data.journey_type,
        market=data.market,
        reason=data.reason,
        scope=data.scope,
        generated_at=data.generated_at,
        filters=Filters(
            personas=sorted(personas) if personas is not None else None,
            roles=sorted(roles) if roles is not None else None,
        ),
        stages=[StageRef(key=s.key, name=s.name) for s in data.stages],
        stage_overview=_stage_overview(data, current, ideas),
        personas=_personas(data),
        scenarios=[_scenario_map(s, data, ideas, persona_names) for s in data.scenarios],
        comparisons=[
            compare_scenarios(cur, des, order, lang) for cur, des in pair_scenarios(data.scenarios)
        ],
        gaps=find_gaps(data.stages, current, lang=lang),
        channel_matrix=channel_matrix(order, current, lang=lang),
        ideas=ideas,
        missing_owners=missing_owners(data.ideas, data.scenarios, lang),
        evidence=evidence,
        customer_curve=_customer_curve(data, evidence),
        themes=_themes(data, current),
        insights=[i for i in data.insights if i.strip()],
        source=data,
    )


def current_scenarios(scenarios: Sequence[Scenario]) -> list[Scenario]:
    """The scenarios that describe the journey as it is: the figures per stage, the gaps,
    the channel matrix and the moments of truth read these only. The desired scenario is a
    wish, shown on its own map and against the current one, never averaged into it."""
    return [s for s in scenarios if s.kind != "desired"]


def filter_map(
    data: JourneyMapData,
    *,
    personas: Collection[str] | None = None,
    roles: Collection[Role] | None = None,
) -> JourneyMapData:
    """The map restricted to some personas and/or respondent roles (no copy when unfiltered)."""
    if personas is None and roles is None:
        return data
    keep_personas = set(personas) if personas is not None else None
    keep_roles = set(roles) if roles is not None else None
    respondents = [
        r
        for r in data.respondents
        if (keep_personas is None or r.persona_id in keep_personas)
        and (keep_roles is None or r.role in keep_roles)
    ]
    kept = {r.id for r in respondents}
    return data.model_copy(
        update={
            "personas": [
                p for p in data.personas if keep_personas is None or p.id in keep_personas
            ],
            "scenarios": [
                s for s in data.scenarios if keep_personas is None or s.persona_id in keep_personas
            ],
            "respondents": respondents,
            "experiences": [e for e in data.experiences if e.respondent_id in kept],
            "best_moments": [m for m in data.best_moments if m[0] in kept],
            "worst_moments": [m for m in data.worst_moments if m[0] in kept],
            "improvements": [m for m in data.improvements if m[0] in kept],
            "drop_offs": [d for d in data.drop_offs if d.respondent_id in kept],
            "missing_info": [m for m in data.missing_info if m[0] in kept],
            "recommend_reasons": [m for m in data.recommend_reasons if m[0] in kept],
        }
    )


def _with_event_stages(data: JourneyMapData) -> JourneyMapData:
    """Append stages that events name but the map lacks, so no event is ever dropped."""
    known = {s.key for s in data.stages}
    extra: dict[str, None] = {}
    for scenario in data.scenarios:
        for event in scenario.events:
            if event.stage not in known:
                extra.setdefault(event.stage, None)
    if not extra:
        return data
    lang = data.language
    stages = [*data.stages, *(Stage(key=key, name=stage_label(key, lang)) for key in extra)]
    return data.model_copy(update={"stages": stages})


def _event_view(event: Event, lang: Lang, *, b2b: bool) -> EventView:
    return EventView(
        id=event.id,
        order=event.order,
        stage=event.stage,
        title=event.title,
        actions=event.actions,
        thoughts=event.thoughts,
        emotion=event.emotion,
        pain_point=event.pain_point,
        touchpoints=[
            TouchpointView(
                channel=tp.channel,
                channel_label=channel_label(tp.channel, lang),
                description=tp.description,
                score=tp.score,
                moment_of_truth=tp.moment_of_truth,
                owner=owner_name(tp.owner),
            )
            for tp in event.touchpoints
        ],
        roles=role_views(event.roles, lang) if b2b else [],
        moment_of_truth=event.moment_of_truth
        or any(tp.moment_of_truth for tp in event.touchpoints),
    )


def _scenario_map(
    scenario: Scenario,
    data: JourneyMapData,
    ideas: Sequence[RankedIdea],
    persona_names: dict[str, str],
) -> ScenarioMap:
    lang = data.language
    order = [s.key for s in data.stages]
    curve = emotion_curve(scenario.events, order)
    by_id = {e.id: e for e in scenario.events}
    roles = _stage_roles(data, [scenario])
    lanes = [
        StageLane(
            stage=key,
            events=[
                _event_view(by_id[p.event_id], lang, b2b=data.market == "b2b")
                for p in curve.points
                if p.stage == key
            ],
            ideas=[i for i in ideas if i.stage == key],
            roles=role_views(roles.get(key, []), lang),
        )
        for key in order
    ]
    return ScenarioMap(
        id=scenario.id,
        kind=scenario.kind,
        title=scenario.title,
        persona_id=scenario.persona_id,
        persona_name=persona_names.get(scenario.persona_id or ""),
        lanes=lanes,
        curve=curve,
        assumption=scenario.kind != "desired" and not _customers_for(data, scenario.persona_id),
    )


def _customers_for(data: JourneyMapData, persona_id: str | None) -> bool:
    """Whether a customer answered for this persona (for a scenario without a persona: any
    customer), so the owner's scenario is tested against someone's experience."""
    return any(
        r.role == "customer" and (persona_id is None or r.persona_id == persona_id)
        for r in data.respondents
    )


def _stage_roles(data: JourneyMapData, scenarios: Sequence[Scenario]) -> dict[str, list[str]]:
    """The decision roles per stage of a B2B map (none for any other map)."""
    if data.market != "b2b":
        return {}
    return roles_by_stage([s.key for s in data.stages], scenarios, data.personas)


def _stage_overview(
    data: JourneyMapData, current: Sequence[Scenario], ideas: Sequence[RankedIdea]
) -> list[StageOverview]:
    lang = data.language
    roles = _stage_roles(data, current)
    rows: list[StageOverview] = []
    for stage in data.stages:
        events = [e for s in current for e in s.events if e.stage == stage.key]
        scores = [e.emotion for e in events if e.emotion is not None]
        uses: Counter[str] = Counter()
        tp_scores: dict[str, list[int]] = {}
        for event in events:
            for tp in event.touchpoints:
                uses[tp.channel] += 1
                if tp.score is not None:
                    tp_scores.setdefault(tp.channel, []).append(tp.score)
        rows.append(
            StageOverview(
                key=stage.key,
                name=stage.name,
                events=len(events),
                mean_emotion=sum(scores) / len(scores) if scores else None,
                channels=[
                    ChannelScore(
                        channel=c,
                        label=channel_label(c, lang),
                        count=n,
                        mean_score=_mean(tp_scores.get(c, [])),
                    )
                    for c, n in uses.most_common()
                ],
                moments_of_truth=[
                    _moment(e, lang)
                    for e in events
                    if e.moment_of_truth or any(t.moment_of_truth for t in e.touchpoints)
                ],
                pain_points=[e.pain_point for e in events if e.pain_point],
                idea_ids=[i.id for i in ideas if i.stage == stage.key],
                roles=role_views(roles.get(stage.key, []), lang),
            )
        )
    return rows


def _moment(event: Event, lang: Lang) -> str:
    """A moment of truth as read on the map: the event and its deciding channels (v1 marked
    touchpoints, v2 the event: all its channels), or that it has none (a deciding moment
    without contact is worth seeing)."""
    deciding = [t for t in event.touchpoints if t.moment_of_truth] or event.touchpoints
    channels = [channel_label(t.channel, lang) for t in deciding]
    return f"{event.title} — {', '.join(channels) or TEXTS('no_contact', lang)}"


def _personas(data: JourneyMapData) -> list[PersonaView]:
    lang = data.language
    order = [s.key for s in data.stages]
    persona_of = {r.id: r.persona_id for r in data.respondents if r.role == "customer"}
    scores: dict[tuple[str, str], dict[str, list[int]]] = {}
    for exp in data.experiences:
        persona = persona_of.get(exp.respondent_id)
        if persona and exp.emotion is not None:
            said = scores.setdefault((persona, exp.stage), {})
            said.setdefault(exp.respondent_id, []).append(exp.emotion)
    respondents = Counter(
        r.persona_id for r in data.respondents if r.persona_id and r.role == "customer"
    )
    return [
        PersonaView(
            id=p.id,
            name=p.name,
            description=p.description,
            goals=p.goals,
            frustrations=p.frustrations,
            channels=[channel_label(c, lang) for c in p.channels],
            decision_role=role_label(p.decision_role, lang) if p.decision_role else None,
            scenario_ids=[s.id for s in data.scenarios if s.persona_id == p.id],
            respondents=respondents[p.id],
            stage_emotions=[
                StageEmotion(stage=key, emotion=emotion_stats(per_person(scores[(p.id, key)])))
                for key in order
                if (p.id, key) in scores
            ],
        )
        for p in data.personas
    ]


def _evidence(data: JourneyMapData) -> Evidence:
    """Customers and colleagues, each with its own n; the owner and editors made the map and
    are not respondents, so a solo owner's map has no evidence at all."""
    customers = [r for r in data.respondents if r.role == "customer"]
    colleagues = [r for r in data.respondents if r.role == "colleague"]
    if not customers and not colleagues:
        return Evidence()
    lang = data.language
    order = [s.key for s in data.stages]
    internal = {r.id: r.internal for r in data.respondents}
    said = _experiences_of(data, customers)
    seen = _experiences_of(data, colleagues)
    views = internal_vs_external(order, data.respondents, data.experiences, data.scenarios)
    return Evidence(
        respondents=RespondentSummary(
            customers=len(customers),
            colleagues=len(colleagues),
            finished_customers=sum(1 for r in customers if r.finished),
            finished_colleagues=sum(1 for r in colleagues if r.finished),
        ),
        stages=stage_evidence(order, customers, said, lang) if customers else [],
        colleague_stages=stage_evidence(order, colleagues, seen, lang) if colleagues else [],
        internal_source="respondents" if any(e.emotion is not None for e in seen) else "map",
        internal_vs_external=views if customers else [],
        disagreements=disagreements(views) if customers else [],
        nps=nps(customers),
        peak_end=peak_end_by_group(order, customers, said),
        top_channels=top_counts(
            (c for e in said for c in e.channels),
            5,
            lambda c: channel_label(c, lang),
        ),
        top_pain_points=top_counts((e.pain_point for e in said if e.pain_point), 5),
        best_moments=moments(data.best_moments, internal),
        worst_moments=moments(data.worst_moments, internal),
        improvements=moments(data.improvements, internal),
        stories=story_summary(
            order,
            customers,
            said,
            data.drop_offs,
            data.missing_info,
            data.recommend_reasons,
            {key: TEXTS(f"recall_{key}", lang) for key in RECALL_ORDER},
            lang,
        ),
    )


SOURCES: dict[Role, ThemeSource] = {
    "customer": "customer",
    "colleague": "colleague",
    "owner": "owner",
    "editor": "owner",
}


# Answers a question needs before its themes are shown. Grouping goes by wording, not meaning
# (pairwise precision about 0.64 on the labelled answers): on a handful of answers a wrong
# merge misleads more than the grouping saves, and each of those answers is quoted in the
# evidence already. Past it, themes are what makes hundreds of answers readable.
THEMES_FROM = 20


def _themes(data: JourneyMapData, current: Sequence[Scenario]) -> list[ThemeList]:
    """Free-text answers grouped into themes per question, customers' apart from the team's
    (colleagues and the owner's current scenarios; each theme counts them per source), as
    the rest of the report never pools the two sides. Lists without a theme are left out."""
    order = [s.key for s in data.stages]
    source = {r.id: SOURCES[r.role] for r in data.respondents}
    pains: dict[bool, list[Said]] = {True: [], False: []}  # by "from a customer"
    for exp in data.experiences:
        said = source.get(exp.respondent_id)
        if exp.pain_point and said:
            pains[said == "customer"].append(
                Said(exp.pain_point, said, exp.stage, exp.respondent_id)
            )
    pains[False].extend(
        Said(e.pain_point, "owner", e.stage) for s in current for e in s.events if e.pain_point
    )
    better: dict[bool, list[Said]] = {True: [], False: []}
    for rid, text in data.improvements:
        said = source.get(rid)
        if said:
            better[said == "customer"].append(Said(text, said, None, rid))
    customer_ids = {rid for rid, said in source.items() if said == "customer"}
    dropped = [
        Said(d.reason, "customer", d.stage, d.respondent_id)
        for d in data.drop_offs
        if d.reason and d.respondent_id in customer_ids
    ]
    missing = [Said(t, "customer", None, r) for r, t in data.missing_info if r in customer_ids]
    reasons = [Said(t, "customer", None, r) for r, t in data.recommend_reasons if r in customer_ids]
    asked: list[tuple[list[Said], ThemeQuestion, ThemeSide]] = [
        (pains[True], "pain_point", "customers"),
        (better[True], "improvement", "customers"),
        (dropped, "nearly_gave_up", "customers"),
        (missing, "missing_information", "customers"),
        (reasons, "recommend_reason", "customers"),
        (pains[False], "pain_point", "team"),
        (better[False], "improvement", "team"),
    ]
    # a list too short for themes is not grouped at all (scikit-learn's fixed cost per call
    # is most of a small map's report); answers without words do not count either
    found = [
        find_themes(items, question, side, order)
        for items, question, side in asked
        if len(items) >= THEMES_FROM
    ]
    return [f for f in found if f.themes and f.answers >= THEMES_FROM]


CUSTOMER_CURVE_FROM = 3  # customers needed before the chat picture shows their curve


def _customer_curve(data: JourneyMapData, evidence: Evidence) -> ScenarioMap | None:
    """The customers' curve for the chat picture: one point per stage at least three of them
    scored (thin stages are left out, the picture cannot mark them), their mean rounded to
    the scale's faces; None below `CUSTOMER_CURVE_FROM` customers."""
    customers = evidence.respondents.customers
    scored = evidence.scored_stages()
    if customers < CUSTOMER_CURVE_FROM or not scored:
        return None
    lang = data.language
    names = {s.key: s.name for s in data.stages}
    events = [
        Event(
            id=f"customers.{e.stage}",
            order=0,
            stage=e.stage,
            title=names.get(e.stage, e.stage),
            emotion=round(e.emotion.mean or 0.0),
        )
        for e in scored
    ]
    order = [s.key for s in data.stages]
    return ScenarioMap(
        id="customers",
        kind="current_negative",
        title=counted(customers, "customers_n", lang),
        lanes=[
            StageLane(
                stage=key,
                events=[_event_view(e, lang, b2b=False) for e in events if e.stage == key],
            )
            for key in order
        ],
        curve=emotion_curve(events, order),
    )


def _experiences_of(data: JourneyMapData, people: Sequence[Respondent]) -> list[Experience]:
    ids = {r.id for r in people}
    return [e for e in data.experiences if e.respondent_id in ids]


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None
