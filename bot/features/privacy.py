"""Privacy: /forget erases what a respondent gave (and the person's name and language when
they have no other role), /export sends it to them, /deletemap removes an owner's whole map.
Destructive commands say what would go and ask first through the `confirm` dialog — the one
confirmation mechanism — so an old or forged button does nothing."""

from __future__ import annotations

import json
from typing import Any

from bot.conversation import dialogs
from bot.conversation.outgoing import OutFile
from bot.conversation.texts import T
from bot.conversation.turn import Turn
from bot.features.owner_view import RESPONDENT_ROLES
from flows.values import OutMessage
from storage.answers import current_answers
from storage.contributions import erase_contribution, live_contributions_of
from storage.maps import delete_map, get_map_for_member, map_titles, member_role
from storage.users import forget_person

__all__ = ["CONFIRM_FLOW", "ask_delete_map", "ask_forget", "export", "finish_confirm"]

CONFIRM_FLOW = "confirm"


async def ask_forget(turn: Turn) -> None:
    """/forget: say what would be erased, then ask to confirm."""
    if not await live_contributions_of(turn.session, turn.user.id, roles=RESPONDENT_ROLES):
        turn.say("forget_nothing")
        return
    turn.say("forget_confirm")
    dialogs.open_dialog(turn, CONFIRM_FLOW, data={"action": "forget"})


async def ask_delete_map(turn: Turn) -> None:
    """/deletemap: the owner of the active map is told what goes, then asked to confirm."""
    if turn.contribution is None:
        turn.say("no_active_map", "error")
        return
    map_id = turn.contribution.map_id
    journey_map = await get_map_for_member(turn.session, map_id, turn.user.id)
    if journey_map is None or await member_role(turn.session, map_id, turn.user.id) != "owner":
        turn.say("delete_owner_only", "error")
        return
    turn.say("delete_confirm", title=journey_map.title)
    dialogs.open_dialog(turn, CONFIRM_FLOW, data={"action": "deletemap", "map_id": map_id})


async def finish_confirm(turn: Turn, values: dict[str, Any], data: dict[str, Any]) -> None:
    """The answer to a confirmation: act on "yes", keep everything otherwise."""
    if values.get("confirm") != "yes":
        turn.say("confirm_kept")
        await turn.resume()
        return
    if data.get("action") == "forget":
        await _forget(turn)
    elif data.get("action") == "deletemap":
        await _delete_map(turn, int(data["map_id"]))


async def _forget(turn: Turn) -> None:
    contributions = await live_contributions_of(turn.session, turn.user.id, roles=RESPONDENT_ROLES)
    for contribution in contributions:
        await erase_contribution(turn.session, contribution.id, now=turn.now)
    if turn.contribution is not None and turn.contribution in contributions:
        turn.contribution = None
    lang = turn.lang  # the words come in the language they were using, kept or not
    # With no other role (no map of their own, nothing else they answer) the person goes too.
    forgotten = await forget_person(turn.session, turn.user)
    done = T("forget_done_person" if forgotten else "forget_done", lang, count=len(contributions))
    turn.reply.messages.append(OutMessage(done))
    await turn.resume()


async def _delete_map(turn: Turn, map_id: int) -> None:
    # Checked again: the owner may have changed between the question and the answer.
    if await member_role(turn.session, map_id, turn.user.id) != "owner":
        turn.say("delete_owner_only", "error")
        return
    if turn.contribution is not None and turn.contribution.map_id == map_id:
        turn.contribution = None
    await delete_map(turn.session, map_id)
    turn.say("delete_done")
    await turn.resume()


async def export(turn: Turn) -> None:
    """The user's own answers, every map and role, as a JSON document."""
    contributions = await live_contributions_of(turn.session, turn.user.id)
    titles = await map_titles(turn.session, {c.map_id for c in contributions})
    items = [
        {
            "map": titles.get(contribution.map_id, ""),
            "role": contribution.role,
            "status": contribution.status,
            "started_at": contribution.started_at.isoformat(),
            "named_in_report": contribution.named,
            "answers": await current_answers(turn.session, contribution.id),
        }
        for contribution in contributions
    ]
    payload = {"user": turn.user.display_name, "exported_at": turn.now.isoformat(), "items": items}
    data = json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")
    turn.reply.files.append(OutFile("journeybot-my-answers.json", data))
    turn.say("export_done", count=len(items))
