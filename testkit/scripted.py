"""A scripted person for any flow: recognises each prompt by its text, answers it from a script
keyed by question path (``scenarios.*.events.*.title``), and counts what it was asked. The
walkthrough tests and the demo sample (`testkit.demo`) play their interviews with it.

A script maps each question path to the answers in the order they are asked: an option value
(or ``"#n"``, the n-th button), a typed text, a list (toggled options, typed extras) for a
multiple choice, or None to skip. ``more`` answers each repeat group's "another?" in order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flows.engine import advance, start
from flows.i18n import Lang
from flows.schema import Flow, Group, Node, Question
from flows.values import Button, Inbound, JSONValue, OutMessage, Step

__all__ = ["NOW", "ScriptedUser", "flow_nodes", "interview", "press", "walk"]

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
MAX_INPUTS = 300  # a script that never ends the flow stops here


def walk(nodes: list[Node], prefix: str = "") -> Iterator[tuple[str, Node]]:
    """Yield (answer key pattern, node); ``*`` stands for a repeat index, once-groups add none."""
    for node in nodes:
        path = f"{prefix}{node.key}"
        yield path, node
        if isinstance(node, Group):
            inner = path if node.repeat == "once" else f"{path}.*"
            yield from walk(node.children, f"{inner}.")


def flow_nodes(flow: Flow) -> list[tuple[str, Node]]:
    """Every question and group of a flow with its answer key pattern, in flow order."""
    return [item for step in flow.steps for item in walk(step.nodes)]


@dataclass
class ScriptedUser:
    """Plays a user: recognises each prompt by its text and answers from the script."""

    flow: Flow
    lang: Lang
    script: Mapping[str, list[Any]]
    more: Mapping[str, list[bool]]
    asked: list[str] = field(default_factory=list)
    seen_titles: list[str] = field(default_factory=list)  # the iteration line above a prompt
    used: dict[str, int] = field(default_factory=dict)
    sent: list[Inbound] = field(default_factory=list)  # every input, taps and toggles included
    # question messages answered that arrived as new messages: a card's next question
    # (`Question.joined`) replaces the message just tapped and is not a new prompt
    shown: int = 0

    @property
    def typed(self) -> int:
        """How many answers were typed (the rest were taps)."""
        return sum(1 for inbound in self.sent if inbound.kind == "text")

    def __post_init__(self) -> None:
        self.prompts: dict[str, str] = {}
        for path, node in flow_nodes(self.flow):
            if isinstance(node, Question):
                self.prompts[node.prompt.get(self.lang)] = path
            elif isinstance(node, Group) and node.more_prompt is not None:
                self.prompts[node.more_prompt.get(self.lang)] = f"more:{path}.*"

    def unused(self) -> dict[str, list[Any]]:
        """The script's answers nobody asked for (a script should be used up)."""
        return {
            k: v[self.used.get(k, 0) :]
            for k, v in self.script.items()
            if len(v) != self.used.get(k, 0)
        }

    def which(self, message: OutMessage) -> str:
        found = [path for prompt, path in self.prompts.items() if prompt in message.text]
        assert len(found) == 1, f"cannot tell which question this is: {message.text!r}"
        return found[0]

    def next_value(self, table: Mapping[str, list[Any]], key: str) -> Any:
        n = self.used.get(key, 0)
        self.used[key] = n + 1
        assert n < len(table.get(key, [])), f"the script has no answer {n + 1} for {key!r}"
        return table[key][n]

    def reply(self, step: Step) -> list[Inbound]:
        (message,) = [m for m in step.messages if m.kind == "question"]
        key = self.which(message)
        self.asked.append(key)
        self.shown += not message.replace
        head = message.text.split("\n\n", 1)[0].splitlines()
        if len(head) > 1:
            self.seen_titles.append(head[-1])
        buttons = [b for row in message.buttons for b in row]
        if key.startswith("more:"):
            group = key.removeprefix("more:").removesuffix(".*")
            yes = self.next_value(self.more, group)
            return [press(buttons, "y" if yes else "n")]
        if has_button(buttons, "_last") and not has_button(buttons, "_next"):
            # the first question of a folded iteration: "that was the last one" is offered
            group = key.rsplit(".*.", 1)[0]
            if not self.next_value(self.more, group):
                return [press(buttons, "_last")]
        value = self.next_value(self.script, key)
        if value is None:
            return [press(buttons, "_skip")]
        if isinstance(value, list):
            # toggle the listed options, then type any free-text ones (that also submits); a
            # folded done ("next" / "that was the last") also answers the group's "another?"
            known = [v for v in value if has_button(buttons, v)]
            typed = [v for v in value if v not in known]
            if typed:
                ending = Inbound(kind="text", text=", ".join(typed))
            elif has_button(buttons, "_next"):
                group = key.rsplit(".*.", 1)[0]
                ending = press(buttons, "_next" if self.next_value(self.more, group) else "_last")
            else:
                ending = press(buttons, "_done")
            return [*(press(buttons, v) for v in known), ending]
        if has_button(buttons, value):
            return [press(buttons, value)]
        return [Inbound(kind="text", text=value)]


def has_button(buttons: list[Button], value: str) -> bool:
    return value.startswith("#") or any(b.data.endswith(f":{value}") for b in buttons)


def press(buttons: list[Button], value: str) -> Inbound:
    """The button that carries ``value``; ``"#3"`` is the third button, whatever it carries
    (a script that does not depend on option keys, e.g. of the proposed stages)."""
    if value.startswith("#"):
        return Inbound(kind="button", data=buttons[int(value[1:]) - 1].data)
    matches = [b for b in buttons if b.data.endswith(f":{value}")]
    assert matches, f"no button for {value!r} among {[b.data for b in buttons]}"
    return Inbound(kind="button", data=matches[0].data)


def interview(
    user: ScriptedUser, context: Mapping[str, JSONValue] | None = None, *, now: datetime = NOW
) -> tuple[dict[str, JSONValue], Step]:
    """Run the engine until the flow leaves "active"; return the current answers per key."""
    flow = user.flow
    step = start(flow, lang=user.lang, now=now, context=context)
    answers: dict[str, JSONValue] = {}
    for _ in range(MAX_INPUTS):
        answers.update({a.key: a.value for a in step.answers})
        if step.state.status != "active":
            break
        for inbound in user.reply(step):
            user.sent.append(inbound)
            step = advance(flow, step.state, inbound, now)
            answers.update({a.key: a.value for a in step.answers})
    return answers, step
