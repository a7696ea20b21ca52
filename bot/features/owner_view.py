"""The owner's view of a shared map: who was invited, started and finished; notifications when
a respondent finishes; reminders sent on the owner's request (/remind)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from bot.conversation.outgoing import Notice
from bot.conversation.texts import T
from bot.conversation.turn import Turn, addressed, formal_contribution
from flows.i18n import pick_lang
from flows.values import OutMessage
from storage.contributions import contributions_for_map, mark_reminded
from storage.invites import list_invites
from storage.maps import get_map_for_member, members_to_notify
from storage.models import Contribution, Map, User
from storage.users import users_by_id

__all__ = [
    "MAX_REMINDERS",
    "RESPONDENT_ROLES",
    "map_status",
    "notify_finished",
    "remind_now",
    "reminder_text",
]

RESPONDENT_ROLES = ("customer", "colleague")
MAX_REMINDERS = 2


async def map_status(turn: Turn) -> None:
    """Append, for owners and editors, the map's respondents per role (customers anonymous)."""
    if turn.contribution is None:
        return
    journey_map = await get_map_for_member(turn.session, turn.contribution.map_id, turn.user.id)
    if journey_map is None:
        return
    invites = await list_invites(turn.session, journey_map.id)
    contributions = await contributions_for_map(turn.session, journey_map.id)
    invited: Counter[str] = Counter()
    for invite in invites:
        invited[invite.role] += invite.uses
    started: Counter[str] = Counter()
    finished: Counter[str] = Counter()
    for contribution in contributions:
        if contribution.role in RESPONDENT_ROLES and contribution.state is not None:
            started[contribution.role] += 1
            finished[contribution.role] += contribution.status == "finished"
    if not invites:
        turn.say("status_no_invites", title=journey_map.title)
        return
    lines = [turn.t("status_map", title=journey_map.title, links=len(invites))]
    for role in RESPONDENT_ROLES:
        name = turn.t(f"role_{role}")
        lines.append(
            turn.t(
                "status_role",
                role=name[:1].upper() + name[1:],
                started=started[role],
                finished=finished[role],
                open=started[role] - finished[role],
            )
        )
    names = await _colleague_names(turn, contributions)
    if names:
        lines.append(turn.t("status_colleagues", names=", ".join(names)))
    turn.reply.messages.append(OutMessage("\n".join(lines)))


async def _colleague_names(turn: Turn, contributions: list[Contribution]) -> list[str]:
    """Colleagues who agreed to be named; customers are never listed by name."""
    named = {c.user_id: c.status for c in contributions if c.role == "colleague" and c.named}
    if not named:
        return []
    users = (await users_by_id(turn.session, named.keys())).values()
    done = turn.t("finished_mark")
    return [
        f"{u.display_name or ''}{' ' + done if named[u.id] == 'finished' else ''}" for u in users
    ]


async def notify_finished(turn: Turn, contribution: Contribution) -> None:
    """Tell the map's owners and editors (who did not switch notifications off)."""
    journey_map = await turn.session.get(Map, contribution.map_id)
    if journey_map is None:
        return
    members = await members_to_notify(turn.session, journey_map.id)
    contributions = await contributions_for_map(turn.session, journey_map.id)
    # an erased contribution (/forget) is an empty shell that keeps its status: not counted
    done = sum(
        c.status == "finished" and c.role in RESPONDENT_ROLES and c.state is not None
        for c in contributions
    )
    for member in members:
        lang = pick_lang(member.language)
        role = T(f"role_one_{contribution.role}", lang)
        text = T("notify_finished", lang, role=role, title=journey_map.title, done=done)
        turn.reply.notices.append(Notice(member.channel, member.external_id, text))


def reminder_text(user: User, journey_map: Map, contribution: Contribution) -> str:
    """The reminder in the respondent's own language, addressing them as their interview
    does ("je" or "u"; shared by /remind and the job)."""
    key = addressed("reminder", formal_contribution(contribution))
    return T(key, pick_lang(user.language), title=journey_map.title)


async def remind_now(turn: Turn) -> None:
    """/remind: remind every respondent of the active map who started but did not finish."""
    if turn.contribution is None:
        turn.say("invite_needs_map", "error")
        return
    journey_map = await get_map_for_member(turn.session, turn.contribution.map_id, turn.user.id)
    if journey_map is None:
        turn.say("invite_needs_map", "error")
        return
    sent = await remind_open(turn, journey_map, turn.now)
    turn.say("remind_sent", count=sent)


async def remind_open(turn: Turn, journey_map: Map, now: datetime) -> int:
    """Remind respondents who started but did not finish (capped, opt-outs skipped)."""
    contributions = await contributions_for_map(turn.session, journey_map.id, statuses=["active"])
    sent = 0
    for contribution in contributions:
        if (
            contribution.role not in RESPONDENT_ROLES
            or contribution.reminders_sent >= MAX_REMINDERS
        ):
            continue
        user = await turn.session.get(User, contribution.user_id)
        if user is None or not user.notify:
            continue
        await mark_reminded(turn.session, contribution, now=now)
        turn.reply.notices.append(
            Notice(user.channel, user.external_id, reminder_text(user, journey_map, contribution))
        )
        sent += 1
    return sent
