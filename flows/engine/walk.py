"""The ordered prompts of a flow, given the answers so far.

The engine never stores "question number 7": it recomputes the walk from the flow and the
answers, so branching, for-each lists and repeat counts always reflect the current answers,
also after going back or editing. A prompt is a question (``q:<answer path>``) or the
"add another?" question of an ask_more group (``m:<group path>:<iteration>``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from flows.engine.memo import Memo
from flows.schema import Condition, Flow, FlowStep, Group, Node, Question
from flows.values import JSONValue

ItemKind = Literal["question", "more", "open"]


# Frame and Item are read-only by convention, not frozen: a walk builds dozens of them twice
# per input, and a frozen dataclass costs four times as much to construct (benchmarks.md).
@dataclass(slots=True)
class Frame:
    """One enclosing group iteration of a prompt."""

    group: Group
    path: str  # group instance path, e.g. "scenarios.0.events"
    index: int | None  # None for a "once" group (its keys carry no index)
    item: JSONValue = None  # for_each: the list item this iteration is about
    source: str = ""  # for_each: the answer key of that list

    @property
    def prefix(self) -> str:
        if self.index is None:
            return f"{self.path}."
        return f"{self.path}.{self.index}."


@dataclass(slots=True)
class Item:
    """One prompt of the flow: a question, an "add another?" or an iteration to open."""

    kind: ItemKind
    path: str  # question: the answer key; more/open: the group instance path
    step: FlowStep
    chain: tuple[Frame, ...]
    question: Question | None = None
    group: Group | None = None
    index: int = 0  # more/open: the iteration this prompt would open
    answered: bool = False

    @property
    def pid(self) -> str:
        if self.kind == "question":
            return f"q:{self.path}"
        return f"m:{self.path}:{self.index}"


def digits(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts ``²`` and ``١``, which ``int`` refuses."""
    return text.isascii() and text.isdigit()


def resolve_key(key: str, chain: Sequence[Frame]) -> str:
    """A condition or for_each key: relative to the innermost group that has it, else absolute."""
    first = key.split(".", 1)[0]
    for frame in reversed(chain):
        if any(child.key == first for child in frame.group.children):
            return frame.prefix + key
    return key


def _matches(value: JSONValue, expected: JSONValue) -> bool:
    if isinstance(value, list):
        return any(_matches(v, expected) for v in value)
    if isinstance(value, bool) or isinstance(expected, bool):
        return isinstance(value, bool) and isinstance(expected, bool) and value == expected
    if isinstance(value, int) and isinstance(expected, str):
        return str(value) == expected
    if isinstance(value, str) and isinstance(expected, int):
        return value == str(expected)
    return bool(value == expected)


def holds(
    cond: Condition,
    values: Mapping[str, JSONValue],
    chain: Sequence[Frame],
    context: Mapping[str, JSONValue],
) -> bool:
    """Whether a node's condition holds for the current answers (or the engine context),
    inside ``chain``."""
    value = context.get(cond.key) if cond.context else values.get(resolve_key(cond.key, chain))
    if cond.answered is not None:
        result = (value is not None and value != [] and value != "") == cond.answered
    elif cond.one_of is not None:
        result = value is not None and any(_matches(value, e) for e in cond.one_of)
    else:
        result = value is not None and _matches(value, cond.equals)
    return result != cond.negate


class _Walker:
    def __init__(
        self,
        values: Mapping[str, JSONValue],
        memo: Memo,
        context: Mapping[str, JSONValue],
        *,
        asking_more: bool,
        first_pass: bool,
    ) -> None:
        self.values = values
        self.memo = memo
        self.context = context
        self.asking_more = asking_more
        self.first_pass = first_pass
        self.items: list[Item] = []

    def nodes(
        self, nodes: Sequence[Node], prefix: str, chain: tuple[Frame, ...], step: FlowStep
    ) -> None:
        for node in nodes:
            if node.when is not None and not holds(node.when, self.values, chain, self.context):
                continue
            path = prefix + node.key
            if isinstance(node, Question):
                self.items.append(
                    Item("question", path, step, chain, question=node, answered=path in self.values)
                )
            else:
                self.group(node, path, chain, step)

    def group(self, group: Group, path: str, chain: tuple[Frame, ...], step: FlowStep) -> None:
        if group.repeat == "once":
            frame = Frame(group, path, None)
            self.nodes(group.children, frame.prefix, (*chain, frame), step)
        elif group.repeat == "for_each":
            source = resolve_key(group.for_each or "", chain)
            items = self.values.get(source)
            if not isinstance(items, list):
                return
            for i, item in enumerate(items[: group.max]):
                frame = Frame(group, path, i, item, source)
                self.nodes(group.children, frame.prefix, (*chain, frame), step)
        else:
            self.ask_more(group, path, chain, step)

    def ask_more(self, group: Group, path: str, chain: tuple[Frame, ...], step: FlowStep) -> None:
        opened = min(self.memo.iters.get(path, 0), group.max)
        for i in range(opened):
            if i >= group.min:
                self.items.append(
                    Item("more", path, step, chain, group=group, index=i, answered=True)
                )
            frame = Frame(group, path, i)
            self.nodes(group.children, frame.prefix, (*chain, frame), step)
        if opened < group.min:
            self.items.append(Item("open", path, step, chain, group=group, index=opened))
        elif path in self.memo.closed:
            self.items.append(
                Item("more", path, step, chain, group=group, index=opened, answered=True)
            )
        elif (
            opened >= group.max
            or not self.asking_more
            or (
                self.first_pass
                and group.first_pass_max is not None
                and opened >= group.first_pass_max
            )
        ):
            return
        else:
            self.items.append(Item("more", path, step, chain, group=group, index=opened))


def walk(
    flow: Flow,
    values: Mapping[str, JSONValue],
    memo: Memo,
    *,
    context: Mapping[str, JSONValue] | None = None,
    asking_more: bool = True,
    first_pass: bool = True,
) -> list[Item]:
    """Every prompt the flow asks now, in order; ``answered`` marks those already answered.

    ``asking_more`` False leaves out pending "add another?" prompts (the menu adds instead);
    ``first_pass`` applies the groups' ``first_pass_max``; ``context`` is what the caller
    passed the engine (conditions may read it).
    """
    walker = _Walker(values, memo, context or {}, asking_more=asking_more, first_pass=first_pass)
    for step in flow.steps:
        walker.nodes(step.nodes, "", (), step)
    return walker.items


def find_group(flow: Flow, dotted: str) -> list[Group] | None:
    """The chain of groups named by a menu path like ``scenarios.events``."""
    nodes: Sequence[Node] = [n for s in flow.steps for n in s.nodes]
    found: list[Group] = []
    for key in dotted.split("."):
        match = next((n for n in nodes if n.key == key and isinstance(n, Group)), None)
        if match is None:
            return None
        found.append(match)
        nodes = match.children
    return found


def question_for_key(flow: Flow, key: str) -> Question | None:
    """The question definition behind an answer key (indexes dropped)."""
    parts = [p for p in key.split(".") if not digits(p)]
    nodes: Sequence[Node] = [n for s in flow.steps for n in s.nodes]
    for i, part in enumerate(parts):
        match = next((n for n in nodes if n.key == part), None)
        if match is None:
            return None
        if isinstance(match, Question):
            return match if i == len(parts) - 1 else None
        nodes = match.children
    return None
