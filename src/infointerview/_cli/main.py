"""The ``infointerview`` command: an argparse front end over the public API.

Each subcommand lives in its own private module with a ``register`` function
that adds its parser; this module only assembles them and turns the library's
errors into one clear line and a non-zero exit.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

import infointerview
from infointerview.exceptions import InfoInterviewError

__all__ = ["build_parser", "main"]

#: Exit status for a usage error, as argparse uses.
EXIT_USAGE = 2
#: Exit status for a fault of the program itself (``EX_SOFTWARE`` of sysexits.h).
EXIT_SOFTWARE = 70
#: Exit status after Ctrl-C, as shells report a process ended by SIGINT.
EXIT_INTERRUPTED = 130
#: Longest error line printed, in characters.
_LINE_LIMIT = 1000

_Handler = Callable[[argparse.Namespace], int]

# The modules of the subcommands, in the order of the help text. Each has a
# ``register`` function that adds its parser and sets its handler as the
# ``handler`` default. They are imported only when a parser is built, so
# ``--version`` answers without loading the library.
_COMMANDS: tuple[str, ...] = ("demo", "questions", "render", "check", "lint", "batch", "serve")


def build_parser() -> argparse.ArgumentParser:
    """Return the command line's argument parser, with every subcommand.

    Returns:
        The parser; the documentation's CLI reference is generated from it.
    """
    parser = argparse.ArgumentParser(
        prog="infointerview",
        description=(
            "Prepare, request and follow up informational interviews: "
            "questionnaires, letters and etiquette checks."
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {infointerview.__version__}"
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in _COMMANDS:
        importlib.import_module(f"infointerview._cli.{command}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` when
            omitted.

    Returns:
        The exit status: 0 on success, 1 when the command found a problem
        (such as an error-level etiquette finding), 2 when it could not run
        (a usage error, or input the library refused), 70 when the program
        itself failed, 130 when interrupted. Every failure is reported as one
        line on standard error, never as a traceback.
    """
    if argv is None:
        argv = sys.argv[1:]
    if list(argv) == ["--version"]:  # the common case, answered before any import
        print(f"infointerview {infointerview.__version__}")
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: _Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return handler(args)
    except InfoInterviewError as error:
        _report(str(error))
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``infointerview questions | head``): stop
        # quietly, as Python's documentation recommends for SIGPIPE.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        _report("interrupted")
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug: still one line, never a traceback
        _report(
            f"internal error ({type(error).__name__}: {error}); please report it "
            "with the command that caused it"
        )
        return EXIT_SOFTWARE


def _report(message: str) -> None:
    """Print *message* to standard error as one line of bounded length."""
    line = " ".join(message.split())
    if len(line) > _LINE_LIMIT:
        line = line[: _LINE_LIMIT - 1] + "…"
    print(f"infointerview: error: {line}", file=sys.stderr)
