"""From stored answers to the journey-map domain: `project_map`.

Answers are the source of truth; this module reads the *current* answer per dotted key of each
contribution (``personas.0.name``, ``scenarios.0.events.2.touchpoints.0.score``) and builds a
`JourneyMapData`. It is pure and forgiving on purpose: a map is reported on mid-interview, so a
missing, skipped (None) or malformed answer never raises. An entity enters the map once the
answers it cannot do without exist (a persona its name, a scenario its kind and title, an event
its title and stage, a touchpoint its channel, an idea its text, impact and effort).

Which flow fills what:

- ``owner`` (run by the owner or an editor): goal fields, stages, personas, scenarios with
  events and touchpoints (in B2B maps also the decision roles taking part in each event,
  ``scenarios.N.events.M.roles``), the moments of truth, the short desired scenario of the
  first pass (``desired.*``: one event per stage that should change), insights and ideas.
  Version 1 of the flow asked touchpoints as a group (channel, score, moment of truth, owner
  each) and a scenario title; version 2 asks an event's channels as one multi, the moments of
  truth as one question over all events (``moments``: ``"<scenario>-<event>"``) and names a
  scenario by its kind. Both are read. Several owner-flow contributions are numbered on from
  each other (``p0``, ``p1``...), the owner's own first; goal fields and stages come from the
  first contribution that answered them.
- ``customer``: version 2 tells a story: when it was and what for (``when``, ``goal``; in B2B
  the customer's ``role``), the steps in their words (``story``, at most five lines), then per
  step ``moments.N``: an experience at the stage the customer placed it (``stage``,
  ``feeling``, ``bother``, ``contact`` 0-5 where 0 is no contact, ``channels``); then whether
  they nearly gave up (``gave_up``, ``gave_up_stage``,
  ``gave_up_why``), missing information, the 0-10 recommendation and why, what would have
  made it better. Version 1 asked an experience per stage visited (``visits.N`` over the
  ``visited`` stage keys), the best and worst moments, what would have made it better and the
  recommendation. Both are read.
- ``colleague``: the department, an experience per stage they are involved in
  (``stage_views.N`` over ``involved``) with pain point and owner, and ideas (numbered on
  after the owner's). Version 1 asked "who owns this?" of the stage (``owner``); version 2
  adds what customers ask most (``questions``) and what we do behind the scenes
  (``backstage``), and asks who owns what goes wrong (``pain_owner``, only of a problem
  named). Both are read.
- every contribution, whatever its flow, becomes a `Respondent`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast, get_args

from flows.domain import (
    DropOff,
    Event,
    Experience,
    GaveUp,
    Idea,
    JourneyMapData,
    JourneyType,
    Market,
    Persona,
    Recall,
    Respondent,
    Role,
    Scenario,
    ScenarioKind,
    Stage,
    Touchpoint,
)
from flows.i18n import I18n, Lang
from flows.values import JSONValue
from flows.vocabulary import (
    customer_stage_text,
    stage_key_for_name,
    stage_label,
    template_stages,
)

__all__ = [
    "ContributionAnswers",
    "default_stages",
    "own_stage_wording",
    "project_map",
    "proposed_stages",
    "stage_context",
    "stage_key",
    "stages_from_names",
]

OWNER_FLOW = "owner"
CUSTOMER_FLOW = "customer"
COLLEAGUE_FLOW = "colleague"
# The owner flow's answers the stage list depends on.
STAGES_KEY = "stages"
JOURNEY_TYPE_KEY = "goal.journey_type"

STAGE_KEY_MAX = 24  # flows.schema.OptionValue: stage keys travel as option values

# The step-4 review answers are free text about the whole map; they are shown as insights,
# introduced so a reader knows which question they answer.
_REVIEW_PREFIX = {
    "gaps": I18n(nl="Hier staat de klant er alleen voor", en="Where the customer is left alone"),
    "consistency": I18n(nl="Niet op elk kanaal hetzelfde", en="Not the same on every channel"),
}


# A scenario without a title of its own (owner flow v2 does not ask one) is named by its kind.
_KIND_TITLE: dict[str, I18n] = {
    "current_positive": I18n(
        nl="Zoals het nu gaat, als het goed loopt", en="As it is now, when it goes well"
    ),
    "current_negative": I18n(
        nl="Zoals het nu gaat, als het misgaat", en="As it is now, when it goes wrong"
    ),
    "desired": I18n(nl="Zoals het zou moeten", en="How it should be"),
}


@dataclass(frozen=True, slots=True)
class ContributionAnswers:
    """One participant's run through a flow, with the current answer per dotted key.

    ``display_name`` is None unless the participant agreed to be named; ``persona_id`` is the
    persona an invite was meant for (``"p0"``), if any.
    """

    id: str
    role: Role
    flow_id: str
    answers: Mapping[str, JSONValue]
    language: Lang = "nl"
    display_name: str | None = None
    finished: bool = False
    started_at: datetime | None = None
    finished_at: datetime | None = None
    persona_id: str | None = None


# --- reading answers --------------------------------------------------------------------


@dataclass(slots=True)
class _Tree:
    """Dotted answer keys as a tree, so groups and their iterations are direct lookups."""

    value: JSONValue = None
    children: dict[str, _Tree] = field(default_factory=dict)

    @classmethod
    def of(cls, answers: Mapping[str, JSONValue]) -> _Tree:
        root = cls()
        for key, value in answers.items():
            node = root
            for part in str(key).split("."):
                node = node.children.setdefault(part, cls())
            node.value = value
        return root

    def at(self, path: str) -> _Tree | None:
        node: _Tree | None = self
        for part in path.split("."):
            if node is None:
                return None
            node = node.children.get(part)
        return node

    def get(self, path: str) -> JSONValue:
        node = self.at(path)
        return None if node is None else node.value

    def iterations(self, path: str) -> list[tuple[int, _Tree]]:
        """The answered iterations of a repeat group, by index (gaps are tolerated)."""
        node = self.at(path)
        if node is None:
            return []
        found = [(int(k), child) for k, child in node.children.items() if k.isdigit()]
        return sorted(found, key=lambda item: item[0])

    def text(self, path: str) -> str | None:
        return _text(self.get(path))

    def integer(self, path: str, low: int, high: int) -> int | None:
        return _integer(self.get(path), low, high)

    def flag(self, path: str) -> bool | None:
        value = self.get(path)
        return value if isinstance(value, bool) else None

    def strings(self, path: str) -> list[str]:
        return _strings(self.get(path))


def _text(value: JSONValue) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return ", ".join(_strings(value)) or None
    return None


def _integer(value: JSONValue, low: int, high: int) -> int | None:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        number = int(value) if re.fullmatch(r"\s*[+-]?\d+\s*", value) else None
    if number is None or not low <= number <= high:
        return None
    return number


def _strings(value: JSONValue) -> list[str]:
    items: Iterable[Any] = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        text = _text(item) if not isinstance(item, list) else None
        if text and text not in out:
            out.append(text)
    return out


def _choice(value: JSONValue, allowed: tuple[str, ...]) -> str | None:
    text = _text(value)
    return text if text in allowed else None


# --- stages -----------------------------------------------------------------------------


def stage_key(name: str) -> str:
    """A stable option key for a stage name: lower-case ASCII slug of at most 24 characters.

    ``"Oriëntatie & vergelijken"`` → ``"orientatie_vergelijken"``. Known stage names (in
    either language) map to their own keys in `stages_from_names`, not here.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    return slug[:STAGE_KEY_MAX].rstrip("_") or "stage"


def default_stages(lang: Lang, journey_type: JourneyType | None = None) -> list[Stage]:
    """The stages proposed for the journey type (the whole journey when it is not known),
    named in the map's language."""
    return [Stage(key=key, name=label.get(lang)) for key, label in template_stages(journey_type)]


def stages_from_names(names: Sequence[str]) -> list[Stage]:
    """The owner's stage list (names as typed or kept) as stages with unique keys.

    A known stage's name (in either language, also a label it had before) keeps that stage's
    key, so answers given before a rename still point at the right stage; any other name gets
    `stage_key`, made unique with ``_2``, ``_3``...
    """
    stages: list[Stage] = []
    used: set[str] = set()
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        base = stage_key_for_name(name) or stage_key(name)
        key, n = base, 1
        while key in used:
            n += 1
            suffix = f"_{n}"
            key = base[: STAGE_KEY_MAX - len(suffix)] + suffix
        used.add(key)
        stages.append(Stage(key=key, name=name))
    return stages


def proposed_stages(answers: Mapping[str, JSONValue], lang: Lang) -> list[Stage]:
    """The stages an owner interview offers at this point: the owner's ``stages`` answer once
    given, else those proposed for the journey type answered so far (``goal.journey_type``)."""
    answered = answers.get(STAGES_KEY)
    if isinstance(answered, list):
        named = stages_from_names([str(name) for name in answered])
        if named:
            return named
    journey: Any = _choice(answers.get(JOURNEY_TYPE_KEY), get_args(JourneyType))
    return default_stages(lang, journey)


def own_stage_wording(
    stages: Sequence[Stage], lines: Sequence[JSONValue], lang: Lang, *, formal: bool
) -> dict[str, str] | None:
    """The stage wording for customers an owner settled on (one line per stage, in order),
    as kept for the map: only the lines that differ from the generated text, so the rest
    follows the address ("je" or "u") should it change; None when nothing differs."""
    own = {
        stage.key: str(line)
        for stage, line in zip(stages, lines, strict=False)
        if str(line) != customer_stage_text(stage.key, stage.name, lang, formal=formal)
    }
    return own or None


def stage_context(
    stages: Sequence[Stage],
    *,
    wording: Mapping[str, str] | None = None,
    address: str = "je",
    market: str | None = None,
) -> dict[str, JSONValue]:
    """The engine context for a customer or colleague interview: the map's stages, so their
    stage questions offer the owner's stages under the same keys (``flows.engine`` reads
    ``context["stages"]``), each with the owner's wording for customers where given; how
    customers are addressed ("je" or "u") and the map's market (a B2B customer is asked their
    part in the decision)."""
    entries: list[JSONValue] = []
    for stage in stages:
        entry: dict[str, JSONValue] = {"key": stage.key, "name": stage.name}
        if wording and wording.get(stage.key):
            entry["description"] = wording[stage.key]
        entries.append(entry)
    return {"stages": entries, "address": address, "market": market}


# --- the owner flow ---------------------------------------------------------------------


@dataclass(slots=True)
class _MapParts:
    """What the owner-flow contributions add up to, before it becomes `JourneyMapData`."""

    title: str | None = None
    journey_type: JourneyType | None = None
    reason: str | None = None
    scope: str | None = None
    market: Market | None = None
    stages: list[Stage] | None = None
    personas: list[Persona] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)
    insights: list[str] = field(default_factory=list)
    experiences: list[Experience] = field(default_factory=list)
    best_moments: list[tuple[str, str]] = field(default_factory=list)
    worst_moments: list[tuple[str, str]] = field(default_factory=list)
    improvements: list[tuple[str, str]] = field(default_factory=list)
    drop_offs: list[DropOff] = field(default_factory=list)
    missing_info: list[tuple[str, str]] = field(default_factory=list)
    recommend_reasons: list[tuple[str, str]] = field(default_factory=list)


def _project_owner(tree: _Tree, parts: _MapParts, lang: Lang) -> None:
    parts.title = parts.title or tree.text("goal.title")
    parts.reason = parts.reason or tree.text("goal.reason")
    parts.scope = parts.scope or tree.text("goal.scope")
    if parts.journey_type is None:
        journey: Any = _choice(tree.get(JOURNEY_TYPE_KEY), get_args(JourneyType))
        parts.journey_type = journey
    market_here: Any = _choice(tree.get("goal.market"), get_args(Market))
    if parts.market is None:
        parts.market = market_here
    if parts.stages is None:
        names = tree.strings(STAGES_KEY)
        parts.stages = stages_from_names(names) or None

    persona_ids: dict[str, str] = {}  # this contribution's "0" → the map's "p3"
    for index, item in tree.iterations("personas"):
        name = item.text("name")
        if name is None:
            continue
        persona_id = f"p{len(parts.personas)}"
        persona_ids[str(index)] = persona_id
        parts.personas.append(
            Persona(
                id=persona_id,
                name=name,
                description=item.text("description"),
                goals=item.text("goals"),
                frustrations=item.text("frustrations"),
                channels=item.strings("channels"),
                # Asked only in B2B: an answer left from before a switch to B2C is not shown.
                decision_role=item.text("decision_role") if market_here == "b2b" else None,
            )
        )

    first_scenario = len(parts.scenarios)
    moments = set(tree.strings("moments"))
    for index, item in tree.iterations("scenarios"):
        kind: Any = _choice(item.get("kind"), get_args(ScenarioKind))
        if kind is None:
            continue
        title = item.text("title") or _KIND_TITLE[kind].get(lang)
        scenario_id = f"s{len(parts.scenarios)}"
        persona = item.text("persona")
        chosen = {
            int(event)
            for scenario, _, event in (m.partition("-") for m in moments)
            if scenario == str(index) and event.isascii() and event.isdigit()
        }
        parts.scenarios.append(
            Scenario(
                id=scenario_id,
                kind=kind,
                title=title,
                persona_id=persona_ids.get(persona) if persona is not None else None,
                events=_events(item, scenario_id, chosen, b2b=market_here == "b2b"),
            )
        )

    # the wish is for the persona of this contribution's first current scenario (None: a
    # wish for every persona without one of its own)
    first = next((s for s in parts.scenarios[first_scenario:] if s.kind != "desired"), None)
    desired = _desired(tree, f"s{len(parts.scenarios)}", first.persona_id if first else None, lang)
    if desired is not None:
        parts.scenarios.append(desired)

    insights = tree.text("insights")
    if insights:
        parts.insights.extend(_lines(insights))
    for key, prefix in _REVIEW_PREFIX.items():
        answer = tree.text(f"review.{key}")
        if answer:
            parts.insights.append(f"{prefix.get(lang)}: {answer}")

    for _, item in tree.iterations("ideas"):
        idea = _idea(item, "idea", f"i{len(parts.ideas)}")
        if idea is not None:
            parts.ideas.append(idea)


def _events(scenario: _Tree, scenario_id: str, moments: set[int], *, b2b: bool) -> list[Event]:
    """A scenario's events; ``moments`` are the indexes of those marked as moments of truth."""
    events: list[Event] = []
    for index, item in scenario.iterations("events"):
        title = item.text("title")
        stage = item.text("stage")
        if title is None or stage is None:
            continue
        emotion = item.integer("emotion", -2, 2)
        # The flow asks for a pain point only when the moment is not positive, and (v1) for
        # touchpoints only after a yes; stale answers from before an edit are left out.
        pain_point = item.text("pain_point") if emotion is None or emotion <= 0 else None
        if item.at("channels") is not None:  # v2: the channels of contact, one multi
            touchpoints = [Touchpoint(channel=c) for c in item.strings("channels")]
        elif item.flag("has_touchpoint") is False:
            touchpoints = []
        else:
            touchpoints = _touchpoints(item)
        events.append(
            Event(
                id=f"{scenario_id}.e{index}",
                order=index,
                stage=stage,
                title=title,
                actions=item.text("actions"),
                thoughts=item.text("thoughts"),
                emotion=emotion,
                pain_point=pain_point,
                touchpoints=touchpoints,
                moment_of_truth=index in moments or any(t.moment_of_truth for t in touchpoints),
                # asked only in B2B, like a persona's decision role
                roles=item.strings("roles") if b2b else [],
            )
        )
    return events


def _desired(tree: _Tree, scenario_id: str, persona_id: str | None, lang: Lang) -> Scenario | None:
    """The first pass's short desired scenario (``desired.stages``, then per stage what should
    change and how it should feel) as a scenario of kind "desired": one event per stage whose
    change is answered. None when skipped or not answered yet."""
    events = [
        Event(
            id=f"{scenario_id}.e{index}",
            order=index,
            stage=stage,
            title=title,
            emotion=item.integer("emotion", -2, 2),
        )
        for index, (stage, item) in enumerate(
            _stage_iterations(tree, "desired.changes", "desired.stages")
        )
        if (title := item.text("change")) is not None
    ]
    if not events:
        return None
    return Scenario(
        id=scenario_id,
        kind="desired",
        title=_KIND_TITLE["desired"].get(lang),
        persona_id=persona_id,
        events=events,
    )


def _touchpoints(event: _Tree) -> list[Touchpoint]:
    touchpoints: list[Touchpoint] = []
    for _, item in event.iterations("touchpoints"):
        channel = item.text("channel")
        if channel is None:
            continue
        touchpoints.append(
            Touchpoint(
                channel=channel,
                description=item.text("description"),
                score=item.integer("score", 1, 5),
                moment_of_truth=item.flag("moment_of_truth") is True,
                owner=item.text("owner"),
            )
        )
    return touchpoints


def _idea(item: _Tree, text_key: str, idea_id: str) -> Idea | None:
    text = item.text(text_key)
    impact = item.integer("impact", 1, 3)
    effort = item.integer("effort", 1, 3)
    if text is None or impact is None or effort is None:
        return None
    return Idea(
        id=idea_id,
        text=text,
        stage=item.text("stage"),
        impact=impact,
        effort=effort,
        owner=item.text("owner"),
        next_step=item.text("next_step"),
    )


def _lines(text: str) -> list[str]:
    """Split a typed list of insights: one per line, bullets and numbering removed."""
    lines = (re.sub(r"^\s*(?:[-*•·]+|\d+[.)])\s*", "", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


# --- customer and colleague flows -------------------------------------------------------


def _stage_iterations(tree: _Tree, group: str, list_key: str) -> list[tuple[str, _Tree]]:
    """A for_each-over-stages group: pair each iteration with the stage it was asked for."""
    stages = tree.strings(list_key)
    return [(stages[i], item) for i, item in tree.iterations(group) if i < len(stages)]


def _project_customer(tree: _Tree, parts: _MapParts, respondent_id: str) -> None:
    for stage, item in _stage_iterations(tree, "visits", "visited"):  # version 1
        parts.experiences.append(
            Experience(
                respondent_id=respondent_id,
                stage=stage,
                actions=item.text("actions"),
                thoughts=item.text("thoughts"),
                emotion=item.integer("emotion", -2, 2),
                channels=item.strings("channels"),
            )
        )
    for number, (told, item) in enumerate(_stage_iterations(tree, "moments", "story"), 1):
        # version 2: the story's steps in the customer's words, each placed at a stage
        placed = item.text("stage")
        if placed is None:  # a step enters the map once the customer placed it
            continue
        contact = item.integer("contact", 0, 5)
        parts.experiences.append(
            Experience(
                respondent_id=respondent_id,
                stage=placed,
                actions=told,
                emotion=item.integer("feeling", -2, 2),
                pain_point=item.text("bother"),
                channels=item.strings("channels") if contact else [],
                step=number,
                contact_score=contact or None,
            )
        )
    gave_up: Any = _choice(tree.get("gave_up"), get_args(GaveUp))
    if gave_up is not None:
        parts.drop_offs.append(
            DropOff(
                respondent_id=respondent_id,
                gave_up=gave_up,
                stage=tree.text("gave_up_stage"),
                reason=tree.text("gave_up_why"),
            )
        )
    for key, target in (
        ("best_moment", parts.best_moments),
        ("worst_moment", parts.worst_moments),
        ("better", parts.improvements),
        ("missing", parts.missing_info),
        ("recommend_why", parts.recommend_reasons),
    ):
        text = tree.text(key)
        if text:
            target.append((respondent_id, text))


def _project_colleague(tree: _Tree, parts: _MapParts, respondent_id: str) -> None:
    for stage, item in _stage_iterations(tree, "stage_views", "involved"):
        parts.experiences.append(
            Experience(
                respondent_id=respondent_id,
                stage=stage,
                actions=item.text("actions"),
                emotion=item.integer("emotion", -2, 2),
                channels=item.strings("channels"),
                pain_point=item.text("pain_point"),
                owner=item.text("owner"),  # v1
                questions=item.text("questions"),
                backstage=item.text("backstage"),
                # v2 asks it only of a problem named: one left from before the problem was
                # erased is not shown
                pain_owner=item.text("pain_owner") if item.text("pain_point") else None,
            )
        )
    for _, item in tree.iterations("ideas"):
        idea = _idea(item, "idea", f"i{len(parts.ideas)}")
        if idea is not None:
            parts.ideas.append(idea)


def _recall(tree: _Tree) -> Recall | None:
    recalled: Any = _choice(tree.get("when"), get_args(Recall))
    return cast(Recall | None, recalled)


def _respondent(contribution: ContributionAnswers, tree: _Tree) -> Respondent:
    customer = contribution.flow_id == CUSTOMER_FLOW
    recommend = tree.integer("recommend", 0, 10) if customer else None
    department = tree.text("department") if contribution.flow_id == COLLEAGUE_FLOW else None
    # When someone answered is a trace of who they are: an anonymous respondent's map data
    # (and so the JSON export) carries no times; a named one, the owner and editors do.
    timed = contribution.display_name is not None or contribution.role in ("owner", "editor")
    return Respondent(
        id=contribution.id,
        role=contribution.role,
        internal=contribution.role != "customer",
        persona_id=contribution.persona_id,
        name=contribution.display_name,
        department=department,
        language=contribution.language,
        finished=contribution.finished,
        started_at=contribution.started_at if timed else None,
        finished_at=contribution.finished_at if timed else None,
        recommend=recommend,
        recalled=_recall(tree) if customer else None,
        goal=tree.text("goal") if customer else None,
        decision_role=tree.text("role") if customer else None,
    )


# --- the map ----------------------------------------------------------------------------


def _owner_first(contribution: ContributionAnswers) -> int:
    return 0 if contribution.role == "owner" else 1


def _used_stage_keys(parts: _MapParts) -> Iterable[str]:
    for scenario in parts.scenarios:
        for event in scenario.events:
            yield event.stage
    for idea in parts.ideas:
        if idea.stage:
            yield idea.stage
    for experience in parts.experiences:
        yield experience.stage
    for drop_off in parts.drop_offs:
        if drop_off.stage:
            yield drop_off.stage


def project_map(
    map_id: str,
    title: str,
    language: Lang,
    contributions: Sequence[ContributionAnswers],
) -> JourneyMapData:
    """Project every contribution's current answers onto one journey map.

    ``title`` is the map's stored title, used until the owner answers ``goal.title``. Stages
    come from the owner's ``stages`` answer, or are those proposed for the journey type, in
    ``language``; a stage key an event or idea still uses after the list changed is kept at
    the end, so nothing answered disappears from the report.
    """
    parts = _MapParts()
    trees = {c.id: _Tree.of(c.answers) for c in contributions}
    owners = sorted((c for c in contributions if c.flow_id == OWNER_FLOW), key=_owner_first)
    for contribution in owners:
        _project_owner(trees[contribution.id], parts, language)

    others: dict[str, Callable[[_Tree, _MapParts, str], None]] = {
        CUSTOMER_FLOW: _project_customer,
        COLLEAGUE_FLOW: _project_colleague,
    }
    for contribution in contributions:
        project = others.get(contribution.flow_id)
        if project is not None:
            project(trees[contribution.id], parts, contribution.id)

    stages = parts.stages or default_stages(language, parts.journey_type)
    known = {stage.key for stage in stages}
    for key in _used_stage_keys(parts):
        if key not in known:
            known.add(key)
            stages.append(Stage(key=key, name=stage_label(key, language)))

    return JourneyMapData(
        id=map_id,
        title=parts.title or title,
        language=language,
        journey_type=parts.journey_type,
        reason=parts.reason,
        scope=parts.scope,
        market=parts.market,
        stages=stages,
        personas=parts.personas,
        scenarios=parts.scenarios,
        ideas=parts.ideas,
        insights=parts.insights,
        respondents=[_respondent(c, trees[c.id]) for c in contributions],
        experiences=parts.experiences,
        best_moments=parts.best_moments,
        worst_moments=parts.worst_moments,
        improvements=parts.improvements,
        drop_offs=parts.drop_offs,
        missing_info=parts.missing_info,
        recommend_reasons=parts.recommend_reasons,
    )
