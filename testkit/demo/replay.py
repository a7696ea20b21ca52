"""The demo map, made the way the bot makes a map: every answer typed or tapped through the
real engine (`flows.engine.advance`, via `testkit.scripted`), every figure projected by the
real projection (`flows.projection.project_map`). Nothing is written into the map directly.

The order is the bot's: the owner's first pass; the invite links (the invite dialog, offered
the map's personas and stages); per person the consent dialog and then their interview, on the
map's stages as `bot.features.invites.finish_consent` passes them (`stage_context`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flows.domain import JourneyMapData, Role
from flows.i18n import Lang
from flows.projection import ContributionAnswers, own_stage_wording, project_map, stage_context
from flows.schema import builtin_flow
from flows.values import JSONValue
from testkit.demo.colleagues import COLLEAGUES
from testkit.demo.customers import CUSTOMERS
from testkit.demo.owner import OWNER, OWNER_MORE, OWNER_NAME
from testkit.demo.people import INVITES, Person
from testkit.scripted import ScriptedUser, interview

__all__ = ["GENERATED_AT", "LANG", "MAP_ID", "build_demo", "contributions"]

MAP_ID = "demo"
LANG: Lang = "nl"
# The map's stored title until the owner names it (the bot's dated placeholder).
PLACEHOLDER_TITLE = "Nieuwe kaart 02-11-2026"
OWNER_STARTED = datetime(2026, 11, 2, 20, 0, tzinfo=UTC)
OWNER_MINUTES = 24
GENERATED_AT = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # when the owner asked for the report


class ScriptError(AssertionError):
    """A script the flow did not take as written: a question it did not expect, or answers
    left over. The demo is only honest when every answer went through."""


def play(
    flow_id: str,
    script: Mapping[str, list[Any]],
    more: Mapping[str, list[bool]],
    *,
    context: Mapping[str, JSONValue] | None,
    now: datetime,
    formal: bool = False,
) -> dict[str, JSONValue]:
    """One run through a shipped flow; its answers, once it finished with the script used up."""
    user = ScriptedUser(builtin_flow(flow_id, formal=formal), LANG, script, more)
    answers, step = interview(user, context, now=now)
    ended = step.state.status == "done" or "first_pass_done" in step.signals
    if not ended or user.unused():
        raise ScriptError(f"{flow_id}: ended {ended}, unused {user.unused()}, asked {user.asked}")
    return answers


@dataclass(frozen=True)
class Link:
    """An invite link as the invite dialog left it: for whom, and how customers are asked."""

    role: Role
    persona: str | None
    address: str
    wording: dict[str, str] | None


def make_link(script: Mapping[str, list[Any]], outline: JourneyMapData, now: datetime) -> Link:
    """The owner's invite dialog, offered the map's personas and stages."""
    context: dict[str, JSONValue] = {
        **stage_context(outline.stages),
        "personas": [{"key": p.id, "name": p.name} for p in outline.personas],
    }
    values = play("invite", script, {}, context=context, now=now)
    role: Role = "colleague" if values["role"] == "colleague" else "customer"
    address = "u" if values.get("address") == "u" else "je"
    lines = values.get("stage_wording")
    return Link(
        role=role,
        persona=str(values["persona"]) if values.get("persona") else None,
        address=address,
        wording=own_stage_wording(outline.stages, lines, LANG, formal=address == "u")
        if isinstance(lines, list)
        else None,
    )


def respond(person: Person, link: Link, outline: JourneyMapData) -> ContributionAnswers:
    """A person opens the link: consent, then their interview on the map's stages."""
    formal = link.address == "u"
    customer = link.role == "customer"
    consent = {"consent": [person.consent]}
    given = play(
        "consent", consent, {}, context={"address": link.address}, now=person.started, formal=formal
    )
    if given["consent"] not in ("anonymous", "named"):
        raise ScriptError(f"{person.id} did not consent")
    context = stage_context(
        outline.stages,
        wording=link.wording if customer else None,
        address=link.address if customer else "je",
        market=outline.market,
    )
    answers = play(
        link.role,
        person.answers,
        person.more,
        context=context,
        now=person.started,
        formal=formal and customer,
    )
    return ContributionAnswers(
        id=person.id,
        role=link.role,
        flow_id=link.role,
        answers=answers,
        language=LANG,
        display_name=person.profile_name if given["consent"] == "named" else None,
        finished=True,
        started_at=person.started,
        finished_at=person.finished,
        persona_id=link.persona,
    )


def contributions() -> list[ContributionAnswers]:
    """Every contribution to the demo map, as the bot would have stored it."""
    answers = play("owner", OWNER, OWNER_MORE, context=None, now=OWNER_STARTED)
    owner = ContributionAnswers(
        id="c1",
        role="owner",
        flow_id="owner",
        answers=answers,
        language=LANG,
        display_name=OWNER_NAME,
        finished=True,
        started_at=OWNER_STARTED,
        finished_at=OWNER_STARTED + timedelta(minutes=OWNER_MINUTES),
    )
    outline = project_map(MAP_ID, PLACEHOLDER_TITLE, LANG, [owner])
    made = OWNER_STARTED + timedelta(days=1)
    links = {name: make_link(script, outline, made) for name, script in INVITES.items()}
    people = sorted((*COLLEAGUES, *CUSTOMERS), key=lambda p: int(p.id.removeprefix("c")))
    return [owner, *(respond(p, links[p.invite], outline) for p in people)]


def build_demo() -> JourneyMapData:
    """The demo map: every contribution projected, as the bot reads a map for its report."""
    data = project_map(MAP_ID, PLACEHOLDER_TITLE, LANG, contributions())
    return data.model_copy(update={"generated_at": GENERATED_AT})
