"""A shared map over Telegram (issue 5): an owner invites customers and colleagues; they answer
in interleaved order, in Dutch and English; reminders, refusals, privacy and the merged report."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from storage.db import create_engine, session_factory
from storage.invites import create_invite
from testkit.fakebotapi import FakeBotApi
from testkit.interview import OWNER_INTERVIEW, Command, Pick, Type
from testkit.playback import last_keyboard_message
from tests.support.respondents import (
    COLLEAGUE_INTERVIEW,
    COLLEAGUE_PAIN,
    CUSTOMER_HALF,
    CUSTOMER_INTERVIEW,
    CUSTOMER_QUOTE,
)
from tests.support.shared_map import consent, invite
from tests.support.telegram import BotUnderTest, act, play

pytestmark = pytest.mark.slow
DAAN_QUOTE = "Daar sta je dan, met een jarige thuis"
# Daan's own words, so the report can show that /forget removed exactly his.
DAAN_INTERVIEW = tuple(
    Type(DAAN_QUOTE) if action == Type(CUSTOMER_QUOTE) else action for action in CUSTOMER_INTERVIEW
)


@pytest.fixture
async def bot(fake_api: FakeBotApi, sqlite_url: str) -> AsyncIterator[BotUnderTest]:
    runner = BotUnderTest(fake_api, sqlite_url)
    await runner.start()
    yield runner
    await runner.stop()


async def test_owner_customers_and_colleagues_make_one_map(
    fake_api: FakeBotApi, bot: BotUnderTest
) -> None:
    api = fake_api
    owner = api.make_user("Anna", language_code="nl")
    await act(api, bot, owner, Command("start"))
    await play(api, bot, owner, OWNER_INTERVIEW)

    customer_token = await invite(api, bot, owner, 1)
    colleague_token = await invite(api, bot, owner, 2)
    assert customer_token != colleague_token
    assert len(customer_token) >= 22  # ≥ 128 bits in URL-safe base64

    daan = api.make_user("Daan", language_code="nl")
    emma = api.make_user("Emma", language_code="en")
    fleur = api.make_user("Fleur", language_code="nl")
    gert = api.make_user("Gert", language_code="nl")
    hanna = api.make_user("Hanna", language_code="en")

    # Consent first: nothing is stored before it; the intro names who asks.
    await bot.handled(api.user_starts(daan, customer_token))
    assert "Anna" in api.transcript(daan)
    assert "/forget" in api.transcript(daan)
    await act(api, bot, daan, Pick(1))
    await consent(api, bot, emma, customer_token)
    assert "Roughly when was that?" in api.texts(emma)[-1]
    await consent(api, bot, fleur, customer_token)
    await consent(api, bot, gert, colleague_token)
    await consent(api, bot, hanna, colleague_token)

    # Interleaved: everyone answers a bit, in turns.
    await play(api, bot, daan, DAAN_INTERVIEW[:5])
    await play(api, bot, gert, COLLEAGUE_INTERVIEW[:3])
    await play(api, bot, emma, CUSTOMER_INTERVIEW[:7])
    await play(api, bot, fleur, CUSTOMER_HALF)  # Fleur stops halfway
    await play(api, bot, hanna, COLLEAGUE_INTERVIEW)
    await play(api, bot, daan, DAAN_INTERVIEW[5:])
    await play(api, bot, emma, CUSTOMER_INTERVIEW[7:])
    await play(api, bot, gert, COLLEAGUE_INTERVIEW[3:])

    # The owner was told each time someone finished.
    finished_notes = [t for t in api.texts(owner) if "afgerond" in t]
    assert len(finished_notes) == 4

    # A day later Fleur, and only Fleur, gets a reminder; quiet hours and /stop are respected.
    bot.now += timedelta(hours=25)
    before = len(api.texts(fleur))
    await bot.run_reminder_job()
    await api.wait_idle(quiet=0.1)
    assert len(api.texts(fleur)) == before + 1
    assert "/start" in api.texts(fleur)[-1]
    assert not any("halfway" in t or "halverwege" in t for t in api.texts(emma))
    bot.now += timedelta(hours=12)  # 22:00 in Amsterdam: no reminder at night
    await bot.run_reminder_job()
    await api.wait_idle(quiet=0.1)
    assert len(api.texts(fleur)) == before + 1

    # Fleur comes back the next morning and finishes where she was.
    bot.now += timedelta(hours=12)
    await act(api, bot, fleur, Command("start"))
    assert "Welcome back" in api.texts(fleur)[-2] or "Welkom terug" in api.texts(fleur)[-2]
    await play(api, bot, fleur, CUSTOMER_INTERVIEW[4:8])  # the second stage, then stop again

    # The owner's view: counts per role, customers anonymous.
    await act(api, bot, owner, Command("status"))
    status = "\n".join(api.texts(owner)[-3:])  # the counts, where you are, the question
    assert "3 begonnen, 2 klaar, 1 bezig" in status, api.transcript(owner)[-800:]
    assert "2 begonnen, 2 klaar, 0 bezig" in status
    assert "Daan" not in status

    # The merged report holds customers' and colleagues' words, and both curves.
    await act(api, bot, owner, Command("report"))
    html = next(
        u for u in reversed(api.uploads) if (u.filename or "").endswith(".html")
    ).data.decode()
    assert CUSTOMER_QUOTE in html
    assert DAAN_QUOTE in html
    assert COLLEAGUE_PAIN in html
    assert 'data-series="internal"' in html  # both curves on one chart
    assert 'data-series="external"' in html
    assert "Daan" not in html
    assert "Emma" not in html

    # A respondent cannot reach the report.
    await act(api, bot, emma, Command("report"))
    assert "owners" in api.texts(emma)[-1]
    assert not [u for u in api.uploads if u.chat_id == emma.id]

    # /forget removes Daan from the next report.
    await act(api, bot, daan, Command("forget"))
    await act(api, bot, daan, Pick(1))
    assert "Gewist" in api.texts(daan)[-1]
    await act(api, bot, owner, Command("report"))
    html = next(
        u for u in reversed(api.uploads) if (u.filename or "").endswith(".html")
    ).data.decode()
    assert DAAN_QUOTE not in html
    assert CUSTOMER_QUOTE in html  # Emma's stays
    assert COLLEAGUE_PAIN in html


async def test_forged_expired_and_revoked_links_are_refused(
    fake_api: FakeBotApi, bot: BotUnderTest
) -> None:
    api = fake_api
    owner = api.make_user("Anna", language_code="nl")
    await act(api, bot, owner, Command("start"))
    await play(api, bot, owner, OWNER_INTERVIEW[:5])  # up to the stages: no persona yet
    token = await invite(api, bot, owner, 1, persona=False)

    # Revoke it from /invites.
    await act(api, bot, owner, Command("invites"))
    listing = last_keyboard_message(api, owner)
    assert "0/∞" in (listing.text or "")
    await bot.handled(api.user_presses(listing, 0).update_id)
    assert "ingetrokken" in api.texts(owner)[-2] or "ingetrokken" in api.texts(owner)[-1]

    # An expired invite, made directly in the database.
    engine = create_engine(bot.database_url)
    async with session_factory(engine)() as session, session.begin():
        _, expired = await create_invite(
            session, map_id=1, role="customer", created_by=1, expires_at=bot.now - timedelta(days=1)
        )
    await engine.dispose()

    ivo = api.make_user("Ivo", language_code="nl")
    for forged_or_not, expected in (
        ("A" * 32, "ken ik niet"),
        (expired, "verlopen"),
        (token, "ingetrokken"),
    ):
        await bot.handled(api.user_starts(ivo, forged_or_not))
        assert expected in api.texts(ivo)[-1], api.transcript(ivo)
    # Nothing was created for Ivo: no consent question, no interview.
    assert all("Doe je mee" not in t for t in api.texts(ivo))
