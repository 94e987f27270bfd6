"""Build a questionnaire from the bank: filter, fit a time budget, personalise.

A :class:`QuestionnaireBuilder` is configured once (filters, caps, budget, the
user's own questions) and then builds a :class:`Questionnaire` for each
contact. Building is deterministic: the same configuration and contact give
the same questions in the same order.

A questionnaire never holds two near-duplicates: two questions of one
``topic`` (the bank marks the questions that ask much the same thing), two
whose content words overlap by :data:`SIMILARITY_THRESHOLD` or more
(:func:`similarity`, for questions no topic ties together), or two that name
the contact's role.
"""

from __future__ import annotations

import functools
import html
import importlib.resources
import re
from collections.abc import Iterable, Sequence
from typing import Any, Final

import attrs

from infointerview._models.markdown import escape_markdown
from infointerview._models.models import Contact
from infointerview._models.text import MAX_LINE, check_line, clean_line
from infointerview._public import public
from infointerview._questions.bank import (
    PLACEHOLDERS,
    CategoryInfo,
    Question,
    QuestionBank,
    QuestionCategory,
    TiaraPart,
    to_category,
    to_tiara,
)
from infointerview.exceptions import BudgetError, ValidationError

__all__ = [
    "DEFAULT_MINUTES",
    "LONG_MINUTES",
    "SIMILARITY_THRESHOLD",
    "Questionnaire",
    "QuestionnaireBuilder",
    "QuestionnaireItem",
    "QuestionnaireSection",
    "similarity",
]

#: The time budget when none is given: the middle of the 20–30 minutes a
#: requester asks for.
DEFAULT_MINUTES: Final = 25
#: Longest time budget accepted, in minutes.
MAX_MINUTES: Final = 240
#: A budget over this many minutes gets a note: informational interviews
#: are 20–30 minute conversations, and a longer one asks too much.
LONG_MINUTES: Final = 45
#: Two questions whose :func:`similarity` reaches this are near-duplicates,
#: and a questionnaire holds only the first of them.
SIMILARITY_THRESHOLD: Final = 0.5
#: Closing questions of this priority are the required asks.
_REQUIRED_PRIORITY: Final = 1
_ORDER: Final = {category: index for index, category in enumerate(QuestionCategory)}
_TOKEN: Final = re.compile(r"\{[a-z]+\}|[a-z]+(?:['’][a-z]+)?")


def _stop_words() -> frozenset[str]:
    resource = importlib.resources.files(__package__).joinpath("data", "stop_words.txt")
    return frozenset(
        line.strip()
        for line in resource.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


#: Words that say nothing about what a question asks, from ``data/stop_words.txt``.
_STOP_WORDS: Final = _stop_words()


@functools.lru_cache(maxsize=4096)
def _content_words(text: str) -> frozenset[str]:
    words = set()
    for word in _TOKEN.findall(text.lower()):
        if word.startswith("{") or word in _STOP_WORDS:
            continue  # placeholders and function words
        word = re.sub(r"['’]s$", "", word)
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]  # "skills" and "skill" are one word
        words.add(word)
    return frozenset(words)


def similarity(first: str, second: str) -> float:
    """Return how much two questions' content words overlap, from 0 to 1.

    The measure is the Jaccard index of their content-word sets: lower-cased
    words without placeholders, function words or a plural "s".

    Args:
        first: One question's text.
        second: The other's.

    Returns:
        The shared content words over all their content words; 0 when
        neither has any.

    >>> similarity("Which skills matter most in {field}?", "Which skill matters most?")
    1.0
    >>> similarity("Which skills do employers value?", "Which skills matter most?")
    0.25
    """
    a, b = _content_words(first), _content_words(second)
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _clashes(question: Question, chosen: Sequence[Question]) -> bool:
    """Whether *question* nearly duplicates one of *chosen*, or names the role again."""
    names_role = "role" in question.placeholders
    for other in chosen:
        if question.topic is not None and question.topic == other.topic:
            return True
        if names_role and "role" in other.placeholders:
            return True
        if similarity(question.text, other.text) >= SIMILARITY_THRESHOLD:
            return True
    return False


@public
@attrs.frozen(kw_only=True)
class QuestionnaireItem:
    """One question as a questionnaire asks it: personalised for the contact.

    Attributes:
        question: The question as the bank (or the user) gave it, placeholders
            and all.
        text: Its text with every placeholder filled in.
    """

    question: Question
    text: str

    @property
    def id(self) -> str:
        """The question's id."""
        return self.question.id

    @property
    def category(self) -> QuestionCategory:
        """The question's category."""
        return self.question.category

    @property
    def minutes(self) -> int:
        """The question's estimated answer time, in minutes."""
        return self.question.minutes

    def to_dict(self) -> dict[str, Any]:
        """Return the item as a JSON-safe dict.

        Returns:
            The question's fields, with ``text`` personalised and
            ``template`` holding the text as the bank gave it.
        """
        return {**self.question.to_dict(), "text": self.text, "template": self.question.text}


@public
@attrs.frozen(kw_only=True)
class QuestionnaireSection:
    """One section of a questionnaire: a category and its chosen questions.

    Attributes:
        category: The category, with its title and purpose.
        questions: Its questions, personalised, in the order to ask them.
    """

    category: CategoryInfo
    questions: tuple[QuestionnaireItem, ...]

    @property
    def minutes(self) -> int:
        """The estimated minutes its questions take."""
        return sum(question.minutes for question in self.questions)


@public
@attrs.frozen(kw_only=True)
class Questionnaire:
    """A personalised list of questions for one conversation, in sections.

    Attributes:
        sections: The non-empty sections, in conversational order, the
            closing asks last.
        introduction: What to say first, before the questions.
        introduction_minutes: The time reserved for the introduction.
        budget_minutes: The time budget it was built to fit.
        notes: Advice about the questionnaire as a whole, for the person
            who will ask it: a budget over 45 minutes gets
            one, since informational interviews are 20–30 minutes. Empty
            when there is nothing to say.
    """

    sections: tuple[QuestionnaireSection, ...]
    introduction: str
    introduction_minutes: int
    budget_minutes: int
    notes: tuple[str, ...] = ()

    @property
    def questions(self) -> tuple[QuestionnaireItem, ...]:
        """Every question, in the order to ask them."""
        return tuple(question for section in self.sections for question in section.questions)

    @property
    def total_minutes(self) -> int:
        """The estimated length in minutes, the introduction and every answer included."""
        return self.introduction_minutes + sum(section.minutes for section in self.sections)

    def to_dict(self) -> dict[str, Any]:
        """Return the questionnaire as a JSON-safe dict.

        The shape is documented as a JSON Schema in the reference
        (``questions.schema.json``).

        Returns:
            A dict with the budget, the total, the introduction, the sections
            (with the ids of their questions) and the questions in order.
        """
        return {
            "budget_minutes": self.budget_minutes,
            "total_minutes": self.total_minutes,
            "notes": list(self.notes),
            "introduction": {"text": self.introduction, "minutes": self.introduction_minutes},
            "sections": [
                {
                    **section.category.to_dict(),
                    "minutes": section.minutes,
                    "questions": [question.id for question in section.questions],
                }
                for section in self.sections
            ],
            "questions": [question.to_dict() for question in self.questions],
        }

    @property
    def text(self) -> str:
        """The questionnaire as plain text, numbered, with minutes."""
        lines = [self._summary(), *(f"Note: {note}" for note in self.notes)]
        lines += ["", f"Introduce yourself ({self.introduction_minutes} min)"]
        lines.append(f"    {self.introduction}")
        number = 0
        for section in self.sections:
            lines += ["", section.category.title]
            for question in section.questions:
                number += 1
                lines.append(f"{number:>3}. {question.text} ({question.minutes} min)")
        return "\n".join(lines) + "\n"

    @property
    def markdown(self) -> str:
        """The questionnaire as Markdown, with a heading and a numbered list per section."""
        lines = [
            f"*{self._summary()}*",
            *(f"\n**Note:** {escape_markdown(note)}" for note in self.notes),
            "",
            f"## Introduce yourself ({self.introduction_minutes} min)",
            "",
            escape_markdown(self.introduction),
        ]
        number = 0
        for section in self.sections:
            lines += [
                "",
                f"## {escape_markdown(section.category.title)}",
                "",
                f"*{escape_markdown(section.category.purpose)}*",
                "",
            ]
            for question in section.questions:
                number += 1
                text = escape_markdown(question.text)
                lines.append(f"{number}. {text} ({question.minutes} min)")
        return "\n".join(lines) + "\n"

    def _repr_markdown_(self) -> str:
        return self.markdown

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [
            '<div class="infointerview-questionnaire">',
            f"<p><em>{esc(self._summary())}</em></p>",
            *(f"<p><strong>Note:</strong> {esc(note)}</p>" for note in self.notes),
            f"<h3>Introduce yourself ({self.introduction_minutes} min)</h3>",
            f"<p>{esc(self.introduction)}</p>",
        ]
        number = 1
        for section in self.sections:
            parts.append(f"<h3>{esc(section.category.title)}</h3>")
            parts.append(f"<p><em>{esc(section.category.purpose)}</em></p>")
            parts.append(f'<ol start="{number}">')
            for question in section.questions:
                parts.append(f"<li>{esc(question.text)} ({question.minutes} min)</li>")
                number += 1
            parts.append("</ol>")
        parts.append("</div>")
        return "\n".join(parts)

    def _summary(self) -> str:
        count = len(self.questions)
        noun = "question" if count == 1 else "questions"
        return (
            f"{count} {noun}, about {self.total_minutes} of {self.budget_minutes} minutes "
            f"(introduction included)"
        )


_Categories = Iterable[QuestionCategory | str] | QuestionCategory | str


def _category_tuple(value: object, field: str) -> tuple[QuestionCategory, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        raise ValidationError(field, value, "must be a category id or a list of them")
    return tuple(dict.fromkeys(to_category(item, field=field) for item in items))


def _to_categories(value: _Categories | None) -> tuple[QuestionCategory, ...] | None:
    return None if value is None else _category_tuple(value, "categories")


def _to_excluded(value: _Categories) -> tuple[QuestionCategory, ...]:
    return _category_tuple(value, "exclude_categories")


def _to_tags(value: Iterable[str] | str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        raise ValidationError("tags", value, "must be a tag or a list of them")
    names = tuple(items)
    for name in names:
        if not isinstance(name, str):
            raise ValidationError("tags", name, "must be a tag name (a string)")
    return tuple(dict.fromkeys(names))


def _to_tiara(value: Iterable[TiaraPart | str] | TiaraPart | str) -> tuple[TiaraPart, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        raise ValidationError("tiara", value, "must be a TIARA part or a list of them")
    return tuple(dict.fromkeys(to_tiara(item, field="tiara") for item in items))


def _to_own(value: Iterable[Question]) -> tuple[Question, ...]:
    given: object = value
    if isinstance(given, str) or not isinstance(given, Iterable):
        raise ValidationError("own_questions", given, "must be a list of Question objects")
    own = tuple(given)
    for index, question in enumerate(own):
        if not isinstance(question, Question):
            raise ValidationError(
                f"own_questions[{index}]",
                question,
                "must be an infointerview.Question, e.g. "
                "Question(id='my-question', category='skills', text='...')",
            )
    ids = [question.id for question in own]
    for question_id in ids:
        if ids.count(question_id) > 1:
            raise ValidationError("own_questions", question_id, "must not repeat an id")
    return own


def _cap(field: str, value: object, low: int, high: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(field, value, f"must be a whole number from {low} to {high}")


@public
@attrs.frozen(kw_only=True)
class QuestionnaireBuilder:
    """Choose, fit and personalise questions for a conversation.

    Configure it once, then call :meth:`build` for each contact. Every argument
    is checked here, so a mistake shows before anything is built.

    Args:
        bank: The questions to draw on; the built-in bank when omitted.
        categories: Only these categories (ids or :class:`QuestionCategory`);
            every category when omitted. The closing asks are kept either way.
        exclude_categories: Leave these categories out. Excluding
            ``closing`` is the only way to drop the closing asks.
        tags: Only questions with at least one of these tags (the closing
            asks are exempt).
        tiara: Only questions in these TIARA parts (the closing asks are
            exempt).
        max_per_category: At most this many questions from one category.
        max_questions: At most this many questions besides the required
            closing asks.
        minutes: The time budget, introduction and closing asks included.
        own_questions: The user's own questions, always asked whatever the
            filters and caps, each at the end of its category's section. They
            take time from the budget and places in their category's cap, but
            do not count towards *max_questions*.

    Attributes:
        bank: The questions drawn on.
        categories: The categories selected, or ``None`` for all.
        exclude_categories: The categories left out.
        tags: The tags selected (empty for any).
        tiara: The TIARA parts selected (empty for any).
        max_per_category: The cap per category, or ``None``.
        max_questions: The cap on questions, or ``None``.
        minutes: The time budget.
        own_questions: The user's own questions.

    Raises:
        ValidationError: An unknown category, tag or TIARA part (the message
            lists the valid ones), a cap or budget out of range, or an own
            question that is not a :class:`Question`.
        BudgetError: The budget cannot hold the introduction, the closing
            asks and the user's own questions.
    """

    bank: QuestionBank = attrs.field(factory=QuestionBank.load)
    categories: tuple[QuestionCategory, ...] | None = attrs.field(
        default=None, converter=_to_categories
    )
    exclude_categories: tuple[QuestionCategory, ...] = attrs.field(
        default=(), converter=_to_excluded
    )
    tags: tuple[str, ...] = attrs.field(default=(), converter=_to_tags)
    tiara: tuple[TiaraPart, ...] = attrs.field(default=(), converter=_to_tiara)
    max_per_category: int | None = None
    max_questions: int | None = None
    minutes: int = DEFAULT_MINUTES
    own_questions: tuple[Question, ...] = attrs.field(default=(), converter=_to_own)

    def __attrs_post_init__(self) -> None:
        bank: object = self.bank
        if not isinstance(bank, QuestionBank):
            raise ValidationError("bank", bank, "must be a QuestionBank")
        for tag in self.tags:
            if not isinstance(tag, str) or tag not in self.bank.tags:
                raise ValidationError(
                    "tags", tag, f"must be a tag of the bank: {', '.join(sorted(self.bank.tags))}"
                )
        _cap("max_per_category", self.max_per_category, 1, 1000)
        _cap("max_questions", self.max_questions, 0, 1000)
        _cap("minutes", self.minutes, 1, MAX_MINUTES)
        own = self.own_questions
        needed = self.bank.introduction_minutes + sum(q.minutes for q in self._required())
        own_minutes = sum(q.minutes for q in own)
        if needed + own_minutes > self.minutes:
            what = "the introduction and the closing asks"
            if own:
                what = "the introduction, the closing asks and your own questions"
            raise BudgetError(
                f"a {self.minutes}-minute budget is too small for {what}: "
                f"they need {needed + own_minutes} minutes, so allow at least that"
            )

    def _wants(self, category: QuestionCategory) -> bool:
        if category in self.exclude_categories:
            return False
        if category is QuestionCategory.CLOSING:
            return True
        return self.categories is None or category in self.categories

    def _required(self) -> list[Question]:
        """The closing asks that are always kept (unless closing is excluded)."""
        if not self._wants(QuestionCategory.CLOSING):
            return []
        own = {q.id for q in self.own_questions}
        return [
            q
            for q in self.bank.in_category(QuestionCategory.CLOSING)
            if q.priority == _REQUIRED_PRIORITY and q.id not in own
        ]

    def candidates(self) -> tuple[Question, ...]:
        """Return every bank question the filters let through, in bank order.

        Returns:
            The questions that :meth:`build` chooses among (the required
            closing asks included).
        """
        own = {q.id for q in self.own_questions}
        chosen = []
        for question in self.bank.questions:
            if question.id in own or not self._wants(question.category):
                continue
            if question.category is not QuestionCategory.CLOSING:
                if self.tags and not set(self.tags) & set(question.tags):
                    continue
                if self.tiara and question.tiara not in self.tiara:
                    continue
            chosen.append(question)
        return tuple(chosen)

    def required_questions(self) -> tuple[Question, ...]:
        """Return the closing asks every questionnaire of this builder holds.

        Returns:
            The priority-1 closing asks, in bank order; empty when
            ``closing`` is excluded. An own question with the same id
            replaces one of them and is not listed.
        """
        return tuple(self._required())

    def build(
        self,
        contact: Contact | None = None,
        *,
        field: str | None = None,
        organization: str | None = None,
        role: str | None = None,
    ) -> Questionnaire:
        """Build the questionnaire for one conversation.

        The required closing asks and the user's own questions come first.
        Then, for each TIARA part they leave uncovered, the best priority-1
        candidate of that part (in a category not yet used, when there is
        one), so that a default questionnaire asks about trends, insights,
        advice, resources and assignments alike. The rest are chosen by
        priority and, among questions of equal priority, balanced across
        categories (the best of each category before the second of any).
        Each is kept if it fits the time left and the caps, and if it is no
        near-duplicate of one already chosen: of the same ``topic``, with
        half or more of its content words in common, or naming the role again. They
        are then asked category by category, in the order the bank gives.

        Args:
            contact: The person to speak with; their ``field``,
                ``organization`` and ``job_title`` fill the placeholders.
            field: Overrides the contact's field.
            organization: Overrides the contact's organization.
            role: Overrides the contact's job title.

        Returns:
            The questionnaire, personalised. A placeholder with no value reads
            as a generic phrase ("this field", "your organization"). Its
            ``notes`` say when the budget is over 45 minutes.

        Raises:
            ValidationError: *contact* is not a :class:`Contact`, or an
                override is not valid one-line text.
        """
        values = self._values(contact, field=field, organization=organization, role=role)
        required = self._required()
        own = list(self.own_questions)
        chosen: list[Question] = [*required, *own]
        left = self.minutes - self.bank.introduction_minutes - sum(q.minutes for q in chosen)
        per_category: dict[QuestionCategory, int] = {}
        for question in chosen:
            per_category[question.category] = per_category.get(question.category, 0) + 1
        count = 0

        def fits(question: Question) -> bool:
            if question in chosen or question.minutes > left:
                return False
            if self.max_questions is not None and count >= self.max_questions:
                return False
            taken = per_category.get(question.category, 0)
            if self.max_per_category is not None and taken >= self.max_per_category:
                return False
            return not _clashes(question, chosen)

        def take(question: Question) -> None:
            nonlocal left, count
            chosen.append(question)
            per_category[question.category] = per_category.get(question.category, 0) + 1
            left -= question.minutes
            count += 1

        ranked = self._ranked()
        for part in TiaraPart:
            if any(q.tiara is part for q in chosen):
                continue
            firsts = [q for q in ranked if q.tiara is part and q.priority == 1 and fits(q)]
            fresh = [q for q in firsts if q.category not in per_category]
            if fresh or firsts:
                take((fresh or firsts)[0])
        # Then by priority; within one, always to the category with the fewest
        # questions so far (the earlier category on a tie), so a category's
        # second question never comes before another category's first.
        for priority in sorted({q.priority for q in ranked}):
            level = [q for q in ranked if q.priority == priority]
            while True:
                best = None
                for question in level:
                    if not fits(question):
                        continue
                    key = (per_category.get(question.category, 0), _ORDER[question.category])
                    if best is None or key < best[0]:
                        best = (key, question)
                if best is None:
                    break
                take(best[1])
        own_ids = {q.id for q in own}
        picked = {q.id for q in chosen} - own_ids
        in_order = [q for q in self.bank.questions if q.id in picked]
        ordered = sorted([*in_order, *own], key=lambda q: _ORDER[q.category])
        sections = []
        for info in self.bank.categories:
            questions = tuple(
                _personalise(q, values, self.bank) for q in ordered if q.category is info.id
            )
            if questions:
                sections.append(QuestionnaireSection(category=info, questions=questions))
        notes: tuple[str, ...] = ()
        if self.minutes > LONG_MINUTES:
            notes = (
                f"A {self.minutes}-minute budget is long: informational interviews are "
                "20–30 minute conversations, so ask for 30 minutes at most and keep the "
                "rest of these questions for another conversation.",
            )
        return Questionnaire(
            sections=tuple(sections),
            introduction=self.bank.introduction,
            introduction_minutes=self.bank.introduction_minutes,
            budget_minutes=self.minutes,
            notes=notes,
        )

    def _ranked(self) -> list[Question]:
        """The candidates by priority, then rank within their category, then category."""
        rank: dict[QuestionCategory, int] = {}
        keyed = []
        for index, question in enumerate(self.candidates()):
            position = rank.get(question.category, 0)
            rank[question.category] = position + 1
            keyed.append(
                ((question.priority, position, _ORDER[question.category], index), question)
            )
        return [question for _key, question in sorted(keyed, key=lambda pair: pair[0])]

    @staticmethod
    def _values(
        contact: Contact | None,
        *,
        field: str | None,
        organization: str | None,
        role: str | None,
    ) -> dict[str, str | None]:
        if contact is not None and not isinstance(contact, Contact):
            raise ValidationError("contact", contact, "must be an infointerview.Contact or None")
        given = {"field": field, "organization": organization, "role": role}
        from_contact = {
            "field": contact.field if contact else None,
            "organization": contact.organization if contact else None,
            "role": contact.job_title if contact else None,
        }
        values: dict[str, str | None] = {}
        for name in PLACEHOLDERS:
            value = given[name]
            if value is not None:
                value = check_line(name, clean_line(value), max_len=MAX_LINE, empty=True) or None
            values[name] = value if value is not None else from_contact[name]
        return values


def _personalise(
    question: Question, values: dict[str, str | None], bank: QuestionBank
) -> QuestionnaireItem:
    phrases = {}
    for name, value in values.items():
        with_value, without = bank.placeholders[name]
        phrases[name] = with_value.replace("{value}", value) if value else without
    # format_map fills each placeholder once and turns {{ and }} into braces;
    # what the phrases hold is never read as a template again.
    return QuestionnaireItem(question=question, text=question.text.format_map(phrases))
