"""The draft of one turn's result and the moves every input shares: showing prompts,
recording answers, going on to the next unanswered prompt, finishing a pass.

A `Draft` is a private copy of the stored state plus what to send and record, until ``step()``
hands it out as a `Step`. It knows the menu only as its `Places`: the turn (`flows.engine.core`)
gives it one (`flows.engine.menu.Menu`) and handles the input.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Protocol

from flows.cursor import AtEnd, AtMenu, AtPrompt
from flows.engine.memo import Memo, read_memo
from flows.engine.options import Ctx, choices, display, group_title, stored_value
from flows.engine.parse import Err, Ok, Result, default_list
from flows.engine.render import FoldAt, button, clamp, info, progress, render_item, short
from flows.engine.screens import Screen
from flows.engine.walk import Frame, Item, digits, walk
from flows.i18n import Lang
from flows.schema import Flow
from flows.texts import T
from flows.values import AnswerRecord, FlowState, JSONValue, OutMessage, Signal, Step

GUARD = 2000  # bound on automatic moves (opening mandatory iterations, cascades) per turn


class Places(Protocol):
    """Where the interview goes when it leaves its prompts: the menu and its screens
    (`flows.engine.menu.Menu`). A `Draft` gets one from whoever runs the turn."""

    def current_screen(self) -> Screen | None:
        """The menu or overlay screen being shown; None while a prompt is."""

    def show_menu(self) -> None:
        """Show the menu."""

    def return_to_menu(self) -> None:
        """After an edit or an addition: the edit level it came from, else the menu."""


class _NoMenu:
    """The places of a draft that runs no turn (e.g. reading which prompt is on screen)."""

    def current_screen(self) -> Screen | None:
        return None

    def show_menu(self) -> None:
        raise RuntimeError("this draft has no menu")

    def return_to_menu(self) -> None:
        raise RuntimeError("this draft has no menu")


class Draft:
    """A private copy of the state, plus the answers to append, messages and signals."""

    def __init__(self, flow: Flow, state: FlowState) -> None:
        self.places: Places = _NoMenu()
        self.flow = flow
        # The engine replaces the lists and dicts it changes, except ``values``, which it edits
        # in place: copying that one dict keeps the caller's state untouched at a fraction of
        # a deep copy's cost (a deep copy was a fifth of every advance). The state runs on
        # ``flow`` from now on: normally the version it began on, else (that version was no
        # longer shipped) the newest, which it then records.
        self.state = state.model_copy(
            update={"values": dict(state.values), "flow_version": flow.version}
        )
        self.memo: Memo = read_memo(state)
        self.answers: list[AnswerRecord] = []
        self.messages: list[OutMessage] = []
        self.signals: list[Signal] = []
        # the question this input answered with a tap: a `Question.joined` one right after it
        # continues its message (a card) instead of sending a new one
        self.tapped: str | None = None
        self.changes = 0  # bumped on every change to the answers: keys the walk cache
        self._walks: dict[tuple[object, ...], list[Item]] = {}

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
        self._changed(key, answered=True)
        self.answers.append(AnswerRecord(key, value))

    def forget(self, key: str) -> JSONValue:
        value = self.state.values.pop(key)
        self._changed(key, answered=False)
        return value

    def _changed(self, key: str, *, answered: bool) -> None:
        """Move the walk cache on to the next change. An answer no condition or for_each list
        reads cannot add or hide prompts: the cached walks stay valid with that one question's
        ``answered`` flag set, so the usual answer costs one walk instead of two."""
        before = self.changes
        self.changes += 1
        if key.rsplit(".", 1)[-1] in self.flow.structural_names:
            self._walks = {}
            return
        self._walks = {
            (self.changes, *cache_key[1:]): [
                replace(i, answered=answered) if i.path == key and i.kind == "question" else i
                for i in items
            ]
            for cache_key, items in self._walks.items()
            if cache_key[0] == before
        }

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
                context=self.state.context,
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
        if not isinstance(cursor, AtPrompt):
            return None
        return next((i for i in self.all_items() if i.pid == cursor.pid), None)

    def show_item(
        self,
        item: Item,
        *,
        revisit: bool = False,
        keep_selection: bool = False,
        progress_line: bool = True,
    ) -> None:
        """Show a prompt (``progress_line`` False: its step's intro right above says the step)."""
        question = item.question
        # typed edits to a list stay while that list is on screen, also when it is shown
        # afresh (a restart, /start): they are the person's work, not a passing selection
        editing_list = (
            self.state.cursor == AtPrompt(pid=item.pid)
            and self.memo.toggled
            and question is not None
            and question.kind == "list"
        )
        self.state.cursor = AtPrompt(pid=item.pid)
        if not keep_selection and not editing_list:
            self.memo.selection = []
            self.memo.toggled = False
            current = self.state.values.get(item.path)
            if revisit and question is not None and question.kind == "multi":
                values = {c.value for c in choices(question, self.ctx())}
                if isinstance(current, list):
                    self.memo.selection = [str(v) for v in current if str(v) in values]
            elif question is not None and question.kind == "list":
                # the list shown for keeping or editing: the answer, else the proposal
                if isinstance(current, list) and item.answered:
                    self.memo.selection = [str(v) for v in current]
                else:
                    self.memo.selection = default_list(question, self.ctx())
        self.state.rev += 1
        above = self.card_so_far(item)
        message = render_item(
            item,
            self.ctx(),
            self.state.rev,
            selection=self.memo.selection,
            revisit=revisit,
            resume=revisit and self.offers_continue(item),
            fold=self.fold_of(item),
            editing=self.memo.editing,
            progress_line=progress_line,
            above=above,
        )
        continues = not revisit and self.tapped is not None and self.card_follows(item, self.tapped)
        self.messages.append(replace(message, replace=True) if continues else message)

    def position(self, item: Item) -> tuple[list[Item], int | None]:
        """The prompts of the current walk and ``item``'s index among them (None: not there)."""
        items = self.all_items()
        return items, next((n for n, i in enumerate(items) if i.pid == item.pid), None)

    def card_so_far(self, item: Item) -> list[str]:
        """The answers shown above a joined question (`Question.joined`): those of the card it
        belongs to, answered before it in the same iteration."""
        if item.question is None or not item.question.joined:
            return []
        items, index = self.position(item)
        if index is None:
            return []
        ctx = self.ctx()
        shown: list[str] = []
        for before in reversed(items[:index]):
            question = before.question
            if question is None or _iteration(before.path) != _iteration(item.path):
                break
            if before.answered:
                value = self.state.values.get(before.path)
                shown.insert(0, f"✓ {short(display(question, value, ctx), 80)}")
            if not question.joined:
                break
        return shown

    def card_follows(self, item: Item, tapped: str) -> bool:
        """Whether ``item`` is a joined question that comes right after the one just tapped,
        in the same iteration: it takes that message's place."""
        if item.question is None or not item.question.joined:
            return False
        items, index = self.position(item)
        if not index:
            return False
        before = items[index - 1]
        return before.path == tapped and _iteration(before.path) == _iteration(item.path)

    def fold_of(self, item: Item) -> FoldAt | None:
        """Where ``item`` also answers a folded "add another?" (``Group.fold``): on its done
        buttons (the iteration's last question, a multi), or as a "that was the last one"
        button on the first question of an iteration nothing of which is answered yet."""
        more = self.folded_more(item)
        if more is not None and more.group is not None and more.group.fold is not None:
            return FoldAt(more.group.fold, "done")
        frame = self.tentative_frame(item)
        if frame is not None and frame.group.fold is not None:
            return FoldAt(frame.group.fold, "start")
        return None

    def tentative_frame(self, item: Item) -> Frame | None:
        """The folded repeat whose next iteration ``item`` opens, while nothing of that
        iteration is answered: the engine opened it instead of asking "add another?"."""
        if item.question is None or item.answered:
            return None
        for frame in reversed(item.chain):
            group = frame.group
            if group.repeat != "ask_more" or group.fold is None or frame.index is None:
                continue
            opened = self.memo.iters.get(frame.path, 0)
            if (
                frame.path not in self.memo.folded
                or frame.index != opened - 1
                or any(k.startswith(frame.prefix) for k in self.state.values)
            ):
                return None
            return frame
        return None

    def end_tentative(self, frame: Frame) -> None:
        """ "That was the last one" on a folded iteration's first question: the iteration is
        dropped and its group closed, as a "no" to "add another?" would."""
        more = next(
            (
                i
                for i in self.all_items()
                if i.kind == "more" and i.path == frame.path and i.index == frame.index
            ),
            None,
        )
        if more is not None:
            self.decide_more(more, False)
        self.memo.selection = []
        self.memo.toggled = False
        self.goto_next()

    def folded_more(self, item: Item) -> Item | None:
        """The "add another?" prompt a multi's done button also answers: the one asked right
        after it, still open, of a group that folds it (``Group.fold``)."""
        if item.question is None or item.question.kind != "multi":
            return None
        items, index = self.position(item)
        if index is None or index + 1 >= len(items):
            return None
        following = items[index + 1]
        if following.kind != "more" or following.answered or following.group is None:
            return None
        return following if following.group.fold is not None else None

    def offers_continue(self, item: Item) -> bool:
        """Whether an answered prompt, reached with /back, offers "continue where you were"
        (the first unanswered prompt). An edit from the menu returns to the menu instead."""
        if not item.answered or self.memo.editing:
            return False
        return self.state.status == "active" or bool(self.memo.scope)

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
            self.say(self.closed_text(), "done")
            return
        screen = self.places.current_screen()
        if screen is not None:
            self.show_screen(screen)
            return
        item = self.current_item()
        if item is None:
            self.goto_next()
            return
        self.show_item(item, revisit=item.answered, keep_selection=keep_selection)

    def revisitable(self, item: Item) -> bool:
        """Whether navigation (/back, the question after a changed answer) stops at ``item``:
        not at an iteration opening by itself, nor at a folded "add another?" or a choice with
        one possible answer, neither of which is ever asked."""
        if item.kind == "open":
            return False
        if item.kind == "more" and item.group is not None and item.group.fold is not None:
            return False
        return self.only_choice(item) is None

    def goto_after(self, pid: str) -> None:
        """After an answer was changed (reached with /back): the prompt right after it, so
        the person can go on correcting in order; its current answer is shown and "continue
        where you were" offered. An unanswered prompt there is asked as usual (goto_next)."""
        items = [i for i in self.nav_items() if i.pid == pid or self.revisitable(i)]
        index = next((n for n, i in enumerate(items) if i.pid == pid), None)
        following = items[index + 1] if index is not None and index + 1 < len(items) else None
        if following is None or not following.answered:
            self.goto_next()
            return
        self.say("changed_next")
        self.show_item(following, revisit=True)

    def goto_next(self, *, announce: bool = True) -> None:
        """Ask the first unanswered prompt of the current mode, or finish that mode.
        ``announce`` False: no note about a repeated part left at its limit (jumping from a
        revisited prompt to where the person was leaves nothing new)."""
        for _ in range(GUARD):
            pending = next((i for i in self.nav_items() if not i.answered), None)
            if pending is not None and (
                pending.kind == "open"
                or (pending.kind == "more" and pending.group and pending.group.fold)
            ):
                # a folded "add another?" is not asked: the next iteration opens, and its
                # first question offers "that was the last one" (fold_of)
                self.memo.iters[pending.path] = pending.index + 1
                if pending.kind == "more" and pending.path not in self.memo.folded:
                    self.memo.folded.append(pending.path)
                continue
            if pending is not None and self.no_options(pending):
                # nothing to choose from (e.g. no personas yet): nothing to ask either
                self.record(pending.path, None)
                continue
            only = self.only_choice(pending) if pending is not None else None
            if pending is not None and only is not None:
                # one possible answer (e.g. the one persona): taken as if tapped, not asked
                self.record(pending.path, only)
                continue
            if announce:
                self.announce_caps(pending)
            if pending is not None:
                introduced = self.step_intro(pending)
                self.show_item(pending, progress_line=not introduced)
                return
            if self.state.status == "active":
                self.finish_first_pass()
                return
            if self.memo.scope:
                self.memo.scope = None
                self.say("menu_added")
                continue
            self.places.return_to_menu()
            return
        self.places.show_menu()  # pragma: no cover - only a pathological flow gets here

    def announce_caps(self, pending: Item | None) -> None:
        """Say so when the interview leaves a repeated part because its limit was reached,
        not because the person said "no more": otherwise what they type next for that part
        lands on the next, different question without a word."""
        left = self.current_item()
        if left is None:
            return
        first_pass = self.state.status == "active"
        notes = []
        for frame in reversed(left.chain):  # the innermost part first
            group = frame.group
            if group.repeat != "ask_more" or frame.path in self.memo.closed:
                continue
            if pending is not None and pending.path.startswith(frame.path + "."):
                continue  # still inside this part
            opened = self.memo.iters.get(frame.path, 0)
            cap = group.max
            if first_pass and group.first_pass_max is not None:
                cap = min(cap, group.first_pass_max)
            if opened < cap:
                continue
            last = group_title(group, self.lang, n=opened)
            key = "cap_first_pass" if cap < group.max and self.flow.menu else "cap_max"
            notes.append(T(key, self.lang, last=last))
        if notes:
            self.messages.append(info("\n".join([*notes, T("cap_next", self.lang)])))

    def no_options(self, item: Item) -> bool:
        question = item.question
        if question is None or question.kind not in ("single", "multi") or question.allow_other:
            return False
        return not choices(question, self.ctx())

    def only_choice(self, item: Item) -> JSONValue | None:
        """The answer a question takes without being asked: a required single choice among
        data (the map's personas, stages...; not the flow file's own options, which are meant
        to be read, and not one that takes a typed answer) that has exactly one option now.
        None when the question is to be asked. Such a question is also passed over by /back
        and after a changed answer: there is nothing to change while it has one option."""
        question = item.question
        if (
            question is None
            or item.kind != "question"
            or question.kind != "single"
            or question.options_from is None
            or not question.required
            or question.allow_other
        ):
            return None
        options = choices(question, self.ctx())
        return stored_value(question, options[0]) if len(options) == 1 else None

    def step_intro(self, item: Item) -> bool:
        """Introduce the step of ``item`` the first time one of its prompts is asked in the
        first pass; whether an intro (with the step line) was shown."""
        number = item.step.number
        if number in self.memo.intros:
            return False
        self.memo.intros.append(number)
        if item.step.intro is None or self.state.status != "active":
            return False
        title = progress(self.flow, item.step, self.ctx())
        self.messages.append(info(f"📍 {title}\n\n{item.step.intro.get(self.lang)}"))
        return True

    def finish_first_pass(self) -> None:
        self.memo.first_pass_done = True
        outro = self.flow.outro.get(self.lang) if self.flow.outro else None
        if self.flow.menu:
            self.signals.append("first_pass_done")
            self.state.status = "menu"
            text = T("first_pass_done", self.lang)
            self.messages.append(info(f"{outro}\n\n{text}" if outro else text))
            self.places.show_menu()
        else:
            self.finish(outro)

    def finish(self, outro: str | None = None) -> None:
        self.state.status = "done"
        self.state.cursor = AtEnd()
        self.memo.ended = "finished"
        self.memo.scope = None
        self.memo.editing = False
        self.signals.append("finished")
        self.messages.append(info(outro or T("finished", self.lang), "done"))

    def can_reopen(self) -> bool:
        """Whether a stopped interview can be picked up again (see `reopen`)."""
        if self.memo.ended == "cancelled":
            return True
        return self.memo.ended == "finished" and bool(self.flow.menu) and self.memo.first_pass_done

    def closed_text(self) -> str:
        """The text key for an input to a stopped interview: how to go on, where one can."""
        if not self.can_reopen():
            return "ended"
        return "ended_cancelled" if self.memo.ended == "cancelled" else "ended_finished"

    def reopen(self) -> bool:
        """Resuming a stopped interview: a cancelled one continues where it stopped, a finished
        one with a menu returns to the menu; a finished one without a menu stays closed."""
        if not self.can_reopen():
            return False
        if self.memo.ended == "cancelled":
            self.state.status = "menu" if self.memo.first_pass_done else "active"
        else:
            self.state.status = "menu"
            self.state.cursor = AtMenu()
        self.memo.ended = None
        return True

    def after_answer(self, item: Item | None = None) -> None:
        """On after ``item`` was answered: an edit from the menu goes back to the menu, a
        changed earlier answer (reached with /back) to the prompt right after it, any other
        answer to the first unanswered prompt."""
        self.memo.selection = []
        self.memo.toggled = False
        if self.memo.editing:
            self.memo.editing = False
            self.say("edit_saved")
        elif item is not None and item.answered:
            self.goto_after(item.pid)
            return
        self.goto_next()

    def answer_question(self, item: Item, result: Result) -> None:
        question = item.question
        if (
            isinstance(result, Ok)
            and question is not None
            and question.fixed_items
            and isinstance(result.value, list)
        ):
            proposed = default_list(question, self.ctx())
            if proposed and len(result.value) != len(proposed):
                count, n = len(result.value), len(proposed)
                self.memo.selection = proposed  # shown again as proposed, to reword only
                self.memo.toggled = False
                result = Err(T("err_list_fixed", self.lang, count=count, n=n))
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
        self.after_answer(item)

    def clear_hidden(self, answered: set[str]) -> None:
        """Answers a changed answer has hidden (its condition no longer holds, e.g. touchpoints
        after "no contact here") are superseded by None: the stored answers stay what the
        user now sees. Answering the branch open again asks them anew."""
        for _ in range(GUARD):  # hiding one answer may hide what depends on it
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
        self.decide_more(item, yes)
        self.after_answer(item)

    def decide_more(self, item: Item, yes: bool) -> None:
        """Record an "add another?" answer: open the next iteration, or close the group (and
        drop the iterations after it when an earlier one is answered "no")."""
        path, index = item.path, item.index
        opened = self.memo.iters.get(path, 0)
        if path in self.memo.folded:
            self.memo.folded.remove(path)
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

    def stale(self) -> None:
        self.say("stale_button", "error")
        self.show_current()

    def set_language(self, lang: Lang) -> None:
        self.memo.overlay = None
        self.state.lang = lang
        self.signals.append("language_changed")
        self.say("language_set")
        self.show_current()


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


def _iteration(path: str) -> str:
    """The group iteration an answer key belongs to (``moments.2``; "" at the top level)."""
    return path.rsplit(".", 1)[0] if "." in path else ""
