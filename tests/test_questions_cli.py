"""Tests for the ``infointerview questions`` command."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import jsonschema
import pytest

from infointerview._cli.main import main

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "reference" / "questions.schema.json").read_text("utf-8"))


def run(capsys, *args):
    status = main(["questions", *args])
    out, err = capsys.readouterr()
    return status, out, err


class TestQuestionsCommand:
    def test_done_when(self, capsys):
        """The issue's example prints a personalised list that fits and ends with the asks."""
        status, out, err = run(
            capsys,
            "--category",
            "career-advice",
            "--category",
            "industry-trends",
            "--minutes",
            "20",
            "--field",
            "accounting",
        )
        assert (0, "") == (status, err)
        lines = out.splitlines()
        assert "of 20 minutes" in lines[0]
        assert "Industry trends" in lines
        assert "Career advice" in lines
        assert "Closing asks" in lines
        assert "accounting" in out
        assert "{" not in out
        closing = lines[lines.index("Closing asks") + 1 :]
        assert all(line.startswith(" ") for line in closing)  # no section after it
        assert closing[0].endswith("two other people it would be worth my speaking with? (1 min)")
        assert closing[1].endswith("May I mention your name when I contact them? (1 min)")

    def test_json_matches_the_schema(self, capsys):
        """The JSON output validates against the documented schema."""
        status, out, _ = run(
            capsys, "--format", "json", "--field", "accounting", "--organization", "A & B"
        )
        data = json.loads(out)
        jsonschema.validate(data, SCHEMA)
        assert 0 == status
        assert data["total_minutes"] <= data["budget_minutes"] == 25
        assert [q["id"] for q in data["questions"]] == [
            qid for section in data["sections"] for qid in section["questions"]
        ]

    def test_schema_rejects_a_broken_document(self):
        """The schema is strict enough to catch a question without a text."""
        broken = {
            "budget_minutes": 25,
            "total_minutes": 3,
            "introduction": {"text": "Hi.", "minutes": 2},
            "sections": [],
            "questions": [{"id": "x", "category": "skills", "minutes": 1}],
        }
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, SCHEMA)

    def test_every_filter_passes_through(self, capsys):
        """Tags, TIARA parts, exclusions and caps reach the builder."""
        _, out, _ = run(
            capsys,
            "--format",
            "json",
            "--tag",
            "career-changer",
            "--tiara",
            "advice",
            "--exclude-category",
            "skills",
            "--max-per-category",
            "1",
            "--minutes",
            "60",
        )
        questions = json.loads(out)["questions"]
        for question in questions:
            assert question["category"] != "skills"
            if question["category"] != "closing":
                assert "career-changer" in question["tags"]
                assert "advice" == question["tiara"]

    @pytest.mark.parametrize("count", [2, 3, 4, 9])
    def test_max_questions_counts_every_question_printed(self, capsys, count):
        """--max-questions N prints N numbered questions, the closing asks among them."""
        status, out, _ = run(capsys, "--max-questions", str(count))
        numbered = [line for line in out.splitlines() if line[:4].strip().rstrip(".").isdigit()]
        assert (0, count) == (status, len(numbered))
        assert out.startswith(f"{count} questions,")
        assert any(
            line.endswith("May I mention your name when I contact them? (1 min)")
            for line in numbered
        )

    def test_max_questions_without_the_closing_asks(self, capsys):
        """With the closing asks excluded, --max-questions N still prints exactly N."""
        _, out, _ = run(capsys, "--max-questions", "4", "--exclude-category", "closing")
        assert out.startswith("4 questions,")

    def test_max_questions_below_the_closing_asks(self, capsys):
        """A cap that leaves no room for the two closing asks is one clear error line."""
        status, out, err = run(capsys, "--max-questions", "1")
        assert (2, "") == (status, out)
        assert "--max-questions: must be at least 2, for the closing asks" in err

    def test_long_budget_prints_a_note(self, capsys):
        """Over 45 minutes, the text and the JSON carry the note about 20–30 minutes."""
        _, out, _ = run(capsys, "--minutes", "60")
        assert out.splitlines()[1].startswith("Note: A 60-minute budget is long:")
        _, out, _ = run(capsys, "--minutes", "60", "--format", "json")
        data = json.loads(out)
        jsonschema.validate(data, SCHEMA)
        assert "20–30 minute conversations" in data["notes"][0]

    def test_markdown(self, capsys):
        """--format markdown prints headings per section."""
        _, out, _ = run(capsys, "--format", "markdown", "--category", "culture")
        assert "## Work culture and environment" in out

    def test_list_categories(self, capsys):
        """--list-categories prints every category with its question count."""
        status, out, _ = run(capsys, "--list-categories")
        assert 0 == status
        assert 9 == len(out.splitlines())
        assert out.startswith("background ")

    def test_list_categories_json(self, capsys):
        """--list-categories --format json gives ids, titles, purposes and counts."""
        _, out, _ = run(capsys, "--list-categories", "--format", "json")
        rows = json.loads(out)["categories"]
        assert "closing" == rows[-1]["id"]
        assert all(row["questions"] > 0 for row in rows)

    def test_bank_file(self, capsys, tmp_path):
        """--bank adds a career centre's questions."""
        bank = tmp_path / "centre.toml"
        bank.write_text(
            '[[questions]]\nid = "centre-cpa"\ncategory = "skills"\n'
            'text = "How did you prepare for the CPA exam?"\npriority = 1\nminutes = 1\n',
            encoding="utf-8",
        )
        _, out, _ = run(capsys, "--bank", str(bank), "--category", "skills")
        assert "How did you prepare for the CPA exam?" in out

    @pytest.mark.parametrize(
        ("args", "fragment"),
        [
            (["--category", "hobbies"], "must be a category id: background, day-to-day"),
            (["--tag", "nope"], "must be a tag of the bank: alumni"),
            (["--tiara", "tips"], "must be a TIARA part"),
            (["--minutes", "3"], "too small for the introduction and the closing asks"),
            (["--bank", "missing.toml"], "missing.toml: cannot be read"),
            (["--field", "a\u202eb"], "field"),
        ],
    )
    def test_errors_are_one_line(self, capsys, args, fragment):
        """Bad input prints one clear line on stderr and exits with status 2."""
        status, out, err = run(capsys, *args)
        assert (2, "") == (status, out)
        assert 1 == len(err.splitlines())
        assert err.startswith("infointerview: error: ")
        assert fragment in err

    def test_bad_bank_file_from_the_shell(self, tmp_path):
        """A broken bank file names the file and question, with no traceback."""
        bank = tmp_path / "broken.toml"
        bank.write_text('[[questions]]\nid = "half"\ncategory = "skills"\n', encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "infointerview", "questions", "--bank", str(bank)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert 2 == result.returncode
        assert "Traceback" not in result.stderr
        assert f"{bank}: question 'half': missing 'text'" in result.stderr
