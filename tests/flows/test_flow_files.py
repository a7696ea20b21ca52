"""Every shipped flow file loads, is complete in both languages and refers only to keys it has;
every archived version (flows/definitions/archive/) loads, is named by its id and version, and
is older than the flow shipped now."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.i18n import LANGS, I18n
from flows.schema import (
    BUILTIN_FLOWS,
    FLOW_DIR,
    Flow,
    Group,
    Node,
    Question,
    builtin_flow,
    load_flow,
)
from testkit.scripted import flow_nodes

FLOW_IDS = BUILTIN_FLOWS.ids()
ARCHIVED = BUILTIN_FLOWS.archived_files()
PLACEHOLDER = re.compile(r"\b(todo|tbd|fixme|xxx|lorem|ipsum)\b|\?\?\?|<[a-z_]+>", re.IGNORECASE)
ITEM_FIELDS = re.compile(r"\{(\w*)\}")


def texts(flow: Flow) -> Iterator[tuple[str, I18n]]:
    """Every user-facing text of a flow, named by where it sits."""
    yield "title", flow.title
    if flow.intro:
        yield "intro", flow.intro
    if flow.outro:
        yield "outro", flow.outro
    for step in flow.steps:
        yield f"step {step.number} title", step.title
        if step.intro:
            yield f"step {step.number} intro", step.intro
    for path, node in flow_nodes(flow):
        if isinstance(node, Question):
            yield f"{path} prompt", node.prompt
            if node.hint:
                yield f"{path} hint", node.hint
            for option in node.options:
                yield f"{path} option {option.value}", option.label
            if node.scale:
                for i, label in enumerate(node.scale.labels):
                    yield f"{path} scale label {i}", label
        else:
            if node.title:
                yield f"{path} title", node.title
            if node.more_prompt:
                yield f"{path} more_prompt", node.more_prompt


@pytest.fixture(params=FLOW_IDS)
def flow(request: pytest.FixtureRequest) -> Flow:
    flow_id: str = request.param
    return builtin_flow(flow_id)


@pytest.fixture(params=[*FLOW_IDS, *ARCHIVED], ids=str)
def any_version(request: pytest.FixtureRequest) -> Flow:
    """A shipped flow or an archived version of one: interviews run on both, so both must
    hold together (texts of archived versions are frozen and not re-checked)."""
    param: str | Path = request.param
    return load_flow(param) if isinstance(param, Path) else builtin_flow(param)


def test_archived_versions_are_named_by_id_and_version_and_older_than_the_shipped_one() -> None:
    for path in ARCHIVED:
        flow = load_flow(path)
        assert BUILTIN_FLOWS.archive_problem(path, flow) is None, path
        assert builtin_flow(flow.id, flow.version) == flow


def test_the_owner_flow_is_shipped() -> None:
    assert "owner" in FLOW_IDS


def test_flow_id_matches_its_file_name(flow: Flow) -> None:
    assert (FLOW_DIR / f"{flow.id}.yaml").is_file()


def test_every_text_is_written_in_both_languages(flow: Flow) -> None:
    for where, text in texts(flow):
        for lang in LANGS:
            value = text.get(lang)
            assert value.strip(), f"{flow.id}: {where} is empty in {lang}"
            assert value == value.strip(), f"{flow.id}: {where} has stray whitespace in {lang}"
            assert not PLACEHOLDER.search(value), f"{flow.id}: {where} looks unfinished: {value!r}"
        if len(text.en) > 20:
            assert text.nl != text.en, f"{flow.id}: {where} is not translated"


def test_placeholders_appear_only_in_group_titles(flow: Flow) -> None:
    for where, text in texts(flow):
        for lang in LANGS:
            fields = set(ITEM_FIELDS.findall(text.get(lang)))
            if where.endswith(" title") and not where.startswith("step"):
                assert fields <= {"n", "item"}, f"{flow.id}: {where} uses {fields}"
            else:
                assert not fields, f"{flow.id}: {where} has a format field {fields}"


def test_answer_keys_are_unique(any_version: Flow) -> None:
    flow = any_version
    paths = [path for path, _ in flow_nodes(flow)]
    assert len(paths) == len(set(paths))


# What the bot passes a flow in its engine context (flows.projection.stage_context).
CONTEXT_KEYS = {"market", "address"}


def test_conditions_refer_to_earlier_answers(any_version: Flow) -> None:
    flow = any_version
    seen: list[str] = []
    for path, node in flow_nodes(flow):
        if node.when is not None and node.when.context:
            # the caller's engine context (e.g. the map's market), documented in the flow file
            assert node.when.key in CONTEXT_KEYS, f"{flow.id}: {path} reads {node.when.key}"
        elif node.when is not None:
            scope = path.rsplit(".", 1)[0] + "." if "." in path else ""
            key = re.sub(r"\.\d+(?=\.|$)", ".*", node.when.key)  # scenarios.0.kind
            candidates = {f"{scope}{key}", key}
            assert candidates & set(seen), f"{flow.id}: {path} depends on unknown {node.when.key}"
        seen.append(path)


def test_menu_names_repeatable_groups(any_version: Flow) -> None:
    flow = any_version
    groups = {
        path.replace(".*", ""): node
        for path, node in flow_nodes(flow)
        if isinstance(node, Group) and node.repeat == "ask_more"
    }
    for entry in flow.menu:
        assert entry in groups, f"{flow.id}: menu entry {entry} is not an ask_more group"


def test_flow_files_are_utf8_without_tabs() -> None:
    for path in BUILTIN_FLOWS.files():
        text = Path(path).read_text(encoding="utf-8")
        assert "\t" not in text, path.name


def test_prompts_are_unique_so_a_user_can_tell_questions_apart(flow: Flow) -> None:
    prompts = [text.en for where, text in texts(flow) if where.endswith(("prompt", "more_prompt"))]
    assert len(prompts) == len(set(prompts))


def test_for_each_loops_over_an_earlier_list_answer(any_version: Flow) -> None:
    flow = any_version
    seen: dict[str, Node] = {}
    for path, node in flow_nodes(flow):
        if isinstance(node, Group) and node.repeat == "for_each":
            source = seen.get(node.for_each or "")
            assert isinstance(source, Question), f"{flow.id}: {path} loops over {node.for_each}"
            assert source.kind in ("multi", "list")
        seen[path] = node


def test_structural_names_are_the_keys_conditions_and_lists_read() -> None:
    # Only answers to these can change which prompts are asked; the engine re-walks after them.
    owner = builtin_flow("owner")
    assert {"market", "emotion", "kind"} <= owner.structural_names
    assert "title" not in owner.structural_names
    assert builtin_flow("customer", 1).structural_names >= {"visited"}
    assert builtin_flow("customer").structural_names >= {"feeling", "contact", "gave_up"}
    assert "market" not in builtin_flow("customer").structural_names  # a context key
