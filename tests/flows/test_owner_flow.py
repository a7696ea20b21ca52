"""The owner flow: the five steps of the method, with the keys the projection reads."""

from __future__ import annotations

from typing import get_args

from flows.domain import JourneyType, Market, ScenarioKind
from flows.schema import FLOW_DIR, Group, Question, builtin_flow, load_flow
from testkit.scripted import flow_nodes

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
        "goal.market",
        "goal.title",
        "stages",
        "personas.*.name",
        "personas.*.description",
        "scenarios.*.kind",
        "scenarios.*.persona",
        "scenarios.*.events.*.title",
        "scenarios.*.events.*.stage",
        "scenarios.*.events.*.thoughts",
        "scenarios.*.events.*.emotion",
        "scenarios.*.events.*.pain_point",
        "scenarios.*.events.*.channels",
        "scenarios.*.events.*.roles",
        "desired.stages",
        "desired.changes.*.change",
        "desired.changes.*.emotion",
        "moments",
        "insights",
        "ideas.*.idea",
        "ideas.*.stage",
        "ideas.*.impact",
        "ideas.*.effort",
        "ideas.*.owner",
    ]


def test_version_1_is_kept_for_interviews_begun_on_it() -> None:
    old = load_flow(FLOW_DIR / "archive" / "owner.v1.yaml")
    assert (old.id, old.version) == ("owner", 1)
    assert OWNER.version == 2
    old_keys = {path for path, node in flow_nodes(old) if isinstance(node, Question)}
    assert "scenarios.*.events.*.touchpoints.*.moment_of_truth" in old_keys


def test_five_steps_follow_the_method() -> None:
    assert [s.title.en for s in OWNER.steps] == [
        "Goal and scope",
        "Your customer as a persona",
        "The journey, step by step",
        "Moments of truth",
        "Insights and ideas",
    ]


def test_option_values_match_the_domain() -> None:
    assert [o.value for o in question("goal.journey_type").options] == list(get_args(JourneyType))
    assert [o.value for o in question("goal.market").options] == list(get_args(Market))
    assert [o.value for o in question("scenarios.*.kind").options] == list(get_args(ScenarioKind))


def test_option_sources() -> None:
    assert question("stages").kind == "list"
    assert question("stages").default_from == "stages"
    assert question("scenarios.*.persona").options_from == "personas"
    assert question("scenarios.*.events.*.stage").options_from == "stages"
    assert question("scenarios.*.events.*.channels").options_from == "channels"
    assert question("scenarios.*.events.*.channels").allow_other
    assert question("scenarios.*.events.*.roles").options_from == "roles"
    assert question("desired.stages").options_from == "stages"
    assert question("moments").options_from == "events"
    assert question("ideas.*.impact").options_from == "impact"
    assert question("ideas.*.effort").options_from == "effort"


def test_decision_roles_are_asked_only_in_b2b() -> None:
    when = question("scenarios.*.events.*.roles").when
    assert when is not None
    assert (when.key, when.equals) == ("goal.market", "b2b")


def test_the_desired_scenario_follows_a_current_one() -> None:
    desired = group("desired")
    assert desired.when is not None
    assert (desired.when.key, desired.when.equals, desired.when.negate) == (
        "scenarios.0.kind",
        "desired",
        True,
    )
    assert group("desired.changes").for_each == "stages"
    assert not question("desired.stages").required


def test_pain_point_is_asked_unless_the_moment_feels_good() -> None:
    when = question("scenarios.*.events.*.pain_point").when
    assert when is not None
    assert when.key == "emotion"
    assert when.one_of == [-2, -1, 0]
    assert not question("scenarios.*.events.*.pain_point").required


def test_an_event_with_no_channel_chosen_is_a_gap_and_its_done_decides_what_follows() -> None:
    channels = question("scenarios.*.events.*.channels")
    assert channels.kind == "multi"
    assert not channels.required  # nothing chosen: no contact here, a gap the report shows
    events = group("scenarios.*.events")
    assert events.fold is not None
    assert events.fold.next.en == "Next event"


def test_scales() -> None:
    for path in ("scenarios.*.events.*.emotion", "desired.changes.*.emotion"):
        emotion = question(path)
        assert emotion.scale is not None
        assert (emotion.scale.min, emotion.scale.max) == (-2, 2)
        assert emotion.options_from == "emotions"


def test_repeat_groups_keep_the_first_pass_short() -> None:
    limits = {
        path: (g.repeat, g.min, g.max, g.first_pass_max)
        for path, g in NODES.items()
        if isinstance(g, Group) and g.repeat != "once"
    }
    assert limits == {
        "personas": ("ask_more", 1, 8, 1),
        "scenarios": ("ask_more", 1, 6, 1),
        "scenarios.*.events": ("ask_more", 1, 30, 6),
        "desired.changes": ("for_each", 1, 20, None),
        "ideas": ("ask_more", 1, 30, 3),
    }
    assert OWNER.menu == ["personas", "scenarios", "scenarios.events", "ideas"]


def test_questions_that_may_be_skipped() -> None:
    optional = {p for p, n in NODES.items() if isinstance(n, Question) and not n.required}
    assert optional == {
        "scenarios.*.events.*.thoughts",
        "scenarios.*.events.*.pain_point",
        "scenarios.*.events.*.channels",
        "scenarios.*.events.*.roles",
        "desired.stages",
        "moments",
        "insights",
        "ideas.*.stage",
        "ideas.*.owner",
    }


def test_dutch_speaks_to_the_owner_informally() -> None:
    dutch = " ".join(n.prompt.nl for n in NODES.values() if isinstance(n, Question)).lower()
    assert " u " not in f" {dutch} "
    assert " uw " not in f" {dutch} "
