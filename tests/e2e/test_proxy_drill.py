"""The deployment drilled (issue 15, item 9): two `journeybot run --webhook` processes behind
HAProxy, configured by deploy/haproxy.cfg (the file Compose and systemd use), on one
PostgreSQL, fed by the fake Bot API over several connections at once, as Telegram posts.

Owners interview side by side, people send bursts of answers, customers answer an invite and
go quiet: every update is applied once and lands on its own question in the order sent,
whichever worker received it; both workers take deliveries; each quiet customer gets their
reminders once, not once per worker.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import sys
from asyncio.subprocess import PIPE
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.conversation.texts import T
from flows.texts import T as FLOW_T
from storage.answers import current_answers
from storage.db import create_engine, session_factory
from storage.models import Contribution, InboxUpdate, User
from testkit.fakebotapi import FakeBotApi, FakeUser
from testkit.interview import OWNER_INTERVIEW, Action, Command, Pick, Type
from testkit.playback import send_action
from testkit.proxy import accepting, forwarding, free_port, haproxy, haproxy_binary
from tests.support.respondents import CUSTOMER_INTERVIEW
from tests.support.tools import missing_tool

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
JOURNEYBOT = Path(sys.executable).with_name("journeybot")
SECRET = "drill-secret-shared-by-every-worker"
REMINDER_AFTER_S = 2.0
BURST = ("Titel {n}", "Bestellen {n}; Ophalen {n}", "Persona {n}", "Omschrijving {n}")
FAILURES = (T("internal_error", "nl"), FLOW_T("stale_button", "nl"))


@pytest.fixture
def haproxy_path() -> str:
    """Debian's haproxy; CI installs it (scripts/test), so there a missing one fails."""
    path = haproxy_binary()
    if path is None:
        missing_tool("Debian's haproxy is not installed (scripts/test installs it when root)")
    return path


@pytest.fixture
async def telegram(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeBotApi]:
    """The fake Bot API posting over eight connections at once (one update per chat at a
    time, as Telegram's server does)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    async with FakeBotApi(webhook_workers=8) as api:
        yield api
        api.assert_no_unexpected_errors()


def daytime_zone(now: datetime) -> str:
    """A time zone where it is day now: reminders keep quiet between 21:00 and 08:00."""
    for offset in range(-12, 15):
        if 10 <= (now.hour + offset) % 24 < 19:
            return f"Etc/GMT{-offset:+d}"  # sic: Etc/GMT-2 is two hours ahead of UTC
    raise AssertionError("unreachable: some zone always has daytime")


def activity(api: FakeBotApi, user: FakeUser) -> int:
    """Messages the bot sent ``user``, counting each edit as one more."""
    return sum(1 + len(m.history) for m in api.messages(user))


async def settled(api: FakeBotApi, user: FakeUser, before: int, *, at_least: int = 1) -> None:
    """Wait until the bot answered: ``at_least`` messages or edits more than ``before``, then
    nothing new for a moment (the workers signal nothing else from another process)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while activity(api, user) < before + at_least:
        assert loop.time() < deadline, api.transcript(user)
        await asyncio.sleep(0.02)
    seen = activity(api, user)
    while True:
        await asyncio.sleep(0.3)
        if activity(api, user) == seen:
            return
        seen = activity(api, user)


async def play(api: FakeBotApi, user: FakeUser, script: Sequence[Action], sent: list[int]) -> None:
    """One person answering, each answer after the bot's reply and a moment's thought."""
    for action in script:
        before = activity(api, user)
        sent.append(send_action(api, user, action))
        await settled(api, user, before)
        await asyncio.sleep(random.uniform(0, 0.1))


def own(script: Sequence[Action], n: int) -> list[Action]:
    """``script`` with this person's own typed answers (so each lands where it belongs)."""
    return [Type(f"{a.text} [{n}]") if isinstance(a, Type) else a for a in script]


async def run(*args: str, env: dict[str, str], cwd: Path) -> str:
    process = await asyncio.create_subprocess_exec(
        str(JOURNEYBOT), *args, env=env, cwd=cwd, stdout=PIPE, stderr=PIPE
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode()


async def test_two_workers_behind_haproxy_apply_each_update_once_and_in_order(
    telegram: FakeBotApi, postgres_url: str, haproxy_path: str, tmp_path: Path
) -> None:
    api = telegram
    proxy_port, ports = free_port(), [free_port(), free_port()]
    env = {
        **os.environ,
        "JOURNEYBOT_TELEGRAM_TOKEN": api.token,
        "JOURNEYBOT_TELEGRAM_API_URL": api.base_url,
        "JOURNEYBOT_DATABASE_URL": postgres_url,
        "JOURNEYBOT_LOG_LEVEL": "warning",
        "JOURNEYBOT_WEBHOOK_URL": f"http://127.0.0.1:{proxy_port}/telegram",
        "JOURNEYBOT_WEBHOOK_SECRET": SECRET,
        "JOURNEYBOT_REMINDER_AFTER_HOURS": str(REMINDER_AFTER_S / 3600),
        "JOURNEYBOT_REMINDER_CHECK_MINUTES": str(0.25 / 60),
        "JOURNEYBOT_TIMEZONE": daytime_zone(datetime.now(UTC)),
    }
    proxy_log = tmp_path / "haproxy.log"
    async with haproxy(haproxy_path, port=proxy_port, workers=ports, log=proxy_log):
        # Once, before the workers (which never set it: they would each set their own).
        assert "/telegram" in await run("webhook", "set", env=env, cwd=tmp_path)
        assert api.webhook is not None
        assert api.webhook.secret_token == SECRET
        logs = [(tmp_path / f"worker{n}.log").open("wb") for n in (1, 2)]
        workers = [
            await asyncio.create_subprocess_exec(
                *(str(JOURNEYBOT), "run", "--webhook", "--port", str(port)),
                env=env,
                cwd=tmp_path,
                stdout=log,
                stderr=log,
            )
            for port, log in zip(ports, logs, strict=True)
        ]
        try:
            for port in ports:
                await accepting(port)
            await forwarding(proxy_port, to=len(ports))
            sent = await drill(api, env, tmp_path)
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                await asyncio.wait_for(worker.wait(), timeout=30)
            for log in logs:
                log.close()
    for n, worker in enumerate(workers, start=1):
        output = (tmp_path / f"worker{n}.log").read_text(errors="replace")
        assert worker.returncode == 0, output
        assert "Traceback" not in output, output
    # Every delivery went through the proxy, to both workers; none was refused.
    served = proxy_log.read_text(errors="replace")
    assert served.count("workers/worker1 ") >= 10, served[-2000:]
    assert served.count("workers/worker2 ") >= 10, served[-2000:]
    assert api.webhook_errors == []
    assert api.request_counts["setWebhook"] == 1
    # Every update sent was recorded once and applied.
    engine = create_engine(postgres_url)
    try:
        async with session_factory(engine)() as session:
            inbox = (await session.execute(select(InboxUpdate))).scalars().all()
        assert sorted(u.update_id for u in inbox) == sorted(sent)
        assert all(u.applied_at is not None for u in inbox)
    finally:
        await engine.dispose()


async def drill(api: FakeBotApi, env: dict[str, str], cwd: Path) -> list[int]:
    """The people's part; the update ids they sent."""
    sent: list[int] = []
    olga = api.make_user("Olga", language_code="nl")
    await play(api, olga, own((Command("start"), *OWNER_INTERVIEW[:4]), 0), sent)
    printed = await run("invite", "1", "--role", "customer", env=env, cwd=cwd)
    match = re.search(r"/start (\S+)", printed)
    assert match, printed
    owners = [api.make_user(f"Owner{n}", language_code="nl") for n in range(1, 7)]
    bursting = [api.make_user(f"Burst{n}", language_code="nl") for n in range(4)]
    customers = [api.make_user(f"Klant{n}", language_code="en") for n in range(3)]
    answering = (Command("start", match.group(1)), Pick(1), *CUSTOMER_INTERVIEW[:2])
    await asyncio.gather(
        *(
            play(api, u, own((Command("start"), *OWNER_INTERVIEW[:12]), n), sent)
            for n, u in enumerate(owners, start=1)
        ),
        *(burst(api, u, n, sent) for n, u in enumerate(bursting)),
        *(play(api, u, answering, sent) for u in customers),
    )
    for n, user in enumerate(owners, start=1):
        answers = await answers_of(env, user)
        typed = [a.text for a in own(OWNER_INTERVIEW[:12], n) if isinstance(a, Type)]
        assert answers["goal.title"] == typed[1]  # the reason comes first, then the title
        assert sorted(v for v in answers.values() if isinstance(v, str) and v in typed) == sorted(
            typed
        )
    for n, user in enumerate(bursting):
        answers = await answers_of(env, user)
        assert answers["goal.title"] == f"Titel {n}"
        assert answers["stages"] == [f"Bestellen {n}", f"Ophalen {n}"]
        assert answers["personas.0.name"] == f"Persona {n}"
        assert answers["personas.0.description"] == f"Omschrijving {n}"
    for user in (olga, *owners, *bursting, *customers):
        transcript = api.transcript(user)
        assert not any(failure in transcript for failure in FAILURES), transcript
    await reminded_twice_each(api, env, customers)
    return sent


async def burst(api: FakeBotApi, user: FakeUser, n: int, sent: list[int]) -> None:
    """To the title question, then four answers typed at once, without waiting."""
    await play(api, user, (Command("start"), Pick(3), Type(f"De reden {n}"), Pick(1)), sent)
    before = activity(api, user)
    sent.extend(api.user_sends_text(user, text.format(n=n)) or 0 for text in BURST)
    await settled(api, user, before, at_least=len(BURST))


async def answers_of(env: dict[str, str], user: FakeUser) -> dict[str, object]:
    engine = create_engine(env["JOURNEYBOT_DATABASE_URL"])
    try:
        async with session_factory(engine)() as session:
            contribution = (
                await session.execute(
                    select(Contribution)
                    .join(User, User.id == Contribution.user_id)
                    .where(User.external_id == str(user.id))
                )
            ).scalar_one()
            return dict(await current_answers(session, contribution.id))
    finally:
        await engine.dispose()


async def reminded_twice_each(
    api: FakeBotApi, env: dict[str, str], customers: list[FakeUser]
) -> None:
    """Each quiet customer gets their two reminders (one per quiet spell), once each,
    whichever of the two workers' checks — every quarter second — finds them due."""
    reminder = T("reminder", "en", title="").split("‘")[0]

    def reminders(user: FakeUser) -> int:
        return sum(reminder in text for text in api.texts(user))

    await api.wait_until(
        lambda: all(reminders(u) >= 2 for u in customers),
        timeout=4 * REMINDER_AFTER_S + 20,
        what="two reminders for every quiet customer",
    )
    await asyncio.sleep(1.0)  # four more checks of each worker: nothing more is sent
    assert [reminders(u) for u in customers] == [2] * len(customers)
