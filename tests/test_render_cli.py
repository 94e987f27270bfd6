"""Tests for the render subcommand."""

from __future__ import annotations

import json

import infointerview as ii
from infointerview import samples
from infointerview._cli.main import main


class TestRenderCommand:
    def test_sample_outreach(self, capsys):
        """--sample renders the sample outreach on the contact's channel."""
        assert 0 == main(["render", "outreach", "--sample"])
        expected = ii.Renderer().outreach(samples.requester(), samples.contact()).text
        assert expected == capsys.readouterr().out

    def test_files(self, tmp_path, capsys):
        """The requester and contact can come from JSON and TOML files."""
        (tmp_path / "r.json").write_text(
            json.dumps(samples.requester().to_dict()), encoding="utf-8"
        )
        (tmp_path / "c.toml").write_text(
            'name = "Madonna"\nsource = "linkedin"\n', encoding="utf-8"
        )
        code = main(
            [
                "render",
                "follow-up",
                "--requester",
                str(tmp_path / "r.json"),
                "--contact",
                str(tmp_path / "c.toml"),
                "--channel",
                "email",
            ]
        )
        assert 0 == code
        assert capsys.readouterr().out.startswith("Subject: Following up")

    def test_eml_format(self, capsys):
        """--format eml prints an email message, on the email channel."""
        assert 0 == main(["render", "thank-you", "--sample", "--format", "eml"])
        assert "Subject: Thank you for our conversation" in capsys.readouterr().out

    def test_error_is_one_line(self, tmp_path, capsys):
        """A refused template prints one clear line and exits non-zero, without a traceback."""
        (tmp_path / "pack.toml").write_text('[pack]\nname = "p"\n', encoding="utf-8")
        (tmp_path / "outreach").mkdir()
        (tmp_path / "outreach" / "email.txt.j2").write_text(
            "{{ contact.__class__ }}", encoding="utf-8"
        )
        code = main(
            ["render", "outreach", "--sample", "--channel", "email", "--pack", str(tmp_path)]
        )
        err = capsys.readouterr().err
        assert (2, 1) == (code, len(err.strip().splitlines()))
        assert err.startswith(
            "infointerview: error: outreach/email.txt.j2, line 1: refused by the sandbox"
        )

    def test_missing_file(self, tmp_path, capsys):
        """A missing input file is a one-line error."""
        assert 2 == main(
            ["render", "outreach", "--requester", str(tmp_path / "nope.toml"), "--sample"]
        )
        assert "--requester" in capsys.readouterr().err
