"""Bilingual text: every user-facing string exists in Dutch and English.

A catalogue is a plain mapping of message key to a `{"nl": ..., "en": ...}` pair, so a test can
assert completeness and a missing translation fails at import time, not in a user's chat.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "nl"


class I18n(BaseModel):
    """One text in both languages; ``nl_u`` is the Dutch addressing the reader as "u" where a
    flow may run formally (a map's customers: `flows.schema.Flow.formal`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nl: str
    en: str
    nl_u: str | None = None

    def get(self, lang: Lang) -> str:
        return self.nl if lang == "nl" else self.en


def pick_lang(code: str | None, default: Lang = DEFAULT_LANG) -> Lang:
    """Map a Telegram/IETF language code (``nl-BE``, ``en``) to a supported language."""
    if code:
        base = code.split("-")[0].split("_")[0].lower()
        if base == "nl":
            return "nl"
        if base == "en":
            return "en"
    return default


class Catalog:
    """A checked message catalogue with ``str.format`` placeholders."""

    def __init__(self, entries: Mapping[str, Mapping[str, str]]) -> None:
        for key, texts in entries.items():
            missing = [lang for lang in LANGS if not texts.get(lang)]
            if missing:
                raise ValueError(f"text {key!r} lacks {', '.join(missing)}")
        self._entries = {key: dict(texts) for key, texts in entries.items()}

    def __call__(self, key: str, lang: Lang, /, **values: object) -> str:
        text = self._entries[key][lang]
        return text.format(**values) if values else text

    def keys(self) -> list[str]:
        return list(self._entries)
