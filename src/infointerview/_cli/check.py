"""The ``infointerview check`` command: run the etiquette checks over files or standard input."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, Final, TextIO

from infointerview import Channel, Checker, Config, Finding, MessageKind, Severity
from infointerview.etiquette import PRESETS, SCHEMA_VERSION, Explanation
from infointerview.exceptions import InfoInterviewError

__all__ = ["register"]

#: Exit status when an error-level finding exists.
EXIT_FINDINGS: Final = 1
#: Exit status when the command could not run.
EXIT_USAGE: Final = 2
#: Name of the JSON document's schema, with :data:`SCHEMA_VERSION`.
SCHEMA_NAME: Final = "infointerview.findings"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``check`` subcommand.

    Args:
        subparsers: The parser's subcommand set.
    """
    parser = subparsers.add_parser(
        "check",
        help="check messages against the etiquette rules",
        description=(
            "Check messages against the etiquette rules. Prints one line per finding "
            "as PATH:LINE:COL: SEVERITY RULE MESSAGE. Exits 0 when no finding reaches "
            "--fail-on (error by default), 1 when one does, 2 when the command could not run."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to check; - for stdin")
    parser.add_argument(
        "--kind",
        default=MessageKind.OUTREACH.value,
        choices=[k.value for k in MessageKind],
        help="what the messages are (default: %(default)s)",
    )
    parser.add_argument(
        "--channel", choices=[c.value for c in Channel], help="the channel, for its length limit"
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
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    parser.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        default=Severity.ERROR.value,
        help="the least severity that makes the command exit 1 (default: %(default)s)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="say which pattern or model features decided each finding, and why each near "
        "miss was dropped",
    )
    parser.set_defaults(handler=_run)


_RANK: Final = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def _ids(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _read(path: str, stdin: TextIO) -> str:
    if path == "-":
        return stdin.read()
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except UnicodeDecodeError as error:
        raise InfoInterviewError(f"{path}: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise InfoInterviewError(f"{path}: cannot read: {error.strerror}") from None


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _run(args: argparse.Namespace) -> int:
    select = _ids(args.select)
    config = Config(
        select=select or None,
        ignore=_ids(args.ignore),
        preset=args.preset,
        linkedin_premium=args.linkedin_premium,
    )
    checker = Checker(config)
    report: list[dict[str, Any]] = []
    failed = False
    for path in args.files:
        text = _read(path, sys.stdin)
        name = "<stdin>" if path == "-" else path
        explanation = None
        if args.explain:
            explanation = checker.explain(text, args.kind, channel=args.channel)
            findings = list(explanation.findings)
        else:
            findings = checker.check(text, args.kind, channel=args.channel)
        failed |= any(_RANK[f.severity] >= _RANK[Severity(args.fail_on)] for f in findings)
        report.append(
            {"path": name, "text": text, "findings": findings, "explanation": explanation}
        )
    if args.format == "json":
        print(json.dumps(_json(report), ensure_ascii=False, indent=2))
    else:
        for entry in report:
            for finding in entry["findings"]:
                print(_line(entry["path"], entry["text"], finding))
                if entry["explanation"] is not None:
                    print(_because(entry["explanation"], finding))
            if entry["explanation"] is not None:
                print(_misses(entry["path"], entry["explanation"]))
    return EXIT_FINDINGS if failed else 0


def _because(explanation: Explanation, finding: Finding) -> str:
    made = explanation.for_finding(finding)
    return "\n".join(f"    because {d.describe(explanation.text)}" for d in made)


def _misses(path: str, explanation: Explanation) -> str:
    misses = [d for d in explanation.decisions if not d.fired]
    if not misses:
        return f"{path}: no near misses"
    lines = [f"{path}: near misses:"]
    lines += [f"    {d.describe(explanation.text)}" for d in misses]
    return "\n".join(lines)


def _line(path: str, text: str, finding: Finding) -> str:
    line, column = _position(text, finding.start)
    return f"{path}:{line}:{column}: {finding.severity.value} {finding.rule} {finding.message}"


def _json(report: list[dict[str, Any]]) -> dict[str, Any]:
    files = []
    for entry in report:
        findings = []
        for finding in entry["findings"]:
            line, column = _position(entry["text"], finding.start)
            findings.append({**finding.to_dict(), "line": line, "column": column})
        item: dict[str, Any] = {"path": entry["path"], "findings": findings}
        if entry["explanation"] is not None:
            item["decisions"] = [d.to_dict() for d in entry["explanation"].decisions]
        files.append(item)
    return {"schema": SCHEMA_NAME, "version": SCHEMA_VERSION, "files": files}
