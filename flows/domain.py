"""The journey-map domain, as read from stored answers.

Answers are the single source of truth (append-only, an edit supersedes); this typed model is
a *projection* of the current answers of every contribution to one map. Reports consume only
this model, so they never need to know question keys.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from flows.i18n import Lang

JourneyType = Literal["buyer", "customer", "experience"]
Market = Literal["b2c", "b2b"]
ScenarioKind = Literal["current_positive", "current_negative", "desired"]
Role = Literal["owner", "editor", "colleague", "customer"]
Emotion = int  # -2 .. +2, see flows.vocabulary.EMOTIONS
Recall = Literal["week", "month", "months", "longer"]  # how long ago a customer's story was
GaveUp = Literal["nearly", "did"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Stage(_Model):
    """One stage of the journey; events and ideas refer to it by ``key``."""

    key: str
    name: str


class Touchpoint(_Model):
    """A channel the customer meets at an event, with an optional score and owner."""

    channel: str  # a key of flows.vocabulary.CHANNELS or free text
    description: str | None = None
    score: int | None = Field(default=None, ge=1, le=5)
    moment_of_truth: bool = False
    owner: str | None = None


class Event(_Model):
    """One step of a scenario: what the customer does, thinks and feels in a stage."""

    id: str  # stable within the map, e.g. "s0.e2"
    order: int
    stage: str  # Stage.key
    title: str
    actions: str | None = None
    thoughts: str | None = None
    emotion: Emotion | None = Field(default=None, ge=-2, le=2)
    pain_point: str | None = None
    touchpoints: list[Touchpoint] = []
    # The owner marked this event as deciding whether the customer stays (owner flow v2 asks
    # it per event, with or without contact; v1 asked it per touchpoint).
    moment_of_truth: bool = False
    # B2B maps: the decision roles (flows.vocabulary.DECISION_ROLES keys) that take part here
    roles: list[str] = []


class Scenario(_Model):
    """A sequence of events through the stages, optionally for one persona."""

    id: str
    kind: ScenarioKind
    title: str
    persona_id: str | None = None
    events: list[Event] = []


class Persona(_Model):
    """A typical customer the map is drawn for."""

    id: str
    name: str
    description: str | None = None
    goals: str | None = None
    frustrations: str | None = None
    channels: list[str] = []
    decision_role: str | None = None  # B2B maps: a key of flows.vocabulary.DECISION_ROLES


class Idea(_Model):
    """An improvement idea with its impact and effort (1-3 each) for prioritising."""

    id: str
    text: str
    stage: str | None = None
    impact: int = Field(ge=1, le=3)
    effort: int = Field(ge=1, le=3)
    owner: str | None = None
    next_step: str | None = None


class Respondent(_Model):
    """One participant's contribution. ``name`` is None unless they agreed to be named."""

    id: str
    role: Role
    internal: bool  # owner, editors and colleagues are internal; customers external
    persona_id: str | None = None
    name: str | None = None
    department: str | None = None
    language: Lang = "nl"
    finished: bool = False
    started_at: datetime | None = None
    finished_at: datetime | None = None
    recommend: int | None = Field(default=None, ge=0, le=10)
    # A customer's story (customer interview version 2): roughly when it happened, what they
    # wanted to get done, and in a B2B map their part in the decision (DECISION_ROLES key).
    recalled: Recall | None = None
    goal: str | None = None
    decision_role: str | None = None


class Experience(_Model):
    """What one respondent reported about one stage (customer interview or colleague input)."""

    respondent_id: str
    stage: str
    actions: str | None = None
    thoughts: str | None = None
    emotion: Emotion | None = Field(default=None, ge=-2, le=2)
    channels: list[str] = []
    pain_point: str | None = None
    owner: str | None = None  # colleague flow v1: "who owns this?", of the stage
    # Colleague flow v2: what customers ask most here, what we do behind the scenes (the
    # map's back-office lane), and who owns what goes wrong (``pain_point``).
    questions: str | None = None
    backstage: str | None = None
    pain_owner: str | None = None
    # The customer interview (version 2) tells a story: this experience is its step ``step``
    # (1-based, in the order it happened), with how the contact with the business was (1-5;
    # None: no contact or not asked).
    step: int | None = Field(default=None, ge=1)
    contact_score: int | None = Field(default=None, ge=1, le=5)


class DropOff(_Model):
    """A customer who nearly gave up (or did): at which stage, and why in their words."""

    respondent_id: str
    gave_up: GaveUp
    stage: str | None = None
    reason: str | None = None


class JourneyMapData(_Model):
    """A whole journey map as the reports read it, projected from all contributions."""

    id: str
    title: str
    language: Lang
    journey_type: JourneyType | None = None
    reason: str | None = None  # what prompted the map
    scope: str | None = None
    market: Market | None = None
    stages: list[Stage]
    personas: list[Persona] = []
    scenarios: list[Scenario] = []
    ideas: list[Idea] = []
    insights: list[str] = []
    respondents: list[Respondent] = []
    experiences: list[Experience] = []
    best_moments: list[tuple[str, str]] = []  # (respondent_id, text)
    worst_moments: list[tuple[str, str]] = []
    improvements: list[tuple[str, str]] = []
    # customers' own words at the end of their story (respondent_id, text)
    drop_offs: list[DropOff] = []
    missing_info: list[tuple[str, str]] = []
    recommend_reasons: list[tuple[str, str]] = []
    generated_at: datetime | None = None
