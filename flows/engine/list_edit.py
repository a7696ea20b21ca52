"""Changing one item of a list without retyping the list: typed edits on a list question.

A list question that has a list to show (its proposal, ``default_from``, or an earlier answer)
shows it numbered. The person keeps it, or types only what changes; every number means the
list as shown, and several edits may go in one message (one per line, or separated by ``;``):

    3 = Offerte aanvragen   item 3 gets a new name
    - 2                     item 2 goes (``- <its name>`` works too, alone in a message)
    + Nazorg                a new item at the end
    + 2 = Nazorg            a new item at place 2

Edits change the working list (kept in ``Memo.selection`` while the question is on screen);
keeping it stores it. Anything else is a whole new list (`flows.engine.parse`), except a single
item, which would silently replace a longer list: that is refused with the edit that adds it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from flows.engine.options import Ctx
from flows.engine.parse import LIST_ITEM_MAX, Err, Ok, echo, parse_text, yes_no
from flows.i18n import Lang
from flows.schema import Question
from flows.texts import T

__all__ = ["Edited", "read_list_answer"]

_RENAME = re.compile(r"^(\d{1,3})\s*=\s*(.*)$", re.S)
_ADD = re.compile(r"^\+\s*(?:(\d{1,3})\s*=\s*)?(.*)$", re.S)
_DROP = re.compile(r"^[-−–]\s*(.+)$", re.S)
_NUMBER = re.compile(r"^\d{1,3}$")
_KEEP_WORDS = frozenset({"klaar", "houden", "goed", "prima", "done", "keep", "fine"})


@dataclass(frozen=True, slots=True)
class Edited:
    """The working list after typed edits, and what changed (in the person's language)."""

    items: list[str]
    changes: list[str]


@dataclass(slots=True)
class _Edits:
    renamed: dict[int, str] = field(default_factory=dict)
    dropped: set[int] = field(default_factory=set)
    inserted: dict[int, list[str]] = field(default_factory=dict)  # before item n; n+1: the end
    changes: list[str] = field(default_factory=list)


def read_list_answer(
    question: Question, text: str, ctx: Ctx, current: Sequence[str], keep_label: str
) -> Edited | Ok | Err:
    """A typed answer to a list question that shows ``current``: keep it (``ok``, ``ja``,
    the keep button's label), edits to it, or a whole new list."""
    word = text.strip().strip(".!").casefold()
    keep = re.sub(r"^\W+", "", keep_label).casefold()  # the label without its ✔
    if yes_no(text) is True or word in _KEEP_WORDS or word == keep:
        return Ok(list(current))
    edited = _edit(question, text, current, ctx.lang)
    if edited is not None:
        return edited
    result = parse_text(question, text, ctx)
    replaced = result.value if isinstance(result, Ok) else None
    if isinstance(replaced, list) and len(replaced) == 1 and len(current) > 1:
        item = echo(str(replaced[0]))
        return Err(T("err_list_one", ctx.lang, item=item, n=min(3, len(current))))
    return result


def _edit(question: Question, text: str, current: Sequence[str], lang: Lang) -> Edited | Err | None:
    """The edits in ``text``; None when it holds none (it is a new list); an error when
    only part of it reads as an edit or an edit cannot be applied."""
    parts = [p.strip() for line in text.splitlines() for p in line.split(";") if p.strip()]
    if not parts:
        return None
    edits = _Edits()
    unclear: str | None = None
    found = False
    for part in parts:
        outcome = _read_part(part, current, edits, lang, alone=len(parts) == 1)
        if isinstance(outcome, Err):
            return outcome
        if outcome:
            found = True
        else:
            unclear = unclear or part
    if not found:
        return None
    if unclear is not None:
        return Err(T("err_list_edit_unclear", lang, part=echo(unclear)))
    return _apply(question, current, edits, lang)


def _read_part(
    part: str, current: Sequence[str], edits: _Edits, lang: Lang, *, alone: bool
) -> Err | bool:
    """Add one edit to ``edits``: True when done, False when ``part`` is no edit, an error
    when it is one that cannot be applied."""
    count = len(current)
    rename = _RENAME.match(part)
    if rename:
        n, name = int(rename[1]), rename[2].strip()
        error = _check_number(n, count, edits, lang) or _check_name(name, part, f"{n} = …", lang)
        if error:
            return error
        edits.renamed[n] = name
        old = current[n - 1]
        edits.changes.append(T("list_renamed", lang, old=echo(old), new=echo(name)))
        return True
    add = _ADD.match(part)
    if add:
        name = add[2].strip()
        at = int(add[1]) if add[1] else count + 1
        if not 1 <= at <= count + 1:
            return Err(T("err_list_edit_place", lang, n=at, max=count + 1))
        error = _check_name(name, part, "+ …", lang)
        if error:
            return error
        edits.inserted.setdefault(at, []).append(name)
        edits.changes.append(T("list_added", lang, new=echo(name)))
        return True
    drop = _DROP.match(part)
    if drop:
        target = drop[1].strip()
        if _NUMBER.match(target):
            n = int(target)
        else:
            # "- name" is a bullet in a typed list, so it only drops when sent alone
            named = [i for i, item in enumerate(current, 1) if item.casefold() == target.casefold()]
            if not alone or not named:
                return False
            n = named[0]
        error = _check_number(n, count, edits, lang)
        if error:
            return error
        edits.dropped.add(n)
        edits.changes.append(T("list_dropped", lang, old=echo(current[n - 1])))
        return True
    return False


def _check_number(n: int, count: int, edits: _Edits, lang: Lang) -> Err | None:
    if not 1 <= n <= count:
        return Err(T("err_list_edit_number", lang, n=n, max=count))
    if n in edits.renamed or n in edits.dropped:
        return Err(T("err_list_edit_twice", lang, n=n))
    return None


def _check_name(name: str, part: str, example: str, lang: Lang) -> Err | None:
    if not name:
        return Err(T("err_list_edit_name", lang, part=echo(part), example=example))
    return None


def _apply(question: Question, current: Sequence[str], edits: _Edits, lang: Lang) -> Edited | Err:
    items: list[str] = []
    for n, item in enumerate(current, 1):
        items += edits.inserted.get(n, [])
        if n not in edits.dropped:
            items.append(edits.renamed.get(n, item))
    items += edits.inserted.get(len(current) + 1, [])
    if not items:
        return Err(T("err_list_edit_empty", lang))
    limit = min(LIST_ITEM_MAX, question.max_length)
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        if len(item) > limit:
            return Err(T("err_item_too_long", lang, n=n, max=limit, length=len(item)))
        if item.casefold() in seen:
            return Err(T("err_list_edit_duplicate", lang, name=echo(item)))
        seen.add(item.casefold())
    if len(items) > question.max_items:
        return Err(T("err_list_too_many", lang, max=question.max_items, count=len(items)))
    return Edited(items, edits.changes)
