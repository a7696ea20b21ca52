"""Every text of the chat layer exists in Dutch and English, and its placeholders match."""

from __future__ import annotations

import string

from bot.conversation.texts import T


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    keys = T.keys()  # a Catalog, not a dict
    assert keys
    for key in keys:
        dutch, english = T(key, "nl"), T(key, "en")
        assert dutch.strip()
        assert english.strip()
        assert placeholders(dutch) == placeholders(english), key
