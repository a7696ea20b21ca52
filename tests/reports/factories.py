"""Small hand-made maps with known answers."""

from __future__ import annotations

from typing import Any

from flows.domain import (
    Event,
    Experience,
    Idea,
    JourneyMapData,
    Respondent,
    Role,
    Scenario,
    ScenarioKind,
    Stage,
    Touchpoint,
)

STAGES = ["trigger", "orientation", "purchase", "delivery"]


def stages(keys: list[str] = STAGES) -> list[Stage]:
    return [Stage(key=k, name=k.capitalize()) for k in keys]


def event(
    eid: str,
    stage: str,
    emotion: int | None = 0,
    *,
    order: int = 0,
    channels: tuple[str, ...] = ("website",),
    score: int | None = None,
    mot: bool = False,
    owner: str | None = "Team",
    **extra: Any,
) -> Event:
    return Event(
        id=eid,
        order=order,
        stage=stage,
        title=extra.pop("title", f"Event {eid}"),
        emotion=emotion,
        touchpoints=[
            Touchpoint(channel=c, score=score, moment_of_truth=mot, owner=owner) for c in channels
        ],
        **extra,
    )


def scenario(
    sid: str,
    events: list[Event],
    kind: ScenarioKind = "current_negative",
    persona: str | None = None,
) -> Scenario:
    return Scenario(id=sid, kind=kind, title=f"Scenario {sid}", persona_id=persona, events=events)


def idea(
    iid: str, impact: int, effort: int, owner: str | None = "Team", stage: str = "purchase"
) -> Idea:
    return Idea(id=iid, text=f"Idea {iid}", stage=stage, impact=impact, effort=effort, owner=owner)


def respondent(
    rid: str,
    role: Role = "customer",
    persona: str | None = None,
    recommend: int | None = None,
    department: str | None = None,
) -> Respondent:
    return Respondent(
        id=rid,
        role=role,
        internal=role != "customer",
        persona_id=persona,
        recommend=recommend,
        finished=True,
        department=department,
    )


def experience(
    rid: str, stage: str, emotion: int | None, channels: tuple[str, ...] = (), **extra: Any
) -> Experience:
    return Experience(
        respondent_id=rid, stage=stage, emotion=emotion, channels=list(channels), **extra
    )


def journey(**fields: Any) -> JourneyMapData:
    fields.setdefault("id", "m1")
    fields.setdefault("title", "Test map")
    fields.setdefault("language", "en")
    fields.setdefault("stages", stages())
    return JourneyMapData(**fields)


SCRIPT = "<script>window.__pwned=1</script>"
ATTR = '"><img src=x onerror="window.__pwned=1">'


def hostile_map() -> JourneyMapData:
    """Every free-text field that reaches a report carries markup that must stay text."""
    from flows.domain import Persona

    return journey(
        title=f"Map {SCRIPT}",
        language="en",
        reason=ATTR,
        stages=[Stage(key="trigger", name=f"Stage {ATTR}"), Stage(key="purchase", name="Buy")],
        personas=[Persona(id="p", name=f"Eve {SCRIPT}", goals=ATTR, channels=[ATTR])],
        scenarios=[
            Scenario(
                id="s",
                kind="current_negative",
                title=f"Scenario {ATTR}",
                persona_id="p",
                events=[
                    event(
                        "e1",
                        "trigger",
                        -2,
                        title=f"Title {SCRIPT}",
                        thoughts=f"Thought {ATTR}",
                        actions=SCRIPT,
                        pain_point=ATTR,
                        channels=(ATTR,),
                        owner=SCRIPT,
                    ),
                    event("e2", "purchase", 2, title=ATTR, order=1),
                ],
            )
        ],
        ideas=[Idea(id="i", text=SCRIPT, impact=3, effort=1, stage="purchase", owner=ATTR)],
        insights=[SCRIPT],
        respondents=[respondent("c"), respondent("k", role="colleague", department=SCRIPT)],
        experiences=[
            experience("c", "trigger", -1, (SCRIPT,), thoughts=ATTR, pain_point=SCRIPT),
            experience(
                "k",
                "trigger",
                1,
                thoughts=SCRIPT,
                questions=ATTR,
                backstage=SCRIPT,
                pain_point=f"Pain {ATTR}",
                pain_owner=SCRIPT,
            ),
            experience("k", "purchase", 0, backstage=ATTR, owner=ATTR),
        ],
        best_moments=[("c", SCRIPT)],
        worst_moments=[("c", ATTR)],
        # said twice, so the themes show them too
        improvements=[("c", f"Better {SCRIPT}"), ("c", f"better {SCRIPT}!")],
    )


LONG_WORD = "Klantcontactcentrummedewerkersopleidingsprogrammaevaluatieformulier"
RTL = "خدمة العملاء لم ترد على رسالتي"
EMOJI = "📦🚚😡👍🏽"
NINE_STAGES = [
    "trigger",
    "need",
    "orientation",
    "consideration",
    "decision",
    "purchase",
    "delivery",
    "use",
    "loyalty",
]
MANY_CHANNELS = ("website", "app", "email", "phone", "chat", "store", "reviews", "social")


def hostile_wide_map() -> JourneyMapData:
    """The worst a report's layout meets: nine stages with long names, words longer than any
    column, markup, right-to-left text and emoji in every free-text field, many channels per
    event, every kind of scenario, ideas in all quadrants and customers' answers."""
    from flows.domain import Persona

    def text(i: int) -> str:
        return [f"{LONG_WORD} {SCRIPT}", f"{RTL} {EMOJI}", f"{ATTR} {EMOJI}"][i % 3]

    def events(prefix: str, shift: int) -> list[Event]:
        return [
            event(
                f"{prefix}{i}",
                key,
                (i + shift) % 5 - 2,
                order=i,
                channels=MANY_CHANNELS[: 2 + i % 7] + ((LONG_WORD,) if i % 4 == 0 else ()),
                score=1 + i % 5,
                mot=i % 3 == 0,
                owner=None if i % 2 else text(i + 1),
                title=text(i),
                actions=text(i + 1),
                thoughts=text(i + 2),
                pain_point=text(i) if i % 2 else None,
            )
            for i, key in enumerate(NINE_STAGES)
        ]

    customers = [respondent(f"c{n}", persona="p", recommend=n * 3) for n in range(4)]
    return journey(
        title=f"{LONG_WORD} {RTL} {EMOJI} {SCRIPT}",
        language="nl",
        reason=f"{RTL} {ATTR}",
        scope=LONG_WORD,
        stages=[
            Stage(key=k, name=f"{k.capitalize()}{LONG_WORD[:20]} {EMOJI}") for k in NINE_STAGES
        ],
        personas=[
            Persona(id="p", name=f"{RTL} {SCRIPT}", goals=LONG_WORD, channels=[RTL, EMOJI]),
            Persona(id="q", name=f"Eve {EMOJI}", frustrations=ATTR),
        ],
        scenarios=[
            scenario("now", events("n", 0), "current_negative", persona="p"),
            scenario("good", events("g", 3), "current_positive", persona="q"),
            scenario("wish", events("w", 4), "desired", persona="p"),
        ],
        ideas=[
            Idea(
                id=f"i{impact}{effort}",
                text=text(impact + effort),
                stage=NINE_STAGES[impact * effort - 1],
                impact=impact,
                effort=effort,
                owner=None if effort == 2 else RTL,
            )
            for impact in (1, 2, 3)
            for effort in (1, 2, 3)
        ],
        insights=[text(0), text(1)],
        respondents=[
            *customers,
            respondent("k", role="colleague", recommend=9, department=f"{LONG_WORD} {RTL}"),
        ],
        experiences=[
            *(
                experience(
                    r.id,
                    key,
                    (i + n) % 5 - 2,
                    MANY_CHANNELS[n : n + 3],
                    thoughts=text(i),
                    pain_point=text(i + n),
                )
                for n, r in enumerate(customers)
                for i, key in enumerate(NINE_STAGES)
            ),
            *(
                experience(
                    "k",
                    key,
                    (i + 4) % 5 - 2,
                    MANY_CHANNELS[4:7],
                    thoughts=text(i),
                    pain_point=text(i + 4),
                    questions=text(i + 1),
                    backstage=text(i + 2),
                    pain_owner=text(i) if i % 2 else None,
                    owner=None if i % 2 else EMOJI,
                )
                for i, key in enumerate(NINE_STAGES)
            ),
        ],
        best_moments=[("c0", text(1)), ("c1", EMOJI)],
        worst_moments=[("c2", text(0))],
        improvements=[("k", text(2))],
    )
