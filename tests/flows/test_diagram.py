"""flow_to_mermaid: the committed diagrams match the flow files, and the chart is well formed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flows.diagram import DIAGRAM_DIR, DIAGRAM_LANG, diagram_path, flow_to_mermaid, shipped_diagrams
from flows.schema import BUILTIN_FLOWS, Flow, Question, builtin_flow
from testkit.scripted import flow_nodes

REGENERATE = ".venv/bin/python -m flows.diagram"
FLOW_IDS = BUILTIN_FLOWS.ids()
NODE_DECL = re.compile(r"^\s+([A-Za-z][\w]*)(\[|\(|\{)")
EDGE = re.compile(r"^\s+(\w+) (?:-->|-\.->)(?:\|\"[^\"]*\"\|)? (\w+)$")

TINY = Flow.model_validate(
    {
        "id": "tiny",
        "version": 2,
        "title": {"nl": "Klein", "en": "Tiny"},
        "steps": [
            {
                "number": 1,
                "title": {"nl": "Eén", "en": "One"},
                "nodes": [
                    {
                        "type": "question",
                        "key": "visited",
                        "kind": "multi",
                        "options_from": "stages",
                        "prompt": {"nl": "Welke fases?", "en": "Which stages?"},
                    },
                    {
                        "type": "group",
                        "key": "visits",
                        "repeat": "for_each",
                        "for_each": "visited",
                        "when": {"key": "visited", "answered": True},
                        "children": [
                            {
                                "type": "question",
                                "key": "felt",
                                "kind": "text",
                                "prompt": {
                                    "nl": 'Zei je "wauw" <echt>?',
                                    "en": 'Did you say "wow" <really>?',
                                },
                            }
                        ],
                    },
                ],
            }
        ],
    }
)


SHIPPED = shipped_diagrams()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_committed_diagram_matches_the_flow(path: Path) -> None:
    expected = flow_to_mermaid(SHIPPED[path], DIAGRAM_LANG)
    committed = path.read_text(encoding="utf-8") if path.exists() else ""
    assert committed == expected, f"{path} is stale; regenerate it with: {REGENERATE}"


def test_every_diagram_has_its_flow_and_archived_ones_their_own_folder() -> None:
    assert {diagram_path(flow_id) for flow_id in FLOW_IDS} <= set(SHIPPED)
    for path, flow in SHIPPED.items():
        if path.parent.name == "archive":
            assert path.name == f"{flow.id}.v{flow.version}.mmd"
            assert flow.version < builtin_flow(flow.id).version
    committed = set(DIAGRAM_DIR.rglob("*.mmd"))
    assert committed <= set(SHIPPED), f"diagrams of no flow: {sorted(committed - set(SHIPPED))}"


@pytest.mark.parametrize("flow_id", FLOW_IDS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_edge_joins_declared_nodes(flow_id: str, lang: str) -> None:
    chart = flow_to_mermaid(builtin_flow(flow_id), "nl" if lang == "nl" else "en")
    lines = chart.splitlines()
    declared = {m.group(1) for line in lines if (m := NODE_DECL.match(line))}
    edges = [m.groups() for line in lines if (m := EDGE.match(line))]
    assert edges
    assert "end" not in declared  # a reserved word in Mermaid
    for source, target in edges:
        assert source in declared, source
        assert target in declared, target
    arrows = sum("-->" in line or "-.->" in line for line in lines)
    assert arrows == len(edges), "an edge line did not parse"
    assert sum(line.strip().startswith("subgraph") for line in lines) == sum(
        line.strip() == "end" for line in lines
    )


def test_every_owner_question_has_a_node() -> None:
    chart = flow_to_mermaid(builtin_flow("owner"), "en")
    for path, node in flow_nodes(builtin_flow("owner")):
        if isinstance(node, Question):
            assert f"<b>{path}</b>" in chart, path


def test_owner_diagram_shows_conditions_loops_and_the_menu() -> None:
    chart = flow_to_mermaid(builtin_flow("owner"), "en")
    assert (
        'q_scenarios__events__channels -->|"if goal.market = b2b"| q_scenarios__events__roles'
        in chart
    )
    assert 'q_scenarios__events__channels -->|"else"| m_scenarios__events' in chart
    assert 'm_scenarios__events -->|"yes"| h_scenarios__events' in chart
    assert "Is there a next event? (Next event / That was the last one)" in chart
    assert 'menu -.->|"scenarios.events"| h_scenarios__events' in chart
    assert 'subgraph step3["3. The journey, step by step"]' in chart


def test_dutch_diagram_uses_dutch_texts() -> None:
    chart = flow_to_mermaid(builtin_flow("owner"), "nl")
    assert "Wat gebeurt er, en wat doet de klant?" in chart
    assert '-->|"anders"|' in chart
    assert "What happens" not in chart


def test_for_each_groups_loop_per_item_and_labels_are_escaped() -> None:
    chart = flow_to_mermaid(TINY, "en")
    assert 'h_visits(["for each item of visited"])' in chart
    assert 'q_visits__felt -->|"next"| h_visits' in chart
    assert 'h_visits -->|"done"| finish' in chart
    assert 'q_visited -->|"if visited answered"| h_visits' in chart
    assert 'q_visited -->|"else"| finish' in chart
    assert "Did you say #quot;wow#quot; #lt;really#gt;?" in chart
    assert "menu" not in chart


def test_an_optional_repeat_asks_before_the_first_iteration() -> None:
    chart = flow_to_mermaid(builtin_flow("colleague"), "en")
    assert 'q_stage_views__pain_owner -->|"next"| h_stage_views' in chart
    assert 'h_stage_views -->|"done"| m_ideas' in chart
    assert 'm_ideas -->|"yes"| h_ideas' in chart
    assert 'm_ideas -->|"no"| finish' in chart
    assert "stage_views · for_each" in chart
