"""A reply Telegram refuses is sent later, and nothing typed meanwhile lands on a question the
person never saw (issue 15, item 2). The real PTB Application on the fake Bot API, SQLite.

The oracle: a person whose replies get lost stores exactly the answers (every row, in order)
of a person who played the same script with nothing lost.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.chat.sending import OWNED_FOR
from bot.conversation.texts import T
from storage.db import create_engine, session_factory
from storage.models import Answer, Contribution, OutboxMessage, User
from testkit.fakebotapi import FakeBotApi, FakeUser
from testkit.interview import OWNER_INTERVIEW, Command, Type
from tests.support.telegram import BotUnderTest, act, play

pytestmark = pytest.mark.slow

# Up to the persona's name (typed); its reply is the next question, also typed: a text sent
# without seeing that question would be taken as its answer.
BEFORE = (Command("start"), *OWNER_INTERVIEW[:5])
ANSWER = OWNER_INTERVIEW[5]
AFTER = OWNER_INTERVIEW[6:10]
assert isinstance(ANSWER, Type)
assert isinstance(AFTER[0], Type)


@pytest.fixture
async def bot(fake_api: FakeBotApi, sqlite_url: str) -> AsyncIterator[BotUnderTest]:
    runner = BotUnderTest(fake_api, sqlite_url)
    await runner.start()
    yield runner
    await runner.stop()


async def stored_answers(url: str, user: FakeUser) -> list[tuple[str, object]]:
    """Every answer row of ``user`` (superseded ones too), in the order stored."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            query = (
                select(Answer.key, Answer.value)
                .join(Contribution, Contribution.id == Answer.contribution_id)
                .join(User, User.id == Contribution.user_id)
                .where(User.external_id == str(user.id))
                .order_by(Answer.id)
            )
            return [(key, value) for key, value in (await session.execute(query)).all()]
    finally:
        await engine.dispose()


async def outbox_of(url: str, user: FakeUser) -> list[OutboxMessage]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            query = (
                select(OutboxMessage)
                .join(User, User.id == OutboxMessage.user_id)
                .where(User.external_id == str(user.id))
                .order_by(OutboxMessage.id)
            )
            return list((await session.execute(query)).scalars())
    finally:
        await engine.dispose()


class Reference:
    """A person who played the script with nothing lost: their stored answers and the
    question that follows ``ANSWER``."""

    answers: list[tuple[str, object]]
    next_question: str

    @classmethod
    async def play(cls, fake_api: FakeBotApi, bot: BotUnderTest, url: str) -> Reference:
        clean = fake_api.make_user("Clean", language_code="nl")
        reference = cls()
        await play(fake_api, bot, clean, (*BEFORE, ANSWER))
        reference.next_question = fake_api.texts(clean)[-1]
        await play(fake_api, bot, clean, AFTER)
        reference.answers = await stored_answers(url, clean)
        return reference

    def asked(self, fake_api: FakeBotApi, user: FakeUser) -> int:
        """How often ``user`` was sent the question that follows ``ANSWER``."""
        return fake_api.texts(user).count(self.next_question)


FAULTS: dict[str, Callable[[FakeBotApi], None]] = {
    "500": lambda api: api.inject_server_error("sendMessage"),
    "502": lambda api: api.inject_server_error("sendMessage", status=502),
    # The bot's rate limiter retries a 429 three times; the fourth gives up.
    "429 beyond the retries": lambda api: api.inject_rate_limit(
        "sendMessage", retry_after=1, count=4
    ),
    "dropped connection": lambda api: api.inject_disconnect("sendMessage"),
}


@pytest.mark.parametrize("fault", FAULTS)
async def test_a_refused_question_is_sent_later_without_the_person_resending(
    fake_api: FakeBotApi, bot: BotUnderTest, sqlite_url: str, fault: str
) -> None:
    reference = await Reference.play(fake_api, bot, sqlite_url)
    anna = fake_api.make_user("Anna", language_code="nl")
    await play(fake_api, bot, anna, BEFORE)
    FAULTS[fault](fake_api)
    await act(fake_api, bot, anna, ANSWER)
    assert reference.asked(fake_api, anna) == 0, "the fault took the question"
    # The person is told honestly, and not asked to repeat anything.
    assert fake_api.texts(anna)[-1] == T("reply_delayed", "nl")
    assert "nog eens" not in fake_api.transcript(anna)

    await bot.run_outbox_job()  # too early: the back-off has not passed
    assert reference.asked(fake_api, anna) == 0
    bot.now += timedelta(seconds=6)
    await bot.run_outbox_job()
    await fake_api.wait_idle(quiet=0.1)
    assert reference.asked(fake_api, anna) == 1
    assert fake_api.texts(anna)[-1] == reference.next_question

    await play(fake_api, bot, anna, AFTER)
    assert await stored_answers(sqlite_url, anna) == reference.answers
    await bot.run_outbox_job()  # it records what was sent since its last run
    assert all(row.sent_at is not None for row in await outbox_of(sqlite_url, anna))


@pytest.mark.parametrize("typed", ["Hallo? Ben je er nog?", ANSWER.text])
async def test_what_the_person_types_before_the_question_arrives_is_no_answer(
    fake_api: FakeBotApi, bot: BotUnderTest, sqlite_url: str, typed: str
) -> None:
    """Told their answer is safe and the question will follow, the person writes anyway (or
    sends their answer again, as the bot used to advise): the question comes first, and what
    they wrote is not taken as its answer."""
    reference = await Reference.play(fake_api, bot, sqlite_url)
    bram = fake_api.make_user("Bram", language_code="nl")
    await play(fake_api, bot, bram, BEFORE)
    fake_api.inject_server_error("sendMessage")
    await act(fake_api, bot, bram, ANSWER)
    assert reference.asked(fake_api, bram) == 0

    await act(fake_api, bot, bram, Type(typed))
    texts = fake_api.texts(bram)
    assert texts[-2] == T("held_back", "nl")
    assert texts[-1] == reference.next_question
    # Sent once: the sweep finds nothing left.
    bot.now += OWNED_FOR * 10
    await bot.run_outbox_job()
    await fake_api.wait_idle(quiet=0.1)
    assert reference.asked(fake_api, bram) == 1

    await play(fake_api, bot, bram, AFTER)
    assert await stored_answers(sqlite_url, bram) == reference.answers


async def test_a_question_still_refused_when_the_person_writes_waits_for_the_sweep(
    fake_api: FakeBotApi, bot: BotUnderTest, sqlite_url: str
) -> None:
    reference = await Reference.play(fake_api, bot, sqlite_url)
    cees = fake_api.make_user("Cees", language_code="nl")
    await play(fake_api, bot, cees, BEFORE)
    fake_api.inject_server_error("sendMessage", count=2)  # the question and the apology
    await act(fake_api, bot, cees, ANSWER)
    fake_api.inject_server_error("sendMessage", count=2)  # the note and the question again
    await act(fake_api, bot, cees, Type("Hallo?"))
    assert reference.asked(fake_api, cees) == 0

    bot.now += timedelta(minutes=1)
    await bot.run_outbox_job()
    await fake_api.wait_idle(quiet=0.1)
    assert reference.asked(fake_api, cees) == 1
    await play(fake_api, bot, cees, AFTER)
    assert await stored_answers(sqlite_url, cees) == reference.answers


async def test_a_refused_report_is_sent_later(fake_api: FakeBotApi, bot: BotUnderTest) -> None:
    dirk = fake_api.make_user("Dirk", language_code="nl")
    await play(fake_api, bot, dirk, (Command("start"), *OWNER_INTERVIEW))
    fake_api.inject_server_error("sendPhoto")
    await act(fake_api, bot, dirk, Command("report"))
    assert not [u for u in fake_api.uploads if u.chat_id == dirk.id]

    bot.now += timedelta(seconds=6)
    await bot.run_outbox_job()
    await fake_api.wait_idle(quiet=0.1)
    kinds = sorted(u.kind for u in fake_api.uploads if u.chat_id == dirk.id)
    assert kinds == ["document", "document", "photo"]


async def test_no_reply_is_sent_twice_in_the_normal_path(
    fake_api: FakeBotApi, bot: BotUnderTest, sqlite_url: str
) -> None:
    """Every message of a whole interview is sent once: one sendMessage per outbox row, all
    marked sent, and a sweep long after sends nothing more."""
    eva = fake_api.make_user("Eva", language_code="nl")
    await play(fake_api, bot, eva, (Command("start"), *OWNER_INTERVIEW))
    await bot.run_outbox_job()  # it records what was sent since its last run
    rows = await outbox_of(sqlite_url, eva)
    assert all(row.sent_at is not None for row in rows)
    sent = len(fake_api.messages(eva))
    messages = [r for r in rows if r.payload["t"] == "message" and not r.payload["replace"]]
    assert sent == len(messages)

    bot.now += OWNED_FOR * 10
    await bot.run_outbox_job()
    await fake_api.wait_idle(quiet=0.1)
    assert len(fake_api.messages(eva)) == sent


async def test_a_restarted_bot_sends_what_the_stopped_one_could_not(
    fake_api: FakeBotApi, bot: BotUnderTest, sqlite_url: str
) -> None:
    """The bot sends what is due as it starts: no input and no manual sweep needed."""
    reference = await Reference.play(fake_api, bot, sqlite_url)
    fien = fake_api.make_user("Fien", language_code="nl")
    await play(fake_api, bot, fien, BEFORE)
    fake_api.inject_server_error("sendMessage")
    await act(fake_api, bot, fien, ANSWER)
    assert reference.asked(fake_api, fien) == 0

    await bot.stop()
    bot.now += timedelta(seconds=6)
    await bot.start()
    await fake_api.wait_until(lambda: reference.asked(fake_api, fien) == 1, what="the question")
    await play(fake_api, bot, fien, AFTER)
    assert await stored_answers(sqlite_url, fien) == reference.answers
