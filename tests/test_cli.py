"""Tests for the command line's shell: --version, --help and error handling."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import infointerview as ii
from infointerview._cli.main import main


class TestCli:
    def test_version(self, capsys):
        """--version prints the program name and version."""
        assert 0 == main(["--version"])
        assert f"infointerview {ii.__version__}\n" == capsys.readouterr().out

    def test_version_after_other_options(self, capsys):
        """--version among other arguments is argparse's, with the same output."""
        with pytest.raises(SystemExit) as info:
            main(["--version", "check"])
        assert 0 == info.value.code
        assert f"infointerview {ii.__version__}\n" == capsys.readouterr().out

    def test_help(self, capsys):
        """--help describes the program."""
        with pytest.raises(SystemExit):
            main(["--help"])
        assert "informational interviews" in capsys.readouterr().out

    def test_no_command_prints_help(self, capsys):
        """With no command, the usage is printed and the exit status is 0."""
        assert main([]) == 0
        assert "usage: infointerview" in capsys.readouterr().out

    def test_unknown_option_is_usage_error(self, capsys):
        """An unknown option exits with status 2."""
        with pytest.raises(SystemExit) as info:
            main(["--frobnicate"])
        assert info.value.code == 2

    def test_module_entry_point(self):
        """python -m infointerview runs the same command."""
        out = subprocess.run(
            [sys.executable, "-m", "infointerview", "--version"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.startswith("infointerview ")


class TestPipes:
    def test_closed_pipe_is_quiet(self):
        """A reader that stops early (| head) ends the command with status 0, no traceback."""
        read_end, write_end = os.pipe()
        os.close(read_end)  # nobody will ever read: the first write fails
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "infointerview", "questions", "--format", "json"],
                stdout=write_end,
                capture_output=False,
                stderr=subprocess.PIPE,
                timeout=60,
                check=False,
            )
        finally:
            os.close(write_end)
        assert (0, b"") == (proc.returncode, proc.stderr)
