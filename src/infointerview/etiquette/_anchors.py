"""Work out the anchors of a pattern: strings one of which every match contains.

Without RE2's set matcher, a check would run every phrase group's pattern over
every text. A group whose anchors all miss the text cannot match it, so it is
skipped, and its pattern is never even compiled. Anchors are read from the
standard library's parse of the pattern, which is slow, so they are worked
out once, when the rule data changes, and shipped in ``data/anchors.json``:

    python scripts/anchors.py --write

The tests check that the shipped file is current and that the anchors of
every group hit every text the group matches.
"""

from __future__ import annotations

import json
import sys
import zlib
from collections.abc import Sequence
from typing import Any, Final

__all__ = ["ANCHORS_FILE", "anchors", "digest"]

#: The file, under ``etiquette/data``, that holds the groups' anchors.
ANCHORS_FILE: Final = "anchors.json"
# The most strings a run of literals may expand to before it is cut.
_MOST: Final = 256
# Words in nearly every message: an anchor set holding one filters nothing.
_COMMON: Final = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "at",
        "back",
        "be",
        "by",
        "can",
        "could",
        "do",
        "for",
        "have",
        "i",
        "if",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "there",
        "this",
        "to",
        "we",
        "will",
        "with",
        "would",
        "you",
        "your",
        "about",
        "like",
        "love",
        "want",
        "hope",
    ]
)

# (exact, required): every string the node can match when that is a short
# list, and a set of strings one of which every match contains.
_Info = tuple[frozenset[str] | None, frozenset[str] | None]


def digest(pattern: str) -> str:
    """Return the short fingerprint that ties anchors to the pattern they were read from.

    Args:
        pattern: The expanded regular expression.

    Returns:
        The pattern's length and CRC-32, which is enough to notice an edit.
    """
    return f"{len(pattern)}-{zlib.crc32(pattern.encode('utf-8')):08x}"


def _score(strings: frozenset[str]) -> tuple[bool, int, int]:
    """Rare words filter better, then longer ones; fewer strings cost less to look for."""
    return (not strings & _COMMON, min(len(s) for s in strings), -len(strings))


def _best(candidates: Sequence[frozenset[str]]) -> frozenset[str] | None:
    usable = [c for c in candidates if c and all(c)]
    return max(usable, key=_score) if usable else None


def _class(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    from re import _constants as c  # type: ignore[attr-defined]

    chars: set[str] = set()
    for op, arg in items:
        if op is c.LITERAL:
            chars.add(chr(arg))
        elif op is c.RANGE and arg[1] - arg[0] < 8:
            chars.update(chr(code) for code in range(arg[0], arg[1] + 1))
        else:
            return None  # a negation, a category, a wide range
    return frozenset(chars) if len(chars) <= 8 else None


def _item(op: Any, arg: Any) -> _Info:
    from re import _constants as c  # type: ignore[attr-defined]

    if op is c.LITERAL:
        return frozenset({chr(arg)}), None
    if op is c.AT:
        return frozenset({""}), None
    if op is c.IN:
        return _class(arg), None
    if op is c.SUBPATTERN:
        return _sequence(arg[-1])
    if op is c.BRANCH:
        branches = [_sequence(b) for b in arg[1]]
        exacts = [e for e, _ in branches]
        exact = None
        if all(e is not None for e in exacts):
            joined = frozenset().union(*(e for e in exacts if e is not None))
            exact = joined if len(joined) <= _MOST else None
        needs = [r if r is not None else _best([e] if e else []) for e, r in branches]
        if all(r is not None for r in needs):
            return exact, frozenset().union(*(r for r in needs if r is not None))
        return exact, None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        low, high, item = arg
        repeated, required = _sequence(item)
        if low == high == 1:
            return repeated, required
        if low == 0:
            if high == 1 and repeated is not None:
                return repeated | {""}, None
            return None, None
        return None, required if required is not None else _best([repeated] if repeated else [])
    return None, None  # any character, a category, a negated literal


def _sequence(items: Any) -> _Info:
    """Join the runs of exactly known pieces, and keep the best requirement."""
    run: frozenset[str] | None = frozenset({""})
    candidates: list[frozenset[str]] = []
    whole = True
    for op, arg in items:
        exact, required = _item(op, arg)
        if required is not None:
            candidates.append(required)
        if exact is not None and run is not None and len(run) * len(exact) <= _MOST:
            run = frozenset(a + b for a in run for b in exact)
            continue
        if run is not None:
            candidates.append(run)
        whole = False
        run = exact
    if run is not None:
        candidates.append(run)
    return (run if whole else None), _best(candidates)


def anchors(pattern: str) -> list[str] | None:
    """Return strings one of which every match of *pattern* contains.

    Args:
        pattern: A regular expression over lower-cased text.

    Returns:
        The anchors, sorted; ``None`` when the pattern has none worth
        looking for (it could match without any fixed string).
    """
    from re import _parser  # type: ignore[attr-defined]

    exact, required = _sequence(_parser.parse(pattern))
    found = required if required is not None else _best([exact] if exact else [])
    return sorted(found) if found is not None else None


def _table() -> dict[str, Any]:
    from infointerview.etiquette._kinds import builtin_rules

    groups = sorted((g for r in builtin_rules() for g in r.groups), key=lambda g: g.index)
    return {
        "comment": "Generated by python scripts/anchors.py --write; do not edit.",
        "groups": [
            {
                "index": g.index,
                "digest": digest(g.pattern.pattern),
                "anchors": anchors(g.pattern.pattern),
            }
            for g in groups
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Write or check the shipped anchors file.

    Args:
        argv: ``--write`` to regenerate the file, ``--check`` to compare.

    Returns:
        0 when the file is current (or was written), 1 when it is stale.
    """
    import argparse
    import importlib.resources
    import pathlib

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="regenerate the file")
    args = parser.parse_args(argv)
    text = json.dumps(_table(), indent=1, sort_keys=True) + "\n"
    path = pathlib.Path(
        str(importlib.resources.files("infointerview.etiquette").joinpath("data", ANCHORS_FILE))
    )
    if args.write:
        path.write_text(text, encoding="utf-8")
        return 0
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if current != text:
        print(f"{ANCHORS_FILE} is stale: run python scripts/anchors.py --write")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
