"""Lint a template pack: render every letter for the sample matrix and check it.

A career centre that writes its own wording wants to know, before its students
see a draft, whether any letter its pack renders breaks the etiquette (asks
for a job, proposes an email interview, runs over a channel's limit) or fails
to render at all. :func:`lint_pack` renders every letter kind, channel and
style the stack offers for every pair of :func:`infointerview.samples.matrix`,
checks each result, and names the template behind each problem.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

from infointerview import samples
from infointerview._models.models import Channel
from infointerview._packs.packs import Pack, PackStack
from infointerview._public import public
from infointerview._render import grammar
from infointerview._render.letter import Letter
from infointerview._render.renderer import Renderer
from infointerview.etiquette._core import Config, Severity
from infointerview.etiquette._engine import Checker
from infointerview.exceptions import MissingTemplateError, RenderError

__all__ = ["PackProblem", "lint_pack"]

_FOLDERS = ("outreach", "follow_up", "thank_you", "referral")


@public
@attrs.frozen(kw_only=True)
class PackProblem:
    """One problem a pack's letters have, traced to the template behind it.

    Attributes:
        template: The template's name in the pack ("outreach/email.txt.j2").
        path: The template file, in the pack that provided it.
        rule: The etiquette rule id, or ``"render-error"`` when the letter
            could not be rendered at all.
        severity: How serious it is.
        message: What is wrong.
        excerpt: The offending words (or the render error's detail).
        sample: Which sample pair showed it first ("Maya Okafor to Teresa
            Lindqvist, email, standard").
    """

    template: str
    path: str
    rule: str
    severity: Severity
    message: str
    excerpt: str
    sample: str

    def to_dict(self) -> dict[str, str]:
        """Return the problem as a JSON-safe dict.

        Returns:
            Every attribute, the severity as its string value.
        """
        data = attrs.asdict(self)
        data["severity"] = self.severity.value
        return data


@public
def lint_pack(
    pack: Pack | str | os.PathLike[str], *, config: Config | None = None
) -> list[PackProblem]:
    """Render every letter a pack offers for the sample matrix and check each.

    The pack is layered over the built-in pack, as a platform would use it:
    letters the pack does not define come from the built-in templates, with the
    pack's values (platform name, sign-off) in them.

    Args:
        pack: The pack, or its folder.
        config: Which etiquette rules run and how; all of them by default.

    Returns:
        The problems, one per template, rule and excerpt (the first sample that
        shows each), sorted by template. Empty when the pack is clean.

    Raises:
        PackError: The folder is not a valid pack.
    """
    stack = PackStack.over_builtin(pack)
    checker = Checker(config)
    problems: dict[tuple[str, str, str], PackProblem] = {}
    for label, render in _letters(Renderer(stack)):
        try:
            letter = render()
        except MissingTemplateError:
            continue  # this style is not offered on this channel
        except RenderError as error:
            template = error.template or "?"
            problem = PackProblem(
                template=template,
                path=_path(stack, template),
                rule="render-error",
                severity=Severity.ERROR,
                message=str(error),
                excerpt=getattr(error, "detail", str(error)),
                sample=label,
            )
            problems.setdefault((template, problem.rule, problem.excerpt), problem)
            continue
        for finding in checker.check_letter(letter):
            text = letter.subject if finding.field == "subject" else letter.body
            excerpt = (text or "")[finding.start : finding.end] or "(the whole letter)"
            problem = PackProblem(
                template=letter.template,
                path=_path(stack, letter.template),
                rule=finding.rule,
                severity=finding.severity,
                message=finding.message,
                excerpt=excerpt,
                sample=label,
            )
            problems.setdefault((letter.template, finding.rule, excerpt), problem)
        for field, text in (("subject", letter.subject), ("body", letter.body)):
            for rule, message, start, end in grammar.problems(text or ""):
                problem = PackProblem(
                    template=letter.template,
                    path=_path(stack, letter.template),
                    rule=rule,
                    severity=Severity.WARNING,
                    message=f"{message} (in the {field})",
                    excerpt=(text or "")[start:end],
                    sample=label,
                )
                problems.setdefault((letter.template, rule, problem.excerpt), problem)
    return sorted(problems.values(), key=lambda p: (p.template, p.rule, p.excerpt))


def _letters(renderer: Renderer) -> Iterator[tuple[str, Callable[[], Letter]]]:
    outcome = samples.outcome()
    meeting = samples.meeting()
    person = outcome.suggested[0]
    styles = {folder: renderer.styles(folder) for folder in _FOLDERS}
    for requester, contact in samples.matrix():
        pair = f"{requester.name} to {contact.name}"
        for channel in Channel:
            for style in styles["outreach"]:
                yield (
                    f"{pair}, outreach, {channel.value}, {style}",
                    functools.partial(
                        renderer.outreach, requester, contact, channel=channel, style=style
                    ),
                )
            for style in styles["follow_up"]:
                yield (
                    f"{pair}, follow-up, {channel.value}, {style}",
                    functools.partial(
                        renderer.follow_up, requester, contact, channel=channel, style=style
                    ),
                )
            for style in styles["thank_you"]:
                if style == "card" and channel is not Channel.EMAIL:
                    continue  # a handwritten card has no channel: render it once
                yield (
                    f"{pair}, thank-you, {channel.value}, {style}",
                    functools.partial(
                        renderer.thank_you,
                        requester,
                        contact,
                        outcome,
                        meeting=meeting,
                        channel=channel,
                        style=style,
                    ),
                )
            for style in styles["referral"]:
                yield (
                    f"{requester.name} to {person.name} (from {contact.name}), referral, "
                    f"{channel.value}, {style}",
                    functools.partial(
                        renderer.referral,
                        requester,
                        person,
                        contact,
                        outcome,
                        channel=channel,
                        style=style,
                    ),
                )


def _path(stack: PackStack, template: str) -> str:
    try:
        return str(Path(stack.find(template).root) / template)
    except MissingTemplateError:
        return template
