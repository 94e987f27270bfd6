"""The question bank: categories, questions and their loading from pack data.

The bank is data, not code. The built-in pack holds it in
``questions/bank.toml``; a user pack may ship its own file of the same shape,
and a single extra bank file can be layered on top (the command line's
``--bank``). This module reads TOML only and never imports Jinja2.
"""

from __future__ import annotations

import enum
import functools
import os
import re
import string
import tomllib
import types
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from infointerview._models.models import to_member
from infointerview._models.text import check_line, clean_line
from infointerview._packs.packs import PackStack, builtin_pack
from infointerview._public import public
from infointerview.exceptions import QuestionBankError, ValidationError

__all__ = [
    "BANK_FILE",
    "PLACEHOLDERS",
    "CategoryInfo",
    "Question",
    "QuestionBank",
    "QuestionCategory",
    "TiaraPart",
]

#: The pack file that holds a question bank.
BANK_FILE: Final = "questions/bank.toml"
#: The placeholders a question's text may hold, each filled from the contact.
PLACEHOLDERS: Final = ("field", "organization", "role")
#: Longest estimated answer time of one question, in minutes.
MAX_QUESTION_MINUTES: Final = 15
#: Lowest priority a question may have (1 is the highest).
LOWEST_PRIORITY: Final = 5

_ID: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ID_MAX: Final = 64
_FORMATTER: Final = string.Formatter()


@public
class QuestionCategory(enum.StrEnum):
    """The sections of an informational interview, in conversational order.

    The values are public data that other tools filter on; they never change.
    """

    BACKGROUND = "background"
    DAY_TO_DAY = "day-to-day"
    CHALLENGES = "challenges"
    INDUSTRY_TRENDS = "industry-trends"
    SKILLS = "skills"
    CULTURE = "culture"
    CAREER_ADVICE = "career-advice"
    FINAL_THOUGHTS = "final-thoughts"
    #: The asks at the very end, for two more people to speak with and for
    #: leave to use the contact's name when reaching out to them.
    CLOSING = "closing"


@public
class TiaraPart(enum.StrEnum):
    """The parts of Steve Dalton's TIARA frame for an informational interview.

    From *The 2-Hour Job Search* (2nd ed., 2020): ask about trends, then the
    contact's insights, then their advice, resources and assignments (small
    things to try next).
    """

    TRENDS = "trends"
    INSIGHTS = "insights"
    ADVICE = "advice"
    RESOURCES = "resources"
    ASSIGNMENTS = "assignments"


def _valid_values(enum_type: type[enum.Enum]) -> str:
    return ", ".join(str(member.value) for member in enum_type)


def to_category(value: Any, *, field: str = "category") -> QuestionCategory:
    """Return the category named by *value* (a member or its id).

    Args:
        value: A :class:`QuestionCategory` or its string id.
        field: The name to give in an error.

    Returns:
        The category.

    Raises:
        ValidationError: *value* names no category; the message lists them.
    """
    expected = f"a category id: {_valid_values(QuestionCategory)}"
    return to_member(QuestionCategory, value, field=field, expected=expected)


def to_tiara(value: Any, *, field: str = "tiara") -> TiaraPart:
    """Return the TIARA part named by *value* (a member or its string).

    Args:
        value: A :class:`TiaraPart` or its string value.
        field: The name to give in an error.

    Returns:
        The TIARA part.

    Raises:
        ValidationError: *value* names no part; the message lists them.
    """
    expected = f"a TIARA part: {_valid_values(TiaraPart)}"
    return to_member(TiaraPart, value, field=field, expected=expected)


def _category_converter(value: QuestionCategory | str) -> QuestionCategory:
    try:
        return QuestionCategory(value)
    except (ValueError, TypeError):
        return value  # type: ignore[return-value]  # refused after init, naming the field


def _tiara_converter(value: TiaraPart | str) -> TiaraPart:
    try:
        return TiaraPart(value)
    except (ValueError, TypeError):
        return value  # type: ignore[return-value]  # refused after init, naming the field


def _tags_converter(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # refused after init, naming the field
    return tuple(clean_line(tag) for tag in value)


def _check_id(field: str, value: object) -> None:
    text = check_line(field, value, max_len=_ID_MAX)
    if not _ID.fullmatch(text):
        raise ValidationError(
            field, value, "must be lower-case letters and digits joined by '-', like 'day-seasons'"
        )


def _check_int(field: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(field, value, f"must be a whole number from {low} to {high}")
    return value


def placeholders_in(text: str) -> list[str]:
    """Return the placeholder names in *text*, in order.

    Args:
        text: A question's text, with ``{name}`` placeholders and ``{{``/``}}``
            for literal braces.

    Returns:
        The names used.

    Raises:
        ValueError: The braces do not pair up, or a placeholder carries a
            format spec or conversion.
    """
    names = []
    for _literal, name, spec, conversion in _FORMATTER.parse(text):
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"placeholder {{{name}}} must not carry a format or conversion")
        names.append(name)
    return names


@public
@attrs.frozen(kw_only=True)
class Question:
    """One question of the bank, or one of the user's own.

    Attributes:
        id: A stable id of lower-case words joined by ``-``, unique in a bank.
        category: The section it belongs to.
        text: The question, one line. It may hold the placeholders
            ``{field}``, ``{organization}`` and ``{role}``, which a
            questionnaire fills in from the contact; ``{{`` and ``}}`` stand
            for literal braces.
        tags: Lower-case labels to filter on, such as ``"early-career"``.
        minutes: About how long the answer takes, in whole minutes (1–15).
        priority: 1 (ask it whenever there is time) to 5 (only with time to
            spare).
        tiara: Its part in the TIARA frame.
        topic: What it asks about, as an id like ``"hindsight"``, shared by
            the questions that ask much the same thing in other words; a
            questionnaire holds at most one question of a topic. ``None``
            (the default) for a question with no near-duplicate.
    """

    id: str = attrs.field(converter=clean_line)
    category: QuestionCategory = attrs.field(converter=_category_converter)
    text: str = attrs.field(converter=clean_line)
    tags: tuple[str, ...] = attrs.field(default=(), converter=_tags_converter)
    minutes: int = 2
    priority: int = 2
    tiara: TiaraPart = attrs.field(default=TiaraPart.INSIGHTS, converter=_tiara_converter)
    topic: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_id("Question.id", self.id)
        if self.topic is not None:
            _check_id("Question.topic", self.topic)
        category: object = self.category
        if not isinstance(category, QuestionCategory):
            to_category(category, field="Question.category")
        check_line("Question.text", self.text)
        try:
            names = placeholders_in(self.text)
        except ValueError as error:
            raise ValidationError("Question.text", self.text, str(error)) from None
        unknown = [name for name in names if name not in PLACEHOLDERS]
        if unknown:
            valid = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
            raise ValidationError(
                "Question.text",
                self.text,
                f"has the unknown placeholder {{{unknown[0]}}}; placeholders are {valid} "
                "(write {{ and }} for literal braces)",
            )
        tags: object = self.tags
        if not isinstance(tags, tuple):
            raise ValidationError("Question.tags", tags, "must be a list of tag names")
        for tag in self.tags:
            _check_id("Question.tags", tag)
        _check_int("Question.minutes", self.minutes, 1, MAX_QUESTION_MINUTES)
        _check_int("Question.priority", self.priority, 1, LOWEST_PRIORITY)
        tiara: object = self.tiara
        if not isinstance(tiara, TiaraPart):
            to_tiara(tiara, field="Question.tiara")

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The placeholder names its text holds, in order."""
        return tuple(placeholders_in(self.text))

    def to_dict(self) -> dict[str, Any]:
        """Return the question as a JSON-safe dict.

        Returns:
            Its fields, with the enums as their string values.
        """
        return {
            "id": self.id,
            "category": self.category.value,
            "text": self.text,
            "tags": list(self.tags),
            "minutes": self.minutes,
            "priority": self.priority,
            "tiara": self.tiara.value,
            "topic": self.topic,
        }


@public
@attrs.frozen(kw_only=True)
class CategoryInfo:
    """A section of the bank: its id, title and purpose.

    Attributes:
        id: The category.
        title: A heading for it ("Industry trends").
        purpose: One line saying what its questions are for.
    """

    id: QuestionCategory
    title: str
    purpose: str

    def to_dict(self) -> dict[str, str]:
        """Return the category as a JSON-safe dict.

        Returns:
            Its id, title and purpose.
        """
        return {"id": self.id.value, "title": self.title, "purpose": self.purpose}


def _freeze(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return types.MappingProxyType(dict(mapping))


@public
@attrs.frozen(kw_only=True)
class QuestionBank:
    """Every question a questionnaire can draw on, with its categories and tags.

    Load one with :meth:`load`; the built-in bank is loaded once and shared.

    Attributes:
        categories: Every category, in conversational order.
        questions: Every question, categories in conversational order and, in
            each, the order its file gives.
        tags: Each tag the bank knows, with a one-line description.
        introduction: What the requester says first, before any question.
        introduction_minutes: The time reserved for that introduction.
        placeholders: For each placeholder name, the phrase used with a value
            (holding ``{value}``) and the generic phrase used without one.
    """

    categories: tuple[CategoryInfo, ...]
    questions: tuple[Question, ...]
    tags: Mapping[str, str] = attrs.field(converter=_freeze, eq=False, hash=False)
    introduction: str
    introduction_minutes: int
    placeholders: Mapping[str, tuple[str, str]] = attrs.field(
        converter=_freeze, eq=False, hash=False, repr=False
    )

    @classmethod
    def load(
        cls,
        stack: PackStack | None = None,
        *,
        files: Sequence[str | os.PathLike[str]] = (),
    ) -> QuestionBank:
        """Load the bank from a pack stack, with extra bank files on top.

        Args:
            stack: The packs to read ``questions/bank.toml`` from; the
                built-in pack alone when omitted. Higher packs add questions
                and replace those with the same id.
            files: Bank files (same format) layered over the packs, lowest
                first, as the command line's ``--bank`` does.

        Returns:
            The merged bank.

        Raises:
            QuestionBankError: A bank file is malformed; the message names the
                file and, where there is one, the question id.
        """
        if stack is None and not files:
            return _builtin_bank()
        packs = stack.packs if stack is not None else (builtin_pack(),)
        sources: list[tuple[str, Mapping[str, Any]]] = []
        for pack in reversed(packs):
            if pack.has(BANK_FILE):
                sources.append((str(pack.root / BANK_FILE), pack.read_toml(BANK_FILE)))
        for file in files:
            sources.append((str(file), _read_bank_file(Path(file))))
        return _merge(sources)

    def category(self, category: QuestionCategory | str) -> CategoryInfo:
        """Return the title and purpose of *category*.

        Args:
            category: A category or its id.

        Returns:
            Its description in this bank.

        Raises:
            ValidationError: No category has that id.
        """
        wanted = to_category(category)
        return next(info for info in self.categories if info.id is wanted)

    def get(self, question_id: str) -> Question:
        """Return the question with id *question_id*.

        Args:
            question_id: A question's id.

        Returns:
            The question.

        Raises:
            ValidationError: The bank has no such question.
        """
        for question in self.questions:
            if question.id == question_id:
                return question
        raise ValidationError(
            "question_id", question_id, "must be the id of a question in the bank"
        )

    def in_category(self, category: QuestionCategory | str) -> tuple[Question, ...]:
        """Return the questions of *category*, in bank order.

        Args:
            category: A category or its id.

        Returns:
            Its questions.

        Raises:
            ValidationError: No category has that id.
        """
        wanted = to_category(category)
        return tuple(q for q in self.questions if q.category is wanted)


@functools.cache
def _builtin_bank() -> QuestionBank:
    pack = builtin_pack()
    return _merge([(str(pack.root / BANK_FILE), pack.read_toml(BANK_FILE))])


def _read_bank_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise QuestionBankError(
            f"{path}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    except OSError as error:
        raise QuestionBankError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise QuestionBankError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:
        raise QuestionBankError(f"{path}: invalid TOML: nested too deeply") from None


_TOP_KEYS: Final = {"replace", "introduction", "placeholders", "tags", "categories", "questions"}
_QUESTION_KEYS: Final = {
    "id",
    "category",
    "text",
    "tags",
    "minutes",
    "priority",
    "tiara",
    "topic",
}
_REQUIRED: Final = ("id", "category", "text")


def _merge(sources: Sequence[tuple[str, Mapping[str, Any]]]) -> QuestionBank:
    """Merge bank documents, lowest first, into one checked bank."""
    categories: dict[QuestionCategory, dict[str, str]] = {}
    tags: dict[str, str] = {}
    placeholders: dict[str, dict[str, str]] = {}
    intro: dict[str, Any] = {}
    questions: dict[str, Question] = {}
    last_path = "question bank"
    for path, document in sources:
        last_path = path
        unknown = sorted(set(document) - _TOP_KEYS)
        if unknown:
            raise QuestionBankError(
                f"{path}: unknown key {unknown[0]!r}; a bank file holds "
                f"{', '.join(sorted(_TOP_KEYS))}"
            )
        replace = document.get("replace", False)
        if not isinstance(replace, bool):
            raise QuestionBankError(f"{path}: replace must be true or false, got {replace!r}")
        if replace:
            questions.clear()
        intro.update(_table(path, document, "introduction", {"text", "minutes"}))
        for name, table in _table(path, document, "placeholders", set(PLACEHOLDERS)).items():
            placeholders.setdefault(name, {}).update(
                _strings(path, f"placeholders.{name}", table, {"with", "without"})
            )
        for name, description in _table(path, document, "tags", None).items():
            where = f"{path}: tags.{name}"
            if not _ID.fullmatch(name) or not isinstance(description, str):
                raise QuestionBankError(
                    f"{where}: a tag is a lower-case name like 'early-career' with a "
                    "one-line description as its value"
                )
            tags[name] = description
        valid_categories = set(QuestionCategory)
        for name, table in _table(path, document, "categories", None).items():
            if name not in valid_categories:
                raise QuestionBankError(
                    f"{path}: unknown category {name!r}; categories are "
                    f"{_valid_values(QuestionCategory)}"
                )
            fields = _strings(path, f"categories.{name}", table, {"title", "purpose"})
            categories.setdefault(QuestionCategory(name), {}).update(fields)
        seen: set[str] = set()
        entries = document.get("questions", [])
        if not isinstance(entries, list):
            raise QuestionBankError(f"{path}: questions must be an array of [[questions]] tables")
        for number, entry in enumerate(entries, start=1):
            question = _question(path, number, entry, tags)
            if question.id in seen:
                raise QuestionBankError(
                    f"{path}: question {question.id!r}: duplicate id; each question in a "
                    "bank file needs its own id"
                )
            seen.add(question.id)
            questions[question.id] = question
    return _finish(last_path, categories, tags, placeholders, intro, questions)


def _table(
    path: str, document: Mapping[str, Any], key: str, allowed: set[str] | None
) -> dict[str, Any]:
    table = document.get(key, {})
    if not isinstance(table, dict):
        raise QuestionBankError(f"{path}: {key} must be a table, like [{key}]")
    if allowed is not None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            takes = ", ".join(sorted(allowed))
            raise QuestionBankError(
                f"{path}: unknown key {key}.{unknown[0]}; [{key}] takes {takes}"
            )
    return table


def _strings(path: str, where: str, table: object, allowed: set[str]) -> dict[str, str]:
    if not isinstance(table, dict):
        raise QuestionBankError(f"{path}: {where} must be a table")
    for key, value in table.items():
        if key not in allowed:
            raise QuestionBankError(
                f"{path}: unknown key {where}.{key}; it takes {', '.join(sorted(allowed))}"
            )
        try:
            check_line(f"{where}.{key}", value)
        except ValidationError as error:
            raise QuestionBankError(f"{path}: {error}") from None
    return table


def _question(path: str, number: int, entry: object, tags: Mapping[str, str]) -> Question:
    if not isinstance(entry, dict):
        raise QuestionBankError(f"{path}: question #{number} must be a [[questions]] table")
    raw_id = entry.get("id")
    label = f"question {raw_id!r}" if isinstance(raw_id, str) and raw_id else f"question #{number}"
    for key in _REQUIRED:
        if key not in entry:
            raise QuestionBankError(f"{path}: {label}: missing {key!r}")
    unknown = sorted(set(entry) - _QUESTION_KEYS)
    if unknown:
        raise QuestionBankError(
            f"{path}: {label}: unknown key {unknown[0]!r}; a question takes "
            f"{', '.join(sorted(_QUESTION_KEYS))}"
        )
    if "tags" in entry and not isinstance(entry["tags"], list):
        raise QuestionBankError(
            f"{path}: {label}: tags must be a list of tag names, got {entry['tags']!r}"
        )
    try:
        question = Question(**entry)
    except ValidationError as error:
        raise QuestionBankError(f"{path}: {label}: {error}") from None
    undeclared = [tag for tag in question.tags if tag not in tags]
    if undeclared:
        raise QuestionBankError(
            f"{path}: {label}: unknown tag {undeclared[0]!r}; declare it under [tags] "
            f"or use one of {', '.join(sorted(tags))}"
        )
    return question


def _finish(
    path: str,
    categories: Mapping[QuestionCategory, Mapping[str, str]],
    tags: Mapping[str, str],
    placeholders: Mapping[str, Mapping[str, str]],
    intro: Mapping[str, Any],
    questions: Mapping[str, Question],
) -> QuestionBank:
    infos = []
    for category in QuestionCategory:
        fields = categories.get(category, {})
        missing = [key for key in ("title", "purpose") if key not in fields]
        if missing:
            raise QuestionBankError(
                f"{path}: categories.{category.value} needs a {missing[0]}; "
                "every category has a title and a one-line purpose"
            )
        infos.append(CategoryInfo(id=category, title=fields["title"], purpose=fields["purpose"]))
    filled = {}
    for name in PLACEHOLDERS:
        table = placeholders.get(name, {})
        if "with" not in table or "without" not in table:
            raise QuestionBankError(
                f"{path}: placeholders.{name} needs both 'with' (holding {{value}}) and 'without'"
            )
        if "{value}" not in table["with"]:
            raise QuestionBankError(f"{path}: placeholders.{name}.with must hold {{value}}")
        filled[name] = (table["with"], table["without"])
    text = intro.get("text")
    minutes = intro.get("minutes")
    try:
        text = check_line("introduction.text", text)
        minutes = _check_int("introduction.minutes", minutes, 0, MAX_QUESTION_MINUTES)
    except ValidationError as error:
        raise QuestionBankError(f"{path}: {error}") from None
    order = {category: index for index, category in enumerate(QuestionCategory)}
    ordered = sorted(questions.values(), key=lambda q: order[q.category])
    return QuestionBank(
        categories=tuple(infos),
        questions=tuple(ordered),
        tags=tags,
        introduction=text,
        introduction_minutes=minutes,
        placeholders=filled,
    )
