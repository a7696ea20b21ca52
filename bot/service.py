"""The transport-neutral chat service: one input in, one transaction, messages and files out.

Both transports (Telegram and the terminal) call `ChatService.handle`; it loads the user's
conversation, routes the input (a command, a button of the chat layer, an open dialog, or the
interview engine) and stores answers, the new engine state and the processed update id in ONE
transaction. The feature modules (interview, invites, dialogs, privacy, owner_view) work on
the `Turn` of that transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import dialogs, interview, invites, owner_view, privacy
from bot.interview import MAP_BUTTON_PREFIX, OWNER_FLOW
from bot.keyed_lock import KeyedLock
from bot.texts import T
from bot.turn import Notice, Reply, Turn, Who
from flows.i18n import Lang, pick_lang
from flows.schema import Flow, builtin_flow
from flows.values import Inbound, OutMessage
from storage.contributions import StaleStateError, get_contribution
from storage.conversations import load_conversation, save_conversation
from storage.updates import claim_update
from storage.users import get_or_create_user

__all__ = ["MAP_BUTTON_PREFIX", "OWNER_FLOW", "ChatService", "Notice", "Reply", "Who"]

log = logging.getLogger(__name__)

_MAX_STALE_RETRIES = 3


def utcnow() -> datetime:
    return datetime.now(UTC)


class ChatService:
    """Handles inputs for every user; safe to call concurrently (serialised per user)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        default_lang: Lang = "nl",
        clock: Callable[[], datetime] = utcnow,
        report_formats: tuple[str, ...] = ("png", "html", "pdf"),
        bot_username: str | None = None,
    ) -> None:
        self._sessions = sessions
        self.default_lang = default_lang
        self._clock = clock
        self._report_formats = report_formats
        self._locks = KeyedLock()
        self._flows: dict[str, Flow] = {}
        # Set by the Telegram transport once it knows its username (getMe): invite links.
        self.bot_username = bot_username

    def invite_link(self, token: str) -> str | None:
        """The deep link that opens the bot with an invite token (None if no bot is known)."""
        return f"https://t.me/{self.bot_username}?start={token}" if self.bot_username else None

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        return self._sessions

    def now(self) -> datetime:
        return self._clock()

    def flow(self, flow_id: str) -> Flow:
        if flow_id not in self._flows:
            self._flows[flow_id] = builtin_flow(flow_id)
        return self._flows[flow_id]

    async def handle(
        self,
        who: Who,
        inbound: Inbound,
        *,
        update_id: int | None = None,
        render_report: bool = True,
    ) -> Reply:
        """Apply one input exactly once and say what to send back. With ``render_report``
        false, a requested report stays in ``reply.report`` for `render_report`."""
        async with self._locks.hold((who.channel, who.external_id)):
            for attempt in range(_MAX_STALE_RETRIES):
                try:
                    reply = await self._handle_once(who, inbound, update_id)
                    break
                except StaleStateError:
                    # Another worker moved this contribution; redo the input on fresh state.
                    log.info("stale state for %s, retry %d", who.external_id, attempt + 1)
            else:
                raise RuntimeError("conversation kept changing under us")
        if render_report:
            await self.render_report(reply)
        return reply

    async def render_report(self, reply: Reply) -> None:
        """Render a requested report into ``reply.files`` (an error message if it fails).

        Slow (PDF layout takes seconds) and needs no transaction, so it runs after the commit,
        in a thread; a transport may first send the messages and show it is working."""
        if reply.report is None:
            return
        report, reply.report = reply.report, None
        try:
            files = await asyncio.to_thread(report.files, self._report_formats)
        except Exception:
            log.exception("report rendering failed")
            reply.messages.append(OutMessage(T("report_failed", reply.lang), kind="error"))
        else:
            reply.files.extend(files)

    async def _handle_once(self, who: Who, inbound: Inbound, update_id: int | None) -> Reply:
        now = self._clock()
        async with self._sessions() as session, session.begin():
            if update_id is not None and not await claim_update(session, who.channel, update_id):
                return Reply(duplicate=True)
            user = await get_or_create_user(
                session,
                channel=who.channel,
                external_id=who.external_id,
                display_name=who.display_name,
                language=pick_lang(who.language_code, self.default_lang),
            )
            conversation = await load_conversation(session, user.id)
            turn = Turn(self, session, user, conversation, now)
            if conversation.active_contribution_id is not None:
                contribution = await get_contribution(session, conversation.active_contribution_id)
                # An erased contribution (/forget) is no place to continue.
                if contribution is not None and contribution.state is not None:
                    turn.contribution = contribution
            await route(turn, inbound)
            turn.reply.lang = turn.lang
            await save_conversation(
                session,
                conversation,
                active_contribution_id=turn.contribution.id if turn.contribution else None,
                ui=turn.ui,
                now=now,
            )
            return turn.reply


Handler = Callable[[Turn, Inbound], Awaitable[None]]


async def _status(turn: Turn, inbound: Inbound) -> None:
    if turn.contribution is not None:
        await interview.advance(turn, inbound)
    await owner_view.map_status(turn)


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
        await interview.advance(turn, inbound)
        return
    wanted = inbound.args.strip().lower()
    if wanted in ("nl", "en"):
        turn.user.language = wanted
    turn.say("no_active_map")


async def _stop(turn: Turn, inbound: Inbound) -> None:
    turn.user.notify = False
    turn.say("stopped_notifications")
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
}
# These leave an open dialog (an unfinished invite or consent) for good.
_DIALOG_ESCAPES = {"start", "new", "maps", "forget", "deletemap"}


async def route(turn: Turn, inbound: Inbound) -> None:
    command = inbound.command if inbound.kind == "command" else ""
    data = inbound.data if inbound.kind == "button" else ""
    if data.startswith(MAP_BUTTON_PREFIX):
        dialogs.close(turn)
        await interview.switch_map(turn, data.removeprefix(MAP_BUTTON_PREFIX))
        return
    if data.startswith(invites.REVOKE_PREFIX):
        await invites.revoke(turn, data.removeprefix(invites.REVOKE_PREFIX))
        return
    if data.startswith(privacy.CONFIRM_PREFIX):
        await privacy.confirm(turn, data)
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
        await interview.advance(turn, inbound)


async def _dialog_input(turn: Turn, dialog: dialogs.Dialog, inbound: Inbound) -> None:
    outcome = dialogs.advance(turn, dialog, inbound)
    if outcome.finished and dialog.flow_id == invites.INVITE_FLOW:
        await invites.finish_invite_dialog(turn, outcome.values, outcome.data)
        await turn.resume()
    elif outcome.finished and dialog.flow_id == invites.CONSENT_FLOW:
        await invites.finish_consent(turn, outcome.values, outcome.data)
    elif outcome.cancelled:
        await turn.resume()
