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
    rid: str, role: Role = "customer", persona: str | None = None, recommend: int | None = None
) -> Respondent:
    return Respondent(
        id=rid,
        role=role,
        internal=role != "customer",
        persona_id=persona,
        recommend=recommend,
        finished=True,
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
        respondents=[respondent("c"), respondent("k", role="colleague")],
        experiences=[
            experience("c", "trigger", -1, (SCRIPT,), thoughts=ATTR, pain_point=SCRIPT),
            experience("k", "trigger", 1, thoughts=SCRIPT),
        ],
        best_moments=[("c", SCRIPT)],
        worst_moments=[("c", ATTR)],
    )
