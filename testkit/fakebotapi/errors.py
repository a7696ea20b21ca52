"""Telegram's error envelope and the exact error texts the real Bot API answers with."""

from __future__ import annotations

from typing import Any

__all__ = [
    "BOT_COMMAND_DESCRIPTION_INVALID",
    "BOT_COMMAND_INVALID",
    "BUTTON_DATA_INVALID",
    "CAPTION_TOO_LONG",
    "CHAT_ID_EMPTY",
    "CHAT_NOT_FOUND",
    "MARKUP_BAD_JSON",
    "MARKUP_NOT_OBJECT",
    "MARKUP_TOO_LONG",
    "MESSAGE_TO_DELETE_NOT_FOUND",
    "MESSAGE_TO_EDIT_NOT_FOUND",
    "NOT_FOUND",
    "NOT_MODIFIED",
    "NO_TEXT_TO_EDIT",
    "QUERY_INVALID",
    "TERMINATED_BY_OTHER",
    "TEXT_EMPTY",
    "TEXT_TOO_LONG",
    "UNAUTHORIZED",
    "UNSUPPORTED_PARSE_MODE",
    "WEBHOOK_ACTIVE",
    "WRONG_CHAT_ACTION",
    "WRONG_FILE_ID",
    "ApiFailureError",
    "bad_request",
    "missing_parameter",
    "parse_entities_error",
]

NOT_FOUND = "Not Found"
UNAUTHORIZED = "Unauthorized"
TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
MARKUP_TOO_LONG = "Bad Request: reply markup is too long"
MARKUP_BAD_JSON = "Bad Request: can't parse reply keyboard markup JSON object"
MARKUP_NOT_OBJECT = "Bad Request: object expected as reply markup"
CHAT_NOT_FOUND = "Bad Request: chat not found"
CHAT_ID_EMPTY = "Bad Request: chat_id is empty"
MESSAGE_TO_EDIT_NOT_FOUND = "Bad Request: message to edit not found"
MESSAGE_TO_DELETE_NOT_FOUND = "Bad Request: message to delete not found"
NO_TEXT_TO_EDIT = "Bad Request: there is no text in the message to edit"
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
UNSUPPORTED_PARSE_MODE = "Bad Request: unsupported parse_mode"
WRONG_FILE_ID = "Bad Request: wrong file identifier/HTTP URL specified"
WRONG_CHAT_ACTION = "Bad Request: wrong parameter action in request"
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
TERMINATED_BY_OTHER = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
BOT_COMMAND_INVALID = "Bad Request: BOT_COMMAND_INVALID"
BOT_COMMAND_DESCRIPTION_INVALID = "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"


def parse_entities_error(detail: str) -> str:
    """Telegram's description for text whose entities do not parse."""
    return f"Bad Request: can't parse entities: {detail}"


def missing_parameter(name: str) -> str:
    """Telegram's description for a required parameter that is missing or empty."""
    return f"Bad Request: {name} is empty"


class ApiFailureError(Exception):
    """Raised inside a method handler; becomes Telegram's error envelope."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def envelope(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(description: str) -> ApiFailureError:
    """A 400 Bad Request failure with ``description``."""
    return ApiFailureError(400, description)
