r"""Escape user text for Markdown, so that what a user typed stays literal.

Letters, prep sheets and questionnaires come out as Markdown that platforms
and notebooks render with CommonMark or GitHub-flavoured Markdown (GFM).
A name typed as ``[x](https://evil)`` must not become a link, and neither
must a pasted address: GFM turns ``www.``, ``https://``, ``mailto:`` and
``maya@example.edu`` into links with no markup at all (its "extended
autolinks"). CommonMark lets a backslash escape any ASCII punctuation and
renders the character alone, so escaping changes nothing a reader sees:

>>> from infointerview._models.markdown import escape_markdown
>>> print(escape_markdown("See www.example.org or mail maya@example.edu ~~now~~"))
See www\.example.org or mail maya\@example.edu \~\~now\~\~
>>> print(escape_markdown("1. first"))
1\. first
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["escape_markdown"]

# Punctuation that makes inline markup: emphasis, code, links, images, HTML,
# tables, strikethrough, ``@`` (GFM's email autolinks), and an ``&`` that
# opens a character reference (``&amp;``, ``&#64;``); "Harbor & Vale" stays.
_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]()<>#!|~@]|&(?=#?[0-9A-Za-z]{1,32};))")
# The other autolink triggers: a scheme's colon and the dot after ``www``.
# Found anywhere, not only after a word boundary: cmark-gfm links "0http://x".
_AUTOLINK: Final = re.compile(r"(?i)(https?|ftp|mailto|xmpp)(:)|(www)(\.)")
# Line starts that make a list item, a heading underline, a block quote
# (``>`` is escaped above) or a numbered item.
_LINE_START: Final = re.compile(r"^([ \t]*)(?:([-+=])|(\d{1,9})([.)]))", re.MULTILINE)


def _line_start(match: re.Match[str]) -> str:
    indent, mark, number, stop = match.groups()
    if mark is not None:
        return f"{indent}\\{mark}"
    return f"{indent}{number}\\{stop}"


def escape_markdown(text: str) -> str:
    r"""Return *text* with every Markdown trigger backslash-escaped.

    Args:
        text: Text a user typed, on one line or many.

    Returns:
        Text that renders as *text* itself in CommonMark and GFM.
    """
    text = _SPECIAL.sub(r"\\\1", text)
    text = _AUTOLINK.sub(lambda m: f"{m[1]}\\:" if m[1] else f"{m[3]}\\.", text)
    return _LINE_START.sub(_line_start, text)
