"""English grammar for the letters: articles, plurals, punctuation, clause case.

Templates get these as filters, in the built-in pack and in any user pack:

``a_an``
    The indefinite article by sound, from :mod:`inflect`: "an MBA candidate",
    "a user experience student", "a university transfer", "an honours
    student". ``a_an(role=true)`` leaves out the article before a title one
    person holds ("Head of Audit") and keeps it otherwise ("a Research
    Scientist").
``plural``
    The noun agreeing with a count: ``"person"|plural(2)`` is "people".
``end_with``
    A mark joined without doubling: ``"Pacific Timber Co."|end_with(".")``
    stays "Pacific Timber Co.", and "Is it?" keeps its question mark.
``clause``
    Typed-in text made fit to follow "I'm hoping to learn": its first letter
    lower-cased only when it opens with a clause word ("How audit teams
    work"), never for a name or an acronym ("CPA exams", "Harbor & Vale").

:func:`problems` finds the same mistakes in rendered text, for ``lint-pack``.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Callable, Iterator
from typing import Any, Final

__all__ = ["FILTERS", "a_an", "clause", "end_with", "plural", "problems"]

#: Longest text a filter works on; longer text passes through unchanged.
MAX_INPUT: Final = 1_000
_MARKS: Final = (".", "?", "!", "…")
_FIRST_WORD: Final = re.compile(r"[^\W\d_][\w'’-]*")
_ARTICLE: Final = re.compile(r"(?<![\w.'’-])(a|an|A|An) ([^\W\d_][\w'’.-]*)")
_DOUBLED: Final = re.compile(r"(?<!\.)[.?!]\.(?!\.)")
_STRAY_CAPITAL: Final = re.compile(r"\b(learn|learning|about|valued) ([A-Z][a-z]+)\b")
_BARE_TITLE: Final = re.compile(r"\bwork as ([A-Z][\w&.-]*)")


def _words(name: str) -> frozenset[str]:
    text = importlib.resources.files(__package__).joinpath("data", name).read_text("utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


_OPENERS: Final = _words("clause_openers.txt")
_UNIQUE_ROLES: Final = _words("unique_roles.txt")


@functools.cache
def _engine() -> Any:
    import inflect  # imported on first use, like Jinja2

    return inflect.engine()


@functools.lru_cache(maxsize=4096)
def _article_for(word: str) -> str:
    # inflect decides by sound: initialisms letter by letter ("an MBA"), the
    # "yoo" of "user" and "university", the silent h of "hour" and "honours".
    article: str = _engine().a(word).partition(" ")[0]
    return article.lower()


def a_an(phrase: str, *, role: bool = False) -> str:
    """Return *phrase* after the indefinite article its sound needs.

    Args:
        phrase: A noun phrase ("MBA candidate", "user experience student").
        role: Whether *phrase* is a job title; a title one person holds
            ("Head of Audit", "Chief Financial Officer") then takes no article.

    Returns:
        "an MBA candidate", "a user experience student"; *phrase* unchanged
        when it is empty, already opens with an article, or is longer than
        :data:`MAX_INPUT`.

    >>> a_an("MBA candidate"), a_an("honours student"), a_an("university transfer")
    ('an MBA candidate', 'an honours student', 'a university transfer')
    >>> a_an("Research Scientist", role=True), a_an("Head of Audit", role=True)
    ('a Research Scientist', 'Head of Audit')
    """
    phrase = str(phrase)
    match = _FIRST_WORD.match(phrase.lstrip())
    if match is None or len(phrase) > MAX_INPUT:
        return phrase
    first = match.group(0)
    if first.lower() in {"a", "an", "the"} or (role and first.lower() in _UNIQUE_ROLES):
        return phrase
    if not first.isascii():
        return phrase  # inflect knows English sounds only; leave other scripts alone
    return f"{_article_for(first)} {phrase}"


def plural(noun: str, count: int = 2) -> str:
    """Return *noun* in the number that agrees with *count*.

    Args:
        noun: A singular noun ("person", "introduction").
        count: How many; 1 keeps the singular.

    Returns:
        The noun, plural unless *count* is 1 or -1.

    >>> plural("person", 1), plural("person", 2), plural("company", 3)
    ('person', 'people', 'companies')
    """
    noun = str(noun)
    if not noun or len(noun) > MAX_INPUT or abs(int(count)) == 1:
        return noun
    result: str = _engine().plural_noun(noun, int(count))
    return result


def end_with(value: str, mark: str = ".") -> str:
    """Return *value* ending in *mark*, never doubled after ".", "?" or "!".

    Args:
        value: The text, often a value that may already end in a mark
            ("Pacific Timber Co.").
        mark: The mark to add (".", ",", "?").

    Returns:
        *value* with *mark*; for a full stop after a value that already ends
        in ".", "?", "!" or "…", *value* unchanged.

    >>> end_with("Pacific Timber Co."), end_with("Harbor & Vale"), end_with("Co.", ",")
    ('Pacific Timber Co.', 'Harbor & Vale.', 'Co.,')
    """
    value = str(value)
    if mark == "." and value.rstrip().endswith(_MARKS):
        return value
    return f"{value}{mark}"


def clause(text: str) -> str:
    """Return typed-in *text* ready to continue a sentence.

    The first letter is lower-cased only when the first word is a clause
    opener ("How", "What", "The", "Whether") written with a capital and not
    in capitals throughout; names, acronyms and any other word keep their case.

    Args:
        text: What the user typed ("How audit teams work").

    Returns:
        "how audit teams work"; "CPA exams" and "Harbor & Vale's approach"
        unchanged.

    >>> clause("How audit teams work"), clause("The CPA exam"), clause("IFRS reporting")
    ('how audit teams work', 'the CPA exam', 'IFRS reporting')
    """
    text = str(text)
    match = _FIRST_WORD.match(text)
    if match is None or len(text) > MAX_INPUT:
        return text
    first = match.group(0)
    if first.lower() in _OPENERS and first[0].isupper() and first[1:] == first[1:].lower():
        return first[0].lower() + text[1:]
    return text


#: The filters every template environment gets.
FILTERS: Final[dict[str, Callable[..., str]]] = {
    "a_an": a_an,
    "article": a_an,
    "plural": plural,
    "end_with": end_with,
    "clause": clause,
}


def problems(text: str) -> Iterator[tuple[str, str, int, int]]:
    """Find grammar mistakes in rendered text.

    Args:
        text: A rendered letter's subject or body.

    Yields:
        ``(rule, message, start, end)`` for each mistake: ``grammar-article``
        (the article does not fit the sound), ``grammar-punctuation`` (a full
        stop doubled after ".", "?" or "!"), ``grammar-capital`` (a capitalised
        clause word mid-sentence) and ``grammar-title-article`` (a job title
        with no article).
    """
    text = text[: MAX_INPUT * 20]
    for match in _ARTICLE.finditer(text):
        word = match.group(2).rstrip(".")
        before = text[: match.start()].rstrip(" ")
        opens = not before or before.endswith((*_MARKS, "\n", ":"))
        if not word.isascii() or (match.group(1)[0] == "A" and not opens):
            continue  # "Plan A is": a capital A mid-sentence is a name, not an article
        expected = _article_for(word)
        if expected != match.group(1).lower():
            yield (
                "grammar-article",
                f"{match.group(1)!r} before {word!r}: English says {expected!r} here",
                match.start(),
                match.end(),
            )
    for match in _DOUBLED.finditer(text):
        yield (
            "grammar-punctuation",
            "a full stop doubled after a value that already ends in a mark",
            match.start(),
            match.end(),
        )
    for match in _STRAY_CAPITAL.finditer(text):
        if match.group(2).lower() in _OPENERS:
            yield (
                "grammar-capital",
                f"{match.group(2)!r} keeps its capital mid-sentence; pass typed text "
                "through the clause filter",
                match.start(2),
                match.end(),
            )
    for match in _BARE_TITLE.finditer(text):
        if match.group(1).lower() not in _UNIQUE_ROLES:
            yield (
                "grammar-title-article",
                "a job title with no article; use the a_an(role=true) filter",
                match.start(1),
                match.end(),
            )
