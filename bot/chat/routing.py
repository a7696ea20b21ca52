"""Where an input goes: a chat-layer button, an open dialog, a command, or the interview.

Commands that need the database or other people (maps, invites, reports, privacy) are handled
here; everything about the interview itself (back, skip, help, cancel...) is the engine's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.conversation import dialogs
from bot.conversation.turn import Turn
from bot.features import interview, invites, owner_view, privacy
from bot.features.interview import MAP_BUTTON_PREFIX
from bot.zones import is_known_zone
from flows.values import Inbound

__all__ = ["COMMANDS", "Handler", "route"]

Handler = Callable[[Turn, Inbound], Awaitable[None]]


async def _status(turn: Turn, inbound: Inbound) -> None:
    """The map's respondents (owners), then where the person is, then the question again."""
    await owner_view.map_status(turn)
    if turn.contribution is not None:
        await interview.answer(turn, inbound)


async def _report(turn: Turn, inbound: Inbound) -> None:
    if await interview.report(turn, inbound.args):
        await turn.resume()  # below the report's files


async def _start(turn: Turn, inbound: Inbound) -> None:
    if inbound.args:
        await invites.open_link(turn, inbound.args.split()[0])
    else:
        await interview.start(turn)


async def _language(turn: Turn, inbound: Inbound) -> None:
    if turn.contribution is not None:
        await interview.answer(turn, inbound)
        return
    wanted = inbound.args.strip().lower()
    if wanted in ("nl", "en"):
        turn.user.language = wanted
    turn.say("no_active_map")


async def _stop(turn: Turn, inbound: Inbound) -> None:
    turn.user.notify = False
    turn.say("stopped_notifications")
    await turn.resume()


async def _timezone(turn: Turn, inbound: Inbound) -> None:
    """/timezone Europe/Amsterdam: when reminders may come (never at night there)."""
    wanted = inbound.args.strip()
    if not wanted:
        zone = turn.user.timezone or turn.context.default_timezone
        turn.say("timezone_is", zone=zone)
    elif is_known_zone(wanted):
        turn.user.timezone = wanted
        turn.say("timezone_set", zone=wanted)
    else:
        turn.say("timezone_unknown", "error", zone=wanted[:40])
    await turn.resume()


async def _notify(turn: Turn, inbound: Inbound) -> None:
    turn.user.notify = inbound.args.strip().lower() not in ("off", "uit")
    turn.say("notify_on" if turn.user.notify else "stopped_notifications")


def _plain(action: Callable[[Turn], Awaitable[None]]) -> Handler:
    async def handler(turn: Turn, inbound: Inbound) -> None:
        await action(turn)

    return handler


def _then_resume(action: Callable[[Turn], Awaitable[None]]) -> Handler:
    """A side command: do it, then show the current question again."""

    async def handler(turn: Turn, inbound: Inbound) -> None:
        await action(turn)
        await turn.resume()

    return handler


# Commands of the chat layer; everything else (back, skip, status, help, cancel...) is the
# interview engine's.
COMMANDS: dict[str, Handler] = {
    "start": _start,
    "new": _plain(interview.new_map),
    "maps": _plain(interview.list_maps),
    "report": _report,
    "status": _status,
    "language": _language,
    "invite": _plain(invites.start_invite_dialog),
    "invites": _then_resume(invites.list_map_invites),
    "remind": _then_resume(owner_view.remind_now),
    "forget": _plain(privacy.ask_forget),
    "export": _then_resume(privacy.export),
    "deletemap": _plain(privacy.ask_delete_map),
    "stop": _stop,
    "notify": _notify,
    "timezone": _timezone,
}
# These leave an open dialog (an unfinished invite or consent) for good.
_DIALOG_ESCAPES = {"start", "new", "maps", "forget", "deletemap"}


async def route(turn: Turn, inbound: Inbound) -> None:
    """Send an input on: a map or revoke button, an open dialog, a command, else the interview."""
    command = inbound.command if inbound.kind == "command" else ""
    data = inbound.data if inbound.kind == "button" else ""
    if data.startswith(MAP_BUTTON_PREFIX):
        dialogs.close(turn)
        await interview.switch_map(turn, data.removeprefix(MAP_BUTTON_PREFIX))
        return
    if data.startswith(invites.REVOKE_PREFIX):
        await invites.revoke(turn, data.removeprefix(invites.REVOKE_PREFIX))
        return
    dialog = dialogs.current(turn)
    if dialog is not None and command not in _DIALOG_ESCAPES:
        await _dialog_input(turn, dialog, inbound)
        return
    if dialog is not None:
        dialogs.close(turn)
    handler = COMMANDS.get(command)
    if handler is not None:
        await handler(turn, inbound)
    elif turn.contribution is None:
        # First contact without /start (or after /forget): begin a map right away.
        await interview.start(turn)
    else:
        await interview.answer(turn, inbound)


async def _dialog_input(turn: Turn, dialog: dialogs.Dialog, inbound: Inbound) -> None:
    outcome = dialogs.feed(turn, dialog, inbound)
    if outcome.finished and dialog.flow_id == invites.INVITE_FLOW:
        await invites.finish_invite_dialog(turn, outcome.values, outcome.data)
        await turn.resume()
    elif outcome.finished and dialog.flow_id == invites.CONSENT_FLOW:
        await invites.finish_consent(turn, outcome.values, outcome.data)
    elif outcome.finished and dialog.flow_id == privacy.CONFIRM_FLOW:
        await privacy.finish_confirm(turn, outcome.values, outcome.data)
    elif outcome.cancelled:
        await turn.resume()
