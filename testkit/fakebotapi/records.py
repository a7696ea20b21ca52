"""Plain records of what users and the bot did, so tests can assert on them without JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "ApiError",
    "BotCommand",
    "Button",
    "CallbackAnswer",
    "ChatAction",
    "ChatRef",
    "ChatType",
    "FakeChat",
    "FakeUser",
    "JSONDict",
    "Keyboard",
    "KeyboardKind",
    "MessageVersion",
    "PressedButton",
    "SentMessage",
    "UploadedFile",
    "chat_id_of",
]

JSONDict = dict[str, Any]

ChatType = Literal["private", "group", "supergroup"]
KeyboardKind = Literal["inline", "reply", "remove", "force_reply"]


@dataclass(frozen=True, slots=True)
class FakeUser:
    """A Telegram user played by a test; its private chat has the same id, like in Telegram."""

    id: int
    first_name: str
    language_code: str = "en"
    last_name: str | None = None
    username: str | None = None

    def to_json(self) -> JSONDict:
        data: JSONDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    @property
    def private_chat(self) -> FakeChat:
        return FakeChat(id=self.id, type="private", title=None, first_name=self.first_name)


@dataclass(frozen=True, slots=True)
class FakeChat:
    """A chat; private chats share the user's id, groups have negative ids."""

    id: int
    type: ChatType
    title: str | None = None
    first_name: str | None = None

    def to_json(self) -> JSONDict:
        data: JSONDict = {"id": self.id, "type": self.type}
        if self.title is not None:
            data["title"] = self.title
        if self.first_name is not None:
            data["first_name"] = self.first_name
        return data


ChatRef = FakeChat | FakeUser | int


def chat_id_of(chat: ChatRef) -> int:
    """Accept a chat, a user (meaning the private chat) or a plain id."""
    if isinstance(chat, int):
        return chat
    return chat.id


@dataclass(frozen=True, slots=True)
class Button:
    """One keyboard button as the bot sent it."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Keyboard:
    """A reply_markup parsed into rows of buttons (empty rows for remove/force_reply)."""

    kind: KeyboardKind
    rows: tuple[tuple[Button, ...], ...] = ()
    raw: JSONDict = field(default_factory=dict, compare=False)

    @property
    def buttons(self) -> list[Button]:
        return [button for row in self.rows for button in row]

    @property
    def texts(self) -> list[str]:
        return [button.text for button in self.buttons]


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file the bot uploaded (or a user sent); the bytes are kept for the test to open."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    filename: str | None
    mime_type: str | None
    chat_id: int | None = None
    message_id: int | None = None
    caption: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True, slots=True)
class MessageVersion:
    """A previous state of an edited message."""

    text: str | None
    caption: str | None
    keyboard: Keyboard | None


@dataclass(slots=True)
class SentMessage:
    """A message the bot sent, kept up to date with edits and deletion."""

    chat_id: int
    message_id: int
    kind: str
    text: str | None
    date: int
    entities: list[JSONDict] = field(default_factory=list)
    caption: str | None = None
    parse_mode: str | None = None
    keyboard: Keyboard | None = None
    file: UploadedFile | None = None
    history: list[MessageVersion] = field(default_factory=list)
    deleted: bool = False
    edit_date: int | None = None

    @property
    def buttons(self) -> list[Button]:
        return self.keyboard.buttons if self.keyboard else []

    @property
    def button_texts(self) -> list[str]:
        return self.keyboard.texts if self.keyboard else []

    @property
    def inline_keyboard(self) -> Keyboard | None:
        """The inline keyboard, the only kind Telegram shows as part of the message."""
        if self.keyboard is not None and self.keyboard.kind == "inline":
            return self.keyboard
        return None

    @property
    def content(self) -> str:
        """Text or caption, whichever the message has."""
        return self.text if self.text is not None else (self.caption or "")


@dataclass(frozen=True, slots=True)
class CallbackAnswer:
    """An answerCallbackQuery call."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None


@dataclass(frozen=True, slots=True)
class PressedButton:
    """A button press: an inline button's callback query, or (callback_query_id "") the text
    message a reply-keyboard button sends."""

    callback_query_id: str
    update_id: int
    message: SentMessage
    button: Button


@dataclass(frozen=True, slots=True)
class ChatAction:
    """A chat action (e.g. ``typing``) the bot sent to a chat."""

    chat_id: int
    action: str


@dataclass(frozen=True, slots=True)
class ApiError:
    """A request the fake refused: method, HTTP status and Telegram's description."""

    method: str
    status: int
    description: str
    params: JSONDict = field(default_factory=dict, compare=False)
    expected: bool = False

    def __str__(self) -> str:
        return f"{self.method}: {self.status} {self.description}"


@dataclass(frozen=True, slots=True)
class BotCommand:
    """One command of the bot's command menu."""

    command: str
    description: str
