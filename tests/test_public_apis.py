"""No module reaches into another distribution's private names.

A `_`-prefixed module or attribute of python-telegram-bot, SQLAlchemy or any other library can
change in any release; the project uses only their public API. This reads every Python file
of the project and checks its imports and the attributes it takes from imported libraries.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = {"bot", "flows", "storage", "reports", "tests", "bench", "testkit", "alembic_env"}
SOURCES = ("bot", "flows", "storage", "reports", "tests", "bench", "testkit")


def _private(dotted: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in dotted.split("."))


def private_uses(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """``(line, name)`` for each private name of another distribution that ``tree`` uses."""
    ours: set[str] = {"self", "cls"}  # names whose private attributes are the project's own
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in OURS:
                    ours.add(alias.asname or alias.name.split(".")[0])
                    continue
                if _private(alias.name):
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in OURS:
                ours.update(alias.asname or alias.name for alias in node.names)
                continue
            for alias in node.names:
                dotted = f"{node.module}.{alias.name}"
                if _private(dotted):
                    yield node.lineno, dotted
    # Any other object's private attribute (a library's object, e.g. ``app.bot._x``).
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            root = node.value
            while isinstance(root, ast.Attribute | ast.Call | ast.Subscript):
                root = root.func if isinstance(root, ast.Call) else root.value
            if not (isinstance(root, ast.Name) and root.id in ours):
                name = root.id if isinstance(root, ast.Name) else "…"
                yield node.lineno, f"{name}….{node.attr}"


def test_the_check_finds_private_names() -> None:
    code = (
        "from telegram._utils.types import ODVInput\n"
        "import sqlalchemy\n"
        "from sqlalchemy.util import concurrency\n"
        "x = sqlalchemy.util._concurrency_py3k\n"
        "y = concurrency._util_async\n"
        "from bot.chat import _private_is_ours\n"
        "from bot.chat import service\n"
        "z = service._ours_too\n"
        "app.bot._rate_limiter = None\n"
        "self._mine = 1\n"
    )
    found = sorted(name for _, name in private_uses(ast.parse(code)))
    assert found == [
        "app…._rate_limiter",
        "concurrency…._util_async",
        "sqlalchemy…._concurrency_py3k",
        "telegram._utils.types.ODVInput",
    ]


def test_no_module_uses_a_private_name_of_another_distribution() -> None:
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for folder in SOURCES
        if (ROOT / folder).is_dir()
        for path in sorted((ROOT / folder).rglob("*.py"))
        for line, name in private_uses(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not offences, "\n".join(offences)
