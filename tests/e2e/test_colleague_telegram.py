"""The colleague interview over Telegram (issue 13, item 6) on SQLite and PostgreSQL: colleagues
in Dutch and English tell what customers ask, what we do behind the scenes and who owns what
goes wrong; the stored answers, the JSON report (and its projection) and the HTML report show
it; resume, /export, reminders and /forget keep working; an interview begun on version 1 of
the flow finishes on version 1 after version 2 ships."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from markupsafe import escape

from flows.schema import BUILTIN_FLOWS
from testkit.fakebotapi import FakeBotApi, FakeUser
from testkit.interview import OWNER_INTERVIEW, Action, Command, Pick, Type
from tests.support.respondents import (
    COLLEAGUE_ASKED,
    COLLEAGUE_BACKSTAGE,
    COLLEAGUE_INTERVIEW,
    COLLEAGUE_OWNER,
    COLLEAGUE_PAIN,
)
from tests.support.shared_map import consent, flows_before_v2, invite, report, stored
from tests.support.telegram import BotUnderTest, act, play

pytestmark = pytest.mark.slow

# An English colleague, over two stages: the map's sixth and seventh (Gert's one stage).
EN_ASKED = "Can I collect it myself?"
EN_BACKSTAGE = "We check every order by hand before <packing>"
EN_PAIN = "The courier misses the time slot"
EN_OWNER = "Logistics"
EN_INTERVIEW: tuple[Action, ...] = (
    Type("Front desk"),
    Type("6,7"),  # involved: two stages
    Type("They order a cake online"),
    Type("1"),  # website
    Type(EN_ASKED),
    Pick(3),  # 0
    Type(EN_BACKSTAGE),
    Command("skip"),  # nothing goes wrong there: no owner asked
    Type("They wait at home"),
    Command("skip"),  # no channel
    Command("skip"),  # no question
    Pick(2),  # -1
    Command("skip"),  # no back office
    Type(EN_PAIN),
    Type(EN_OWNER),
    Pick(2),  # no idea
)


@pytest.fixture
async def bot(fake_api: FakeBotApi, db_url: str) -> AsyncIterator[BotUnderTest]:
    runner = BotUnderTest(fake_api, db_url, report_formats=("html", "json"))
    await runner.start()
    yield runner
    await runner.stop()


async def map_with_colleague_link(api: FakeBotApi, bot: BotUnderTest) -> tuple[FakeUser, str]:
    """Anna maps her bakery and makes a link for colleagues; returns her and its token."""
    owner = api.make_user("Anna", language_code="nl")
    await act(api, bot, owner, Command("start"))
    await play(api, bot, owner, OWNER_INTERVIEW)
    return owner, await invite(api, bot, owner, 2)


async def test_colleagues_tell_the_back_office_in_dutch_and_english(
    fake_api: FakeBotApi, bot: BotUnderTest, db_url: str
) -> None:
    api = fake_api
    owner, token = await map_with_colleague_link(api, bot)
    gert = api.make_user("Gert", language_code="nl")
    hanna = api.make_user("Hanna", language_code="en")
    await consent(api, bot, gert, token)  # anonymously
    await bot.handled(api.user_starts(hanna, token))
    await act(api, bot, hanna, Pick(2))  # with her name
    assert "ten minutes" in api.transcript(hanna)

    await play(api, bot, gert, COLLEAGUE_INTERVIEW)
    assert "Wat vragen klanten je in deze fase het vaakst?" in api.transcript(gert)
    assert "Wie is eigenaar van wat hier misgaat?" in api.transcript(gert)

    # Hanna stops halfway; a day later she is reminded; after a restart she carries on.
    await play(api, bot, hanna, EN_INTERVIEW[:8])
    bot.now += timedelta(hours=25)
    before = len(api.texts(hanna))
    await bot.run_reminder_job()
    await api.wait_idle(quiet=0.1)
    assert len(api.texts(hanna)) == before + 1
    await bot.stop()
    await bot.start()
    await act(api, bot, hanna, Command("start"))
    assert "What do customers do at this stage" in api.texts(hanna)[-1]
    await play(api, bot, hanna, EN_INTERVIEW[8:])
    transcript = api.transcript(hanna)
    assert "What do we do behind the scenes at this stage" in transcript
    assert transcript.count("Who owns what goes wrong here?") == 1  # only of the problem named

    # Stored: every new answer, on version 2 of the flow.
    state, answers = await stored(bot.database_url, gert, "colleague")
    assert state["flow_version"] == 2
    (stage,) = answers["involved"]  # Hanna's second stage too
    assert answers["stage_views.0.questions"] == COLLEAGUE_ASKED
    assert answers["stage_views.0.backstage"] == COLLEAGUE_BACKSTAGE
    assert answers["stage_views.0.pain_owner"] == COLLEAGUE_OWNER
    assert "stage_views.0.owner" not in answers
    _, answers = await stored(bot.database_url, hanna, "colleague")
    assert answers["stage_views.0.backstage"] == EN_BACKSTAGE
    assert answers["stage_views.0.pain_point"] is None
    assert "stage_views.0.pain_owner" not in answers
    assert answers["stage_views.1.pain_owner"] == EN_OWNER

    # Her own answers, exported, carry them too.
    await act(api, bot, hanna, Command("export"))
    export = next(u for u in reversed(api.uploads) if u.chat_id == hanna.id)
    (item,) = json.loads(export.data)["items"]
    assert item["answers"]["stage_views.0.questions"] == EN_ASKED

    html, data = await report(api, bot, owner)
    # The projection (the JSON report's source) ...
    by_stage = {
        (x["respondent_id"], x["stage"]): x
        for x in data["source"]["experiences"]
        if x["backstage"] or x["pain_owner"]
    }
    assert {(x["backstage"], x["questions"], x["pain_owner"]) for x in by_stage.values()} == {
        (COLLEAGUE_BACKSTAGE, COLLEAGUE_ASKED, COLLEAGUE_OWNER),
        (EN_BACKSTAGE, EN_ASKED, None),
        (None, None, EN_OWNER),
    }
    # ... and the colleague evidence per stage: the department said it, never the name.
    seen = next(s for s in data["evidence"]["colleague_stages"] if s["stage"] == stage)
    assert seen["backstage"]["steps"] == [{"text": COLLEAGUE_BACKSTAGE, "department": "Winkel"}]
    assert {"owner": COLLEAGUE_OWNER, "of": COLLEAGUE_PAIN, "count": 1} in seen["owners"]
    assert {"owner": EN_OWNER, "of": EN_PAIN, "count": 1} in seen["owners"]
    assert [q["text"] for q in seen["top_questions"]] == [COLLEAGUE_ASKED]
    # The HTML page: the back-office lane on the map, questions and owners with what they own.
    assert 'data-lane="backstage"' in html
    assert str(escape(COLLEAGUE_BACKSTAGE)) in html
    assert str(escape(EN_BACKSTAGE)) in html
    assert EN_BACKSTAGE not in html  # its markup stays text
    assert str(escape(COLLEAGUE_ASKED)) in html
    assert f"{COLLEAGUE_OWNER}: {escape(COLLEAGUE_PAIN)} (1)" in html
    assert "Hanna" not in html  # named, but the back office says the department
    assert "Gert" not in html

    # /forget takes Gert's words out of the next report; Hanna's stay.
    await act(api, bot, gert, Command("forget"))
    await act(api, bot, gert, Pick(1))
    html, data = await report(api, bot, owner)
    assert str(escape(COLLEAGUE_BACKSTAGE)) not in html
    assert str(escape(EN_BACKSTAGE)) in html


# Version 1 of the colleague flow, as played before version 2 shipped.
V1_INTERVIEW: tuple[Action, ...] = (
    Type("Winkel"),
    Type("7"),  # involved: one stage
    Type("Ze bellen of de taart klaar is"),
    Type("6,8"),  # phone, shop
    Pick(4),  # +1
    Type(COLLEAGUE_PAIN),
    Type("Joris"),  # v1: "who owns this?", of the stage
    Pick(2),  # no idea
)


async def test_a_colleague_begun_on_v1_finishes_on_v1_after_v2_ships(
    fake_api: FakeBotApi, db_url: str, tmp_path: Path
) -> None:
    api = fake_api
    bot = BotUnderTest(
        api, db_url, report_formats=("html",), flows=flows_before_v2(tmp_path, "colleague")
    )
    await bot.start()
    try:
        owner, token = await map_with_colleague_link(api, bot)
        gert = api.make_user("Gert", language_code="nl")
        await consent(api, bot, gert, token)
        await play(api, bot, gert, V1_INTERVIEW[:4])
        state, _ = await stored(db_url, gert, "colleague")
        assert state["flow_version"] == 1

        await bot.stop()
        bot.flows = BUILTIN_FLOWS  # a restart with version 2 shipped
        await bot.start()
        await act(api, bot, gert, Command("start"))
        assert "Hoe voelt de klant zich hier volgens jou?" in api.texts(gert)[-1]
        await play(api, bot, gert, V1_INTERVIEW[4:])
        transcript = api.transcript(gert)
        assert "achter de schermen" not in transcript
        assert "Wat vragen klanten" not in transcript
        assert "afgerond" in "\n".join(api.texts(owner))  # finished, and the owner was told

        state, answers = await stored(db_url, gert, "colleague")
        assert state["flow_version"] == 1
        assert answers["stage_views.0.owner"] == "Joris"
        assert not any(k.endswith((".questions", ".backstage", ".pain_owner")) for k in answers)

        await act(api, bot, owner, Command("report"))
        html = next(
            u for u in reversed(api.uploads) if (u.filename or "").endswith(".html")
        ).data.decode()
        assert "Joris: de hele fase (1)" in html  # v1's owner owns the stage
        assert 'data-lane="backstage"' not in html
    finally:
        await bot.stop()
