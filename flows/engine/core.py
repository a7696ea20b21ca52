"""One interview turn: an input against the current prompt, the next state and replies.

`Run` adds input handling (typed answers, button presses, commands, non-text content) on top of
the shared moves (`flows.engine.draft`) and the menu (`flows.engine.menu`). Every public entry
point builds one, lets it act, and returns ``run.step()``. Nothing here raises on user input:
`advance` and `resume` turn any unexpected exception into a polite re-show of where the user
is, with the ``"error"`` signal and the exception in ``Step.error`` for the caller to log.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from flows.engine.menu import MenuDraft
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
# ``verder`` of ``continue``).
ENGINE_COMMANDS = frozenset(
    {"back", "skip", "status", "help", "cancel", "continue", "verder", "language", "lang", "taal"}
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


class Run(MenuDraft):
    """One input: commands, typed text, button presses, non-text content."""

    def on_text(self, item: Item, text: str) -> None:
        question = item.question
        if question is None:
            answer = yes_no(text)
            if answer is None:
                self.say("err_yesno", "error")
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
        if value == "_continue":
            self.go_on()
            return
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
            item,
            ctx,
            self.state.rev,
            selection=self.memo.selection,
            revisit=item.answered,
            resume=self.offers_continue(item),
        )
        self.messages.append(replace(message, replace=True))

    def command(self, name: str, args: str) -> None:
        name = name.strip().lstrip("/").split("@", 1)[0].casefold()
        self.memo.overlay = None
        handlers = {
            "back": self.back,
            "skip": self.skip,
            "status": self.status,
            "help": self.help,
            "cancel": self.cancel,
            "continue": self.go_on,
            "verder": self.go_on,
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

    def go_on(self) -> None:
        """Continue where you were (/continue, /verder, the button): from a prompt revisited
        with /back to the first unanswered one (the furthest point); in the menu, the menu."""
        if self.state.status == "menu" and (self.memo.editing or self.current_item() is None):
            self.show_menu()
            return
        self.memo.selection = []
        self.memo.toggled = False
        self.goto_next(announce=False)

    def skip(self) -> None:
        item = self.current_item() if self.current_screen() is None else None
        if item is None:
            self.say("skip_not_here", "error")
            self.show_current()
            return
        if item.question is None:
            self.say("err_yesno", "error")
            self.show_current()
        elif item.question.required:
            typed = item.question.kind in ("text", "list")
            self.say("skip_required" if typed else "skip_required_choice", "error")
            self.show_current()
        else:
            self.record(item.path, None)
            self.after_answer(item)

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

    def handle(self, inbound: Inbound) -> None:
        if self.state.status == "done":
            self.say("ended", "done")
            return
        typed = _TYPED_COMMAND.match(inbound.text) if inbound.kind == "text" else None
        if typed is not None:  # a transport that passed "/back" on as text
            self.command(typed["name"], typed["args"] or "")
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
            self.say("expect_choice", "error")
            self.show_current()
        else:
            self.on_screen_choice(screen, choice.value)

    def unsupported(self, content: str, item: Item | None) -> None:
        question = item.question if item else None
        if item is None:
            expected = T("expect_choice", self.lang)
        elif question is not None and question.kind in ("text", "list"):
            expected = T("expect_text", self.lang)
        else:
            expected = T("expect_choice", self.lang)
        name = content_name(content.strip().casefold(), self.lang)
        self.say("err_unsupported", "error", content=name, expected=expected)
        self.show_current()


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
        lang=lang if lang in LANGS else "nl",
        context=dict(context or {}),
    )
    run = Run(flow, state)
    run.memo.started = now.isoformat()
    intro = flow.intro.get(run.lang) if flow.intro else None
    title = flow.title.get(run.lang)
    if intro or len(flow.steps) > 1:
        # a short dialog (one step, no intro) needs no title of its own: its step's title
        # heads its question
        run.messages.append(info(f"{title}\n\n{intro}" if intro else title))
    run.goto_next()
    return run.step()


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
        lang=lang if lang in LANGS else "nl",
        context=dict(context or {}),
    )
    run = Run(flow, state)
    run.memo.started = now.isoformat()
    run.memo.first_pass_done = True
    run.messages.append(info(flow.title.get(run.lang)))
    run.show_menu()
    return run.step()


def advance(flow: Flow, state: FlowState, inbound: Inbound, now: datetime) -> Step:
    """Apply one input. Never raises: an internal error re-shows where the user is."""
    del now  # the engine keeps no clock; kept in the signature for callers and future use
    run = Run(flow, state)
    try:
        run.handle(inbound)
        return run.step()
    except Exception as error:  # a bug must not break a user's chat; tests assert it never happens
        return _recover(flow, state, error)


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
    except Exception as error:
        return _recover(flow, state, error)


def _recover(flow: Flow, state: FlowState, error: Exception) -> Step:
    """The apology after a bug, from the state as it was before the failed turn; the step
    carries the ``"error"`` signal and the exception so the caller can log it."""
    run = Run(flow, state)
    run.say("internal_error", "error")
    run.signals.append("error")
    try:
        run.memo.overlay = None
        run.show_current(keep_selection=False)
    except Exception as again:  # chained to ``error`` by Python (raised while handling it)
        run.state.status = "menu" if run.memo.first_pass_done else run.state.status
        error = again
    return replace(run.step(), error=error)


__all__ = ["advance", "resume", "start", "start_in_menu"]
