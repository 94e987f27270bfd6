"""Tests for the grammar filters and the grammar checks of lint-pack."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import infointerview as ii
from infointerview import samples
from infointerview._lint import lint_pack
from infointerview._render import grammar


class TestArticle:
    """a_an decides by sound, not by the first letter."""

    @pytest.mark.parametrize(
        ("phrase", "expected"),
        [
            ("MBA candidate", "an MBA candidate"),
            ("user experience design student", "a user experience design student"),
            ("university transfer student", "a university transfer student"),
            ("honours student", "an honours student"),
            ("hour-long call", "an hour-long call"),
            ("economics major", "an economics major"),
            ("FBI analyst", "an FBI analyst"),
            ("European studies major", "a European studies major"),
            ("one-year programme", "a one-year programme"),
        ],
    )
    def test_by_sound(self, phrase: str, expected: str) -> None:
        """The article fits the sound of the first word."""
        assert expected == grammar.a_an(phrase)

    @pytest.mark.parametrize(
        ("title", "expected"),
        [
            ("Research Scientist", "a Research Scientist"),
            ("Senior Audit Manager", "a Senior Audit Manager"),
            ("Head of Audit", "Head of Audit"),
            ("Chief Financial Officer", "Chief Financial Officer"),
            ("the Dean's deputy", "the Dean's deputy"),
        ],
    )
    def test_roles(self, title: str, expected: str) -> None:
        """A job title takes an article unless one person holds it."""
        assert expected == grammar.a_an(title, role=True)

    def test_other_scripts_unchanged(self) -> None:
        """Text inflect cannot sound out is left as it is."""
        assert "计算机科学专业" == grammar.a_an("计算机科学专业")

    @given(st.text(max_size=200))
    def test_never_crashes(self, text: str) -> None:
        """Any text gives back a string that ends with the text."""
        assert grammar.a_an(text).endswith(text)


class TestPlural:
    """plural agrees with the count."""

    @pytest.mark.parametrize(
        ("noun", "count", "expected"),
        [("person", 1, "person"), ("person", 2, "people"), ("introduction", 3, "introductions")],
    )
    def test_agrees(self, noun: str, count: int, expected: str) -> None:
        """One keeps the singular; more take the plural."""
        assert expected == grammar.plural(noun, count)


class TestEndWith:
    """end_with never doubles a full stop."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("Pacific Timber Co.", "Pacific Timber Co."),
            ("year one.", "year one."),
            ("Is it?", "Is it?"),
            ("Wow!", "Wow!"),
            ("Harbor & Vale", "Harbor & Vale."),
        ],
    )
    def test_full_stop(self, value: str, expected: str) -> None:
        """A value ending in a mark keeps it alone."""
        assert expected == grammar.end_with(value)

    @given(st.text(max_size=200))
    def test_no_doubled_stop(self, text: str) -> None:
        """The result ends in one mark and begins with the text."""
        result = grammar.end_with(text)
        assert result.startswith(text)
        assert result.rstrip().endswith(grammar._MARKS)


class TestClause:
    """clause lower-cases a pasted capital, never a name or an acronym."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("How audit teams work", "how audit teams work"),
            ("The CPA exam timeline", "the CPA exam timeline"),
            ("CPA exams", "CPA exams"),
            ("Harbor & Vale's approach", "Harbor & Vale's approach"),
            ("IFRS reporting", "IFRS reporting"),
            ("THE BIG PICTURE", "THE BIG PICTURE"),
            ("what a week looks like", "what a week looks like"),
        ],
    )
    def test_case(self, text: str, expected: str) -> None:
        """Only a clause word with an initial capital is lower-cased."""
        assert expected == grammar.clause(text)

    @given(st.text(max_size=200))
    def test_changes_at_most_the_first_letter(self, text: str) -> None:
        """Everything after the first character is kept, and the length too."""
        result = grammar.clause(text)
        assert len(text) == len(result)
        assert text[1:] == result[1:]


class TestProblems:
    """problems finds each mistake the filters prevent."""

    @pytest.mark.parametrize(
        ("text", "rule"),
        [
            ("I'm a MBA candidate.", "grammar-article"),
            ("I'm an user experience student.", "grammar-article"),
            ("I'm an university transfer student.", "grammar-article"),
            ("I'm a honours student.", "grammar-article"),
            ("at Pacific Timber Co..", "grammar-punctuation"),
            ("I'm hoping to learn How audit teams work.", "grammar-capital"),
            ("I especially valued learning The CPA exam.", "grammar-capital"),
            ("your work as Research Scientist.", "grammar-title-article"),
        ],
    )
    def test_fires(self, text: str, rule: str) -> None:
        """Each awkward sentence is flagged by its rule."""
        assert rule in {found[0] for found in grammar.problems(text)}

    @pytest.mark.parametrize(
        "text",
        [
            "I'm an MBA candidate at St. Olaf Coll.",
            "your work as a Research Scientist at Pacific Timber Co. Thank you... truly.",
            "your work as Head of Audit. I'm hoping to learn how audit teams work.",
            "Plan A is a one-year programme.",
        ],
    )
    def test_clean(self, text: str) -> None:
        """Correct sentences are not flagged."""
        assert [] == list(grammar.problems(text))

    @given(st.text(max_size=300))
    def test_spans_inside_input(self, text: str) -> None:
        """Every span lies inside the text."""
        for _, _, start, end in grammar.problems(text):
            assert 0 <= start < end <= len(text)


class TestLetters:
    """The built-in letters read cleanly over the awkward sample matrix."""

    def test_builtin_pack_has_no_grammar_problems(self) -> None:
        """lint-pack finds no grammar problem in the built-in pack."""
        found = [p for p in lint_pack("templates") if p.rule.startswith("grammar-")]
        assert [] == found

    def test_awkward_requester(self) -> None:
        """An initialism, a school ending in "." and a capitalised goal read well."""
        requester = ii.Requester(
            name="Sam Ortiz",
            school="St. Olaf Coll.",
            programme="MBA candidate",
            goal="How audit teams plan their year.",
        )
        contact = ii.Contact(
            name="Wei Zhang", job_title="Research Scientist", organization="Pacific Timber Co."
        )
        body = ii.Renderer().outreach(requester, contact, channel="email").body
        assert "an MBA candidate at St. Olaf Coll. " in body
        assert "your work as a Research Scientist at Pacific Timber Co. I'm" in body
        assert "I'm hoping to learn how audit teams plan their year.\n" in body
        assert ".." not in body

    def test_user_pack_gets_the_filters(self, tmp_path: Path) -> None:
        """A centre's own template can use the filters in the sandbox."""
        (tmp_path / "pack.toml").write_text('[pack]\nname = "centre"\nformat = 1\n')
        folder = tmp_path / "outreach"
        folder.mkdir()
        (folder / "email.txt.j2").write_text(
            "Subject: Hi\n{{ greeting }},\n\nI'm {{ requester.programme|a_an }}; "
            "{{ 'person'|plural(2) }} at {{ contact.organization|end_with }}\n"
        )
        renderer = ii.Renderer(tmp_path)
        assert not renderer.trusted
        letter = renderer.outreach(
            ii.Requester(name="Sam Ortiz", programme="MBA candidate"),
            ii.Contact(name="Ana Ruiz", organization="Ruiz & Co."),
            channel="email",
        )
        assert "I'm an MBA candidate; people at Ruiz & Co.\n" in letter.body


class TestReferralGreeting:
    """A suggested person is greeted like a contact."""

    def test_salutation_serves_every_person_model(self) -> None:
        """Contact, SuggestedPerson and Requester all get a salutation."""
        assert ["Dear Mr. Mehta", "Dear Professor Ng", "Dear Ms. Lindqvist", "Dear Sam Ortiz"] == [
            ii.salutation(
                ii.SuggestedPerson(name="Arjun Mehta", honorific="Mr.", family_name="Mehta")
            ),
            ii.salutation(ii.SuggestedPerson(name="Lin Ng", address_as="Professor Ng")),
            ii.salutation(samples.contact()),
            ii.salutation(ii.Requester(name="Sam Ortiz")),
        ]

    def test_referral_greets_with_a_title(self) -> None:
        """The referral email opens "Dear Mr. Mehta," for a person with an honorific."""
        outcome = samples.outcome()
        letter = ii.Renderer().referral(
            samples.requester(), outcome.suggested[0], samples.contact(), outcome
        )
        assert letter.body.startswith("Dear Mr. Mehta,\n")

    def test_without_a_title_the_full_name(self) -> None:
        """With no honorific, the full name is used, never a guessed title."""
        assert "Hello Lin Ng" == ii.salutation(ii.SuggestedPerson(name="Lin Ng"), greeting="Hello")
