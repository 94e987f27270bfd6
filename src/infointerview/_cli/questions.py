"""The ``infointerview questions`` subcommand: build a questionnaire in the shell."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import attrs

from infointerview import QuestionBank, QuestionCategory, QuestionnaireBuilder, TiaraPart
from infointerview.exceptions import ValidationError

__all__ = ["register"]

#: The builder's own default budget, shown in the help.
_DEFAULT_MINUTES: int = attrs.fields(QuestionnaireBuilder).minutes.default or 25

_FORMATS = ("text", "markdown", "json")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``questions`` subcommand to the command line.

    Args:
        subparsers: The command line's subcommand group.
    """
    parser = subparsers.add_parser(
        "questions",
        help="build a questionnaire for an informational interview",
        description=(
            "Choose questions from the bank by category, tag and TIARA part, fit them to "
            "a time budget, fill in the field and organization, and print them in the "
            "order to ask them. The closing asks always come last."
        ),
    )
    categories = ", ".join(category.value for category in QuestionCategory)
    parser.add_argument(
        "--category",
        action="append",
        default=[],
        metavar="ID",
        help=f"only this category (repeatable): {categories}",
    )
    parser.add_argument(
        "--exclude-category",
        action="append",
        default=[],
        metavar="ID",
        help="leave this category out (repeatable); 'closing' drops the closing asks",
    )
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        help="only questions with this tag (repeatable; any tag matches)",
    )
    parser.add_argument(
        "--tiara",
        action="append",
        default=[],
        metavar="PART",
        help=f"only this TIARA part (repeatable): {', '.join(p.value for p in TiaraPart)}",
    )
    parser.add_argument(
        "--minutes",
        type=int,
        default=_DEFAULT_MINUTES,
        help=f"time budget in minutes, introduction and closing asks included "
        f"(default {_DEFAULT_MINUTES}); over 45 adds a note under the summary, since "
        "informational interviews are 20-30 minutes",
    )
    parser.add_argument(
        "--max-questions",
        type=int,
        metavar="N",
        help="at most N questions printed in all, the closing asks included",
    )
    parser.add_argument(
        "--max-per-category", type=int, metavar="N", help="at most N questions per category"
    )
    parser.add_argument("--field", help="the contact's field, such as 'accounting'")
    parser.add_argument("--organization", help="where the contact works")
    parser.add_argument("--role", help="the contact's job title")
    parser.add_argument(
        "--bank",
        action="append",
        default=[],
        metavar="FILE",
        help="a question bank file (TOML) layered over the built-in bank (repeatable)",
    )
    parser.add_argument(
        "--format", choices=_FORMATS, default="text", help="output format (default text)"
    )
    parser.add_argument(
        "--list-categories",
        action="store_true",
        help="list the categories with their purpose and question counts, then stop",
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    bank = QuestionBank.load(files=args.bank)
    if args.list_categories:
        _print_categories(bank, args.format)
        return 0
    options: dict[str, Any] = {
        "bank": bank,
        "categories": args.category or None,
        "exclude_categories": args.exclude_category,
        "tags": args.tag,
        "tiara": args.tiara,
        "minutes": args.minutes,
        "max_per_category": args.max_per_category,
    }
    builder = QuestionnaireBuilder(**options)
    if args.max_questions is not None:
        # The builder's cap leaves out the closing asks, which are always
        # printed; the command's N counts every question printed.
        required = len(builder.required_questions())
        if args.max_questions < required:
            raise ValidationError(
                "--max-questions",
                args.max_questions,
                f"must be at least {required}, for the closing asks that end every "
                "questionnaire (add --exclude-category closing to drop them)",
            )
        builder = QuestionnaireBuilder(**options, max_questions=args.max_questions - required)
    questionnaire = builder.build(field=args.field, organization=args.organization, role=args.role)
    if args.format == "json":
        _print_json(questionnaire.to_dict())
    elif args.format == "markdown":
        sys.stdout.write(questionnaire.markdown)
    else:
        sys.stdout.write(questionnaire.text)
    return 0


def _print_categories(bank: QuestionBank, fmt: str) -> None:
    rows: list[dict[str, Any]] = [
        {**info.to_dict(), "questions": len(bank.in_category(info.id))} for info in bank.categories
    ]
    if fmt == "json":
        _print_json({"categories": rows})
        return
    width = max(len(row["id"]) for row in rows)
    for row in rows:
        if fmt == "markdown":
            print(f"- `{row['id']}`: **{row['title']}**. {row['purpose']} ({row['questions']})")
        else:
            print(f"{row['id']:<{width}}  {row['title']}: {row['purpose']} ({row['questions']})")


def _print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))
