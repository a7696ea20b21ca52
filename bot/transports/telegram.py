"""The Telegram transport: python-telegram-bot routes updates, `ChatService` decides.

Thin on purpose: an update becomes an `Inbound`, the service's reply becomes Telegram calls.
Every message and button press gets an answer; a pressed button is marked as answered.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from telegram import (
    Bot,
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
    User,
)
from telegram.constants import ChatAction, ChatType, MessageLimit
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.chat.delivery import NotDelivered, Outlet
from bot.chat.service import ChatService, Notice, OutFile, Who
from bot.conversation.texts import T
from bot.transports.aiohttp_request import on_aiohttp
from bot.transports.telegram_intake import Intake, IntakeQueue
from bot.transports.wording import with_instruction
from flows.i18n import LANGS, pick_lang
from flows.values import Button, Inbound, OutMessage

__all__ = [
    "OUTBOX_JOB",
    "REMINDERS_JOB",
    "SWEEP_JOB",
    "ReminderSchedule",
    "build_application",
    "input_of",
    "person_of",
    "split_text",
]

log = logging.getLogger(__name__)

CHANNEL: Final = "telegram"
COMMANDS = (
    "start",
    "new",
    "maps",
    "report",
    "status",
    "back",
    "continue",
    "skip",
    "cancel",
    "language",
    "help",
)
_NOT_MODIFIED = "message is not modified"
# Telegram redelivers an unconfirmed update for at most 24 hours; a week is ample.
KEEP_UPDATE_IDS = timedelta(days=7)
PRUNE_EVERY = timedelta(hours=6)
# Sent outbox rows are forgotten after a day (the chat has them).
KEEP_SENT = timedelta(days=1)
REMINDERS_JOB = "reminders"
# Replies Telegram refused are sent again at start (what a stopped process left unsent) and
# by this job every few seconds (each row waits its own back-off, see `retry_delay`).
OUTBOX_JOB = "outbox"
OUTBOX_EVERY = timedelta(seconds=5)
# Updates recorded but not applied (a restart, a database outage) are applied at start and
# by this job.
SWEEP_JOB = "inbox-sweep"


def update_to_inbound(update: Update) -> Inbound | None:
    """The transport-neutral input of an update (None for updates we do not handle)."""
    if update.callback_query is not None:
        return Inbound(kind="button", data=update.callback_query.data or "")
    message = update.effective_message
    if message is None:
        return None
    if message.text is not None:
        text = message.text
        if text.startswith("/") and len(text) > 1:
            head, _, args = text[1:].partition(" ")
            command = head.split("@", 1)[0].lower()  # "/help@journeybot" in groups
            return Inbound(kind="command", command=command, args=args.strip(), text=text)
        return Inbound(kind="text", text=text)
    return Inbound(kind="unsupported", content=_content_kind(message))


def person_of(update: Update) -> str | None:
    """Whose input ``update`` is: a private message or button press from a person (recorded
    and applied through the inbox); None for anything that changes nothing (groups, bots,
    edits), which is answered without the database."""
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    if update.callback_query is not None:
        message = update.callback_query.message
        private = isinstance(message, Message) and message.chat.type == ChatType.PRIVATE
        return str(user.id) if private else None
    message = update.message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return None
    return str(user.id)


def input_of(update: Update) -> tuple[Who, Inbound, Outlet] | None:
    """A recorded update's sender, input and the outlet for its reply (None: nothing for
    the chat service). The reply to a press goes through a `PressedOutlet`."""
    inbound = update_to_inbound(update)
    chat = update.effective_chat
    if inbound is None or update.effective_user is None or chat is None:
        return None
    bot = update.get_bot()
    query = update.callback_query
    if query is not None and isinstance(query.message, Message):
        return _who(update), inbound, PressedOutlet(bot, query.message, query.data or "")
    return _who(update), inbound, ChatOutlet(bot, chat.id)


def _content_kind(message: Message) -> str:
    for kind in ("sticker", "photo", "voice", "video", "video_note", "audio", "document"):
        if getattr(message, kind, None):
            return kind
    for kind in ("location", "contact", "poll", "animation", "dice"):
        if getattr(message, kind, None):
            return kind
    return "other"


def keyboard(buttons: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    """A message's button rows as inline buttons whose data comes back as the input."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in buttons]
    )


def _utf16_units(text: str) -> int:
    """A text's length as Telegram counts it: UTF-16 code units (an emoji is two)."""
    return len(text.encode("utf-16-le")) // 2


def _fitting(text: str, limit: int) -> int:
    """How many characters of ``text`` fit in ``limit`` UTF-16 units."""
    end = min(len(text), limit)
    while (over := _utf16_units(text[:end]) - limit) > 0:
        end -= max(1, over // 2)
    return end


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split a long text at line breaks so every part fits one Telegram message (its limit
    counts UTF-16 units, as Telegram does)."""
    parts: list[str] = []
    while _utf16_units(text) > limit:
        end = _fitting(text, limit)
        cut = text.rfind("\n", 0, end)
        cut = cut if cut > 0 else end
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n")
    parts.append(text)
    return [p for p in parts if p.strip()] or ["…"]


class TelegramTransport:
    """Handlers bound to one `ChatService`."""

    def __init__(self, service: ChatService) -> None:
        self.service = service
        self.intake = Intake(service, person_of=person_of, read=input_of, tell=self.tell)

    def register(self, application: Application) -> None:  # type: ignore[type-arg]
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(
            MessageHandler(filters.UpdateType.EDITED_MESSAGE, self.on_edited_message)
        )
        application.add_handler(
            MessageHandler(filters.ALL & ~filters.UpdateType.EDITED, self.on_message)
        )
        application.add_error_handler(self.on_error)

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        chat = update.effective_chat
        user = update.effective_user
        if message is None or chat is None or user is None or user.is_bot:
            return
        if chat.type != ChatType.PRIVATE:
            lang = pick_lang(user.language_code, self.service.default_lang)
            link = f"https://t.me/{context.bot.username}"
            await message.reply_text(T("group_chat", lang, link=link))
            return
        person = person_of(update)
        if person is not None:
            await self.intake.drain(context.bot, person, user.language_code, update)

    async def on_edited_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Editing a sent message does not change a stored answer: say how to change one."""
        message = update.effective_message
        user = update.effective_user
        if message is None or user is None or message.chat.type != ChatType.PRIVATE:
            return
        lang = pick_lang(user.language_code, self.service.default_lang)
        await message.reply_text(T("edited_message", lang))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        person = person_of(update)
        if person is None:
            await _answer(query)
            return
        # The press has its place in the person's order (its update id) since it was recorded;
        # its query is answered once its reply is out (the button stops spinning), whatever
        # happened.
        try:
            await self.intake.drain(context.bot, person, query.from_user.language_code, update)
        finally:
            await _answer(query)

    async def tell(self, bot: Bot, person: str, language_code: str | None, key: str) -> None:
        """One text of the chat layer to a person (the storage outage, an update that failed)."""
        lang = pick_lang(language_code, self.service.default_lang)
        await bot.send_message(int(person), T(key, lang))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("update failed", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            user = update.effective_user
            lang = pick_lang(user.language_code if user else None, self.service.default_lang)
            try:
                await context.bot.send_message(update.effective_chat.id, T("internal_error", lang))
            except Exception:  # the error report must not raise again
                log.exception("could not tell the user about the error")


class ChatOutlet:
    """Sends one reply into one private chat (`bot.chat.delivery.Outlet`). A send Telegram
    refuses for now (a 5xx, a 429 beyond the rate limiter's retries, a dropped connection)
    raises `NotDelivered`: the reply stays in the outbox and is sent again later."""

    def __init__(self, bot: Bot, chat_id: int) -> None:
        self._bot = bot
        self._chat_id = chat_id

    async def send_messages(self, messages: Sequence[OutMessage]) -> None:
        """Each message, split to Telegram's length limit; buttons go on its last part."""
        async with _transient_as_not_delivered():
            for message in messages:
                await self._send(message)

    async def _send(self, message: OutMessage) -> None:
        parts = split_text(with_instruction(message, CHANNEL))
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            await self._bot.send_message(
                self._chat_id, part, reply_markup=keyboard(message.buttons) if last else None
            )

    async def show_working(self) -> None:
        """The "sending a file" indicator while the report renders (a courtesy: not retried)."""
        try:
            await self._bot.send_chat_action(self._chat_id, ChatAction.UPLOAD_DOCUMENT)
        except TelegramError as exc:
            log.info("no working indicator: %s", exc)

    async def send_files(self, files: Sequence[OutFile]) -> None:
        """The picture first: people look before they read."""
        async with _transient_as_not_delivered():
            for file in sorted(files, key=lambda f: f.kind != "photo"):
                upload = InputFile(file.data, filename=file.filename)
                caption = file.caption or None
                if file.kind == "photo":
                    await self._bot.send_photo(self._chat_id, upload, caption=caption)
                else:
                    await self._bot.send_document(self._chat_id, upload, caption=caption)

    async def send_notices(self, notices: Sequence[Notice]) -> None:
        """Notices to other Telegram users."""
        await send_notices(self._bot, notices)


class PressedOutlet(ChatOutlet):
    """The reply to a button press: the first message edits the pressed message when it asks
    to (``replace``: a multi-choice toggle); otherwise the pressed question shows the chosen
    label instead of its buttons (not after an error: the question still waits)."""

    def __init__(self, bot: Bot, pressed: Message, data: str) -> None:
        super().__init__(bot, pressed.chat.id)
        self._pressed: Message | None = pressed
        self._data = data

    async def send_messages(self, messages: Sequence[OutMessage]) -> None:
        pressed, self._pressed = self._pressed, None
        if pressed is not None and messages:
            first, *rest = messages
            if first.replace:
                async with _transient_as_not_delivered():
                    edited = await self._edit(pressed, first)
                messages = rest if edited else messages
            elif first.kind != "error":
                await self._mark_answered(pressed, self._data)
        await super().send_messages(messages)

    async def show_working(self) -> None:
        self._pressed = None
        await super().show_working()

    async def send_files(self, files: Sequence[OutFile]) -> None:
        self._pressed = None
        await super().send_files(files)

    async def _edit(self, message: Message, out: OutMessage) -> bool:
        """Show ``out`` in place of the pressed message; False if Telegram refuses the edit
        for good (a message too old to edit): then it is sent as a new one."""
        try:
            await message.edit_text(
                with_instruction(out, CHANNEL)[: MessageLimit.MAX_TEXT_LENGTH],
                reply_markup=keyboard(out.buttons),
            )
        except BadRequest as exc:
            if _NOT_MODIFIED in str(exc):  # a double tap re-renders the same content
                return True
            log.info("pressed message not edited, sent anew: %s", exc)
            return False
        return True

    async def _mark_answered(self, message: Message, data: str) -> None:
        """Replace the keyboard of an answered question by the chosen label (a courtesy: a
        failure is logged, the reply goes on)."""
        label = _label_of(message, data)
        text = message.text or ""
        if label:
            text = f"{text}\n\n→ {label}"[: MessageLimit.MAX_TEXT_LENGTH]
        try:
            await message.edit_text(text, reply_markup=None)
        except TelegramError as exc:
            if _NOT_MODIFIED not in str(exc):
                log.warning("could not mark the pressed question as answered: %s", exc)


@asynccontextmanager
async def _transient_as_not_delivered() -> AsyncIterator[None]:
    """Telegram's "not now" (a 5xx, a flood wait the rate limiter gave up on, a timeout or a
    dropped connection) as `NotDelivered`; a refusal for good (bad request, blocked bot)
    passes as it is."""
    try:
        yield
    except (BadRequest, Forbidden):
        raise
    except (NetworkError, RetryAfter) as exc:
        raise NotDelivered(str(exc)) from exc


async def send_notices(bot: Bot, notices: Sequence[Notice]) -> None:
    """Messages to other people (owners, reminded respondents); one failure (a user who
    blocked the bot) must not stop the rest."""
    for notice in notices:
        if notice.channel != CHANNEL:
            continue
        try:
            await bot.send_message(int(notice.external_id), notice.text)
        except TelegramError as exc:
            log.warning("could not notify %s: %s", notice.external_id, exc)


async def _answer(query: CallbackQuery) -> None:
    """Answer a pressed button's query. A redelivered update carries a query that was
    answered already; Telegram refuses a second answer."""
    try:
        await query.answer()
    except BadRequest as exc:
        log.info("callback query %s not answered again: %s", query.id, exc)


def _label_of(message: Message, data: str) -> str:
    markup = message.reply_markup
    if markup is None:
        return ""
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == data:
                return button.text
    return ""


def _who(update: Update) -> Who:
    user = update.effective_user
    assert user is not None
    return Who(
        channel=CHANNEL,
        external_id=str(user.id),
        display_name=display_name(user),
        language_code=user.language_code,
    )


def display_name(user: User) -> str:
    """First and last name; the username if both are empty ("" if that is missing too).
    Telegram allows an empty first name, and PTB's ``full_name`` is None then."""
    name = " ".join(part for part in (user.first_name, user.last_name) if part)
    return name or user.username or ""


async def register_commands(application: Application) -> None:  # type: ignore[type-arg]
    """The command menu, in Dutch and English (Telegram picks by the user's language)."""
    for lang in LANGS:
        commands = [BotCommand(name, T(f"cmd_{name}", lang)) for name in COMMANDS]
        await application.bot.set_my_commands(commands, language_code=lang)
    default = [BotCommand(name, T(f"cmd_{name}", "en")) for name in COMMANDS]
    await application.bot.set_my_commands(default)


def build_application(
    service: ChatService,
    *,
    token: str,
    base_url: str,
    base_file_url: str,
    concurrent_updates: int = 64,
    reminders: ReminderSchedule | None = None,
    rate_limiter: bool = True,
    sweep_every: timedelta = timedelta(seconds=10),
) -> Application:  # type: ignore[type-arg]
    """A PTB Application wired to the service (long polling through
    `bot.transports.telegram_intake.Poller`, or the webhook's `webhook_server`, is the
    caller's; both record each update before it is queued, `take`).

    On start, updates still recorded (a restart, a database outage) are applied, then
    replies still unsent are sent; after that every ``sweep_every`` and `OUTBOX_EVERY`.
    ``rate_limiter=False`` drops the wait for Telegram's flood limits: for benchmarks that
    measure journeybot's own cost, never for a bot that talks to Telegram."""
    transport = TelegramTransport(service)

    async def post_init(application: Application) -> None:  # type: ignore[type-arg]
        service.bot_username = application.bot.username
        await register_commands(application)
        if application.job_queue is not None and reminders is not None:
            application.job_queue.run_repeating(
                remind,
                interval=reminders.check_every,
                first=reminders.check_every,
                name=REMINDERS_JOB,
            )
        if application.job_queue is not None:
            application.job_queue.run_repeating(
                prune, interval=PRUNE_EVERY, first=PRUNE_EVERY, name="prune-update-ids"
            )
            application.job_queue.run_repeating(
                send_pending, interval=OUTBOX_EVERY, first=OUTBOX_EVERY, name=OUTBOX_JOB
            )
            application.job_queue.run_repeating(
                apply_recorded, interval=sweep_every, first=sweep_every, name=SWEEP_JOB
            )
        # What a stopped process left recorded is applied now, then what it left unsent goes
        # out, before the first update.
        await transport.intake.sweep(application.bot)
        await send_unsent(application.bot)

    async def post_stop(application: Application) -> None:  # type: ignore[type-arg]
        await service.mark_delivered()

    async def apply_recorded(context: ContextTypes.DEFAULT_TYPE) -> None:
        """Updates still recorded: their database outage is over, or their worker stopped."""
        await transport.intake.sweep(context.bot)

    async def prune(context: ContextTypes.DEFAULT_TYPE) -> None:
        """Forget processed update ids Telegram can no longer redeliver (kept a week), and
        sent outbox rows."""
        await service.forget_update_ids(older_than=KEEP_UPDATE_IDS)
        await service.forget_sent(older_than=KEEP_SENT)

    async def send_pending(context: ContextTypes.DEFAULT_TYPE) -> None:
        await send_unsent(context.bot)

    async def send_unsent(bot: Bot) -> None:
        """Send the replies Telegram did not accept before (or a stopped process left)."""
        await service.send_pending(CHANNEL, lambda external_id: ChatOutlet(bot, int(external_id)))

    async def remind(context: ContextTypes.DEFAULT_TYPE) -> None:
        assert reminders is not None
        notices = await service.due_reminders(after=reminders.after)
        await send_notices(context.bot, notices)

    builder = (
        # aiohttp instead of PTB's default httpx: a third of the CPU per request (benchmarks).
        on_aiohttp(ApplicationBuilder())
        .token(token)
        .update_queue(IntakeQueue(transport.intake))
        .base_url(base_url)
        .base_file_url(base_file_url)
        .concurrent_updates(concurrent_updates)
        .post_init(post_init)
        .post_stop(post_stop)
    )
    if rate_limiter:
        # Telegram's flood limits: wait out a 429 (retry_after) and retry instead of failing.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    application = builder.build()
    transport.register(application)
    return application


@dataclass(frozen=True, slots=True)
class ReminderSchedule:
    """When respondents who went quiet are reminded, and how often the bot looks."""

    after: timedelta
    check_every: timedelta
