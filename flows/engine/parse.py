"""Typed answers to values, with friendly errors: one function per question kind."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.engine.options import (
    Choice,
    Ctx,
    choices,
    customer_stages,
    stage_names,
    stored_value,
    typed_values,
)
from flows.engine.walk import digits
from flows.schema import Question
from flows.texts import T
from flows.values import JSONValue

LIST_ITEM_MAX = 80
_BULLET = re.compile(r"^\s*(?:[-*•·–—>]+|\d{1,3}[.)]|\(\d{1,3}\)|[a-zA-Z][.)](?=\s))\s*")
_YES = {"ja", "j", "yes", "y", "jawel", "ok", "oké", "okay", "yep", "jep", "true", "👍"}
_NO = {"nee", "n", "no", "nope", "neen", "false", "👎"}


@dataclass(frozen=True, slots=True)
class Ok:
    """A valid answer, as it is stored."""

    value: JSONValue


@dataclass(frozen=True, slots=True)
class Err:
    """A refused answer, with the message telling the user why."""

    message: str


Result = Ok | Err


def echo(text: str, limit: int = 40) -> str:
    """A user's text quoted back in an error, kept short and on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def yes_no(text: str) -> bool | None:
    """A typed yes or no (Dutch, English, 👍/👎); None for anything else."""
    word = text.strip().strip(".!").casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


def parse_text(question: Question, text: str, ctx: Ctx) -> Result:
    """Dispatch a typed answer by question kind."""
    kind = question.kind
    if kind == "text":
        return _text(question, text, ctx)
    if kind == "single":
        return _single(question, text, ctx)
    if kind == "multi":
        return _multi(question, text, ctx, [])
    if kind == "scale":
        return _scale(question, text, ctx)
    if kind == "yesno":
        answer = yes_no(text)
        return Err(T("err_yesno", ctx.lang)) if answer is None else Ok(answer)
    return _list(question, text, ctx)


def _empty(question: Question, ctx: Ctx) -> Err:
    return Err(T("err_empty" if question.required else "err_empty_optional", ctx.lang))


def _text(question: Question, text: str, ctx: Ctx) -> Result:
    value = text.strip()
    if not value:
        return _empty(question, ctx)
    if len(value) > question.max_length:
        return Err(T("err_too_long", ctx.lang, max=question.max_length, length=len(value)))
    if len(value) < question.min_length:
        return Err(T("err_too_short", ctx.lang, min=question.min_length))
    return Ok(value)


def match_choice(token: str, options: list[Choice], *, by_value: bool = False) -> Choice | None:
    """A typed option: its 1-based number, its label or its value (case-insensitive). With
    ``by_value`` (numeric options, `typed_values`) a typed number is only ever a value;
    otherwise only ever a position, so ``0`` or a number past the list picks nothing (never
    an option whose stored value happens to be that number, like the first persona's ``0``)."""
    word = token.strip().strip(".").casefold().replace("−", "-")
    if not word:
        return None
    if by_value and re.fullmatch(r"[+-]?\d{1,6}", word):
        return next((c for c in options if c.value == str(int(word))), None)
    if digits(word):
        position = int(word) if len(word) < 7 else 0
        return options[position - 1] if 1 <= position <= len(options) else None
    for choice in options:
        if word in (choice.label.casefold(), choice.value.casefold()):
            return choice
    # a label typed without its decoration (emoji face, number prefix)
    for choice in options:
        bare = re.sub(r"^[^\w]*(?:[+-]?\d+\s*·?\s*)?", "", choice.label).casefold()
        if bare and word == bare:
            return choice
    return None


def _number(token: str) -> bool:
    """Whether a typed answer is a bare number: on a numbered list, a position that is not
    there, never an answer of its own (not even where other answers may be typed)."""
    return digits(token.strip().strip("."))


def _single(question: Question, text: str, ctx: Ctx) -> Result:
    value = text.strip()
    if not value:
        return _empty(question, ctx)
    options = choices(question, ctx)
    choice = match_choice(value, options, by_value=typed_values(question))
    if choice is not None:
        return Ok(stored_value(question, choice))
    if question.allow_other and not _number(value):
        if len(value) > question.max_length:
            return Err(T("err_too_long", ctx.lang, max=question.max_length, length=len(value)))
        return Ok(value)
    return Err(T("err_choice", ctx.lang, text=echo(value)))


def split_items(text: str) -> list[str]:
    """One item per line; a single line may use ``;`` or ``,`` instead (terminal users)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) <= 1:
        line = lines[0] if lines else ""
        sep = ";" if ";" in line else ","
        lines = line.split(sep)
    items = [_BULLET.sub("", line, count=1).strip() for line in lines]
    return [item for item in items if item]


def _multi(question: Question, text: str, ctx: Ctx, selection: list[JSONValue]) -> Result:
    options = choices(question, ctx)
    raw = text.strip()
    if not raw:
        return _empty(question, ctx)
    tokens = split_items(raw) if re.search(r"[,;\n]", raw) else [raw]
    if len(tokens) == 1 and all(digits(part) for part in raw.split()):
        tokens = raw.split()
    chosen: list[JSONValue] = list(selection)
    for token in tokens:
        choice = match_choice(token, options)
        if choice is not None:
            value = stored_value(question, choice)
        elif question.allow_other and not _number(token):
            if len(token) > LIST_ITEM_MAX:
                return Err(
                    T(
                        "err_item_too_long",
                        ctx.lang,
                        n=len(chosen) + 1,
                        max=LIST_ITEM_MAX,
                        length=len(token),
                    )
                )
            value = token
        else:
            return Err(T("err_choice", ctx.lang, text=echo(token)))
        if value not in chosen:
            chosen.append(value)
    if len(chosen) > question.max_items:
        return Err(T("err_too_many", ctx.lang, max=question.max_items, count=len(chosen)))
    return Ok(chosen)


def parse_multi_text(question: Question, text: str, ctx: Ctx, selection: list[str]) -> Result:
    """A typed multi-choice answer, merged with buttons already toggled on."""
    picked = {c.value: c for c in choices(question, ctx)}
    base = [v for v in selection if v in picked]
    return _multi(question, text, ctx, [stored_value(question, picked[v]) for v in base])


def _scale(question: Question, text: str, ctx: Ctx) -> Result:
    scale = question.scale
    if scale is None:
        return Err(T("err_choice", ctx.lang, text=echo(text)))
    raw = text.strip().replace("−", "-").replace("–", "-")
    if not raw:
        return _empty(question, ctx)
    options = choices(question, ctx)
    if re.fullmatch(r"[+-]?\d{1,6}", raw):
        number = int(raw)
        if scale.min <= number <= scale.max:
            return Ok(number)
        return Err(T("err_range", ctx.lang, value=number, min=scale.min, max=scale.max))
    for choice in options:
        label = choice.label.casefold()
        if raw.casefold() == label or (raw in label.split() and not raw.isalnum()):
            return Ok(stored_value(question, choice))
    bare = [c for c in options if raw.casefold() == re.sub(r"^.*·\s*", "", c.label).casefold()]
    if bare:
        return Ok(stored_value(question, bare[0]))
    return Err(T("err_number", ctx.lang, min=scale.min, max=scale.max))


def _list(question: Question, text: str, ctx: Ctx) -> Result:
    if not text.strip():
        return _empty(question, ctx)
    items: list[str] = []
    for item in split_items(text):
        if item.casefold() not in {i.casefold() for i in items}:
            items.append(item)
    if not items:
        return Err(T("err_list_empty", ctx.lang))
    limit = min(LIST_ITEM_MAX, question.max_length)
    for n, item in enumerate(items, start=1):
        if len(item) > limit:
            return Err(T("err_item_too_long", ctx.lang, n=n, max=limit, length=len(item)))
    if len(items) > question.max_items:
        return Err(T("err_list_too_many", ctx.lang, max=question.max_items, count=len(items)))
    return Ok(items)


def default_list(question: Question, ctx: Ctx) -> list[str]:
    """The list a ``default_from`` list question proposes: the map's stages, or their wording
    for customers."""
    if question.default_from == "stages":
        return stage_names(ctx)[: question.max_items]
    if question.default_from == "customer_stages":
        return [c.label for c in customer_stages(ctx)][: question.max_items]
    return []
