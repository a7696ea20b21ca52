"""One interview turn: an input against the current prompt, the next state and replies.

`Run` handles the input (typed answers, button presses, commands, non-text content) with two
parts: the turn's `Draft` (state, answers, messages and the moves every input shares,
`flows.engine.draft`) and the `Menu` (`flows.engine.menu`, with the edit menu). Every public entry
point builds one, lets it act, and returns ``run.step()``. Nothing here raises on user input:
`advance` and `resume` turn any unexpected exception into a polite re-show of where the user
is, with the ``"error"`` signal and the exception in ``Step.error`` for the caller to log.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from flows.engine.draft import Draft
from flows.engine.list_edit import Edited, read_list_answer
from flows.engine.menu import Menu
from flows.engine.options import (
    choices,
    stored_value,
)
from flows.engine.parse import (
    Ok,
    default_list,
    echo,
    match_choice,
    parse_multi_text,
    parse_text,
    yes_no,
)
from flows.engine.render import (
    breadcrumb,
    info,
    progress,
    prompt_id,
    read_callback,
    render_item,
    short,
)
from flows.engine.screens import Screen
from flows.engine.walk import Item
from flows.i18n import LANGS, Lang
from flows.schema import Flow
from flows.texts import T, content_name
from flows.values import (
    FlowState,
    Inbound,
    JSONValue,
    Step,
)

_TYPED_COMMAND = re.compile(
    r"^\s*/(?P<name>[A-Za-z_]{1,32})(?:@\w+)?(?:\s+(?P<args>.*))?\s*$", re.S
)
# The commands the engine handles itself (``lang`` and ``taal`` are aliases of ``language``,
# ``verder`` of ``continue``, ``klaar`` of ``done``).
ENGINE_COMMANDS = frozenset(
    {
        "back",
        "skip",
        "status",
        "help",
        "cancel",
        "continue",
        "verder",
        "done",
        "klaar",
        "language",
        "lang",
        "taal",
    }
)
# The chat layer's other commands (bot.chat.routing.COMMANDS without ``status`` and
# ``language``, which it passes on to the engine). One reaches the engine only where the chat
# layer does not act on it, e.g. inside an invite dialog: the user hears "/report is not
# available here" instead of "I don't know /report".
CALLER_COMMANDS = frozenset(
    {
        "start",
        "new",
        "maps",
        "report",
        "invite",
        "invites",
        "remind",
        "forget",
        "export",
        "deletemap",
        "stop",
        "notify",
        "timezone",
    }
)
_LANG_WORDS: dict[str, Lang] = {
    "nl": "nl",
    "nederlands": "nl",
    "dutch": "nl",
    "en": "en",
    "english": "en",
    "engels": "en",
}


class Run:
    """One input: commands, typed text, button presses, non-text content. The turn's data
    and shared moves are its `Draft`; the menu screens its `Menu` (also the draft's places)."""

    def __init__(self, flow: Flow, state: FlowState) -> None:
        self.draft = Draft(flow, state)
        self.menu = Menu(self.draft)
        self.draft.places = self.menu

    def step(self) -> Step:
        return self.draft.step()

    def on_text(self, item: Item, text: str) -> None:
        question = item.question
        if question is None:
            answer = yes_no(text)
            if answer is None:
                self.draft.say("err_yesno", "error")
                self.draft.show_item(item, revisit=item.answered, keep_selection=True)
            else:
                self.draft.answer_more(item, answer)
            return
        ctx = self.draft.ctx()
        if question.kind == "multi":
            # typed choices add to buttons tapped now, but replace a preselected old answer
            toggled = self.draft.memo.selection if self.draft.memo.toggled else []
            result = parse_multi_text(question, text, ctx, toggled)
        elif question.kind == "list" and self.draft.memo.selection:
            keep = T("keep_list_button", self.draft.lang)
            read = read_list_answer(question, text, ctx, self.draft.memo.selection, keep)
            if isinstance(read, Edited):
                self.draft.memo.selection = read.items
                self.draft.memo.toggled = True
                self.draft.messages.append(info("✔ " + " ".join(read.changes)))
                self.draft.show_item(item, revisit=item.answered, keep_selection=True)
                return
            result = read
        else:
            result = parse_text(question, text, ctx)
        self.draft.answer_question(item, result)

    def on_button(self, item: Item, value: str) -> None:
        if value == "_continue":
            self.go_on()
            return
        if value == "_last" and (frame := self.draft.tentative_frame(item)) is not None:
            self.draft.end_tentative(frame)
            return
        question = item.question
        if question is None:
            if value in ("y", "n"):
                self.draft.answer_more(item, value == "y")
            else:
                self.draft.stale()
            return
        if value == "_skip":
            self.skip()
            return
        ctx = self.draft.ctx()
        kind = question.kind
        if kind == "multi":
            self.on_toggle(item, value)
            return
        if kind == "list" and value == "_keep":
            shown = self.draft.memo.selection or default_list(question, ctx)
            if shown:
                self.draft.answer_question(item, Ok(list(shown)))
                return
        if kind == "yesno" and value in ("y", "n"):
            self.draft.tapped = item.path
            self.draft.answer_question(item, Ok(value == "y"))
            return
        if kind in ("single", "scale"):
            choice = next((c for c in choices(question, ctx) if c.value == value), None)
            if choice is not None:
                self.draft.tapped = item.path
                self.draft.answer_question(item, Ok(stored_value(question, choice)))
                return
        self.draft.stale()

    def on_toggle(self, item: Item, value: str) -> None:
        question = item.question
        assert question is not None
        ctx = self.draft.ctx()
        options = choices(question, ctx)
        if value in ("_done", "_next", "_last"):
            picked = [c for c in options if c.value in self.draft.memo.selection]
            if not picked and question.required:
                self.draft.say("err_none_chosen", "error")
                self.draft.show_item(item, revisit=item.answered, keep_selection=True)
                return
            more = self.draft.folded_more(item) if value != "_done" else None
            if more is not None:  # the folded "add another?", decided before moving on
                self.draft.decide_more(more, value == "_next")
            self.draft.tapped = item.path
            self.draft.answer_question(item, Ok([stored_value(question, c) for c in picked]))
            return
        if not any(c.value == value for c in options):
            self.draft.stale()
            return
        self.draft.memo.toggled = True
        if value in self.draft.memo.selection:
            self.draft.memo.selection.remove(value)
        elif len(self.draft.memo.selection) >= question.max_items:
            self.draft.say(
                "err_too_many", "error", max=question.max_items, count=question.max_items + 1
            )
            self.draft.show_item(item, revisit=item.answered, keep_selection=True)
            return
        else:
            self.draft.memo.selection.append(value)
        message = render_item(
            item,
            ctx,
            self.draft.state.rev,
            selection=self.draft.memo.selection,
            revisit=item.answered,
            resume=self.draft.offers_continue(item),
            fold=self.draft.fold_of(item),
            editing=self.draft.memo.editing,
            above=self.draft.card_so_far(item),
        )
        self.draft.messages.append(replace(message, replace=True))

    def command(self, name: str, args: str) -> None:
        name = name.strip().lstrip("/").split("@", 1)[0].casefold()
        self.draft.memo.overlay = None
        handlers = {
            "back": self.back,
            "skip": self.skip,
            "status": self.status,
            "help": self.help,
            "cancel": self.cancel,
            "continue": self.go_on,
            "verder": self.go_on,
            "done": self.last_one,
            "klaar": self.last_one,
        }
        if name in handlers:
            handlers[name]()
        elif name in ("language", "lang", "taal"):
            self.language(args)
        elif name in CALLER_COMMANDS:
            self.draft.say("command_not_here", "error", command=echo(name, 32))
            self.draft.show_current()
        else:
            self.draft.say("unknown_command", "error", command=echo(name, 32) or "?")
            self.draft.show_current()

    def in_menu_screens(self) -> bool:
        """In the menu: on one of its screens, or on the question of an edit chosen there."""
        draft = self.draft
        return draft.state.status == "menu" and (draft.memo.editing or draft.current_item() is None)

    def back(self) -> None:
        if self.in_menu_screens():
            self.menu.back()
            return
        items = self.draft.nav_items()
        current = self.draft.current_item()
        index = next(
            (n for n, i in enumerate(items) if current and i.pid == current.pid), len(items)
        )
        previous = next(
            (i for i in reversed(items[:index]) if i.answered and self.draft.revisitable(i)),
            None,
        )
        if previous is None and self.draft.memo.scope:
            self.menu.leave_addition()  # what came before an addition is the menu
            return
        if previous is None:
            self.draft.say("first_question")
            self.draft.show_current()
            return
        self.draft.show_item(previous, revisit=True)

    def go_on(self) -> None:
        """Continue where you were (/continue, /verder, the button): from a prompt revisited
        with /back to the first unanswered one (the furthest point); in the menu, the menu."""
        if self.in_menu_screens():
            self.menu.return_to_menu()
            return
        self.draft.memo.selection = []
        self.draft.memo.toggled = False
        self.draft.goto_next(announce=False)

    def last_one(self) -> None:
        """/done (/klaar): "that was the last one" where a folded repeat offers it, the command
        form of that button for a transport without buttons."""
        item = self.draft.current_item() if self.menu.current_screen() is None else None
        frame = self.draft.tentative_frame(item) if item is not None else None
        if frame is None:
            self.draft.say("done_not_here", "error")
            self.draft.show_current()
            return
        self.draft.end_tentative(frame)

    def skip(self) -> None:
        item = self.draft.current_item() if self.menu.current_screen() is None else None
        if item is None:
            self.draft.say("skip_not_here", "error")
            self.draft.show_current()
            return
        if item.question is None:
            self.draft.say("err_yesno", "error")
            self.draft.show_current()
        elif item.question.required:
            typed = item.question.kind in ("text", "list")
            self.draft.say("skip_required" if typed else "skip_required_choice", "error")
            self.draft.show_current()
        else:
            self.draft.record(item.path, None)
            self.draft.after_answer(item)

    def status(self) -> None:
        answered = len(self.draft.answered_questions())
        item = self.draft.current_item() if self.menu.current_screen() is None else None
        if item is None or (item.question is None and item.group is None):
            self.draft.say("status_menu", answered=answered)
        else:
            ctx = self.draft.ctx()
            where = progress(self.draft.flow, item.step, ctx)
            crumb = breadcrumb(item.chain, ctx)
            if crumb:
                where = f"{where} › {crumb}"
            if item.question is not None:
                prompt = item.question.prompt.get(self.draft.lang)
            elif item.group is not None and item.group.more_prompt is not None:
                prompt = item.group.more_prompt.get(self.draft.lang)
            else:
                prompt = ""
            first_line = prompt.strip().splitlines()[0] if prompt.strip() else ""
            self.draft.say(
                "status", where=where, question=short(first_line, 200), answered=answered
            )
        self.draft.show_current()

    def help(self) -> None:
        in_menu = self.draft.state.status == "menu" and self.draft.current_item() is None
        self.draft.say("help_menu" if in_menu else "help_question")
        self.draft.show_current()

    def cancel(self) -> None:
        self.draft.memo.overlay = "cancel"
        self.draft.show_current()

    def language(self, args: str) -> None:
        chosen = _LANG_WORDS.get(args.strip().casefold())
        if chosen is None:
            self.draft.memo.overlay = "language"
            self.draft.show_current()
            return
        self.draft.set_language(chosen)

    def when_closed(self, inbound: Inbound) -> None:
        """An input to a stopped or finished interview: /continue reopens one that can be
        reopened, /help and anything else say how to go on."""
        typed = _TYPED_COMMAND.match(inbound.text) if inbound.kind == "text" else None
        name, args = (typed["name"], typed["args"] or "") if typed else ("", "")
        if inbound.kind == "command":
            name, args = inbound.command, inbound.args
        name = name.strip().lstrip("/").split("@", 1)[0].casefold()
        if name in ("continue", "verder") and self.draft.reopen():
            self.draft.memo.overlay = None
            self.draft.show_current(keep_selection=False)
        elif name in ("language", "lang", "taal") and args.strip().casefold() in _LANG_WORDS:
            self.draft.set_language(_LANG_WORDS[args.strip().casefold()])
        elif name == "help" and self.draft.can_reopen():
            self.draft.say("help_closed", "done")
        else:
            self.draft.show_current()

    def handle(self, inbound: Inbound) -> None:
        if self.draft.state.status == "done":
            self.when_closed(inbound)
            return
        typed = _TYPED_COMMAND.match(inbound.text) if inbound.kind == "text" else None
        if typed is not None:  # a transport that passed "/back" on as text
            self.command(typed["name"], typed["args"] or "")
            return
        if inbound.kind == "command":
            self.command(inbound.command, inbound.args)
            return
        screen = self.menu.current_screen()
        item = None if screen is not None else self.draft.current_item()
        if screen is None and item is None:
            self.draft.goto_next()  # the cursor is gone (flow changed, fresh state): find our place
            return
        if inbound.kind == "button":
            press = read_callback(inbound.data)
            if (
                press is None
                or press.rev != self.draft.state.rev
                or press.pid != prompt_id(screen.name if screen else item.pid if item else "")
            ):
                self.draft.stale()
            elif screen is not None:
                if screen.find(press.value) is None:
                    self.draft.stale()
                else:
                    self.menu.on_screen_choice(screen, press.value)
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
                self.menu.on_screen_choice(screen, "y" if answer else "n")
                return
        if screen.name == "language":
            chosen = _LANG_WORDS.get(text.strip().casefold())
            if chosen is not None:
                self.draft.set_language(chosen)
                return
        if screen.name in ("cancel", "language"):
            # not an answer to the overlay: drop it and treat the text as usual
            self.draft.memo.overlay = None
            self.handle(Inbound(kind="text", text=text))
            return
        choice = match_choice(text, screen.flat())
        if choice is None:
            self.draft.say("expect_choice", "error")
            self.draft.show_current()
        else:
            self.menu.on_screen_choice(screen, choice.value)

    def unsupported(self, content: str, item: Item | None) -> None:
        question = item.question if item else None
        if item is None:
            expected = T("expect_choice", self.draft.lang)
        elif question is not None and question.kind in ("text", "list"):
            expected = T("expect_text", self.draft.lang)
        else:
            expected = T("expect_choice", self.draft.lang)
        name = content_name(content.strip().casefold(), self.draft.lang)
        self.draft.say("err_unsupported", "error", content=name, expected=expected)
        self.draft.show_current()


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
    run.draft.memo.started = now.isoformat()
    intro = flow.intro.get(run.draft.lang) if flow.intro else None
    title = flow.title.get(run.draft.lang)
    if intro or len(flow.steps) > 1:
        # a short dialog (one step, no intro) needs no title of its own: its step's title
        # heads its question
        run.draft.messages.append(info(f"{title}\n\n{intro}" if intro else title))
    run.draft.goto_next()
    return run.draft.step()


def start_in_menu(
    flow: Flow,
    *,
    lang: Lang,
    now: datetime,
    context: Mapping[str, JSONValue] | None = None,
) -> Step:
    """Join a map someone else began (a co-owner): no first pass, straight to the menu, where
    personas, scenarios, events and ideas are added. A flow without a menu starts as usual."""
    if not flow.menu:
        return start(flow, lang=lang, now=now, context=context)
    state = FlowState(
        flow_id=flow.id,
        flow_version=flow.version,
        lang=lang if lang in LANGS else "nl",
        context=dict(context or {}),
    )
    run = Run(flow, state)
    run.draft.memo.started = now.isoformat()
    run.draft.memo.first_pass_done = True
    run.draft.messages.append(info(flow.title.get(run.draft.lang)))
    run.menu.show_menu()
    return run.draft.step()


def advance(flow: Flow, state: FlowState, inbound: Inbound, now: datetime) -> Step:
    """Apply one input. Never raises: an internal error re-shows where the user is."""
    del now  # the engine keeps no clock; kept in the signature for callers and future use
    run = Run(flow, state)
    try:
        run.handle(inbound)
        return run.draft.step()
    except Exception as error:  # a bug must not break a user's chat; tests assert it never happens
        return _recover(flow, state, error)


def resume(flow: Flow, state: FlowState) -> Step:
    """Re-show where the user is (after /start or a restart); old buttons become stale."""
    run = Run(flow, state)
    try:
        if run.draft.state.status == "done" and not run.draft.reopen():
            run.draft.show_current()  # how it ended, and how to go on
            return run.draft.step()
        # no greeting of our own: the caller knows why it resumes (/start, a switched map,
        # after a report) and says so itself
        run.draft.memo.overlay = None
        run.draft.show_current(keep_selection=False)
        return run.draft.step()
    except Exception as error:
        return _recover(flow, state, error)


def _recover(flow: Flow, state: FlowState, error: Exception) -> Step:
    """The apology after a bug, from the state as it was before the failed turn; the step
    carries the ``"error"`` signal and the exception so the caller can log it."""
    run = Run(flow, state)
    run.draft.say("internal_error", "error")
    run.draft.signals.append("error")
    try:
        run.draft.memo.overlay = None
        run.draft.show_current(keep_selection=False)
    except Exception as again:  # chained to ``error`` by Python (raised while handling it)
        run.draft.state.status = (
            "menu" if run.draft.memo.first_pass_done else run.draft.state.status
        )
        error = again
    return replace(run.draft.step(), error=error)


__all__ = ["advance", "resume", "start", "start_in_menu"]
