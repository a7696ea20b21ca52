"""split_text: a long reply becomes several Telegram messages, cut at line breaks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.transports.telegram import split_text

LIMIT = 4096  # Telegram's MessageLimit.MAX_TEXT_LENGTH, the default limit


def _content(text: str) -> str:
    return "".join(text.split())


def _check(text: str, parts: list[str], limit: int = LIMIT) -> None:
    assert parts, "always at least one part"
    for part in parts:
        assert part.strip(), f"an empty part: {part!r}"
        assert len(part.encode("utf-16-le")) // 2 <= limit, "Telegram counts UTF-16 units"
    assert _content("".join(parts)) == _content(text), "no content lost, none added"


def test_a_text_under_or_at_the_limit_stays_one_message() -> None:
    for text in ("Hallo", "x" * (LIMIT - 1), "x" * LIMIT, "a\nb\n" * (LIMIT // 4)):
        assert split_text(text) == [text]


def test_one_character_over_the_limit_makes_two_messages() -> None:
    text = "x" * (LIMIT + 1)
    parts = split_text(text)
    assert parts == ["x" * LIMIT, "x"]
    _check(text, parts)


def test_long_texts_are_cut_at_line_breaks() -> None:
    lines = [f"{n:03d} " + "woord " * 15 for n in range(100)]  # ~100 characters a line
    text = "\n".join(lines)
    assert len(text) > 2 * LIMIT
    parts = split_text(text)
    assert len(parts) == 3
    _check(text, parts)
    # Every part is whole lines, in order: no line is split over two messages.
    assert [line for part in parts for line in part.split("\n")] == lines
    assert all(len(part) + 1 + len(lines[0]) > LIMIT for part in parts[:-1]), "parts are full"


def test_a_line_longer_than_the_limit_is_cut_hard() -> None:
    long_line = "y" * (LIMIT * 2 + 10)
    text = f"kop\n{long_line}\nstaart"
    parts = split_text(text)
    _check(text, parts)
    assert parts[0] == "kop"
    assert parts[1] == "y" * LIMIT
    assert parts[-1].endswith("staart")


def test_blank_runs_do_not_make_empty_messages() -> None:
    text = "a" * (LIMIT - 2) + "\n" * (LIMIT + 5) + "b"
    parts = split_text(text)
    _check(text, parts)
    assert [part.strip() for part in parts] == ["a" * (LIMIT - 2), "b"]
    assert split_text("") == ["…"]
    assert split_text("\n \n") == ["…"]


@given(
    text=st.text(alphabet=st.sampled_from(["a", "é", "b", " ", "\n"]), max_size=200),
    limit=st.integers(min_value=1, max_value=30),
)
def test_every_part_fits_and_nothing_is_lost(text: str, limit: int) -> None:
    parts = split_text(text, limit)
    if not text.strip():
        assert parts == ["…"]
        return
    _check(text, parts, limit)


def test_emoji_count_twice_as_telegram_counts_them() -> None:
    text = "😠" * LIMIT  # 4,096 characters, 8,192 UTF-16 units
    parts = split_text(text)
    assert [len(p) for p in parts] == [LIMIT // 2, LIMIT // 2]
    _check(text, parts)
