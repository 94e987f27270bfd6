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
from collections.abc import Sequence
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


def compile_pattern(pattern: str, *, engine: str = ENGINE, lazy: bool = False) -> Pattern:
    """Compile *pattern* for matching lower-cased, ASCII-folded text.

    The pattern is not checked against the linear-time subset here, which
    would cost more than compiling it: the tests check every built-in
    pattern with :func:`validate_linear`, and RE2 refuses any other.

    Args:
        pattern: A regular expression in the linear-time subset.
        engine: ``"re2"`` or ``"re"``; the installed default when omitted.
        lazy: Compile on first use rather than now. The standard library
            compiles in Python, about a millisecond per kilobyte of pattern,
            so patterns that most texts never reach are compiled lazily.

    Returns:
        The compiled pattern, or one that compiles itself on first use.

    Raises:
        ValueError: RE2 was asked for and is not installed.
    """
    if lazy:
        return cast("Pattern", _Lazy(pattern, engine))
    if engine == "re2":
        if _RE2 is None:
            raise ValueError("the re2 engine needs: pip install 'infointerview[re2]'")
        options = _RE2.Options()
        options.max_mem = 64 << 20
        return cast("Pattern", _RE2.compile(pattern, options))
    return re.compile(pattern, re.ASCII)


class _Lazy:
    """A pattern compiled the first time a rule matches with it.

    It offers what the rules use of a compiled pattern: ``pattern``,
    ``finditer``, ``search`` and ``match``.
    """

    __slots__ = ("_compiled", "_engine", "pattern")

    def __init__(self, pattern: str, engine: str) -> None:
        self.pattern: Final = pattern
        self._engine: Final = engine
        self._compiled: Pattern | None = None

    def _get(self) -> Pattern:
        compiled = self._compiled
        if compiled is None:  # two threads may both compile: the results are equal
            compiled = self._compiled = compile_pattern(self.pattern, engine=self._engine)
        return compiled

    def finditer(self, text: str, *span: int) -> Any:
        return self._get().finditer(text, *span)

    def search(self, text: str, *span: int) -> Any:
        return self._get().search(text, *span)

    def match(self, text: str, *span: int) -> Any:
        return self._get().match(text, *span)


class PatternSet:
    """Tell at once which of many patterns match somewhere in a text.

    On RE2 this is one pass of ``RE2::Set`` over the text, so the rules run
    their full patterns only where something can match. On :mod:`re`, a
    pattern is possible when the text contains one of its anchors (strings
    one of which every match contains, see ``_anchors.py``), or always when
    it has none.

    Args:
        patterns: Regular expressions in the linear-time subset.
        engine: ``"re2"`` or ``"re"``.
        anchors: For the standard library, each pattern's anchors, or
            ``None`` for a pattern without.
    """

    def __init__(
        self,
        patterns: list[str],
        *,
        engine: str = ENGINE,
        anchors: Sequence[Sequence[str] | None] = (),
    ) -> None:
        self._count = len(patterns)
        # Without RE2: per pattern, strings one of which any match contains.
        self._anchors: Final = [tuple(a) if a else None for a in anchors]
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
        if self._set is not None:
            return frozenset(self._set.Match(text) or ())
        if not self._anchors:
            return frozenset(range(self._count))
        return frozenset(
            index
            for index, found in enumerate(self._anchors)
            if found is None or any(anchor in text for anchor in found)
        )
