"""Compile the rules' patterns on RE2 when it is installed, else on :mod:`re`.

Every pattern the rules use stays inside the subset that a linear-time engine
accepts: no backreferences and no lookaround. With the ``re2`` extra
(``pip install 'infointerview[re2]'``, which installs ``google-re2``) the
patterns run on RE2, whose matching time is linear in the length of the text
whatever the pattern. Without it they run on :mod:`re`; the patterns are
written so that backtracking stays bounded (every gap has a fixed upper bound
and no quantified group can match the same text two ways).
"""

from __future__ import annotations

import re
from typing import Any, Final, TypeAlias, cast

__all__ = ["ENGINE", "Pattern", "PatternSet", "compile_pattern", "validate_linear"]


#: A compiled pattern. RE2's compiled patterns offer the same methods the rules
#: use (``finditer``, ``search``, ``match`` with a position), so both engines'
#: objects are typed as :class:`re.Pattern`.
Pattern: TypeAlias = "re.Pattern[str]"


def _load_re2() -> Any:
    try:
        import re2  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        return None
    return re2


_RE2: Final = _load_re2()
#: The engine the patterns run on: ``"re2"`` or ``"re"``.
ENGINE: Final = "re2" if _RE2 is not None else "re"

# Opcodes of the standard library's parser that need backtracking engines.
_FORBIDDEN: Final = {"GROUPREF", "GROUPREF_EXISTS", "ASSERT", "ASSERT_NOT", "ATOMIC_GROUP"}


def validate_linear(pattern: str) -> None:
    """Refuse a pattern that a linear-time engine cannot run.

    Args:
        pattern: A regular expression.

    Raises:
        ValueError: It uses a backreference, a lookaround, an atomic group or a
            conditional group.
    """
    from re import _parser  # type: ignore[attr-defined]

    stack = [_parser.parse(pattern)]
    while stack:
        for op, arg in stack.pop():
            name = str(op)
            if name in _FORBIDDEN:
                raise ValueError(f"pattern uses {name.lower()}, which RE2 refuses: {pattern!r}")
            values = arg if isinstance(arg, (list, tuple)) else (arg,)
            for value in values:
                if isinstance(value, _parser.SubPattern):
                    stack.append(value)
                elif isinstance(value, (list, tuple)):
                    stack.extend(v for v in value if isinstance(v, _parser.SubPattern))


def compile_pattern(pattern: str, *, engine: str = ENGINE) -> Pattern:
    """Compile *pattern* for matching lower-cased, ASCII-folded text.

    Args:
        pattern: A regular expression in the linear-time subset.
        engine: ``"re2"`` or ``"re"``; the installed default when omitted.

    Returns:
        The compiled pattern.

    Raises:
        ValueError: The pattern is outside the linear-time subset, or RE2 was
            asked for and is not installed.
    """
    validate_linear(pattern)
    if engine == "re2":
        if _RE2 is None:
            raise ValueError("the re2 engine needs: pip install 'infointerview[re2]'")
        options = _RE2.Options()
        options.max_mem = 64 << 20
        return cast("Pattern", _RE2.compile(pattern, options))
    return re.compile(pattern, re.ASCII)


class PatternSet:
    """Tell at once which of many patterns match somewhere in a text.

    On RE2 this is one pass of ``RE2::Set`` over the text, so the rules run
    their full patterns only where something can match; on :mod:`re` every
    pattern is reported as possible.

    Args:
        patterns: Regular expressions in the linear-time subset.
        engine: ``"re2"`` or ``"re"``.
    """

    def __init__(self, patterns: list[str], *, engine: str = ENGINE) -> None:
        self._count = len(patterns)
        self._set: Any = None
        if engine == "re2" and _RE2 is not None and patterns:
            options = _RE2.Options()
            options.max_mem = 256 << 20
            regex_set = _RE2.Set.SearchSet(options)
            for pattern in patterns:
                regex_set.Add(pattern)
            regex_set.Compile()
            self._set = regex_set

    def matching(self, text: str) -> frozenset[int]:
        """Return the indices of the patterns that match somewhere in *text*.

        Args:
            text: The text to search.

        Returns:
            The indices; all of them when no RE2 set is available.
        """
        if self._set is None:
            return frozenset(range(self._count))
        return frozenset(self._set.Match(text) or ())
