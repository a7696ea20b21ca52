"""The owner flow, the engine and the projection together: a scripted first pass through the
real engine projects into the map the owner described."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from flows.engine import advance, start
from flows.i18n import Lang
from flows.projection import ContributionAnswers, project_map
from flows.schema import Flow, Group, Question, builtin_flow
from flows.values import Button, Inbound, OutMessage, Step
from flows.vocabulary import template_stages
from tests.flows.test_flow_files import flow_nodes

NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
OWNER = builtin_flow("owner")

# What the owner answers, per question (index-free path) and iteration; the value is typed
# text, an option value to press, or None to skip. Lists are consumed in order of asking.
SCRIPT: dict[str, list[Any]] = {
    "goal.journey_type": ["experience"],
    "goal.reason": ["Veel vragen over de levertijd"],
    "goal.scope": [None],
    "goal.market": ["b2b"],
    "goal.title": ["Bureaustoel bestellen"],
    "stages": ["_keep"],
    "personas.*.name": ["Peter"],
    "personas.*.description": ["Facilitair manager, 48"],
    "personas.*.goals": [None],
    "personas.*.frustrations": ["Trage offertes"],
    "personas.*.channels": [["email", "phone"]],
    "personas.*.decision_role": ["buyer"],
    "scenarios.*.kind": ["current_negative"],
    "scenarios.*.title": ["Peter bestelt twintig stoelen"],
    "scenarios.*.persona": ["0"],
    "scenarios.*.events.*.title": ["Vraagt offerte aan", "Wacht op levering", "Stoelen komen"],
    "scenarios.*.events.*.stage": ["consideration", "delivery", "delivery"],
    "scenarios.*.events.*.actions": ["Vult formulier in", "Belt twee keer", "Tekent"],
    "scenarios.*.events.*.thoughts": [None, "Waar blijft het?", None],
    "scenarios.*.events.*.emotion": ["1", "-2", "0"],
    "scenarios.*.events.*.pain_point": ["Geen levertijd", None],
    "scenarios.*.events.*.has_touchpoint": ["y", "n", "y"],
    "scenarios.*.events.*.touchpoints.*.channel": ["website", "delivery", "Sms"],
    "scenarios.*.events.*.touchpoints.*.score": ["4", "2", "3"],
    "scenarios.*.events.*.touchpoints.*.moment_of_truth": ["n", "y", "n"],
    "scenarios.*.events.*.touchpoints.*.owner": [None, "Logistiek", None],
    "review.gaps": ["Na de bestelling"],
    "review.consistency": [None],
    "insights": ["Levering bepaalt alles\nOffertes zijn traag"],
    "ideas.*.idea": ["Levertijd mailen", "Offerte binnen een dag"],
    "ideas.*.stage": ["delivery", None],
    "ideas.*.impact": ["3", "2"],
    "ideas.*.effort": ["1", "2"],
    "ideas.*.owner": ["Mark", None],
    "ideas.*.next_step": [None, None],
}
# Answers to "another?" per group, in order of asking.
MORE: dict[str, list[bool]] = {
    "scenarios.*.events": [True, True, False],
    "scenarios.*.events.*.touchpoints": [False, True],  # 1st event: one; 3rd event: two
    "ideas": [True, False],
}


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
        head = message.text.split("\n\n", 1)[0].splitlines()
        if len(head) > 1:
            self.seen_titles.append(head[-1])
        buttons = [b for row in message.buttons for b in row]
        if key.startswith("more:"):
            group = key.removeprefix("more:").removesuffix(".*")
            yes = self.next_value(self.more, group)
            return [press(buttons, "y" if yes else "n")]
        value = self.next_value(self.script, key)
        if value is None:
            return [press(buttons, "_skip")]
        if isinstance(value, list):
            # toggle the listed options, then type any free-text ones (that also submits)
            known = [v for v in value if has_button(buttons, v)]
            typed = [v for v in value if v not in known]
            ending = (
                Inbound(kind="text", text=", ".join(typed)) if typed else press(buttons, "_done")
            )
            return [*(press(buttons, v) for v in known), ending]
        if has_button(buttons, value):
            return [press(buttons, value)]
        return [Inbound(kind="text", text=value)]


def has_button(buttons: list[Button], value: str) -> bool:
    return any(b.data.endswith(f":{value}") for b in buttons)


def press(buttons: list[Button], value: str) -> Inbound:
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
            step = advance(flow, step.state, inbound, NOW)
            answers.update({a.key: a.value for a in step.answers})
    return answers, step


def run_first_pass(lang: Lang) -> tuple[dict[str, Any], ScriptedUser, Step]:
    owner = ScriptedUser(OWNER, lang, SCRIPT, MORE)
    answers, step = interview(owner)
    return answers, owner, step


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_scripted_first_pass_projects_into_the_map_described(lang: Lang) -> None:
    answers, owner, step = run_first_pass(lang)

    assert "first_pass_done" in step.signals
    assert all(len(v) == owner.used.get(k, 0) for k, v in SCRIPT.items()), "script not used up"
    data = project_map(
        "m1",
        "Nieuwe kaart",
        lang,
        [ContributionAnswers(id="c1", role="owner", flow_id="owner", answers=answers)],
    )
    assert data.title == "Bureaustoel bestellen"
    assert (data.journey_type, data.market, data.scope) == ("experience", "b2b", None)
    # the whole experience, as proposed and kept
    assert [s.key for s in data.stages] == [key for key, _ in template_stages("experience")]
    (peter,) = data.personas
    assert (peter.name, peter.decision_role, peter.channels) == (
        "Peter",
        "buyer",
        ["email", "phone"],
    )
    (scenario,) = data.scenarios
    assert scenario.persona_id == "p0"
    assert [(e.stage, e.emotion, e.pain_point) for e in scenario.events] == [
        ("consideration", 1, None),
        ("delivery", -2, "Geen levertijd"),
        ("delivery", 0, None),
    ]
    assert [[t.channel for t in e.touchpoints] for e in scenario.events] == [
        ["website"],
        [],
        ["delivery", "Sms"],
    ]
    assert scenario.events[2].touchpoints[0].moment_of_truth
    assert scenario.events[2].touchpoints[0].owner == "Logistiek"
    assert data.insights[:2] == ["Levering bepaalt alles", "Offertes zijn traag"]
    assert len(data.insights) == 3
    assert [(i.text, i.impact, i.effort, i.stage) for i in data.ideas] == [
        ("Levertijd mailen", 3, 1, "delivery"),
        ("Offerte binnen een dag", 2, 2, None),
    ]


def test_the_first_pass_asks_each_question_once_per_iteration_in_order() -> None:
    _, owner, _ = run_first_pass("nl")
    asked = owner.asked
    assert asked[:6] == [
        "goal.journey_type",
        "goal.reason",
        "goal.scope",
        "goal.market",
        "goal.title",
        "stages",
    ]
    # the b2b question is asked; no pain point after a positive moment; no "another persona?"
    # or "another scenario?" in the first pass (first_pass_max 1), the menu offers them later
    assert "personas.*.decision_role" in asked
    assert asked.count("scenarios.*.events.*.pain_point") == 2
    assert "more:personas.*" not in asked
    assert "more:scenarios.*" not in asked
    # step 1: 6, persona: 6 (b2b), scenario: 3, events: 12 + 8 + 17 (with their "another?"
    # prompts), review: 2, insights: 1, two ideas: 14 -- 69 prompts, 22 of them typed
    assert len(asked) == 69
