"""Invites: owners create deep links (with a QR code); people who open one give consent, then
get the customer or colleague interview, or become co-owner.

Tokens are shown once and stored only hashed (storage.invites); every refusal (unknown,
expired, revoked, used up) gets a friendly message and creates nothing.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import segno

from bot.conversation import dialogs
from bot.conversation.inputs import parse_id
from bot.conversation.outgoing import OutFile
from bot.conversation.turn import Turn, addressed, button, welcome_back_key
from bot.features import interview
from bot.features.interview import OWNER_FLOW
from bot.features.reporting import read_map
from flows import engine
from flows.domain import Stage
from flows.i18n import Lang
from flows.projection import own_stage_wording, stage_context
from flows.values import JSONValue
from storage.contributions import latest_contribution, start_contribution
from storage.invites import (
    InviteRefusal,
    check_invite,
    create_invite,
    get_invite,
    list_invites,
    redeem_invite_by_id,
    refusal,
    revoke_invite,
)
from storage.maps import add_editor, get_map_for_member
from storage.models import CustomerAddress, Invite, Map, User

__all__ = [
    "CONSENT_FLOW",
    "INVITE_FLOW",
    "REVOKE_PREFIX",
    "finish_consent",
    "finish_invite_dialog",
    "list_map_invites",
    "open_link",
    "qr_png",
    "revoke",
    "start_invite_dialog",
]

REVOKE_PREFIX = "revoke:"
INVITE_FLOW = "invite"
CONSENT_FLOW = "consent"
_REFUSAL_TEXT = {
    InviteRefusal.UNKNOWN: "invite_unknown",
    InviteRefusal.EXPIRED: "invite_expired",
    InviteRefusal.REVOKED: "invite_revoked",
    InviteRefusal.USED_UP: "invite_used_up",
}


async def _member_map(turn: Turn) -> Map | None:
    """The active map, if the user owns or edits it."""
    if turn.contribution is None:
        return None
    return await get_map_for_member(turn.session, turn.contribution.map_id, turn.user.id)


# -- creating and managing invites ------------------------------------------------------------


async def start_invite_dialog(turn: Turn) -> None:
    """/invite: open the invite dialog for the active map, offering its personas."""
    journey_map = await _member_map(turn)
    if journey_map is None:
        turn.say("invite_needs_map", "error")
        return
    data = await read_map(turn.session, journey_map, now=turn.now, flow_id=OWNER_FLOW)
    personas: list[JSONValue] = [{"key": p.id, "name": p.name} for p in data.personas]
    context = stage_context(
        data.stages, wording=journey_map.stage_wording, address=journey_map.customer_address
    )
    dialogs.open_dialog(
        turn,
        INVITE_FLOW,
        data={"map_id": journey_map.id, "stages": [[s.key, s.name] for s in data.stages]},
        context={**context, "personas": personas},
    )


async def finish_invite_dialog(turn: Turn, values: dict[str, Any], data: dict[str, Any]) -> None:
    """Create the invite the dialog settled on and show its link and QR code once."""
    journey_map = await get_map_for_member(turn.session, int(data["map_id"]), turn.user.id)
    if journey_map is None:  # removed as editor meanwhile
        turn.say("map_not_found", "error")
        return
    role = str(values.get("role", "customer"))
    raw_uses = values.get("max_uses")
    max_uses = None if raw_uses in (None, "unlimited") else int(raw_uses)
    days = int(str(values.get("expires", "30")))
    persona = values.get("persona")
    if role == "customer":
        _keep_customer_view(journey_map, values, data, turn.lang)
    invite, token = await create_invite(
        turn.session,
        map_id=journey_map.id,
        role=role,  # type: ignore[arg-type]
        created_by=turn.user.id,
        expires_at=turn.now + timedelta(days=days),
        max_uses=max_uses,
        persona_key=str(persona) if persona else None,
        now=turn.now,
    )
    link = turn.context.invite_link(token)
    role_label = turn.t(f"role_{role}")
    if link is None:
        turn.say("invite_created_no_link", role=role_label, title=journey_map.title, token=token)
    else:
        turn.say("invite_created", role=role_label, title=journey_map.title, link=link, days=days)
        turn.reply.files.append(
            OutFile(f"invite-{invite.id}.png", qr_png(link), "photo", turn.t("invite_qr_caption"))
        )


def _keep_customer_view(
    journey_map: Map, values: dict[str, Any], data: dict[str, Any], lang: Lang
) -> None:
    """Keep the address and the stage wording a customer invite settled on as the map's: only
    wording that differs from the generated one is kept, so the rest follows the address."""
    address: CustomerAddress = "u" if values.get("address") == "u" else "je"
    journey_map.customer_address = address
    lines = values.get("stage_wording")
    if isinstance(lines, list):
        stages = [Stage(key=str(key), name=str(name)) for key, name in data.get("stages", [])]
        journey_map.stage_wording = own_stage_wording(stages, lines, lang, formal=address == "u")


def qr_png(link: str) -> bytes:
    """A QR code of the link, large enough to scan from a printed page or a screen."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


async def list_map_invites(turn: Turn) -> None:
    """/invites: the map's latest invites with uses, expiry and status; revoke buttons."""
    journey_map = await _member_map(turn)
    if journey_map is None:
        turn.say("invite_needs_map", "error")
        return
    invites = await list_invites(turn.session, journey_map.id)
    if not invites:
        turn.say("invites_none")
        return
    lines = [turn.t("invites_header", title=journey_map.title)]
    rows = []
    for invite in invites[-40:]:
        status = _status(turn, invite)
        uses = f"{invite.uses}/{invite.max_uses}" if invite.max_uses else f"{invite.uses}/∞"
        lines.append(
            f"#{invite.id} · {turn.t('role_' + invite.role)} · {uses} · "
            f"{turn.t('invite_until', date=invite.expires_at.strftime('%d-%m-%Y'))} · {status}"
        )
        if status == turn.t("invite_status_active"):
            rows.append(
                (button(turn.t("invite_revoke", id=invite.id), f"{REVOKE_PREFIX}{invite.id}"),)
            )
    turn.ask("\n".join(lines), tuple(rows))


def _status(turn: Turn, invite: Invite) -> str:
    """The invite's state in words, by the same rule that refuses a link (`refusal`)."""
    why = refusal(invite, turn.now)
    return turn.t(f"invite_status_{why.value}" if why else "invite_status_active")


async def revoke(turn: Turn, raw_id: str) -> None:
    """A revoke button: revoke the invite, but only on a map the user owns or edits."""
    invite_id = parse_id(raw_id)
    invite = await get_invite(turn.session, invite_id) if invite_id else None
    journey_map = (
        await get_map_for_member(turn.session, invite.map_id, turn.user.id) if invite else None
    )
    if invite is None or journey_map is None:
        turn.say("invite_not_yours", "error")
        return
    if await revoke_invite(turn.session, invite.id, map_id=journey_map.id, now=turn.now):
        turn.say("invite_revoked_done", id=invite.id)
    else:
        turn.say("invite_revoked_already", id=invite.id)


# -- opening a link ---------------------------------------------------------------------------


async def open_link(turn: Turn, token: str) -> None:
    """``/start <token>``: check the invite and ask for consent (nothing of the person is kept
    before it but their id)."""
    invite = await check_invite(turn.session, token, turn.now)
    if isinstance(invite, InviteRefusal):
        turn.say(_REFUSAL_TEXT[invite], "error")
        return
    journey_map = await turn.session.get(Map, invite.map_id)
    assert journey_map is not None
    if invite.role == "editor":
        await _become_editor(turn, invite, journey_map)
        return
    existing = await latest_contribution(
        turn.session, map_id=invite.map_id, user_id=turn.user.id, role=invite.role
    )
    if existing is not None:
        turn.contribution = existing
        turn.say(welcome_back_key(existing), title=journey_map.title)
        await turn.resume()
        return
    owner = await turn.session.get(User, journey_map.owner_user_id)
    address = _address(journey_map, invite.role)
    turn.say(
        addressed(f"consent_intro_{invite.role}", address == "u"),
        owner=(owner.display_name if owner else "") or turn.t("someone"),
        title=journey_map.title,
    )
    dialogs.open_dialog(
        turn,
        CONSENT_FLOW,
        data={"invite_id": invite.id, "address": address},
        context={"address": address},
    )


def _address(journey_map: Map, role: str) -> CustomerAddress:
    """How an invitee is addressed: customers as the map says, colleagues always as "je"."""
    return journey_map.customer_address if role == "customer" else "je"


async def _become_editor(turn: Turn, invite: Invite, journey_map: Map) -> None:
    redeemed = await redeem_invite_by_id(turn.session, invite.id, turn.now)
    if isinstance(redeemed, InviteRefusal):
        turn.say(_REFUSAL_TEXT[redeemed], "error")
        return
    await add_editor(turn.session, journey_map.id, turn.user.id)
    turn.remember_person(named=True)  # a co-owner is named, as the owner is
    turn.say("editor_welcome", title=journey_map.title)
    await interview.switch_map(turn, str(journey_map.id))


async def finish_consent(turn: Turn, values: dict[str, Any], data: dict[str, Any]) -> None:
    """Consent given: redeem the invite and start the respondent's interview on the map's stages."""
    choice = values.get("consent")
    address = str(data.get("address", "je"))
    if choice not in ("anonymous", "named"):
        turn.say(addressed("consent_declined", address == "u"))
        return
    invite = await redeem_invite_by_id(turn.session, int(data["invite_id"]), turn.now)
    if isinstance(invite, InviteRefusal):
        turn.say(_REFUSAL_TEXT[invite], "error")
        return
    journey_map = await turn.session.get(Map, invite.map_id)
    assert journey_map is not None
    outline = await read_map(turn.session, journey_map, now=turn.now, flow_id=OWNER_FLOW)
    context = stage_context(
        outline.stages,
        wording=journey_map.stage_wording if invite.role == "customer" else None,
        address=_address(journey_map, invite.role),
        market=outline.market,
    )
    flow = turn.context.flow(invite.role, formal=context["address"] == "u")
    step = engine.start(flow, lang=turn.lang, now=turn.now, context=context)
    turn.remember_person(named=choice == "named")
    turn.contribution = await start_contribution(
        turn.session,
        map_id=journey_map.id,
        user_id=turn.user.id,
        role=invite.role,
        flow_id=invite.role,
        state=step.state,
        now=turn.now,
        invite_id=invite.id,
        consent_at=turn.now,
        named=choice == "named",
    )
    turn.say(addressed("consent_thanks", address == "u"))
    turn.show(step)
