"""One interview turn: the current prompt, one input, the next state and replies.

A `Run` is a private copy of the state plus what to send and record; every public entry
point builds one, lets it act, and returns ``run.step()``. Nothing here raises on user input:
`advance` turns any unexpected exception into a polite re-show of where the user is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from flows.engine.memo import Memo, read_memo
from flows.engine.options import (
    Choice,
    Ctx,
    choices,
    display,
    group_title,
    iteration_name,
    stored_value,
)
from flows.engine.parse import (
    Err,
    Ok,
    Result,
    default_list,
    echo,
    match_choice,
    parse_multi_text,
    parse_text,
    yes_no,
)
from flows.engine.render import (
    MAX_LABEL,
    breadcrumb,
    button,
    clamp,
    frame_title,
    info,
    progress,
    prompt_id,
    read_callback,
    render_item,
    short,
)
from flows.engine.screens import EDIT_PAGE, Screen
from flows.engine.walk import Frame, Item, digits, walk
from flows.i18n import LANGS, Lang
from flows.schema import Flow, Group
from flows.texts import T, content_name
from flows.values import (
    AnswerRecord,
    Button,
    FlowState,
    Inbound,
    JSONValue,
    OutMessage,
    Signal,
    Step,
)

# Commands the transports handle themselves; if one reaches the engine it is "not here".
CALLER_COMMANDS = frozenset(
    {"start", "new", "maps", "map", "report", "invite", "export", "settings", "stop", "join"}
)
_LANG_WORDS: dict[str, Lang] = {
    "nl": "nl",
    "nederlands": "nl",
    "dutch": "nl",
    "en": "en",
    "english": "en",
    "engels": "en",
}
_GUARD = 2000  # bound on automatic steps (opening mandatory iterations) per turn


class Run:
    def __init__(self, flow: Flow, state: FlowState) -> None:
        self.flow = flow
        self.state = state.model_copy(deep=True)
        self.memo: Memo = read_memo(state)
        self.answers: list[AnswerRecord] = []
        self.messages: list[OutMessage] = []
        self.signals: list[Signal] = []
        self.changes = 0  # bumped on every change to the answers: keys the walk cache
        self._walks: dict[tuple[object, ...], list[Item]] = {}

    # -- plumbing -----------------------------------------------------------------------------

    @property
    def lang(self) -> Lang:
        return self.state.lang

    def ctx(self) -> Ctx:
        return Ctx(self.flow, self.state.values, self.memo, self.state.context, self.state.lang)

    def say(self, key: str, kind: str = "info", **values: object) -> None:
        self.messages.append(info(T(key, self.lang, **values), kind))

    def step(self) -> Step:
        self.state.extra = {**self.state.extra, "engine": self.memo.model_dump(mode="json")}
        signals = tuple(dict.fromkeys(self.signals))
        return Step(self.state, tuple(self.answers), tuple(self.messages), signals)

    def record(self, key: str, value: JSONValue) -> None:
        self.state.values[key] = value
        self.changes += 1
        self.answers.append(AnswerRecord(key, value))

    def forget(self, key: str) -> JSONValue:
        self.changes += 1
        return self.state.values.pop(key)

    # -- walks --------------------------------------------------------------------------------

    def walk(self, *, asking_more: bool = True, first_pass: bool = True) -> list[Item]:
        """`walk` cached within this turn: several questions per turn ask for the same walk."""
        key = (
            self.changes,
            tuple(sorted(self.memo.iters.items())),
            tuple(self.memo.closed),
            asking_more,
            first_pass,
        )
        cached = self._walks.get(key)
        if cached is None:
            cached = walk(
                self.flow,
                self.state.values,
                self.memo,
                asking_more=asking_more,
                first_pass=first_pass,
            )
            self._walks = {key: cached, **{k: v for k, v in self._walks.items() if k[0] == key[0]}}
        return cached

    def nav_items(self) -> list[Item]:
        """The prompts navigation moves through in the current mode."""
        if self.state.status == "active":
            return self.walk()
        if self.memo.scope:
            prefix = self.memo.scope + "."
            return [i for i in self.walk() if i.path.startswith(prefix)]
        return self.walk(asking_more=False, first_pass=False)

    def all_items(self) -> list[Item]:
        active = self.state.status == "active"
        return self.walk(first_pass=active)

    def answered_questions(self) -> list[Item]:
        items = self.walk(asking_more=False, first_pass=False)
        return [i for i in items if i.kind == "question" and i.answered]

    def current_item(self) -> Item | None:
        cursor = self.state.cursor
        if len(cursor) != 2 or cursor[0] != "q":
            return None
        return next((i for i in self.all_items() if i.pid == cursor[1]), None)

    # -- showing ------------------------------------------------------------------------------

    def show_item(self, item: Item, *, revisit: bool = False, keep_selection: bool = False) -> None:
        self.state.cursor = ["q", item.pid]
        if not keep_selection:
            self.memo.selection = []
            self.memo.toggled = False
            question = item.question
            if revisit and question is not None and question.kind == "multi":
                current = self.state.values.get(item.path)
                values = {c.value for c in choices(question, self.ctx())}
                if isinstance(current, list):
                    self.memo.selection = [str(v) for v in current if str(v) in values]
        self.state.rev += 1
        self.messages.append(
            render_item(
                item, self.ctx(), self.state.rev, selection=self.memo.selection, revisit=revisit
            )
        )

    def show_screen(self, screen: Screen) -> None:
        self.state.rev += 1
        rows = tuple(
            tuple(button(c.label, screen.name, self.state.rev, c.value) for c in row)
            for row in screen.rows
        )
        self.messages.append(OutMessage(clamp(screen.text), rows, kind="question"))

    def show_current(self, *, keep_selection: bool = True) -> None:
        """Re-show whatever the user is looking at (after an error, help, a stale button...)."""
        if self.state.status == "done":
            self.say("ended", "done")
            return
        screen = self.current_screen()
        if screen is not None:
            self.show_screen(screen)
            return
        item = self.current_item()
        if item is None:
            self.goto_next()
            return
        self.show_item(item, revisit=item.answered, keep_selection=keep_selection)

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

    # -- moving on ----------------------------------------------------------------------------

    def goto_next(self) -> None:
        """Ask the first unanswered prompt of the current mode, or finish that mode."""
        for _ in range(_GUARD):
            pending = next((i for i in self.nav_items() if not i.answered), None)
            if pending is not None and pending.kind == "open":
                self.memo.iters[pending.path] = pending.index + 1
                continue
            if pending is not None and self.no_options(pending):
                # nothing to choose from (e.g. no personas yet): nothing to ask either
                self.record(pending.path, None)
                continue
            if pending is not None:
                self.step_intro(pending)
                self.show_item(pending)
                return
            if self.state.status == "active":
                self.finish_first_pass()
                return
            if self.memo.scope:
                self.memo.scope = None
                self.say("menu_added")
                continue
            self.show_menu()
            return
        self.show_menu()  # pragma: no cover - only a pathological flow gets here

    def no_options(self, item: Item) -> bool:
        question = item.question
        if question is None or question.kind not in ("single", "multi") or question.allow_other:
            return False
        return not choices(question, self.ctx())

    def step_intro(self, item: Item) -> None:
        number = item.step.number
        if number in self.memo.intros:
            return
        self.memo.intros.append(number)
        if item.step.intro is not None and self.state.status == "active":
            title = progress(self.flow, item.step, self.ctx())
            self.messages.append(info(f"📍 {title}\n\n{item.step.intro.get(self.lang)}"))

    def finish_first_pass(self) -> None:
        self.memo.first_pass_done = True
        outro = self.flow.outro.get(self.lang) if self.flow.outro else None
        if self.flow.menu:
            self.signals.append("first_pass_done")
            self.state.status = "menu"
            text = T("first_pass_done", self.lang)
            self.messages.append(info(f"{outro}\n\n{text}" if outro else text))
            self.show_menu()
        else:
            self.finish(outro)

    def finish(self, outro: str | None = None) -> None:
        self.state.status = "done"
        self.state.cursor = ["done"]
        self.memo.ended = "finished"
        self.memo.scope = None
        self.memo.editing = False
        self.signals.append("finished")
        self.messages.append(info(outro or T("finished", self.lang), "done"))

    def reopen(self) -> bool:
        """Resuming a stopped interview: a cancelled one continues where it stopped, a finished
        one with a menu returns to the menu; a finished one without a menu stays closed."""
        if self.memo.ended == "cancelled":
            self.state.status = "menu" if self.memo.first_pass_done else "active"
        elif self.memo.ended == "finished" and self.flow.menu and self.memo.first_pass_done:
            self.state.status = "menu"
            self.state.cursor = ["menu"]
        else:
            return False
        self.memo.ended = None
        return True

    def after_answer(self) -> None:
        self.memo.selection = []
        self.memo.toggled = False
        if self.memo.editing:
            self.memo.editing = False
            self.say("edit_saved")
        self.goto_next()

    # -- answering ----------------------------------------------------------------------------

    def answer_question(self, item: Item, result: Result) -> None:
        if isinstance(result, Err):
            self.messages.append(info(result.message, "error"))
            self.show_item(item, revisit=item.answered, keep_selection=True)
            return
        changes_lists = isinstance(result.value, list) or isinstance(
            self.state.values.get(item.path), list
        )
        before = self.for_each_lists() if changes_lists else {}
        answered = {i.path for i in self.all_items() if i.kind == "question" and i.answered}
        self.record(item.path, result.value)
        if before:
            self.realign(before, self.for_each_lists())
        self.clear_hidden(answered)
        self.after_answer()

    def clear_hidden(self, answered: set[str]) -> None:
        """Answers a changed answer has hidden (its condition no longer holds, e.g. touchpoints
        after "no contact here") are superseded by None: the stored answers stay what the
        user now sees. Answering the branch open again asks them anew."""
        for _ in range(_GUARD):  # hiding one answer may hide what depends on it
            visible = {i.path for i in self.all_items() if i.kind == "question"}
            hidden = sorted(k for k in answered - visible if k in self.state.values)
            if not hidden:
                return
            for key in hidden:
                self.forget(key)
                self.answers.append(AnswerRecord(key, None))

    def for_each_lists(self) -> dict[str, list[str]]:
        """Per for_each group instance, the items it iterates over now (as JSON, comparable)."""
        out: dict[str, list[str]] = {}
        for item in self.all_items():
            for frame in item.chain:
                if frame.group.repeat == "for_each" and frame.path not in out:
                    items = self.state.values.get(frame.source)
                    listed = items[: frame.group.max] if isinstance(items, list) else []
                    out[frame.path] = [json.dumps(x, sort_keys=True) for x in listed]
        return out

    def realign(self, before: Mapping[str, list[str]], after: Mapping[str, list[str]]) -> None:
        """A for_each list changed (e.g. other stages chosen): move each iteration's answers to
        its item's new index and supersede those of dropped items, so ``visits.1`` keeps
        meaning "the second chosen stage" and no answer is pinned to the wrong item."""
        for path, old in before.items():
            new = after.get(path, [])
            moves = {i: (new.index(x) if x in new else None) for i, x in enumerate(old)}
            if all(i == j for i, j in moves.items()):
                continue
            moved: dict[str, JSONValue] = {}
            dropped: list[str] = []
            for key in list(self.state.values):
                target = _reindex(key, path, moves)
                if target is not False:
                    value = self.forget(key)
                    dropped.append(key)
                    if isinstance(target, str):
                        moved[target] = value
            for key in dropped:
                if key not in moved:
                    self.answers.append(AnswerRecord(key, None))
            for key, value in moved.items():
                self.record(key, value)
            iters = dict(self.memo.iters)
            self.memo.iters = {}
            for key, count in iters.items():
                target = _reindex(key, path, moves)
                if target is False:
                    self.memo.iters[key] = count
                elif isinstance(target, str):
                    self.memo.iters[target] = count
            closed = []
            for key in self.memo.closed:
                target = _reindex(key, path, moves)
                closed += [key] if target is False else [target] if isinstance(target, str) else []
            self.memo.closed = closed

    def answer_more(self, item: Item, yes: bool) -> None:
        path, index = item.path, item.index
        opened = self.memo.iters.get(path, 0)
        if yes:
            if path in self.memo.closed:
                self.memo.closed.remove(path)
            self.memo.iters[path] = max(opened, index + 1)
        else:
            if opened > index:
                self.drop_iterations(path, index)
                self.memo.iters[path] = index
            if path not in self.memo.closed:
                self.memo.closed.append(path)
        self.after_answer()

    def drop_iterations(self, path: str, first: int) -> None:
        """Saying "no more" to an earlier "add another?" removes the later iterations; their
        answers are superseded by None so the stored answers agree with what is shown."""
        for key in list(self.state.values):
            rest = key[len(path) + 1 :] if key.startswith(path + ".") else ""
            head = rest.split(".", 1)[0]
            if digits(head) and int(head) >= first:
                self.forget(key)
                self.answers.append(AnswerRecord(key, None))
        for key in list(self.memo.iters):
            rest = key[len(path) + 1 :] if key.startswith(path + ".") else ""
            head = rest.split(".", 1)[0]
            if digits(head) and int(head) >= first:
                del self.memo.iters[key]
        self.memo.closed = [
            c
            for c in self.memo.closed
            if not (c.startswith(path + ".") and _iteration_of(c, path) >= first)
        ]

    def on_text(self, item: Item, text: str) -> None:
        question = item.question
        if question is None:
            answer = yes_no(text)
            if answer is None:
                self.say("choose_yes_no", "error")
                self.show_item(item, revisit=item.answered, keep_selection=True)
            else:
                self.answer_more(item, answer)
            return
        ctx = self.ctx()
        if question.kind == "multi":
            # typed choices add to buttons tapped now, but replace a preselected old answer
            toggled = self.memo.selection if self.memo.toggled else []
            result = parse_multi_text(question, text, ctx, toggled)
        else:
            result = parse_text(question, text, ctx)
        self.answer_question(item, result)

    def on_button(self, item: Item, value: str) -> None:
        question = item.question
        if question is None:
            if value in ("y", "n"):
                self.answer_more(item, value == "y")
            else:
                self.stale()
            return
        if value == "_skip":
            self.skip()
            return
        ctx = self.ctx()
        kind = question.kind
        if kind == "multi":
            self.on_toggle(item, value)
            return
        if kind == "list" and value == "_keep":
            proposal = default_list(question, ctx)
            if proposal:
                self.answer_question(item, Ok(proposal))
                return
        if kind == "yesno" and value in ("y", "n"):
            self.answer_question(item, Ok(value == "y"))
            return
        if kind in ("single", "scale"):
            choice = next((c for c in choices(question, ctx) if c.value == value), None)
            if choice is not None:
                self.answer_question(item, Ok(stored_value(question, choice)))
                return
        self.stale()

    def on_toggle(self, item: Item, value: str) -> None:
        question = item.question
        assert question is not None
        ctx = self.ctx()
        options = choices(question, ctx)
        if value == "_done":
            picked = [c for c in options if c.value in self.memo.selection]
            if not picked and question.required:
                self.say("err_none_chosen", "error")
                self.show_item(item, revisit=item.answered, keep_selection=True)
                return
            self.answer_question(item, Ok([stored_value(question, c) for c in picked]))
            return
        if not any(c.value == value for c in options):
            self.stale()
            return
        self.memo.toggled = True
        if value in self.memo.selection:
            self.memo.selection.remove(value)
        elif len(self.memo.selection) >= question.max_items:
            self.say("err_too_many", "error", max=question.max_items, count=question.max_items + 1)
            self.show_item(item, revisit=item.answered, keep_selection=True)
            return
        else:
            self.memo.selection.append(value)
        message = render_item(
            item, ctx, self.state.rev, selection=self.memo.selection, revisit=item.answered
        )
        self.messages.append(
            OutMessage(message.text, message.buttons, kind="question", replace=True)
        )

    def stale(self) -> None:
        self.say("stale_button", "error")
        self.show_current()

    # -- commands -----------------------------------------------------------------------------

    def command(self, name: str, args: str) -> None:
        name = name.strip().lstrip("/").split("@", 1)[0].casefold()
        self.memo.overlay = None
        handlers = {
            "back": self.back,
            "skip": self.skip,
            "status": self.status,
            "help": self.help,
            "cancel": self.cancel,
        }
        if name in handlers:
            handlers[name]()
        elif name in ("language", "lang", "taal"):
            self.language(args)
        elif name in CALLER_COMMANDS:
            self.say("command_not_here", "error", command=echo(name, 32))
            self.show_current()
        else:
            self.say("unknown_command", "error", command=echo(name, 32) or "?")
            self.show_current()

    def back(self) -> None:
        if self.state.status == "menu" and self.memo.editing:
            self.memo.editing = False
            self.show_menu()
            return
        cursor = self.state.cursor
        if self.state.status == "menu" and cursor and cursor[0] != "q":
            if cursor[0] == "edit_list":
                self.state.cursor = ["edit_step"]
                self.show_current()
            elif cursor[0] == "menu":
                self.say("back_in_menu")
                self.show_menu()
            else:
                self.show_menu()
            return
        items = self.nav_items()
        current = self.current_item()
        index = next(
            (n for n, i in enumerate(items) if current and i.pid == current.pid), len(items)
        )
        previous = next(
            (i for i in reversed(items[:index]) if i.answered and i.kind != "open"), None
        )
        if previous is None:
            self.say("first_in_scope" if self.memo.scope else "first_question")
            self.show_current()
            return
        self.show_item(previous, revisit=True)

    def skip(self) -> None:
        item = self.current_item() if self.current_screen() is None else None
        if item is None:
            self.say("skip_not_here", "error")
            self.show_current()
            return
        if item.question is None:
            self.say("choose_yes_no", "error")
            self.show_current()
        elif item.question.required:
            self.say("skip_required", "error")
            self.show_current()
        else:
            self.record(item.path, None)
            self.after_answer()

    def status(self) -> None:
        answered = len(self.answered_questions())
        item = self.current_item() if self.current_screen() is None else None
        if item is None or (item.question is None and item.group is None):
            self.say("status_menu", answered=answered)
        else:
            ctx = self.ctx()
            where = progress(self.flow, item.step, ctx)
            crumb = breadcrumb(item.chain, ctx)
            if crumb:
                where = f"{where} › {crumb}"
            if item.question is not None:
                prompt = item.question.prompt.get(self.lang)
            elif item.group is not None and item.group.more_prompt is not None:
                prompt = item.group.more_prompt.get(self.lang)
            else:
                prompt = ""
            first_line = prompt.strip().splitlines()[0] if prompt.strip() else ""
            self.say("status", where=where, question=short(first_line, 200), answered=answered)
        self.show_current()

    def help(self) -> None:
        in_menu = self.state.status == "menu" and self.current_item() is None
        self.say("help_menu" if in_menu else "help_question")
        self.show_current()

    def cancel(self) -> None:
        self.memo.overlay = "cancel"
        self.show_current()

    def language(self, args: str) -> None:
        chosen = _LANG_WORDS.get(args.strip().casefold())
        if chosen is None:
            self.memo.overlay = "language"
            self.show_current()
            return
        self.set_language(chosen)

    def set_language(self, lang: Lang) -> None:
        self.memo.overlay = None
        self.state.lang = lang
        self.signals.append("language_changed")
        self.say("language_set")
        self.show_current()

    # -- overlays and menu screens --------------------------------------------------------------

    def cancel_screen(self) -> Screen:
        rows = ((Choice("y", T("cancel_yes", self.lang)), Choice("n", T("cancel_no", self.lang))),)
        return Screen("cancel", T("cancel_confirm", self.lang), rows)

    def language_screen(self) -> Screen:
        rows = ((Choice("nl", "🇳🇱 Nederlands"), Choice("en", "🇬🇧 English")),)
        return Screen("language", T("language_choose", self.lang), rows)

    def menu_entries(self) -> list[tuple[int, list[Group]]]:
        from flows.engine.walk import find_group

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
            self.state.cursor = ["pick", entry, chosen]
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
            self.signals.append("report")
            self.say("report_requested")
            self.show_menu()
        elif value == "d":
            self.finish()
        else:
            self.stale()

    # -- dispatch -------------------------------------------------------------------------------

    def handle(self, inbound: Inbound) -> None:
        if self.state.status == "done":
            self.say("ended", "done")
            return
        if inbound.kind == "command":
            self.command(inbound.command, inbound.args)
            return
        screen = self.current_screen()
        item = None if screen is not None else self.current_item()
        if screen is None and item is None:
            self.goto_next()  # the cursor is gone (flow changed, fresh state): find our place
            return
        if inbound.kind == "button":
            press = read_callback(inbound.data)
            if (
                press is None
                or press.rev != self.state.rev
                or press.pid != prompt_id(screen.name if screen else item.pid if item else "")
            ):
                self.stale()
            elif screen is not None:
                if screen.find(press.value) is None:
                    self.stale()
                else:
                    self.on_screen_choice(screen, press.value)
            elif item is not None:
                self.on_button(item, press.value)
            return
        if inbound.kind == "text":
            if screen is not None:
                self.on_screen_text(screen, inbound.text)
            elif item is not None:
                self.on_text(item, inbound.text)
            return
        self.unsupported(inbound.content, item)

    def on_screen_text(self, screen: Screen, text: str) -> None:
        if screen.name == "cancel":
            answer = yes_no(text)
            if answer is not None:
                self.on_screen_choice(screen, "y" if answer else "n")
                return
        if screen.name == "language":
            chosen = _LANG_WORDS.get(text.strip().casefold())
            if chosen is not None:
                self.set_language(chosen)
                return
        if screen.name in ("cancel", "language"):
            # not an answer to the overlay: drop it and treat the text as usual
            self.memo.overlay = None
            self.handle(Inbound(kind="text", text=text))
            return
        choice = match_choice(text, screen.flat())
        if choice is None:
            self.say("expect_buttons", "error")
            self.show_current()
        else:
            self.on_screen_choice(screen, choice.value)

    def unsupported(self, content: str, item: Item | None) -> None:
        question = item.question if item else None
        if item is None:
            expected = T("expect_buttons", self.lang)
        elif question is not None and question.kind in ("text", "list"):
            expected = T("expect_text", self.lang)
        else:
            expected = T("expect_choice", self.lang)
        name = content_name(content.strip().casefold(), self.lang)
        self.say("err_unsupported", "error", content=name, expected=expected)
        self.show_current()


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1


def _ints(value: object) -> list[int]:
    return [_int(v) for v in value] if isinstance(value, list) else []


def _reindex(key: str, path: str, moves: Mapping[int, int | None]) -> str | bool | None:
    """``key`` under iteration ``path.<i>`` moved to its new index: the new key, None when its
    item was dropped, False when the key is not under a moved iteration."""
    if not key.startswith(path + "."):
        return False
    head, _, rest = key[len(path) + 1 :].partition(".")
    if not digits(head) or int(head) not in moves or not rest:
        return False
    target = moves[int(head)]
    return None if target is None else f"{path}.{target}.{rest}"


def _iteration_of(path: str, group_path: str) -> int:
    head = path[len(group_path) + 1 :].split(".", 1)[0]
    return int(head) if digits(head) else -1


# -- public API -----------------------------------------------------------------------------------


def start(
    flow: Flow,
    *,
    lang: Lang,
    now: datetime,
    context: Mapping[str, JSONValue] | None = None,
) -> Step:
    """Begin an interview: the flow's title and intro, then the first question."""
    state = FlowState(
        flow_id=flow.id,
        flow_version=flow.version,
        lang=lang if lang in LANGS else "nl",
        context=dict(context or {}),
    )
    run = Run(flow, state)
    run.memo.started = now.isoformat()
    intro = flow.intro.get(run.lang) if flow.intro else None
    title = flow.title.get(run.lang)
    run.messages.append(info(f"{title}\n\n{intro}" if intro else title))
    run.goto_next()
    return run.step()


def advance(flow: Flow, state: FlowState, inbound: Inbound, now: datetime) -> Step:
    """Apply one input. Never raises: an internal error re-shows where the user is."""
    del now  # the engine keeps no clock; kept in the signature for callers and future use
    run = Run(flow, state)
    try:
        run.handle(inbound)
        return run.step()
    except Exception:  # a bug must not break a user's chat; tests assert it never happens
        return _recover(flow, state)


def resume(flow: Flow, state: FlowState) -> Step:
    """Re-show where the user is (after /start or a restart); old buttons become stale."""
    run = Run(flow, state)
    try:
        if run.state.status == "done" and not run.reopen():
            run.say("ended", "done")
            return run.step()
        # no greeting of our own: the caller knows why it resumes (/start, a switched map,
        # after a report) and says so itself
        run.memo.overlay = None
        run.show_current(keep_selection=False)
        return run.step()
    except Exception:
        return _recover(flow, state)


def _recover(flow: Flow, state: FlowState) -> Step:
    run = Run(flow, state)
    run.say("internal_error", "error")
    try:
        run.memo.overlay = None
        run.show_current(keep_selection=False)
    except Exception:
        run.state.status = "menu" if run.memo.first_pass_done else run.state.status
    return run.step()


__all__ = ["Button", "advance", "resume", "start"]
