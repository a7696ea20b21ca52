"""A Mermaid flowchart of a flow, generated from its definition so it cannot go stale.

Steps become subgraphs, repeat groups become loops (a head node, the children, then "another?"
back to the head), and a ``when`` condition becomes a labelled edge into the node plus an
"else" edge around it. Archived versions of a flow (flows/definitions/archive/) get theirs in
docs/flows/archive/. Regenerate the committed diagrams with::

    .venv/bin/python -m flows.diagram
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from flows.i18n import I18n, Lang
from flows.schema import BUILTIN_FLOWS, Condition, Flow, Group, Node, Question, load_flow

__all__ = [
    "DIAGRAM_DIR",
    "DIAGRAM_LANG",
    "diagram_path",
    "flow_to_mermaid",
    "shipped_diagrams",
    "write_diagrams",
]

DIAGRAM_DIR = Path(__file__).resolve().parent.parent / "docs" / "flows"
DIAGRAM_LANG: Lang = "en"
PROMPT_CHARS = 60

_DONE = I18n(nl="Klaar", en="Done")
_MENU = I18n(nl="Menu: later aanvullen", en="Menu: add more later")
_YES = I18n(nl="ja", en="yes")
_NO = I18n(nl="nee", en="no")
_ELSE = I18n(nl="anders", en="else")
_NEXT = I18n(nl="volgende", en="next")
_ALL_DONE = I18n(nl="alles gehad", en="done")
_OPTIONAL = I18n(nl="optioneel", en="optional")
_FOR_EACH = I18n(nl="voor elk item van", en="for each item of")
_FIRST_PASS = I18n(nl="eerste ronde", en="first pass")

Pending = list[tuple[str, str | None]]  # (node id, label) edges waiting for the next node


def _escape(text: str) -> str:
    """Make text safe inside a quoted Mermaid label."""
    return (
        text.replace("&", "#amp;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("\n", " ")
    )


def _shorten(text: str, limit: int = PROMPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _node_id(prefix: str, path: str) -> str:
    return f"{prefix}_{path.replace('.*', '').replace('.', '__')}"


def _value(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _condition(when: Condition) -> str:
    if when.equals is not None:
        test = f"{when.key} = {_value(when.equals)}"
    elif when.one_of is not None:
        test = f"{when.key} in {', '.join(_value(v) for v in when.one_of)}"
    else:
        test = f"{when.key} {'answered' if when.answered else 'unanswered'}"
    return f"if not {test}" if when.negate else f"if {test}"


def _join(*labels: str | None) -> str | None:
    present = [label for label in labels if label]
    return " · ".join(present) if present else None


@dataclass
class _Builder:
    lang: Lang
    lines: list[str] = field(default_factory=list)
    edges: list[str] = field(default_factory=list)
    heads: dict[str, str] = field(default_factory=dict)  # group path without indexes → head id

    def declare(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    def connect(self, pending: Pending, target: str, label: str | None = None) -> None:
        for source, own in pending:
            joined = _join(own, label)
            arrow = f'-->|"{_escape(joined)}"|' if joined else "-->"
            self.edges.append(f"    {source} {arrow} {target}")

    def sequence(self, nodes: list[Node], prefix: str, indent: int, pending: Pending) -> Pending:
        for node in nodes:
            path = f"{prefix}{node.key}"
            entered = (
                self.question(node, path, indent, pending)
                if isinstance(node, Question)
                else self.group(node, path, indent, pending)
            )
            if node.when is not None:
                entered += [(source, _join(own, _ELSE.get(self.lang))) for source, own in pending]
            pending = entered
        return pending

    def question(self, node: Question, path: str, indent: int, pending: Pending) -> Pending:
        node_id = _node_id("q", path)
        detail: str = node.kind
        if node.options_from:
            detail += f" ← {node.options_from}"
        elif node.options:
            detail += ": " + " | ".join(o.value for o in node.options)
        if node.scale is not None:
            detail += f" {node.scale.min}..{node.scale.max}"
        if not node.required:
            detail += f", {_OPTIONAL.get(self.lang)}"
        label = (
            f"<b>{_escape(path)}</b> · {_escape(detail)}<br/>"
            f"{_escape(_shorten(node.prompt.get(self.lang)))}"
        )
        self.declare(indent, f'{node_id}["{label}"]')
        self.connect(pending, node_id, _condition(node.when) if node.when else None)
        return [(node_id, None)]

    def group(self, node: Group, path: str, indent: int, pending: Pending) -> Pending:
        lang = self.lang
        if node.repeat == "once":
            title = path
        elif node.repeat == "for_each":
            title = f"{path} · for_each"
        else:
            title = f"{path} · {node.repeat} {node.min}..{node.max}"
            if node.first_pass_max is not None:
                title += f", {_FIRST_PASS.get(lang)} ≤ {node.first_pass_max}"
        self.declare(indent, f'subgraph {_node_id("g", path)}["{_escape(title)}"]')
        condition = _condition(node.when) if node.when else None
        # Shown paths mark a repeat index with "*", as in "personas.*.name".
        child_prefix = f"{path}." if node.repeat == "once" else f"{path}.*."
        if node.repeat == "once" and node.when is None:
            section = self.sequence(node.children, child_prefix, indent + 1, pending)
            self.declare(indent, "end")
            return section

        head = _node_id("h", path)
        self.heads[path.replace(".*", "")] = head
        if node.repeat == "for_each":
            head_label = f"{_FOR_EACH.get(lang)} {node.for_each}"
        else:
            head_label = node.title.get(lang) if node.title else path
        head_label = head_label.replace("{n}", "n").replace("{item}", "item")
        self.declare(indent + 1, f'{head}(["{_escape(head_label)}"])')
        more = _node_id("m", path)
        if node.repeat == "ask_more" and node.min == 0:
            # nothing is required, so "another?" is asked before the first iteration too
            self.connect(pending, more, condition)
        else:
            self.connect(pending, head, condition)
        inner = self.sequence(node.children, child_prefix, indent + 1, [(head, None)])
        out: Pending
        if node.repeat == "ask_more":
            prompt = node.more_prompt.get(lang) if node.more_prompt else "?"
            if node.fold is not None:  # answered by the last multi's done buttons
                prompt += f" ({node.fold.next.get(lang)} / {node.fold.last.get(lang)})"
            self.declare(indent + 1, f'{more}{{"{_escape(_shorten(prompt))}"}}')
            self.connect(inner, more)
            self.connect([(more, _YES.get(lang))], head)
            out = [(more, _NO.get(lang))]
        elif node.repeat == "for_each":
            self.connect(inner, head, _NEXT.get(lang))
            out = [(head, _ALL_DONE.get(lang))]
        else:
            out = inner
        self.declare(indent, "end")
        return out


def flow_to_mermaid(flow: Flow, lang: Lang) -> str:
    """The flow as a Mermaid ``flowchart``, texts in ``lang``."""
    builder = _Builder(lang)
    builder.declare(
        0, f"%% Flow '{flow.id}' v{flow.version}, generated by `python -m flows.diagram`."
    )
    builder.declare(0, "flowchart TD")
    builder.declare(1, f'start(["{_escape(flow.title.get(lang))}"])')
    pending: Pending = [("start", None)]
    for step in flow.steps:
        builder.declare(
            1, f'subgraph step{step.number}["{step.number}. {_escape(step.title.get(lang))}"]'
        )
        pending = builder.sequence(step.nodes, "", 2, pending)
        builder.declare(1, "end")
    builder.declare(1, f'finish(["{_escape(_DONE.get(lang))}"])')
    builder.connect(pending, "finish")
    if flow.menu:
        builder.declare(1, f'menu{{{{"{_escape(_MENU.get(lang))}"}}}}')
        builder.edges.append("    finish -.-> menu")
        for entry in flow.menu:
            target = builder.heads.get(entry)
            if target is not None:
                builder.edges.append(f'    menu -.->|"{_escape(entry)}"| {target}')
    return "\n".join([*builder.lines, *builder.edges]) + "\n"


def diagram_path(flow_id: str, version: int | None = None) -> Path:
    """Where the committed Mermaid diagram of flow ``flow_id`` lives: in ``version`` when
    that is an archived one, else the newest."""
    if version is None:
        return DIAGRAM_DIR / f"{flow_id}.mmd"
    return DIAGRAM_DIR / "archive" / f"{flow_id}.v{version}.mmd"


def shipped_diagrams() -> dict[Path, Flow]:
    """Every diagram there should be, by path: each flow's newest version, then each archived
    version."""
    wanted = {diagram_path(i): BUILTIN_FLOWS.flow(i) for i in BUILTIN_FLOWS.ids()}
    for source in BUILTIN_FLOWS.archived_files():
        flow = load_flow(source)
        wanted[diagram_path(flow.id, flow.version)] = flow
    return wanted


def write_diagrams() -> list[Path]:
    """Regenerate ``docs/flows/<id>.mmd`` for every shipped flow and
    ``docs/flows/archive/<id>.v<N>.mmd`` for every archived version; an archived diagram
    whose version is no longer shipped is removed."""
    wanted = shipped_diagrams()
    for path in sorted((DIAGRAM_DIR / "archive").glob("*.mmd")):
        if path not in wanted:
            path.unlink()
    for path, flow in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(flow_to_mermaid(flow, DIAGRAM_LANG), encoding="utf-8")
    return list(wanted)


if __name__ == "__main__":
    for written_path in write_diagrams():
        sys.stdout.write(f"wrote {written_path}\n")
