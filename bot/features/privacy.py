"""Privacy: /forget erases what a respondent gave, /export sends it to them, /deletemap removes
an owner's whole map. Destructive commands ask first; the confirmation button is checked
against the pending question, so an old or forged button does nothing."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.conversation.outgoing import OutFile
from bot.conversation.turn import Turn, button
from bot.features.owner_view import RESPONDENT_ROLES
from storage.answers import current_answers
from storage.contributions import erase_contribution
from storage.maps import delete_map, member_role
from storage.models import Contribution, Map

CONFIRM_PREFIX = "confirm:"
_PENDING = "pending"


def _ask(turn: Turn, action: str, text_key: str, **values: object) -> None:
    turn.ui[_PENDING] = action
    turn.ask(
        turn.t(text_key, **values),
        (
            (
                button(turn.t("confirm_yes"), f"{CONFIRM_PREFIX}{action}:yes"),
                button(turn.t("confirm_no"), f"{CONFIRM_PREFIX}{action}:no"),
            ),
        ),
    )


async def _respondent_contributions(turn: Turn) -> list[Contribution]:
    query = select(Contribution).where(
        Contribution.user_id == turn.user.id,
        Contribution.role.in_(RESPONDENT_ROLES),
        Contribution.state.is_not(None),
    )
    return list((await turn.session.execute(query)).scalars())


async def ask_forget(turn: Turn) -> None:
    if not await _respondent_contributions(turn):
        turn.say("forget_nothing")
        return
    _ask(turn, "forget", "forget_confirm")


async def ask_delete_map(turn: Turn) -> None:
    if turn.contribution is None:
        turn.say("no_active_map", "error")
        return
    map_id = turn.contribution.map_id
    if await member_role(turn.session, map_id, turn.user.id) != "owner":
        turn.say("delete_owner_only", "error")
        return
    journey_map = await turn.session.get(Map, map_id)
    assert journey_map is not None
    _ask(turn, f"deletemap-{map_id}", "delete_confirm", title=journey_map.title)


async def confirm(turn: Turn, data: str) -> None:
    """A press on a yes/no confirmation button."""
    action, _, answer = data.removeprefix(CONFIRM_PREFIX).rpartition(":")
    if turn.ui.get(_PENDING) != action:
        turn.say("confirm_stale", "error")
        await turn.resume()
        return
    turn.ui.pop(_PENDING, None)
    if answer != "yes":
        turn.say("confirm_kept")
        await turn.resume()
        return
    if action == "forget":
        await _forget(turn)
    elif action.startswith("deletemap-"):
        await _delete_map(turn, int(action.removeprefix("deletemap-")))


async def _forget(turn: Turn) -> None:
    contributions = await _respondent_contributions(turn)
    for contribution in contributions:
        await erase_contribution(turn.session, contribution.id, now=turn.now)
    if turn.contribution is not None and turn.contribution in contributions:
        turn.contribution = None
    turn.say("forget_done", count=len(contributions))


async def _delete_map(turn: Turn, map_id: int) -> None:
    if await member_role(turn.session, map_id, turn.user.id) != "owner":
        turn.say("delete_owner_only", "error")
        return
    if turn.contribution is not None and turn.contribution.map_id == map_id:
        turn.contribution = None
    await delete_map(turn.session, map_id)
    turn.say("delete_done")


async def export(turn: Turn) -> None:
    """The user's own answers, every map and role, as a JSON document."""
    query = (
        select(Contribution, Map.title)
        .join(Map, Map.id == Contribution.map_id)
        .where(Contribution.user_id == turn.user.id, Contribution.state.is_not(None))
        .order_by(Contribution.id)
    )
    items = []
    for contribution, title in (await turn.session.execute(query)).all():
        items.append(
            {
                "map": title,
                "role": contribution.role,
                "status": contribution.status,
                "started_at": contribution.started_at.isoformat(),
                "named_in_report": contribution.named,
                "answers": await current_answers(turn.session, contribution.id),
            }
        )
    payload = {"user": turn.user.display_name, "exported_at": turn.now.isoformat(), "items": items}
    data = json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")
    turn.reply.files.append(OutFile("journeybot-my-answers.json", data))
    turn.say("export_done", count=len(items))
