"""After the first pass: the menu (add to a group, edit an answer, report, finish) and the
small confirmation screens (cancel, language), all as `Screen` data; the edit menu itself is
`flows.engine.edit_menu`."""

from __future__ import annotations

from flows.cursor import AtMenu, AtPicker, AtPrompt, EditLevel
from flows.engine.draft import Draft
from flows.engine.edit_menu import EditMenu
from flows.engine.options import Choice, group_title, in_sentence, iteration_name
from flows.engine.render import frame_title
from flows.engine.screens import Screen
from flows.engine.walk import Frame, digits, find_group
from flows.schema import Group
from flows.texts import T


class Menu:
    """Screens shown while ``state.status == "menu"`` (the menu, the picker of an addition's
    parent, the edit menu) and the two overlays, on the turn's `Draft`; the draft comes here
    (as its `Places`) when the interview leaves its prompts."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.edits = EditMenu(draft)

    def current_screen(self) -> Screen | None:
        """The overlay or menu screen being shown, or None when a prompt is."""
        if self.draft.memo.overlay == "cancel":
            return self.cancel_screen()
        if self.draft.memo.overlay == "language":
            return self.language_screen()
        cursor = self.draft.state.cursor
        if self.draft.state.status != "menu" or isinstance(cursor, AtPrompt):
            return None
        if isinstance(cursor, AtPicker):
            screen = self.pick_screen(cursor.entry, list(cursor.chosen))
            if screen is not None:
                return screen
        if isinstance(cursor, EditLevel):
            return self.edits.screen(cursor)
        self.draft.state.cursor = AtMenu()
        return self.menu_screen()

    def cancel_screen(self) -> Screen:
        rows = (
            (
                Choice("y", T("cancel_yes", self.draft.lang)),
                Choice("n", T("cancel_no", self.draft.lang)),
            ),
        )
        return Screen("cancel", T("cancel_confirm", self.draft.lang), rows)

    def language_screen(self) -> Screen:
        rows = ((Choice("nl", "🇳🇱 Nederlands"), Choice("en", "🇬🇧 English")),)
        return Screen("language", T("language_choose", self.draft.lang), rows)

    def menu_entries(self) -> list[tuple[int, list[Group]]]:
        """The flow's menu paths that name an ask_more group (only those can grow)."""
        out = []
        for n, path in enumerate(self.draft.flow.menu):
            groups = find_group(self.draft.flow, path)
            if groups and groups[-1].repeat == "ask_more":
                out.append((n, groups))
        return out

    def menu_screen(self) -> Screen:
        lang = self.draft.lang
        rows: list[tuple[Choice, ...]] = []
        for n, groups in self.menu_entries():
            title = group_title(groups[-1], lang)
            rows.append((Choice(f"a{n}", T("menu_add", lang, title=title)),))
        rows.append((Choice("e", T("menu_edit", lang)),))
        rows.append((Choice("r", T("menu_report", lang)), Choice("d", T("menu_done", lang))))
        return Screen("menu", T("menu_prompt", lang), tuple(rows))

    def show_menu(self) -> None:
        self.draft.state.status = "menu" if self.draft.state.status != "done" else "done"
        self.draft.state.cursor = AtMenu()
        self.draft.memo.scope = None
        self.draft.memo.editing = False
        self.draft.memo.edit_from = None
        self.draft.memo.selection = []
        self.draft.show_current()

    def iterations(self, path: str) -> list[Frame]:
        """The existing iterations of a group instance, as the walk sees them."""
        seen: dict[int, Frame] = {}
        for item in self.draft.walk(asking_more=False, first_pass=False):
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
            title = in_sentence(group_title(group, self.draft.lang))
            text = T("menu_pick_parent", self.draft.lang, title=title)
            rows = (*rows, (Choice("_menu", T("menu_back", self.draft.lang)),))
            return Screen(f"pick:{entry}:{chosen}", text, rows)
        return prefix + groups[-1].key, groups[-1]

    def frame_name(self, frame: Frame) -> str:
        """How a picker names an iteration: its name answer, else its title."""
        if frame.index is not None and frame.group.repeat == "ask_more":
            return iteration_name(self.draft.ctx(), frame.group, frame.path, frame.index)
        return frame_title(frame, self.draft.ctx()) or str(frame.index)

    def pick_screen(self, entry: int, chosen: list[int]) -> Screen | None:
        resolved = self.resolve_entry(entry, list(chosen))
        return resolved if isinstance(resolved, Screen) else None

    def add(self, entry: int, chosen: list[int]) -> None:
        resolved = self.resolve_entry(entry, chosen)
        if isinstance(resolved, Screen):
            self.draft.state.cursor = AtPicker(entry=entry, chosen=tuple(chosen))
            self.draft.show_screen(resolved)
            return
        if isinstance(resolved, str):
            if resolved == "menu_no_parent":
                groups = dict(self.menu_entries()).get(entry) or []
                parent = groups[-2] if len(groups) > 1 else None
                title = in_sentence(group_title(parent, self.draft.lang)) if parent else ""
                self.draft.say("menu_no_parent", "error", title=title)
            self.show_menu()
            return
        path, group = resolved
        opened = self.draft.memo.iters.get(path, 0)
        if opened >= group.max:
            self.draft.say("menu_max", "error", max=group.max)
            self.show_menu()
            return
        self.draft.memo.iters[path] = opened + 1
        self.draft.memo.scope = f"{path}.{opened}"
        self.draft.goto_next()

    def leave_addition(self) -> None:
        """/back on the first question of an addition: back to the menu. An addition with
        nothing answered yet is undone (the next one gets its number); answers given are
        kept, and can be changed through the edit menu."""
        scope = self.draft.memo.scope or ""
        path, _, raw = scope.rpartition(".")
        inside = scope + "."
        untouched = not any(key.startswith(inside) for key in self.draft.state.values)
        if untouched and digits(raw) and self.draft.memo.iters.get(path) == int(raw) + 1:
            self.draft.memo.iters = {
                k: v for k, v in self.draft.memo.iters.items() if not k.startswith(inside)
            }
            self.draft.memo.iters[path] = int(raw)
            self.draft.memo.closed = [c for c in self.draft.memo.closed if not c.startswith(inside)]
            self.draft.say("addition_dropped")
        else:
            self.draft.say("addition_kept")
        self.show_menu()

    def back(self) -> None:
        """/back on a menu screen: one level up in the edit menu, else the menu."""
        if self.draft.memo.editing:  # the question of an edit: back to where it was chosen
            self.return_to_menu()
            return
        cursor = self.draft.state.cursor
        if isinstance(cursor, EditLevel):
            self.edits.up(cursor)
        elif isinstance(cursor, AtMenu):
            self.draft.say("back_in_menu")
            self.show_menu()
        else:
            self.show_menu()

    def return_to_menu(self) -> None:
        """After an edit: the edit level it was chosen from; else the menu."""
        if not self.edits.return_from_edit():
            self.show_menu()

    def on_screen_choice(self, screen: Screen, value: str) -> None:
        name = screen.name
        if name == "cancel":
            self.draft.memo.overlay = None
            if value == "y":
                # the cursor, an addition's scope and an edit stay: resume() and /continue
                # pick the interview up exactly where it stopped
                self.draft.state.status = "done"
                self.draft.memo.ended = "cancelled"
                self.draft.signals.append("cancelled")
                self.draft.say("cancelled", "done")
            else:
                self.draft.say("cancel_kept")
                self.draft.show_current()
            return
        if name == "language":
            self.draft.set_language("en" if value == "en" else "nl")
            return
        if value == "_menu":
            self.show_menu()
            return
        cursor = self.draft.state.cursor
        if name == "menu":
            self.on_menu(value)
        elif name.startswith("pick:") and isinstance(cursor, AtPicker):
            self.add(cursor.entry, [*cursor.chosen, _int(value)])
        elif name.startswith("edit:") and isinstance(cursor, EditLevel):
            self.edits.choose(cursor, value)
        else:
            self.draft.stale()

    def on_menu(self, value: str) -> None:
        if value.startswith("a") and digits(value[1:]):
            self.add(int(value[1:]), [])
        elif value == "e":
            self.draft.state.cursor = EditLevel()
            self.draft.show_current()
        elif value == "r":
            self.draft.signals.append("report")  # the caller says it makes the report
            self.show_menu()
        elif value == "d":
            self.draft.finish()
        else:
            self.draft.stale()


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1
