"""A local fake of the Telegram Bot API for end-to-end tests and benchmarks (see README.md)."""

from .errors import ApiFailureError
from .records import (
    ApiError,
    BotCommand,
    Button,
    CallbackAnswer,
    ChatAction,
    FakeChat,
    FakeUser,
    Keyboard,
    MessageVersion,
    PressedButton,
    SentMessage,
    UploadedFile,
)
from .server import DEFAULT_TOKEN, FakeApiUsageError, FakeBotApi, WebhookConfig

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "ApiFailureError",
    "BotCommand",
    "Button",
    "CallbackAnswer",
    "ChatAction",
    "FakeApiUsageError",
    "FakeBotApi",
    "FakeChat",
    "FakeUser",
    "Keyboard",
    "MessageVersion",
    "PressedButton",
    "SentMessage",
    "UploadedFile",
    "WebhookConfig",
]
