"""The shipped demo is nothing but interviews: the committed sample equals a fresh replay of
the scripted owner, colleagues and customers through the real flows and projection
(`testkit.demo`), and every text in it is something one of them answered."""

from __future__ import annotations

import json
from collections.abc import Iterator

from flows.domain import JourneyMapData
from flows.projection import ContributionAnswers, project_map
from flows.values import JSONValue
from reports import build, load_sample
from testkit.demo import REGENERATE, SAMPLE_PATH, build_demo, contributions, sample_text

# Not texts anyone typed or picked: identifiers, the stage keys the projection derives from
# the stage names, the language the bot chats in, who someone is (their role) and a
# scenario's kind (the wish is the desired scenario by the questions that asked it).
NOT_TEXT = {"id", "key", "persona_id", "respondent_id", "language", "role", "kind"}
TIMES = {"generated_at", "started_at", "finished_at"}
# Customers' words at the end of a story, kept as (respondent id, text) pairs.
PAIRS = {n for n, f in JourneyMapData.model_fields.items() if f.annotation == list[tuple[str, str]]}


def test_the_committed_sample_is_the_replay() -> None:
    committed = SAMPLE_PATH.read_text(encoding="utf-8")
    assert committed == sample_text(), f"the demo sample is stale; regenerate it: {REGENERATE}"
    assert load_sample() == build_demo()  # and the file reads back as the same map


def leaves(value: object, field: str = "") -> Iterator[tuple[str, str]]:
    """Every string in the sample's JSON with the field it sits in."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, key)
    elif isinstance(value, list) and field in PAIRS:
        for respondent, text in value:
            yield "respondent_id", respondent
            yield field, text
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item, field)
    elif isinstance(value, str):
        yield field, value


def answered(values: JSONValue) -> Iterator[str]:
    """Every text an answer holds, and each line of a text of several lines (a story's steps,
    one insight per line)."""
    if isinstance(values, list):
        for item in values:
            yield from answered(item)
    elif isinstance(values, str):
        yield values
        yield from (line.strip() for line in values.splitlines())
    elif values is not None and not isinstance(values, bool):
        yield str(values)


def named_by_kind() -> set[str]:
    """What the projection calls a scenario nobody titled (owner flow v2 asks no title)."""
    kinds = {f"scenarios.{i}.kind": k for i, k in enumerate(["current_negative", "desired"])}
    owner = ContributionAnswers("o", "owner", "owner", kinds)
    return {s.title for s in project_map("m", "-", "nl", [owner]).scenarios}


def test_every_text_in_the_sample_was_answered() -> None:
    people = contributions()
    said = {text for c in people for value in c.answers.values() for text in answered(value)}
    names = {c.display_name for c in people if c.display_name}
    data = json.loads(SAMPLE_PATH.read_text(encoding="utf-8"))
    kind_titles = named_by_kind()
    checked = 0
    for field, text in leaves(data):
        if field in NOT_TEXT or field in TIMES:
            continue
        if field == "title" and text in kind_titles:
            continue
        checked += 1
        assert text in said or (field == "name" and text in names), f"{field}: {text!r}"
    assert checked > 300


def test_names_only_of_those_who_agreed() -> None:
    data = load_sample()
    named = {r.id for r in data.respondents if r.name is not None}
    people = {c.id: c for c in contributions()}
    assert named == {i for i, c in people.items() if c.display_name is not None}
    assert {data.respondents[0].role} == {"owner"}
    assert len(named) == 4  # the owner, one colleague and two customers
    # an anonymous respondent carries no time: when someone answered is a trace of who it is
    assert all(r.started_at is None for r in data.respondents if r.name is None)


def sample_report_shows(data: JourneyMapData) -> None:
    """What only interviews can give, present in the demo: the owner's map, the wish, the
    colleagues' back office and owners, the customers' stories."""
    report = build(data)
    (current, desired) = report.scenarios
    assert (current.kind, desired.kind) == ("current_negative", "desired")
    assert report.comparisons
    assert any(gap.kind == "event_without_touchpoint" for gap in report.gaps), report.gaps
    assert report.ideas[0].quadrant == "quick_win"
    evidence = report.evidence
    assert (evidence.respondents.customers, evidence.respondents.colleagues) == (12, 3)
    nps = evidence.nps
    assert nps is not None
    assert min(nps.promoters, nps.passives, nps.detractors) >= 3
    stories = evidence.stories
    assert stories.customers_nearly_gave_up >= 3
    assert any(d.gave_up for d in stories.drop_offs)
    assert sum(1 for c in stories.contact if not c.thin) >= 4
    assert stories.missing_info.quotes
    assert len(stories.recommend_reasons) == 3
    assert any(s.backstage.steps for s in evidence.colleague_stages)
    assert any(s.owners for s in evidence.colleague_stages)
    assert any(s.top_questions for s in evidence.colleague_stages)
    differ = [v for v in evidence.internal_vs_external if v.difference is not None]
    assert max(abs(v.difference) for v in differ if v.difference is not None) >= 1


def test_the_demo_shows_what_interviews_can_give() -> None:
    sample_report_shows(load_sample())


def test_some_customers_answered_for_the_persona() -> None:
    data = load_sample()
    customers = [r for r in data.respondents if r.role == "customer"]
    for_persona = [r for r in customers if r.persona_id == "p0"]
    assert 0 < len(for_persona) < len(customers)  # the webshop link was for Sanne, the stall's not
