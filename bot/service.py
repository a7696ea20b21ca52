"""The transport-neutral chat service: one input in, one transaction, messages and files out.

Both transports (Telegram and the terminal) call `ChatService.handle`; it loads the user's
conversation, runs the pure engine, and stores answers, the new engine state and the processed
update id in ONE transaction. Map-level commands that need the database (/new, /maps, /report)
are handled here; everything about the interview itself is the engine's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.keyed_lock import KeyedLock
from bot.outgoing import OutFile
from bot.reporting import MapReport, build_map_report
from bot.texts import T
from flows import engine
from flows.i18n import Lang, pick_lang
from flows.schema import Flow, builtin_flow
from flows.values import Button, FlowState, Inbound, OutMessage, Step
from storage.answers import append_answers
from storage.contributions import (
    StaleStateError,
    find_active_contribution,
    finish_contribution,
    get_contribution,
    save_contribution_state,
    start_contribution,
)
from storage.conversations import load_conversation, save_conversation
from storage.maps import create_map, get_map_for_member, list_maps_for_user
from storage.models import Channel, Contribution, Conversation, Map, User
from storage.updates import claim_update
from storage.users import get_or_create_user

log = logging.getLogger(__name__)

OWNER_FLOW = "owner"
MAP_BUTTON_PREFIX = "map:"
_MAX_STALE_RETRIES = 3


@dataclass(frozen=True, slots=True)
class Who:
    """The sender of an input, as the transport knows them."""

    channel: Channel
    external_id: str
    display_name: str = ""
    language_code: str | None = None


@dataclass(slots=True)
class Reply:
    """What to send back. ``duplicate`` marks a redelivered update that was not applied again."""

    messages: list[OutMessage] = field(default_factory=list)
    files: list[OutFile] = field(default_factory=list)
    lang: Lang = "nl"
    duplicate: bool = False
    report: MapReport | None = None


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
    ) -> None:
        self._sessions = sessions
        self.default_lang = default_lang
        self._clock = clock
        self._report_formats = report_formats
        self._locks = KeyedLock()
        self._flows: dict[str, Flow] = {}

    def flow(self, flow_id: str) -> Flow:
        if flow_id not in self._flows:
            self._flows[flow_id] = builtin_flow(flow_id)
        return self._flows[flow_id]

    async def handle(self, who: Who, inbound: Inbound, *, update_id: int | None = None) -> Reply:
        """Apply one input exactly once and say what to send back."""
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
        if reply.report is not None:
            # Rendering is slow and needs no transaction: do it after the commit.
            try:
                files = await asyncio.to_thread(reply.report.files, self._report_formats)
            except Exception:
                log.exception("report rendering failed")
                reply.messages.append(OutMessage(T("report_failed", reply.lang), kind="error"))
            else:
                reply.files.extend(files)
        return reply

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
            turn = _Turn(self, session, user, conversation, now)
            reply = await turn.run(inbound)
            await save_conversation(
                session,
                conversation,
                active_contribution_id=turn.contribution.id if turn.contribution else None,
                ui=conversation.ui,
                now=now,
            )
            return reply


class _Turn:
    """One input's handling inside its transaction."""

    def __init__(
        self,
        service: ChatService,
        session: AsyncSession,
        user: User,
        conversation: Conversation,
        now: datetime,
    ) -> None:
        self.service = service
        self.session = session
        self.user = user
        self.conversation = conversation
        self.now = now
        self.contribution: Contribution | None = None
        self.reply = Reply(lang=self.lang)

    @property
    def lang(self) -> Lang:
        return pick_lang(self.user.language, self.service.default_lang)

    async def run(self, inbound: Inbound) -> Reply:
        if self.conversation.active_contribution_id is not None:
            self.contribution = await get_contribution(
                self.session, self.conversation.active_contribution_id
            )
            if self.contribution is not None and self.contribution.state is None:
                self.contribution = None  # erased
        command = inbound.command if inbound.kind == "command" else ""
        if command == "start":
            await self._start()
        elif command == "new":
            await self._new_map()
        elif command == "maps":
            await self._list_maps()
        elif command == "report":
            await self._report()
            if self.contribution is not None:
                self._show(engine.resume(self._flow(), self._state()))
        elif inbound.kind == "button" and inbound.data.startswith(MAP_BUTTON_PREFIX):
            await self._switch_map(inbound.data.removeprefix(MAP_BUTTON_PREFIX))
        elif command == "language" and self.contribution is None:
            self._set_language(inbound.args)
        elif self.contribution is None:
            # First contact without /start (or after an erase): begin a map right away.
            await self._start()
        else:
            await self._advance(inbound)
        self.reply.lang = self.lang
        return self.reply

    # -- commands that need the database ---------------------------------------------------

    async def _start(self) -> None:
        if self.contribution is not None:
            journey_map = await self.session.get(Map, self.contribution.map_id)
            title = journey_map.title if journey_map else ""
            self.reply.messages.append(OutMessage(T("welcome_back", self.lang, title=title)))
            self._show(engine.resume(self._flow(), self._state()))
            return
        self.reply.messages.append(OutMessage(T("welcome", self.lang)))
        await self._begin_map()

    async def _new_map(self) -> None:
        self.reply.messages.append(OutMessage(T("new_map", self.lang)))
        await self._begin_map()

    async def _begin_map(self) -> None:
        title = T("untitled_map", self.lang, date=self.now.strftime("%d-%m-%Y"))
        journey_map = await create_map(
            self.session, owner=self.user, title=title, language=self.lang
        )
        flow = self.service.flow(OWNER_FLOW)
        step = engine.start(flow, lang=self.lang, now=self.now)
        self.contribution = await start_contribution(
            self.session,
            map_id=journey_map.id,
            user_id=self.user.id,
            role="owner",
            flow_id=OWNER_FLOW,
            state=step.state,
            now=self.now,
        )
        self._show(step)

    async def _list_maps(self) -> None:
        maps = await list_maps_for_user(self.session, self.user.id)
        if not maps:
            self.reply.messages.append(OutMessage(T("maps_none", self.lang)))
            return
        active = self.contribution.map_id if self.contribution else None
        rows = tuple(
            (
                _button(
                    ("✅ " if m.id == active else "") + m.title,
                    f"{MAP_BUTTON_PREFIX}{m.id}",
                ),
            )
            for m in maps[:50]
        )
        self.reply.messages.append(OutMessage(T("maps_header", self.lang), buttons=rows))

    async def _switch_map(self, raw_id: str) -> None:
        journey_map = (
            await get_map_for_member(self.session, int(raw_id), self.user.id)
            if raw_id.isdigit()
            else None
        )
        if journey_map is None:
            self.reply.messages.append(OutMessage(T("map_not_found", self.lang), kind="error"))
            return
        contribution = await find_active_contribution(
            self.session, map_id=journey_map.id, user_id=self.user.id, flow_id=OWNER_FLOW
        )
        if contribution is None:
            # Finished or cancelled before: continue from its last state in the menu.
            contribution = await self._latest_owner_contribution(journey_map.id)
        if contribution is None:
            self.reply.messages.append(OutMessage(T("map_not_found", self.lang), kind="error"))
            return
        self.contribution = contribution
        self.reply.messages.append(
            OutMessage(T("map_switched", self.lang, title=journey_map.title))
        )
        self._show(engine.resume(self._flow(), self._state()))

    async def _latest_owner_contribution(self, map_id: int) -> Contribution | None:
        query = (
            select(Contribution)
            .where(
                Contribution.map_id == map_id,
                Contribution.user_id == self.user.id,
                Contribution.flow_id == OWNER_FLOW,
                Contribution.state.is_not(None),
            )
            .order_by(Contribution.id.desc())
            .limit(1)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def _report(self) -> None:
        if self.contribution is None:
            self.reply.messages.append(OutMessage(T("no_active_map", self.lang), kind="error"))
            return
        journey_map = await get_map_for_member(self.session, self.contribution.map_id, self.user.id)
        if journey_map is None:
            self.reply.messages.append(OutMessage(T("map_not_found", self.lang), kind="error"))
            return
        self.reply.report = await build_map_report(self.session, journey_map, now=self.now)
        self.reply.messages.append(
            OutMessage(T("report_ready", self.lang, title=journey_map.title))
        )

    def _set_language(self, args: str) -> None:
        wanted = args.strip().lower()
        if wanted in ("nl", "en"):
            self.user.language = wanted
        self.reply.messages.append(OutMessage(T("no_active_map", self.lang)))

    # -- the interview ---------------------------------------------------------------------

    def _flow(self) -> Flow:
        assert self.contribution is not None
        return self.service.flow(self.contribution.flow_id)

    def _state(self) -> FlowState:
        assert self.contribution is not None
        assert self.contribution.state is not None
        return FlowState.model_validate(self.contribution.state)

    async def _advance(self, inbound: Inbound) -> None:
        assert self.contribution is not None
        contribution = self.contribution
        version = contribution.version
        step = engine.advance(self._flow(), self._state(), inbound, self.now)
        if step.answers:
            await append_answers(self.session, contribution.id, step.answers, self.now)
            await self._maybe_retitle(step)
        await save_contribution_state(
            self.session, contribution, step.state, expected_version=version, now=self.now
        )
        if "language_changed" in step.signals:
            self.user.language = step.state.lang
        if "first_pass_done" in step.signals and contribution.status == "active":
            await finish_contribution(self.session, contribution, now=self.now)
        self._show(step)
        if "report" in step.signals:
            await self._report()

    async def _maybe_retitle(self, step: Step) -> None:
        """Keep the map's title in step with the owner's answer to the title question."""
        assert self.contribution is not None
        for record in step.answers:
            parts = record.key.split(".")
            if parts[0] == "goal" and parts[-1] == "title" and isinstance(record.value, str):
                journey_map = await self.session.get(Map, self.contribution.map_id)
                if journey_map is not None and record.value.strip():
                    journey_map.title = record.value.strip()[:200]

    def _show(self, step: Step) -> None:
        self.reply.messages.extend(step.messages)


def _button(label: str, data: str) -> Button:
    return Button(label=label if len(label) <= 60 else label[:59] + "…", data=data)
