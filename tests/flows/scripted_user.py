"""A scripted person for the owner flow: recognises each prompt by its text and answers from
a script, counting what it was asked. The first-pass tests and walkthroughs use it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flows.engine import advance, start
from flows.i18n import Lang
from flows.schema import Flow, Group, Question
from flows.values import Button, Inbound, OutMessage, Step
from tests.flows.test_flow_files import flow_nodes

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)


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

    def which(self, message: OutMessage) -> str:
        found = [path for prompt, path in self.prompts.items() if prompt in message.text]
        assert len(found) == 1, f"cannot tell which question this is: {message.text!r}"
        return found[0]

    def next_value(self, table: Mapping[str, list[Any]], key: str) -> Any:
        n = self.used.get(key, 0)
        self.used[key] = n + 1
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
    user: ScriptedUser, context: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], Step]:
    """Run the engine until the flow leaves "active"; return the current answers per key."""
    flow = user.flow
    step = start(flow, lang=user.lang, now=NOW, context=context)
    answers: dict[str, Any] = {}
    for _ in range(300):
        answers.update({a.key: a.value for a in step.answers})
        if step.state.status != "active":
            break
        for inbound in user.reply(step):
            user.sent.append(inbound)
            step = advance(flow, step.state, inbound, NOW)
            answers.update({a.key: a.value for a in step.answers})
    return answers, step
