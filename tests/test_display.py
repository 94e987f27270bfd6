"""Tests for rich display in notebooks: findings, plans and prep sheets show as tables, escaped."""

from __future__ import annotations

import pickle

import attrs

import infointerview as ii
from infointerview import samples

HOSTILE = "<script>alert(1)</script> | [x](https://evil.example)"


class TestFindings:
    def test_every_check_returns_findings_that_are_lists(self):
        """Checks return Findings, equal to plain lists of the same findings."""
        found = ii.check("Could you hire me?", "question")
        assert isinstance(found, ii.Findings)
        assert list(found) == found
        assert [] == ii.check("Thank you.", "question")
        letter = ii.Renderer().outreach(samples.requester(), samples.contact())
        assert isinstance(ii.check_letter(letter), ii.Findings)

    def test_html_table_escapes_messages(self):
        """The HTML table has a row per finding, with every message escaped."""
        finding = ii.Finding(rule="x", severity=ii.Severity.ERROR, message=HOSTILE, start=0, end=3)
        table = ii.Findings([finding])._repr_html_()
        assert "<script>" not in table
        assert "&lt;script&gt;" in table
        assert 1 == table.count("<td>error</td>")

    def test_markdown_table_keeps_one_row_per_finding(self):
        """A pipe or a line break in a message cannot add a column or a row."""
        finding = ii.Finding(
            rule="x", severity=ii.Severity.WARNING, message=HOSTILE + "\nnext", start=1, end=2
        )
        lines = ii.Findings([finding])._repr_markdown_().splitlines()
        assert 3 == len(lines)
        assert lines[0].count(" | ") == lines[2].replace("\\|", "").count(" | ")

    def test_empty_says_so(self):
        """No findings display as a short sentence, not an empty table."""
        assert "No findings" in ii.Findings()._repr_html_()
        assert "No findings" in ii.Findings()._repr_markdown_()

    def test_pickles_under_the_public_name(self):
        """A pickled result names infointerview.Findings and comes back equal."""
        found = ii.check("Could you hire me?", "question")
        data = pickle.dumps(found)
        assert b"infointerview._core" not in data
        assert b"Findings" in data
        assert found == pickle.loads(data)
        assert isinstance(pickle.loads(data), ii.Findings)


class TestPlanAndPrepSheet:
    def _plan(self, **contact):
        person = attrs.evolve(samples.contact(), **contact)
        return ii.follow_through(person, samples.meeting(), samples.outcome())

    def test_plan_shows_each_step_in_order(self):
        """A plan's Markdown is a checklist with one line per step, in due order."""
        plan = self._plan()
        lines = [line for line in plan._repr_markdown_().splitlines() if line.startswith("- [ ]")]
        assert len(plan.steps) == len(lines)
        assert plan.markdown == plan._repr_markdown_()

    def test_plan_escapes_typed_names(self):
        """A contact's name typed as markup stays text in both displays."""
        plan = self._plan(name="<b>Teresa</b> [x](https://evil.example)")
        assert "<b>" not in plan._repr_html_()
        assert "\\[x\\]" in plan._repr_markdown_()

    def test_prep_sheet_displays_its_markdown(self):
        """A prep sheet shows its own escaped Markdown in a notebook."""
        contact = samples.contact()
        questions = ii.QuestionnaireBuilder().build(contact)
        sheet = ii.prep_sheet(samples.requester(), contact, questions)
        assert sheet.markdown == sheet._repr_markdown_()
