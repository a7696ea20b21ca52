"""The "how a message travels" diagram in docs/architecture.md is the code's real import graph.

Regenerate it with ``.venv/bin/python -m tests.test_architecture`` after moving code between
rooms; the import-linter contracts in pyproject.toml say which arrows are allowed at all.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
README = ROOT / "README.md"
BEGIN, END = "<!-- import-graph:begin -->", "<!-- import-graph:end -->"

# Each room of the code, and how the diagram names it (most specific prefix wins).
ROOMS = {
    "bot.cli": "cli",
    "bot.runtime": "runtime",
    "bot.transports": "transports",
    "bot.chat": "chat",
    "bot.features": "features",
    "bot.conversation": "conversation",
    "bot.settings": "settings",
    "bot.zones": "zones",
    "flows": "flows",
    "storage": "storage",
    "reports": "reports",
}
LABELS = {
    "cli": "bot/cli.py<br/>the journeybot command",
    "runtime": "bot/runtime.py<br/>process wiring",
    "transports": "bot/transports/<br/>Telegram · terminal · HTTP",
    "chat": "bot/chat/<br/>service · routing · delivery",
    "features": (
        "bot/features/<br/>interview · invites · privacy<br/>owner view · reminders · reporting"
    ),
    "conversation": "bot/conversation/<br/>turn · dialogs · texts · outgoing",
    "settings": "bot/settings.py",
    "zones": "bot/zones.py",
    "flows": "flows/<br/>flow files + pure engine",
    "storage": "storage/<br/>SQLAlchemy repositories",
    "reports": "reports/<br/>analysis + rendering",
}


def _room(module: str) -> str | None:
    matches = [prefix for prefix in ROOMS if module == prefix or module.startswith(prefix + ".")]
    return ROOMS[max(matches, key=len)] if matches else None


def import_edges() -> set[tuple[str, str]]:
    """Which room imports which, from the code itself."""
    graph = grimp.build_graph("bot", "flows", "storage", "reports")
    edges = set()
    for module in graph.modules:
        source = _room(module)
        for imported in graph.find_modules_directly_imported_by(module):
            target = _room(imported)
            if source and target and source != target:
                edges.add((source, target))
    return edges


def mermaid(edges: set[tuple[str, str]]) -> str:
    """The import graph as a Mermaid flowchart (arrows point at what is imported)."""
    lines = ["```mermaid", "flowchart TD"]
    lines += [f'    {room}["{LABELS[room]}"]' for room in LABELS]
    lines += [f"    {source} --> {target}" for source, target in sorted(edges)]
    lines.append("```")
    return "\n".join(lines)


def test_the_documented_import_graph_is_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip()
    assert documented == mermaid(import_edges()), (
        "docs/architecture.md is stale: .venv/bin/python -m tests.test_architecture"
    )


def test_a_message_flows_downwards_only() -> None:
    # Nothing below the chat layer reaches back up to a transport or to the chat layer.
    edges = import_edges()
    upward = {(s, t) for s, t in edges if t in ("transports", "chat", "cli", "runtime")}
    allowed = {
        ("cli", "runtime"),
        ("runtime", "transports"),
        ("runtime", "chat"),
        ("transports", "chat"),
    }
    assert upward <= allowed
    assert ("transports", "chat") in edges


def test_the_readme_path_is_made_of_real_imports() -> None:
    # README's "How a message travels" line: each arrow must be an import in the code.
    text = README.read_text(encoding="utf-8")
    path_line = next(line for line in text.splitlines() if line.startswith("bot/transports/ "))
    rooms = [part.strip().strip("/").split("/")[-1] for part in path_line.split("─▶")]
    assert rooms == ["transports", "chat", "features", "conversation"]
    assert set(itertools.pairwise(rooms)) <= import_edges()


if __name__ == "__main__":
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{mermaid(import_edges())}\n{END}{tail}", encoding="utf-8")
    print(f"wrote {DOC}")


def test_bot_writes_no_queries_of_its_own() -> None:
    # Queries live in storage/ (repository functions); bot/ holds sessions, never statements.
    offences = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            offences += [
                f"{path.relative_to(ROOT)}:{node.lineno}: {module}"
                for module in modules
                if module.split(".")[0] == "sqlalchemy" and module != "sqlalchemy.ext.asyncio"
            ]
    assert not offences, offences
