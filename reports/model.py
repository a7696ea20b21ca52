"""The typed journey report: what `reports.build` returns and every renderer reads.

Everything a reader sees is computed here, once, so templates only lay it out (no arithmetic or
type checks in templates) and the JSON export is this model as-is. Aggregates are bounded in
size whatever the number of respondents; the raw answers stay in ``source`` for the CSV export.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from flows.domain import JourneyMapData, JourneyType, Market, Role, ScenarioKind
from flows.i18n import Lang

__all__ = [
    "NPS",
    "SCHEMA_VERSION",
    "BackstageSample",
    "BackstageStep",
    "ChannelCell",
    "ChannelMatrix",
    "ChannelScore",
    "ContactScore",
    "Count",
    "CurvePoint",
    "DropOffPoint",
    "EmotionCurve",
    "EmotionStats",
    "EventView",
    "Evidence",
    "Filters",
    "Gap",
    "GapKind",
    "JourneyReport",
    "NPSGroup",
    "OwnerCount",
    "OwnerFlag",
    "OwnerItem",
    "PeakEndGroup",
    "PersonaView",
    "Quadrant",
    "Quote",
    "QuoteSample",
    "RankedIdea",
    "ReasonGroup",
    "RespondentSummary",
    "RoleView",
    "ScenarioComparison",
    "ScenarioMap",
    "SourceCount",
    "StageDelta",
    "StageEmotion",
    "StageEvidence",
    "StageLane",
    "StageOverview",
    "StageRef",
    "StorySummary",
    "Theme",
    "ThemeList",
    "ThemeQuestion",
    "ThemeQuote",
    "ThemeSide",
    "ThemeSource",
    "ThemeStage",
    "TouchpointView",
    "ViewComparison",
    "ViewSource",
]

SCHEMA_VERSION = 1

# Bounds of derived numbers: validated when a report is built and published in the schema.
# Float bounds are written as floats so every supported pydantic prints the schema alike.
NonNegative = Annotated[int, Field(ge=0)]
Rank = Annotated[int, Field(ge=1)]
EmotionScore = Annotated[int, Field(ge=-2, le=2)]
MeanEmotion = Annotated[float, Field(ge=-2.0, le=2.0)]
EmotionDifference = Annotated[float, Field(ge=-4.0, le=4.0)]  # one mean emotion minus another
TouchpointScore = Annotated[int, Field(ge=1, le=5)]
MeanChannelScore = Annotated[float, Field(ge=1.0, le=5.0)]
Level = Annotated[int, Field(ge=1, le=3)]  # an idea's impact or effort

Quadrant = Literal["quick_win", "major_project", "fill_in", "money_pit"]
GapKind = Literal[
    "stage_without_events",
    "stage_without_touchpoint",
    "event_without_touchpoint",
    "low_touchpoint_score",
]
OwnerItem = Literal["idea", "touchpoint"]
ViewSource = Literal["respondents", "map"]
NPSGroup = Literal["promoter", "passive", "detractor"]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
# The free-text questions whose answers are grouped into themes, and whose answers they are.
ThemeQuestion = Literal[
    "pain_point", "improvement", "nearly_gave_up", "missing_information", "recommend_reason"
]
ThemeSide = Literal["customers", "team"]  # external evidence, or the internal view
ThemeSource = Literal["customer", "colleague", "owner"]  # "owner": the owner's and editors' map


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StageRef(_Model):
    """A stage key with its display name, in journey order."""

    key: str
    name: str


class RoleView(_Model):
    """A decision role in a B2B map: its key, short name (``Poortwachter``) and the label
    that says what it means (``Poortwachter (bv. secretariaat, IT-beheer)``)."""

    key: str
    name: str
    label: str


class TouchpointView(_Model):
    """A channel an event happens in, with its score (1-5), moment of truth and owner."""

    channel: str
    channel_label: str
    description: str | None = None
    score: TouchpointScore | None = None
    moment_of_truth: bool = False
    owner: str | None = None


class EventView(_Model):
    """One event as shown in a swimlane cell: what people do, think and feel."""

    id: str
    order: int
    stage: str
    title: str
    actions: str | None = None
    thoughts: str | None = None
    emotion: EmotionScore | None = None
    pain_point: str | None = None
    touchpoints: list[TouchpointView] = []
    roles: list[RoleView] = []  # B2B maps: the decision roles taking part in this event
    # the owner marked the event (flow v2) or one of its touchpoints (v1) as deciding whether
    # the customer stays
    moment_of_truth: bool = False


class CurvePoint(_Model):
    """One event on an emotion curve; ``index`` is its position in the scenario (0-based)."""

    event_id: str
    index: NonNegative
    stage: str
    title: str
    emotion: EmotionScore | None


class EmotionCurve(_Model):
    """The emotion curve of one scenario with its peak-end reading.

    ``peak`` is the most positive moment (PIEK on the chart), ``lowest`` the negative moments
    from worst up (the first is DAL), ``end`` the last scored one (EINDE); ``intense`` is the
    most intense of PIEK and DAL, and ``remembered`` the mean of ``intense`` and ``end`` (the
    peak-end rule), so the figure is always made of two marked points.
    """

    points: list[CurvePoint]
    peak: CurvePoint | None = None
    end: CurvePoint | None = None
    lowest: list[CurvePoint] = []
    intense: CurvePoint | None = None
    remembered: MeanEmotion | None = None


class RankedIdea(_Model):
    """An improvement idea in its impact/effort quadrant, with its priority rank."""

    id: str
    rank: Rank  # 1 = do first
    text: str
    stage: str | None = None
    impact: Level
    effort: Level
    quadrant: Quadrant
    owner: str | None = None
    next_step: str | None = None


class StageLane(_Model):
    """One stage column of a scenario's swimlane map."""

    stage: str
    events: list[EventView] = []
    ideas: list[RankedIdea] = []
    roles: list[RoleView] = []  # B2B maps: the decision roles taking part in this stage


class ScenarioMap(_Model):
    """One scenario (current or desired, maybe per persona) as swimlanes plus its curve."""

    id: str
    kind: ScenarioKind
    title: str
    persona_id: str | None = None
    persona_name: str | None = None
    lanes: list[StageLane]
    curve: EmotionCurve
    assumption: bool = False  # a current scenario no customer of its persona has answered to


class Count(_Model):
    """A channel or pain point with how often respondents named it."""

    text: str
    count: NonNegative


class EmotionStats(_Model):
    """Emotion scores of a group: ``thin`` when fewer than three people answered."""

    n: NonNegative
    mean: MeanEmotion | None = None
    stdev: Annotated[float, Field(ge=0.0)] | None = None
    thin: bool = True


class StageEmotion(_Model):
    """How one persona's respondents felt in one stage."""

    stage: str
    emotion: EmotionStats


class PersonaView(_Model):
    """A persona's profile with its scenarios and its own respondents' emotion per stage."""

    id: str
    name: str
    description: str | None = None
    goals: str | None = None
    frustrations: str | None = None
    channels: list[str] = []  # labels
    decision_role: str | None = None
    scenario_ids: list[str] = []
    respondents: NonNegative = 0
    stage_emotions: list[StageEmotion] = []  # from this persona's respondents


class ChannelScore(_Model):
    """A channel's mentions over all stages and its mean touchpoint score (a matrix row)."""

    channel: str
    label: str
    count: NonNegative
    mean_score: MeanChannelScore | None = None


class StageOverview(_Model):
    """Everything about one stage across the scenarios shown."""

    key: str
    name: str
    events: NonNegative
    mean_emotion: MeanEmotion | None = None
    channels: list[ChannelScore] = []
    moments_of_truth: list[str] = []  # "event title — channel"
    pain_points: list[str] = []
    idea_ids: list[str] = []
    roles: list[RoleView] = []  # B2B maps: the decision roles taking part, over all scenarios


class Gap(_Model):
    """Something missing or weakly scored in the map (see `GapKind`), and where it is."""

    kind: GapKind
    stage: str
    scenario_id: str | None = None
    event_id: str | None = None
    title: str | None = None
    channel: str | None = None  # the channel's key (or the owner's own words)
    channel_label: str | None = None  # how the report shows it
    score: TouchpointScore | None = None


class StageDelta(_Model):
    """How one stage differs from the current to the desired scenario: emotion, channels."""

    stage: str
    current: MeanEmotion | None = None
    desired: MeanEmotion | None = None
    delta: EmotionDifference | None = None  # desired - current
    channels_added: list[str] = []
    channels_dropped: list[str] = []


class ScenarioComparison(_Model):
    """A current scenario against its desired counterpart, stage by stage."""

    current_id: str
    desired_id: str
    persona_id: str | None = None
    stages: list[StageDelta]
    largest: list[str] = []  # stage keys, biggest difference first


class ChannelCell(_Model):
    """Mentions of one channel in one stage, with the personas behind them."""

    stage: str
    channel: str
    count: NonNegative
    persona_ids: list[str] = []  # "" stands for "no persona"


class ChannelMatrix(_Model):
    """Mention counts per stage and channel, for the channel heat map."""

    stages: list[str]
    channels: list[ChannelScore]  # rows, most used first
    cells: list[ChannelCell]  # only non-empty cells
    max_count: NonNegative = 0


class OwnerFlag(_Model):
    """An idea or touchpoint that nobody owns yet, so someone gets assigned."""

    kind: OwnerItem
    id: str  # idea id, or event id for a touchpoint
    stage: str | None = None
    scenario_id: str | None = None
    text: str  # the idea, or the event title of the touchpoint
    channel: str | None = None  # the touchpoint's channel label


class Quote(_Model):
    """One respondent's own words, with the stage and whether they are internal."""

    respondent_id: str
    stage: str | None = None
    internal: bool
    text: str


class QuoteSample(_Model):
    """At most a handful of verbatim quotes, with the total they were taken from."""

    quotes: list[Quote] = []
    total: NonNegative = 0


class OwnerCount(_Model):
    """Who colleagues say owns something in a stage, and how many said so: what goes wrong
    there (``of``: the problem in a colleague's words), or the stage as a whole (``of`` None:
    the first colleague flow asked "who owns this?" of the stage)."""

    owner: str
    of: str | None = None
    count: NonNegative


class BackstageStep(_Model):
    """What we do behind the scenes in a stage, in a colleague's words, with the department
    they gave (never their name: what they answered for the map, not who they are)."""

    text: str
    department: str | None = None


class BackstageSample(_Model):
    """At most a handful of back-office steps, with the total they were taken from."""

    steps: list[BackstageStep] = []
    total: NonNegative = 0


class StageEvidence(_Model):
    """What one group (customers or colleagues) said about one stage: emotion, channels,
    pain points, quotes; colleagues also what customers ask them, who owns what goes wrong
    and what we do behind the scenes."""

    stage: str
    n: NonNegative  # people of the group who said anything about this stage
    emotion: EmotionStats
    top_channels: list[Count] = []
    top_pain_points: list[Count] = []
    quotes: QuoteSample = QuoteSample()
    top_questions: list[Count] = []
    owners: list[OwnerCount] = []
    backstage: BackstageSample = BackstageSample()


class ViewComparison(_Model):
    """One stage's emotion as the internal side sees it versus customers."""

    stage: str
    internal: EmotionStats
    external: EmotionStats
    difference: EmotionDifference | None = None  # internal mean - external mean
    thin: bool = True


class NPS(_Model):
    """Net Promoter Score of the customers, with its promoter/detractor split and its 95%
    adjusted-Wald interval; ``indicative`` below thirty answers, ``thin`` below three."""

    n: NonNegative
    promoters: NonNegative
    passives: NonNegative
    detractors: NonNegative
    score: Annotated[float, Field(ge=-100.0, le=100.0)] | None = None
    low: Annotated[float, Field(ge=-100.0, le=100.0)] | None = None  # the 95% interval
    high: Annotated[float, Field(ge=-100.0, le=100.0)] | None = None
    indicative: bool = True
    thin: bool = True


class PeakEndGroup(_Model):
    """Customers of one recommendation group (promoters 9-10, passives 7-8, detractors 0-6)
    with the mean of their own remembered experience (peak-end rule over their stages)."""

    group: NPSGroup
    n: NonNegative
    remembered: MeanEmotion | None = None
    thin: bool = True


class ContactScore(_Model):
    """How customers rated their contact through one channel (1-5, their own words: "how was
    that contact?"), over every step of their stories that used it."""

    channel: str
    label: str
    n: NonNegative  # ratings (a customer who used the channel at two steps rates twice)
    customers: NonNegative
    mean: MeanChannelScore | None = None
    thin: bool = True  # fewer than three customers


class DropOffPoint(_Model):
    """Where customers nearly gave up (or did), with their reasons; ``stage`` None when they
    did not say where."""

    stage: str | None = None
    nearly: NonNegative
    gave_up: NonNegative
    reasons: QuoteSample = QuoteSample()


class ReasonGroup(_Model):
    """Why customers of one recommendation group (promoters 9-10, passives 7-8, detractors
    0-6) gave their score, in their words."""

    group: NPSGroup
    n: NonNegative  # customers of the group
    reasons: QuoteSample = QuoteSample()


class StorySummary(_Model):
    """What customers' stories add besides the stages: how recent they are, what they set
    out to do, where they nearly gave up, what they missed, why they scored as they did."""

    recall: list[Count] = []  # how long ago the stories happened, as answered
    goals: QuoteSample = QuoteSample()
    contact: list[ContactScore] = []  # per channel, best-rated first
    drop_offs: list[DropOffPoint] = []  # most named stage first
    customers_nearly_gave_up: NonNegative = 0
    missing_info: QuoteSample = QuoteSample()
    recommend_reasons: list[ReasonGroup] = []


class RespondentSummary(_Model):
    """Who answered, never pooled: customers (external evidence) and colleagues (the internal
    view). The owner and editors made the map; they are not respondents."""

    customers: NonNegative = 0
    colleagues: NonNegative = 0
    finished_customers: NonNegative = 0
    finished_colleagues: NonNegative = 0


class Evidence(_Model):
    """What customers and colleagues said, each group with its own n; empty when only the
    owner's map exists. ``stages`` is the customers', ``colleague_stages`` the colleagues'."""

    respondents: RespondentSummary = RespondentSummary()
    stages: list[StageEvidence] = []
    colleague_stages: list[StageEvidence] = []
    internal_source: ViewSource = "respondents"
    internal_vs_external: list[ViewComparison] = []
    disagreements: list[ViewComparison] = []  # biggest |difference| first
    nps: NPS | None = None
    peak_end: list[PeakEndGroup] = []  # per customer, grouped by their recommendation
    top_channels: list[Count] = []
    top_pain_points: list[Count] = []
    best_moments: QuoteSample = QuoteSample()
    worst_moments: QuoteSample = QuoteSample()
    improvements: QuoteSample = QuoteSample()
    stories: StorySummary = StorySummary()

    def scored_stages(self) -> list[StageEvidence]:
        """The customers' stages with a mean emotion that is not thin (three customers or
        more): what their curve shows and the headline may name."""
        return [s for s in self.stages if s.emotion.mean is not None and not s.emotion.thin]


class ThemeQuote(_Model):
    """One wording of a theme as someone typed it; ``respondent_id`` is None for the map."""

    text: str
    source: ThemeSource
    stage: str | None = None
    respondent_id: str | None = None


class ThemeStage(_Model):
    """How much of what was said about one stage falls in a theme: ``count`` answers, a
    ``share`` of all answers to that question (from that side) about the stage."""

    stage: str
    count: Rank
    share: Share


class SourceCount(_Model):
    """How many of a theme's answers came from one source (customers, colleagues, the map)."""

    source: ThemeSource
    count: Rank


class Theme(_Model):
    """Answers with similar wording, counted together. ``label`` is the wording most like the
    rest; ``quotes`` are one to three different wordings, the label's first."""

    label: str
    count: Rank
    sources: list[SourceCount]
    stages: list[ThemeStage] = []  # in journey order; empty for a question about no stage
    quotes: list[ThemeQuote]


class ThemeList(_Model):
    """The themes in one question's answers from one side, most named first. ``answers``
    counts every answer with words in it; ``other`` those in no theme shown (said once, or
    beyond the first few themes)."""

    question: ThemeQuestion
    side: ThemeSide
    answers: NonNegative
    themes: list[Theme] = []
    other: NonNegative = 0


class Filters(_Model):
    """The persona and role filters the report was built with (None: everyone)."""

    personas: list[str] | None = None
    roles: list[Role] | None = None


class JourneyReport(_Model):
    """One map's whole report: what every renderer reads and the JSON export's shape."""

    schema_version: Rank = SCHEMA_VERSION
    map_id: str
    title: str
    language: Lang
    journey_type: JourneyType | None = None
    market: Market | None = None
    reason: str | None = None
    scope: str | None = None
    generated_at: datetime | None = None
    filters: Filters = Filters()
    stages: list[StageRef]
    stage_overview: list[StageOverview]
    personas: list[PersonaView] = []
    scenarios: list[ScenarioMap] = []
    comparisons: list[ScenarioComparison] = []
    gaps: list[Gap] = []
    channel_matrix: ChannelMatrix
    ideas: list[RankedIdea] = []
    missing_owners: list[OwnerFlag] = []
    evidence: Evidence = Evidence()
    customer_curve: ScenarioMap | None = None  # customers' mean per stage, from three customers
    themes: list[ThemeList] = []  # only lists with at least one theme; customers' first
    insights: list[str] = []
    source: JourneyMapData  # the (filtered) answers, for exports

    def stage_name(self, key: str | None) -> str:
        """Display name of a stage key (custom stages carry their own name)."""
        for stage in self.stages:
            if stage.key == key:
                return stage.name
        return key or ""
