"""Tests for linting a pack: every letter rendered and checked, problems traced to files."""

from __future__ import annotations

import json

import pytest

import infointerview as ii
from infointerview._cli.main import main


def make_pack(root, files):
    root.mkdir()
    (root / "pack.toml").write_text('[pack]\nname = "centre"\n', encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


JOB_ASK_EMAIL = """Subject: Hello from a student
{{ greeting }},

I'm {{ requester.name }}. Could you keep me in mind for any openings on your team?

Would you have 20 minutes for a call? Thank you!
"""


class TestLintPack:
    def test_builtin_pack_is_clean(self):
        """Every built-in letter, for every sample pair, has no error or warning."""
        problems = ii.lint_pack(ii.builtin_pack().root)
        assert [] == [p for p in problems if p.severity is not ii.Severity.INFO]

    def test_bad_template_is_named(self, tmp_path):
        """A job ask in a pack's email names that template file and the rule."""
        root = make_pack(tmp_path / "centre", {"outreach/email.txt.j2": JOB_ASK_EMAIL})
        problems = [p for p in ii.lint_pack(root) if p.rule == "no-job-ask"]
        assert {"outreach/email.txt.j2"} == {p.template for p in problems}
        assert str(root / "outreach" / "email.txt.j2") == problems[0].path
        assert "any openings" in problems[0].excerpt

    def test_render_failure_is_a_problem(self, tmp_path):
        """A template that fails at render time is reported, not raised."""
        root = make_pack(
            tmp_path / "centre",
            {"follow_up/email.txt.j2": "Subject: Hi\n{{ contact.nickname }}\n"},
        )
        problems = [p for p in ii.lint_pack(root) if p.rule == "render-error"]
        assert {"follow_up/email.txt.j2"} == {p.template for p in problems}
        assert "contact.nickname" in problems[0].message

    def test_values_reach_builtin_templates(self, tmp_path):
        """A pack's values (here its sign-off) are checked inside the built-in letters too."""
        root = tmp_path / "centre"
        root.mkdir()
        (root / "pack.toml").write_text(
            '[pack]\nname = "centre"\n'
            '[values]\nsign_off = "Please let me know if you are hiring"\n',
            encoding="utf-8",
        )
        assert any(p.rule == "no-job-ask" for p in ii.lint_pack(root))

    def test_to_dict(self, tmp_path):
        """A problem's dict form is JSON-safe."""
        root = make_pack(tmp_path / "centre", {"outreach/email.txt.j2": JOB_ASK_EMAIL})
        problem = ii.lint_pack(root)[0]
        assert problem.to_dict() == json.loads(json.dumps(problem.to_dict()))


class TestLintPackCli:
    def test_clean_pack_exits_0(self, capsys):
        """The built-in pack lints clean."""
        assert 0 == main(["lint-pack", str(ii.builtin_pack().root)])
        assert "0 error(s)" in capsys.readouterr().out

    def test_bad_pack_exits_1_and_names_the_file(self, tmp_path, capsys):
        """A pack with an error-level problem exits 1 and prints the template's path."""
        root = make_pack(tmp_path / "centre", {"outreach/email.txt.j2": JOB_ASK_EMAIL})
        assert 1 == main(["lint-pack", str(root)])
        out = capsys.readouterr().out
        assert f"{root / 'outreach' / 'email.txt.j2'}: error no-job-ask" in out

    def test_json(self, tmp_path, capsys):
        """--format json lists the problems."""
        root = make_pack(tmp_path / "centre", {"outreach/email.txt.j2": JOB_ASK_EMAIL})
        main(["lint-pack", str(root), "--format", "json"])
        data = json.loads(capsys.readouterr().out)
        assert "no-job-ask" in {p["rule"] for p in data["problems"]}

    def test_missing_pack_exits_2(self, tmp_path, capsys):
        """A folder that is not a pack is one clear line and status 2."""
        assert 2 == main(["lint-pack", str(tmp_path / "nope")])
        assert "does not exist" in capsys.readouterr().err

    @pytest.mark.parametrize("flag", [[], ["--include-info"]])
    def test_info_only_on_request(self, flag, capsys):
        """Suggestions are listed only with --include-info."""
        main(["lint-pack", str(ii.builtin_pack().root), *flag])
        assert (" info " in capsys.readouterr().out) == bool(flag)
