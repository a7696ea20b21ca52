"""The customer interview over Telegram (issue 13) on SQLite and PostgreSQL: customers tell
their story in Dutch (addressed as "u", as the owner chose) and English; each step's card is
one message edited in place; the stored answers, /export, the JSON report (and its
projection) and the HTML report show every new field; a reminder, a restart and /forget keep
working; an interview begun on version 1 of the flow finishes on version 1 after version 2
ships."""

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
from tests.support.respondents import CUSTOMER_INTERVIEW, CUSTOMER_QUOTE
from tests.support.shared_map import (
    consent,
    flows_before_v2,
    invite,
    last_token,
    report,
    stored,
)
from tests.support.telegram import BotUnderTest, act, play

pytestmark = pytest.mark.slow

WORDING = "U keek bij ons rond"  # the owner's wording of the second stage
EN_GOAL = "A cake for <my> daughter's party"
EN_BOTHER = "Nobody said when it would be ready"
EN_DROP = "I could not find the opening hours"
EN_MISSING = "The pick-up time"
EN_WHY = "Lovely cake, stressful wait"
# Emma, in English: three steps; nearly gave up at the second stage.
EN_STORY: tuple[Action, ...] = (
    Pick(1),  # when: in the past week
    Type(EN_GOAL),
    Type("Looked at cakes online\nOrdered on the website\nCollected it in the shop"),
    Pick(2),  # step 1: the owner's worded stage
    Pick(4),  # +1
    Pick(1),  # no contact
    Pick(4),  # step 2: ordered
    Pick(3),  # 0
    Type("5"),  # contact: very good
    Type("1"),  # the website
    Command("skip"),  # nothing bothered her
    Pick(5),  # step 3: received
    Pick(1),  # -2
    Type("2"),  # contact: poor
    Type("8"),  # in the shop
    Type(EN_BOTHER),
    Pick(2),  # nearly gave up
    Pick(5),  # at receiving
    Pick(8),  # recommend: 7
    Type(EN_DROP),
    Type(EN_WHY),
    Type(EN_MISSING),
    Command("skip"),  # what would have made it better
)


@pytest.fixture
async def bot(fake_api: FakeBotApi, db_url: str) -> AsyncIterator[BotUnderTest]:
    runner = BotUnderTest(fake_api, db_url, report_formats=("html", "json"))
    await runner.start()
    yield runner
    await runner.stop()


async def formal_customer_link(api: FakeBotApi, bot: BotUnderTest, owner: FakeUser) -> str:
    """A customer invite addressing customers as "u", the second stage in the owner's words."""
    await act(api, bot, owner, Command("invite"))
    for action in (Pick(1), Pick(1), Pick(2), Type(f"2 = {WORDING}"), Pick(1), Pick(2), Pick(4)):
        await act(api, bot, owner, action)
    return last_token(api, owner)


async def test_customers_tell_their_story_in_dutch_and_english(
    fake_api: FakeBotApi, bot: BotUnderTest
) -> None:
    api = fake_api
    owner = api.make_user("Anna", language_code="nl")
    await act(api, bot, owner, Command("start"))
    await play(api, bot, owner, OWNER_INTERVIEW)
    token = await formal_customer_link(api, bot, owner)

    daan = api.make_user("Daan", language_code="nl")
    emma = api.make_user("Emma", language_code="en")
    await bot.handled(api.user_starts(daan, token))
    assert "Doet u mee?" in api.transcript(daan)
    await act(api, bot, daan, Pick(1))  # anonymously
    await bot.handled(api.user_starts(emma, token))
    await act(api, bot, emma, Pick(2))  # with her name

    await play(api, bot, daan, CUSTOMER_INTERVIEW)
    transcript = api.transcript(daan)
    assert "Wat wilde u toen geregeld krijgen?" in transcript
    assert " je " not in transcript.replace("\n", " ")
    # each step's card (stage, feeling, contact, channel) is one message, edited in place
    cards = [t for t in api.texts(daan) if "Hoe had u contact met ons?" in t]
    assert len(cards) == 2
    assert "✓ U bestelde, kocht of boekte" in cards[0]

    # Emma stops halfway; a day later she is reminded; after a restart she carries on.
    await play(api, bot, emma, EN_STORY[:7])
    assert WORDING in api.transcript(emma)  # the owner's wording, as the owner typed it
    bot.now += timedelta(hours=25)
    before = len(api.texts(emma))
    await bot.run_reminder_job()
    await api.wait_idle(quiet=0.1)
    assert len(api.texts(emma)) == before + 1
    await bot.stop()
    await bot.start()
    await act(api, bot, emma, Command("start"))
    assert "How did you feel about it?" in api.texts(emma)[-1]
    await play(api, bot, emma, EN_STORY[7:])
    assert "Thank you! Your story helps" in api.texts(emma)[-1]

    # Stored: every new answer, on version 2 of the flow.
    state, answers = await stored(bot.database_url, emma, "customer")
    assert state["flow_version"] == 2
    assert state["context"]["address"] == "u"
    assert answers["story"] == [
        "Looked at cakes online",
        "Ordered on the website",
        "Collected it in the shop",
    ]
    assert (answers["moments.0.stage"], answers["moments.0.contact"]) == ("orientation", 0)
    assert answers["moments.1.channels"] == ["website"]
    assert answers["moments.2.bother"] == EN_BOTHER
    assert (answers["when"], answers["goal"]) == ("week", EN_GOAL)
    assert (answers["gave_up_why"], answers["recommend_why"]) == (EN_DROP, EN_WHY)
    assert (answers["gave_up"], answers["gave_up_stage"], answers["recommend"]) == (
        "nearly",
        "delivery",
        7,
    )

    # Her own answers, exported, carry them too.
    await act(api, bot, emma, Command("export"))
    export = next(u for u in reversed(api.uploads) if u.chat_id == emma.id)
    (item,) = json.loads(export.data)["items"]
    assert item["answers"]["missing"] == EN_MISSING

    html, data = await report(api, bot, owner)
    source = data["source"]
    mine = [
        x
        for x in source["experiences"]
        if x["respondent_id"] == next(r["id"] for r in source["respondents"] if r["name"] == "Emma")
    ]
    assert [(x["step"], x["stage"], x["contact_score"]) for x in mine] == [
        (1, "orientation", None),
        (2, "purchase", 5),
        (3, "delivery", 2),
    ]
    assert {d["reason"] for d in source["drop_offs"]} == {EN_DROP}
    emma_data = next(r for r in source["respondents"] if r["name"] == "Emma")
    assert (emma_data["recalled"], emma_data["goal"], emma_data["recommend"]) == (
        "week",
        EN_GOAL,
        7,
    )
    assert [t for r, t in source["recommend_reasons"] if r == emma_data["id"]] == [EN_WHY]
    assert EN_MISSING in [t for _, t in source["missing_info"]]
    stories = data["evidence"]["stories"]
    assert stories["customers_nearly_gave_up"] == 1
    assert {c["channel"] for c in stories["contact"]} == {"website", "store"}
    assert str(escape(EN_GOAL)) in html
    assert EN_GOAL not in html
    for needle in (CUSTOMER_QUOTE, EN_BOTHER, EN_DROP, EN_MISSING, EN_WHY, 'data-table="contact"'):
        assert needle in html, needle
    assert "Daan" not in html

    # /forget takes Daan's story out of the next report; Emma's stays.
    await act(api, bot, daan, Command("forget"))
    await act(api, bot, daan, Pick(1))
    html, data = await report(api, bot, owner)
    assert CUSTOMER_QUOTE not in html
    assert EN_BOTHER in html


# Version 1 of the customer flow, as played before version 2 shipped.
V1_INTERVIEW: tuple[Action, ...] = (
    Type("4,5"),  # visited: purchase, delivery
    Type("Besteld via de site"),
    Type("Dat ging makkelijk"),
    Pick(5),  # +2
    Type("1"),  # website
    Type("Naar de winkel om de taart op te halen"),
    Type(CUSTOMER_QUOTE),
    Pick(1),  # -2
    Type("8"),  # shop
    Type("De taart zelf"),
    Type("Het wachten bij de winkel"),
    Type("Een berichtje als hij klaar is"),
    Pick(10),  # recommend: 9
)


async def test_a_customer_begun_on_v1_finishes_on_v1_after_v2_ships(
    fake_api: FakeBotApi, db_url: str, tmp_path: Path
) -> None:
    api = fake_api
    bot = BotUnderTest(
        api, db_url, report_formats=("html",), flows=flows_before_v2(tmp_path, "customer")
    )
    await bot.start()
    try:
        owner = api.make_user("Anna", language_code="nl")
        await act(api, bot, owner, Command("start"))
        await play(api, bot, owner, OWNER_INTERVIEW)
        token = await invite(api, bot, owner, 1)
        fleur = api.make_user("Fleur", language_code="nl")
        await consent(api, bot, fleur, token)
        assert "Welke van deze fases heb je zelf meegemaakt?" in api.texts(fleur)[-1]
        await play(api, bot, fleur, V1_INTERVIEW[:4])
        state, _ = await stored(db_url, fleur, "customer")
        assert state["flow_version"] == 1

        await bot.stop()
        bot.flows = BUILTIN_FLOWS  # a restart with version 2 shipped
        await bot.start()
        await act(api, bot, fleur, Command("start"))
        assert "Hoe had je toen contact met ons?" in api.texts(fleur)[-1]  # v1, where she was
        await play(api, bot, fleur, V1_INTERVIEW[4:])
        assert "afgerond" in "\n".join(api.texts(owner))  # finished, and the owner was told

        state, answers = await stored(db_url, fleur, "customer")
        assert state["flow_version"] == 1
        assert answers["visits.1.thoughts"] == CUSTOMER_QUOTE
        assert "story" not in answers

        await act(api, bot, owner, Command("report"))
        html = next(
            u for u in reversed(api.uploads) if (u.filename or "").endswith(".html")
        ).data.decode()
        assert CUSTOMER_QUOTE in html  # v1's thoughts are quoted per stage
    finally:
        await bot.stop()
