"""Check a CSV of stored messages against the etiquette rules and summarise by rule.

The CSV needs a ``text`` column; ``kind`` (outreach, thank_you, follow_up or
question; outreach when empty) and ``channel`` (email, alumni-platform,
linkedin-note or linkedin-message; none when empty) are optional, and an
``id`` column names each row in the per-message listing (rows without one
are named by their number, counting from 1 after the header). For example::

    python examples/batch_check.py examples/messages.csv
    python examples/batch_check.py messages.csv --ignore outreach-word-count --details

A progress bar goes to standard error (only the standard library is used);
the summary table goes to standard output. The exit status is 0 when no
message has an error-level finding, 1 when some do, and 2 when the CSV
could not be read.
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO, TypeVar

import infointerview as ii

T = TypeVar("T")

#: Characters the progress bar is drawn with.
BAR_WIDTH = 30


class CSVError(ii.InfoInterviewError, ValueError):
    """The CSV cannot be checked: a missing column, or a row the checker refuses."""


def progress(items: Sequence[T], *, stream: TextIO, label: str = "checking") -> Iterator[T]:
    """Yield each item while drawing a progress bar on ``stream``."""
    total = len(items)
    for done, item in enumerate(items, start=1):
        yield item
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        stream.write(f"\r{label} [{bar}] {done}/{total}")
        stream.flush()
    if total:
        stream.write("\n")
        stream.flush()


def read_rows(stream: Iterable[str]) -> list[dict[str, str]]:
    """Read the CSV rows, refusing a file without a ``text`` column."""
    reader = csv.DictReader(stream)
    columns = reader.fieldnames or []
    if "text" not in columns:
        found = ", ".join(columns) or "(none: the file is empty)"
        raise CSVError(f"the CSV needs a 'text' column; its columns are: {found}")
    return [dict(row) for row in reader]


def check_rows(
    rows: Sequence[dict[str, str]], checker: ii.Checker, *, stream: TextIO
) -> list[tuple[str, list[ii.Finding]]]:
    """Check every row, returning its name and findings in order."""
    results = []
    for number, row in enumerate(progress(rows, stream=stream), start=1):
        name = row.get("id") or f"row {number}"
        where = f"{name} (row {number})" if row.get("id") else name
        kind = row.get("kind") or "outreach"
        channel = row.get("channel") or None
        try:
            findings = checker.check(row.get("text") or "", kind, channel=channel)
        except ii.InfoInterviewError as error:
            if number > 1:  # end the progress bar's line before the error
                stream.write("\n")
            raise CSVError(f"{where}: {error}") from error
        results.append((name, findings))
    return results


def summary_table(results: Sequence[tuple[str, list[ii.Finding]]]) -> str:
    """Return a plain-text table: per rule, its severity, messages flagged and findings."""
    order = {"error": 0, "warning": 1, "info": 2}
    severity: dict[str, str] = {}
    messages: collections.Counter[str] = collections.Counter()
    findings: collections.Counter[str] = collections.Counter()
    for _, found in results:
        for finding in found:
            # A rule may report at several severities; show the gravest seen.
            seen = severity.get(finding.rule, "info")
            severity[finding.rule] = min(seen, finding.severity.value, key=order.__getitem__)
            findings[finding.rule] += 1
        messages.update({finding.rule for finding in found})
    rules = sorted(severity, key=lambda rule: (order[severity[rule]], -messages[rule], rule))
    width = max([len("rule"), *(len(rule) for rule in rules)])
    lines = [f"{'rule':<{width}}  {'severity':<8}  {'messages':>8}  {'findings':>8}"]
    lines.append(f"{'-' * width}  {'-' * 8}  {'-' * 8}  {'-' * 8}")
    for rule in rules:
        lines.append(
            f"{rule:<{width}}  {severity[rule]:<8}  {messages[rule]:>8}  {findings[rule]:>8}"
        )
    flagged = sum(1 for _, found in results if found)
    with_errors = sum(
        1 for _, found in results if any(f.severity is ii.Severity.ERROR for f in found)
    )
    lines.append("")
    lines.append(
        f"{len(results)} message(s) checked, {flagged} with findings, {with_errors} with errors"
    )
    return "\n".join(lines)


def details(results: Sequence[tuple[str, list[ii.Finding]]]) -> str:
    """Return one line per finding: the message's name, severity, rule and message."""
    return "\n".join(
        f"{name}: {finding.severity.value} {finding.rule}: {finding.message}"
        for name, found in results
        for finding in found
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the example's argument parser."""
    parser = argparse.ArgumentParser(
        prog="batch_check.py",
        description=(
            "Check every message in a CSV (columns: text, and optionally id, kind, channel) "
            "against the etiquette rules and print a summary table per rule."
        ),
    )
    parser.add_argument("csv", help="the CSV file of stored messages ('-' reads standard input)")
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULE",
        help="a rule id to leave out (repeatable)",
    )
    parser.add_argument(
        "--details", action="store_true", help="also list every finding, message by message"
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="draw no progress bar on standard error"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the example; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        checker = ii.Checker(ii.Config(ignore=args.ignore))
        if args.csv == "-":
            rows = read_rows(sys.stdin)
        else:
            with open(args.csv, encoding="utf-8", newline="") as stream:
                rows = read_rows(stream)
        bar = io.StringIO() if args.no_progress else sys.stderr
        results = check_rows(rows, checker, stream=bar)
    except (OSError, UnicodeDecodeError, csv.Error, ii.InfoInterviewError) as error:
        print(f"batch_check.py: error: {error}", file=sys.stderr)
        return 2
    print(summary_table(results))
    if args.details:
        print()
        print(details(results))
    has_error = any(f.severity is ii.Severity.ERROR for _, found in results for f in found)
    return 1 if has_error else 0


if __name__ == "__main__":
    sys.exit(main())
