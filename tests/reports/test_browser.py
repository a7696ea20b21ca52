"""The rendered report opened in real headless Chromium (Debian package ``chromium``).

No network: chromium runs with a dead proxy and a resolver that finds nothing, and the test
fails if the page asks for anything but local files. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.domain import JourneyMapData
from reports import build, load_sample, render
from tests.reports import axe
from tests.reports.cdp import Page, browser_page, find_chromium
from tests.reports.factories import ATTR, SCRIPT, hostile_map, hostile_wide_map
from tests.support.tools import missing_tool

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        missing_tool("chromium not found (apt-get install chromium, or set $CHROMIUM)")
    return found


@pytest.fixture(scope="module")
def axe_script() -> str:
    """axe-core's source (scripts/test fetches it; on a fresh checkout this does)."""
    return axe.axe_source()


async def open_report(page: Page, data: JourneyMapData, tmp_path: Path, name: str) -> None:
    page_file = tmp_path / f"{name}.html"
    page_file.write_bytes(render(build(data), "html"))
    await page.goto(page_file.as_uri())


MAPS = {"demo": load_sample, "hostile": hostile_wide_map}


@pytest.mark.parametrize("name", list(MAPS))
async def test_no_serious_accessibility_violation(
    chromium: str, axe_script: str, tmp_path: Path, name: str
) -> None:
    """axe-core's WCAG rules (contrast, keyboard-reachable scroll boxes, table headers...)
    at desktop and phone width: nothing serious or critical, no empty header cell."""
    async with browser_page(chromium, tmp_path / "profile") as page:
        for width, height, mobile in ((1400, 900, False), (390, 844, True)):
            await page.viewport(width, height, mobile=mobile)
            await open_report(page, MAPS[name](), tmp_path, name)
            await page.evaluate(axe_script)
            found = axe.failing(await page.evaluate(axe.RUN, await_promise=True))
            assert found == [], f"axe-core at {width}px:\n{axe.describe(found)}"
        assert page.problems == []
        assert [u for u in page.requests if not u.startswith(("file:", "data:"))] == []


async def test_sample_report_in_chromium(chromium: str, tmp_path: Path) -> None:
    report = build(load_sample())
    page_file = tmp_path / "report.html"
    page_file.write_bytes(render(report, "html"))
    async with browser_page(chromium, tmp_path / "profile") as page:
        await page.viewport(1400, 900)
        await page.goto(page_file.as_uri())
        for scenario in report.scenarios:
            sel = f'[data-scenario="{scenario.id}"]'
            stages = await page.evaluate(
                f"""[...document.querySelectorAll('{sel} thead th[data-stage]')]
                    .map(e => e.dataset.stage)"""
            )
            assert stages == [s.key for s in report.stages]
            lanes = await page.evaluate(
                f"[...document.querySelectorAll('{sel} tr[data-lane]')].map(e => e.dataset.lane)"
            )
            # the colleagues' back office is a lane of the maps of today, not of the wish; the
            # actions lane only where an event has actions apart (owner flow v1 asked them)
            backstage = ["backstage"] if scenario.kind != "desired" else []
            acted = any(e.actions for lane in scenario.lanes for e in lane.events)
            assert lanes == [
                "stages",
                "events",
                *(["actions"] if acted else []),
                "thoughts",
                "emotion",
                "touchpoints",
                *backstage,
                "pain",
                "mot",
                "ideas",
            ]
            cells = await page.evaluate(
                f"document.querySelectorAll('{sel} tr[data-lane=\"events\"] td[data-stage]').length"
            )
            assert cells == len(report.stages)
            points = await page.evaluate(
                f"""[...document.querySelectorAll('{sel} svg.curve circle[data-event]')]
                    .map(e => e.dataset.event)"""
            )
            assert points == [p.event_id for p in scenario.curve.points]
            # each point sits above its own event column
            misaligned = await page.evaluate(
                f"""[...document.querySelectorAll('{sel} svg.curve circle[data-event]')]
                  .filter(c => {{
                    const cell = document.querySelector(
                      '{sel} [data-event-cell="' + c.dataset.event + '"]');
                    const a = c.getBoundingClientRect(), b = cell.getBoundingClientRect();
                    const mid = a.left + a.width / 2;
                    return mid < b.left || mid > b.right;
                  }}).length"""
            )
            assert misaligned == 0
        charts = await page.evaluate(
            "[...document.querySelectorAll('svg[data-chart]')].map(e => e.dataset.chart)"
        )
        assert charts == ["personas", "views"]
        await page.screenshot(ARTIFACTS / "report-desktop.png")

        await page.viewport(390, 844, mobile=True)
        await page.goto(page_file.as_uri())
        overflow = await page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, "the page itself must not scroll sideways on a phone"
        scrolls = await page.evaluate(
            "[...document.querySelectorAll('.map-scroll')]"
            ".every(e => e.scrollWidth > e.clientWidth)"
        )
        assert scrolls, "the map scrolls horizontally inside its own box"
        await page.screenshot(ARTIFACTS / "report-phone.png", full_page=False)

        assert page.problems == []
        assert [u for u in page.requests if not u.startswith(("file:", "data:"))] == []
    assert (ARTIFACTS / "report-desktop.png").stat().st_size > 10_000


async def test_hostile_answers_stay_text(chromium: str, tmp_path: Path) -> None:
    page_file = tmp_path / "hostile.html"
    page_file.write_bytes(render(build(hostile_map()), "html"))
    async with browser_page(chromium, tmp_path / "profile") as page:
        await page.goto(page_file.as_uri())
        assert await page.evaluate("typeof window.__pwned") == "undefined"
        assert await page.evaluate("document.querySelectorAll('img, script').length") == 0
        text = await page.evaluate("document.body.textContent")
        assert SCRIPT in text
        assert ATTR in text
        title = await page.evaluate("document.title")
        assert SCRIPT in title
        persona = await page.evaluate("document.querySelector('.persona-name').textContent")
        assert persona == f"Eve {SCRIPT}"
        svg_titles = await page.evaluate(
            "[...document.querySelectorAll('svg.curve title')].map(e => e.textContent).join(' ')"
        )
        assert SCRIPT in svg_titles
        await page.screenshot(ARTIFACTS / "report-hostile.png")
        assert page.problems == []
        assert [u for u in page.requests if not u.startswith(("file:", "data:"))] == []


# Words (runs of letters and digits) inside the selected elements whose letters land on more
# than one line: a word broken in the middle.
BROKEN_WORDS = """
(sel => {
  const broken = [];
  for (const root of document.querySelectorAll(sel)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (const m of node.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()]
          .filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
})
"""


@pytest.mark.parametrize("name", list(MAPS))
async def test_layout_uses_the_width_and_keeps_words_whole(
    chromium: str, tmp_path: Path, name: str
) -> None:
    """At 1600 px a nine-stage map needs no sideways scrolling; on a phone the lane labels
    and the impact/effort matrix wrap between words (a word wider than the phone aside)."""
    async with browser_page(chromium, tmp_path / "profile") as page:
        await page.viewport(1600, 1000)
        await open_report(page, MAPS[name](), tmp_path, name)
        overflow = await page.evaluate(
            "[...document.querySelectorAll('.map-scroll')].map(e => e.scrollWidth - e.clientWidth)"
        )
        assert len(overflow) == len(MAPS[name]().scenarios)  # a box per scenario
        assert max(overflow) <= 1, f"maps scroll sideways by {overflow} px"

        await page.viewport(390, 844, mobile=True)
        await open_report(page, MAPS[name](), tmp_path, name)
        broken = await page.evaluate(f"{BROKEN_WORDS}('.lane-label, .matrix')")
        assert [w for w in broken if len(w) < 25] == []
        assert await page.evaluate("document.querySelectorAll('.matrix .cell').length") == 9
        await page.screenshot(ARTIFACTS / f"report-{name}-phone.png")
