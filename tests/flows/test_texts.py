"""The engine's own texts: every key it uses exists, in both languages, and differs per language
where it is prose."""

from __future__ import annotations

import re
from pathlib import Path

from flows.i18n import LANGS
from flows.texts import T

ENGINE = Path(__file__).parents[2] / "flows" / "engine"
USED = re.compile(r"""(?:\bT\(|\.say\()\s*"([a-z_]+)\"""")


def test_every_text_the_engine_uses_is_in_the_catalogue() -> None:
    used = {m for path in ENGINE.glob("*.py") for m in USED.findall(path.read_text())}
    assert len(used) > 40
    assert used <= set(T.keys()), used - set(T.keys())


def test_every_text_exists_in_dutch_and_english() -> None:
    same_by_design = {"menu_back", "content_sticker", "content_video", "content_animation"}
    same_by_design |= {"content_contact", "done_button"}
    keys = T.keys()
    for key in keys:
        texts = {lang: T(key, lang) for lang in LANGS}
        assert all(texts.values()), key
        if key not in same_by_design and len(texts["en"]) > 12:
            assert texts["nl"] != texts["en"], key
