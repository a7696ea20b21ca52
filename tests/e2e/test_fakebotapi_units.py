"""Pure parts of the fake: entity parsing, markup limits, and the update queue."""

from __future__ import annotations

import pytest

from testkit.fakebotapi.errors import ApiFailureError
from testkit.fakebotapi.formatting import parse_text, utf16_len
from testkit.fakebotapi.markup import parse_markup
from testkit.fakebotapi.updates import UpdateQueue


def test_html_entities_use_utf16_offsets_and_decode_escapes() -> None:
    parsed = parse_text('😀 <b>vet</b> &amp; <a href="https://x.nl">link</a>', "HTML")
    assert parsed.text == "😀 vet & link"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 3},
        {"type": "text_link", "offset": 9, "length": 4, "url": "https://x.nl"},
    ]
    assert utf16_len("😀") == 2


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<span class="x">a</span>', 'Tag "span" must have class "tg-spoiler"'),
    ],
)
def test_invalid_html_is_refused_like_telegram(text: str, detail: str) -> None:
    with pytest.raises(ApiFailureError) as caught:
        parse_text(text, "HTML")
    assert caught.value.description == f"Bad Request: can't parse entities: {detail}"


def test_unknown_parse_mode_and_markdown() -> None:
    with pytest.raises(ApiFailureError, match="unsupported parse_mode"):
        parse_text("x", "rst")
    assert parse_text("*vet* _schuin_ `code`", "Markdown").text == "vet schuin code"
    assert parse_text(r"__onder__ \(a\)", "MarkdownV2").entities == [
        {"type": "underline", "offset": 0, "length": 5}
    ]


def test_markup_kinds() -> None:
    assert parse_markup({"remove_keyboard": True}) is not None
    reply = parse_markup({"keyboard": [["a", {"text": "b"}]], "resize_keyboard": True})
    assert reply is not None
    assert reply.kind == "reply"
    assert reply.texts == ["a", "b"]
    with pytest.raises(ApiFailureError, match="text buttons are unallowed"):
        parse_markup({"inline_keyboard": [[{"text": "no action"}]]})
    with pytest.raises(ApiFailureError, match="BUTTON_DATA_INVALID"):
        parse_markup({"inline_keyboard": [[{"text": "x", "callback_data": ""}]]})


def test_queue_keeps_updates_until_a_later_offset_confirms_them() -> None:
    queue = UpdateQueue()
    first = queue.push({"message": {"text": "a"}})
    second = queue.push({"message": {"text": "b"}})
    assert [u["update_id"] for u in queue.take(100)] == [first, second]
    assert [u["update_id"] for u in queue.take(1)] == [first]  # not confirmed yet
    assert second is not None
    queue.confirm(second)
    assert [u["update_id"] for u in queue.take(100)] == [second]
    queue.confirm(second + 1)
    assert queue.settled


def test_negative_offset_keeps_only_the_last_updates() -> None:
    queue = UpdateQueue()
    for text in "abc":
        queue.push({"message": {"text": text}})
    queue.confirm(-1)
    assert [u["message"]["text"] for u in queue.take(100)] == ["c"]


def test_out_of_order_keeps_update_ids_increasing() -> None:
    queue = UpdateQueue()
    queue.reorder_next(2)
    assert queue.push({"message": {"text": "first"}}) is None
    assert not queue.settled  # held back counts as pending work
    queue.push({"message": {"text": "second"}})
    batch = queue.take(100)
    assert [u["message"]["text"] for u in batch] == ["second", "first"]
    assert batch[0]["update_id"] < batch[1]["update_id"]


def _text_in(chat: int, text: str) -> dict[str, object]:
    return {"message": {"chat": {"id": chat}, "from": {"id": chat}, "text": text}}


def test_the_webhook_posts_one_update_per_chat_at_a_time() -> None:
    """As Telegram's Bot API server: a chat's next message waits until the previous one was
    answered; other chats, and a person's button presses, go meanwhile."""
    queue = UpdateQueue()
    queue.push(_text_in(1, "a1"))
    queue.push(_text_in(1, "a2"))
    queue.push(_text_in(2, "b1"))
    queue.push({"callback_query": {"id": "q", "from": {"id": 1}, "data": "x"}})
    first = queue.next_for_webhook()
    assert first is not None
    others = [queue.next_for_webhook(), queue.next_for_webhook()]
    assert [u["message"]["text"] if u and "message" in u else "press" for u in others] == [
        "b1",
        "press",
    ]
    assert queue.next_for_webhook() is None  # a2 waits for a1
    queue.webhook_done(first, ok=False)  # refused: a1 again, still before a2
    again = queue.next_for_webhook()
    assert again is not None
    assert again["message"]["text"] == "a1"
    queue.webhook_done(again, ok=True)
    last = queue.next_for_webhook()
    assert last is not None
    assert last["message"]["text"] == "a2"
