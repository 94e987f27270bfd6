"""The values the engine trades in: severities, findings, hits, examples, configuration."""

from __future__ import annotations

import enum
import html
from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal

import attrs

from infointerview._models.markdown import escape_markdown
from infointerview._models.models import Channel, MessageKind, lookup_member, to_member
from infointerview._public import public
from infointerview.exceptions import ValidationError

__all__ = [
    "MAX_CHARS",
    "PRESETS",
    "SCHEMA_VERSION",
    "Config",
    "Context",
    "Example",
    "Finding",
    "Findings",
    "Hit",
    "Severity",
    "to_kind",
]

#: Version of the JSON form of findings (:meth:`Finding.to_dict` and the
#: ``check --format json`` output). It changes only when a key changes meaning
#: or disappears; new keys may appear without a change.
SCHEMA_VERSION: Final = 1

#: Longest text checked, in characters (some 15,000 words). Past it, the rest
#: is not checked and an ``input-truncated`` finding says so.
MAX_CHARS: Final = 100_000

#: Word-count limits of the two forms of Steve Dalton's outreach email.
PRESETS: Final = {"five-point": 100, "six-point": 75}


@public
class Severity(enum.StrEnum):
    """How much a finding matters."""

    #: Breaks the etiquette outright; a platform should block sending.
    ERROR = "error"
    #: Likely to hurt the request; worth fixing before sending.
    WARNING = "warning"
    #: A suggestion that would make the message better.
    INFO = "info"


def to_kind(value: object, *, field: str = "kind") -> MessageKind:
    """Return *value* as a :class:`MessageKind`, or refuse it clearly.

    Args:
        value: A member or its string value.
        field: Name of the argument, for the error message.

    Returns:
        The member.

    Raises:
        ValidationError: It names no kind.
    """
    return to_member(MessageKind, value, field=field)


def _to_channel(value: object) -> Channel | None:
    if value is None:
        return None
    valid = ", ".join(repr(c.value) for c in Channel)
    return to_member(Channel, value, field="channel", expected=f"None or one of {valid}")


@public
@attrs.frozen(kw_only=True)
class Finding:
    """One problem a rule found in a text or a model.

    Attributes:
        rule: The id of the rule that found it, such as ``"no-job-ask"``.
        severity: How much it matters.
        message: What is wrong and why, in one or two sentences.
        start: Where the offending phrase starts in the checked text.
        end: Where it ends: ``text[start:end]`` is the phrase. Both are 0 when
            the finding concerns the whole text (or a model field).
        suggestion: What to do instead, where there is a clear fix.
        field: For checks over a model or a letter, which part the finding
            concerns (``"subject"``, ``"mode"``, ``"questions[3]"``); spans
            then count within that part. ``None`` for plain text.
        utf16_start: *start* counted in UTF-16 code units, as JavaScript
            strings and LanguageTool count; equal to *start* unless a
            character outside the Basic Multilingual Plane (an emoji, say)
            comes before it.
        utf16_end: *end* counted in UTF-16 code units.
        confidence: How sure the rule is, from 0 to 1: 1.0 for a pattern or
            a structural check, the model's probability when a trained model
            decided.
        decided_by: What decided: ``"pattern"`` (a phrase pattern),
            ``"model"`` (a trained sentence model) or ``"check"`` (a check
            over the whole text or a model field).
    """

    rule: str
    severity: Severity
    message: str
    start: int = 0
    end: int = 0
    suggestion: str | None = None
    field: str | None = None
    utf16_start: int = attrs.field(default=attrs.Factory(lambda self: self.start, takes_self=True))
    utf16_end: int = attrs.field(default=attrs.Factory(lambda self: self.end, takes_self=True))
    confidence: float = 1.0
    decided_by: str = "check"

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as a JSON-safe dict, in the documented, versioned schema.

        Returns:
            ``rule``, ``severity``, ``message``, ``start``, ``end``,
            ``suggestion``, ``field``, ``utf16_start``, ``utf16_end``,
            ``confidence`` and ``decided_by``, with the severity as its string.

        >>> import infointerview as ii
        >>> ii.Finding(rule="no-job-ask", severity=ii.Severity.ERROR, message="m").to_dict()
        ... # doctest: +NORMALIZE_WHITESPACE
        {'rule': 'no-job-ask', 'severity': 'error', 'message': 'm', 'start': 0, 'end': 0,
         'suggestion': None, 'field': None, 'utf16_start': 0, 'utf16_end': 0,
         'confidence': 1.0, 'decided_by': 'check'}
        """
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "suggestion": self.suggestion,
            "field": self.field,
            "utf16_start": self.utf16_start,
            "utf16_end": self.utf16_end,
            "confidence": self.confidence,
            "decided_by": self.decided_by,
        }


@public
class Findings(list[Finding]):
    """The findings of one check: a plain list, which a notebook shows as a table.

    Every check returns one. It is a :class:`list` in every way (equal to a
    list of the same findings, sliced into plain lists); it only adds the
    rich display that Jupyter uses, with every message escaped.
    """

    __slots__ = ()

    def _repr_markdown_(self) -> str:
        if not self:
            return "*No findings.*"
        lines = ["| severity | rule | where | message |", "| --- | --- | --- | --- |"]
        for finding in self:
            where = f"{finding.start}:{finding.end}" if finding.end else (finding.field or "")
            cells = [finding.severity.value, finding.rule, where, finding.message]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        return "\n".join(lines) + "\n"

    def _repr_html_(self) -> str:
        if not self:
            return "<p><em>No findings.</em></p>"
        rows = []
        for finding in self:
            where = f"{finding.start}:{finding.end}" if finding.end else (finding.field or "")
            cells = [finding.severity.value, finding.rule, where, finding.message]
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        head = "<tr><th>severity</th><th>rule</th><th>where</th><th>message</th></tr>"
        return f'<table class="infointerview-findings">{head}{"".join(rows)}</table>'


def _cell(text: str) -> str:
    """One table cell of Markdown: escaped (pipes too), on one line."""
    return escape_markdown(" ".join(text.split()))


@public(module="infointerview.etiquette")
@attrs.frozen(kw_only=True)
class Hit:
    """What a rule reports: a span of the prepared text and what is wrong there.

    The engine turns each hit into a :class:`~infointerview.Finding`, mapping the span back to
    the original text and adding the rule's id and severity.

    Attributes:
        start: Start offset in ``Document.text``.
        end: End offset; equal to *start* (0, 0) for the whole text.
        message: What is wrong and why.
        suggestion: What to do instead, if there is a clear fix.
        severity: Overrides the rule's default severity for this hit (a
            time ask with no bound at all is only a suggestion, say).
        confidence: How sure the rule is, from 0 to 1 (1.0 for a pattern).
        decided_by: ``"pattern"``, ``"model"`` or ``"check"``; ``None``
            lets the engine say ``"pattern"`` for a span and ``"check"`` for
            the whole text.
    """

    start: int = 0
    end: int = 0
    message: str
    suggestion: str | None = None
    severity: Severity | None = None
    confidence: float = 1.0
    decided_by: str | None = None


@public(module="infointerview.etiquette")
@attrs.frozen(kw_only=True)
class Example:
    """A text a rule must pass or must flag, shown in the rules reference and tested.

    Attributes:
        text: The example text.
        kind: What kind of message it is.
        channel: The channel it travels through, for channel-aware rules.
    """

    text: str
    kind: MessageKind = attrs.field(default=MessageKind.OUTREACH, converter=to_kind)
    channel: Channel | None = attrs.field(default=None, converter=_to_channel)


@public(module="infointerview.etiquette")
@attrs.frozen(kw_only=True)
class Context:
    """What a rule knows about the text besides the text itself.

    Attributes:
        kind: What kind of message the text is.
        channel: The channel it travels through, if known.
        config: The configuration of the check.
        channel_body_limit: The channel's hard limit on the body in
            characters for this sender (Premium or not), if it has one.
    """

    kind: MessageKind
    channel: Channel | None
    config: Config
    channel_body_limit: int | None = None


def _id_set(field: str, value: Iterable[str] | str) -> frozenset[str]:
    given: object = value  # typed for callers; checked here for everyone else
    if isinstance(given, str):
        return frozenset([given])
    expected = "must be a rule id or an iterable of rule ids, such as ['no-job-ask']"
    if isinstance(given, bytes | Mapping):
        raise ValidationError(field, value, expected)
    try:
        ids = frozenset(value)
    except TypeError:  # not iterable, or holding something unhashable
        raise ValidationError(field, value, expected) from None
    for rule in ids:
        if not isinstance(rule, str):
            raise ValidationError(field, rule, "must hold rule ids, which are strings")
    return ids


def _rule_ids(value: Iterable[str] | str | None) -> frozenset[str] | None:
    return None if value is None else _id_set("Config.select", value)


def _ignored(value: Iterable[str] | str | None) -> frozenset[str]:
    return frozenset() if value is None else _id_set("Config.ignore", value)


def _severity_map(
    value: Mapping[str, Severity | str] | Iterable[tuple[str, Any]],
) -> tuple[tuple[str, Severity], ...]:
    expected = "must map rule ids to severities, such as {'time-ask': 'error'}"
    given: object = value
    if isinstance(given, str | bytes):
        raise ValidationError("Config.severities", value, expected)
    try:
        items = list(value.items() if isinstance(value, Mapping) else value)
    except TypeError:
        raise ValidationError("Config.severities", value, expected) from None
    out = []
    for item in items:
        if not isinstance(item, tuple | list) or len(item) != 2 or not isinstance(item[0], str):
            raise ValidationError("Config.severities", item, expected)
        rule, severity = item
        member = lookup_member(Severity, severity)
        if member is None:
            valid = ", ".join(repr(s.value) for s in Severity)
            raise ValidationError(
                f"Config.severities[{rule!r}]", severity, f"must be one of {valid}"
            )
        out.append((rule, member))
    return tuple(sorted(out))


def _preset(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value not in PRESETS:
        valid = ", ".join(repr(p) for p in PRESETS)
        raise ValidationError("Config.preset", value, f"must be one of {valid}")


def _bool(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise ValidationError(f"Config.{attr.name}", value, "must be True or False")


def _positive(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError(f"Config.{attr.name}", value, "must be a positive whole number")


@public
@attrs.frozen(kw_only=True)
class Config:
    """Which rules run and how: build once, pass to every check.

    A config is immutable, hashable and picklable, so a web server can build
    one at start-up and share it between threads and worker processes.

    Attributes:
        select: Rule ids to run; every rule when ``None``. A single id may be
            given as a string.
        ignore: Rule ids not to run, applied after *select*.
        severities: Severity overrides, ``{"time-ask": "error"}``; stored as
            sorted ``(rule, severity)`` pairs.
        preset: Which form of Dalton's outreach email to hold outreach to:
            ``"five-point"`` (under 100 words, the default) or ``"six-point"``
            (under 75 words).
        linkedin_premium: Whether the sender has a paid LinkedIn account,
            which raises the connection-note limit.
        models: Whether the fixed rules also consult their trained sentence
            models (``False``: patterns alone, as in 0.1.0).
        plugins: Whether to load rules from the ``infointerview.rules``
            entry-point group of installed packages.
        max_chars: Longest text checked; the rest is reported as unchecked.

    >>> import infointerview as ii
    >>> config = ii.Config(ignore={"time-ask"}, severities={"googleable-question": "warning"})
    >>> config.severities
    (('googleable-question', <Severity.WARNING: 'warning'>),)
    """

    select: frozenset[str] | None = attrs.field(default=None, converter=_rule_ids)
    ignore: frozenset[str] = attrs.field(default=frozenset(), converter=_ignored)
    severities: tuple[tuple[str, Severity], ...] = attrs.field(default=(), converter=_severity_map)
    preset: Literal["five-point", "six-point"] = attrs.field(
        default="five-point", validator=_preset
    )
    linkedin_premium: bool = attrs.field(default=False, validator=_bool)
    plugins: bool = attrs.field(default=True, validator=_bool)
    models: bool = attrs.field(default=True, validator=_bool)
    max_chars: int = attrs.field(default=MAX_CHARS, validator=_positive)

    @property
    def word_limit(self) -> int:
        """The outreach word limit of the chosen preset."""
        return PRESETS[self.preset]

    def severity_for(self, rule: str, default: Severity) -> Severity:
        """Return the severity findings of *rule* carry under this config.

        Args:
            rule: A rule id.
            default: The rule's own severity for the finding.

        Returns:
            The override for *rule*, or *default*.
        """
        for name, severity in self.severities:
            if name == rule:
                return severity
        return default

    def runs(self, rule: str) -> bool:
        """Tell whether *rule* is selected and not ignored.

        Args:
            rule: A rule id.

        Returns:
            Whether the rule runs under this config.
        """
        return (self.select is None or rule in self.select) and rule not in self.ignore
