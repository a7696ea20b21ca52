"""After the first pass: the menu (add to a group, edit an answer, report, finish) and the
small confirmation screens (cancel, language), all as `Screen` data."""

from __future__ import annotations

from flows.engine.draft import Draft
from flows.engine.options import Choice, display, group_title, in_sentence, iteration_name
from flows.engine.render import MAX_LABEL, breadcrumb, frame_title, short
from flows.engine.screens import EDIT_PAGE, Screen
from flows.engine.walk import Frame, digits, find_group
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
        kind = cursor[0] if cursor else None
        if self.state.status != "menu" or kind == "q":
            return None
        if kind == "pick" and len(cursor) == 3:
            screen = self.pick_screen(_int(cursor[1]), _ints(cursor[2]))
            if screen is not None:
                return screen
        if kind == "edit_step":
            return self.edit_step_screen()
        if kind == "edit_list" and len(cursor) == 3:
            return self.edit_list_screen(_int(cursor[1]), _int(cursor[2]))
        self.state.cursor = ["menu"]
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
        self.state.cursor = ["menu"]
        self.memo.scope = None
        self.memo.editing = False
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
            title = in_sentence(group_title(group, self.lang))
            text = T("menu_pick_parent", self.lang, title=title)
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
            self.state.cursor = ["pick", entry, chosen]
            self.show_screen(resolved)
            return
        if isinstance(resolved, str):
            if resolved == "menu_no_parent":
                groups = dict(self.menu_entries()).get(entry) or []
                parent = groups[-2] if len(groups) > 1 else None
                title = in_sentence(group_title(parent, self.lang)) if parent else ""
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

    def edit_step_screen(self) -> Screen:
        numbers = {i.step.number for i in self.answered_questions()}
        rows = tuple(
            (Choice(str(s.number), f"{s.number} · {s.title.get(self.lang)}"),)
            for s in self.flow.steps
            if s.number in numbers
        )
        text = T("edit_pick_step" if rows else "edit_nothing", self.lang)
        return Screen("edit_step", text, (*rows, (Choice("_menu", T("menu_back", self.lang)),)))

    def edit_list_screen(self, number: int, page: int) -> Screen:
        items = [i for i in self.answered_questions() if i.step.number == number]
        pages = max(1, -(-len(items) // EDIT_PAGE))
        page = min(max(page, 0), pages - 1)
        self.state.cursor = ["edit_list", number, page]
        ctx = self.ctx()
        lines = [T("edit_pick_question", self.lang, page=page + 1, pages=pages), ""]
        rows: list[tuple[Choice, ...]] = []
        for n in range(page * EDIT_PAGE, min(len(items), (page + 1) * EDIT_PAGE)):
            item = items[n]
            question = item.question
            assert question is not None
            prompt = question.prompt.get(self.lang).strip().splitlines()[0]
            crumb = breadcrumb(item.chain, ctx)
            value = display(question, self.state.values.get(item.path), ctx)
            head = f"{crumb} › {prompt}" if crumb else prompt
            lines.append(f"{n + 1}. {short(head, 160)}\n   → {short(value, 200)}")
            rows.append(
                (Choice(str(n), short(f"{n + 1}. {short(prompt, 30)}: {value}", MAX_LABEL)),)
            )
        nav: list[Choice] = []
        if page > 0:
            nav.append(Choice("_prev", T("edit_prev", self.lang)))
        if page < pages - 1:
            nav.append(Choice("_next", T("edit_next", self.lang)))
        if nav:
            rows.append(tuple(nav))
        rows.append((Choice("_menu", T("menu_back", self.lang)),))
        return Screen(f"edit:{number}:{page}", "\n".join(lines), tuple(rows))

    def on_screen_choice(self, screen: Screen, value: str) -> None:
        name = screen.name
        if name == "cancel":
            self.memo.overlay = None
            if value == "y":
                # the cursor stays: resume() can pick the interview up where it stopped
                self.state.status = "done"
                self.memo.ended = "cancelled"
                self.memo.scope = None
                self.memo.editing = False
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
        elif name.startswith("pick:"):
            self.add(_int(cursor[1]), [*_ints(cursor[2]), _int(value)])
        elif name == "edit_step":
            self.state.cursor = ["edit_list", _int(value), 0]
            self.show_current()
        elif name.startswith("edit:"):
            number, page = _int(cursor[1]), _int(cursor[2])
            if value in ("_prev", "_next"):
                self.state.cursor = ["edit_list", number, page + (1 if value == "_next" else -1)]
                self.show_current()
                return
            items = [i for i in self.answered_questions() if i.step.number == number]
            index = _int(value)
            if 0 <= index < len(items):
                self.memo.editing = True
                self.show_item(items[index], revisit=True)
            else:
                self.stale()

    def on_menu(self, value: str) -> None:
        if value.startswith("a") and digits(value[1:]):
            self.add(int(value[1:]), [])
        elif value == "e":
            self.state.cursor = ["edit_step"]
            self.show_current()
        elif value == "r":
            self.signals.append("report")  # the caller says it makes the report
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


def _ints(value: object) -> list[int]:
    return [_int(v) for v in value] if isinstance(value, list) else []
