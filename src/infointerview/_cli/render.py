"""The ``infointerview render`` subcommand: letters from files or the samples."""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from infointerview import Channel, Contact, Letter, Meeting, Outcome, Renderer, Requester, samples
from infointerview.exceptions import ValidationError

__all__ = ["register"]

_KINDS = ("outreach", "thank-you", "follow-up")
_FORMATS = ("text", "markdown", "html", "eml")
_M = TypeVar("_M", Requester, Contact, Meeting, Outcome)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``render`` subcommand to the command line."""
    parser = subparsers.add_parser(
        "render",
        help="render an outreach, thank-you or follow-up letter",
        description=(
            "Render a letter from the requester, contact (and meeting and outcome) in "
            "TOML or JSON files holding the models' dict form, or from --sample."
        ),
    )
    parser.add_argument("kind", choices=_KINDS, help="which letter to render")
    parser.add_argument("--sample", action="store_true", help="use the built-in sample people")
    for name in ("requester", "contact", "meeting", "outcome"):
        parser.add_argument(
            f"--{name}", metavar="FILE", type=Path, help=f"the {name}, TOML or JSON"
        )
    parser.add_argument(
        "--channel", choices=[c.value for c in Channel], help="where the letter goes"
    )
    parser.add_argument("--style", default="standard", help="standard, five-point, card, …")
    parser.add_argument(
        "--pack",
        metavar="DIR",
        action="append",
        default=[],
        type=Path,
        help="a user pack layered over the built-in one (repeatable)",
    )
    parser.add_argument("--format", choices=_FORMATS, default="text", help="output format")
    parser.add_argument(
        "--offer-linkedin", action="store_true", help="thank-you: offer to connect on LinkedIn"
    )
    parser.add_argument(
        "--premium",
        action="store_true",
        help="the sender has LinkedIn Premium (longer connection notes)",
    )
    parser.set_defaults(handler=_run)


def _load(path: Path | None, model: type[_M], sample: _M | None, option: str) -> _M | None:
    if path is None:
        return sample
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(
            option, str(path), f"must be a readable UTF-8 file ({error})"
        ) from None
    data: Any
    try:
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except RecursionError:
        raise ValidationError(
            option, str(path), "must be valid TOML or JSON nested less deeply"
        ) from None
    except ValueError as error:  # a decode error, or an int past the digit limit
        raise ValidationError(option, str(path), f"must be valid TOML or JSON ({error})") from None
    if not isinstance(data, dict):
        raise ValidationError(option, str(path), "must hold a table (a JSON object)")
    return model.from_dict(data)


def _run(args: argparse.Namespace) -> int:
    use = args.sample
    requester = _load(
        args.requester, Requester, samples.requester() if use else None, "--requester"
    )
    contact = _load(args.contact, Contact, samples.contact() if use else None, "--contact")
    meeting = _load(args.meeting, Meeting, samples.meeting() if use else None, "--meeting")
    outcome = _load(args.outcome, Outcome, samples.outcome() if use else None, "--outcome")
    if requester is None or contact is None:
        missing = "--requester" if requester is None else "--contact"
        raise ValidationError(missing, None, "is required (or pass --sample)")
    renderer = Renderer(*args.pack[:1], premium=args.premium) if len(args.pack) <= 1 else None
    if renderer is None:
        from infointerview import PackStack

        renderer = Renderer(PackStack.over_builtin(*args.pack), premium=args.premium)
    if args.format == "eml" and args.channel is None:
        args.channel = Channel.EMAIL.value
    letter: Letter
    if args.kind == "outreach":
        letter = renderer.outreach(requester, contact, channel=args.channel, style=args.style)
    elif args.kind == "follow-up":
        letter = renderer.follow_up(requester, contact, channel=args.channel, style=args.style)
    else:
        if outcome is None:
            raise ValidationError(
                "--outcome", None, "is required for a thank-you (or pass --sample)"
            )
        letter = renderer.thank_you(
            requester,
            contact,
            outcome,
            meeting=meeting,
            channel=args.channel or Channel.EMAIL,
            style=args.style,
            offer_linkedin=args.offer_linkedin,
        )
    if args.format == "eml":
        sys.stdout.write(letter.to_email_message(requester, contact).as_string())
    else:
        sys.stdout.write(
            {"text": letter.text, "markdown": letter.markdown, "html": letter.html}[args.format]
        )
    return 0
