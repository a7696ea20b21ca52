"""The levels of the edit menu, from the answered questions of one step: its repeated parts
(a persona, a scenario, an event in it, a stage) open a level of their own, so no level lists
more than its own answers and parts. Pure functions over the walk, generic over the flow.

A level that would show just one part opens that part at once (one persona: its answers
straight away); going up skips such levels again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flows.engine.options import Ctx, display, group_title, iteration_name
from flows.engine.render import MAX_LABEL, frame_title, short
from flows.engine.walk import Frame, Item
from flows.schema import Question

PAGE = 10  # entries per page (the issue: "at most ~10 items per page")
_QUESTION_WIDTH = 36


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of an edit level: an answer to change (``item``) or a part to open."""

    label: str
    item: Item | None = None
    part: str = ""


def part_key(frame: Frame) -> str:
    """The instance path of a repeated part, e.g. ``scenarios.1``."""
    return f"{frame.path}.{frame.index}"


def _parts(item: Item) -> list[Frame]:
    """The repeated parts a question sits in, outermost first (a ``once`` group is no part)."""
    return [frame for frame in item.chain if frame.index is not None]


def _depth(item: Item, part: str) -> int | None:
    """How many parts deep ``part`` is for ``item`` (0: the step itself); None: not in it."""
    if not part:
        return 0
    keys = [part_key(frame) for frame in _parts(item)]
    return keys.index(part) + 1 if part in keys else None


def entries(items: Sequence[Item], part: str, ctx: Ctx) -> list[Entry]:
    """What a level shows, in interview order: its own answers and the parts one level down.
    ``items``: the answered questions of one step."""
    out: list[Entry] = []
    seen: set[str] = set()
    for item in items:
        depth = _depth(item, part)
        if depth is None:
            continue
        frames = _parts(item)
        if len(frames) == depth:
            out.append(Entry(answer_label(item, ctx), item=item))
            continue
        key = part_key(frames[depth])
        if key not in seen:
            seen.add(key)
            out.append(Entry(part_label(frames[depth], ctx, items), part=key))
    return out


def opened(items: Sequence[Item], part: str, ctx: Ctx) -> str:
    """The level actually shown for ``part``: a level with only one part in it opens that."""
    for _ in range(len(items) + 1):
        found = entries(items, part, ctx)
        if len(found) != 1 or found[0].item is not None:
            return part
        part = found[0].part
    return part  # pragma: no cover - each round goes one part deeper


def exists(items: Sequence[Item], part: str) -> bool:
    """Whether ``part`` still has answers in this step (an edit can hide a whole part)."""
    return any(_depth(item, part) is not None for item in items)


def parent(items: Sequence[Item], part: str, ctx: Ctx) -> str | None:
    """The level one up from ``part`` that shows more than ``part`` alone; None: above the
    step (the list of steps)."""
    frames = next((_parts(i) for i in items if _depth(i, part) not in (None, 0)), [])
    keys = [part_key(frame) for frame in frames]
    above = ["", *keys[: keys.index(part)]] if part in keys else []
    for candidate in reversed(above):
        if opened(items, candidate, ctx) == candidate:
            return candidate
    return None


def trail(items: Sequence[Item], part: str, ctx: Ctx) -> str:
    """The names of ``part`` and the parts around it: ``Scenario 2: … › Event 1: …``."""
    frames = next((_parts(i) for i in items if _depth(i, part) not in (None, 0)), [])
    keys = [part_key(frame) for frame in frames]
    if part not in keys:
        return ""
    inside = frames[: keys.index(part) + 1]
    return " › ".join(short(part_label(frame, ctx, items), 48) for frame in inside)


def part_label(frame: Frame, ctx: Ctx, items: Sequence[Item] = ()) -> str:
    """A part as the person knows it: ``Persona 1: Anna``, ``Event 2: Pays``, ``Stage:
    Delivery``; a part without a text answer by its first answer (``Touchpoint 1: Website``)."""
    group = frame.group
    index = frame.index or 0
    if group.repeat != "ask_more":
        return short(frame_title(frame, ctx) or group_title(group, ctx.lang, n=index + 1))
    generic = group_title(group, ctx.lang, n=index + 1)
    name = iteration_name(ctx, group, frame.path, index)
    if name == generic:
        prefix = f"{part_key(frame)}."
        first = next((i for i in items if i.path.startswith(prefix) and i.question), None)
        if first is not None:
            name = display(first.question, ctx.values.get(first.path), ctx)
    return short(generic if name == generic else f"{generic}: {name}")


def answer_label(item: Item, ctx: Ctx) -> str:
    """An answer as one line: the question and the current answer, each shortened."""
    question = item.question
    assert isinstance(question, Question)
    lines = question.prompt.get(ctx.lang).strip().splitlines()
    head = short(lines[0] if lines else question.key, _QUESTION_WIDTH)
    value = display(question, ctx.values.get(item.path), ctx)
    return short(f"{head} → {short(value, max(8, MAX_LABEL - len(head) - 3))}")
