r"""Clean and validate the text that users hand to the models.

Text fields are NFC-normalised. Characters that could poison what is built from
the text downstream (an email header, a terminal, an HTML page, a log line) are
refused, never silently dropped, so nothing the user typed is lost:

* C0 controls (except tab and line feed in multi-line fields), DEL and the C1
  controls;
* carriage return, except as part of a CRLF pair in a multi-line field, which
  becomes a plain line feed;
* line feed in one-line fields;
* the Unicode line and paragraph separators U+2028 and U+2029;
* the bidirectional embeddings, overrides and isolates U+202A–U+202E and
  U+2066–U+2069 ("Trojan Source", CVE-2021-42574); the plain marks LRM, RLM
  and ALM stay allowed, since right-to-left names need them;
* lone surrogates, such as ``json.loads('"\ud800"')`` produces.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from infointerview.exceptions import ValidationError

__all__ = [
    "MAX_LINE",
    "MAX_NAME",
    "MAX_TEXT",
    "check_line",
    "check_text",
    "clean_line",
    "clean_text",
    "describe_char",
]

#: Longest name (a person, an organization) accepted, in characters.
MAX_NAME: Final = 200
#: Longest one-line field accepted, in characters.
MAX_LINE: Final = 500
#: Longest multi-line field accepted, in characters.
MAX_TEXT: Final = 20_000

_BAD_ALWAYS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 (bar tab, LF, CR), DEL, C1
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides, isolates
    "\ud800-\udfff"  # lone surrogates
)
_BAD_IN_LINE: Final = re.compile(f"[{_BAD_ALWAYS}\t\n\r]")
_BAD_IN_TEXT: Final = re.compile(f"[{_BAD_ALWAYS}\r]")


def describe_char(char: str) -> str:
    """Name one character for an error message, as ``U+000A LINE FEED``.

    Args:
        char: A single character.

    Returns:
        Its code point and, where Unicode gives one, its name.
    """
    names = {"\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\t": "CHARACTER TABULATION"}
    name = names.get(char) or unicodedata.name(char, "")
    if not name and 0xD800 <= ord(char) <= 0xDFFF:
        name = "lone surrogate"
    elif not name:
        name = "control character"
    return f"U+{ord(char):04X} {name}"


def clean_line(value: str) -> str:
    """Normalise a one-line field: NFC, surrounding white space removed.

    A value that is not a string, or that holds a refused character, is handed
    back unchanged for the validator to refuse with the field's name; white
    space that is also a refused character (a trailing line feed, U+0085) is
    never stripped away silently.

    Args:
        value: What the user gave.

    Returns:
        The normalised text.
    """
    if not isinstance(value, str) or _BAD_IN_LINE.search(value):
        return value  # kept exactly as sent, for the validator to refuse
    return unicodedata.normalize("NFC", value).strip()


def clean_text(value: str) -> str:
    """Normalise a multi-line field: NFC, CRLF to LF, surrounding white space removed.

    Args:
        value: What the user gave.

    Returns:
        The normalised text.
    """
    if isinstance(value, str):
        value = value.replace("\r\n", "\n")
        if not _BAD_IN_TEXT.search(value):
            return unicodedata.normalize("NFC", value).strip()
    return value  # kept exactly as sent, for the validator to refuse


def check_line(field: str, value: object, *, max_len: int = MAX_LINE, empty: bool = False) -> str:
    """Validate a one-line text field and return it.

    Args:
        field: Dotted name of the field, for the error message.
        value: The (already cleaned) value.
        max_len: Longest accepted length, in characters.
        empty: Whether an empty string is accepted.

    Returns:
        *value*, now known to be a valid one-line string.

    Raises:
        ValidationError: It is not a string, is empty, too long, or carries a
            refused character.
    """
    return _check(field, value, _BAD_IN_LINE, max_len=max_len, empty=empty, kind="one-line text")


def check_text(field: str, value: object, *, max_len: int = MAX_TEXT, empty: bool = True) -> str:
    """Validate a multi-line text field and return it.

    Args:
        field: Dotted name of the field, for the error message.
        value: The (already cleaned) value.
        max_len: Longest accepted length, in characters.
        empty: Whether an empty string is accepted.

    Returns:
        *value*, now known to be a valid string.

    Raises:
        ValidationError: It is not a string, is empty, too long, or carries a
            refused character.
    """
    return _check(field, value, _BAD_IN_TEXT, max_len=max_len, empty=empty, kind="text")


def _check(
    field: str, value: object, bad: re.Pattern[str], *, max_len: int, empty: bool, kind: str
) -> str:
    if not isinstance(value, str):
        raise ValidationError(
            field, value, f"must be a string ({kind}), not {type(value).__name__}"
        )
    if not value and not empty:
        raise ValidationError(field, value, "must not be empty")
    if len(value) > max_len:
        raise ValidationError(
            field, value, f"must be at most {max_len} characters, not {len(value)}"
        )
    found = bad.search(value)
    if found:
        char = found.group()
        raise ValidationError(
            field,
            value,
            f"must not contain {describe_char(char)} (at index {found.start()}); "
            f"{kind} may hold letters, marks, digits, punctuation, symbols and spaces",
        )
    return value


def utf16_offset(text: str, offset: int) -> int:
    """Return *offset*, a position in *text* in code points, counted in UTF-16 code units.

    JavaScript strings and LanguageTool count in UTF-16 code units, in which a
    character outside the Basic Multilingual Plane (most emoji) takes two.

    >>> utf16_offset("🙂 hire me", 2)
    3
    """
    head = text[:offset]
    return offset if head.isascii() else len(head.encode("utf-16-le", "surrogatepass")) // 2
