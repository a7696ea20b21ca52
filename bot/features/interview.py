"""The interview itself: starting and resuming maps, switching maps, and passing input to the
engine (answers and state stored in the turn's transaction)."""

from __future__ import annotations

from bot.conversation.inputs import parse_id
from bot.conversation.turn import Turn, button, welcome_back_key
from bot.features import owner_view
from bot.features.reporting import filter_names, filtered, read_map
from flows import engine
from flows.values import Inbound, Step
from storage.answers import append_answers
from storage.contributions import (
    find_active_contribution,
    finish_contribution,
    latest_contribution,
    save_contribution_state,
    start_contribution,
)
from storage.maps import create_map, get_map_for_member, list_maps_for_user
from storage.models import Contribution, Map, MemberRole

__all__ = [
    "MAP_BUTTON_PREFIX",
    "OWNER_FLOW",
    "answer",
    "list_maps",
    "new_map",
    "report",
    "start",
    "switch_map",
]

OWNER_FLOW = "owner"
MAP_BUTTON_PREFIX = "map:"
TITLE_KEY = "goal.title"  # the owner's answer that names the map


async def start(turn: Turn) -> None:
    """/start without a token: continue where the user was, or begin their first map."""
    if turn.contribution is not None:
        journey_map = await turn.session.get(Map, turn.contribution.map_id)
        turn.say(
            welcome_back_key(turn.contribution), title=journey_map.title if journey_map else ""
        )
        await turn.resume()
        return
    turn.say("welcome")
    await begin_map(turn)


async def new_map(turn: Turn) -> None:
    """/new: begin another map; the earlier ones stay reachable through /maps."""
    turn.say("new_map")
    await begin_map(turn)


async def begin_map(turn: Turn) -> None:
    """Create a map with a dated placeholder title and start its owner interview."""
    turn.remember_person(named=True)  # an owner: their name is on their map
    title = turn.t("untitled_map", date=turn.now.strftime("%d-%m-%Y"))
    journey_map = await create_map(turn.session, owner=turn.user, title=title, language=turn.lang)
    turn.contribution = await _start_owner_flow(turn, journey_map.id, "owner")


async def _start_owner_flow(turn: Turn, map_id: int, role: MemberRole) -> Contribution:
    """The user's own run through the owner flow for a map: an owner from the first question,
    a co-owner from the menu (the map's goal and stages are the owner's)."""
    begin = engine.start if role == "owner" else engine.start_in_menu
    step = begin(turn.context.flow(OWNER_FLOW), lang=turn.lang, now=turn.now)
    turn.show(step)
    return await start_contribution(
        turn.session,
        map_id=map_id,
        user_id=turn.user.id,
        role=role,
        flow_id=OWNER_FLOW,
        state=step.state,
        now=turn.now,
    )


async def list_maps(turn: Turn) -> None:
    """/maps: the user's maps as buttons (the active one ticked) to switch between them."""
    maps = await list_maps_for_user(turn.session, turn.user.id)
    if not maps:
        turn.say("maps_none")
        return
    active = turn.contribution.map_id if turn.contribution else None
    rows = tuple(
        (button(("✅ " if m.id == active else "") + m.title, f"{MAP_BUTTON_PREFIX}{m.id}"),)
        for m in maps[:50]
    )
    turn.ask(turn.t("maps_header"), rows)


async def switch_map(turn: Turn, raw_id: str) -> None:
    """Open one of the user's maps (only maps they own or edit; anything else is refused)."""
    map_id = parse_id(raw_id)
    journey_map = await get_map_for_member(turn.session, map_id, turn.user.id) if map_id else None
    if journey_map is None:
        turn.say("map_not_found", "error")
        return
    contribution = await find_active_contribution(
        turn.session, map_id=journey_map.id, user_id=turn.user.id, flow_id=OWNER_FLOW
    )
    contribution = contribution or await latest_contribution(
        turn.session, map_id=journey_map.id, user_id=turn.user.id, flow_id=OWNER_FLOW
    )
    turn.say("map_switched", title=journey_map.title)
    if contribution is None:
        # A co-owner's first visit: their own run through the owner flow, from the menu; what
        # they add joins the map.
        turn.contribution = await _start_owner_flow(turn, journey_map.id, "editor")
        return
    turn.contribution = contribution
    await turn.resume()


async def report(turn: Turn, args: str = "") -> bool:
    """The active map's report, for its owners and editors only; False if refused."""
    if turn.contribution is None:
        turn.say("no_active_map", "error")
        return False
    journey_map = await get_map_for_member(turn.session, turn.contribution.map_id, turn.user.id)
    if journey_map is None:
        # A customer or colleague: they see only their own answers (/export).
        turn.say("report_owners_only", "error")
        return False
    data = await read_map(turn.session, journey_map, now=turn.now)
    try:
        turn.reply.report = filtered(data, args)
    except ValueError:
        turn.say("report_filter_unknown", "error", names=filter_names(data))
        return False
    turn.say("report_ready", title=journey_map.title)
    return True


async def answer(turn: Turn, inbound: Inbound) -> None:
    """Hand an input to the active interview's engine; store its answers and new state."""
    assert turn.contribution is not None
    contribution = turn.contribution
    version = contribution.version
    flow, state = turn.interview()
    step = engine.advance(flow, state, inbound, turn.now)
    if step.answers:
        await append_answers(turn.session, contribution.id, step.answers, turn.now)
        await _retitle(turn, step)
    await save_contribution_state(
        turn.session, contribution, step.state, expected_version=version, now=turn.now
    )
    if "language_changed" in step.signals:
        turn.user.language = step.state.lang
    done = "finished" in step.signals or "first_pass_done" in step.signals
    if done and contribution.status == "active":
        await finish_contribution(turn.session, contribution, now=turn.now)
        if contribution.role in owner_view.RESPONDENT_ROLES:
            await owner_view.notify_finished(turn, contribution)
    if "report" in step.signals and await report(turn):
        # the menu the engine showed again goes below the report's files, as after /report
        turn.note(step)
        turn.reply.followup.extend(step.messages)
    else:
        turn.show(step)
    if "cancelled" in step.signals:
        turn.say("interview_stopped")  # no dead end: what works from here


async def _retitle(turn: Turn, step: Step) -> None:
    """Keep the map's title in step with the owner's answer to the title question."""
    assert turn.contribution is not None
    if turn.contribution.flow_id != OWNER_FLOW:
        return
    for record in step.answers:
        if record.key == TITLE_KEY and isinstance(record.value, str) and record.value.strip():
            journey_map = await turn.session.get(Map, turn.contribution.map_id)
            if journey_map is not None:
                journey_map.title = record.value.strip()[:200]
