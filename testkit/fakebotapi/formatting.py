"""Entity parsing for parse_mode HTML / MarkdownV2 / Markdown, modelled on TDLib's rules.

Limits apply to the text *after* parsing, so tags and escapes are not counted, and lengths and
entity offsets are measured in UTF-16 code units like Telegram does. Error texts copy TDLib's.
Known simplifications: attributes other than ``href``/``class`` are ignored and nested
entities are not checked for Telegram's nesting rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import errors

__all__ = [
    "HTML_ENTITIES",
    "HTML_TAGS",
    "MARKDOWN_V2_RESERVED",
    "EntityParseError",
    "ParsedText",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "parse_text",
    "utf16_len",
]

HTML_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
HTML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
MARKDOWN_V2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});")
_ATTR_RE = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


class EntityParseError(Exception):
    """The text is not valid for its parse_mode; the message is TDLib's detail text."""


def utf16_len(text: str) -> int:
    """The length of ``text`` in UTF-16 code units, as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(slots=True)
class ParsedText:
    """Plain text and its message entities, as parsed from a formatted message."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)

    @property
    def length(self) -> int:
        return utf16_len(self.text)


class _Builder:
    """Accumulates plain text and entities with UTF-16 offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0
        self.entities: list[dict[str, Any]] = []

    def add(self, chunk: str) -> None:
        if chunk:
            self.parts.append(chunk)
            self.offset += utf16_len(chunk)

    def close(self, kind: str, start: int, extra: dict[str, Any]) -> None:
        if self.offset > start and kind != "custom_emoji":
            self.entities.append(
                {"type": kind, "offset": start, "length": self.offset - start, **extra}
            )

    def result(self) -> ParsedText:
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return _strip(ParsedText("".join(self.parts), self.entities))


def _strip(parsed: ParsedText) -> ParsedText:
    """Telegram trims surrounding whitespace; entities are shifted and clipped with it."""
    text = parsed.text
    stripped = text.strip()
    if stripped == text:
        return parsed
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    entities = []
    for entity in parsed.entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, entities)


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def parse_html(text: str) -> ParsedText:
    """Parse Telegram's HTML mode; `EntityParseError` where Telegram refuses the text."""
    out = _Builder()
    stack: list[tuple[str, int, dict[str, Any]]] = []
    extra: dict[str, Any]
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char == "&":
            match = _ENTITY_RE.match(text, i)
            decoded = _decode_entity(match.group(1)) if match else None
            if match and decoded is not None:
                out.add(decoded)
                i = match.end()
            else:
                out.add("&")
                i += 1
            continue
        if char != "<":
            j = i
            while j < n and text[j] not in "<&":
                j += 1
            out.add(text[i:j])
            i = j
            continue
        start = i
        close = text.find(">", i)
        if i + 1 < n and text[i + 1] == "/":
            if close == -1:
                raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(text, i)}")
            name = text[i + 2 : close].strip().lower()
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(text, start)}"
                )
            open_name, offset, extra = stack.pop()
            if name and name != open_name:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(text, start)}, "
                    f'expected "</{open_name}>", found "</{name}>"'
                )
            out.close(HTML_TAGS[open_name], offset, extra)
            i = close + 1
            continue
        j = i + 1
        while j < n and (text[j].isalnum() or text[j] == "-"):
            j += 1
        name = text[i + 1 : j].lower()
        if name not in HTML_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, start)}'
            )
        if close == -1:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, start)}")
        attributes = {
            m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
            for m in _ATTR_RE.finditer(text[j:close])
        }
        extra = {}
        if name == "a":
            extra["url"] = attributes.get("href", "")
        elif name == "span" and attributes.get("class") != "tg-spoiler":
            raise EntityParseError('Tag "span" must have class "tg-spoiler"')
        elif name == "pre" and "language" in attributes:
            extra["language"] = attributes["language"]
        stack.append((name, out.offset, extra))
        i = close + 1
    if stack:
        raise EntityParseError(f"Can't find end tag corresponding to start tag {stack[-1][0]}")
    return out.result()


def _decode_entity(body: str) -> str | None:
    if body.startswith("#x"):
        return chr(int(body[2:], 16)) if int(body[2:], 16) < 0x110000 else None
    if body.startswith("#"):
        return chr(int(body[1:])) if int(body[1:]) < 0x110000 else None
    return HTML_ENTITIES.get(body)


_MD2_MARKERS = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough"}
_MD2_MARKERS["||"] = "spoiler"


def parse_markdown_v2(text: str) -> ParsedText:
    """Parse Telegram's MarkdownV2 mode; `EntityParseError` where Telegram refuses the text."""
    out = _Builder()
    stack: list[tuple[str, int, int]] = []  # marker, text offset, byte offset
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and 0 < ord(text[i + 1]) < 127:
            out.add(text[i + 1])
            i += 2
            continue
        if char == "`":
            fence = "```" if text.startswith("```", i) else "`"
            end = _find_code_end(text, i + len(fence), fence)
            if end == -1:
                kind = "Pre" if fence == "```" else "Code"
                raise EntityParseError(
                    f"Can't find end of {kind} entity at byte offset {_byte_offset(text, i)}"
                )
            body = text[i + len(fence) : end]
            if fence == "```" and "\n" in body:
                body = body.split("\n", 1)[1]
            start = out.offset
            out.add(re.sub(r"\\(.)", r"\1", body))
            out.close("pre" if fence == "```" else "code", start, {})
            i = end + len(fence)
            continue
        if char == "[":
            stack.append(("[", out.offset, _byte_offset(text, i)))
            i += 1
            continue
        if char == "]" and stack and stack[-1][0] == "[":
            _, start, _ = stack.pop()
            if not text.startswith("(", i + 1):
                raise EntityParseError("Character ']' is reserved and must be escaped")
            end = text.find(")", i + 2)
            if end == -1:
                raise EntityParseError(
                    f"Can't find end of a URL at byte offset {_byte_offset(text, i + 1)}"
                )
            out.close("text_link", start, {"url": text[i + 2 : end]})
            i = end + 1
            continue
        marker = text[i : i + 2] if text[i : i + 2] in ("__", "||") else char
        if marker in _MD2_MARKERS:
            if stack and stack[-1][0] == marker:
                _, start, _ = stack.pop()
                out.close(_MD2_MARKERS[marker], start, {})
            else:
                stack.append((marker, out.offset, _byte_offset(text, i)))
            i += len(marker)
            continue
        if char == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1
            continue
        if char in MARKDOWN_V2_RESERVED:
            raise EntityParseError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        out.add(char)
        i += 1
    if stack:
        marker, _, byte_offset = stack[-1]
        kind = {"[": "TextUrl"}.get(marker, _MD2_MARKERS.get(marker, marker).capitalize())
        raise EntityParseError(f"Can't find end of {kind} entity at byte offset {byte_offset}")
    return out.result()


def _find_code_end(text: str, start: int, fence: str) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(fence, i):
            return i
        i += 1
    return -1


def parse_markdown(text: str) -> ParsedText:
    """Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no escaping rules."""
    out = _Builder()
    i = 0
    n = len(text)
    kinds = {"*": "bold", "_": "italic", "`": "code"}
    while i < n:
        char = text[i]
        if char in kinds or char == "[":
            closing = "]" if char == "[" else ("```" if text.startswith("```", i) else char)
            opening = "```" if closing == "```" else char
            end = text.find(closing, i + len(opening))
            if end == -1:
                raise EntityParseError(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(text, i)}"
                )
            start = out.offset
            out.add(text[i + len(opening) : end])
            if char == "[":
                url_end = text.find(")", end) if text.startswith("(", end + 1) else -1
                url = text[end + 2 : url_end] if url_end != -1 else ""
                out.close("text_link", start, {"url": url})
                i = url_end + 1 if url_end != -1 else end + 1
            else:
                out.close("pre" if opening == "```" else kinds[char], start, {})
                i = end + len(closing)
            continue
        out.add(char)
        i += 1
    return out.result()


def parse_text(text: str, parse_mode: str | None) -> ParsedText:
    """Parse ``text`` the way Telegram does, raising ApiFailureError with Telegram's error text."""
    mode = (parse_mode or "").lower()
    try:
        if mode == "":
            return _strip(ParsedText(text))
        if mode == "html":
            return parse_html(text)
        if mode == "markdownv2":
            return parse_markdown_v2(text)
        if mode == "markdown":
            return parse_markdown(text)
    except EntityParseError as exc:
        raise errors.bad_request(errors.parse_entities_error(str(exc))) from exc
    raise errors.bad_request(errors.UNSUPPORTED_PARSE_MODE)
