"""Process wiring: one engine and session factory per process, migrations on start."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.service import ChatService
from bot.conversation.outgoing import ReportRequest, deep_link
from bot.features.reporting import read_map, write_files
from bot.settings import Settings
from bot.transports.terminal import TerminalChat
from flows.domain import Persona
from flows.i18n import Lang
from reports.formats import Format
from storage.db import create_engine, session_factory
from storage.invites import create_invite
from storage.maps import all_maps, respondent_counts
from storage.migrate import upgrade
from storage.models import Map
from storage.types import utcnow
from storage.users import users_by_id

if TYPE_CHECKING:  # python-telegram-bot loads only for the commands that talk to Telegram
    from telegram import Bot
    from telegram.ext import Application

__all__ = [
    "MapSummary",
    "UnknownPersonaError",
    "create_invite_link",
    "list_all_maps",
    "pick_persona",
    "run_telegram",
    "run_terminal",
    "serve_webhook",
    "set_telegram_webhook",
    "telegram_application",
    "telegram_webhook_info",
    "write_report",
]


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Migrate, then yield the process's session factory; dispose the engine at the end."""
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


async def run_terminal(
    settings: Settings,
    *,
    user: str,
    lang: Lang,
    reports_dir: Path,
    stdin: TextIO,
    stdout: TextIO,
    resume_command: str = "journeybot chat",
) -> None:
    """Run one local chat over stdin/stdout against the configured database; /report writes
    what it promises (the picture, the web page and the PDF) into ``reports_dir``."""
    async with database(settings) as sessions:
        service = ChatService(
            sessions,
            default_lang=lang,
            bot_username=settings.telegram_bot_username,
            default_timezone=settings.timezone,
        )
        chat = TerminalChat(
            service,
            user=user,
            lang=lang,
            reports_dir=reports_dir,
            stdin=stdin,
            stdout=stdout,
            echo_input=not stdin.isatty(),
            resume_command=resume_command,
        )
        await chat.run()


def run_telegram(settings: Settings, *, token: str, webhook: bool, listen: str, port: int) -> None:
    """Run the bot until interrupted: long polling, or a webhook worker (``webhook``) that
    only listens; `set_telegram_webhook` points Telegram at the workers, once. A worker
    without the webhook settings stops with a `SettingsError` before it touches anything."""
    webhook_settings = settings.require_webhook() if webhook else None
    application = telegram_application(settings, token=token)
    if webhook_settings is None:
        from bot.transports.telegram_intake import Poller
        from bot.transports.webhook import ALLOWED_UPDATES

        # Not PTB's run_polling: that confirms an update before it is recorded.
        Poller(application, allowed_updates=ALLOWED_UPDATES).run()
        return
    url, secret = webhook_settings
    asyncio.run(serve_webhook(application, listen=listen, port=port, url=url, secret=secret))


def telegram_application(
    settings: Settings, *, token: str, rate_limiter: bool = True
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The Application `journeybot run` runs, on a migrated database; it disposes of its
    engine when it shuts down. ``rate_limiter=False`` only for the benchmark of several
    workers (bench/workers.py): Telegram's flood limits would be measured instead."""
    # PTB 22 reads flood-control delays as timedelta with this (the future default); without
    # it every 429 also raises a deprecation warning.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    from bot.transports.telegram import ReminderSchedule, build_application

    asyncio.run(upgrade(settings.database_url))
    engine = create_engine(
        settings.database_url,
        connect_timeout=settings.database_connect_timeout,
        statement_timeout=settings.database_statement_timeout,
    )
    service = ChatService(
        session_factory(engine),
        default_lang=settings.default_language,
        default_timezone=settings.timezone,
    )
    application = build_application(
        service,
        token=token,
        base_url=settings.telegram_api_url,
        base_file_url=settings.file_url,
        reminders=ReminderSchedule(
            after=timedelta(hours=settings.reminder_after_hours),
            check_every=timedelta(minutes=settings.reminder_check_minutes),
        ),
        rate_limiter=rate_limiter,
    )

    async def dispose(_: object) -> None:
        await engine.dispose()

    application.post_shutdown = dispose
    return application


async def serve_webhook(
    application: Application[Any, Any, Any, Any, Any, Any],
    *,
    listen: str,
    port: int,
    url: str,
    secret: str,
) -> None:
    """One webhook worker until SIGINT or SIGTERM (what PTB's run_polling does for polling)."""
    from bot.transports.webhook import webhook_path, webhook_server

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with application:  # initialize, and shut down at the end
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        try:
            async with webhook_server(
                application, listen=listen, port=port, path=webhook_path(url), secret=secret
            ):
                await stop.wait()
        finally:
            await application.stop()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


async def set_telegram_webhook(settings: Settings, *, delete: bool = False) -> str:
    """Point Telegram at the webhook URL with the secret from the settings (or, ``delete``,
    remove the webhook); what Telegram now has, in one line."""
    from bot.transports.webhook import delete_webhook, set_webhook

    token = settings.require_token()
    url, secret = (None, None) if delete else settings.require_webhook()
    async with _bot(settings, token) as bot:
        if url is None or secret is None:
            await delete_webhook(bot)
        else:
            await set_webhook(bot, url=url, secret=secret)
    return await telegram_webhook_info(settings)


async def telegram_webhook_info(settings: Settings) -> str:
    """The webhook Telegram has now: its URL (or none), pending updates, the last error."""
    from bot.transports.webhook import webhook_info

    async with _bot(settings, settings.require_token()) as bot:
        info = await webhook_info(bot)
    line = f"webhook: {info.url or 'none (long polling)'}; pending updates: "
    line += str(info.pending_update_count)
    if info.last_error_message:
        line += f"; last error: {info.last_error_message}"
    return line


def _bot(settings: Settings, token: str) -> Bot:
    from telegram import Bot

    from bot.transports.aiohttp_request import AiohttpRequest

    return Bot(token, base_url=settings.telegram_api_url, request=AiohttpRequest())


async def write_report(
    settings: Settings, map_id: int, formats: tuple[Format, ...], out: Path
) -> list[Path] | None:
    """Write a map's report (local administration: no membership check)."""
    async with database(settings) as sessions, sessions() as session, session.begin():
        journey_map = await session.get(Map, map_id)
        if journey_map is None:
            return None
        request = ReportRequest(await read_map(session, journey_map, now=utcnow()))
    return await asyncio.to_thread(write_files, request, out, formats)


@dataclass(frozen=True)
class MapSummary:
    """One map as `journeybot maps` lists it."""

    id: int
    created: date
    title: str
    owner: str
    respondents: int  # people who answered as a customer or colleague
    personas: tuple[str, ...]  # names, in the map's order


async def list_all_maps(settings: Settings) -> list[MapSummary]:
    """Every map with its owner, respondents and personas, for `journeybot maps` (local admin)."""
    async with database(settings) as sessions, sessions() as session:
        maps = await all_maps(session)
        owners = await users_by_id(session, {m.owner_user_id for m in maps})
        counts = await respondent_counts(session)
        now = utcnow()
        summaries = []
        for m in maps:
            owner = owners.get(m.owner_user_id)
            data = await read_map(session, m, now=now, flow_id="owner")  # stages and personas
            summaries.append(
                MapSummary(
                    id=m.id,
                    created=m.created_at.date(),
                    title=m.title,
                    owner=(owner.display_name or owner.external_id) if owner else "",
                    respondents=counts.get(m.id, 0),
                    personas=tuple(p.name for p in data.personas),
                )
            )
        return summaries


class UnknownPersonaError(ValueError):
    """The name matches none of the map's personas, or several; ``names`` are the map's."""

    def __init__(self, wanted: str, names: tuple[str, ...], matches: tuple[str, ...] = ()):
        super().__init__(wanted)
        self.wanted = wanted
        self.names = names
        self.matches = matches


def pick_persona(personas: list[Persona], wanted: str) -> str:
    """The id of the persona named ``wanted``: the whole name or its start, any case (like
    `/report <persona>`); the id itself (``p0``) also works. Raises UnknownPersonaError."""
    key = wanted.strip().casefold()
    names = tuple(p.name for p in personas)
    exact = [p for p in personas if p.name.casefold() == key or p.id == wanted.strip()]
    if exact:
        return exact[0].id
    prefixed = [p for p in personas if key and p.name.casefold().startswith(key)]
    if len(prefixed) == 1:
        return prefixed[0].id
    raise UnknownPersonaError(wanted, names, tuple(p.name for p in prefixed))


async def create_invite_link(
    settings: Settings,
    map_id: int,
    *,
    role: Literal["customer", "colleague", "editor"],
    days: int,
    max_uses: int | None,
    persona: str | None,
    address: Literal["je", "u"] | None = None,
) -> tuple[str, str | None] | None:
    """Create an invite as the map's owner (local administration); the token and its link.
    ``persona`` is a persona's name (see `pick_persona`); an unknown one raises
    UnknownPersonaError and creates nothing. ``address`` sets how the map's customer
    interviews address customers ("je" or "u"; None keeps the map's choice)."""
    async with database(settings) as sessions, sessions() as session, session.begin():
        journey_map = await session.get(Map, map_id)
        if journey_map is None:
            return None
        now = utcnow()
        if persona is not None:
            data = await read_map(session, journey_map, now=now, flow_id="owner")
            persona = pick_persona(data.personas, persona)
        if address is not None:
            journey_map.customer_address = address
        _, token = await create_invite(
            session,
            map_id=map_id,
            role=role,
            created_by=journey_map.owner_user_id,
            expires_at=now + timedelta(days=days),
            max_uses=max_uses,
            persona_key=persona,
            now=now,
        )
    username = settings.telegram_bot_username
    return token, deep_link(username, token) if username else None
