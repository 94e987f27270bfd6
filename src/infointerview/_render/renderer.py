"""Render outreach, thank-you, follow-up and referral letters over a template pack.

A :class:`Renderer` is built once over a :class:`PackStack` and then called
for each letter. It compiles each template the first time it is used and keeps
it. Templates see plain data only (dicts, strings, numbers, lists), built from
the models here; the variables are documented in the reference page
"Template variables".

Jinja2 is imported when the first renderer is built, never by
``import infointerview``; multiprocessing only when a renderer isolates its
renders in a worker process.
"""

from __future__ import annotations

import math
import os
import re
import types
import weakref
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

from infointerview._models.models import (
    Channel,
    Contact,
    ContactSource,
    Meeting,
    MessageKind,
    Outcome,
    Requester,
    SuggestedPerson,
    require,
    salutation,
    to_member,
)
from infointerview._packs.channels import ChannelLimits, channel_limits
from infointerview._packs.packs import Pack, PackStack
from infointerview._public import public
from infointerview._render import grammar as _grammar
from infointerview._render.letter import Letter
from infointerview.exceptions import (
    ChannelLimitError,
    InfoInterviewError,
    MissingExtraError,
    MissingTemplateError,
    RenderError,
    TemplateSecurityError,
    ValidationError,
    _short_repr,
)

if TYPE_CHECKING:
    import jinja2

    from infointerview._render.isolation import Worker

__all__ = ["ISOLATION", "STYLES", "Renderer"]

#: The built-in styles. ``five-point`` is the short outreach that follows
#: Steve Dalton's "5-point email" (The 2-Hour Job Search, 2012): under 100
#: words, the connection first, the interest defined, the ask as a question,
#: more than half of it about the reader.
STYLES: Final = ("standard", "five-point", "card")
#: Most characters a rendered letter may hold before rendering stops.
MAX_OUTPUT: Final = 100_000
#: Where a renderer renders: in the calling process, or in a worker process
#: under operating-system limits.
ISOLATION: Final = ("none", "process")

_DAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_FOLDERS: Final = {
    MessageKind.OUTREACH: "outreach",
    MessageKind.THANK_YOU: "thank_you",
    MessageKind.FOLLOW_UP: "follow_up",
}
_BLANK_RUNS: Final = re.compile(r"\n{3,}")
# What a user pack's text may not carry to a terminal: escape sequences (CSI,
# OSC up to its terminator or the end of the line, DCS/SOS/PM/APC, two-byte
# ones, their 8-bit forms), then any control character left but tab and
# newline, and the bidirectional embeddings, overrides and isolates.
_TERMINAL_SEQUENCES: Final = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c\n]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x9d[^\x07\x1b\x9c\n]*(?:\x07|\x9c)?"
)
_CONTROLS: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_DEFAULT_VALUES: Final = types.MappingProxyType(
    {"greeting": "Dear", "casual_greeting": "Hello", "sign_off": "Best regards", "platform": None}
)


@public
class Renderer:
    """Render letters from a pack stack; build once, call many times.

    With only the built-in pack, templates render in a plain Jinja2
    environment. As soon as a user pack is in the stack, every template renders
    in a guarded immutable sandbox with one budget of work per letter, and
    terminal escape sequences, control characters and bidirectional overrides
    are stripped from what it renders (see "The security model of user packs").

    Args:
        stack: The packs to render from; the built-in pack alone when omitted.
            A folder path or :class:`Pack` is layered over the built-in pack.
        premium: Whether the sender has a paid LinkedIn account, which raises
            the connection note's limit.
        isolation: ``"none"`` renders in this process, under the sandbox's
            own limits; ``"process"`` renders in a worker process with an
            address-space limit, a CPU-time limit and a wall-clock timeout, for
            packs uploaded by a platform's end users (Unix only; the worker
            is started with multiprocessing's ``spawn`` method, so a script
            must guard its entry point with ``if __name__ == "__main__"``).
        memory_mb: The worker's address-space limit, in megabytes.
        cpu_seconds: CPU time one letter may use in the worker, in seconds
            (counted by the operating system in whole seconds, rounded up).
        wall_seconds: Wall-clock time to wait for one letter from the worker.

    Raises:
        PackError: A pack's ``pack.toml`` or ``channels.toml`` is invalid.
        ValidationError: *isolation* is not one of ``"none"`` and
            ``"process"``, ``"process"`` is asked for on a platform without
            resource limits, or a limit is not a positive number.

    >>> import infointerview as ii
    >>> renderer = ii.Renderer()
    >>> letter = renderer.outreach(ii.samples.requester(), ii.samples.contact())
    >>> letter.channel
    <Channel.ALUMNI_PLATFORM: 'alumni-platform'>
    >>> print(letter.text.splitlines()[0])
    Dear Ms. Lindqvist,
    """

    def __init__(
        self,
        stack: PackStack | Pack | str | os.PathLike[str] | None = None,
        *,
        premium: bool = False,
        isolation: str = "none",
        memory_mb: int = 512,
        cpu_seconds: float = 2.0,
        wall_seconds: float = 5.0,
    ) -> None:
        from infointerview._packs import (
            sandbox as _sandbox,  # Jinja2 is imported here, on first use.
        )

        _check_isolation(isolation, memory_mb, cpu_seconds, wall_seconds)

        if stack is None:
            stack = PackStack.over_builtin()
        elif not isinstance(stack, PackStack):
            stack = PackStack.over_builtin(stack)
        self.stack: Final = stack
        self.premium: Final = premium
        self.trusted: Final = all(pack.builtin for pack in stack.packs)
        self._sandbox = _sandbox
        self._paths: dict[str, str] = {}
        self._env: jinja2.Environment = (
            _sandbox.trusted_environment(stack, self._paths)
            if self.trusted
            else _sandbox.guarded_environment(stack, self._paths)
        )
        # The grammar filters (a_an, plural, end_with, clause) serve every
        # pack, so a centre's own templates get them too, guarded like the rest.
        _sandbox.guard_filters(self._env, _grammar.FILTERS)
        self._templates = frozenset(stack.templates)
        self._limits: Mapping[Channel, ChannelLimits] = channel_limits(stack)
        values = {**_DEFAULT_VALUES, **stack.table("values")}
        for key, value in values.items():
            if value is not None and not isinstance(value, str | bool | int):
                raise RenderError(f"pack value values.{key} must be a string, got {value!r}")
        self._values: Mapping[str, Any] = types.MappingProxyType(values)
        fallback = stack.table("render").get("fallback", {})
        self._fallback: Mapping[str, str] = types.MappingProxyType(
            {str(k): str(v) for k, v in fallback.items()}
        )
        self.isolation: Final = isolation
        self._worker: Worker | None = None
        if isolation == "process":
            from infointerview._render.isolation import Worker

            self._worker = Worker(
                stack,
                premium=premium,
                memory_mb=memory_mb,
                cpu_seconds=cpu_seconds,
                wall_seconds=wall_seconds,
            )
            # The worker process ends with the renderer, or with the interpreter.
            weakref.finalize(self, self._worker.close)

    def __repr__(self) -> str:
        names = ", ".join(pack.name for pack in self.stack.packs)
        isolation = "" if self.isolation == "none" else f" isolation={self.isolation!r}"
        return f"<Renderer packs=[{names}] trusted={self.trusted}{isolation}>"

    # --- the letters ---------------------------------------------------------------

    def outreach(
        self,
        requester: Requester,
        contact: Contact,
        *,
        channel: Channel | str | None = None,
        style: str = "standard",
    ) -> Letter:
        """Render the first message asking for an informational interview.

        Args:
            requester: Who writes.
            contact: Whom to.
            channel: Where it goes; by default the channel the contact was
                found through (the alumni platform, a LinkedIn message) or email.
            style: ``"standard"`` or ``"five-point"`` (Dalton's short form),
                or any style the pack adds.

        Returns:
            The letter; for a contact found by referral on email, the
            referral email ("X suggested I reach out").

        Raises:
            RenderError: The template failed; the message names it and the line.
            ChannelLimitError: The letter (and every shorter fallback) is over
                the channel's hard limit.
            MissingTemplateError: The pack has no template for that channel and style.
        """
        chosen = self._channel(_person(requester, contact), channel)
        context = self._context(requester, contact, chosen, style, MessageKind.OUTREACH)
        return self._letter(MessageKind.OUTREACH, chosen, style, context, contact=contact)

    def thank_you(
        self,
        requester: Requester,
        contact: Contact,
        outcome: Outcome,
        *,
        meeting: Meeting | None = None,
        channel: Channel | str = Channel.EMAIL,
        style: str = "standard",
        offer_linkedin: bool = False,
    ) -> Letter:
        """Render the thank-you note sent within a day of the conversation.

        Args:
            requester: Who writes.
            contact: Whom the conversation was with.
            outcome: What came of it; ``outcome.learned`` is named in the note.
            meeting: The conversation, to say when and how it took place.
            channel: Where it goes (email by default).
            style: ``"standard"``, or ``"card"`` for a handwritten card.
            offer_linkedin: Whether to offer to connect on LinkedIn.

        Returns:
            The letter; a card has no channel and no subject.

        Raises:
            RenderError: The template failed; the message names it and the line.
            ChannelLimitError: The letter is over the channel's hard limit.
            MissingTemplateError: The pack has no template for that channel and style.
        """
        _person(requester, contact)
        require("outcome", outcome, Outcome)
        if meeting is not None:
            require("meeting", meeting, Meeting)
        chosen = self._channel(contact, channel)
        context = self._context(requester, contact, chosen, style, MessageKind.THANK_YOU)
        context["outcome"] = _outcome(outcome)
        context["meeting"] = None if meeting is None else _meeting(meeting)
        context["offer_linkedin"] = offer_linkedin
        return self._letter(MessageKind.THANK_YOU, chosen, style, context, contact=contact)

    def follow_up(
        self,
        requester: Requester,
        contact: Contact,
        *,
        channel: Channel | str | None = None,
        style: str = "standard",
        first_channel: Channel | str | None = None,
    ) -> Letter:
        """Render the one polite follow-up for an outreach that got no reply.

        Args:
            requester: Who writes.
            contact: Whom to.
            channel: Where it goes; by default as for :meth:`outreach`.
            style: ``"standard"`` or any style the pack adds.
            first_channel: Where the first message went, so the follow-up
                can say so ("I wrote to you here on Northbay Connect"); by
                default where :meth:`outreach` would have sent it. Templates
                read it as ``first_channel``.

        Returns:
            The letter, short and easy to ignore.

        Raises:
            RenderError: The template failed; the message names it and the line.
            ChannelLimitError: The letter is over the channel's hard limit.
            MissingTemplateError: The pack has no template for that channel and style.
        """
        chosen = self._channel(_person(requester, contact), channel)
        first = None
        if first_channel is not None:
            valid = ", ".join(c.value for c in Channel)
            first = to_member(
                Channel, first_channel, field="first_channel", expected=f"one of {valid}"
            )
        context = self._context(requester, contact, chosen, style, MessageKind.FOLLOW_UP)
        context["first_channel"] = None if first is None else first.value
        return self._letter(MessageKind.FOLLOW_UP, chosen, style, context, contact=contact)

    def referral(
        self,
        requester: Requester,
        person: SuggestedPerson,
        interviewee: Contact,
        outcome: Outcome,
        *,
        channel: Channel | str = Channel.EMAIL,
        style: str = "standard",
    ) -> Letter:
        """Render the message to someone the interviewee suggested.

        The interviewee is named ("Jordan Anderson suggested I contact you")
        only when ``outcome.may_use_name`` is true.

        Args:
            requester: Who writes.
            person: The suggested person, usually one of ``outcome.suggested``.
            interviewee: The contact who suggested them.
            outcome: The outcome of the conversation with *interviewee*.
            channel: Where it goes (email by default).
            style: ``"standard"`` or any style the pack adds.

        Returns:
            An outreach letter from the ``referral/`` templates.

        Raises:
            RenderError: The template failed; the message names it and the line.
            ChannelLimitError: The letter is over the channel's hard limit.
            MissingTemplateError: The pack has no template for that channel and style.
        """
        _person(requester, interviewee, field="interviewee")
        require("person", person, SuggestedPerson)
        require("outcome", outcome, Outcome)
        chosen = self._channel(interviewee, channel)
        context = self._context(requester, interviewee, chosen, style, MessageKind.OUTREACH)
        context["person"] = _suggested(person)
        context["interviewee"] = context.pop("contact")
        context["greeting"] = salutation(person, greeting=self._values["greeting"])
        context["casual_greeting"] = salutation(person, greeting=self._values["casual_greeting"])
        context["outcome"] = _outcome(outcome)
        context["may_use_name"] = outcome.may_use_name is True
        return self._letter(MessageKind.OUTREACH, chosen, style, context, folder="referral")

    def render_template(self, name: str, context: Mapping[str, Any]) -> str:
        """Render any template of the stack with a context of plain data.

        Args:
            name: The template's path in the pack, such as ``"outreach/email.txt.j2"``.
            context: Plain values only: dicts, lists, strings, numbers,
                booleans and ``None``.

        Returns:
            The rendered text.

        Raises:
            RenderError: The template failed, or the context holds an object
                that is not plain data.
            TemplateSecurityError: The template did something the sandbox refuses.
            MissingTemplateError: No pack provides the template.
        """
        if not isinstance(context, Mapping):
            raise ValidationError(
                "context", context, "must be a mapping of names to plain data, such as a dict"
            )
        _check_plain("context", context)
        if self._worker is not None:
            return self._worker.run(("template", name, dict(context)), template=name)  # type: ignore[no-any-return]
        return self._run(name, dict(context))

    def _task(self, task: tuple[Any, ...]) -> Any:
        """Do one task a parent renderer sent to this one, in its worker process."""
        if task[0] == "letter":
            return self._compose(*task[1:])
        return self._run(task[1], task[2])

    # --- internals -----------------------------------------------------------------

    def _channel(self, contact: Contact, channel: Channel | str | None) -> Channel:
        if channel is not None:
            valid = ", ".join(c.value for c in Channel)
            return to_member(Channel, channel, field="channel", expected=f"one of {valid}")
        if contact.source is ContactSource.ALUMNI_PLATFORM:
            return Channel.ALUMNI_PLATFORM
        if contact.source is ContactSource.LINKEDIN:
            return Channel.LINKEDIN_MESSAGE
        return Channel.EMAIL

    def _context(
        self,
        requester: Requester,
        contact: Contact,
        channel: Channel,
        style: str,
        kind: MessageKind,
    ) -> dict[str, Any]:
        limits = self._limits[channel]
        return {
            "requester": _requester(requester),
            "contact": _contact(contact),
            "greeting": salutation(contact, greeting=self._values["greeting"]),
            "casual_greeting": salutation(contact, greeting=self._values["casual_greeting"]),
            "platform": contact.platform or self._values["platform"],
            "values": dict(self._values),
            "channel": channel.value,
            "style": style,
            "kind": kind.value,
            "limit": limits.body_limit(premium=self.premium),
        }

    def _candidates(
        self, folder: str, channel: Channel, style: str, *, referral: bool
    ) -> list[str]:
        variants = []
        suffix = "" if style == "standard" else f"-{style}"
        if referral:
            variants.append(f"{channel.value}-referral{suffix}")
        variants.append(f"{channel.value}{suffix}")
        if suffix:
            variants.append(style)
        if not suffix and channel is not Channel.EMAIL:
            variants.append("message")
        return [f"{folder}/{variant}.txt.j2" for variant in variants]

    def _letter(
        self,
        kind: MessageKind,
        channel: Channel,
        style: str,
        context: dict[str, Any],
        *,
        contact: Contact | None = None,
        folder: str | None = None,
    ) -> Letter:
        folder = folder or _FOLDERS[kind]
        referral = contact is not None and contact.source is ContactSource.REFERRAL
        candidates = self._candidates(folder, channel, style, referral=referral)
        name = next((c for c in candidates if c in self._templates), None)
        if name is None:
            raise MissingTemplateError(
                f"no pack provides a {folder!r} template for channel {channel.value!r} and style "
                f"{style!r} (looked for {', '.join(candidates)}); styles here: "
                f"{', '.join(self.styles(folder))}"
            )
        if self._worker is not None:
            task = ("letter", kind, channel, name, context)
            return self._worker.run(task, template=name)  # type: ignore[no-any-return]
        return self._compose(kind, channel, name, context)

    def _compose(
        self, kind: MessageKind, channel: Channel, name: str, context: dict[str, Any]
    ) -> Letter:
        # One budget for the letter: its fallbacks and HTML part share it.
        with self._sandbox.budget():
            return self._compose_within_budget(kind, channel, name, context)

    def _compose_within_budget(
        self, kind: MessageKind, channel: Channel, name: str, context: dict[str, Any]
    ) -> Letter:
        limits = self._limits[channel]
        tried: set[str] = set()
        while True:
            subject, body = _split_subject(self._run(name, context))
            over = _over_limit(limits, subject, body, premium=self.premium, template=name)
            if over is None:
                break
            tried.add(name)
            fallback = self._fallback.get(name.removesuffix(".txt.j2"))
            if fallback is None or f"{fallback}.txt.j2" in tried:
                raise over
            name = f"{fallback}.txt.j2"
        variant = name.rpartition("/")[2].removesuffix(".txt.j2")
        html_name = name.removesuffix(".txt.j2") + ".html.j2"
        html_body = None
        if html_name in self._templates:
            html_body = self._run(html_name, context)
            if not self.stack.find(html_name).builtin:
                html_body = _sanitize(html_body)
        return Letter(
            kind=kind,
            channel=channel if variant.startswith(channel.value) or variant == "message" else None,
            subject=subject,
            body=body,
            template=name,
            html_body=html_body,
        )

    def styles(self, folder: str = "outreach") -> tuple[str, ...]:
        """Return the styles the stack offers for one kind of letter.

        Args:
            folder: The template folder: ``"outreach"``, ``"thank_you"``,
                ``"follow_up"`` or ``"referral"``.

        Returns:
            The style names, sorted; ``"standard"`` is always among them.
        """
        if not isinstance(folder, str):
            raise ValidationError("folder", folder, "must be a template folder name, a str")
        found = {"standard"}
        fallbacks = {target.rpartition("/")[2] for target in self._fallback.values()}
        prefixes = [f"{c.value}-referral-" for c in Channel] + [f"{c.value}-" for c in Channel]
        for name in self._templates:
            if not (name.startswith(f"{folder}/") and name.endswith(".txt.j2")):
                continue
            variant = name[len(folder) + 1 : -len(".txt.j2")]
            if variant in fallbacks or variant.endswith("-referral"):
                continue
            prefix = next((p for p in prefixes if variant.startswith(p)), None)
            if prefix is not None:
                found.add(variant[len(prefix) :])
            elif variant not in {c.value for c in Channel} | {"message"}:
                found.add(variant)
        return tuple(sorted(found))

    def _run(self, name: str, context: dict[str, Any]) -> str:
        import jinja2

        sandbox = self._sandbox
        try:
            template = self._env.get_template(name)
        except (MissingTemplateError, TemplateSecurityError):
            raise
        except jinja2.TemplateSyntaxError as error:
            raise RenderError(
                f"template syntax error: {error.message}",
                template=error.name or name,
                line=error.lineno,
            ) from None
        except InfoInterviewError:
            raise
        except Exception as error:
            raise RenderError(f"cannot load template: {error}", template=name) from None
        try:
            if self.trusted:
                return template.render(context)
            with sandbox.budget():
                return _clean(_capped(template.generate(context), name))
        except MemoryError:
            raise  # the process is out of memory: not the template's error to report
        except Exception as error:
            raise self._wrap(error, name) from None

    def _undefined_name(self, message: str, template: str, line: int | None) -> str | None:
        # Jinja2 says "'dict object' has no attribute 'nickname'"; the template
        # line says which variable that was ("contact.nickname").
        match = _NO_ATTRIBUTE.search(message)
        if match is None or line is None:
            return None
        try:
            source = self.stack.find(template).read_text(template).splitlines()[line - 1]
        except (InfoInterviewError, IndexError):
            return None
        attribute = re.escape(match.group(1))
        found = re.search(
            rf"\b([A-Za-z_]\w*(?:\.\w+)*)(?:\.{attribute}\b|\[['\"]{attribute}['\"]\])", source
        )
        return f"{found.group(1)}.{match.group(1)}" if found else None

    def _wrap(self, error: Exception, name: str) -> RenderError:
        import jinja2
        import jinja2.exceptions

        template, line = name, None
        tb = error.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename in self._paths:
                template, line = self._paths[filename], tb.tb_lineno
            tb = tb.tb_next
        if isinstance(error, ChannelLimitError):
            return error
        if isinstance(error, RenderError):
            return type(error)(
                error.detail, template=error.template or template, line=error.line or line
            )
        if isinstance(error, jinja2.UndefinedError):
            message = error.message or "undefined value"
            variable = self._undefined_name(message, template, line)
            if variable:
                message = f"{variable} is undefined ({message})"
            return RenderError(f"missing value: {message}", template=template, line=line)
        if isinstance(error, jinja2.exceptions.SecurityError):
            return TemplateSecurityError(
                f"refused by the sandbox: {error}", template=template, line=line
            )
        if isinstance(error, RecursionError):
            return TemplateSecurityError("recursion too deep", template=template, line=line)
        if isinstance(error, self._sandbox.NoneOutputError):
            return RenderError(
                "printed an empty value (None); guard optional values with {% if ... %}",
                template=template,
                line=line,
            )
        if isinstance(error, InfoInterviewError):
            return RenderError(str(error), template=template, line=line)
        return RenderError(f"{type(error).__name__}: {error}", template=template, line=line)


_NO_ATTRIBUTE: Final = re.compile(r"has no attribute '([^']+)'")


def _capped(chunks: Iterator[str], name: str) -> str:
    parts = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT:
            raise TemplateSecurityError(
                f"the output passed {MAX_OUTPUT} characters, the most a letter may hold",
                template=name,
            )
        parts.append(chunk)
    return "".join(parts)


def _clean(text: str) -> str:
    """Strip what a terminal would act on from text a user pack rendered."""
    return _CONTROLS.sub("", _TERMINAL_SEQUENCES.sub("", text))


def _check_isolation(
    isolation: object, memory_mb: object, cpu_seconds: object, wall_seconds: object
) -> None:
    if isolation not in ISOLATION:
        raise ValidationError(
            "isolation",
            isolation,
            "'none' (render in this process) or 'process' (render in a worker process "
            "with memory, CPU-time and wall-clock limits)",
        )
    if isolation == "process":
        try:
            import resource  # noqa: F401 - only to know it is there
        except ImportError:
            raise ValidationError(
                "isolation", isolation, "'none' on a platform without resource limits"
            ) from None
    if not (_is_number(memory_mb) and isinstance(memory_mb, int) and memory_mb > 0):
        raise ValidationError("memory_mb", memory_mb, "a positive whole number of megabytes")
    for field, value in (("cpu_seconds", cpu_seconds), ("wall_seconds", wall_seconds)):
        if not (isinstance(value, int | float) and _is_number(value)) or not (
            math.isfinite(value) and value > 0
        ):
            raise ValidationError(field, value, "a positive number of seconds")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _split_subject(text: str) -> tuple[str | None, str]:
    subject = None
    if text.startswith("Subject:"):
        first, _, text = text.partition("\n")
        subject = first[len("Subject:") :].strip()
    body = _BLANK_RUNS.sub("\n\n", text.strip("\n")) + "\n"
    return subject, body


def _over_limit(
    limits: ChannelLimits, subject: str | None, body: str, *, premium: bool, template: str
) -> ChannelLimitError | None:
    body_limit = limits.body_limit(premium=premium)
    # Counted as the etiquette checks count it: the whole body, final newline included.
    length = len(body)
    if body_limit is not None and length > body_limit:
        return ChannelLimitError(limits.label, "body", length, body_limit, template=template)
    if (
        subject is not None
        and limits.subject_max is not None
        and len(subject) > limits.subject_max
    ):
        return ChannelLimitError(
            limits.label, "subject", len(subject), limits.subject_max, template=template
        )
    return None


def _sanitize(markup: str) -> str:
    try:
        import nh3
    except ImportError:
        raise MissingExtraError("HTML templates from a user pack", "html") from None
    return str(nh3.clean(markup))


#: How deep a template context may nest dicts and lists.
MAX_CONTEXT_DEPTH: Final = 64


def _check_plain(path: str, value: object) -> None:
    """Refuse anything but plain data, walking the value without recursion."""
    stack: list[tuple[str, object, int]] = [(path, value, 0)]
    while stack:
        where, item, depth = stack.pop()
        if item is None or isinstance(item, str | bool | int | float):
            continue
        if depth >= MAX_CONTEXT_DEPTH and isinstance(item, Mapping | list | tuple):
            raise RenderError(f"{where} nests dicts and lists more than {MAX_CONTEXT_DEPTH} deep")
        if isinstance(item, Mapping):
            for key, member in item.items():
                if not isinstance(key, str):
                    raise RenderError(f"{where} has a key {_short_repr(key)} that is not a string")
                stack.append((f"{where}.{key}", member, depth + 1))
        elif isinstance(item, list | tuple):
            stack.extend((f"{where}[{i}]", member, depth + 1) for i, member in enumerate(item))
        else:
            raise RenderError(
                f"{where} is a {type(item).__name__}; templates receive plain data only "
                "(dicts, lists, strings, numbers, booleans, None): pass model.to_dict()"
            )


# --- plain data for the templates --------------------------------------------------------


def _person(requester: object, contact: object, *, field: str = "contact") -> Contact:
    """Refuse a requester or contact of the wrong kind; return the contact."""
    require("requester", requester, Requester)
    return require(field, contact, Contact)


def _requester(requester: Requester) -> dict[str, Any]:
    return {
        "name": requester.name,
        "first_name": requester.first_name,
        "school": requester.school,
        "programme": requester.programme,
        "background": requester.background,
        "goal": requester.goal,
        "email": requester.email,
        "phone": requester.phone,
        "linkedin": requester.linkedin,
        "signature": requester.signature or requester.name,
    }


def _contact(contact: Contact) -> dict[str, Any]:
    return {
        "name": contact.name,
        "honorific": contact.honorific,
        "family_name": contact.family_name,
        "address_as": contact.address_as,
        "job_title": contact.job_title,
        "organization": contact.organization,
        "field": contact.field,
        "shared_school": contact.shared_school,
        "source": contact.source.value,
        "platform": contact.platform,
        "referrer": contact.referrer,
        "email": contact.email,
    }


def _meeting(meeting: Meeting) -> dict[str, Any]:
    start = meeting.start
    return {
        "mode": meeting.mode.value,
        "date": f"{_DAYS[start.weekday()]}, {start.day} {_MONTHS[start.month - 1]}",
        "minutes": int(meeting.duration.total_seconds() // 60),
        "location": meeting.location,
    }


def _outcome(outcome: Outcome) -> dict[str, Any]:
    return {
        "learned": outcome.learned,
        "notes": outcome.notes,
        "may_use_name": outcome.may_use_name,
        "suggested": [_suggested(p) for p in outcome.suggested],
    }


def _suggested(person: SuggestedPerson) -> dict[str, Any]:
    return {
        "name": person.name,
        "honorific": person.honorific,
        "family_name": person.family_name,
        "address_as": person.address_as,
        "organization": person.organization,
        "job_title": person.job_title,
        "email": person.email,
    }
