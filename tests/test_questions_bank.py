"""Tests for the question bank: the built-in data, the Question model and bank files."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import infointerview as ii
from infointerview._questions.bank import BANK_FILE

CATEGORY_IDS = [
    "background",
    "day-to-day",
    "challenges",
    "industry-trends",
    "skills",
    "culture",
    "career-advice",
    "final-thoughts",
    "closing",
]

# Phrases that would make a question a request for a job, or one a web search
# answers; none may appear in the bank.
# A second question joined to the first: "..., and what/how ...?" or "...? Could you ...?".
SECOND_QUESTION = re.compile(
    r"[,;:]\s*(?:and|or|but)\s+(?:what|how|which|who|whom|why|when|where|whether|is|are|"
    r"do|does|did|would|could|should|can|has|have|was|were|at what)\b",
    re.IGNORECASE,
)
# Questions that angle for a job or ask the contact to judge the student.
ANGLING = re.compile(
    r"\b(my (?:interests|background|profile|application|résumé|resume|cv)\b|"
    r"(?:do|does) (?:i|my \w+) (?:seem|look|sound) (?:to )?(?:fit|suited|right|like)|"
    r"applications? from|without asking too much|fit (?:for|with) (?:you|your|this)|"
    r"when you see (?:applications|candidates))",
    re.IGNORECASE,
)

JOB_ASK = re.compile(
    r"\b(hire me|consider me|refer me|pass (along )?my r[ée]sum[ée]|"
    r"any (job )?openings for me|keep me in mind|what does your (company|organization) do)\b",
    re.IGNORECASE,
)


class TestBuiltinBank:
    def test_has_at_least_seventy_questions(self):
        """The built-in bank holds at least 70 questions."""
        assert len(ii.QuestionBank.load().questions) >= 70

    def test_ids_are_unique(self):
        """No two questions share an id."""
        ids = [q.id for q in ii.QuestionBank.load().questions]
        assert len(ids) == len(set(ids))

    def test_categories_are_exactly_the_public_ids(self):
        """The categories are the nine public ids, in conversational order."""
        bank = ii.QuestionBank.load()
        assert CATEGORY_IDS == [info.id.value for info in bank.categories]
        assert CATEGORY_IDS == [category.value for category in ii.QuestionCategory]

    def test_every_category_is_non_empty(self):
        """Every category has questions, and a title and purpose."""
        bank = ii.QuestionBank.load()
        for info in bank.categories:
            assert bank.in_category(info.id), info.id
            assert info.title
            assert info.purpose

    def test_every_tiara_part_is_used(self):
        """A user can build by any TIARA part and get questions."""
        bank = ii.QuestionBank.load()
        assert set(ii.TiaraPart) == {q.tiara for q in bank.questions}

    def test_every_declared_tag_is_used(self):
        """Each tag the bank declares labels at least one question."""
        bank = ii.QuestionBank.load()
        used = {tag for q in bank.questions for tag in q.tags}
        assert set(bank.tags) == used

    def test_closing_asks_are_present(self):
        """The closing asks ask for two names and for leave to use the contact's name."""
        bank = ii.QuestionBank.load()
        required = [q for q in bank.in_category("closing") if q.priority == 1]
        assert ["closing-two-names", "closing-use-name"] == [q.id for q in required]
        assert "two other people" in required[0].text
        assert "your name" in required[1].text

    def test_questions_are_questions_and_never_job_asks(self):
        """Every question ends with a question mark and none asks for a job."""
        for question in ii.QuestionBank.load().questions:
            assert question.text.endswith("?"), question.id
            assert JOB_ASK.search(question.text) is None, question.id

    def test_each_question_asks_one_thing(self):
        """No question holds a second question mark or a joined second question."""
        doubled = [
            question.id
            for question in ii.QuestionBank.load().questions
            if question.text.count("?") > 1 or SECOND_QUESTION.search(question.text)
        ]
        assert [] == doubled

    @pytest.mark.parametrize(
        ("text", "doubled"),
        [
            ("What do you do, and how did you get there?", True),
            ("What does a typical week look like? Could you walk me through one?", True),
            ("Which parts do you enjoy most, and which do you find draining?", True),
            ("How did you first get into {field}, or was your route unusual?", True),
            ("Is the way you came into {field} the usual route, or an unusual one?", False),
            ("Who do you work with most closely, inside and outside {organization}?", False),
        ],
    )
    def test_the_one_thing_check_itself(self, text, doubled):
        """The check catches a joined second question and lets one question with a list pass."""
        found = text.count("?") > 1 or SECOND_QUESTION.search(text) is not None
        assert doubled == found

    def test_no_question_angles_for_a_job_or_a_verdict(self):
        """No question asks the contact to judge the student or to weigh applications."""
        angling = [
            question.id
            for question in ii.QuestionBank.load().questions
            if ANGLING.search(question.text)
        ]
        assert [] == angling
        assert ANGLING.search("Do my interests seem to fit this kind of work?")
        assert ANGLING.search("How can we use alumni like you without asking too much?")

    def test_topics_tie_near_duplicates_together(self):
        """Every topic the bank uses is shared by at least two questions."""
        bank = ii.QuestionBank.load()
        topics = [q.topic for q in bank.questions if q.topic is not None]
        assert topics
        assert [] == sorted({t for t in topics if topics.count(t) < 2})

    def test_asking_about_internships_is_included(self):
        """Asking about internships (information, not a request) is in the bank."""
        bank = ii.QuestionBank.load()
        assert "internships" in bank.get("skills-org-internships").text

    def test_loaded_once(self):
        """The built-in bank is loaded once and shared."""
        assert ii.QuestionBank.load() is ii.QuestionBank.load()

    def test_get_unknown_id(self):
        """Asking for an id the bank lacks is a ValidationError."""
        with pytest.raises(ii.ValidationError, match="question_id"):
            ii.QuestionBank.load().get("no-such-question")

    def test_category_lookup_by_id_or_enum(self):
        """A category is found by its id or its enum member."""
        bank = ii.QuestionBank.load()
        assert bank.category("skills") == bank.category(ii.QuestionCategory.SKILLS)


class TestQuestion:
    def test_defaults(self):
        """A user question needs only an id, a category and a text."""
        question = ii.Question(id="my-question", category="skills", text="How did you learn SQL?")
        assert (ii.QuestionCategory.SKILLS, (), 2, 2, ii.TiaraPart.INSIGHTS) == (
            question.category,
            question.tags,
            question.minutes,
            question.priority,
            question.tiara,
        )

    def test_text_is_cleaned(self):
        """The text is normalised like every one-line field."""
        question = ii.Question(id="q", category="skills", text="  Cafe\u0301?  ")
        assert "Café?" == question.text

    def test_placeholders(self):
        """The placeholders of a text are reported in order."""
        question = ii.Question(id="q", category="culture", text="Why {organization} in {field}?")
        assert ("organization", "field") == question.placeholders

    @pytest.mark.parametrize(
        ("kwargs", "fragment"),
        [
            ({"id": "Bad Id"}, "Question.id"),
            ({"id": ""}, "Question.id"),
            ({"category": "hobbies"}, "Question.category: must be a category id: background"),
            ({"text": ""}, "Question.text: must not be empty"),
            ({"text": "Line one\nline two?"}, "Question.text"),
            ({"text": "What about {company}?"}, "unknown placeholder {company}"),
            ({"text": "What about {field!r}?"}, "format or conversion"),
            ({"text": "Unpaired { brace?"}, "Question.text"),
            ({"tags": "early-career"}, "Question.tags"),
            ({"tags": ["Early Career"]}, "Question.tags"),
            ({"minutes": 0}, "Question.minutes: must be a whole number from 1 to 15"),
            ({"minutes": True}, "Question.minutes"),
            ({"minutes": 2.5}, "Question.minutes"),
            ({"priority": 6}, "Question.priority"),
            ({"tiara": "tips"}, "Question.tiara: must be a TIARA part: trends"),
            ({"topic": "Hind Sight"}, "Question.topic"),
        ],
    )
    def test_invalid_fields_are_refused(self, kwargs, fragment):
        """A bad field raises a ValidationError naming it and what would be valid."""
        fields = {"id": "q", "category": "skills", "text": "Why?", **kwargs}
        with pytest.raises(ii.ValidationError, match=re.escape(fragment)):
            ii.Question(**fields)

    def test_to_dict_is_json_safe(self):
        """to_dict gives plain strings, lists and ints."""
        question = ii.Question(id="q", category="skills", text="Why?", tags=["education"])
        assert {
            "id": "q",
            "category": "skills",
            "text": "Why?",
            "tags": ["education"],
            "minutes": 2,
            "priority": 2,
            "tiara": "insights",
            "topic": None,
        } == question.to_dict()


MINIMAL_QUESTION = """
[[questions]]
id = "{id}"
category = "skills"
text = "Which spreadsheet habits serve you best?"
tags = ["education"]
"""


def write_bank(tmp_path, text, name="bank.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestBankFile:
    def test_adds_questions_to_the_builtin_bank(self, tmp_path):
        """A bank file's questions join the built-in ones."""
        path = write_bank(tmp_path, MINIMAL_QUESTION.format(id="centre-spreadsheets"))
        bank = ii.QuestionBank.load(files=[path])
        builtin = ii.QuestionBank.load()
        assert len(builtin.questions) + 1 == len(bank.questions)
        assert "Which spreadsheet habits serve you best?" == bank.get("centre-spreadsheets").text

    def test_same_id_replaces_in_place(self, tmp_path):
        """A question with a built-in id replaces that question."""
        path = write_bank(tmp_path, MINIMAL_QUESTION.format(id="skills-essential"))
        bank = ii.QuestionBank.load(files=[path])
        assert len(ii.QuestionBank.load().questions) == len(bank.questions)
        assert "Which spreadsheet habits serve you best?" == bank.get("skills-essential").text

    def test_replace_drops_the_builtin_questions(self, tmp_path):
        """replace = true keeps only the file's questions."""
        path = write_bank(tmp_path, "replace = true\n" + MINIMAL_QUESTION.format(id="only-one"))
        bank = ii.QuestionBank.load(files=[path])
        assert ["only-one"] == [q.id for q in bank.questions]

    def test_file_can_retitle_a_category_and_add_a_tag(self, tmp_path):
        """Categories and tags merge key by key."""
        text = (
            '[categories.skills]\ntitle = "What it takes"\n'
            '[tags]\naccounting = "For accounting alumni."\n'
            + MINIMAL_QUESTION.format(id="cpa").replace('"education"', '"accounting"')
        )
        bank = ii.QuestionBank.load(files=[write_bank(tmp_path, text)])
        assert "What it takes" == bank.category("skills").title
        assert ii.QuestionBank.load().category("skills").purpose == bank.category("skills").purpose
        assert "accounting" in bank.tags

    def test_pack_ships_its_own_bank(self, tmp_path):
        """A user pack's questions/bank.toml is layered over the built-in bank."""
        (tmp_path / "pack.toml").write_text('[pack]\nname = "centre"\n', encoding="utf-8")
        (tmp_path / "questions").mkdir()
        write_bank(tmp_path / "questions", MINIMAL_QUESTION.format(id="centre-question"))
        bank = ii.QuestionBank.load(ii.PackStack.over_builtin(tmp_path))
        assert ii.QuestionCategory.SKILLS == bank.get("centre-question").category
        assert BANK_FILE == "questions/bank.toml"

    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            (
                MINIMAL_QUESTION.format(id="twice") + MINIMAL_QUESTION.format(id="twice"),
                "question 'twice': duplicate id",
            ),
            (
                '[[questions]]\nid = "no-text"\ncategory = "skills"\n',
                "question 'no-text': missing 'text'",
            ),
            ('[[questions]]\ncategory = "skills"\ntext = "Why?"\n', "question #1: missing 'id'"),
            (
                MINIMAL_QUESTION.format(id="odd").replace('"skills"', '"hobbies"'),
                "question 'odd': Question.category: must be a category id",
            ),
            (
                MINIMAL_QUESTION.format(id="slow") + "minutes = 'long'\n",
                "question 'slow': Question.minutes: must be a whole number",
            ),
            (
                MINIMAL_QUESTION.format(id="tagged").replace('"education"', '"acounting"'),
                "question 'tagged': unknown tag 'acounting'",
            ),
            (
                MINIMAL_QUESTION.format(id="tags").replace('["education"]', '"education"'),
                "question 'tags': tags must be a list",
            ),
            (
                MINIMAL_QUESTION.format(id="extra") + "answer = 1\n",
                "question 'extra': unknown key",
            ),
            ("[categories.hobbies]\ntitle = 'x'\n", "unknown category 'hobbies'"),
            ("[categories.skills]\nsubtitle = 'x'\n", "unknown key categories.skills.subtitle"),
            ("replace = 'yes'\n", "replace must be true or false"),
            ("questions = 3\n", "questions must be an array"),
            ("colour = 'red'\n", "unknown key 'colour'"),
            ("[placeholders.role]\nwith = 'no value here'\n", "placeholders.role.with must hold"),
            ("[introduction]\nminutes = -1\n", "introduction.minutes"),
            ("this is not = = toml\n", "invalid TOML"),
        ],
    )
    def test_bad_file_names_file_and_question(self, tmp_path, text, fragment):
        """A malformed bank file is refused, naming the file and the question."""
        path = write_bank(tmp_path, text, name="centre-bank.toml")
        with pytest.raises(ii.QuestionBankError) as info:
            ii.QuestionBank.load(files=[path])
        message = str(info.value)
        assert message.startswith(str(path)), message
        assert fragment in message

    def test_missing_file(self, tmp_path):
        """A bank file that does not exist is a QuestionBankError naming it."""
        path = tmp_path / "absent.toml"
        with pytest.raises(ii.QuestionBankError, match=r"absent\.toml: cannot be read"):
            ii.QuestionBank.load(files=[path])

    def test_not_utf8(self, tmp_path):
        """A bank file that is not UTF-8 is refused with the byte offset."""
        path = tmp_path / "latin.toml"
        path.write_bytes(b"# caf\xe9\n")
        with pytest.raises(ii.QuestionBankError, match="not UTF-8"):
            ii.QuestionBank.load(files=[path])

    def test_error_is_a_pack_error_and_value_error(self, tmp_path):
        """Callers may catch a bank error as PackError or ValueError."""
        path = write_bank(tmp_path, "colour = 1\n")
        with pytest.raises(ValueError, match="colour"):
            ii.QuestionBank.load(files=[path])
        assert issubclass(ii.QuestionBankError, ii.PackError)


scalars = st.one_of(
    st.text(max_size=30),
    st.integers(-5, 30),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
)
question_keys = st.sampled_from(
    ["id", "category", "text", "tags", "minutes", "priority", "tiara", "other"]
)
question_values = st.one_of(
    scalars,
    st.sampled_from(["skills", "closing", "advice", "early-career", "q-1", "Why {field}?"]),
    st.lists(st.one_of(st.sampled_from(["alumni", "Nope"]), scalars), max_size=3),
)


class TestBankFileProperties:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        entries=st.lists(
            st.dictionaries(question_keys, question_values, max_size=8), min_size=1, max_size=4
        )
    )
    def test_any_file_loads_or_is_refused_cleanly(self, tmp_path, entries):
        """Whatever a bank file holds, loading succeeds or raises QuestionBankError naming it."""
        chunks = []
        for entry in entries:
            chunks.append("[[questions]]")
            chunks += [f"{key} = {json.dumps(value)}" for key, value in entry.items()]
        path = write_bank(tmp_path, "\n".join(chunks) + "\n", name="fuzzed.toml")
        message = None
        try:
            bank = ii.QuestionBank.load(files=[path])
        except ii.QuestionBankError as error:
            message = str(error)
        if message is None:
            assert len(bank.questions) >= len(ii.QuestionBank.load().questions)
        else:
            assert message.startswith(str(path))
