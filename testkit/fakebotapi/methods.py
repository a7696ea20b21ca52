"""The Bot API methods the fake implements, working on a ChatStore.

Each handler takes the request's Params and returns the ``result`` of Telegram's envelope, or
raises ApiFailureError with Telegram's exact error text.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Awaitable, Callable
from typing import Any

from . import errors
from .formatting import ParsedText, parse_text
from .markup import keyboard_json, parse_markup
from .params import FilePart, Params
from .records import (
    BotCommand,
    CallbackAnswer,
    ChatAction,
    FakeChat,
    JSONDict,
    MessageVersion,
    SentMessage,
    UploadedFile,
)

__all__ = [
    "CHAT_ACTIONS",
    "COMMAND_CHARS",
    "MAX_CAPTION",
    "MAX_TEXT",
    "ChatStore",
    "Handler",
    "file_json",
]

MAX_TEXT = 4096
MAX_CAPTION = 1024
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
COMMAND_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")

Handler = Callable[[Params], Awaitable[Any]]


class ChatStore:
    """Chats, messages, files and bot settings: everything the bot can change and tests read."""

    def __init__(self, bot_user: JSONDict) -> None:
        self.bot_user = bot_user
        self.chats: dict[int, FakeChat] = {}
        self.sent: dict[int, list[SentMessage]] = {}
        self.by_id: dict[tuple[int, int], SentMessage] = {}
        self.user_messages: dict[tuple[int, int], JSONDict] = {}
        self.deleted: list[tuple[int, int]] = []
        self.callback_queries: dict[str, bool] = {}
        self.callback_answers: list[CallbackAnswer] = []
        self.answer_by_query: dict[str, CallbackAnswer] = {}
        self.uploads: list[UploadedFile] = []
        self.files: dict[str, UploadedFile] = {}
        self.file_paths: dict[str, UploadedFile] = {}
        self.chat_actions: list[ChatAction] = []
        self.commands: dict[tuple[str, str], list[BotCommand]] = {}
        self.menu_buttons: dict[int | None, JSONDict] = {}
        self.profile: dict[tuple[str, str], str] = {}
        self._message_ids: dict[int, int] = {}
        self._file_ids = itertools.count(1)
        self.on_sent: Callable[[SentMessage], None] = lambda message: None

    # --- shared helpers --------------------------------------------------------------------
    def chat(self, chat_id: int) -> FakeChat:
        chat = self.chats.get(chat_id)
        if chat is None:
            raise errors.bad_request(errors.CHAT_NOT_FOUND)
        return chat

    def next_message_id(self, chat_id: int) -> int:
        message_id = self._message_ids.get(chat_id, 0) + 1
        self._message_ids[chat_id] = message_id
        return message_id

    def new_file(
        self,
        kind: str,
        data: bytes,
        filename: str | None,
        mime_type: str | None,
        **where: Any,
    ) -> UploadedFile:
        number = next(self._file_ids)
        uploaded = UploadedFile(
            file_id=f"fake-{kind}-{number}",
            file_unique_id=f"u{number}",
            kind=kind,
            data=data,
            filename=filename,
            mime_type=mime_type,
            **where,
        )
        self.files[uploaded.file_id] = uploaded
        return uploaded

    def message_json(self, message: SentMessage) -> JSONDict:
        data: JSONDict = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": self.chats[message.chat_id].to_json(),
            "from": self.bot_user,
        }
        if message.text is not None:
            data["text"] = message.text
            if message.entities:
                data["entities"] = message.entities
        if message.caption is not None:
            data["caption"] = message.caption
        if message.file is not None:
            data.update(file_json(message.file))
        markup = keyboard_json(message.keyboard)
        if markup is not None:
            data["reply_markup"] = markup
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        return data

    def _store(self, message: SentMessage) -> JSONDict:
        self.sent.setdefault(message.chat_id, []).append(message)
        self.by_id[(message.chat_id, message.message_id)] = message
        self.on_sent(message)
        return self.message_json(message)

    # --- method table ----------------------------------------------------------------------
    def handlers(self) -> dict[str, Handler]:
        """Lower-cased method name -> handler (Telegram method names are case-insensitive)."""
        return {
            "sendmessage": self.send_message,
            "editmessagetext": self.edit_message_text,
            "editmessagecaption": self.edit_message_caption,
            "editmessagereplymarkup": self.edit_message_reply_markup,
            "deletemessage": self.delete_message,
            "answercallbackquery": self.answer_callback_query,
            "senddocument": self.send_document,
            "sendphoto": self.send_photo,
            "sendchataction": self.send_chat_action,
            "getfile": self.get_file,
            "setmycommands": self.set_my_commands,
            "getmycommands": self.get_my_commands,
            "deletemycommands": self.delete_my_commands,
            "setmyname": self._profile_setter("name"),
            "getmyname": self._profile_getter("name"),
            "setmydescription": self._profile_setter("description"),
            "getmydescription": self._profile_getter("description"),
            "setmyshortdescription": self._profile_setter("short_description"),
            "getmyshortdescription": self._profile_getter("short_description"),
            "setchatmenubutton": self.set_chat_menu_button,
            "getchatmenubutton": self.get_chat_menu_button,
        }

    # --- sending ---------------------------------------------------------------------------
    async def send_message(self, params: Params) -> JSONDict:
        chat = self.chat(params.chat_id())
        parsed = _parse(params, "text", "entities", limit=MAX_TEXT)
        keyboard = parse_markup(params.get_json("reply_markup", errors.MARKUP_BAD_JSON))
        message = SentMessage(
            chat_id=chat.id,
            message_id=self.next_message_id(chat.id),
            kind="text",
            text=parsed.text,
            date=int(time.time()),
            entities=parsed.entities,
            parse_mode=params.get_str("parse_mode"),
            keyboard=keyboard,
        )
        return self._store(message)

    async def send_document(self, params: Params) -> JSONDict:
        return self._send_file(params, "document")

    async def send_photo(self, params: Params) -> JSONDict:
        return self._send_file(params, "photo")

    def _send_file(self, params: Params, kind: str) -> JSONDict:
        chat = self.chat(params.chat_id())
        source = params.get_file(kind)
        if source is None or source == "":
            raise errors.bad_request(f"Bad Request: there is no {kind} in the request")
        caption = _parse(params, "caption", "caption_entities", limit=MAX_CAPTION, optional=True)
        keyboard = parse_markup(params.get_json("reply_markup", errors.MARKUP_BAD_JSON))
        message_id = self.next_message_id(chat.id)
        where: dict[str, Any] = {
            "chat_id": chat.id,
            "message_id": message_id,
            "caption": caption.text or None,
        }
        if isinstance(source, FilePart):
            uploaded = self.new_file(
                kind, source.data, source.filename, source.content_type, **where
            )
        else:
            known = self.files.get(source)
            if known is None and not source.startswith(("http://", "https://")):
                raise errors.bad_request(errors.WRONG_FILE_ID)
            data = known.data if known else b""
            filename = known.filename if known else source.rsplit("/", 1)[-1]
            mime = known.mime_type if known else None
            uploaded = self.new_file(kind, data, filename, mime, **where)
        self.uploads.append(uploaded)
        message = SentMessage(
            chat_id=chat.id,
            message_id=message_id,
            kind=kind,
            text=None,
            date=int(time.time()),
            caption=caption.text or None,
            entities=caption.entities,
            parse_mode=params.get_str("parse_mode"),
            keyboard=keyboard,
            file=uploaded,
        )
        return self._store(message)

    async def send_chat_action(self, params: Params) -> bool:
        chat = self.chat(params.chat_id())
        action = params.get_str("action", required=True) or ""
        if action not in CHAT_ACTIONS:
            raise errors.bad_request(errors.WRONG_CHAT_ACTION)
        self.chat_actions.append(ChatAction(chat.id, action))
        return True

    # --- editing ---------------------------------------------------------------------------
    def _message_to_edit(self, params: Params) -> SentMessage:
        if params.has("inline_message_id"):
            raise errors.bad_request("Bad Request: inline messages are not supported by the fake")
        chat_id = params.chat_id()
        message_id = params.get_int("message_id", required=True)
        message = self.by_id.get((chat_id, message_id or 0))
        if message is None or message.deleted:
            raise errors.bad_request(errors.MESSAGE_TO_EDIT_NOT_FOUND)
        return message

    def _edited(self, message: SentMessage) -> JSONDict:
        message.edit_date = int(time.time())
        return self.message_json(message)

    def _remember(self, message: SentMessage) -> None:
        message.history.append(MessageVersion(message.text, message.caption, message.keyboard))

    async def edit_message_text(self, params: Params) -> JSONDict:
        message = self._message_to_edit(params)
        parsed = _parse(params, "text", "entities", limit=MAX_TEXT)
        keyboard = parse_markup(params.get_json("reply_markup", errors.MARKUP_BAD_JSON))
        if message.text is None:
            raise errors.bad_request(errors.NO_TEXT_TO_EDIT)
        if (
            parsed.text == message.text
            and parsed.entities == message.entities
            and keyboard_json(keyboard) == keyboard_json(message.keyboard)
        ):
            raise errors.bad_request(errors.NOT_MODIFIED)
        self._remember(message)
        message.text, message.entities, message.keyboard = parsed.text, parsed.entities, keyboard
        message.parse_mode = params.get_str("parse_mode")
        return self._edited(message)

    async def edit_message_caption(self, params: Params) -> JSONDict:
        message = self._message_to_edit(params)
        parsed = _parse(params, "caption", "caption_entities", limit=MAX_CAPTION, optional=True)
        keyboard = parse_markup(params.get_json("reply_markup", errors.MARKUP_BAD_JSON))
        caption = parsed.text or None
        if caption == message.caption and keyboard_json(keyboard) == keyboard_json(
            message.keyboard
        ):
            raise errors.bad_request(errors.NOT_MODIFIED)
        self._remember(message)
        message.caption, message.keyboard = caption, keyboard
        return self._edited(message)

    async def edit_message_reply_markup(self, params: Params) -> JSONDict:
        message = self._message_to_edit(params)
        keyboard = parse_markup(params.get_json("reply_markup", errors.MARKUP_BAD_JSON))
        if keyboard_json(keyboard) == keyboard_json(message.keyboard):
            raise errors.bad_request(errors.NOT_MODIFIED)
        self._remember(message)
        message.keyboard = keyboard
        return self._edited(message)

    async def delete_message(self, params: Params) -> bool:
        chat_id = params.chat_id()
        self.chat(chat_id)
        message_id = params.get_int("message_id", required=True) or 0
        key = (chat_id, message_id)
        message = self.by_id.get(key)
        if message is not None and not message.deleted:
            message.deleted = True
        elif self.user_messages.pop(key, None) is None:
            raise errors.bad_request(errors.MESSAGE_TO_DELETE_NOT_FOUND)
        self.deleted.append(key)
        return True

    # --- callbacks, files, settings --------------------------------------------------------
    async def answer_callback_query(self, params: Params) -> bool:
        query_id = params.get_str("callback_query_id", required=True) or ""
        if self.callback_queries.get(query_id, True):
            raise errors.bad_request(errors.QUERY_INVALID)
        self.callback_queries[query_id] = True
        answer = CallbackAnswer(
            callback_query_id=query_id,
            text=params.get_str("text"),
            show_alert=params.get_bool("show_alert"),
            url=params.get_str("url"),
        )
        self.callback_answers.append(answer)
        self.answer_by_query[query_id] = answer
        return True

    async def get_file(self, params: Params) -> JSONDict:
        file_id = params.get_str("file_id", required=True) or ""
        uploaded = self.files.get(file_id)
        if uploaded is None:
            raise errors.bad_request("Bad Request: invalid file_id")
        path = f"{uploaded.kind}s/{uploaded.file_unique_id}_{uploaded.filename or 'file'}"
        self.file_paths[path] = uploaded
        return {
            "file_id": uploaded.file_id,
            "file_unique_id": uploaded.file_unique_id,
            "file_size": uploaded.size,
            "file_path": path,
        }

    @staticmethod
    def _commands_key(params: Params) -> tuple[str, str]:
        scope = params.get_json("scope", "Bad Request: can't parse BotCommandScope JSON object")
        scope_key = "default" if scope is None else _canonical(scope)
        return scope_key, params.get_str("language_code") or ""

    async def set_my_commands(self, params: Params) -> bool:
        raw = params.get_json("commands", "Bad Request: can't parse commands JSON object")
        if not isinstance(raw, list):
            raise errors.bad_request('Bad Request: field "commands" must be an Array')
        commands = []
        for item in raw:
            if not isinstance(item, dict):
                raise errors.bad_request(errors.BOT_COMMAND_INVALID)
            name = str(item.get("command", "")).removeprefix("/")
            description = str(item.get("description", ""))
            if not 1 <= len(name) <= 32 or not set(name) <= COMMAND_CHARS:
                raise errors.bad_request(errors.BOT_COMMAND_INVALID)
            if not 1 <= len(description) <= 256:
                raise errors.bad_request(errors.BOT_COMMAND_DESCRIPTION_INVALID)
            commands.append(BotCommand(name, description))
        self.commands[self._commands_key(params)] = commands
        return True

    async def get_my_commands(self, params: Params) -> list[JSONDict]:
        commands = self.commands.get(self._commands_key(params), [])
        return [{"command": c.command, "description": c.description} for c in commands]

    async def delete_my_commands(self, params: Params) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    def _profile_setter(self, field: str) -> Handler:
        """setMyName / setMyDescription / setMyShortDescription, per language_code."""

        async def handler(params: Params) -> bool:
            key = (field, params.get_str("language_code") or "")
            value = params.get_str(field)
            if value:
                self.profile[key] = value
            else:
                self.profile.pop(key, None)
            return True

        return handler

    def _profile_getter(self, field: str) -> Handler:
        async def handler(params: Params) -> JSONDict:
            language = params.get_str("language_code") or ""
            value = self.profile.get((field, language), self.profile.get((field, ""), ""))
            return {field: value}

        return handler

    async def set_chat_menu_button(self, params: Params) -> bool:
        chat_id = params.get_int("chat_id")
        button = params.get_json("menu_button", "Bad Request: can't parse menu button JSON object")
        self.menu_buttons[chat_id] = button or {"type": "default"}
        return True

    async def get_chat_menu_button(self, params: Params) -> JSONDict:
        return self.menu_buttons.get(params.get_int("chat_id"), {"type": "default"})


def _canonical(value: Any) -> str:
    if isinstance(value, dict):
        return ",".join(f"{key}={value[key]}" for key in sorted(value))
    return str(value)


def _parse(
    params: Params, field: str, entities_field: str, *, limit: int, optional: bool = False
) -> ParsedText:
    """Parse text/caption with its parse_mode and enforce Telegram's length limits."""
    raw = params.get_str(field) or ""
    parse_mode = params.get_str("parse_mode")
    if parse_mode:
        parsed = parse_text(raw, parse_mode)
    else:
        parsed = parse_text(raw, None)
        given = params.get_json(entities_field, "Bad Request: can't parse entities JSON object")
        if isinstance(given, list):
            parsed.entities = given
    if not parsed.text and not optional:
        raise errors.bad_request(errors.TEXT_EMPTY)
    if parsed.length > limit:
        raise errors.bad_request(
            errors.TEXT_TOO_LONG if field == "text" else errors.CAPTION_TOO_LONG
        )
    return parsed


def file_json(uploaded: UploadedFile) -> JSONDict:
    """The Message fields describing a file, in the shape PTB parses."""
    base: JSONDict = {
        "file_id": uploaded.file_id,
        "file_unique_id": uploaded.file_unique_id,
        "file_size": uploaded.size,
    }
    if uploaded.kind == "photo":
        return {"photo": [{**base, "width": 320, "height": 240}]}
    if uploaded.kind == "voice":
        return {"voice": {**base, "duration": 2, "mime_type": uploaded.mime_type or "audio/ogg"}}
    if uploaded.filename:
        base["file_name"] = uploaded.filename
    if uploaded.mime_type:
        base["mime_type"] = uploaded.mime_type
    return {uploaded.kind: base}
