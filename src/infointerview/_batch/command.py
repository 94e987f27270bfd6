"""The ``infointerview batch`` command: check a file of stored messages on every core."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Final

from infointerview._batch import read, write
from infointerview._batch.run import DEFAULT_CHUNK_SIZE, check_file
from infointerview.etiquette import PRESETS, Config
from infointerview.exceptions import InputError

__all__ = ["add_parser", "run"]

#: Exit status when a message has an error-level finding.
EXIT_FINDINGS: Final = 1
#: Exit status when the input has a bad row, or the command could not run.
EXIT_INPUT: Final = 2


#: The most worker processes ``--jobs`` may ask for: each one holds a checker.
MAX_JOBS: Final = 256


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= number <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_JOBS}, not {number}")
    return number


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``batch`` subcommand.

    Args:
        subparsers: The parser's subcommand set.
    """
    parser = subparsers.add_parser(
        "batch",
        help="check a JSONL, CSV or Parquet file of messages on every core",
        description=(
            "Check every message of a JSONL, CSV or Parquet file against the etiquette "
            "rules, on every core, and write the findings to JSONL (one line per input row) "
            "or Parquet (one row per finding). Prints a summary table; reports each bad row "
            "with its id and line on standard error and goes on. Exits 0 when no message "
            "has an error-level finding, 1 when one does, 2 when a row was bad or the "
            "command could not run. Parquet needs the batch extra."
        ),
    )
    parser.add_argument("input", metavar="INPUT", help="the messages: .jsonl, .csv or .parquet")
    parser.add_argument(
        "--out",
        required=True,
        metavar="OUTPUT",
        help="where the findings go: .jsonl or .parquet",
    )
    parser.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="processes checking at once (default: every core)",
    )
    columns = parser.add_argument_group("columns (of CSV and Parquet, or fields of JSONL)")
    columns.add_argument("--text-column", default="text", metavar="NAME", help="the text")
    columns.add_argument(
        "--kind-column", default="kind", metavar="NAME", help="the kind; outreach when empty"
    )
    columns.add_argument(
        "--channel-column", default="channel", metavar="NAME", help="the channel; none when empty"
    )
    columns.add_argument(
        "--id-column", default="id", metavar="NAME", help="the id copied to the output"
    )
    parser.add_argument(
        "--input-format",
        choices=sorted(set(read.FORMATS.values())),
        help="the input's format (default: from its suffix)",
    )
    parser.add_argument(
        "--output-format",
        choices=sorted(set(write.FORMATS.values())),
        help="the output's format (default: from its suffix)",
    )
    parser.add_argument(
        "--select", action="append", default=[], metavar="IDS", help="run only these rules"
    )
    parser.add_argument(
        "--ignore", action="append", default=[], metavar="IDS", help="do not run these rules"
    )
    parser.add_argument(
        "--preset", choices=list(PRESETS), default="five-point", help="Dalton outreach preset"
    )
    parser.add_argument(
        "--linkedin-premium", action="store_true", help="apply LinkedIn Premium's limits"
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue the interrupted run into OUTPUT instead of starting afresh",
    )
    parser.add_argument(
        "--strict", action="store_true", help="stop at the first bad row (exit status 2)"
    )
    parser.add_argument(
        "--chunk-size",
        type=_positive,
        default=DEFAULT_CHUNK_SIZE,
        metavar="ROWS",
        help="rows handed to a process at a time (default: %(default)s)",
    )
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="draw no progress bar (there is none when standard error is not a terminal)",
    )
    parser.set_defaults(handler=run)


def _ids(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _bad_row(error: InputError) -> None:
    print(f"infointerview batch: {error}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Run ``infointerview batch`` with parsed *args*.

    Args:
        args: The parsed arguments.

    Returns:
        The exit status: 0 clean, 1 error-level findings, 2 bad rows.
    """
    config = Config(
        select=_ids(args.select) or None,
        ignore=_ids(args.ignore),
        preset=args.preset,
        linkedin_premium=args.linkedin_premium,
    )
    if os.path.realpath(args.out) == os.path.realpath(args.input) or (
        os.path.exists(args.out) and os.path.samefile(args.out, args.input)
    ):
        print(
            f"infointerview batch: --out {args.out} is the input file; write the findings "
            "to another file",
            file=sys.stderr,
        )
        return EXIT_INPUT
    folder = write.work_folder(args.out)
    if not args.resume and os.path.isdir(folder):
        print(
            f"infointerview batch: starting afresh; the interrupted run in {folder} is "
            "discarded (--resume continues it)",
            file=sys.stderr,
        )
    try:
        summary = check_file(
            args.input,
            args.out,
            config=config,
            jobs=args.jobs,
            text=args.text_column,
            kind=args.kind_column,
            channel=args.channel_column,
            id=args.id_column,
            input_format=args.input_format,
            output_format=args.output_format,
            resume=args.resume,
            strict=args.strict,
            chunk_size=args.chunk_size,
            progress=False if args.no_progress else None,
            on_bad_row=_bad_row,
        )
    except KeyboardInterrupt:
        print(
            f"infointerview batch: interrupted; --resume continues into {args.out}",
            file=sys.stderr,
        )
        return 130
    print(summary.table())
    if summary.bad_rows:
        return EXIT_INPUT
    return EXIT_FINDINGS if summary.with_errors else 0
