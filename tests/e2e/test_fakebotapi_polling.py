"""The real PTB Application (polling) against the fake: echo, buttons, uploads, faults."""

from __future__ import annotations

import datetime as dtm
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram.ext import Application

from testkit.fakebotapi import FakeBotApi
from testkit.fakebotapi.echo_bot import REPORT_BYTES, build_echo_app

App = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture
async def echo_bot(fake_api: FakeBotApi) -> AsyncIterator[App]:
    """The echo bot, polling the fake."""
    app = build_echo_app(fake_api.base_url, fake_api.base_file_url, fake_api.token)
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=dtm.timedelta(seconds=2))
        await app.start()
        yield app
        await app.updater.stop()
        await app.stop()


async def test_text_is_echoed(fake_api: FakeBotApi, echo_bot: App) -> None:
    anna = fake_api.make_user("Anna", language_code="nl")
    fake_api.user_sends_text(anna, "hallo")
    reply = await fake_api.next_message(anna)
    assert reply.text == "echo: hallo"
    await fake_api.wait_idle()


async def test_deep_link_and_commands_get_bot_command_entity(
    fake_api: FakeBotApi, echo_bot: App
) -> None:
    bob = fake_api.make_user("Bob")
    update_id = fake_api.user_starts(bob, "invite-abc")
    reply = await fake_api.next_message(bob)
    assert reply.text == "welcome invite-abc"
    message = fake_api.user_message(bob, 1)
    assert message is not None
    assert message["text"] == "/start invite-abc"
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert update_id == 1


async def test_inline_button_press_is_answered_and_edits_the_message(
    fake_api: FakeBotApi, echo_bot: App
) -> None:
    anna = fake_api.make_user("Anna")
    fake_api.user_sends_text(anna, "ask")
    question = await fake_api.next_message(anna)
    assert question.button_texts == ["Yes", "No"]
    assert [b.callback_data for b in question.buttons] == ["yes", "no"]
    assert question.keyboard is not None
    assert [len(row) for row in question.keyboard.rows] == [1, 1]

    pressed = fake_api.user_presses(question, "Yes")
    await fake_api.wait_until(lambda: question.text == "You chose yes", what="edit")
    answer = fake_api.callback_answer(pressed)
    assert answer is not None
    assert answer.text == "Got yes"
    assert not answer.show_alert
    assert question.keyboard is None  # editMessageText without markup drops the keyboard
    assert [version.text for version in question.history] == ["Do you agree?"]
    assert question.history[0].keyboard is not None


async def test_buttons_of_an_old_message_can_still_be_pressed(
    fake_api: FakeBotApi, echo_bot: App
) -> None:
    anna = fake_api.make_user("Anna")
    fake_api.user_sends_text(anna, "ask")
    first = await fake_api.next_message(anna)
    fake_api.user_sends_text(anna, "ask")
    await fake_api.next_message(anna)
    fake_api.user_presses(first, 1)
    await fake_api.wait_until(lambda: first.text == "You chose no", what="edit of old message")
    await fake_api.wait_idle()


async def test_document_upload_keeps_bytes_filename_and_caption(
    fake_api: FakeBotApi, echo_bot: App
) -> None:
    anna = fake_api.make_user("Anna")
    fake_api.user_sends_text(anna, "doc")
    sent = await fake_api.next_message(anna)
    assert sent.kind == "document"
    assert sent.caption == "Your report"
    assert sent.file is not None
    assert sent.file.data == REPORT_BYTES
    assert sent.file.filename == "report.txt"
    assert fake_api.uploads == [sent.file]
    assert [(a.chat_id, a.action) for a in fake_api.chat_actions] == [(anna.id, "upload_document")]


async def test_rate_limit_is_retried_after_retry_after(fake_api: FakeBotApi, echo_bot: App) -> None:
    anna = fake_api.make_user("Anna")
    fake_api.inject_rate_limit("sendMessage", retry_after=1)
    fake_api.user_sends_text(anna, "later")
    reply = await fake_api.next_message(anna, timeout=5)
    assert reply.text == "echo: later"
    assert fake_api.request_counts["sendMessage"] == 2  # the 429, then the retry
    assert [fault.kind for _, fault in fake_api.faults.triggered] == ["rate_limit"]


async def test_duplicated_update_is_seen_twice_by_the_bot(
    fake_api: FakeBotApi, echo_bot: App
) -> None:
    """Telegram may redeliver an update; PTB does not dedupe, hence journeybot dedupes by id."""
    anna = fake_api.make_user("Anna")
    fake_api.duplicate_next_update()
    fake_api.user_sends_text(anna, "once")
    await fake_api.wait_for_messages(anna, 2)
    assert fake_api.texts(anna) == ["echo: once", "echo: once"]
    await fake_api.wait_idle()
    assert fake_api.updates.delivered == 2


async def test_updates_out_of_order(fake_api: FakeBotApi, echo_bot: App) -> None:
    anna = fake_api.make_user("Anna")
    fake_api.deliver_out_of_order(2)
    fake_api.user_sends_text(anna, "first")
    fake_api.user_sends_text(anna, "second")
    await fake_api.wait_for_messages(anna, 2)
    assert fake_api.texts(anna) == ["echo: second", "echo: first"]


async def test_non_text_input_and_group_chats(fake_api: FakeBotApi, echo_bot: App) -> None:
    anna = fake_api.make_user("Anna", language_code="nl")
    fake_api.user_sends_sticker(anna)
    fake_api.user_sends_photo(anna, caption="look")
    fake_api.user_sends_voice(anna)
    fake_api.user_sends_document(anna, b"%PDF", filename="a.pdf", mime_type="application/pdf")
    await fake_api.wait_for_messages(anna, 4)
    assert set(fake_api.texts(anna)) == {"I only read text"}

    group = fake_api.make_group("Team")
    fake_api.user_sends_text(anna, "hi all", chat=group)
    reply = await fake_api.next_message(group)
    assert reply.text == "echo: hi all"
    assert reply.chat_id == group.id < 0


async def test_bot_downloads_a_file_the_user_sent(fake_api: FakeBotApi, echo_bot: App) -> None:
    anna = fake_api.make_user("Anna")
    fake_api.user_sends_document(anna, b"user bytes", filename="notes.txt")
    message = fake_api.user_message(anna, 1)
    assert message is not None
    file = await echo_bot.bot.get_file(message["document"]["file_id"])
    assert bytes(await file.download_as_bytearray()) == b"user bytes"
    await fake_api.wait_idle()
