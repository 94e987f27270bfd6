"""Tests for ``infointerview check``: text and JSON output, exit statuses, options."""

from __future__ import annotations

import io
import json

import pytest

from infointerview._cli.main import main

ASK = "Dear Sam,\nCould you refer me for the analyst role?\n"


class TestCheckCommand:
    def test_text_lines_and_exit_one(self, tmp_path, capsys):
        """An error-level finding prints path:line:col and exits 1."""
        draft = tmp_path / "draft.txt"
        draft.write_text(ASK, encoding="utf-8")
        status = main(["check", "--select", "no-job-ask", str(draft)])
        out = capsys.readouterr().out
        expected = f"{draft}:2:11: error no-job-ask "
        assert (1, expected) == (status, out[: len(expected)])

    def test_clean_file_exits_zero(self, tmp_path, capsys):
        """A clean message prints nothing and exits 0."""
        draft = tmp_path / "ok.txt"
        draft.write_text("How did you land your first job?", encoding="utf-8")
        assert 0 == main(["check", "--kind", "question", str(draft)])
        assert "" == capsys.readouterr().out

    def test_warnings_alone_exit_zero(self, monkeypatch, capsys):
        """Warnings and suggestions are printed but do not fail the command."""
        monkeypatch.setattr("sys.stdin", io.StringIO("Would you have an hour to talk?"))
        assert 0 == main(["check", "-"])
        assert "<stdin>:1:16: warning time-ask" in capsys.readouterr().out

    def test_json_output(self, monkeypatch, capsys):
        """--format json prints the versioned document with line and column."""
        monkeypatch.setattr("sys.stdin", io.StringIO(ASK))
        assert 1 == main(["check", "--format", "json", "--select", "no-job-ask", "-"])
        document = json.loads(capsys.readouterr().out)
        [finding] = document["files"][0]["findings"]
        assert ("infointerview.findings", 1, "<stdin>", "no-job-ask", 2, 11) == (
            document["schema"],
            document["version"],
            document["files"][0]["path"],
            finding["rule"],
            finding["line"],
            finding["column"],
        )

    def test_ignore_and_comma_lists(self, monkeypatch, capsys):
        """--ignore takes comma-separated ids."""
        monkeypatch.setattr("sys.stdin", io.StringIO(ASK))
        assert 0 == main(
            ["check", "--select", "no-job-ask,time-ask", "--ignore", "no-job-ask", "-"]
        )

    def test_unknown_rule_is_usage_error(self, monkeypatch, capsys):
        """An unknown rule id exits 2 with a message naming the valid ids."""
        monkeypatch.setattr("sys.stdin", io.StringIO("hi"))
        assert 2 == main(["check", "--select", "no-such-rule", "-"])
        assert "no-job-ask" in capsys.readouterr().err

    def test_missing_and_binary_files_are_usage_errors(self, tmp_path, capsys):
        """A missing file or one that is not UTF-8 exits 2 naming it."""
        binary = tmp_path / "x.bin"
        binary.write_bytes(b"\xff\xfe\x00bad")
        assert 2 == main(["check", str(tmp_path / "missing.txt")])
        assert 2 == main(["check", str(binary)])
        assert "not UTF-8" in capsys.readouterr().err

    def test_bad_kind_is_usage_error(self):
        """An unknown --kind is an argparse usage error (exit 2)."""
        with pytest.raises(SystemExit) as info:
            main(["check", "--kind", "memo", "-"])
        assert 2 == info.value.code

    def test_channel_limit(self, monkeypatch, capsys):
        """--channel applies the channel's limit; --linkedin-premium raises it."""
        note = "As a fellow alum, could we talk for 20 minutes? " + "x" * 200
        monkeypatch.setattr("sys.stdin", io.StringIO(note))
        assert 1 == main(["check", "--channel", "linkedin-note", "-"])
        monkeypatch.setattr("sys.stdin", io.StringIO(note))
        assert 0 == main(["check", "--channel", "linkedin-note", "--linkedin-premium", "-"])


class TestFailOn:
    def test_warnings_fail_only_when_asked(self, tmp_path):
        """A draft with no time ask exits 0 by default and 1 under --fail-on warning."""
        from infointerview._cli.main import main

        draft = tmp_path / "draft.txt"
        draft.write_text(
            "Dear Ms. Lee,\n\nAs a fellow Northbay alum, I admire your work on bridges. "
            "Could we talk about your path sometime?\n\nBest,\nMaya",
            encoding="utf-8",
        )
        assert 0 == main(["check", str(draft)])
        assert 1 == main(["check", "--fail-on", "warning", str(draft)])
        assert 1 == main(["check", "--fail-on", "info", str(draft)])
