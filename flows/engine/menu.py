"""After the first pass: the menu (add to a group, edit an answer, report, finish) and the
small confirmation screens (cancel, language), all as `Screen` data."""

from __future__ import annotations

from flows.cursor import AtMenu, AtPicker, AtPrompt, EditLevel
from flows.engine.draft import Draft
from flows.engine.edit_menu import PAGE, entries, exists, opened, parent, trail
from flows.engine.options import Choice, group_title, iteration_name
from flows.engine.render import frame_title, progress
from flows.engine.screens import Screen
from flows.engine.walk import Frame, Item, digits, find_group
from flows.schema import Group
from flows.texts import T


class MenuDraft(Draft):
    """Screens shown while ``state.status == "menu"``, and the two overlays."""

    def current_screen(self) -> Screen | None:
        """The overlay or menu screen being shown, or None when a prompt is."""
        if self.memo.overlay == "cancel":
            return self.cancel_screen()
        if self.memo.overlay == "language":
            return self.language_screen()
        cursor = self.state.cursor
        if self.state.status != "menu" or isinstance(cursor, AtPrompt):
            return None
        if isinstance(cursor, AtPicker):
            screen = self.pick_screen(cursor.entry, list(cursor.chosen))
            if screen is not None:
                return screen
        if isinstance(cursor, EditLevel):
            return self.edit_screen(cursor)
        self.state.cursor = AtMenu()
        return self.menu_screen()

    def current_name(self) -> str:
        screen = self.current_screen()
        if screen is not None:
            return screen.name
        item = self.current_item()
        return item.pid if item is not None else "none"

    def cancel_screen(self) -> Screen:
        rows = ((Choice("y", T("cancel_yes", self.lang)), Choice("n", T("cancel_no", self.lang))),)
        return Screen("cancel", T("cancel_confirm", self.lang), rows)

    def language_screen(self) -> Screen:
        rows = ((Choice("nl", "🇳🇱 Nederlands"), Choice("en", "🇬🇧 English")),)
        return Screen("language", T("language_choose", self.lang), rows)

    def menu_entries(self) -> list[tuple[int, list[Group]]]:
        """The flow's menu paths that name an ask_more group (only those can grow)."""
        out = []
        for n, path in enumerate(self.flow.menu):
            groups = find_group(self.flow, path)
            if groups and groups[-1].repeat == "ask_more":
                out.append((n, groups))
        return out

    def menu_screen(self) -> Screen:
        lang = self.lang
        rows: list[tuple[Choice, ...]] = []
        for n, groups in self.menu_entries():
            title = group_title(groups[-1], lang)
            rows.append((Choice(f"a{n}", T("menu_add", lang, title=title)),))
        rows.append((Choice("e", T("menu_edit", lang)),))
        rows.append((Choice("r", T("menu_report", lang)), Choice("d", T("menu_done", lang))))
        return Screen("menu", T("menu_prompt", lang), tuple(rows))

    def show_menu(self) -> None:
        self.state.status = "menu" if self.state.status != "done" else "done"
        self.state.cursor = AtMenu()
        self.memo.scope = None
        self.memo.editing = False
        self.memo.edit_from = None
        self.memo.selection = []
        self.show_current()

    def iterations(self, path: str) -> list[Frame]:
        """The existing iterations of a group instance, as the walk sees them."""
        seen: dict[int, Frame] = {}
        for item in self.walk(asking_more=False, first_pass=False):
            for frame in item.chain:
                if frame.path == path and frame.index is not None:
                    seen.setdefault(frame.index, frame)
        return [seen[i] for i in sorted(seen)]

    def resolve_entry(self, entry: int, chosen: list[int]) -> tuple[str, Group] | Screen | str:
        """Walk a menu path down to the group instance to add to; a picker Screen when a parent
        must be chosen first, or a message key when that is impossible."""
        groups = dict(self.menu_entries()).get(entry)
        if groups is None:
            return "menu"
        prefix = ""
        for depth, group in enumerate(groups[:-1]):
            path = prefix + group.key
            if group.repeat == "once":
                prefix = path + "."
                continue
            frames = self.iterations(path)
            if depth < len(chosen):
                if not any(f.index == chosen[depth] for f in frames):
                    return "menu"
                prefix = f"{path}.{chosen[depth]}."
                continue
            if not frames:
                return "menu_no_parent"
            if len(frames) == 1 and frames[0].index is not None:
                chosen.append(frames[0].index)
                prefix = f"{path}.{frames[0].index}."
                continue
            rows = tuple((Choice(str(f.index), self.frame_name(f)),) for f in frames)
            text = T("menu_pick_parent", self.lang, title=group_title(group, self.lang))
            rows = (*rows, (Choice("_menu", T("menu_back", self.lang)),))
            return Screen(f"pick:{entry}:{chosen}", text, rows)
        return prefix + groups[-1].key, groups[-1]

    def frame_name(self, frame: Frame) -> str:
        """How a picker names an iteration: its name answer, else its title."""
        if frame.index is not None and frame.group.repeat == "ask_more":
            return iteration_name(self.ctx(), frame.group, frame.path, frame.index)
        return frame_title(frame, self.ctx()) or str(frame.index)

    def pick_screen(self, entry: int, chosen: list[int]) -> Screen | None:
        resolved = self.resolve_entry(entry, list(chosen))
        return resolved if isinstance(resolved, Screen) else None

    def add(self, entry: int, chosen: list[int]) -> None:
        resolved = self.resolve_entry(entry, chosen)
        if isinstance(resolved, Screen):
            self.state.cursor = AtPicker(entry=entry, chosen=tuple(chosen))
            self.show_screen(resolved)
            return
        if isinstance(resolved, str):
            if resolved == "menu_no_parent":
                groups = dict(self.menu_entries()).get(entry) or []
                parent = groups[-2] if len(groups) > 1 else None
                title = group_title(parent, self.lang) if parent else ""
                self.say("menu_no_parent", "error", title=title)
            self.show_menu()
            return
        path, group = resolved
        opened = self.memo.iters.get(path, 0)
        if opened >= group.max:
            self.say("menu_max", "error", max=group.max)
            self.show_menu()
            return
        self.memo.iters[path] = opened + 1
        self.memo.scope = f"{path}.{opened}"
        self.goto_next()

    def leave_addition(self) -> None:
        """/back on the first question of an addition: back to the menu. An addition with
        nothing answered yet is undone (the next one gets its number); answers given are
        kept, and can be changed through the edit menu."""
        scope = self.memo.scope or ""
        path, _, raw = scope.rpartition(".")
        inside = scope + "."
        untouched = not any(key.startswith(inside) for key in self.state.values)
        if untouched and digits(raw) and self.memo.iters.get(path) == int(raw) + 1:
            self.memo.iters = {k: v for k, v in self.memo.iters.items() if not k.startswith(inside)}
            self.memo.iters[path] = int(raw)
            self.memo.closed = [c for c in self.memo.closed if not c.startswith(inside)]
            self.say("addition_dropped")
        else:
            self.say("addition_kept")
        self.show_menu()

    # -- the edit menu: steps, then parts (a persona, a scenario, an event), then answers ------

    def step_answers(self, number: int) -> list[Item]:
        return [i for i in self.answered_questions() if i.step.number == number]

    def edit_screen(self, level: EditLevel) -> Screen:
        """The edit menu at ``level``; a level whose answers are gone shows the one above."""
        if level.step is not None:
            items = self.step_answers(level.step)
            if items:
                return self.edit_part_screen(level.step, level.part, level.page, items)
        return self.edit_steps_screen(level.page if level.step is None else 0)

    def edit_steps_screen(self, page: int) -> Screen:
        numbers = {i.step.number for i in self.answered_questions()}
        steps = [s for s in self.flow.steps if s.number in numbers]
        page, pages = _page(len(steps), page)
        self.state.cursor = EditLevel(page=page)
        rows: list[tuple[Choice, ...]] = [
            (Choice(str(s.number), s.title.get(self.lang)),)
            for s in steps[page * PAGE : (page + 1) * PAGE]
        ]
        text = T("edit_pick_step" if steps else "edit_nothing", self.lang)
        if pages > 1:
            text += " " + T("edit_page", self.lang, page=page + 1, pages=pages)
        nav = self.page_rows(page, pages)
        rows += [*nav, (Choice("_menu", T("menu_back", self.lang)),)]
        return Screen(f"edit::{page}", f"{T('menu_edit', self.lang)}\n\n{text}", tuple(rows))

    def edit_part_screen(self, number: int, part: str, page: int, items: list[Item]) -> Screen:
        ctx = self.ctx()
        part = opened(items, part if part and exists(items, part) else "", ctx)
        found = entries(items, part, ctx)
        page, pages = _page(len(found), page)
        self.state.cursor = EditLevel(step=number, part=part, page=page)
        lines = [T("menu_edit", self.lang), progress(self.flow, items[0].step, ctx)]
        where = trail(items, part, ctx)
        if where:
            lines.append(where)
        parts = any(entry.item is None for entry in found)
        ask = T("edit_pick_entry" if parts else "edit_pick_answer", self.lang)
        if pages > 1:
            ask += " " + T("edit_page", self.lang, page=page + 1, pages=pages)
        lines += ["", ask]
        rows: list[tuple[Choice, ...]] = [
            (Choice(str(n), found[n].label),)
            for n in range(page * PAGE, min(len(found), (page + 1) * PAGE))
        ]
        rows += self.page_rows(page, pages)
        rows.append(
            (Choice("_up", T("edit_up", self.lang)), Choice("_menu", T("menu_back", self.lang)))
        )
        return Screen(f"edit:{number}:{part}:{page}", "\n".join(lines), tuple(rows))

    def page_rows(self, page: int, pages: int) -> list[tuple[Choice, ...]]:
        nav: list[Choice] = []
        if page > 0:
            nav.append(Choice("_prev", T("edit_prev", self.lang)))
        if page < pages - 1:
            nav.append(Choice("_next", T("edit_next", self.lang)))
        return [tuple(nav)] if nav else []

    def on_edit_choice(self, level: EditLevel, value: str) -> None:
        if value in ("_prev", "_next"):
            page = level.page + (1 if value == "_next" else -1)
            self.state.cursor = level.model_copy(update={"page": page})
            self.show_current()
            return
        if value == "_up":
            self.edit_up(level)
            return
        if level.step is None:
            self.state.cursor = EditLevel(step=_int(value))
            self.show_current()
            return
        found = entries(self.step_answers(level.step), level.part, self.ctx())
        index = _int(value)
        if not 0 <= index < len(found):
            self.stale()
            return
        entry = found[index]
        if entry.item is not None:
            self.memo.editing = True
            self.memo.edit_from = level
            self.show_item(entry.item, revisit=True)
            return
        self.state.cursor = EditLevel(step=level.step, part=entry.part)
        self.show_current()

    def edit_up(self, level: EditLevel) -> None:
        """One level up (/back, the Back button), on the page that shows where you came from."""
        if level.step is None:
            self.show_menu()
            return
        items = self.step_answers(level.step)
        ctx = self.ctx()
        up = parent(items, level.part, ctx) if level.part else None
        if up is None:
            numbers = sorted({i.step.number for i in self.answered_questions()})
            at = numbers.index(level.step) if level.step in numbers else 0
            target = EditLevel(page=at // PAGE)
        else:
            found = entries(items, up, ctx)
            at = next(
                (
                    n
                    for n, e in enumerate(found)
                    if e.part and f"{level.part}.".startswith(f"{e.part}.")
                ),
                0,
            )
            target = EditLevel(step=level.step, part=up, page=at // PAGE)
        self.state.cursor = target
        self.show_current()

    def menu_back(self) -> None:
        """/back on a menu screen: one level up in the edit menu, else the menu."""
        if self.memo.editing:  # the question of an edit: back to where it was chosen
            self.return_to_menu()
            return
        cursor = self.state.cursor
        if isinstance(cursor, EditLevel):
            self.edit_up(cursor)
        elif isinstance(cursor, AtMenu):
            self.say("back_in_menu")
            self.show_menu()
        else:
            self.show_menu()

    def return_to_menu(self) -> None:
        """After an edit: the edit level it was chosen from; else the menu."""
        level = self.memo.edit_from
        if level is None:
            self.show_menu()
            return
        self.memo.editing = False
        self.memo.edit_from = None
        self.memo.selection = []
        self.state.cursor = level
        self.show_current()

    def on_screen_choice(self, screen: Screen, value: str) -> None:
        name = screen.name
        if name == "cancel":
            self.memo.overlay = None
            if value == "y":
                # the cursor, an addition's scope and an edit stay: resume() and /continue
                # pick the interview up exactly where it stopped
                self.state.status = "done"
                self.memo.ended = "cancelled"
                self.signals.append("cancelled")
                self.say("cancelled", "done")
            else:
                self.say("cancel_kept")
                self.show_current()
            return
        if name == "language":
            self.set_language("en" if value == "en" else "nl")
            return
        if value == "_menu":
            self.show_menu()
            return
        cursor = self.state.cursor
        if name == "menu":
            self.on_menu(value)
        elif name.startswith("pick:") and isinstance(cursor, AtPicker):
            self.add(cursor.entry, [*cursor.chosen, _int(value)])
        elif name.startswith("edit:") and isinstance(cursor, EditLevel):
            self.on_edit_choice(cursor, value)
        else:
            self.stale()

    def on_menu(self, value: str) -> None:
        if value.startswith("a") and digits(value[1:]):
            self.add(int(value[1:]), [])
        elif value == "e":
            self.state.cursor = EditLevel()
            self.show_current()
        elif value == "r":
            self.signals.append("report")
            self.say("report_requested")
            self.show_menu()
        elif value == "d":
            self.finish()
        else:
            self.stale()


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1


def _page(count: int, page: int) -> tuple[int, int]:
    """``page`` kept within the pages ``count`` entries fill, and how many there are."""
    pages = max(1, -(-count // PAGE))
    return min(max(page, 0), pages - 1), pages
