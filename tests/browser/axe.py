"""Accessibility checks with axe-core, injected from node_modules into the page under test."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

# WCAG 2.2 level A and AA, as axe-core tags them (2.2 added only AA rules that axe can test).
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


@cache
def axe_source() -> str:
    """The text of axe.min.js; a clear failure if the npm packages are not installed."""
    path = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
    if not path.exists():
        raise AssertionError(f"axe-core is not installed at {path}: run `npm ci` in the project folder.")
    return path.read_text(encoding="utf-8")


def run_axe(page) -> list[dict]:
    """axe-core's violations for the page as it is now (WCAG 2.2 A and AA rules only)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol: the page's Content-Security-Policy refuses
        # inline script tags, as it should.
        page.evaluate(axe_source())
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary, html: n.html})),
            }));
        }""",
        list(WCAG_TAGS),
    )


def describe_violations(violations: list[dict], url: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
            lines.extend(
                f"      {line.strip()}" for line in (node["summary"] or "").splitlines() if line.strip()
            )
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Fail, listing each rule, its impact and the elements, if axe finds any WCAG 2.2 A/AA violation."""
    violations = run_axe(page)
    if violations:
        raise AssertionError(describe_violations(violations, page.url))
