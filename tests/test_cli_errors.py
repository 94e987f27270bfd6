"""Tests that every command answers bad input with one error line and a non-zero exit."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from infointerview._cli import main as cli
from infointerview._cli.main import main

DEEP = 100_000
COMMAND = (sys.executable, "-m", "infointerview")


def _files(folder):
    """Write the bad input files into *folder* and return their paths by name."""
    contents = {
        "deep-list.json": '{"name": ' + "[" * DEEP + "]" * DEEP + "}",
        "deep-object.json": '{"a": ' * DEEP + "1" + "}" * DEEP,
        "deep.toml": "name = " + "[" * DEEP + "]" * DEEP,
        "huge-int.json": '{"name": ' + "9" * 5000 + "}",
        "list.json": "[1, 2]",
        "nan.json": '{"name": NaN}',
        "surrogate.json": '{"name": "\\ud800"}',
        "duration.json": json.dumps(
            {"mode": "video", "start": "2027-03-10T14:00:00-04:00", "duration": 10**13}
        ),
        "year-1.json": json.dumps({"mode": "video", "start": "0001-01-01T00:00:00+05:00"}),
        "year-9999.json": json.dumps({"mode": "video", "start": "9999-12-31T23:59:00-05:00"}),
        "folder-zone.json": json.dumps(
            {"mode": "video", "start": "2027-03-10T14:00:00-04:00[America]"}
        ),
        "dst-gap.json": json.dumps(
            {"mode": "video", "start": "2026-03-08T02:30:00-08:00[America/Los_Angeles]"}
        ),
        "bank.toml": "[[questions]]\nid = 5\n",
        "deep-bank.toml": "x = " + "[" * DEEP + "]" * DEEP,
        "deep.jsonl": '{"text": ' + "[" * DEEP + "]" * DEEP + "}\n",
    }
    paths = {}
    for name, text in contents.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths[name] = str(folder / name)
    (folder / "latin-1.json").write_bytes(b'{"name": "\xe9"}')
    paths["latin-1.json"] = str(folder / "latin-1.json")
    return paths


def _cases():
    contact = ["render", "outreach", "--sample", "--contact"]
    meeting = ["render", "thank-you", "--sample", "--meeting"]
    return {
        "contact deep list": [*contact, "deep-list.json"],
        "contact deep object": [*contact, "deep-object.json"],
        "contact deep toml": [*contact, "deep.toml"],
        "contact huge int": [*contact, "huge-int.json"],
        "contact list": [*contact, "list.json"],
        "contact nan": [*contact, "nan.json"],
        "contact surrogate": [*contact, "surrogate.json"],
        "contact latin-1": [*contact, "latin-1.json"],
        "contact folder": [*contact, "."],
        "meeting duration": [*meeting, "duration.json"],
        "meeting year 1": [*meeting, "year-1.json"],
        "meeting year 9999": [*meeting, "year-9999.json"],
        "meeting folder zone": [*meeting, "folder-zone.json"],
        "meeting dst gap": [*meeting, "dst-gap.json"],
        "render style": ["render", "outreach", "--sample", "--style", "x" * 10_000],
        "check unknown rule": ["check", "list.json", "--select", "5"],
        "check latin-1": ["check", "latin-1.json"],
        "check folder": ["check", "."],
        "questions minutes": ["questions", "--minutes", str(10**13)],
        "questions negative": ["questions", "--max-questions", "-1"],
        "questions category": ["questions", "--category", "nope"],
        "questions bank": ["questions", "--bank", "bank.toml"],
        "questions deep bank": ["questions", "--bank", "deep-bank.toml"],
        "questions field": ["questions", "--field", "\x00"],
        "lint-pack file": ["lint-pack", "list.json"],
        "batch format": ["batch", "list.json", "--out", "out.jsonl"],
        "batch deep row": ["batch", "deep.jsonl", "--out", "out.jsonl"],
    }


class TestBadInput:
    @pytest.mark.parametrize("name", sorted(_cases()))
    def test_one_line_and_exit_2(self, name, tmp_path, monkeypatch, capsys):
        """Bad input gives exit status 2 and one error line naming the problem, no traceback."""
        _files(tmp_path)
        monkeypatch.chdir(tmp_path)
        code = main(_cases()[name])
        err = capsys.readouterr().err
        lines = err.splitlines()
        assert 2 == code
        assert "Traceback" not in err
        assert lines
        # batch reports each bad row on its own line, as its reference documents.
        assert name.startswith("batch") or 1 == len(lines), err
        assert all(line.startswith("infointerview") and len(line) <= 1100 for line in lines)


class TestUnexpectedErrors:
    def test_bug_is_one_line(self, monkeypatch, capsys):
        """An exception the library did not mean to raise still gives one line, exit 70."""

        def broken(args):
            raise RecursionError("maximum recursion depth exceeded")

        monkeypatch.setattr(cli, "build_parser", _parser_with(broken))
        assert cli.EXIT_SOFTWARE == main(["broken"])
        err = capsys.readouterr().err
        assert (
            "infointerview: error: internal error (RecursionError: maximum recursion depth "
            "exceeded); please report it with the command that caused it\n" == err
        )

    def test_interrupt(self, monkeypatch, capsys):
        """Ctrl-C ends the command with status 130 and one line."""

        def interrupted(args):
            raise KeyboardInterrupt

        monkeypatch.setattr(cli, "build_parser", _parser_with(interrupted))
        assert 130 == main(["broken"])
        assert "infointerview: error: interrupted\n" == capsys.readouterr().err

    def test_multi_line_message_is_one_line(self, monkeypatch, capsys):
        """A library error whose message spans lines is printed on one."""
        import infointerview as ii

        def failing(args):
            raise ii.RenderError("first\nsecond", template="t.j2")

        monkeypatch.setattr(cli, "build_parser", _parser_with(failing))
        assert 2 == main(["broken"])
        assert "infointerview: error: t.j2: first second\n" == capsys.readouterr().err


def _parser_with(handler):
    import argparse

    def build():
        parser = argparse.ArgumentParser(prog="infointerview")
        sub = parser.add_subparsers()
        sub.add_parser("broken").set_defaults(handler=handler)
        return parser

    return build


class TestProcess:
    def test_no_traceback_from_the_installed_command(self, tmp_path):
        """Run as a process, a deeply nested contact file gives one line and status 2."""
        paths = _files(tmp_path)
        result = subprocess.run(
            [*COMMAND, "render", "outreach", "--sample", "--contact", paths["deep-list.json"]],
            capture_output=True,
            text=True,
            check=False,
        )
        assert 2 == result.returncode
        assert [
            "infointerview: error: --contact: must be valid TOML or JSON nested less deeply; "
            f"got {paths['deep-list.json']!r}"
        ] == result.stderr.splitlines()
