"""`journeybot run` killed with SIGKILL mid-update, then started again (issue 15, item 3):
an update Telegram handed out is never lost, and a requested report still arrives."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.chat.sending import OWNED_FOR
from bot.transports.telegram import OUTBOX_EVERY
from testkit.fakebotapi import FakeBotApi
from testkit.interview import OWNER_INTERVIEW, Command, Pick
from testkit.playback import send_action
from tests.support.telegram import BotUnderTest, play

pytestmark = pytest.mark.slow
JOURNEYBOT = Path(sys.executable).with_name("journeybot")


@asynccontextmanager
async def journeybot_run(api: FakeBotApi, database: Path, log: Path) -> AsyncIterator[None]:
    """`journeybot run` (long polling) on ``database``; killed with SIGKILL unless the body
    killed it already."""
    env = {
        **os.environ,
        "JOURNEYBOT_TELEGRAM_TOKEN": api.token,
        "JOURNEYBOT_TELEGRAM_API_URL": api.base_url,
        "JOURNEYBOT_DATABASE_URL": f"sqlite:///{database}",
        "JOURNEYBOT_LOG_LEVEL": "WARNING",
    }
    with log.open("ab") as stderr:
        process = await asyncio.create_subprocess_exec(
            str(JOURNEYBOT), "run", env=env, cwd=database.parent, stderr=stderr
        )
    try:
        yield
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGKILL)
        await asyncio.wait_for(process.wait(), timeout=10)


async def wait_for(condition: Callable[[], bool], api: FakeBotApi, timeout: float = 30) -> None:  # noqa: ASYNC109
    await api.wait_until(condition, timeout=timeout)


@pytest.fixture
def database(sqlite_url: str) -> Path:
    return Path(sqlite_url.removeprefix("sqlite:///"))


async def test_an_answer_confirmed_while_the_database_is_busy_survives_a_kill(
    fake_api: FakeBotApi, database: Path, tmp_path: Path
) -> None:
    """The answer arrives while the database is locked (the update cannot be stored yet); the
    bot is killed; after the restart the answer is applied all the same."""
    sara = fake_api.make_user("Sara", language_code="en")
    log = tmp_path / "bot.log"
    async with journeybot_run(fake_api, database, log):
        fake_api.user_starts(sara)
        await fake_api.wait_for_messages(sara, 4, timeout=30)
        before = len(fake_api.messages(sara))
        blocker = sqlite3.connect(database, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another writer holds the database
        try:
            send_action(fake_api, sara, Pick(3))  # the journey type: the whole experience
            # Long enough for the bot to fetch the update and ask for the next ones (which
            # confirms what it fetched, unless it holds back the unrecorded one).
            await asyncio.sleep(3)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
    async with journeybot_run(fake_api, database, log):
        await wait_for(lambda: len(fake_api.messages(sara)) > before, fake_api)
    with sqlite3.connect(database) as db:
        stored = db.execute("SELECT value FROM answers WHERE key = 'goal.journey_type'").fetchall()
    assert stored == [('"experience"',)], fake_api.transcript(sara)


async def test_a_report_cut_off_by_a_kill_is_sent_after_the_restart(
    fake_api: FakeBotApi, database: Path, tmp_path: Path
) -> None:
    """The bot is killed while the report renders ('Making the report…'); the started bot
    renders and sends it from the outbox once the killed one's hold on it ran out (`OWNED_FOR`:
    with several workers, the one that wrote a reply may still be sending it)."""
    anna = fake_api.make_user("Anna", language_code="nl")
    bot = BotUnderTest(fake_api, f"sqlite:///{database}")
    await bot.start()
    try:
        await play(fake_api, bot, anna, (Command("start"), *OWNER_INTERVIEW))
    finally:
        await bot.stop()
    log = tmp_path / "bot.log"
    async with journeybot_run(fake_api, database, log):
        send_action(fake_api, anna, Command("report"))
        await wait_for(lambda: bool(fake_api.chat_actions), fake_api)  # rendering now
    assert not fake_api.uploads, "the report was sent before the kill: nothing was cut off"
    async with journeybot_run(fake_api, database, log):
        await wait_for(
            lambda: any((u.filename or "").endswith(".pdf") for u in fake_api.uploads),
            fake_api,
            timeout=(OWNED_FOR + OUTBOX_EVERY).total_seconds() + 30,  # and the rendering
        )
    names = sorted((u.filename or "").rsplit(".", 1)[-1] for u in fake_api.uploads)
    assert names == ["html", "pdf", "png"]
    assert b"Traceback" not in log.read_bytes()
