"""The edit menu: a step, then its repeated parts (a persona, a scenario, an event in it, a
stage), each a level of its own, then the answer to change; generic over the flow.

The levels are pure functions over the walk (`entries`, `opened`, `parent`, `trail`); `EditMenu`
shows them and moves between them on the turn's `Draft`. A level that would show just one part
opens that part at once (one persona: its answers straight away); going up skips such levels
again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flows.cursor import EditLevel
from flows.engine.draft import Draft
from flows.engine.options import Choice, Ctx, display, group_title, iteration_name
from flows.engine.render import MAX_LABEL, frame_title, progress, short
from flows.engine.screens import Screen
from flows.engine.walk import Frame, Item
from flows.schema import Question
from flows.texts import T

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


class EditMenu:
    """The edit menu's screens and moves, on the turn's `Draft` (the cursor is an
    `EditLevel`; an answer chosen there is asked with ``memo.editing`` and ``memo.edit_from``
    set, so the answer, /back or "leave it" returns to that level)."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft

    def step_answers(self, number: int) -> list[Item]:
        return [i for i in self.draft.answered_questions() if i.step.number == number]

    def screen(self, level: EditLevel) -> Screen:
        """The edit menu at ``level``; a level whose answers are gone shows the one above."""
        if level.step is not None:
            items = self.step_answers(level.step)
            if items:
                return self.part_screen(level.step, level.part, level.page, items)
        return self.steps_screen(level.page if level.step is None else 0)

    def steps_screen(self, page: int) -> Screen:
        draft, lang = self.draft, self.draft.lang
        numbers = {i.step.number for i in draft.answered_questions()}
        steps = [s for s in draft.flow.steps if s.number in numbers]
        page, pages = _page(len(steps), page)
        draft.state.cursor = EditLevel(page=page)
        rows: list[tuple[Choice, ...]] = [
            (Choice(str(s.number), s.title.get(lang)),)
            for s in steps[page * PAGE : (page + 1) * PAGE]
        ]
        text = T("edit_pick_step" if steps else "edit_nothing", lang)
        if pages > 1:
            text += " " + T("edit_page", lang, page=page + 1, pages=pages)
        rows += [*self.page_rows(page, pages), (Choice("_menu", T("menu_back", lang)),)]
        return Screen(f"edit::{page}", f"{T('menu_edit', lang)}\n\n{text}", tuple(rows))

    def part_screen(self, number: int, part: str, page: int, items: list[Item]) -> Screen:
        draft, lang = self.draft, self.draft.lang
        ctx = draft.ctx()
        part = opened(items, part if part and exists(items, part) else "", ctx)
        found = entries(items, part, ctx)
        page, pages = _page(len(found), page)
        draft.state.cursor = EditLevel(step=number, part=part, page=page)
        lines = [T("menu_edit", lang), progress(draft.flow, items[0].step, ctx)]
        where = trail(items, part, ctx)
        if where:
            lines.append(where)
        parts = any(entry.item is None for entry in found)
        ask = T("edit_pick_entry" if parts else "edit_pick_answer", lang)
        if pages > 1:
            ask += " " + T("edit_page", lang, page=page + 1, pages=pages)
        lines += ["", ask]
        rows: list[tuple[Choice, ...]] = [
            (Choice(str(n), found[n].label),)
            for n in range(page * PAGE, min(len(found), (page + 1) * PAGE))
        ]
        rows += self.page_rows(page, pages)
        rows.append((Choice("_up", T("edit_up", lang)), Choice("_menu", T("menu_back", lang))))
        return Screen(f"edit:{number}:{part}:{page}", "\n".join(lines), tuple(rows))

    def page_rows(self, page: int, pages: int) -> list[tuple[Choice, ...]]:
        nav: list[Choice] = []
        if page > 0:
            nav.append(Choice("_prev", T("edit_prev", self.draft.lang)))
        if page < pages - 1:
            nav.append(Choice("_next", T("edit_next", self.draft.lang)))
        return [tuple(nav)] if nav else []

    def choose(self, level: EditLevel, value: str) -> None:
        """A choice on the level's screen: a page, up, a step, a part, or an answer to change."""
        draft = self.draft
        if value in ("_prev", "_next"):
            page = level.page + (1 if value == "_next" else -1)
            draft.state.cursor = level.model_copy(update={"page": page})
            draft.show_current()
            return
        if value == "_up":
            self.up(level)
            return
        if level.step is None:
            draft.state.cursor = EditLevel(step=_int(value))
            draft.show_current()
            return
        found = entries(self.step_answers(level.step), level.part, draft.ctx())
        index = _int(value)
        if not 0 <= index < len(found):
            draft.stale()
            return
        entry = found[index]
        if entry.item is not None:
            draft.memo.editing = True
            draft.memo.edit_from = level
            draft.show_item(entry.item, revisit=True)
            return
        draft.state.cursor = EditLevel(step=level.step, part=entry.part)
        draft.show_current()

    def up(self, level: EditLevel) -> None:
        """One level up (/back, the Back button), on the page that shows where you came from;
        above the list of steps is the menu."""
        draft = self.draft
        if level.step is None:
            draft.places.show_menu()
            return
        items = self.step_answers(level.step)
        ctx = draft.ctx()
        above = parent(items, level.part, ctx) if level.part else None
        if above is None:
            numbers = sorted({i.step.number for i in draft.answered_questions()})
            at = numbers.index(level.step) if level.step in numbers else 0
            target = EditLevel(page=at // PAGE)
        else:
            inside = f"{level.part}."
            found = entries(items, above, ctx)
            at = next(
                (n for n, e in enumerate(found) if e.part and inside.startswith(f"{e.part}.")), 0
            )
            target = EditLevel(step=level.step, part=above, page=at // PAGE)
        draft.state.cursor = target
        draft.show_current()

    def return_from_edit(self) -> bool:
        """After an edit (answered, left as it was, or /back): the level it was chosen from.
        False when no level is known (an edit stored before the levels existed)."""
        draft = self.draft
        level = draft.memo.edit_from
        if level is None:
            return False
        draft.memo.editing = False
        draft.memo.edit_from = None
        draft.memo.selection = []
        draft.state.cursor = level
        draft.show_current()
        return True


def _page(count: int, page: int) -> tuple[int, int]:
    """``page`` kept within the pages ``count`` entries fill, and how many there are."""
    pages = max(1, -(-count // PAGE))
    return min(max(page, 0), pages - 1), pages


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1
