"""The owner flow: the five steps of the method, with the keys the projection reads."""

from __future__ import annotations

from typing import get_args

from flows.domain import JourneyType, Market, ScenarioKind
from flows.schema import Group, Node, Question, builtin_flow
from tests.flows.test_flow_files import flow_nodes

OWNER = builtin_flow("owner")
NODES = dict(flow_nodes(OWNER))


def question(path: str) -> Question:
    node = NODES[path]
    assert isinstance(node, Question), path
    return node


def group(path: str) -> Group:
    node = NODES[path]
    assert isinstance(node, Group), path
    return node


def test_answer_keys_are_the_ones_the_projection_reads() -> None:
    questions = [path for path, node in flow_nodes(OWNER) if isinstance(node, Question)]
    assert questions == [
        "goal.journey_type",
        "goal.reason",
        "goal.scope",
        "goal.market",
        "goal.title",
        "stages",
        "personas.*.name",
        "personas.*.description",
        "personas.*.goals",
        "personas.*.frustrations",
        "personas.*.channels",
        "personas.*.decision_role",
        "scenarios.*.kind",
        "scenarios.*.title",
        "scenarios.*.persona",
        "scenarios.*.events.*.title",
        "scenarios.*.events.*.stage",
        "scenarios.*.events.*.actions",
        "scenarios.*.events.*.thoughts",
        "scenarios.*.events.*.emotion",
        "scenarios.*.events.*.pain_point",
        "scenarios.*.events.*.has_touchpoint",
        "scenarios.*.events.*.touchpoints.*.channel",
        "scenarios.*.events.*.touchpoints.*.score",
        "scenarios.*.events.*.touchpoints.*.moment_of_truth",
        "scenarios.*.events.*.touchpoints.*.owner",
        "review.gaps",
        "review.consistency",
        "insights",
        "ideas.*.idea",
        "ideas.*.stage",
        "ideas.*.impact",
        "ideas.*.effort",
        "ideas.*.owner",
        "ideas.*.next_step",
    ]


def test_five_steps_follow_the_method() -> None:
    assert [s.title.en for s in OWNER.steps] == [
        "Goal and scope",
        "Your customer as a persona",
        "Scenario and events",
        "Touchpoints and channels",
        "Insights and actions",
    ]


def test_option_values_match_the_domain() -> None:
    assert [o.value for o in question("goal.journey_type").options] == list(get_args(JourneyType))
    assert [o.value for o in question("goal.market").options] == list(get_args(Market))
    assert [o.value for o in question("scenarios.*.kind").options] == list(get_args(ScenarioKind))


def test_option_sources() -> None:
    assert question("stages").kind == "list"
    assert question("stages").default_from == "stages"
    assert question("personas.*.channels").options_from == "channels"
    assert question("personas.*.channels").allow_other
    assert question("personas.*.decision_role").options_from == "roles"
    assert question("scenarios.*.persona").options_from == "personas"
    assert question("scenarios.*.events.*.stage").options_from == "stages"
    assert question("scenarios.*.events.*.touchpoints.*.channel").allow_other
    assert question("ideas.*.impact").options_from == "levels"
    assert question("ideas.*.effort").options_from == "levels"


def test_decision_role_is_asked_only_in_b2b() -> None:
    when = question("personas.*.decision_role").when
    assert when is not None
    assert (when.key, when.equals) == ("goal.market", "b2b")


def test_pain_point_is_asked_unless_the_moment_feels_good() -> None:
    when = question("scenarios.*.events.*.pain_point").when
    assert when is not None
    assert when.key == "emotion"
    assert when.one_of == [-2, -1, 0]
    assert not question("scenarios.*.events.*.pain_point").required


def test_touchpoints_follow_a_yes_and_an_event_without_one_is_a_gap() -> None:
    touchpoints = group("scenarios.*.events.*.touchpoints")
    assert touchpoints.when is not None
    assert (touchpoints.when.key, touchpoints.when.equals) == ("has_touchpoint", True)
    assert question("scenarios.*.events.*.has_touchpoint").kind == "yesno"


def test_scales() -> None:
    emotion = question("scenarios.*.events.*.emotion")
    assert emotion.scale is not None
    assert (emotion.scale.min, emotion.scale.max) == (-2, 2)
    assert emotion.options_from == "emotions"
    score = question("scenarios.*.events.*.touchpoints.*.score")
    assert score.scale is not None
    assert (score.scale.min, score.scale.max) == (1, 5)
    assert len(score.scale.labels) == 5


def test_repeat_groups_keep_the_first_pass_short() -> None:
    limits = {
        path: (g.repeat, g.min, g.max, g.first_pass_max)
        for path, g in NODES.items()
        if isinstance(g, Group) and g.repeat != "once"
    }
    assert limits == {
        "personas": ("ask_more", 1, 8, 1),
        "scenarios": ("ask_more", 1, 6, 1),
        "scenarios.*.events": ("ask_more", 1, 30, 5),
        "scenarios.*.events.*.touchpoints": ("ask_more", 1, 10, 2),
        "ideas": ("ask_more", 1, 30, 3),
    }
    assert OWNER.menu == ["personas", "scenarios", "scenarios.events", "ideas"]


def prompts(nodes: list[Node], iterations: dict[str, int], prefix: str = "") -> int:
    """Prompts a first pass shows: questions, plus one "another?" per ask_more iteration that
    is still below ``first_pass_max``; conditional nodes count as asked (the worst case)."""
    total = 0
    for node in nodes:
        path = f"{prefix}{node.key}"
        if isinstance(node, Question):
            total += 1
            continue
        if node.repeat == "once":
            total += prompts(node.children, iterations, f"{path}.")
            continue
        n = iterations[path]
        assert n <= (node.first_pass_max or node.max), path
        asked_more = n if n < (node.first_pass_max or node.max) else n - 1
        total += n * prompts(node.children, iterations, f"{path}.*.") + asked_more
    return total


def test_a_first_pass_asks_a_humane_number_of_questions() -> None:
    """One persona, one scenario, four events with one touchpoint each, two ideas: about 80
    prompts, two thirds of them a tap or a skip, which is roughly fifteen to twenty minutes."""
    typical = {
        "personas": 1,
        "scenarios": 1,
        "scenarios.*.events": 4,
        "scenarios.*.events.*.touchpoints": 1,
        "ideas": 2,
    }
    asked = sum(prompts(step.nodes, typical) for step in OWNER.steps)
    assert 60 <= asked <= 85, asked


def test_questions_that_may_be_skipped() -> None:
    optional = {p for p, n in NODES.items() if isinstance(n, Question) and not n.required}
    assert optional == {
        "goal.scope",
        "personas.*.goals",
        "personas.*.frustrations",
        "personas.*.channels",
        "scenarios.*.events.*.thoughts",
        "scenarios.*.events.*.pain_point",
        "scenarios.*.events.*.touchpoints.*.owner",
        "review.gaps",
        "review.consistency",
        "insights",
        "ideas.*.stage",
        "ideas.*.owner",
        "ideas.*.next_step",
    }


def test_dutch_speaks_to_the_owner_informally() -> None:
    dutch = " ".join(n.prompt.nl for n in NODES.values() if isinstance(n, Question)).lower()
    assert " u " not in f" {dutch} "
    assert " uw " not in f" {dutch} "
