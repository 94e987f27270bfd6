"""The ``infointerview lint-pack`` command: check every letter a template pack renders."""

from __future__ import annotations

import argparse
import json
from typing import Final

from infointerview import Severity, lint_pack

__all__ = ["register"]

#: Exit status when a letter has an error-level problem.
EXIT_PROBLEMS: Final = 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``lint-pack`` subcommand.

    Args:
        subparsers: The parser's subcommand set.
    """
    parser = subparsers.add_parser(
        "lint-pack",
        help="render and check every letter of a template pack",
        description=(
            "Layer a template pack over the built-in one, render every letter it offers "
            "(each kind, channel and style) for the built-in sample people, check each "
            "against the etiquette rules, and name the template behind every problem. "
            "Exits 0 when no letter has an error-level problem, 1 when one does, 2 when "
            "the pack cannot be loaded."
        ),
    )
    parser.add_argument("pack", metavar="DIR", help="the pack's folder (holding pack.toml)")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    parser.add_argument(
        "--include-info",
        action="store_true",
        help="also list suggestions (info level), such as Dalton's word count",
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    problems = [
        p for p in lint_pack(args.pack) if args.include_info or p.severity is not Severity.INFO
    ]
    if args.format == "json":
        print(
            json.dumps({"problems": [p.to_dict() for p in problems]}, indent=2, ensure_ascii=False)
        )
    else:
        for problem in problems:
            print(
                f"{problem.path}: {problem.severity.value} {problem.rule} {problem.message}"
                f" [{problem.excerpt!r}; {problem.sample}]"
            )
        errors = sum(p.severity is Severity.ERROR for p in problems)
        print(f"{len(problems)} problem(s), {errors} error(s) in {args.pack}")
    has_error = any(p.severity is Severity.ERROR for p in problems)
    return EXIT_PROBLEMS if has_error else 0
