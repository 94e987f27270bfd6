"""Print precision and recall of the three fixed etiquette rules over the labelled corpus.

Usage: python benchmarks/quality.py [--show-errors] [--held-out] [FILE.toml ...]

Reads the development sets ``tests/corpus/[a-f].toml`` (or the files given;
``--held-out`` reads the held-out sets ``x`` and ``y`` instead, and reports
their figures without a bar: see ``tests/corpus/README.md``). Each ``[[message]]``
lists in ``expect`` the fixed rules that must fire; a fixed rule not listed
must not fire. A finding counts as a true positive when its rule is expected
(and, where the message gives the rule's ``span`` or ``spans``, when the
finding overlaps it).
Exit status 1 when a rule falls below precision 0.95 or recall 0.90.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tomllib

import infointerview as ii

FIXED = ("no-job-ask", "not-over-email", "no-personal-residence")
ROOT = pathlib.Path(__file__).resolve().parents[1]
BAR = {"precision": 0.95, "recall": 0.90}
#: Sets the rules were written and tuned on; the bar applies to them.
DEVELOPMENT = tuple("abcdef")
#: Sets that no rule, feature or threshold was ever tuned on.
HELD_OUT = ("x", "y")


def load(paths: list[pathlib.Path]) -> list[dict[str, object]]:
    messages = []
    for path in paths:
        for message in tomllib.loads(path.read_text(encoding="utf-8")).get("message", []):
            message["_file"] = path.name
            messages.append(message)
    return messages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=pathlib.Path)
    parser.add_argument("--show-errors", action="store_true", help="list misclassified ids")
    parser.add_argument("--held-out", action="store_true", help="score the held-out sets")
    parser.add_argument("--patterns-only", action="store_true", help="switch the models off")
    args = parser.parse_args()
    sets = HELD_OUT if args.held_out else DEVELOPMENT
    paths = args.files or [ROOT / "tests" / "corpus" / f"{name}.toml" for name in sets]
    messages = load(paths)
    checker = ii.Checker(config=ii.Config(models=not args.patterns_only))
    counts = {rule: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for rule in FIXED}
    errors: list[str] = []
    for message in messages:
        text = str(message["text"])
        # corpus channels such as "whatsapp" are for statistics; the checker knows four
        channel = message.get("channel")
        channel = channel if channel in {c.value for c in ii.Channel} else None
        findings = checker.check(text, str(message["kind"]), channel=channel)
        expected = set(message.get("expect", []))
        for rule in FIXED:
            hits = [f for f in findings if f.rule == rule]
            if rule in expected:
                spans = message.get("spans") or {}
                span = spans.get(rule) or (message.get("span") if len(expected) == 1 else None)
                if span and hits:
                    where = text.find(str(span))
                    stop = where + len(str(span))
                    hits = [f for f in hits if where < 0 or (f.start < stop and where < f.end)]
                counts[rule]["tp" if hits else "fn"] += 1
                if not hits:
                    errors.append(f"FN {rule:22} {message['id']}")
            elif hits:
                counts[rule]["fp"] += 1
                phrases = "; ".join(repr(text[f.start : f.end]) for f in hits)
                errors.append(f"FP {rule:22} {message['id']}: {phrases}")
            else:
                counts[rule]["tn"] += 1
    print(f"{len(messages)} messages from {', '.join(p.name for p in paths)}")
    print(f"{'rule':24} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4} {'tn':>5}")
    below = False
    for rule, c in counts.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        below |= precision < BAR["precision"] or recall < BAR["recall"]
        print(
            f"{rule:24} {precision:9.3f} {recall:7.3f} "
            f"{c['tp']:4} {c['fp']:4} {c['fn']:4} {c['tn']:5}"
        )
    print(f"bar: precision >= {BAR['precision']}, recall >= {BAR['recall']}")
    if args.show_errors:
        print("\n".join(errors))
    return 1 if below and not args.held_out else 0


if __name__ == "__main__":
    sys.exit(main())
