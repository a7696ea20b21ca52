"""Telegram's limits and error texts, seen through PTB's own Bot (BadRequest with the text)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MenuButtonCommands,
    ReplyKeyboardMarkup,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, EndPointNotFound, InvalidToken

from testkit.fakebotapi import FakeBotApi, FakeUser


@pytest.fixture
async def bot(fake_api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(
        fake_api.token, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url
    ) as bot:
        yield bot


@pytest.fixture
def anna(fake_api: FakeBotApi) -> FakeUser:
    return fake_api.make_user("Anna", language_code="nl")


async def test_over_long_text_is_refused_with_telegrams_text(
    fake_api: FakeBotApi, bot: Bot, anna: FakeUser
) -> None:
    fake_api.expect_error("message is too long")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(anna.id, "x" * 4097)
    assert fake_api.errors[-1].description == "Bad Request: message is too long"
    assert fake_api.errors[-1].status == 400
    await bot.send_message(anna.id, "x" * 4096)
    assert len(fake_api.messages(anna)) == 1


async def test_html_tags_are_not_counted_but_must_parse(
    fake_api: FakeBotApi, bot: Bot, anna: FakeUser
) -> None:
    sent = await bot.send_message(anna.id, "<b>" + "x" * 4094 + "</b> &lt;", parse_mode="HTML")
    assert sent.text is not None
    assert sent.text.endswith("x <")
    assert fake_api.last_message(anna).entities == [{"type": "bold", "offset": 0, "length": 4094}]
    fake_api.expect_error("can't parse entities")
    # PTB capitalises the description and lowercases the rest, so compare the raw text
    for text, mode in [("a<br>b", ParseMode.HTML), ("<b>open", ParseMode.HTML)]:
        with pytest.raises(BadRequest, match="Can't parse entities"):
            await bot.send_message(anna.id, text, parse_mode=mode)
    with pytest.raises(BadRequest, match="reserved and must be escaped"):
        await bot.send_message(anna.id, "1. item", parse_mode=ParseMode.MARKDOWN_V2)
    assert [error.description for error in fake_api.errors[:2]] == [
        'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 1',
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag b",
    ]
    await bot.send_message(anna.id, r"*bold* 1\. item", parse_mode=ParseMode.MARKDOWN_V2)
    assert fake_api.last_message(anna).text == "bold 1. item"
    assert [error.expected for error in fake_api.errors] == [True, True, True]


async def test_empty_text_is_refused(fake_api: FakeBotApi, bot: Bot, anna: FakeUser) -> None:
    fake_api.expect_error("message text is empty")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(anna.id, "   ")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(anna.id, "<b></b>", parse_mode="HTML")


async def test_callback_data_over_64_bytes_is_refused(
    fake_api: FakeBotApi, bot: Bot, anna: FakeUser
) -> None:
    fake_api.expect_error("BUTTON_DATA_INVALID")
    long_data = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(anna.id, "pick", reply_markup=long_data)
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 32)]])
    await bot.send_message(anna.id, "pick", reply_markup=ok)


async def test_more_than_100_buttons_are_refused(
    fake_api: FakeBotApi, bot: Bot, anna: FakeUser
) -> None:
    fake_api.expect_error("reply markup is too long")
    rows = [
        [InlineKeyboardButton(str(i), callback_data=str(i)) for i in range(r * 8, r * 8 + 8)]
        for r in range(13)
    ]
    with pytest.raises(BadRequest, match="Reply markup is too long"):
        await bot.send_message(anna.id, "many", reply_markup=InlineKeyboardMarkup(rows))
    with pytest.raises(BadRequest, match="Reply markup is too long"):
        await bot.send_message(
            anna.id, "many", reply_markup=ReplyKeyboardMarkup([[str(i)] for i in range(101)])
        )
    await bot.send_message(anna.id, "ok", reply_markup=InlineKeyboardMarkup(rows[:12]))
    assert len(fake_api.last_message(anna).buttons) == 96


async def test_caption_over_1024_is_refused(fake_api: FakeBotApi, bot: Bot, anna: FakeUser) -> None:
    fake_api.expect_error("message caption is too long")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(anna.id, b"data", filename="a.txt", caption="c" * 1025)
    await bot.send_photo(anna.id, b"\x89PNG", caption="c" * 1024)
    photo = fake_api.last_message(anna)
    assert photo.kind == "photo"
    assert photo.file is not None
    assert photo.file.data == b"\x89PNG"


async def test_identical_edit_is_not_modified(
    fake_api: FakeBotApi, bot: Bot, anna: FakeUser
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="a")]])
    sent = await bot.send_message(anna.id, "same", reply_markup=markup)
    fake_api.expect_error("message is not modified")
    with pytest.raises(BadRequest, match="Message is not modified: specified new message"):
        await bot.edit_message_text("same", anna.id, sent.message_id, reply_markup=markup)
    assert fake_api.errors[-1].description == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(anna.id, sent.message_id, reply_markup=markup)
    await bot.edit_message_reply_markup(anna.id, sent.message_id, reply_markup=None)
    assert fake_api.last_message(anna).keyboard is None


async def test_unknown_chat_method_token_and_callbacks(
    fake_api: FakeBotApi, bot: Bot, anna: FakeUser
) -> None:
    fake_api.expect_error("chat not found")
    fake_api.expect_error("Not Found")
    fake_api.expect_error("query is too old")
    fake_api.expect_error("message to delete not found")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(42, "hello?")
    with pytest.raises(EndPointNotFound, match="sendTeapot"):
        await bot.do_api_request("sendTeapot", api_kwargs={"chat_id": anna.id})
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("nope")
    sent = await bot.send_message(anna.id, "bye")
    assert await bot.delete_message(anna.id, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(anna.id, sent.message_id)
    assert fake_api.deleted == [(anna.id, sent.message_id)]
    assert fake_api.last_message(anna).deleted
    assert len(fake_api.errors) == 4
    assert not fake_api.unexpected_errors


async def test_bad_token_is_unauthorized(fake_api: FakeBotApi) -> None:
    fake_api.expect_error("Unauthorized")
    with pytest.raises(InvalidToken, match="was rejected by the server"):
        async with Bot("1:wrong", base_url=fake_api.base_url):
            pass
    assert [(e.status, e.description) for e in fake_api.errors] == [(401, "Unauthorized")]


async def test_commands_and_menu_button(fake_api: FakeBotApi, bot: Bot) -> None:
    await bot.set_my_commands([("start", "Begin"), ("help", "Help")])
    await bot.set_my_commands([("start", "Beginnen")], language_code="nl")
    assert [(c.command, c.description) for c in fake_api.commands()] == [
        ("start", "Begin"),
        ("help", "Help"),
    ]
    assert [c.description for c in fake_api.commands(language_code="nl")] == ["Beginnen"]
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    await bot.delete_my_commands(language_code="nl")
    assert fake_api.commands(language_code="nl") == []
    assert await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
    assert fake_api.menu_buttons == {None: {"type": "commands"}}
    await bot.set_my_description("Een interviewbot", language_code="nl")
    await bot.set_my_short_description("Interviews")
    assert fake_api.profile("description", "nl") == "Een interviewbot"
    assert (await bot.get_my_short_description("nl")).short_description == "Interviews"
    fake_api.expect_error("BOT_COMMAND_INVALID")
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Start Now", "x")])


async def test_unexpected_error_fails_the_fixture(fake_api: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(999, "nobody")
    with pytest.raises(AssertionError, match="chat not found"):
        fake_api.assert_no_unexpected_errors()
    fake_api.clear_errors()
