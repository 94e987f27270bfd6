"""Prepare a text once for every rule: normalise, fold, split, find scopes.

The rules never see the raw text. They match on ``Document.text``, which
is the original with, character by character:

* compatibility forms folded (Unicode NFKD, as NFKC does: full-width
  ``ｊｏｂ`` reads ``job``, the ligature ``ﬁ`` reads ``fi``) and combining
  marks dropped, so ``résumé`` reads ``resume``;
* every default-ignorable and format character removed (zero-width
  spaces and joiners, variation selectors, tags, bidi controls:
  ``j\u200bob`` reads ``job``);
* typographic quotes and dashes made plain, control characters made spaces;
* everything lower-cased.

An offset map remembers where every prepared character came from, so a span
found in the prepared text is reported over the original text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from typing import Any, Final, TypeVar

from infointerview._public import public
from infointerview.etiquette._regex import compile_pattern
from infointerview.exceptions import ValidationError

__all__ = ["Document", "prepare"]

# Characters that show nothing and can hide inside a word. Two Unicode sets,
# joined: Default_Ignorable_Code_Point (DerivedCoreProperties.txt: joiners,
# variation selectors, the combining grapheme joiner, tags, fillers, bidi
# controls) and the format characters, general category Cf, as of Unicode 15.1
# (the interlinear annotation marks and prepended concatenation marks, which
# the property leaves out). tests/test_etiquette_safety.py checks the table
# against the ``regex`` module's property and this Python's unicodedata.
_HIDDEN_RANGES: Final = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x0600, 0x0605), (0x061C, 0x061C),
    (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
    (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F),
    (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)  # fmt: skip
_HIDDEN_CLASS: Final = "".join(
    chr(low) if low == high else f"{chr(low)}-{chr(high)}" for low, high in _HIDDEN_RANGES
)
_HIDDEN: Final = re.compile(f"[{_HIDDEN_CLASS}]")
# Characters that attach to the one before them: a span that ends on a letter
# takes the accents, variation selectors and joiners after it along.
_ATTACHED: Final = re.compile("[\u034f\u200d\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# Unicode's stream-safe text format allows at most 30 of them in a row.
_MOST_ATTACHED: Final = 32
_PLAIN: Final = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
}
# ASCII controls other than tab and line feed read as spaces; CR as a line feed.
_ASCII_TABLE: Final = {
    **{c: " " for c in range(32) if c not in (9, 10, 13)},
    13: "\n",
    127: " ",
}
_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]+")
# Letters that need the character-by-character path although they are letters
# and in normal form: the hidden fillers and the modifier-letter apostrophe.
_SLOW: Final = re.compile(f"[\u02bc{_HIDDEN_CLASS}]")

# A run of end punctuation with the spaces after it, or a line break with the
# white space after it. Each quantifier is followed by characters it cannot
# take, so the scan never backtracks: a run of 100,000 full stops is read once.
# (Requiring the spaces, ``[.!?]+[ \t]+``, would retry the run from each stop.)
_SENTENCE_END: Final = re.compile(r"[.!?][.!?\"')\]]*[ \t]*|\n\s*", re.ASCII)
_ABBREVIATIONS: Final = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "inc",
        "co",
        "ltd",
        "corp",
        "dept",
        "univ",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "no",
        "approx",
    ]
)
# How far back from a full stop to look for the word it ends.
_LONGEST_ABBREVIATION: Final = max(map(len, _ABBREVIATIONS))
_LAST_WORD: Final = re.compile(r"([a-z.]+)$", re.ASCII)
_CLAUSE: Final = re.compile(
    r"[,;:()\[\]]|\s-{1,2}\s|\b(?:but|however|although|though|yet|and|so|because|whereas|"
    r"while|unless|except|otherwise|also)\b",
    re.ASCII,
)
_NEGATION: Final = compile_pattern(
    r"\b(?:not|never|without|nor|neither|no|rather than|instead of|in lieu of|other than|"
    r"dont|cant|wont|isnt|arent|wasnt|werent|doesnt|didnt|wouldnt|couldnt|shouldnt|"
    r"havent|hasnt|aint)\b|n't\b"
)
_QUOTE: Final = re.compile(r'"[^"\n]*"')
# A question about something (how people get hired) rather than a request: a
# sentence that opens with a question word and ends with a question mark, or a
# question word after a verb of knowing or asking.
_WH: Final = r"(?:what|how|why|when|where|who|whom|whose|which)\b"
_WH_QUESTION: Final = compile_pattern(
    r"(?:(?:and|so|also|but|then|ok|okay|well|lastly|finally|first|second|third|next|"
    r"\d{1,3}[.)]|[-*•]|q\d{0,3}[:.)])[\s,]+){0,3}" + _WH
)
# A question word that opens a proposal rather than a question about something:
# "How about a chat at your flat?", "Why don't we meet at mine?".
_WH_PROPOSAL: Final = compile_pattern(
    r"(?:(?:and|so|also|but|then|ok|okay|well)[\s,]+){0,2}"
    r"(?:how about|what about|what if (?:we|i|you)|why don't (?:we|i|you)|why not|"
    r"how would you feel about|how do you feel about|what would it take (?:for you )?to|"
    r"(?:when|where) (?:could|can|shall|should|might) (?:we|i))\b"
)
_EMBEDDED_WH: Final = compile_pattern(
    r"\b(?:know|knowing|knew|wondering|wonder|wondered|curious|ask|asking|asked|understand|"
    r"understanding|learn|learning|learned|tell me|told me|explain|explaining|hear|hearing|"
    r"sense of|idea of|advice on|thoughts on|insight into|insights into|unsure|sure|find out|"
    r"figure out|discuss|talk about|share|describe|walk me through|interested in)"
    r"(?:\s+(?:about|of|on))?\s+" + _WH
)
# What comes just before a negation that proposes rather than negates.
_WHY: Final = re.compile(r"\bwhy\s+(?:do|does|would|could|should|wo|ca)?$", re.ASCII)
_WORD: Final = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*", re.ASCII)


def _fold_char(char: str) -> str:
    """Return what one non-ASCII character reads as in the prepared text."""
    if char in _PLAIN:
        return _PLAIN[char]
    category = unicodedata.category(char)
    if category == "Cf" or _HIDDEN.match(char):
        return ""
    if category in {"Cc", "Cs"}:
        return " "
    if category in {"Zl", "Zp"}:
        return "\n"
    decomposed = unicodedata.normalize("NFKD", char)
    out = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    out = "".join(_PLAIN.get(c, c) for c in out)
    return out.lower()


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """Return the prepared text and its offset map (``None`` when it is the identity)."""
    if text.isascii():
        return text.translate(_ASCII_TABLE).lower(), None
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for run in _NON_ASCII.finditer(text):
        start, end = run.span()
        if start > position:
            pieces.append(text[position:start].translate(_ASCII_TABLE).lower())
            offsets.extend(range(position, start))
        run_text = text[start:end]
        lowered = run_text.lower()
        if (
            run_text.isalpha()  # no marks, symbols, controls or format characters
            and len(lowered) == len(run_text)
            and unicodedata.is_normalized("NFKD", run_text)
            and not _SLOW.search(run_text)
        ):  # one character for one: most words of other scripts
            pieces.append(lowered)
            offsets.extend(range(start, end))
        else:
            cache: dict[str, str] = {}
            for index in range(start, end):
                char = text[index]
                folded = cache.get(char)
                if folded is None:
                    folded = cache[char] = _fold_char(char)
                if folded:
                    pieces.append(folded)
                    offsets.extend([index] * len(folded))
        position = end
    if position < len(text):
        pieces.append(text[position:].translate(_ASCII_TABLE).lower())
        offsets.extend(range(position, len(text)))
    return "".join(pieces), offsets


#: The type of a value kept by :meth:`Document.memo`.
_T = TypeVar("_T")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for end in _SENTENCE_END.finditer(text):
        cut = end.start()
        if text[cut] in ".!?":
            if not text[end.end() - 1].isspace():
                continue  # "3.5", "e.g.this", "...": punctuation inside a word
            if text[cut] == ".":
                # Look back no further than the longest abbreviation, so a
                # sentence of a thousand "Dr. "s costs a thousand short looks.
                low = max(start, cut - _LONGEST_ABBREVIATION - 1)
                space = max(text.rfind(" ", low, cut), text.rfind("\n", low, cut), low - 1)
                word = text[space + 1 : cut]
                if len(word) == 1 or word in _ABBREVIATIONS:
                    continue  # "Dr. Osei", "J. Smith", "e.g. this"
        stop = end.end()
        while stop > cut and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            spans.append((start, stop))
        start = end.end()  # a boundary swallows the white space after it
    stop = len(text.rstrip())
    if stop > start:
        spans.append((start, stop))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())


@public(module="infointerview.etiquette")
class Document:
    """A text prepared once for every rule.

    Build it with :func:`prepare`. Positions taken by the methods are offsets
    into ``text``, the prepared text; :meth:`to_original` turns a span of
    it into a span of ``original``. What the rules share (sentences, clauses,
    negation, quotation and question scopes) is worked out on first use and
    kept for the other rules. A document belongs to one check: build one per
    text, never share it between threads.

    Attributes:
        original: The text as given (after any truncation to the size cap).
        text: The prepared text: folded, without invisible characters,
            lower-cased.
    """

    __slots__ = ("_memo", "_offsets", "original", "text")

    def __init__(self, original: str, text: str, offsets: list[int] | None) -> None:
        self.original: Final = original
        self.text: Final = text
        self._offsets: Final = offsets
        self._memo: Final[dict[str, Any]] = {}

    def __repr__(self) -> str:
        return f"Document(text={self.text[:40]!r}{'...' if len(self.text) > 40 else ''})"

    def memo(self, key: str, compute: Callable[[], _T]) -> _T:
        """Return the value kept under *key*, computing it the first time.

        Rules use it to share work on the same text, such as a pre-filter
        over every pattern.

        Args:
            key: A name for the value, unique to its meaning.
            compute: Returns the value.

        Returns:
            The value.
        """
        try:
            value: _T = self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
        return value

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """``(start, end)`` of every sentence of ``text``; a line break also ends one."""
        return self.memo("sentences", lambda: _sentences(self.text))

    @property
    def quotes(self) -> list[tuple[int, int]]:
        """``(start, end)`` of every double-quoted passage."""
        return self.memo("quotes", lambda: [m.span() for m in _QUOTE.finditer(self.text)])

    def _starts(self) -> list[int]:
        return self.memo("sentence-starts", lambda: [s for s, _ in self.sentences])

    def _clauses(self) -> list[int]:
        def compute() -> list[int]:
            ends = (m.end() for m in _CLAUSE.finditer(self.text))
            return sorted({*self._starts(), *ends})

        return self.memo("clauses", compute)

    def from_original(self, position: int) -> int:
        """Return the offset in ``text`` of the character at *position* of the original.

        Args:
            position: An offset in ``original``.

        Returns:
            The offset of the first prepared character that comes from at or
            after *position*.
        """
        if self._offsets is None:
            return min(position, len(self.text))
        return bisect.bisect_left(self._offsets, position)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Return the span of ``original`` that ``text[start:end]`` came from.

        Args:
            start: Start offset in ``text``.
            end: End offset in ``text``.

        Returns:
            ``(start, end)`` in ``original``.
        """
        if self._offsets is None:
            return start, end
        size = len(self._offsets)
        if start >= size:
            return len(self.original), len(self.original)
        first = self._offsets[start]
        if end <= start:
            return first, first
        last = self._offsets[min(end, size) - 1] + 1
        # Take along the accents and selectors that the preparation dropped
        # after the span's last character: "café" + U+0301 ends after the mark.
        limit = min(
            self._offsets[end] if end < size else len(self.original), last + _MOST_ATTACHED
        )
        while last < limit and (
            unicodedata.category(self.original[last]).startswith("M")
            or _ATTACHED.match(self.original[last])
        ):
            last += 1
        return first, last

    def sentence_at(self, position: int) -> tuple[int, int]:
        """Return ``(start, end)`` of the sentence holding *position*.

        Args:
            position: An offset in ``text``.

        Returns:
            The sentence's span, or ``(position, position)`` between sentences.
        """
        index = bisect.bisect_right(self._starts(), position) - 1
        if index >= 0:
            start, end = self.sentences[index]
            if start <= position < end:
                return start, end
        return position, position

    def clause_start(self, position: int) -> int:
        """Return where the clause holding *position* starts.

        Clauses end at sentence ends, at commas, semicolons, colons, brackets
        and dashes, and before conjunctions such as "but" and "and".

        Args:
            position: An offset in ``text``.

        Returns:
            The offset of the clause's first character.
        """
        clauses = self._clauses()
        index = bisect.bisect_right(clauses, position) - 1
        return clauses[index] if index >= 0 else 0

    def _governed(self, key: str, pattern: re.Pattern[str], position: int) -> bool:
        def compute() -> list[int]:
            text = self.text
            return [
                m.start()
                for m in pattern.finditer(text)
                # "why don't we…", "why not…" propose; they do not negate
                if key != "negations" or not _WHY.search(text, max(0, m.start() - 8), m.start())
            ]

        cues = self.memo(key, compute)
        index = bisect.bisect_left(cues, self.clause_start(position))
        return index < len(cues) and cues[index] < position

    def is_negated(self, position: int) -> bool:
        """Tell whether a negation governs *position*.

        A negation governs the rest of its clause: "I'm not asking for a job"
        negates "asking for a job", while in "I can't stay long, but could you
        refer me" the comma and "but" end its reach.

        Args:
            position: Where a matched phrase starts, in ``text``.

        Returns:
            Whether a negation word appears earlier in the same clause.
        """
        return self._governed("negations", _NEGATION, position)

    def is_about(self, position: int) -> bool:
        """Tell whether *position* lies in a question *about* something.

        "How did you land your first job?" and "I'm curious how people get
        referred here" ask about hiring; they do not ask for a job. A sentence
        that opens with a question word and ends with a question mark is about
        its subject throughout; a question word after a verb of knowing or
        asking ("curious how", "wondering what") governs the rest of its clause.

        Args:
            position: Where a matched phrase starts, in ``text``.

        Returns:
            Whether a question word governs *position*.
        """
        start, end = self.sentence_at(position)
        text = self.text
        if (
            end > start
            and text[end - 1] == "?"
            and _WH_QUESTION.match(text[start : start + 80])
            and not _WH_PROPOSAL.match(text[start : start + 80])
        ):
            return True
        return self._governed("embedded-wh", _EMBEDDED_WH, position)

    def is_quoted(self, start: int, end: int) -> bool:
        """Tell whether ``text[start:end]`` lies inside a double-quoted passage.

        Args:
            start: Start offset in ``text``.
            end: End offset in ``text``.

        Returns:
            Whether a quoted passage contains the whole span.
        """
        quotes = self.quotes
        if not quotes:
            return False
        starts = self.memo("quote-starts", lambda: [s for s, _ in quotes])
        index = bisect.bisect_right(starts, start) - 1
        if index < 0:
            return False
        quote_start, quote_end = quotes[index]
        return quote_start <= start and end <= quote_end

    def words(self, start: int = 0, end: int | None = None) -> list[str]:
        """Return the words of ``text[start:end]``.

        Args:
            start: Start offset in ``text``.
            end: End offset in ``text``; the end of the text when omitted.

        Returns:
            The words, lower-case, with inner apostrophes and hyphens kept.
        """
        return _WORD.findall(self.text, start, len(self.text) if end is None else end)


@public(module="infointerview.etiquette")
def prepare(text: str) -> Document:
    """Prepare *text* for the rules.

    Args:
        text: Any string.

    Returns:
        The prepared document.

    Raises:
        ValidationError: *text* is not a string.

    >>> from infointerview.etiquette import prepare
    >>> doc = prepare("Could you ｈｉｒｅ me?")
    >>> doc.text
    'could you hire me?'
    >>> doc.to_original(10, 17)
    (10, 17)
    """
    if not isinstance(text, str):
        raise ValidationError("text", text, f"must be a str, not {type(text).__name__}")
    prepared, offsets = _normalise(text)
    return Document(text, prepared, offsets)
