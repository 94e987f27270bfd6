"""Sphinx extension: the ``cli-reference`` directive writes the command-line reference.

The page is generated at build time from the argument parser the command
itself uses, ``infointerview._cli.main.build_parser()``: one section per command
(and per nested subcommand), with its one-line summary and its ``--help``
text. A subcommand added to the parser appears here on the next
build, so the reference cannot drift from the command.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from typing import Any

from generated_markdown import markdown_directive
from sphinx.application import Sphinx

from infointerview._cli.main import build_parser

#: The width the help text is wrapped to, whatever the terminal of the build.
HELP_COLUMNS = "88"


def _subcommands(
    parser: argparse.ArgumentParser,
) -> Iterator[tuple[str, str | None, argparse.ArgumentParser]]:
    """Yield each subcommand's name, one-line help and parser, depth first."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        summaries = {choice.dest: choice.help for choice in action._choices_actions}
        for name, subparser in action.choices.items():
            yield name, summaries.get(name), subparser
            yield from _subcommands(subparser)


def _help(parser: argparse.ArgumentParser) -> list[str]:
    """Return the parser's ``--help`` as a fenced text block, wrapped at a fixed width."""
    # A fixed width, and no colour codes (argparse colours help on Python 3.14).
    fixed = {"COLUMNS": HELP_COLUMNS, "NO_COLOR": "1"}
    saved = {name: os.environ.get(name) for name in fixed}
    os.environ.update(fixed)
    try:
        text = parser.format_help()
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    fence = "````" if "```" in text else "```"
    return [f"{fence}text", *text.rstrip().splitlines(), fence, ""]


def cli_markdown() -> list[str]:
    """Return the MyST Markdown of the command-line reference."""
    parser = build_parser()
    lines = ["(cli-infointerview)=", f"## `{parser.prog}`", "", *_help(parser)]
    for _name, summary, subparser in _subcommands(parser):
        anchor = "cli-" + subparser.prog.removeprefix(f"{parser.prog} ").replace(" ", "-")
        lines += [f"({anchor})=", f"## `{subparser.prog}`", ""]
        if summary:
            lines += [f"*{summary[:1].upper()}{summary[1:]}.*", ""]
        lines += _help(subparser)
    return lines


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("cli-reference", markdown_directive(cli_markdown, "cli-reference"))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
