"""axe-core (Deque's accessibility rules engine) for the report-in-browser tests.

The pinned release is fetched once from the npm registry, checked against the registry's
sha512 integrity and cached under .cache/ (ignored by git); scripts/test fetches it before the
tests run (``python -m tests.reports.axe``), so a fresh machine and CI need nothing else.
The browser itself never goes online: the test reads the file and injects it into the page.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

VERSION = "4.14.1"
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
INTEGRITY = (  # the registry's dist.integrity for this version
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCK"
    "g2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)
CACHE = Path(__file__).resolve().parents[2] / ".cache" / f"axe-core-{VERSION}" / "axe.min.js"
SEVERE = ("serious", "critical")
# Rules the report must pass whatever impact axe gives them: issue 14 names empty header cells,
# and two scroll boxes with one name cannot be told apart by a screen reader.
ALWAYS = ("empty-table-header", "landmark-unique")


def axe_source() -> str:
    """axe.min.js of the pinned release, downloaded and verified on first use."""
    if not CACHE.exists():
        with urllib.request.urlopen(TARBALL, timeout=60) as response:
            data = response.read()
        digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
        if digest != INTEGRITY:
            raise RuntimeError(f"axe-core {VERSION}: integrity {digest} != {INTEGRITY}")
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            member = tar.extractfile("package/axe.min.js")
            if member is None:
                raise RuntimeError(f"axe-core {VERSION}: no package/axe.min.js in {TARBALL}")
            script = member.read()
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        partial = CACHE.with_suffix(".part")
        partial.write_bytes(script)
        partial.replace(CACHE)
    return CACHE.read_text(encoding="utf-8")


# Run in the page after axe.min.js: every WCAG 2.x A/AA rule plus best practices, the
# violations reduced to what a reader of a failing test needs.
RUN = """
axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
})))
"""


def failing(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The violations axe rates serious or critical, and any of the ``ALWAYS`` rules."""
    return [v for v in violations if v["impact"] in SEVERE or v["id"] in ALWAYS]


def describe(violations: list[dict[str, Any]], limit: int = 5) -> str:
    """One readable block per rule: its impact and help, then up to ``limit`` elements."""
    lines: list[str] = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} elements)")
        for node in v["nodes"][:limit]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}: {summary[:300]}")
    return "\n".join(lines)


if __name__ == "__main__":
    axe_source()
    sys.stdout.write(f"axe-core {VERSION}: {CACHE}\n")
