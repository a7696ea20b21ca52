"""Prompts as plain messages: progress line, titles, prompt, hints and buttons.

Callback data is ``<prompt id>:<revision>:<value>``: the prompt id is 8 hex characters of a
hash of the prompt's stable name (``q:personas.0.name``), the revision is ``FlowState.rev`` when
the prompt was shown. A press is applied only when both still match the current prompt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from flows.engine.options import (
    Choice,
    Ctx,
    choices,
    display,
    group_title,
    iteration_name,
    typed_values,
)
from flows.engine.parse import default_list
from flows.engine.walk import Frame, Item, digits, question_for_key
from flows.i18n import Lang
from flows.schema import Flow, FlowStep, Fold, Question
from flows.texts import T
from flows.values import Answering, Button, ButtonRole, OutMessage

MAX_TEXT = 4096
KEEP_KEY = "ok"  # typed for "keep this list" where buttons are a list of text (the terminal)
MAX_LABEL = 64
MAX_DATA = 64
ROW_WIDTH = 6


def prompt_id(name: str) -> str:
    """8 hex characters naming a prompt in callback data, stable across revisions."""
    return hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]


def callback(name: str, rev: int, value: str) -> str:
    """A button's callback data ``<prompt id>:<rev>:<value>``, cut to 64 bytes."""
    data = f"{prompt_id(name)}:{rev}:{value}"
    if len(data.encode("utf-8")) > MAX_DATA:
        data = data.encode("utf-8")[:MAX_DATA].decode("utf-8", "ignore")
    return data


@dataclass(frozen=True, slots=True)
class Press:
    """A pressed button's callback data, read back."""

    pid: str
    rev: int
    value: str


def read_callback(data: str) -> Press | None:
    """The parts of a button's callback data; None when it is malformed."""
    parts = data.split(":", 2)
    if len(parts) != 3 or len(parts[0]) != 8 or not digits(parts[1]) or len(parts[1]) > 12:
        return None
    return Press(parts[0], int(parts[1]), parts[2])


def clamp(text: str, limit: int = MAX_TEXT) -> str:
    """Cut a text to Telegram's limit, counted in UTF-16 units as Telegram does."""
    if len(text.encode("utf-16-le")) // 2 <= limit:
        return text
    out = text[: limit - 1]
    while len(out.encode("utf-16-le")) // 2 > limit - 1:
        out = out[:-1]
    return out + "…"


def short(label: str, limit: int = MAX_LABEL) -> str:
    """A label on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(label.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def button(
    label: str, name: str, rev: int, value: str, role: ButtonRole = "option", *, key: str = ""
) -> Button:
    """A button for ``value`` on the prompt ``name`` shown at revision ``rev``; ``key`` is
    what to type for it in a text list, ``role`` what it does besides picking (see `Button`)."""
    return Button(short(label), callback(name, rev, value), key, role)


def progress(flow: Flow, step: FlowStep, ctx: Ctx) -> str:
    """``Step 3 of 5 · Scenarios``; a one-step flow (a short dialog) shows just its title."""
    if len(flow.steps) == 1:
        return step.title.get(ctx.lang)
    return T(
        "progress",
        ctx.lang,
        n=step.number,
        total=len(flow.steps),
        title=step.title.get(ctx.lang),
    )


def frame_title(frame: Frame, ctx: Ctx) -> str | None:
    """The title of one group iteration (``Anna``, ``Event 2``); None if it has none."""
    group = frame.group
    if group.title is None or frame.index is None:
        return None
    item = ""
    if frame.source:
        item = display(None, frame.item, ctx)
        question = question_for_key(ctx.flow, frame.source)
        if question is not None:
            item = display(question, frame.item, ctx)
    if group.repeat == "ask_more" and "{n}" not in group.title.get(ctx.lang):
        return iteration_name(ctx, group, frame.path, frame.index)
    return group_title(group, ctx.lang, n=frame.index + 1, item=item)


def breadcrumb(chain: Sequence[Frame], ctx: Ctx) -> str:
    """The titles of a prompt's enclosing iterations, e.g. ``Scenario 1 › Event 2``."""
    titles = [t for t in (frame_title(f, ctx) for f in chain) if t]
    return " › ".join(short(t, 60) for t in titles)


def _head(item: Item, ctx: Ctx, *, progress_line: bool) -> list[str]:
    lines = [progress(ctx.flow, item.step, ctx)] if progress_line else []
    crumb = breadcrumb(item.chain, ctx)
    if crumb:
        lines.append(crumb)
    if lines:
        lines.append("")
    return lines


def _rows(buttons: list[Button], width: int) -> list[tuple[Button, ...]]:
    return [tuple(buttons[i : i + width]) for i in range(0, len(buttons), width)]


@dataclass(frozen=True, slots=True)
class FoldAt:
    """A folded "add another?" (`Fold`) and where it rides: on a multi's done buttons
    (``"done"``) or as a "that was the last one" button on an iteration's first question
    (``"start"``)."""

    fold: Fold
    at: Literal["done", "start"]


def answering(question: Question, options: Sequence[Choice], lang: Lang) -> Answering | None:
    """How ``question`` is answered, for the transport to word (None: just type it)."""
    kind = question.kind
    if kind == "single" and typed_values(question) and options:
        values = [int(c.value) for c in options if c.value.lstrip("-").isdigit()]
        return Answering("scale", lang, low=min(values), high=max(values))
    if kind == "single":
        return Answering("choice_or_own" if question.allow_other else "choice", lang)
    if kind == "multi":
        most = question.max_items if question.max_items < len(options) else 0
        return Answering("choices", lang, most=most, own=question.allow_other)
    if kind == "scale" and question.scale is not None:
        return Answering("scale", lang, low=question.scale.min, high=question.scale.max)
    if kind == "yesno":
        return Answering("yesno", lang)
    if kind == "list":
        return Answering("list", lang, most=question.max_items if question.max_items < 50 else 0)
    return Answering("lines", lang) if question.multiline else None


def render_item(
    item: Item,
    ctx: Ctx,
    rev: int,
    *,
    selection: Sequence[str] = (),
    revisit: bool = False,
    resume: bool = False,
    fold: FoldAt | None = None,
    editing: bool = False,
    progress_line: bool = True,
    above: Sequence[str] = (),
) -> OutMessage:
    """The message for one prompt; ``revisit`` adds the current answer (back, edit),
    ``resume`` the "continue where you were" button (a prompt reached with /back), ``fold``
    the buttons of a folded "add another?", ``editing`` the way back to the edit menu (an
    answer chosen there). ``progress_line`` False leaves out the step line (the step's intro
    just showed it). ``above``: what a card (`Question.joined`) has chosen so far."""
    lang = ctx.lang
    lines = _head(item, ctx, progress_line=progress_line)
    if above:
        lines += [*above, ""]
    rows: list[tuple[Button, ...]] = []
    name = item.pid
    if item.kind != "question" or item.question is None:
        group = item.group
        lines.append(group.more_prompt.get(lang) if group and group.more_prompt else "?")
        if revisit and item.answered:
            said_yes = item.index < ctx.memo.iters.get(item.path, 0)
            lines += ["", T("current_answer", lang, value=T("yes" if said_yes else "no", lang))]
        rows.append((button(T("yes", lang), name, rev, "y"), button(T("no", lang), name, rev, "n")))
        if resume:
            lines.append(T("continue_hint", lang))
            rows.append((button(T("continue_button", lang), name, rev, "_continue", "continue"),))
        return OutMessage(
            clamp("\n".join(lines)), tuple(rows), "question", answering=Answering("yesno", lang)
        )

    question = item.question
    lines.append(question.prompt.get(lang))
    if question.hint is not None:
        lines.append(question.hint.get(lang))
    kind = question.kind
    options: list[Choice] = choices(question, ctx) if kind != "text" and kind != "list" else []
    if kind == "single":
        keyed = typed_values(question)
        rows += [
            (button(c.label, name, rev, c.value, key=c.value if keyed else ""),) for c in options
        ]
    elif kind == "multi":
        picked = set(selection)
        rows += [
            (button(("✅ " if c.value in picked else "") + c.label, name, rev, c.value),)
            for c in options
        ]
        if fold is None or fold.at != "done":
            rows.append((button(T("done_button", lang), name, rev, "_done", "done"),))
        else:
            rows.append(
                (
                    button(f"{fold.fold.next.get(lang)} ➡", name, rev, "_next", "done"),
                    button(f"{fold.fold.last.get(lang)} 🏁", name, rev, "_last", "done"),
                )
            )
    elif kind == "scale":
        buttons = [button(c.label, name, rev, c.value, key=c.value) for c in options]
        labelled = any(len(c.label) > 4 for c in options)
        rows += _rows(buttons, 1 if labelled else ROW_WIDTH)
    elif kind == "yesno":
        rows.append(tuple(button(c.label, name, rev, c.value) for c in options))
    elif kind == "list" and selection:
        # the working list (proposal, earlier answer or edited), numbered for typed edits
        unchanged = not item.answered and list(selection) == default_list(question, ctx)
        lines += ["", T("list_proposal" if unchanged else "list_now", lang)]
        lines += [f"{n}. {short(entry, 80)}" for n, entry in enumerate(selection, 1)]
        lines += ["", T("hint_list_edit", lang, n=min(3, len(selection)))]
        keep = T("keep_list_button", lang)
        rows.append((button(keep, name, rev, "_keep", key=KEEP_KEY),))
    if revisit and item.answered and not (kind == "list" and selection):
        value = ctx.values.get(item.path)
        lines += ["", T("current_answer", lang, value=short(display(question, value, ctx), 600))]
    if not question.required:
        lines.append(T("hint_optional", lang))
        if fold is None or fold.at != "done":  # a folded multi is left empty with its done
            rows.append((button(T("skip_button", lang), name, rev, "_skip", "skip"),))
    if fold is not None and fold.at == "start":
        rows.append((button(f"{fold.fold.last.get(lang)} 🏁", name, rev, "_last", "last"),))
    if resume:
        lines.append(T("continue_hint", lang))
        rows.append((button(T("continue_button", lang), name, rev, "_continue", "continue"),))
    elif editing:  # "_continue" while editing returns to the edit menu, answer unchanged
        lines.append(T("edit_hint", lang))
        rows.append((button(T("edit_keep_button", lang), name, rev, "_continue", "continue"),))
    how = answering(question, options, lang)
    if fold is not None and fold.at == "start":
        how = replace(how or Answering("text", lang), last=fold.fold.last.get(lang))
    return OutMessage(clamp("\n".join(lines)), tuple(rows), "question", answering=how)


def info(text: str, kind: str = "info") -> OutMessage:
    """A plain message of ``kind`` (info, error, done), cut to Telegram's limit."""
    if kind == "error":
        return OutMessage(clamp(text), kind="error")
    if kind == "done":
        return OutMessage(clamp(text), kind="done")
    return OutMessage(clamp(text))
