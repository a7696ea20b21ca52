"""`journeybot run` as a real process, configured only through its environment, against the
fake Bot API: settings, migrations on start, polling, a clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from testkit.fakebotapi import FakeBotApi

pytestmark = pytest.mark.slow
JOURNEYBOT = Path(sys.executable).with_name("journeybot")


async def test_run_serves_users_and_stops_cleanly(fake_api: FakeBotApi, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "JOURNEYBOT_TELEGRAM_TOKEN": fake_api.token,
        "JOURNEYBOT_TELEGRAM_API_URL": fake_api.base_url,
        "JOURNEYBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
        "JOURNEYBOT_LOG_LEVEL": "warning",
    }
    process = await asyncio.create_subprocess_exec(
        str(JOURNEYBOT),
        "run",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await fake_api.wait_until(lambda: bool(fake_api.commands(language_code="nl")), timeout=30)
        sara = fake_api.make_user("Sara", language_code="en")
        fake_api.user_starts(sara)
        messages = await fake_api.wait_for_messages(sara, 3, timeout=15)
        assert "journey map" in messages[0].text
        assert "Step 1 of 5" in fake_api.transcript(sara)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
    assert process.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr
    assert (tmp_path / "run.db").exists()
