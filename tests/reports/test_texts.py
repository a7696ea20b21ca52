import re
from pathlib import Path
from typing import get_args

import reports
from flows.domain import JourneyType, Role, ScenarioKind
from reports.model import GapKind, OwnerItem, Quadrant
from reports.texts import TEXTS


def test_every_text_key_used_in_templates_and_code_exists() -> None:
    root = Path(reports.__file__).parent
    used: set[str] = set()
    for path in [*root.rglob("*.j2"), *root.rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+)["']\s*[,)]""", text))
        used |= set(re.findall(r"""TEXTS\(\s*["']([a-z_]+)["']""", text))
    assert len(used) > 50
    assert used <= set(TEXTS.keys())


def test_keys_built_from_vocabularies_exist() -> None:
    built = (
        [f"kind_{k}" for k in get_args(ScenarioKind)]
        + [f"kind_{k}" for k in get_args(OwnerItem)]
        + [f"gap_{k}" for k in get_args(GapKind)]
        + [f"q_{k}" for k in get_args(Quadrant)]
        + [f"type_{k}" for k in get_args(JourneyType)]
        + [f"role_{k}" for k in get_args(Role)]
    )
    assert set(built) <= set(TEXTS.keys())
