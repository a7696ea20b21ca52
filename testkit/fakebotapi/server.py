"""FakeBotApi: a local Telegram Bot API server that python-telegram-bot talks to unchanged.

Tests (and benchmarks) play users through ``user_*`` methods and read what the bot did from
plain records. No pytest import here so bench/ can use it as well.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp import web

from . import errors
from .errors import ApiFailureError
from .faults import Fault, FaultPlan
from .methods import ChatStore, Handler, file_json
from .params import Params, read_params
from .records import (
    ApiError,
    BotCommand,
    Button,
    CallbackAnswer,
    ChatAction,
    ChatRef,
    ChatType,
    FakeChat,
    FakeUser,
    JSONDict,
    PressedButton,
    SentMessage,
    UploadedFile,
    chat_id_of,
)
from .updates import UpdateQueue

__all__ = ["DEFAULT_TOKEN", "FakeApiUsageError", "FakeBotApi", "WebhookConfig"]

DEFAULT_TOKEN = "123456789:TEST-fake-token_for-journeybot"
_LOGGER = logging.getLogger(__name__)
_TERMINATION = (errors.TERMINATED_BY_OTHER,)


class FakeApiUsageError(ValueError):
    """A test used the fake wrongly (e.g. pressed a button that does not exist)."""


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    """The webhook the bot set: URL, secret token and max connections."""

    url: str
    secret_token: str | None
    max_connections: int


class FakeBotApi:
    """The fake server plus its test-facing API. Use ``async with FakeBotApi() as api``."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "journeybot_test_bot",
        host: str = "127.0.0.1",
        port: int = 0,
        webhook_workers: int = 1,
        webhook_retry_delay: float = 0.05,
    ) -> None:
        self.token = token
        self.host = host
        self.port = port
        self.bot_user: JSONDict = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "Journeybot (fake)",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.store = ChatStore(self.bot_user)
        self.store.on_sent = self._on_sent
        self.updates = UpdateQueue()
        self.faults = FaultPlan()
        self.errors: list[ApiError] = []
        self.request_counts: Counter[str] = Counter()
        self.calls: deque[tuple[str, dict[str, Any]]] = deque(maxlen=10_000)
        self.webhook: WebhookConfig | None = None
        self.webhook_errors: list[str] = []
        self._webhook_workers = webhook_workers
        self._webhook_retry_delay = webhook_retry_delay
        self._webhook_tasks: list[asyncio.Task[None]] = []
        self._expected_errors: list[str] = []
        self._handlers: dict[str, Handler] = {
            **self.store.handlers(),
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "close": self._always_true,
            "logout": self._always_true,
        }
        self._users: dict[int, FakeUser] = {}
        self._user_ids = itertools.count(1_000_001)
        self._group_ids = itertools.count(1_000_001)
        self._query_ids = itertools.count(1)
        self._chat_waiters: dict[int, list[asyncio.Future[None]]] = {}
        self._read_cursor: dict[int, int] = {}
        self._changed: asyncio.Event | None = None
        self._active_requests = 0
        self._last_activity = time.monotonic()
        self._poll_generation = 0
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    # ======================================================================================
    # lifecycle
    # ======================================================================================
    async def start(self) -> FakeBotApi:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=0.5
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self

    async def stop(self) -> None:
        self._closing.set()
        self.updates.wake_all()
        await self._stop_webhook_workers()
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``; PTB appends the token."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.root_url}/file/bot"

    # ======================================================================================
    # HTTP plumbing
    # ======================================================================================
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/file/bot"):
            return self._serve_file(path)
        if not path.startswith("/bot"):
            return self._fail("?", ApiFailureError(404, errors.NOT_FOUND), {})
        token, _, method = path[len("/bot") :].partition("/")
        if token != self.token:
            return self._fail(method, ApiFailureError(401, errors.UNAUTHORIZED), {})
        key = method.lower()
        self.request_counts[method] += 1
        polling = key == "getupdates"
        if not polling:
            self._active_requests += 1
            self._last_activity = time.monotonic()
        values: dict[str, Any] = {}
        try:
            try:
                values = await read_params(request)
            except (ConnectionError, aiohttp.ClientPayloadError):
                raise asyncio.CancelledError from None  # the client is gone; nothing to answer
            self.calls.append((method, Params(values).loggable()))
            fault = self.faults.take(method)
            if fault is not None:
                self._notify_change()
                faulted = await self._apply_fault(request, fault)
                if faulted is not None:
                    return faulted
            handler = self._handlers.get(key)
            if handler is None:
                return self._fail(method, ApiFailureError(404, errors.NOT_FOUND), values)
            result = await handler(Params(values))
            return web.json_response({"ok": True, "result": result})
        except ApiFailureError as failure:
            return self._fail(method, failure, values)
        except Exception as exc:  # a bug in the fake must fail the test, not hang it
            _LOGGER.exception("fake Bot API crashed on %s", method)
            crash = ApiFailureError(500, f"Internal Server Error: fake crashed: {exc!r}")
            return self._fail(method, crash, values)
        finally:
            if not polling:
                self._active_requests -= 1
                self._last_activity = time.monotonic()
            self._notify_change()

    def _fail(self, method: str, failure: ApiFailureError, values: dict[str, Any]) -> web.Response:
        if failure.description not in _TERMINATION:
            self._record_error(ApiError(method, failure.status, failure.description, values))
        return web.json_response(failure.envelope(), status=failure.status)

    async def _apply_fault(self, request: web.Request, fault: Fault) -> web.StreamResponse | None:
        if fault.kind == "rate_limit":
            failure = ApiFailureError(
                429, f"Too Many Requests: retry after {fault.retry_after}", fault.retry_after
            )
            return web.json_response(failure.envelope(), status=429)
        if fault.kind == "server_error":
            if fault.status == 500:
                body = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
                return web.json_response(body, status=500)
            return web.Response(
                status=fault.status,
                text=f"<html><body><h1>{fault.status} Bad Gateway</h1></body></html>",
                content_type="text/html",
            )
        if fault.kind == "disconnect":
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError  # aiohttp drops the request without a response
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), fault.delay)
        if self._closing.is_set():
            raise asyncio.CancelledError  # shutting down: drop the delayed request
        return None

    def _serve_file(self, path: str) -> web.StreamResponse:
        token, _, file_path = path[len("/file/bot") :].partition("/")
        if token != self.token:
            return web.json_response(
                ApiFailureError(401, errors.UNAUTHORIZED).envelope(), status=401
            )
        uploaded = self.store.file_paths.get(file_path)
        if uploaded is None:
            return web.json_response(ApiFailureError(404, errors.NOT_FOUND).envelope(), status=404)
        return web.Response(body=uploaded.data, content_type="application/octet-stream")

    # ======================================================================================
    # getMe, getUpdates, webhooks
    # ======================================================================================
    async def _get_me(self, params: Params) -> JSONDict:
        return self.bot_user

    async def _always_true(self, params: Params) -> bool:
        return True

    async def _get_updates(self, params: Params) -> list[JSONDict]:
        if self.webhook is not None:
            raise ApiFailureError(409, errors.WEBHOOK_ACTIVE)
        self._poll_generation += 1
        generation = self._poll_generation
        self.updates.wake_all()  # an older long poll now ends with 409, like Telegram
        self.updates.confirm(params.get_int("offset"))
        self._notify_change()
        limit = min(max(params.get_int("limit") or 100, 1), 100)
        timeout_text = params.get_str("timeout")
        timeout = max(float(timeout_text), 0.0) if timeout_text else 0.0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiFailureError(409, errors.TERMINATED_BY_OTHER)
            if self.webhook is not None:
                raise ApiFailureError(409, errors.WEBHOOK_ACTIVE)
            batch = self.updates.take(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closing.is_set():
                break
            await self.updates.wait(remaining)
        if batch:
            self._last_activity = time.monotonic()
        return batch

    async def _set_webhook(self, params: Params) -> bool:
        url = params.get_str("url") or ""
        if params.get_bool("drop_pending_updates"):
            self.updates.drop_all()
        await self._stop_webhook_workers()
        if not url:
            self.webhook = None
            return True
        if not url.startswith(("http://", "https://")):
            raise errors.bad_request("Bad Request: bad webhook: Failed to resolve host")
        self.webhook = WebhookConfig(
            url=url,
            secret_token=params.get_str("secret_token"),
            max_connections=params.get_int("max_connections") or 40,
        )
        self.updates.wake_all()
        config = self.webhook
        workers = max(1, min(self._webhook_workers, config.max_connections))
        self._webhook_tasks = [
            asyncio.create_task(self._webhook_worker(config), name=f"fake-webhook-{n}")
            for n in range(workers)
        ]
        return True

    async def _delete_webhook(self, params: Params) -> bool:
        if params.get_bool("drop_pending_updates"):
            self.updates.drop_all()
        await self._stop_webhook_workers()
        self.webhook = None
        return True

    async def _get_webhook_info(self, params: Params) -> JSONDict:
        info: JSONDict = {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates.pending),
        }
        if self.webhook is not None:
            info["max_connections"] = self.webhook.max_connections
        if self.webhook_errors:
            info["last_error_date"] = int(time.time())
            info["last_error_message"] = self.webhook_errors[-1]
        return info

    async def _stop_webhook_workers(self) -> None:
        tasks, self._webhook_tasks = self._webhook_tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _webhook_worker(self, config: WebhookConfig) -> None:
        """POST pending updates one by one; an update is confirmed by a 2xx answer. Several
        such workers post side by side, one update per queue at a time (`webhook_queue`)."""
        assert self._session is not None
        headers = {"X-Telegram-Bot-Api-Secret-Token": config.secret_token or ""}
        if not config.secret_token:
            headers = {}
        while self.webhook is config and not self._closing.is_set():
            update = self.updates.next_for_webhook()
            if update is None:
                await self.updates.wait(1.0, webhook=True)
                continue
            ok = False
            try:
                async with self._session.post(config.url, json=update, headers=headers) as resp:
                    await resp.read()
                    ok = 200 <= resp.status < 300
                    if not ok:
                        self.webhook_errors.append(
                            f"Wrong response from the webhook: {resp.status}"
                        )
            except (aiohttp.ClientError, TimeoutError) as exc:
                self.webhook_errors.append(f"Connection failed: {exc!r}")
            except asyncio.CancelledError:
                self.updates.webhook_done(update, ok=False)
                raise
            self.updates.webhook_done(update, ok=ok)
            self._last_activity = time.monotonic()
            self._notify_change()
            if not ok:
                await asyncio.sleep(self._webhook_retry_delay)

    # ======================================================================================
    # errors
    # ======================================================================================
    def _record_error(self, error: ApiError) -> None:
        if any(fragment in error.description for fragment in self._expected_errors):
            error = ApiError(error.method, error.status, error.description, error.params, True)
        else:
            _LOGGER.warning("fake Bot API refused %s", error)
        self.errors.append(error)

    def expect_error(self, fragment: str) -> None:
        """Errors whose description contains ``fragment`` are expected, not test failures."""
        self._expected_errors.append(fragment)

    def clear_errors(self) -> None:
        self.errors.clear()

    @property
    def unexpected_errors(self) -> list[ApiError]:
        return [error for error in self.errors if not error.expected]

    def assert_no_unexpected_errors(self) -> None:
        unexpected = self.unexpected_errors
        if unexpected:
            lines = "\n".join(f"  {error}  params={error.params}" for error in unexpected)
            raise AssertionError(f"the fake Bot API refused {len(unexpected)} request(s):\n{lines}")

    # ======================================================================================
    # fault injection
    # ======================================================================================
    def inject_rate_limit(self, method: str, *, retry_after: int = 1, count: int = 1) -> None:
        """The next ``count`` calls of ``method`` answer 429 with ``retry_after`` seconds."""
        self.faults.add(method, Fault("rate_limit", status=429, retry_after=retry_after), count)

    def inject_server_error(self, method: str, *, status: int = 500, count: int = 1) -> None:
        """The next calls answer 500 (Telegram's JSON) or 502 (nginx's HTML page)."""
        self.faults.add(method, Fault("server_error", status=status), count)

    def inject_delay(self, method: str, seconds: float, *, count: int = 1) -> None:
        """The next calls are held ``seconds`` before they are processed."""
        self.faults.add(method, Fault("delay", delay=seconds), count)

    def inject_disconnect(self, method: str, *, count: int = 1) -> None:
        """The next calls get their connection dropped without any response."""
        self.faults.add(method, Fault("disconnect"), count)

    def duplicate_next_update(self, times: int = 2) -> None:
        """The next update is delivered ``times`` times (a later copy after confirmation)."""
        self.updates.duplicate_next(times)

    def deliver_out_of_order(self, count: int) -> None:
        """Hold the next ``count`` updates and deliver them in reverse order."""
        self.updates.reorder_next(count)

    # ======================================================================================
    # users and chats
    # ======================================================================================
    def make_user(
        self,
        first_name: str = "Tester",
        *,
        language_code: str = "en",
        last_name: str | None = None,
        username: str | None = None,
        user_id: int | None = None,
    ) -> FakeUser:
        user = FakeUser(
            id=user_id if user_id is not None else next(self._user_ids),
            first_name=first_name,
            language_code=language_code,
            last_name=last_name,
            username=username,
        )
        self._register(user)
        return user

    def make_group(self, title: str = "Test group", *, type: ChatType = "group") -> FakeChat:
        chat = FakeChat(id=-next(self._group_ids), type=type, title=title)
        self.store.chats[chat.id] = chat
        return chat

    def _register(self, user: FakeUser) -> None:
        if user.id not in self._users:
            self._users[user.id] = user
            self.store.chats[user.id] = user.private_chat

    def _chat_of(self, user: FakeUser, chat: FakeChat | None) -> FakeChat:
        self._register(user)
        if chat is None:
            return self.store.chats[user.id]
        self.store.chats.setdefault(chat.id, chat)
        return chat

    def _user_message(self, user: FakeUser, chat: FakeChat | None, fields: JSONDict) -> int | None:
        target = self._chat_of(user, chat)
        message: JSONDict = {
            "message_id": self.store.next_message_id(target.id),
            "from": user.to_json(),
            "chat": target.to_json(),
            "date": int(time.time()),
            **fields,
        }
        self.store.user_messages[(target.id, message["message_id"])] = message
        return self.updates.push({"message": message})

    def user_edits(self, user: FakeUser, message_id: int, text: str) -> int | None:
        """The user edits one of their sent text messages (an ``edited_message`` update)."""
        chat = self._chat_of(user, None)
        original = self.store.user_messages.get((chat.id, message_id))
        if original is None:
            raise FakeApiUsageError(f"user message {message_id} not found in chat {chat.id}")
        edited = {**original, "text": text, "edit_date": int(time.time())}
        self.store.user_messages[(chat.id, message_id)] = edited
        return self.updates.push({"edited_message": edited})

    def user_sends(
        self, user: FakeUser, fields: JSONDict, *, chat: FakeChat | None = None
    ) -> int | None:
        """Send any Message fields (e.g. {"location": {...}}); returns the update_id."""
        return self._user_message(user, chat, fields)

    def user_sends_text(
        self, user: FakeUser, text: str, *, chat: FakeChat | None = None
    ) -> int | None:
        """A text message; a leading /command gets its bot_command entity like in Telegram."""
        fields: JSONDict = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self._user_message(user, chat, fields)

    def user_sends_command(
        self, user: FakeUser, command: str, args: str = "", *, chat: FakeChat | None = None
    ) -> int | None:
        text = "/" + command.removeprefix("/") + (f" {args}" if args else "")
        return self.user_sends_text(user, text, chat=chat)

    def user_starts(self, user: FakeUser, payload: str | None = None) -> int | None:
        """``/start`` or a ``t.me/bot?start=payload`` deep link (text ``/start payload``)."""
        return self.user_sends_command(user, "start", payload or "")

    def user_sends_sticker(
        self, user: FakeUser, emoji: str = "👍", *, chat: FakeChat | None = None
    ) -> int | None:
        number = next(self._query_ids)
        sticker = {
            "file_id": f"fake-sticker-{number}",
            "file_unique_id": f"s{number}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._user_message(user, chat, {"sticker": sticker})

    def _user_file(
        self,
        user: FakeUser,
        kind: str,
        data: bytes,
        filename: str | None,
        mime_type: str | None,
        caption: str | None,
        chat: FakeChat | None,
    ) -> int | None:
        uploaded = self.store.new_file(kind, data, filename, mime_type, caption=caption)
        fields = file_json(uploaded)
        if caption:
            fields["caption"] = caption
        return self._user_message(user, chat, fields)

    def user_sends_photo(
        self,
        user: FakeUser,
        data: bytes = b"\x89PNG fake",
        *,
        caption: str | None = None,
        chat: FakeChat | None = None,
    ) -> int | None:
        return self._user_file(user, "photo", data, "photo.jpg", "image/jpeg", caption, chat)

    def user_sends_voice(
        self, user: FakeUser, data: bytes = b"OggS fake", *, chat: FakeChat | None = None
    ) -> int | None:
        return self._user_file(user, "voice", data, None, "audio/ogg", None, chat)

    def user_sends_document(
        self,
        user: FakeUser,
        data: bytes = b"fake document",
        *,
        filename: str = "document.txt",
        mime_type: str = "text/plain",
        caption: str | None = None,
        chat: FakeChat | None = None,
    ) -> int | None:
        return self._user_file(user, "document", data, filename, mime_type, caption, chat)

    def user_presses(
        self,
        message: SentMessage,
        button: str | int | tuple[int, int],
        *,
        user: FakeUser | None = None,
    ) -> PressedButton:
        """Press a button of a bot message: inline buttons create a callback_query (old
        messages too, as Telegram allows), reply-keyboard buttons send their text."""
        chat = self.store.chats[message.chat_id]
        if user is None:
            user = self._users.get(chat.id)
            if user is None:
                raise FakeApiUsageError("pass user= to press a button in a group chat")
        if message.deleted:
            raise FakeApiUsageError(f"message {message.message_id} was deleted")
        if message.keyboard is None or message.keyboard.kind not in ("inline", "reply"):
            raise FakeApiUsageError(f"message {message.message_id} has no keyboard: {message}")
        found = _find_button(message.keyboard.rows, button)
        if message.keyboard.kind == "reply":
            update_id = self.user_sends_text(user, found.text, chat=chat)
            return PressedButton("", update_id or 0, message, found)
        if found.callback_data is None:
            raise FakeApiUsageError(f"button {found.text!r} has no callback_data")
        query_id = str(next(self._query_ids))
        self.store.callback_queries[query_id] = False
        query = {
            "id": query_id,
            "from": user.to_json(),
            "chat_instance": str(chat.id),
            "data": found.callback_data,
            "message": self.store.message_json(message),
        }
        update_id = self.updates.push({"callback_query": query})
        return PressedButton(query_id, update_id or 0, message, found)

    # ======================================================================================
    # reading what the bot did
    # ======================================================================================
    def messages(self, chat: ChatRef, *, include_deleted: bool = True) -> list[SentMessage]:
        """The bot's messages in a chat, in order (current state after edits)."""
        sent = self.store.sent.get(chat_id_of(chat), [])
        return sent if include_deleted else [m for m in sent if not m.deleted]

    def texts(self, chat: ChatRef) -> list[str]:
        return [m.content for m in self.messages(chat)]

    def last_message(self, chat: ChatRef) -> SentMessage:
        sent = self.messages(chat)
        if not sent:
            raise FakeApiUsageError(f"the bot sent nothing to chat {chat_id_of(chat)}")
        return sent[-1]

    def user_message(self, chat: ChatRef, message_id: int) -> JSONDict | None:
        return self.store.user_messages.get((chat_id_of(chat), message_id))

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        return self.store.callback_answers

    def callback_answer(self, pressed: PressedButton | str) -> CallbackAnswer | None:
        query_id = pressed if isinstance(pressed, str) else pressed.callback_query_id
        return self.store.answer_by_query.get(query_id)

    @property
    def uploads(self) -> list[UploadedFile]:
        return self.store.uploads

    @property
    def chat_actions(self) -> list[ChatAction]:
        return self.store.chat_actions

    @property
    def deleted(self) -> list[tuple[int, int]]:
        return self.store.deleted

    def commands(
        self, *, scope: JSONDict | None = None, language_code: str = ""
    ) -> list[BotCommand]:
        scope_key = (
            "default" if scope is None else ",".join(f"{key}={scope[key]}" for key in sorted(scope))
        )
        return self.store.commands.get((scope_key, language_code), [])

    @property
    def menu_buttons(self) -> dict[int | None, JSONDict]:
        return self.store.menu_buttons

    def profile(self, field: str, language_code: str = "") -> str | None:
        """What setMyName/setMyDescription/setMyShortDescription stored (field: "name",
        "description" or "short_description")."""
        return self.store.profile.get((field, language_code))

    def transcript(self, chat: ChatRef) -> str:
        """Both sides of a chat, for assertion messages."""
        chat_id = chat_id_of(chat)
        lines = []
        for (cid, message_id), message in self.store.user_messages.items():
            if cid == chat_id:
                lines.append((message_id, f"  user> {_describe(message)}"))
        for sent in self.messages(chat_id):
            flag = " (deleted)" if sent.deleted else ""
            buttons = f" {sent.button_texts}" if sent.keyboard else ""
            lines.append((sent.message_id, f"  bot > {sent.content!r}{buttons}{flag}"))
        return "\n".join(line for _, line in sorted(lines))

    # ======================================================================================
    # waiting
    # ======================================================================================
    def _on_sent(self, message: SentMessage) -> None:
        waiters = self._chat_waiters.pop(message.chat_id, None)
        for waiter in waiters or ():
            if not waiter.done():
                waiter.set_result(None)

    def _notify_change(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    async def _wait_change(self, within: float) -> None:
        if self._changed is None:
            self._changed = asyncio.Event()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), max(within, 0.0))

    async def wait_for_messages(
        self,
        chat: ChatRef,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - test API
    ) -> list[SentMessage]:
        """Wait until the bot has sent at least ``count`` messages to ``chat`` in total."""
        chat_id = chat_id_of(chat)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(self.messages(chat_id)) < count:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"expected {count} bot message(s) in chat {chat_id} within {timeout}s, got "
                    f"{len(self.messages(chat_id))}:\n{self.transcript(chat_id)}\n"
                    f"errors: {self.errors}"
                )
            waiter: asyncio.Future[None] = loop.create_future()
            self._chat_waiters.setdefault(chat_id, []).append(waiter)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter, remaining)
        return self.messages(chat_id)

    async def next_message(self, chat: ChatRef, timeout: float = 5.0) -> SentMessage:  # noqa: ASYNC109 - test API
        """The next bot message in ``chat`` not yet returned by next_message."""
        chat_id = chat_id_of(chat)
        cursor = self._read_cursor.get(chat_id, 0)
        sent = await self.wait_for_messages(chat_id, cursor + 1, timeout)
        self._read_cursor[chat_id] = cursor + 1
        return sent[cursor]

    async def wait_until(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - test API
        what: str = "condition",
    ) -> None:
        """Wait until ``predicate()`` holds; re-checked after every bot request."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"{what} not reached within {timeout}s; errors: {self.errors}")
            await self._wait_change(min(remaining, 0.1))

    async def wait_idle(self, quiet: float = 0.2, timeout: float = 10.0) -> None:  # noqa: ASYNC109 - test API
        """Wait until every update is confirmed and the bot made no request for ``quiet`` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            idle = self.updates.settled and self._active_requests == 0
            wait = quiet - (time.monotonic() - self._last_activity) if idle else quiet
            if idle and wait <= 0:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"bot not idle within {timeout}s: pending={len(self.updates.pending)} "
                    f"active_requests={self._active_requests}"
                )
            await self._wait_change(min(wait, remaining))


def _find_button(
    rows: tuple[tuple[Button, ...], ...], which: str | int | tuple[int, int]
) -> Button:
    flat = [button for row in rows for button in row]
    if isinstance(which, tuple):
        row, column = which
        return rows[row][column]
    if isinstance(which, int):
        if not 0 <= which < len(flat):
            raise FakeApiUsageError(f"no button #{which} among {[b.text for b in flat]}")
        return flat[which]
    for button in flat:
        if button.text == which:
            return button
    raise FakeApiUsageError(f"no button {which!r} among {[b.text for b in flat]}")


def _describe(message: JSONDict) -> str:
    """A user message for transcripts: its text, or its kind (``<sticker>``, ``<photo>``)."""
    if "text" in message:
        return str(message["text"])
    standard = {"message_id", "from", "chat", "date", "caption"}
    kind = next((key for key in message if key not in standard), "message")
    caption = f" {message['caption']}" if "caption" in message else ""
    return f"<{kind}>{caption}"
