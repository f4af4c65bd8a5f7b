"""Checks the browser tests run inside a page: axe-core's accessibility rules, sideways
overflow, cut-off text, and whether a control can really be clicked where it is shown.

axe-core comes from npm (tests/web/package.json; `bin/test` runs `npm ci` for it). The
script is served to the page from its own origin by a Playwright route, so the page's
Content-Security-Policy (script-src 'self') admits it like any of the app's scripts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_PATH = "/__tests__/axe.min.js"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# axe-core's experimental rule that the visible text of a control starts its accessible name.
AXE_OPTIONS = {"rules": {"label-content-name-mismatch": {"enabled": True}}}
# Rules issue 16 named, which count whatever their impact (axe rates some "minor").
NAMED_RULES = ["aria-allowed-role", "html-has-lang", "landmark-one-main"]

RUN_AXE = """async ([options, named]) => {
  const results = await axe.run(document, options);
  return results.violations
    .filter((violation) => ['serious', 'critical'].includes(violation.impact)
      || named.includes(violation.id))
    .flatMap((violation) => violation.nodes.slice(0, 3).map((node) =>
      `${violation.impact} ${violation.id} at ${node.target.join(' ')}: ${node.failureSummary}`));
}"""

# Text cut off with an ellipsis must carry its whole text in a title attribute.
CUT_OFF_TEXT = """() => [...document.querySelectorAll('body *')]
  .filter((el) => getComputedStyle(el).textOverflow === 'ellipsis')
  .filter((el) => el.scrollWidth > el.clientWidth + 1)
  .filter((el) => el.title.trim() !== el.textContent.trim())
  .map((el) => el.textContent.trim().slice(0, 60))"""

# The controls matching `selector` that a pointer cannot reach where they are drawn (no
# scrolling first): outside the viewport, or covered or clipped at their centre.
UNREACHABLE = """(selector) => [...document.querySelectorAll(selector)].filter((el) => {
  const box = el.getBoundingClientRect();
  const outside = box.left < 0 || box.top < 0 || box.right > innerWidth || box.bottom > innerHeight;
  if (outside) return true;
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return !el.contains(hit);
}).map((el) => el.textContent.trim())"""


def use_axe(page: Page) -> None:
    """Serve axe-core to `page` at AXE_PATH on whatever origin it loads."""
    if not AXE_SCRIPT.exists():
        pytest.fail(
            f"axe-core is missing at {AXE_SCRIPT}: `npm ci --prefix tests/web` installs it "
            "(bin/test does).",
            pytrace=False,
        )
    page.route(
        f"**{AXE_PATH}",
        lambda route: route.fulfill(path=AXE_SCRIPT, content_type="text/javascript"),
    )


def axe_violations(page: Page) -> list[str]:
    """axe-core's serious, critical and NAMED_RULES violations of the page (3 nodes each)."""
    if not page.evaluate("() => 'axe' in window"):
        page.add_script_tag(url=AXE_PATH)
    return page.evaluate(RUN_AXE, [AXE_OPTIONS, NAMED_RULES])


def layout_problems(page: Page) -> list[str]:
    """Sideways scrolling of the whole page, and text cut off without its full version."""
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"the page scrolls sideways by {overflow}px")
    problems += [f"cut-off text without a title: {text!r}" for text in page.evaluate(CUT_OFF_TEXT)]
    return problems


def unreachable(page: Page, selector: str) -> list[str]:
    """The texts of the controls matching `selector` that cannot be clicked where they are."""
    return page.evaluate(UNREACHABLE, selector)
