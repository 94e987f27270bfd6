"""Shared by the local extensions that write a page's Markdown at build time.

:func:`markdown_directive` turns a function returning MyST Markdown lines into
a directive that parses them in place, so a generated reference (the rules,
the command line) is built from the code it documents and cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles


def markdown_directive(make_lines: Callable[[], list[str]], source: str) -> type[SphinxDirective]:
    """Return a directive class that inserts the Markdown *make_lines* returns."""

    class GeneratedMarkdown(SphinxDirective):
        has_content = False

        def run(self) -> list[nodes.Node]:
            container = nodes.section()
            container.document = self.state.document
            content = StringList(make_lines(), source=f"<{source}>")
            nested_parse_with_titles(self.state, content, container)
            return list(container.children)

    GeneratedMarkdown.__doc__ = f"Insert the generated {source}."
    return GeneratedMarkdown
