"""Process wiring: one engine and session factory per process, migrations on start."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Literal, TextIO

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.service import ChatService
from bot.conversation.outgoing import ReportRequest, deep_link
from bot.features.reporting import read_map, write_files
from bot.settings import Settings
from bot.transports.terminal import TerminalChat
from flows.i18n import Lang
from reports.formats import Format
from storage.db import create_engine, session_factory
from storage.invites import create_invite
from storage.maps import all_maps
from storage.migrate import upgrade
from storage.models import Map
from storage.types import utcnow

__all__ = ["create_invite_link", "list_all_maps", "run_telegram", "run_terminal", "write_report"]


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
    settings: Settings, *, user: str, lang: Lang, reports_dir: Path, stdin: TextIO, stdout: TextIO
) -> None:
    """Run one local chat over stdin/stdout against the configured database."""
    async with database(settings) as sessions:
        service = ChatService(
            sessions,
            default_lang=lang,
            report_formats=("html",),
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
        )
        await chat.run()


def run_telegram(
    settings: Settings, *, token: str, webhook_url: str | None, listen: str, port: int
) -> None:
    """Run the bot until interrupted. PTB owns the event loop here, so set up inside it."""
    # PTB 22 reads flood-control delays as timedelta with this (the future default); without
    # it every 429 also raises a deprecation warning.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    from bot.transports.telegram import ReminderSchedule, build_application

    asyncio.run(upgrade(settings.database_url))
    engine = create_engine(settings.database_url)
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
    )

    async def dispose(_: object) -> None:
        await engine.dispose()

    application.post_shutdown = dispose
    allowed = ["message", "edited_message", "callback_query"]
    if webhook_url:
        application.run_webhook(
            listen=listen,
            port=port,
            webhook_url=webhook_url,
            allowed_updates=allowed,
            secret_token=secrets.token_urlsafe(32),  # new per start; Telegram echoes it
        )
    else:
        application.run_polling(allowed_updates=allowed)


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


async def list_all_maps(settings: Settings) -> list[str]:
    """Every map as an id, date and title line, for `journeybot maps` (local admin)."""
    async with database(settings) as sessions, sessions() as session:
        maps = await all_maps(session)
        return [f"{m.id}\t{m.created_at:%Y-%m-%d}\t{m.title}" for m in maps]


async def create_invite_link(
    settings: Settings,
    map_id: int,
    *,
    role: Literal["customer", "colleague", "editor"],
    days: int,
    max_uses: int | None,
    persona: str | None,
) -> tuple[str, str | None] | None:
    """Create an invite as the map's owner (local administration); the token and its link."""
    async with database(settings) as sessions, sessions() as session, session.begin():
        journey_map = await session.get(Map, map_id)
        if journey_map is None:
            return None
        now = utcnow()
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
