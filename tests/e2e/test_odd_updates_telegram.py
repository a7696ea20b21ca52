"""Odd updates over Telegram (issue 15, items 6 and 7): a press overtaken by the next message,
a person without a first name, an update python-telegram-bot cannot read."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.conversation.texts import T
from storage.answers import current_answers
from storage.db import create_engine, session_factory
from storage.models import Contribution
from testkit.fakebotapi import FakeBotApi
from testkit.interview import OWNER_INTERVIEW, Command, Pick, Type
from testkit.playback import send_action
from tests.support.telegram import BotUnderTest, act

pytestmark = pytest.mark.slow


@pytest.fixture
async def bot(fake_api: FakeBotApi, db_url: str) -> AsyncIterator[BotUnderTest]:
    runner = BotUnderTest(fake_api, db_url)
    await runner.start()
    yield runner
    await runner.stop()


async def answers_of(db_url: str) -> dict[str, object]:
    engine = create_engine(db_url)
    try:
        async with session_factory(engine)() as session:
            contribution = (await session.execute(select(Contribution))).scalar_one()
            return await current_answers(session, contribution.id)
    finally:
        await engine.dispose()


async def test_a_press_and_the_text_right_after_it_apply_in_arrival_order(
    fake_api: FakeBotApi, bot: BotUnderTest, db_url: str
) -> None:
    """The press used to wait for its callback answer while the text took the person's turn:
    the text met the button question, the press then a question it did not belong to."""
    mia = fake_api.make_user("Mia", language_code="en")
    await act(fake_api, bot, mia, Command("start"))
    press, reason = OWNER_INTERVIEW[0], OWNER_INTERVIEW[1]
    assert isinstance(press, Pick)
    assert isinstance(reason, Type)
    pressed = send_action(fake_api, mia, press)
    typed = send_action(fake_api, mia, reason)  # before the bot saw the press
    await bot.handled(pressed)
    await bot.handled(typed)
    await fake_api.wait_idle()
    answers = await answers_of(db_url)
    assert reason.text in answers.values(), fake_api.transcript(mia)
    assert len(answers) == 2, fake_api.transcript(mia)  # and the press's journey type
    answered = [a for a in fake_api.callback_answers if a.callback_query_id]
    assert answered, "the press was answered (the button stopped spinning)"
    assert not any(T("internal_error", "en") in t for t in fake_api.texts(mia))


async def test_a_person_without_a_first_name_can_use_the_bot(
    fake_api: FakeBotApi, bot: BotUnderTest
) -> None:
    nameless = fake_api.make_user("", language_code="en")
    await act(fake_api, bot, nameless, Command("start"))
    assert "Step 1 of 5" in fake_api.transcript(nameless)
    assert not any(T("internal_error", "en") in t for t in fake_api.texts(nameless))


async def test_an_update_ptb_cannot_read_is_skipped_once_and_polling_goes_on(
    fake_api: FakeBotApi, bot: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    """An update without the fields python-telegram-bot requires used to make it fetch the same
    batch again and again (thousands of getUpdates a second); it is skipped with one line."""
    sara = fake_api.make_user("Sara", language_code="en")
    await act(fake_api, bot, sara, Command("start"))
    polls_before = fake_api.request_counts["getUpdates"]
    with caplog.at_level(logging.WARNING):
        broken = fake_api.updates.push({"message": {"message_id": 99, "text": "no chat, no date"}})
        await act(fake_api, bot, sara, Command("help"))
        await fake_api.wait_idle()
    assert fake_api.request_counts["getUpdates"] - polls_before < 20
    assert fake_api.updates.settled  # the broken update was confirmed too
    ours = [r for r in caplog.records if r.name.startswith("bot.") and str(broken) in r.message]
    assert len(ours) == 1, [r.getMessage() for r in caplog.records]
