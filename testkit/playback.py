"""How a scripted step (`testkit.interview`) becomes an input: for the engine and the
chat service (`inbound_for`), or as an update from a user of the fake Bot API (`send_action`).
Shared by the tests and the benchmarks, so every player of the script presses the same
buttons."""

from __future__ import annotations

from collections.abc import Sequence

from flows.values import Inbound, OutMessage
from testkit.fakebotapi import FakeBotApi, FakeUser, SentMessage
from testkit.interview import Action, Command, Type

__all__ = ["inbound_for", "last_keyboard_message", "send_action"]


def inbound_for(action: Action, messages: Sequence[OutMessage]) -> Inbound:
    """The input of ``action``; a `Pick` presses a button of the last of ``messages`` that
    has buttons."""
    if isinstance(action, Type):
        return Inbound(kind="text", text=action.text)
    if isinstance(action, Command):
        return Inbound(kind="command", command=action.name, args=action.args)
    asked = next(m for m in reversed(messages) if m.buttons)
    buttons = [b for row in asked.buttons for b in row]
    return Inbound(kind="button", data=buttons[action.position(len(buttons))].data)


def last_keyboard_message(api: FakeBotApi, user: FakeUser) -> SentMessage:
    """The last message with inline buttons the bot sent ``user`` and has not deleted."""
    for message in reversed(api.messages(user)):
        if message.inline_keyboard is not None and not message.deleted:
            return message
    raise AssertionError(f"no message with buttons in:\n{api.transcript(user)}")


def send_action(api: FakeBotApi, user: FakeUser, action: Action) -> int:
    """Queue the update ``user`` makes by ``action``; its update_id."""
    if isinstance(action, Type):
        update_id = api.user_sends_text(user, action.text)
    elif isinstance(action, Command):
        update_id = api.user_sends_text(user, f"/{action.name} {action.args}".strip())
    else:
        message = last_keyboard_message(api, user)
        update_id = api.user_presses(message, action.position(len(message.buttons))).update_id
    assert update_id is not None
    return update_id
