"""The exceptions that infointerview raises.

Every error the library raises on purpose derives from
:class:`InfoInterviewError`, so ``except InfoInterviewError`` catches them all.
Each subclass also inherits the built-in exception that fits it
(:class:`ValueError`, :class:`LookupError`, :class:`ImportError`), so code that
already catches those keeps working.
"""

import datetime as _dt
import reprlib as _reprlib
from typing import Final as _Final

__all__ = [
    "BudgetError",
    "ChannelLimitError",
    "InfoInterviewError",
    "InputError",
    "MissingExtraError",
    "MissingTemplateError",
    "PackError",
    "QuestionBankError",
    "RenderError",
    "RuleError",
    "TemplateSecurityError",
    "ValidationError",
]

#: Longest repr of a refused value in a message, in characters.
_REPR_LIMIT = 100
#: Longest field path in a message, in characters.
_FIELD_LIMIT = 120


class _BoundedRepr(_reprlib.Repr):
    """A :class:`reprlib.Repr` that summarises containers and never fails."""

    def __init__(self) -> None:
        super().__init__()
        # Containers are shown two levels deep and four items wide: a dict
        # nested a hundred thousand deep is written as {'a': {'a': {...}}},
        # without ever walking into it.
        self.maxlevel = 2
        self.maxdict = self.maxlist = self.maxtuple = 4
        self.maxset = self.maxfrozenset = self.maxdeque = self.maxarray = 4
        self.maxstring = self.maxother = _REPR_LIMIT
        self.maxlong = 40

    def repr_instance(self, obj: object, level: int) -> str:
        """Return ``repr(obj)`` cut short, or the type's name when it fails."""
        try:
            return _cut(repr(obj), self.maxother)
        except Exception:  # a repr that raises, or an int too long to write out
            return _anonymous(obj)

    def repr_datetime(self, obj: _dt.datetime, level: int) -> str:
        """Return the moment as ISO 8601, with its IANA zone in brackets when it has one."""
        zone = getattr(obj.tzinfo, "key", None)
        return f"datetime {obj.isoformat()}" + (f"[{zone}]" if isinstance(zone, str) else "")

    def repr_int(self, obj: int, level: int) -> str:
        """Return the int's digits cut short, or its size when it is too long to write."""
        try:
            return super().repr_int(obj, level)
        except ValueError:  # past sys.get_int_max_str_digits()
            return f"<int of about {int(obj.bit_length() * 0.30103) + 1} digits>"


def _anonymous(obj: object) -> str:
    return f"<{_cut(type(obj).__qualname__, 60)} object>"


_SHOWN: _Final = _BoundedRepr()


def _short_repr(value: object) -> str:
    """Return a repr of *value* fit for one line of an error message.

    The repr is bounded whatever *value* is: containers are summarised a
    few levels and items deep, long strings and numbers are cut, and a value
    whose own ``repr`` fails (or would recurse without end) is named by its
    type alone.
    """
    try:
        text = _SHOWN.repr(value)
    except Exception:  # a repr that raises, or an int too long to write out
        text = _anonymous(value)
    return _cut(text, _REPR_LIMIT)


def _cut(text: str, limit: int) -> str:
    """Return *text*, shortened to *limit* characters with an ellipsis in the middle."""
    if len(text) > limit:
        text = text[: limit - 5] + "…" + text[-4:]
    return text


class InfoInterviewError(Exception):
    """Root of every exception raised on purpose by infointerview."""


class ValidationError(InfoInterviewError, ValueError):
    """A value handed to the library is not valid.

    The message names the field, the value and what would be valid.

    Args:
        field: Dotted path of the offending field, such as ``"Contact.name"``
            or ``"contact.source"`` when it came from a dict.
        value: The value that was refused.
        expected: What would have been accepted, as a phrase.

    Attributes:
        field: Dotted path of the offending field.
        value: The value that was refused.
        expected: What would have been accepted.
    """

    def __init__(self, field: str, value: object, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(f"{_cut(field, _FIELD_LIMIT)}: {expected}; got {_short_repr(value)}")

    def at(self, path: str) -> "ValidationError":
        """Return the same error with its field placed under *path*.

        Args:
            path: The path of the containing object, such as ``"contact"``.

        Returns:
            A new error whose field reads ``"<path>.<field name>"``.
        """
        name = self.field.rpartition(".")[2] if "." in self.field else self.field
        field = f"{path}.{name}" if path else name
        return type(self)(field, self.value, self.expected)

    def __reduce__(self) -> "tuple[type[ValidationError], tuple[str, object, str]]":
        return (type(self), (self.field, self.value, self.expected))


class InputError(InfoInterviewError, ValueError):
    """A batch's input cannot be read, or one of its rows cannot be checked.

    Raised for a file of an unknown format, one that cannot be read or has no
    text column, an interrupted run that cannot be resumed, and (under
    ``strict``) the first bad row. A bad row is also handed, as this
    exception, to the ``on_bad_row`` callback of
    :func:`infointerview.batch.check_file`.

    Args:
        message: What is wrong.
        path: The input file, when one is involved.
        line: The row's line in a JSONL or CSV file (where a CSV record
            starts), or its row number, from 1, in a Parquet file or a frame.
        id: The row's id, when it has one.

    Attributes:
        path: The input file, or ``None``.
        line: The row's line or number, or ``None`` when the error is not
            about one row.
        id: The row's id, or ``None``.
        reason: What is wrong, without the place.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        id: object = None,
    ) -> None:
        self.reason = message
        self.path = path
        self.line = line
        self.id = id
        where = ":".join(str(part) for part in (path, line) if part is not None)
        row = "" if id is None else f"row {_short_repr(id)}: "
        super().__init__(f"{where}: {row}{message}" if where else f"{row}{message}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_input_error, (self.reason, self.path, self.line, self.id))


def _rebuild_input_error(
    message: str, path: str | None, line: int | None, id: object
) -> InputError:
    return InputError(message, path=path, line=line, id=id)


class PackError(InfoInterviewError, ValueError):
    """A template pack cannot be found, read or parsed.

    The message names the file (and the line, where there is one).
    """


class MissingTemplateError(PackError, LookupError):
    """No pack in a stack provides the template or file asked for."""


class MissingExtraError(InfoInterviewError, ImportError):
    """An optional feature needs a package that is not installed.

    Args:
        feature: What the caller tried to use.
        extra: The extra that installs it, as in ``pip install infointerview[extra]``.

    Attributes:
        feature: What the caller tried to use.
        extra: The extra that installs the missing package.
    """

    def __init__(self, feature: str, extra: str) -> None:
        self.feature = feature
        self.extra = extra
        super().__init__(
            f"{feature} needs an optional package: pip install 'infointerview[{extra}]'"
        )

    def __reduce__(self) -> "tuple[type[MissingExtraError], tuple[str, str]]":
        return (type(self), (self.feature, self.extra))


class QuestionBankError(PackError):
    """A question bank file is malformed.

    The message names the file and, where the fault lies in one question,
    that question's id (or its number in the file when it has no id).
    """


class BudgetError(InfoInterviewError, ValueError):
    """A questionnaire's time budget cannot hold what it must.

    Raised when the minutes given do not cover the self-introduction and the
    closing asks (or the user's own questions); the message says how many
    minutes would.
    """


class RuleError(InfoInterviewError, ValueError):
    """An etiquette rule is broken: a plug-in cannot load, or a rule misbehaves.

    The message names the rule or the entry point.
    """


class RenderError(InfoInterviewError, ValueError):
    """A letter could not be rendered from its template.

    The message names the template and, where known, the line, and says what
    went wrong: a missing value, an empty value, a failing expression.

    Args:
        message: What went wrong.
        template: The template's name in its pack, such as
            ``"outreach/email.txt.j2"``, when one was involved.
        line: The template line, when known.

    Attributes:
        template: The template's name, or ``None``.
        line: The template line, or ``None``.
    """

    def __init__(self, message: str, *, template: str | None = None, line: int | None = None):
        self.template = template
        self.line = line
        given: object = template  # typed str; a caller's bad name is shown briefly
        if given is not None and not isinstance(given, str):
            template = _short_repr(given)
        where = template or ""
        if template and line:
            where = f"{template}, line {line}"
        self.detail = message
        super().__init__(f"{where}: {message}" if where else message)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_render_error, (type(self), self.detail, self.template, self.line))


def _rebuild_render_error(
    cls: type[RenderError], message: str, template: str | None, line: int | None
) -> RenderError:
    return cls(message, template=template, line=line)


class TemplateSecurityError(RenderError):
    """A template tried something the sandbox refuses.

    Raised for an unsafe attribute or call, an operation beyond the sandbox's
    size or step limits, an unsafe template name, or an include that leaves
    the pack. Never an empty string in place of the letter.
    """


class ChannelLimitError(RenderError):
    """A rendered letter is longer than its channel allows.

    Args:
        channel: The channel's label, such as ``"LinkedIn connection note"``.
        part: ``"body"`` or ``"subject"``.
        length: The letter's length, in characters.
        limit: The channel's hard limit, in characters.
        template: The template that rendered it.

    Attributes:
        channel: The channel's label.
        part: Which part is too long.
        length: The letter's length.
        limit: The channel's limit.
    """

    def __init__(
        self, channel: str, part: str, length: int, limit: int, *, template: str | None = None
    ) -> None:
        self.channel = channel
        self.part = part
        self.length = length
        self.limit = limit
        super().__init__(
            f"the {part} is {length} characters; the {channel} allows at most {limit}",
            template=template,
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_limit_error,
            (self.channel, self.part, self.length, self.limit, self.template),
        )


def _rebuild_limit_error(
    channel: str, part: str, length: int, limit: int, template: str | None
) -> ChannelLimitError:
    return ChannelLimitError(channel, part, length, limit, template=template)
