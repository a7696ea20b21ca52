"""One `Settings` object, read from the environment and `.env` (prefix ``JOURNEYBOT_``).

Errors surface as `SettingsError` with one readable line, because the person starting the bot
should see what to fix, not a pydantic traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.zones import is_known_zone
from flows.i18n import Lang

__all__ = ["Settings", "SettingsError", "load_settings"]

TELEGRAM_API_URL = "https://api.telegram.org/bot"
_TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
# Telegram's rule for a webhook's secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class SettingsError(Exception):
    """A missing or malformed setting, described in one line."""


def default_database_url() -> str:
    """A SQLite file in the user's data directory, so `journeybot chat` needs no setup."""
    data_dir = Path(platformdirs.user_data_dir("journeybot", appauthor=False))
    return f"sqlite:///{data_dir / 'journeybot.sqlite3'}"


class Settings(BaseSettings):
    """Every setting with its default; ``JOURNEYBOT_<NAME>`` variables or `.env` override."""

    model_config = SettingsConfigDict(
        env_prefix="JOURNEYBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    telegram_token: SecretStr | None = None
    # python-telegram-bot's ``base_url`` form: the token is appended to it.
    telegram_api_url: str = TELEGRAM_API_URL
    telegram_file_url: str | None = None
    database_url: str = Field(default_factory=default_database_url)
    # PostgreSQL: how long to wait for a connection and for one statement before the input
    # waits in the inbox and the person hears "try again in a minute" (seconds).
    database_connect_timeout: float = Field(default=5.0, gt=0)
    database_statement_timeout: float = Field(default=15.0, gt=0)
    default_language: Lang = "nl"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Where `journeybot chat` writes reports when the user asks for one (not ``reports/``: in a
    # checkout, as after the README's install, that is the report package's source).
    reports_dir: Path = Path("journeybot-reports")
    # Invite links name the bot (t.me/<username>); `run` learns it from Telegram itself.
    telegram_bot_username: str | None = None
    # Respondents who went quiet get a reminder after this long (at most two, never at night).
    reminder_after_hours: float = Field(default=24.0, gt=0)
    reminder_check_minutes: float = Field(default=15.0, gt=0)
    timezone: str = "Europe/Amsterdam"
    # Webhook mode (several workers): the public URL Telegram posts to, and the secret it sends
    # with every delivery. `journeybot webhook set` gives both to Telegram once; every
    # `journeybot run --webhook` worker reads the same values.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None

    @field_validator("telegram_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_PATTERN.match(value.get_secret_value()):
            raise ValueError("does not look like a bot token from @BotFather (digits:letters)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _SECRET_PATTERN.match(value.get_secret_value()):
            raise ValueError("must be 1 to 256 characters A-Z, a-z, 0-9, _ or - (Telegram's rule)")
        return value

    @field_validator("telegram_api_url", "telegram_file_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if not is_known_zone(value):
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Amsterdam)")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def file_url(self) -> str:
        """The file download base, derived from the API URL unless set."""
        if self.telegram_file_url:
            return self.telegram_file_url
        return re.sub(r"/bot$", "/file/bot", self.telegram_api_url)

    def require_token(self) -> str:
        if self.telegram_token is None:
            raise SettingsError(
                "JOURNEYBOT_TELEGRAM_TOKEN is not set: create a bot with @BotFather in Telegram "
                "and put its token in the environment or in .env (see README)"
            )
        return self.telegram_token.get_secret_value()

    def require_webhook(self) -> tuple[str, str]:
        """The webhook's public URL and secret, the same for the command and every worker."""
        if self.webhook_url is None:
            raise SettingsError(
                "JOURNEYBOT_WEBHOOK_URL is not set: webhook mode needs the public HTTPS URL "
                "Telegram posts updates to, e.g. https://bot.example.com/telegram (see README)"
            )
        if self.webhook_secret is None:
            raise SettingsError(
                "JOURNEYBOT_WEBHOOK_SECRET is not set: webhook mode needs one secret for "
                "`journeybot webhook set` and every worker, e.g. from `openssl rand -hex 32` "
                "(see README)"
            )
        return self.webhook_url, self.webhook_secret.get_secret_value()


def load_settings(**overrides: object) -> Settings:
    """Read the settings; a problem becomes one `SettingsError` line naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        raise SettingsError(
            f"JOURNEYBOT_{field.upper()}: {first['msg']}"
            + (f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else "")
        ) from None
