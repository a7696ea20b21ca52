"""A whole owner interview over Telegram: the real PTB Application, the fake Bot API, SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pypdfium2
import pytest

from testkit.fakebotapi import FakeBotApi
from testkit.interview import (
    ANSWER_TEXTS,
    EVENT_2,
    IDEA,
    OWNER_INTERVIEW,
    TITLE,
    Command,
    Pick,
    Type,
)
from testkit.playback import last_keyboard_message
from tests.support.telegram import BotUnderTest, act, play

pytestmark = pytest.mark.slow


@pytest.fixture
async def bot(fake_api: FakeBotApi, sqlite_url: str) -> AsyncIterator[BotUnderTest]:
    runner = BotUnderTest(fake_api, sqlite_url)
    await runner.start()
    yield runner
    await runner.stop()


async def test_full_dutch_interview_and_report(fake_api: FakeBotApi, bot: BotUnderTest) -> None:
    anna = fake_api.make_user("Anna", language_code="nl")
    await act(fake_api, bot, anna, Command("start"))
    assert "journey map" in fake_api.texts(anna)[0]
    assert "Stap 1 van 5" in fake_api.transcript(anna)

    await play(fake_api, bot, anna, OWNER_INTERVIEW)
    menu = last_keyboard_message(fake_api, anna)
    assert any("rapport" in text.lower() for text in menu.button_texts), menu.button_texts
    # every button press was answered: no spinning buttons
    presses = sum(isinstance(action, Pick) for action in OWNER_INTERVIEW)
    assert len(fake_api.callback_answers) == presses

    await act(fake_api, bot, anna, Command("report"))
    # Anna is told what comes and sees the bot working while the files render.
    assert "Een ogenblik" in "".join(fake_api.texts(anna))
    assert ("upload_document", anna.id) in {(a.action, a.chat_id) for a in fake_api.chat_actions}
    uploads = [u for u in fake_api.uploads if u.chat_id == anna.id]
    kinds = [u.kind for u in uploads]
    assert kinds[0] == "photo", "the picture comes first"
    assert sorted(kinds[1:]) == ["document", "document"]
    html = next(u for u in uploads if (u.filename or "").endswith(".html")).data.decode()
    for text in ANSWER_TEXTS:
        assert text in html, f"{text!r} missing from the report"
    pdf = next(u for u in uploads if (u.filename or "").endswith(".pdf"))
    document = pypdfium2.PdfDocument(pdf.data)
    assert len(document) >= 1
    document.close()
    png = uploads[0].data
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    # The picture's caption is the report's headline: the interview's eight stages and two
    # events, the low point (event 2, in the receiving stage) and the quick win.
    assert uploads[0].caption == (
        f"{TITLE}: 8 fasen, 2 gebeurtenissen"
        f" · dieptepunt: “{EVENT_2}” (Ontvangen of van start gaan)"
        f" · beste quick win: “{IDEA}”"
    )


async def test_restart_mid_interview_continues_at_the_same_question(
    fake_api: FakeBotApi, bot: BotUnderTest
) -> None:
    piet = fake_api.make_user("Piet", language_code="nl")
    await act(fake_api, bot, piet, Command("start"))
    half = OWNER_INTERVIEW[:9]
    await play(fake_api, bot, piet, half)
    question_before = fake_api.texts(piet)[-1]

    await bot.stop()
    await bot.start()  # a new Application on the same database

    await act(fake_api, bot, piet, Command("start"))
    texts = fake_api.texts(piet)
    assert "verder" in texts[-2].lower() or "welkom terug" in texts[-2].lower(), texts[-2]
    assert texts[-1] == question_before

    await play(fake_api, bot, piet, OWNER_INTERVIEW[9:])
    await act(fake_api, bot, piet, Command("report"))
    html = next(u for u in fake_api.uploads if (u.filename or "").endswith(".html")).data.decode()
    for text in ANSWER_TEXTS:
        assert text in html


async def test_a_redelivered_update_is_applied_once(
    fake_api: FakeBotApi, bot: BotUnderTest
) -> None:
    kees = fake_api.make_user("Kees", language_code="nl")
    await act(fake_api, bot, kees, Command("start"))
    await act(fake_api, bot, kees, OWNER_INTERVIEW[0])  # a button: journey type
    fake_api.duplicate_next_update(times=2)
    await act(fake_api, bot, kees, Type("Een nieuwe reden"))
    await fake_api.wait_idle(quiet=0.1)
    # the question after "reason" was asked once, not twice
    market_questions = [t for t in fake_api.texts(kees) if "Verkoop je vooral" in t]
    assert len(market_questions) == 1, fake_api.transcript(kees)


async def test_double_tapped_button_is_answered_once(
    fake_api: FakeBotApi, bot: BotUnderTest
) -> None:
    lies = fake_api.make_user("Lies", language_code="nl")
    await act(fake_api, bot, lies, Command("start"))
    question = last_keyboard_message(fake_api, lies)
    first = fake_api.user_presses(question, 0)
    second = fake_api.user_presses(question, 0)  # before the bot answered the first
    await bot.handled(first.update_id)
    await bot.handled(second.update_id)
    await fake_api.wait_idle(quiet=0.1)
    assert fake_api.callback_answer(first) is not None
    assert fake_api.callback_answer(second) is not None
    transcript = fake_api.transcript(lies)
    assert transcript.count("Wat is de aanleiding") == 2, transcript  # asked, then shown again
    assert "eerdere vraag" in transcript.lower() or "oudere" in transcript.lower(), transcript


async def test_stickers_and_groups_get_a_friendly_answer(
    fake_api: FakeBotApi, bot: BotUnderTest
) -> None:
    eva = fake_api.make_user("Eva", language_code="en")
    await act(fake_api, bot, eva, Command("start"))
    update_id = fake_api.user_sends_sticker(eva)
    await bot.handled(update_id)
    assert "Step 1 of 5" in fake_api.texts(eva)[-1]
    assert "sticker" in fake_api.transcript(eva).lower()

    group = fake_api.make_group("Team")
    update_id = fake_api.user_sends_text(eva, "/start", chat=group)
    await bot.handled(update_id)
    assert "private" in fake_api.texts(group)[-1].lower()


async def test_commands_are_registered_in_both_languages(
    fake_api: FakeBotApi, bot: BotUnderTest
) -> None:
    dutch = {c.command: c.description for c in fake_api.commands(language_code="nl")}
    english = {c.command: c.description for c in fake_api.commands(language_code="en")}
    assert {"start", "back", "skip", "report", "maps", "new", "language"} <= set(dutch)
    assert dutch["report"] != english["report"]


async def test_an_edited_message_gets_an_explanation_and_changes_nothing(
    fake_api: FakeBotApi, bot: BotUnderTest
) -> None:
    joop = fake_api.make_user("Joop", language_code="nl")
    await act(fake_api, bot, joop, Command("start"))
    await act(fake_api, bot, joop, OWNER_INTERVIEW[0])
    await act(fake_api, bot, joop, Type("Eerste reden"))
    sent = max(message_id for (chat, message_id) in fake_api.store.user_messages if chat == joop.id)
    await bot.handled(fake_api.user_edits(joop, sent, "Andere reden"))
    assert "/back" in fake_api.texts(joop)[-1]
    await act(fake_api, bot, joop, Command("back"))
    assert "Eerste reden" in fake_api.texts(joop)[-1]
