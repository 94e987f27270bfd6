"""Check a file of stored messages and summarise what the checks found, rule by rule.

Built on ``infointerview.batch.check_file``, the function behind the
``infointerview batch`` command: the rows stream through worker processes on
every core, and the findings go to a JSONL file, read back here for the
per-message listing. The file is CSV, JSONL or Parquet (Parquet needs
``pip install 'infointerview[batch]'``); its ``text`` column is required,
``kind``, ``channel`` and ``id`` are optional. For example::

    python examples/batch_check.py examples/messages.csv
    python examples/batch_check.py messages.jsonl --ignore outreach-word-count --details

The summary table goes to standard output; bad rows, one line each with the
row's line and id, to standard error. The exit status is 0 when no message
has an error-level finding, 1 when some do, and 2 when a row was bad or the
file could not be read.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import shutil
import sys
import tempfile
from collections.abc import Sequence

import infointerview as ii


def build_parser() -> argparse.ArgumentParser:
    """Return the example's argument parser."""
    parser = argparse.ArgumentParser(
        prog="batch_check.py",
        description=(
            "Check every message in a CSV, JSONL or Parquet file (columns: text, and "
            "optionally id, kind, channel) against the etiquette rules and print a "
            "summary table per rule."
        ),
    )
    parser.add_argument("file", help="the stored messages ('-' reads a CSV from standard input)")
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
    parser.add_argument("--jobs", type=int, help="processes checking at once (default: all)")
    parser.add_argument(
        "--no-progress", action="store_true", help="draw no progress bar on standard error"
    )
    return parser


def details(findings: pathlib.Path) -> str:
    """Return one line per finding of a JSONL output: the message's id, severity, rule, message."""
    lines = []
    with findings.open(encoding="utf-8") as stream:
        for row in map(json.loads, stream):
            name = row["id"] if row["id"] is not None else f"line {row['line']}"
            for finding in row.get("findings") or []:
                lines.append(
                    f"{name}: {finding['severity']} {finding['rule']}: {finding['message']}"
                )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the example; return the exit status."""
    args = build_parser().parse_args(argv)
    shown = "<stdin>" if args.file == "-" else args.file

    def report(error: ii.InputError) -> None:
        row = f" row {error.id!r}:" if error.id is not None else ""
        print(f"{shown}:{error.line}:{row} {error.reason}", file=sys.stderr)

    with tempfile.TemporaryDirectory() as folder:
        source = pathlib.Path(args.file)
        if args.file == "-":
            source = pathlib.Path(folder, "stdin.csv")
            with source.open("w", encoding="utf-8") as copy:
                shutil.copyfileobj(sys.stdin, copy)
        findings = pathlib.Path(folder, "findings.jsonl")
        try:
            summary = ii.batch.check_file(
                source,
                findings,
                config=ii.Config(ignore=args.ignore),
                jobs=args.jobs,
                progress=False if args.no_progress else None,
                on_bad_row=report,
            )
        except ii.InfoInterviewError as error:
            print(f"batch_check.py: error: {error}", file=sys.stderr)
            return 2
        print(summary.table())
        if args.details:
            print()
            print(details(findings))
    if summary.bad_rows:
        return 2
    return 1 if summary.with_errors else 0


if __name__ == "__main__":
    sys.exit(main())
