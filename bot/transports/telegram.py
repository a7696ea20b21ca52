"""The Telegram transport: python-telegram-bot routes updates, `ChatService` decides.

Thin on purpose: an update becomes an `Inbound`, the service's reply becomes Telegram calls.
Every message and button press gets an answer; a pressed button is marked as answered.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, MessageLimit
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.chat.service import ChatService, Notice, OutFile, Reply, Who
from bot.conversation.texts import T
from bot.transports.aiohttp_request import on_aiohttp
from bot.transports.telegram_intake import Intake, RecordingQueue
from flows.i18n import LANGS, pick_lang
from flows.values import Button, Inbound, OutMessage

__all__ = [
    "REMINDERS_JOB",
    "ReminderSchedule",
    "build_application",
    "intake_of",
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
REMINDERS_JOB = "reminders"
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


def read_update(update: Update) -> tuple[Who, Inbound] | None:
    """A recorded update's sender and input (None: nothing for the chat service)."""
    inbound = update_to_inbound(update)
    if inbound is None or update.effective_user is None:
        return None
    return _who(update), inbound


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
        self.intake = Intake(
            service, person_of=person_of, read=read_update, deliver=self.deliver, tell=self.tell
        )

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
        # Answer first: the button stops spinning whatever happens next. A redelivered update
        # carries a query that was answered already; Telegram refuses a second answer.
        try:
            await query.answer()
        except BadRequest as exc:
            log.info("callback query %s not answered again: %s", query.id, exc)
        person = person_of(update)
        if person is not None:
            await self.intake.drain(context.bot, person, query.from_user.language_code, update)

    async def deliver(self, bot: Bot, person: str, update: Update | None, reply: Reply) -> None:
        """Send what an applied update produced; a button press's question is marked answered
        (or its message edited). ``update`` is None for a report re-sent after a restart."""
        query = update.callback_query if update is not None else None
        if query is None or not isinstance(query.message, Message):
            await self.service.deliver(reply, ChatOutlet(bot, int(person)))
            return
        message = query.message
        messages = list(reply.messages)
        if messages and messages[0].replace:
            await self._edit(message, messages.pop(0))
        elif messages and messages[0].kind != "error":
            await self._mark_answered(message, query.data or "")
        reply.messages = messages
        await self.service.deliver(reply, ChatOutlet(bot, message.chat.id))

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

    async def _edit(self, message: Message, out: OutMessage) -> None:
        try:
            await message.edit_text(
                out.text[: MessageLimit.MAX_TEXT_LENGTH], reply_markup=keyboard(out.buttons)
            )
        except BadRequest as exc:
            if _NOT_MODIFIED not in str(exc):  # a double tap re-renders the same content
                raise

    async def _mark_answered(self, message: Message, data: str) -> None:
        """Replace the keyboard of an answered question by the chosen label."""
        label = _label_of(message, data)
        text = message.text or ""
        if label:
            text = f"{text}\n\n→ {label}"[: MessageLimit.MAX_TEXT_LENGTH]
        try:
            await message.edit_text(text, reply_markup=None)
        except BadRequest as exc:
            if _NOT_MODIFIED not in str(exc):
                raise


class ChatOutlet:
    """Sends one reply into one private chat (`bot.chat.delivery.Outlet`)."""

    def __init__(self, bot: Bot, chat_id: int) -> None:
        self._bot = bot
        self._chat_id = chat_id

    async def send_messages(self, messages: Sequence[OutMessage]) -> None:
        """Each message, split to Telegram's length limit; buttons go on its last part."""
        for message in messages:
            parts = split_text(message.text)
            for index, part in enumerate(parts):
                last = index == len(parts) - 1
                await self._bot.send_message(
                    self._chat_id, part, reply_markup=keyboard(message.buttons) if last else None
                )

    async def show_working(self) -> None:
        """The "sending a file" indicator while the report renders."""
        await self._bot.send_chat_action(self._chat_id, ChatAction.UPLOAD_DOCUMENT)

    async def send_files(self, files: Sequence[OutFile]) -> None:
        """The picture first: people look before they read."""
        for file in sorted(files, key=lambda f: f.kind != "photo"):
            upload = InputFile(file.data, filename=file.filename)
            if file.kind == "photo":
                await self._bot.send_photo(self._chat_id, upload, caption=file.caption or None)
            else:
                await self._bot.send_document(self._chat_id, upload, caption=file.caption or None)

    async def send_notices(self, notices: Sequence[Notice]) -> None:
        """Notices to other Telegram users."""
        await send_notices(self._bot, notices)


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
        display_name=user.full_name,
        language_code=user.language_code,
    )


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
    `bot.transports.telegram_intake.Poller`, or PTB's webhook, is the caller's).

    Its update queue records each update before it is queued (`intake_of`); on start, and
    every ``sweep_every``, updates still recorded (a restart, a database outage) are applied.
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
            application.job_queue.run_once(recover, when=0, name="inbox-recover")
            application.job_queue.run_repeating(
                sweep, interval=sweep_every, first=sweep_every, name=SWEEP_JOB
            )

    async def recover(context: ContextTypes.DEFAULT_TYPE) -> None:
        """Reports a stop cut off, and updates recorded but not applied before it."""
        await transport.intake.recover(context.bot)

    async def sweep(context: ContextTypes.DEFAULT_TYPE) -> None:
        """Updates still recorded: their database outage is over, or their worker stopped."""
        await transport.intake.sweep(context.bot)

    async def prune(context: ContextTypes.DEFAULT_TYPE) -> None:
        """Forget processed update ids Telegram can no longer redeliver (kept a week)."""
        await service.forget_update_ids(older_than=KEEP_UPDATE_IDS)

    async def remind(context: ContextTypes.DEFAULT_TYPE) -> None:
        assert reminders is not None
        notices = await service.due_reminders(after=reminders.after)
        await send_notices(context.bot, notices)

    queue = RecordingQueue(transport.intake)
    builder = (
        # aiohttp instead of PTB's default httpx: a third of the CPU per request (benchmarks).
        on_aiohttp(ApplicationBuilder())
        .token(token)
        .update_queue(queue)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .concurrent_updates(concurrent_updates)
        .post_init(post_init)
    )
    if rate_limiter:
        # Telegram's flood limits: wait out a 429 (retry_after) and retry instead of failing.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    application = builder.build()
    queue.bot = application.bot
    transport.register(application)
    return application


def intake_of(application: Application) -> Intake:  # type: ignore[type-arg]
    """The intake of an Application made by `build_application`."""
    queue = application.update_queue
    assert isinstance(queue, RecordingQueue)
    return queue.intake


@dataclass(frozen=True, slots=True)
class ReminderSchedule:
    """When respondents who went quiet are reminded, and how often the bot looks."""

    after: timedelta
    check_every: timedelta
