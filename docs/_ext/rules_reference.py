"""Sphinx extension: the ``rules-reference`` directive writes the etiquette rules page.

The page is generated, as MyST Markdown, from the rule registry at build time (ids, severities,
summaries, rationales, sources and each rule's own pass and fail examples), so
the documentation cannot drift from what the rules do.
"""

from __future__ import annotations

from typing import Any

from generated_markdown import markdown_directive
from sphinx.application import Sphinx

import infointerview as ii


def _fence(text: str) -> list[str]:
    fence = "````" if "```" in text else "```"
    return [f"{fence}text", *text.splitlines(), fence, ""]


def _example_lines(title: str, examples: Any) -> list[str]:
    lines = [f"**{title}**", ""]
    for example in examples:
        extra = [f"kind `{example.kind.value}`"]
        if example.channel is not None:
            extra.append(f"channel `{example.channel.value}`")
        lines += [f"{', '.join(extra).capitalize()}:", "", *_fence(example.text)]
    return lines


def rules_markdown() -> list[str]:
    """Return the MyST Markdown of the rules reference."""
    lines: list[str] = []
    for rule in ii.etiquette.rules(plugins=False):
        kinds = ", ".join(f"`{k.value}`" for k in sorted(rule.kinds))
        lines += [
            f"(rule-{rule.id})=",
            f"### `{rule.id}`",
            "",
            f"*{rule.summary}*",
            "",
            f"- **Severity:** `{rule.severity.value}`",
            f"- **Applies to:** {kinds}",
            f"- **Source:** {rule.source}",
        ]
        if rule.suggestion:
            lines.append(f"- **Suggestion:** {rule.suggestion}")
        lines += ["", rule.rationale, ""]
        if rule.passes or rule.fails:
            lines += _example_lines("Passes", rule.passes)
            lines += _example_lines("Flagged", rule.fails)
        if rule.model_pass:
            lines += ["**Passes**", "", rule.model_pass, "", "**Flagged**", "", rule.model_fail]
        lines.append("")
    return lines


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("rules-reference", markdown_directive(rules_markdown, "rules-reference"))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
