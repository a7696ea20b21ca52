"""Choice lists: from the flow file or from data (stages, channels, personas, ...), and how a
stored value reads back as text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from flows.engine.memo import Memo
from flows.engine.walk import digits, find_group
from flows.i18n import I18n, Lang
from flows.projection import proposed_stages
from flows.schema import Flow, Group, Question
from flows.texts import T
from flows.values import JSONValue
from flows.vocabulary import (
    CHANNELS,
    DECISION_ROLES,
    EFFORT,
    EMOTIONS,
    IMPACT,
    LEVELS,
    customer_stage_text,
)


@dataclass(frozen=True, slots=True)
class Choice:
    """One option as shown: the value a button carries and its label."""

    value: str  # what a button carries; ints are stored for emotions/levels/scales
    label: str


@dataclass(frozen=True, slots=True)
class Ctx:
    """What option sources need: the flow, answers, engine memo, caller context, language."""

    flow: Flow
    values: Mapping[str, JSONValue]
    memo: Memo
    context: Mapping[str, JSONValue]
    lang: Lang


def _entries(ctx: Ctx, name: str) -> list[tuple[str, Mapping[str, JSONValue]]]:
    """The well-formed entries the caller passed in ``context[name]`` (each with a key and a
    name), by their key as an option value carries it."""
    given = ctx.context.get(name)
    if not isinstance(given, list):
        return []
    return [
        (str(entry["key"])[:24], entry)
        for entry in given
        if isinstance(entry, Mapping) and entry.get("key") not in (None, "") and entry.get("name")
    ]


def context_entries(ctx: Ctx, name: str) -> list[Choice]:
    """Options the caller passed in ``context[name]`` as ``[{"key": ..., "name": ...}]``;
    malformed entries are left out."""
    return [Choice(key, str(entry["name"])) for key, entry in _entries(ctx, name)]


def stages(ctx: Ctx) -> list[Choice]:
    """The map's stages: from the caller's context, else the flow's ``stages`` answer, else
    those proposed for the journey type answered so far."""
    given = context_entries(ctx, "stages")
    if given:
        return given
    # the same keys the projection derives, so event stages point at the map's stages
    return [Choice(stage.key, stage.name) for stage in proposed_stages(ctx.values, ctx.lang)]


def customer_stages(ctx: Ctx) -> list[Choice]:
    """The map's stages as a customer recognises them: the owner's wording for this map
    (``description`` in the context's stage entries), else the customer-facing text of a known
    stage, addressing them as "u" when the ``address`` answered in this flow (the invite
    dialog asks it) or else the context's says so."""
    formal = ctx.values.get("address", ctx.context.get("address")) == "u"
    worded = {
        key: str(entry["description"])
        for key, entry in _entries(ctx, "stages")
        if isinstance(entry.get("description"), str)
    }
    return [
        Choice(
            c.value,
            worded.get(c.value) or customer_stage_text(c.value, c.label, ctx.lang, formal=formal),
        )
        for c in stages(ctx)
    ]


def stage_names(ctx: Ctx) -> list[str]:
    """The labels of the map's stages, for parsing typed stage names."""
    return [c.label for c in stages(ctx)]


def emotion_label(score: int, lang: Lang) -> str:
    """An emotion score as face, signed number and label; an unknown score as a number."""
    for value, face, label in EMOTIONS:
        if value == score:
            return (
                f"{face} {value:+d} {label.get(lang)}" if value else f"{face} 0 {label.get(lang)}"
            )
    return str(score)


def group_entries(ctx: Ctx, key: str) -> list[Choice]:
    """Iterations of a top-level group (personas, scenarios), named by their first text answer."""
    group = next(
        (n for s in ctx.flow.steps for n in s.nodes if n.key == key and isinstance(n, Group)),
        None,
    )
    if group is None:
        return []
    # a damaged memo must not conjure more iterations than the group allows
    count = min(ctx.memo.iters.get(key, 0), group.max) if group.repeat == "ask_more" else 0
    if group.repeat != "ask_more":
        prefix = f"{key}."
        indexes = {
            int(k.split(".")[1])
            for k in ctx.values
            if k.startswith(prefix) and digits(k.split(".")[1])
        }
        count = max(indexes) + 1 if indexes else 0
    return [Choice(str(i), iteration_name(ctx, group, key, i)) for i in range(count)]


# Telegram shows at most 100 buttons on a message; a choice among events keeps room for its
# done and skip buttons.
MAX_EVENT_CHOICES = 90


def event_entries(ctx: Ctx) -> list[Choice]:
    """The events of the current scenarios (not the desired one), as ``"<scenario>-<event>"``
    indexes named by their titles; numbered by scenario when there are several. At most
    `MAX_EVENT_CHOICES`, the earliest scenarios first (a map that large is edited per event)."""
    groups = find_group(ctx.flow, "scenarios.events")
    if groups is None:
        return []
    scenarios, events = groups
    # only the iterations the walk itself opens (up to each group's max): a damaged memo must
    # not conjure more
    current = [
        i
        for i in range(min(ctx.memo.iters.get("scenarios", 0), scenarios.max))
        if ctx.values.get(f"scenarios.{i}.kind") != "desired"
    ]
    out: list[Choice] = []
    for i in current:
        for j in range(min(ctx.memo.iters.get(f"scenarios.{i}.events", 0), events.max)):
            if len(out) >= MAX_EVENT_CHOICES:
                return out
            title = ctx.values.get(f"scenarios.{i}.events.{j}.title")
            if not isinstance(title, str) or not title.strip():
                continue
            label = title.strip() if len(current) == 1 else f"{i + 1}. {title.strip()}"
            out.append(Choice(f"{i}-{j}", label))
    return out


def iteration_name(ctx: Ctx, group: Group, path: str, index: int) -> str:
    """``Anna`` for ``personas.0`` (its name answer), else the group title with ``{n}``."""
    preferred = [c.key for c in group.children if c.key in ("name", "title")]
    texts = [c.key for c in group.children if isinstance(c, Question) and c.kind == "text"]
    for child in [*preferred, *texts]:
        value = ctx.values.get(f"{path}.{index}.{child}")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return group_title(group, ctx.lang, n=index + 1)


def group_title(group: Group, lang: Lang, *, n: int | None = None, item: str = "") -> str:
    """A group's title for iteration ``n`` (and ``item``), or a generic one for menus."""
    if group.title is None:
        return f"{group.key} {n}" if n is not None else group.key
    raw = group.title.get(lang)
    if n is None:
        # a generic name for menus: drop the placeholders ("Event {n}" -> "Event")
        return re.sub(r"\{\w+\}", "", raw).strip(" :·-#()") or group.key
    try:
        return raw.format(n=n, item=item)
    except (KeyError, IndexError, ValueError):
        return raw


def in_sentence(title: str) -> str:
    """A generic group title inside a sentence: ``Scenario`` reads ``scenario`` (an acronym
    such as ``FAQ`` stays as it is)."""
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        return title[0].lower() + title[1:]
    return title


def choices(question: Question, ctx: Ctx) -> list[Choice]:
    """The options of a single/multi/scale/yesno question, in display order."""
    lang = ctx.lang
    if question.kind == "yesno":
        return [Choice("y", T("yes", lang)), Choice("n", T("no", lang))]
    if question.kind == "scale" and question.scale is not None:
        scale = question.scale
        out = []
        for i, point in enumerate(range(scale.min, scale.max + 1)):
            if scale.labels:
                label = f"{point} · {scale.labels[i].get(lang)}"
            elif question.options_from == "emotions":
                label = emotion_label(point, lang)
            elif question.options_from in _SCALE_WORDS:
                label = _numbered(point, _SCALE_WORDS[question.options_from], lang)
            else:
                label = str(point)
            out.append(Choice(str(point), label))
        return out
    if question.options:
        return [Choice(o.value, o.label.get(lang)) for o in question.options]
    source = question.options_from
    if source == "stages":
        return stages(ctx)
    if source == "customer_stages":
        return customer_stages(ctx)
    if source == "channels":
        return [Choice(k, label.get(lang)) for k, label in CHANNELS]
    if source == "roles":
        return [Choice(k, label.get(lang)) for k, label in DECISION_ROLES]
    if source == "emotions":
        return [Choice(str(v), emotion_label(v, lang)) for v, _, _ in EMOTIONS]
    if source in _SCALE_WORDS:
        words = _SCALE_WORDS[source]
        return [Choice(str(v), _numbered(v, words, lang)) for v, _ in words]
    if source == "events":
        return event_entries(ctx)
    if source in ("personas", "scenarios"):
        if isinstance(ctx.context.get(source), list):
            # a dialog about a map (e.g. an invite) offers the map's own entries
            return context_entries(ctx, source)
        return group_entries(ctx, source)
    return []


# Three-point scales stored as 1, 2, 3: each source has the words that answer its question.
_SCALE_WORDS: dict[str, tuple[tuple[int, I18n], ...]] = {
    "levels": LEVELS,
    "impact": IMPACT,
    "effort": EFFORT,
}


def _numbered(point: int, words: tuple[tuple[int, I18n], ...], lang: Lang) -> str:
    for value, label in words:
        if value == point:
            return f"{value} · {label.get(lang)}"
    return str(point)


# Option sources whose values are numbers a person may type: typing one picks that value
# (never the option at that position), and the answer is stored as a number.
NUMERIC_SOURCES = ("emotions", *_SCALE_WORDS)


def typed_values(question: Question) -> bool:
    """Whether a typed number means an option's value (scales, numeric sources), not its
    position in the list."""
    return question.kind == "scale" or question.options_from in NUMERIC_SOURCES


def stored_value(question: Question, choice: Choice) -> JSONValue:
    """What an answer records for a chosen option: ints for numeric sources, else the value."""
    if typed_values(question):
        try:
            return int(choice.value)
        except ValueError:
            return choice.value
    return choice.value


def display(question: Question | None, value: JSONValue, ctx: Ctx) -> str:
    """A stored answer as the user reads it."""
    if value is None:
        return T("skipped_value", ctx.lang)
    if isinstance(value, bool):
        return T("yes" if value else "no", ctx.lang)
    if question is None:
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    known = {c.value: c.label for c in choices(question, ctx)} if question.kind != "text" else {}
    if isinstance(value, list):
        return ", ".join(known.get(str(v), str(v)) for v in value)
    return known.get(str(value), str(value))
