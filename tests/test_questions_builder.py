"""Tests for the questionnaire builder and the Questionnaire it returns."""

from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import infointerview as ii
from infointerview._questions.builder import LONG_MINUTES, SIMILARITY_THRESHOLD, similarity
from tests.strategies import contacts

BANK = ii.QuestionBank.load()
CLOSING = ii.QuestionCategory.CLOSING
REQUIRED = ("closing-two-names", "closing-use-name")
PLACEHOLDER = re.compile(r"\{(field|organization|role)\}")

ALUM = ii.Contact(
    name="Teresa Lindqvist",
    job_title="Senior Audit Manager",
    organization="Harbor & Vale LLP",
    field="accounting",
    shared_school=True,
)


def _near_duplicates(first, second):
    """Whether the builder counts two bank questions as near-duplicates."""
    return (
        (first.topic is not None and first.topic == second.topic)
        or ("role" in first.placeholders and "role" in second.placeholders)
        or similarity(first.text, second.text) >= SIMILARITY_THRESHOLD
    )


def ids(questionnaire):
    return [item.id for item in questionnaire.questions]


def categories_of(questionnaire):
    return {item.category for item in questionnaire.questions}


class TestCategoryFilter:
    def test_include_keeps_only_those_and_closing(self):
        """Selected categories, plus the closing asks, are all that appear."""
        q = ii.QuestionnaireBuilder(categories=["skills", "culture"], minutes=60).build()
        assert {
            ii.QuestionCategory.SKILLS,
            ii.QuestionCategory.CULTURE,
            CLOSING,
        } == categories_of(q)

    def test_enum_members_work_like_ids(self):
        """Categories may be given as enum members or ids, with the same result."""
        by_id = ii.QuestionnaireBuilder(categories=["skills"]).build()
        by_enum = ii.QuestionnaireBuilder(categories=[ii.QuestionCategory.SKILLS]).build()
        assert by_id == by_enum

    def test_single_string_is_one_category(self):
        """A single id string selects that one category."""
        q = ii.QuestionnaireBuilder(categories="skills").build()
        assert {ii.QuestionCategory.SKILLS, CLOSING} == categories_of(q)

    def test_exclude(self):
        """Excluded categories never appear."""
        q = ii.QuestionnaireBuilder(
            exclude_categories=["background", "culture"], minutes=90
        ).build()
        assert not categories_of(q) & {
            ii.QuestionCategory.BACKGROUND,
            ii.QuestionCategory.CULTURE,
        }

    def test_exclude_closing_drops_the_closing_asks(self):
        """Only excluding closing drops the closing asks."""
        q = ii.QuestionnaireBuilder(exclude_categories=["closing"]).build()
        assert CLOSING not in categories_of(q)

    def test_unknown_category_lists_the_valid_ones(self):
        """An unknown category is refused, listing every valid id."""
        with pytest.raises(ii.ValidationError) as info:
            ii.QuestionnaireBuilder(categories=["hobbies"])
        message = str(info.value)
        assert "'hobbies'" in message
        assert all(category.value in message for category in ii.QuestionCategory)


class TestTagAndTiaraFilter:
    def test_tag_keeps_questions_with_any_given_tag(self):
        """With tags, every question but the closing asks carries one of them."""
        q = ii.QuestionnaireBuilder(tags=["career-changer", "alumni"], minutes=60).build()
        for item in q.questions:
            if item.category is not CLOSING:
                assert {"career-changer", "alumni"} & set(item.question.tags), item.id
        assert len(q.questions) > len(REQUIRED)

    def test_unknown_tag_lists_the_valid_ones(self):
        """An unknown tag is refused, listing the bank's tags."""
        with pytest.raises(ii.ValidationError, match="'early-carer'") as info:
            ii.QuestionnaireBuilder(tags=["early-carer"])
        assert "early-career" in str(info.value)

    @pytest.mark.parametrize("tags", [[5], [["alumni"]], 7])
    def test_tags_of_the_wrong_type(self, tags):
        """Tags that are not names are a ValidationError, not a TypeError."""
        with pytest.raises(ii.ValidationError, match="tags"):
            ii.QuestionnaireBuilder(tags=tags)

    def test_tiara_keeps_those_parts(self):
        """With TIARA parts, every question but the closing asks is in one of them."""
        q = ii.QuestionnaireBuilder(tiara=["trends"], minutes=60).build()
        assert {ii.TiaraPart.TRENDS} == {
            item.question.tiara for item in q.questions if item.category is not CLOSING
        }

    def test_unknown_tiara_part(self):
        """An unknown TIARA part is refused, listing the five."""
        with pytest.raises(ii.ValidationError, match="trends, insights, advice"):
            ii.QuestionnaireBuilder(tiara="tips")

    def test_candidates_follow_the_filters(self):
        """candidates() lists what the filters let through, in bank order."""
        builder = ii.QuestionnaireBuilder(categories=["final-thoughts"], tags=["personal"])
        expected = [
            q.id
            for q in BANK.questions
            if (q.category.value == "final-thoughts" and "personal" in q.tags)
            or q.category is CLOSING
        ]
        assert expected == [q.id for q in builder.candidates()]


class TestBudget:
    def test_default_budget_is_25_minutes(self):
        """With no budget given, the questionnaire fits 25 minutes."""
        q = ii.QuestionnaireBuilder().build()
        assert 25 == q.budget_minutes
        assert q.total_minutes <= 25

    def test_fills_the_time(self):
        """Less time is left unused than the shortest candidate that repeats none takes."""
        builder = ii.QuestionnaireBuilder(minutes=30)
        q = builder.build()
        chosen = [item.question for item in q.questions]
        unused = [
            c
            for c in builder.candidates()
            if c.id not in ids(q) and not any(_near_duplicates(c, other) for other in chosen)
        ]
        shortest = min(c.minutes for c in unused)
        assert q.budget_minutes - q.total_minutes < shortest

    def test_reserves_introduction_and_closing(self):
        """The smallest budget that holds the introduction and closing asks holds only them."""
        q = ii.QuestionnaireBuilder(minutes=4).build()
        assert list(REQUIRED) == ids(q)
        assert 4 == q.total_minutes

    def test_too_small_for_the_closing_asks(self):
        """A budget below the introduction and closing asks says so and what would do."""
        with pytest.raises(ii.BudgetError, match="too small for the introduction and the closing"):
            ii.QuestionnaireBuilder(minutes=3)

    def test_higher_priority_first(self):
        """Within a category, a priority-1 question is taken before a priority-3 one."""
        q = ii.QuestionnaireBuilder(categories=["culture"], minutes=10).build()
        assert all(item.question.priority == 1 for item in q.questions)

    def test_balanced_across_categories(self):
        """The best question of each category comes before the second of any."""
        q = ii.QuestionnaireBuilder(
            exclude_categories=["closing"], minutes=120, max_questions=8
        ).build()
        assert 8 == len(q.sections)
        assert all(len(section.questions) == 1 for section in q.sections)

    @pytest.mark.parametrize("minutes", [0, -5, 241, True, 2.5])
    def test_invalid_budget(self, minutes):
        """A budget outside 1–240 whole minutes is a ValidationError."""
        with pytest.raises(ii.ValidationError, match="minutes"):
            ii.QuestionnaireBuilder(minutes=minutes)


class TestCaps:
    def test_max_per_category(self):
        """No category holds more questions than the cap."""
        q = ii.QuestionnaireBuilder(minutes=120, max_per_category=2).build()
        assert max(len(section.questions) for section in q.sections) <= 2
        assert len(q.sections) == len(ii.QuestionCategory)

    def test_max_questions_counts_beyond_the_closing_asks(self):
        """max_questions caps the questions besides the required closing asks."""
        q = ii.QuestionnaireBuilder(minutes=120, max_questions=3).build()
        assert 3 + len(REQUIRED) == len(q.questions)

    def test_zero_questions_leaves_the_closing_asks(self):
        """With max_questions=0 only the closing asks remain."""
        q = ii.QuestionnaireBuilder(max_questions=0).build()
        assert list(REQUIRED) == ids(q)

    @pytest.mark.parametrize(("name", "value"), [("max_per_category", 0), ("max_questions", -1)])
    def test_invalid_caps(self, name, value):
        """A cap below its minimum is a ValidationError naming it."""
        with pytest.raises(ii.ValidationError, match=name):
            ii.QuestionnaireBuilder(**{name: value})


class TestOwnQuestions:
    def test_own_questions_are_always_asked_in_their_section(self):
        """The user's questions appear, placed in their category's section."""
        own = ii.Question(
            id="my-cpa", category="skills", text="Did the CPA exam change how you work?"
        )
        q = ii.QuestionnaireBuilder(own_questions=[own], categories=["culture"]).build()
        assert "my-cpa" in ids(q)
        assert ii.QuestionCategory.SKILLS in categories_of(q)

    def test_own_questions_count_against_the_budget(self):
        """Own questions that, with the closing asks, overflow the budget are refused."""
        own = ii.Question(id="long-one", category="skills", text="Why?", minutes=15)
        with pytest.raises(ii.BudgetError, match="your own questions"):
            ii.QuestionnaireBuilder(own_questions=[own], minutes=18)

    def test_own_questions_must_be_questions(self):
        """A bare string is refused with a hint to wrap it in a Question."""
        with pytest.raises(ii.ValidationError, match=r"own_questions\[0\]"):
            ii.QuestionnaireBuilder(own_questions=["Why accounting?"])

    def test_own_questions_must_be_a_list(self):
        """A single string where a list of questions belongs is refused."""
        with pytest.raises(ii.ValidationError, match="own_questions"):
            ii.QuestionnaireBuilder(own_questions="Why accounting?")

    def test_own_questions_with_repeated_ids(self):
        """Two own questions with one id are refused."""
        own = ii.Question(id="dup", category="skills", text="Why?")
        with pytest.raises(ii.ValidationError, match="must not repeat an id"):
            ii.QuestionnaireBuilder(own_questions=[own, own])

    def test_own_question_replaces_a_bank_question_with_its_id(self):
        """An own question with a bank id is asked instead of the bank's."""
        own = ii.Question(id="trends-exciting", category="industry-trends", text="What is new?")
        q = ii.QuestionnaireBuilder(own_questions=[own]).build()
        texts = [item.text for item in q.questions if item.id == "trends-exciting"]
        assert ["What is new?"] == texts


class TestPersonalisation:
    def test_fills_from_the_contact(self):
        """The contact's field, organization and job title fill the placeholders."""
        builder = ii.QuestionnaireBuilder(minutes=120)
        text = " ".join(item.text for item in builder.build(ALUM).questions)
        assert "accounting" in text
        assert "Harbor & Vale LLP" in text
        assert "your role as Senior Audit Manager" in text

    def test_generic_fallbacks(self):
        """Without a contact, placeholders read as natural generic phrases."""
        q = ii.QuestionnaireBuilder(minutes=120).build()
        by_id = {item.id: item.text for item in q.questions}
        assert (
            "Which developments in this field right now do you find most exciting?"
            == (by_id["trends-exciting"])
        )
        assert by_id["culture-why-here"].startswith("What drew you to your organization")

    def test_keywords_override_the_contact(self):
        """field=, organization= and role= win over the contact's values."""
        q = ii.QuestionnaireBuilder(categories=["industry-trends"]).build(ALUM, field="audit")
        assert "Which developments in audit right now do you find most exciting?" == (
            q.questions[0].text
        )

    def test_braces_in_values_stay_literal(self):
        """A value holding braces is inserted as it is, never expanded again."""
        q = ii.QuestionnaireBuilder(categories=["industry-trends"]).build(field="{role} {x}")
        assert "Which developments in {role} {x} right now do you find most exciting?" == (
            q.questions[0].text
        )

    def test_bad_override_is_refused(self):
        """An override with a line break is a ValidationError naming it."""
        with pytest.raises(ii.ValidationError, match="field"):
            ii.QuestionnaireBuilder().build(field="tax\naudit")

    def test_contact_must_be_a_contact(self):
        """Something other than a Contact is refused."""
        with pytest.raises(ii.ValidationError, match="contact"):
            ii.QuestionnaireBuilder().build({"field": "accounting"})


class TestQuestionnaire:
    def test_sections_in_conversational_order_closing_last(self):
        """Sections follow the category order, and the closing asks come last."""
        q = ii.QuestionnaireBuilder(minutes=60).build()
        order = list(ii.QuestionCategory)
        positions = [order.index(section.category.id) for section in q.sections]
        assert sorted(positions) == positions
        assert CLOSING == q.sections[-1].category.id
        assert REQUIRED == tuple(item.id for item in q.sections[-1].questions[:2])

    def test_total_minutes(self):
        """The total is the introduction plus every question's minutes."""
        q = ii.QuestionnaireBuilder().build()
        assert q.introduction_minutes + sum(i.minutes for i in q.questions) == q.total_minutes

    def test_to_dict_round_trips_through_json(self):
        """to_dict is JSON-safe and lists the questions in asking order."""
        q = ii.QuestionnaireBuilder().build(ALUM)
        data = json.loads(json.dumps(q.to_dict()))
        assert ids(q) == [item["id"] for item in data["questions"]]
        assert [item.text for item in q.questions] == [item["text"] for item in data["questions"]]
        assert q.total_minutes == data["total_minutes"]

    def test_text_form(self):
        """The text form numbers the questions and shows their minutes."""
        q = ii.QuestionnaireBuilder(categories=["industry-trends"], minutes=10).build(ALUM)
        assert (
            "4 questions, about 10 of 10 minutes (introduction included)\n"
            "\n"
            "Introduce yourself (2 min)\n"
            f"    {BANK.introduction}\n"
            "\n"
            "Industry trends\n"
            "  1. Which developments in accounting right now do you find most exciting? (3 min)\n"
            "  2. How do you expect accounting to change over the next five to ten years?"
            " (3 min)\n"
            "\n"
            "Closing asks\n"
            "  3. Could you suggest two other people it would be worth my speaking with? (1 min)\n"
            "  4. May I mention your name when I contact them? (1 min)\n"
        ) == q.text

    def test_markdown_form_escapes_markup(self):
        """The Markdown form has a heading per section and escapes the contact's text."""
        q = ii.QuestionnaireBuilder(categories=["culture"], minutes=8).build(
            organization="<b>*Acme*</b>"
        )
        assert "## Work culture and environment" in q.markdown
        assert "\\<b\\>\\*Acme\\*\\</b\\>" in q.markdown
        assert q.markdown == q._repr_markdown_()

    def test_html_form_is_escaped(self):
        """The HTML form escapes every value, so a contact's text cannot inject markup."""
        q = ii.QuestionnaireBuilder(categories=["culture"], minutes=8).build(
            organization="<script>alert(1)</script>"
        )
        rendered = q._repr_html_()
        assert "<script>" not in rendered
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
        assert rendered.count("<li>") == len(q.questions)


class TestDefaultSet:
    def test_covers_every_tiara_part(self):
        """The default 25-minute set asks about every TIARA part."""
        q = ii.QuestionnaireBuilder().build(ALUM)
        assert set(ii.TiaraPart) == {item.question.tiara for item in q.questions}

    def test_has_a_career_advice_question(self):
        """The default questionnaire holds a question from the career-advice section."""
        q = ii.QuestionnaireBuilder().build(ALUM)
        assert ii.QuestionCategory.CAREER_ADVICE in categories_of(q)

    def test_names_the_role_at_most_once(self):
        """The contact's job title appears in at most one question of the default set."""
        q = ii.QuestionnaireBuilder().build(ALUM)
        assert 1 >= sum("Senior Audit Manager" in item.text for item in q.questions)

    @pytest.mark.parametrize("minutes", [25, 30, 60, 120])
    def test_names_the_role_at_most_once_at_any_length(self, minutes):
        """However long the budget, at most one question holds the {role} placeholder."""
        q = ii.QuestionnaireBuilder(minutes=minutes).build(ALUM)
        assert 1 >= sum("role" in item.question.placeholders for item in q.questions)

    def test_tiara_coverage_takes_priority_one_questions_only(self):
        """Covering a TIARA part never brings in a lower-priority question ahead of its turn."""
        q = ii.QuestionnaireBuilder(categories=["culture"], minutes=10).build()
        assert {1} == {item.question.priority for item in q.questions}


class TestNearDuplicates:
    def test_similarity(self):
        """Similarity is content-word overlap, ignoring placeholders, function words, plurals."""
        assert 1.0 == similarity(
            "Which skills matter most in {field}?", "Which skill matters most in {organization}?"
        )
        assert 0.0 == similarity("What is it like?", "How do you do it?")
        assert 0.0 == similarity("Which tools do you use?", "How is success measured?")

    def test_a_topic_is_asked_once(self):
        """Two bank questions of one topic never appear together, at any budget."""
        q = ii.QuestionnaireBuilder(minutes=240).build()
        topics = [item.question.topic for item in q.questions if item.question.topic]
        assert len(topics) == len(set(topics))
        hindsight = {"advice-start-again", "final-wish-known", "background-study-again"}
        assert 1 == len(hindsight & set(ids(q)))

    def test_a_reworded_question_in_a_centre_bank_is_skipped(self, tmp_path):
        """A centre's rewording of a built-in question, with no topic, is not asked beside it."""
        bank_file = tmp_path / "centre.toml"
        bank_file.write_text(
            '[[questions]]\nid = "centre-exciting"\ncategory = "industry-trends"\n'
            'text = "Which developments in {field} do you find most exciting right now?"\n'
            "priority = 1\nminutes = 3\ntiara = 'trends'\n",
            encoding="utf-8",
        )
        bank = ii.QuestionBank.load(files=[bank_file])
        q = ii.QuestionnaireBuilder(bank=bank, minutes=240).build()
        assert 1 == len({"trends-exciting", "centre-exciting"} & set(ids(q)))

    def test_own_questions_are_kept_even_when_similar(self):
        """The user's own question is asked, and the bank's near-duplicate is left out."""
        own = ii.Question(
            id="my-exciting",
            category="industry-trends",
            text="Which developments in {field} right now do you find most exciting?",
        )
        q = ii.QuestionnaireBuilder(own_questions=[own], minutes=60).build()
        assert "my-exciting" in ids(q)
        assert "trends-exciting" not in ids(q)


class TestLongBudget:
    def test_note_over_45_minutes(self):
        """A budget over 45 minutes gets a note: informational interviews are 20–30 minutes."""
        q = ii.QuestionnaireBuilder(minutes=LONG_MINUTES + 1).build()
        assert 1 == len(q.notes)
        assert "20–30 minute conversations" in q.notes[0]
        assert f"Note: {q.notes[0]}" == q.text.splitlines()[1]
        assert q.notes[0] in q.markdown
        assert html.escape(q.notes[0]) in q._repr_html_()
        assert list(q.notes) == q.to_dict()["notes"]

    @pytest.mark.parametrize("minutes", [20, 25, 30, LONG_MINUTES])
    def test_no_note_up_to_45_minutes(self, minutes):
        """A budget of 45 minutes or less has no note."""
        q = ii.QuestionnaireBuilder(minutes=minutes).build()
        assert ((), [], False) == (q.notes, q.to_dict()["notes"], "Note:" in q.text)


class TestRequiredQuestions:
    def test_the_closing_asks(self):
        """required_questions lists the closing asks, or nothing when closing is excluded."""
        assert REQUIRED == tuple(q.id for q in ii.QuestionnaireBuilder().required_questions())
        assert () == ii.QuestionnaireBuilder(exclude_categories="closing").required_questions()


# --- properties ---------------------------------------------------------------

category_ids = st.sampled_from(list(ii.QuestionCategory))
tag_names = st.sampled_from(sorted(BANK.tags))
brace_free = st.none() | st.text(
    st.characters(codec="utf-8", categories=["L", "N", "Zs", "Pd"]), min_size=1, max_size=20
).map(str.strip).filter(bool)


@st.composite
def builders(draw: st.DrawFn) -> ii.QuestionnaireBuilder:
    """Builders with any combination of filters, caps and a budget that fits."""
    exclude = draw(st.lists(category_ids, max_size=3, unique=True))
    return ii.QuestionnaireBuilder(
        categories=draw(st.none() | st.lists(category_ids, min_size=1, max_size=4, unique=True)),
        exclude_categories=exclude,
        tags=draw(st.lists(tag_names, max_size=3, unique=True)),
        tiara=draw(st.lists(st.sampled_from(list(ii.TiaraPart)), max_size=2, unique=True)),
        max_per_category=draw(st.none() | st.integers(1, 5)),
        max_questions=draw(st.none() | st.integers(0, 20)),
        minutes=draw(st.integers(4, 120)),
    )


class TestProperties:
    @given(builder=builders(), contact=st.none() | contacts())
    def test_only_selected_categories_tags_and_parts(self, builder, contact):
        """Every question matches the filters; only the closing asks skip tags and parts."""
        for item in builder.build(contact).questions:
            assert item.category not in builder.exclude_categories
            if item.category is CLOSING:
                continue
            if builder.categories is not None:
                assert item.category in builder.categories
            if builder.tags:
                assert set(builder.tags) & set(item.question.tags)
            if builder.tiara:
                assert item.question.tiara in builder.tiara

    @given(builder=builders(), contact=st.none() | contacts())
    def test_never_exceeds_the_budget_or_caps(self, builder, contact):
        """The total never exceeds the budget, nor any cap."""
        q = builder.build(contact)
        assert q.total_minutes <= builder.minutes
        per_category = [len(s.questions) for s in q.sections if s.category.id is not CLOSING]
        if builder.max_per_category is not None:
            assert max(per_category, default=0) <= builder.max_per_category
        if builder.max_questions is not None:
            optional = [i for i in q.questions if i.id not in REQUIRED]
            assert len(optional) <= builder.max_questions

    @given(builder=builders(), contact=st.none() | contacts())
    def test_never_two_near_duplicates(self, builder, contact):
        """No two questions share a topic, pass the threshold or both name the role."""
        chosen = [item.question for item in builder.build(contact).questions]
        pairs = [
            (a.id, b.id)
            for index, a in enumerate(chosen)
            for b in chosen[index + 1 :]
            if _near_duplicates(a, b)
        ]
        assert [] == pairs

    @given(builder=builders())
    def test_keeps_the_closing_asks_unless_excluded(self, builder):
        """The closing asks are present exactly when closing is not excluded."""
        present = set(REQUIRED) <= set(ids(builder.build()))
        assert (CLOSING not in builder.exclude_categories) == present

    @given(
        builder=builders(),
        field=brace_free,
        organization=brace_free,
        role=brace_free,
    )
    def test_no_unresolved_placeholder(self, builder, field, organization, role):
        """No personalised text, in any form, holds a placeholder or a doubled brace."""
        q = builder.build(field=field, organization=organization, role=role)
        for item in q.questions:
            assert PLACEHOLDER.search(item.text) is None, item.text
            assert "{{" not in item.text
        assert PLACEHOLDER.search(q.text) is None
        assert (
            PLACEHOLDER.search(json.dumps([i["text"] for i in q.to_dict()["questions"]])) is None
        )

    @given(builder=builders(), contact=st.none() | contacts())
    def test_deterministic(self, builder, contact):
        """Building twice, or from an equal builder, gives the same questionnaire."""
        twin = ii.QuestionnaireBuilder(
            categories=builder.categories,
            exclude_categories=builder.exclude_categories,
            tags=builder.tags,
            tiara=builder.tiara,
            max_per_category=builder.max_per_category,
            max_questions=builder.max_questions,
            minutes=builder.minutes,
        )
        first = builder.build(contact)
        assert first == builder.build(contact)
        assert first == twin.build(contact)
        assert first.to_dict() == twin.build(contact).to_dict()

    @given(contact=contacts())
    def test_renders_any_contact(self, contact):
        """Any valid contact personalises without error, and HTML stays escaped."""
        q = ii.QuestionnaireBuilder(minutes=60).build(contact)
        rendered = q._repr_html_()
        for item in q.questions:
            assert html.escape(item.text) in rendered
        assert q.to_dict() == json.loads(json.dumps(q.to_dict()))

    @given(
        categories=st.none() | st.lists(st.text(max_size=20), max_size=3),
        tags=st.lists(st.text(max_size=20), max_size=3),
        tiara=st.lists(st.text(max_size=12), max_size=2),
        minutes=st.integers(-10, 300),
    )
    def test_arbitrary_input_is_built_or_refused_cleanly(self, categories, tags, tiara, minutes):
        """Whatever names a user types, the builder builds or raises the library's own error."""
        try:
            builder = ii.QuestionnaireBuilder(
                categories=categories, tags=tags, tiara=tiara, minutes=minutes
            )
        except (ii.ValidationError, ii.BudgetError):
            return  # refused with the library's own error, as intended
        assert builder.build().total_minutes <= minutes
