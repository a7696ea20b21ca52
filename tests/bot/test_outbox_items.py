"""What goes into the outbox comes back out unchanged: messages with their buttons, a report
request with its map snapshot, files with their bytes; and a reply keeps the one order."""

from __future__ import annotations

import json

import pytest

from bot.chat.outbox import decode, encode
from bot.conversation.outgoing import FileBatch, Item, OutFile, Reply, ReportRequest
from flows.values import Answering, Button, OutMessage
from reports.sample import load_sample

ITEMS: list[Item] = [
    OutMessage(
        "Hoe voelde dat? 😬 <b>niet vet</b>",
        buttons=((Button("−2", "s:-2", "-2"), Button("+2", "s:2", "2")), (Button("Klaar", "d"),)),
        kind="question",
    ),
    OutMessage(  # how to answer and the buttons' roles travel too (each transport words them)
        "Welke kanalen?",
        buttons=((Button("Website", "c:web"),), (Button("Klaar", "c:_done", role="done"),)),
        kind="question",
        answering=Answering("choices", "nl", most=5, own=True, last="Dat was de laatste"),
    ),
    OutMessage("Gekozen", replace=True),
    ReportRequest(load_sample(), personas=("p0",), roles=("customer", "colleague")),
    ReportRequest(load_sample()),
    FileBatch((OutFile("qr.png", b"\x89PNG\x00\xff", kind="photo", caption="Scan mij"),)),
]


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: type(i).__name__)
def test_an_item_survives_the_outbox(item: Item) -> None:
    stored = json.loads(json.dumps(encode(item)))  # as the JSON column keeps it
    assert decode(stored) == item


def test_an_unknown_payload_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown outbox item"):
        decode({"t": "carrier pigeon"})


def test_a_reply_sends_messages_report_files_then_the_followup() -> None:
    question = OutMessage("Vraag", kind="question")
    report = ReportRequest(load_sample())
    qr = OutFile("qr.png", b"png", kind="photo")
    reply = Reply(
        messages=[OutMessage("Een ogenblik")], report=report, files=[qr], followup=[question]
    )
    assert reply.items() == [OutMessage("Een ogenblik"), report, FileBatch((qr,)), question]
