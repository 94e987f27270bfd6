"""Tests for the documentation's generated command-line reference."""

from __future__ import annotations

import argparse
import importlib.util
import pathlib
import sys

from infointerview._cli.main import build_parser

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _cli_reference():
    # The extension imports its sibling helper, as Sphinx finds it via conf.py.
    extensions = str(ROOT / "docs" / "_ext")
    sys.path.insert(0, extensions)
    try:
        path = ROOT / "docs" / "_ext" / "cli_reference.py"
        spec = importlib.util.spec_from_file_location("cli_reference", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(extensions)
    return module


def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for subparser in action.choices.values():
                yield from _parsers(subparser)


class TestCliReference:
    def test_every_command_has_a_section(self):
        """Each command and subcommand of the parser gets its own heading, in parser order."""
        lines = _cli_reference().cli_markdown()
        headings = [line for line in lines if line.startswith("## ")]
        assert [f"## `{p.prog}`" for p in _parsers(build_parser())] == headings

    def test_every_option_is_documented(self):
        """Every option string of every command appears in the generated page."""
        page = "\n".join(_cli_reference().cli_markdown())
        missing = [
            option
            for parser in _parsers(build_parser())
            for action in parser._actions
            for option in action.option_strings
            if option not in page
        ]
        assert [] == missing

    def test_help_is_fenced_and_uncoloured(self):
        """The help text sits in text blocks with no terminal escape codes."""
        lines = _cli_reference().cli_markdown()
        assert (lines.count("```text"), False) == (
            len(list(_parsers(build_parser()))),
            any("\x1b" in line for line in lines),
        )


class TestCodeBlocks:
    # Fences that run (doctest), generate (directives) or are plainly not Python.
    ALLOWED = frozenset(
        {
            "{doctest}",
            "{toctree}",
            "{eval-rst}",
            "{include}",
            "{literalinclude}",
            "{rules-reference}",
            "{cli-reference}",
            "{openapi-reference}",
            "text",
            "console",
            "toml",
            "json",
            "sh",
            "systemd",
            "dockerfile",
        }
    )

    def test_every_block_runs_or_is_not_python(self):
        """No docs page has a Python (or unlabelled) block that escapes the doctest run."""
        found = set()
        for page in sorted((ROOT / "docs").rglob("*.md")):
            if "_build" in page.parts:
                continue
            fence = None
            for line in page.read_text(encoding="utf-8").splitlines():
                stripped = line.strip()
                if fence is None and stripped.startswith("```"):
                    fence = stripped[: len(stripped) - len(stripped.lstrip("`"))]
                    language = stripped.lstrip("`").split()[0] if stripped.lstrip("`") else ""
                    found.add((page.relative_to(ROOT).as_posix(), language))
                elif fence is not None and stripped == fence:
                    fence = None
        assert [] == sorted((page, lang) for page, lang in found if lang not in self.ALLOWED)
