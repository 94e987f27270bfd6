"""Turn attrs models into JSON-safe dicts and back, strictly.

Platforms store the models as JSON. Going back, nothing is coerced and nothing
is dropped: ``{"name": 5}`` is an error, not ``"5"``, and an unknown key is an
error naming its path, not a silent loss.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import types
import typing
import zoneinfo
from collections.abc import Mapping
from typing import Any, Final, TypeVar

import attrs

from infointerview._public import defining_module
from infointerview.exceptions import ValidationError

__all__ = ["format_datetime", "parse_datetime", "structure", "unstructure"]

_T = TypeVar("_T")

# RFC 9557 (and Java's ZonedDateTime) append the IANA zone to an ISO 8601
# timestamp in brackets: 2027-03-10T14:00:00-04:00[America/New_York].
_ZONED: Final = re.compile(r"(?P<stamp>[^\[\]]+)\[(?P<zone>[A-Za-z0-9_+\-/]{1,64})\]")


def format_datetime(value: dt.datetime) -> str:
    """Write an aware datetime as ISO 8601, with its IANA zone when it has one.

    Args:
        value: An aware datetime.

    Returns:
        ``2027-03-10T14:00:00-04:00[America/New_York]`` for a ``ZoneInfo``
        zone, plain ISO 8601 with an offset otherwise.
    """
    stamp = value.isoformat()
    if isinstance(value.tzinfo, zoneinfo.ZoneInfo):
        return f"{stamp}[{value.tzinfo.key}]"
    return stamp


def parse_datetime(path: str, value: object) -> dt.datetime:
    """Read what :func:`format_datetime` writes.

    Args:
        path: The field's path, for errors.
        value: The string (or an aware datetime, passed through).

    Returns:
        An aware datetime; in its IANA zone when the text names one.

    Raises:
        ValidationError: The text is not an ISO 8601 timestamp with an offset,
            names an unknown zone (or a folder of the tz database, such as
            ``[America]``), its offset disagrees with the zone, or it has no
            equivalent in that zone inside years 1 to 9999.
    """
    if isinstance(value, dt.datetime):
        return value
    expected = "must be an ISO 8601 timestamp with a UTC offset, like '2027-03-10T14:00:00-04:00'"
    if not isinstance(value, str):
        raise ValidationError(path, value, expected)
    zone_name = None
    zoned = _ZONED.fullmatch(value)
    stamp = zoned["stamp"] if zoned else value
    try:
        parsed = dt.datetime.fromisoformat(stamp)
    except ValueError:
        raise ValidationError(path, value, expected) from None
    if parsed.tzinfo is None:
        raise ValidationError(path, value, expected + " (this one has no offset)")
    if zoned:
        zone_name = zoned["zone"]
        try:
            zone = zoneinfo.ZoneInfo(zone_name)
        # A folder of the tz database ("America") is an IsADirectoryError,
        # a file that is not a zone a ValueError: neither names a zone.
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            raise ValidationError(
                path, value, "must name a known IANA time zone, such as [America/Chicago]"
            ) from None
        try:
            local = parsed.astimezone(zone)
        except OverflowError:
            raise ValidationError(
                path, value, "must lie between years 1 and 9999 in UTC as well as in its own zone"
            ) from None
        # The same wall time in a repeated hour: keep the fold that matches.
        if local.utcoffset() != parsed.utcoffset():
            raise ValidationError(path, value, f"has an offset that {zone_name} never uses then")
        return local
    return parsed


def unstructure(obj: Any) -> Any:
    """Return the JSON-safe form of an attrs model or of one field value.

    Args:
        obj: A model instance, or a value held by one.

    Returns:
        Dicts, lists, strings, numbers, booleans and ``None`` only.
    """
    if attrs.has(type(obj)):
        return {a.name: unstructure(getattr(obj, a.name)) for a in attrs.fields(type(obj))}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, dt.datetime):
        return format_datetime(obj)
    if isinstance(obj, dt.timedelta):
        return int(obj // dt.timedelta(minutes=1))
    if isinstance(obj, tuple | list):
        return [unstructure(item) for item in obj]
    return obj


def structure(cls: type[_T], data: object, path: str) -> _T:
    """Build an attrs model from its JSON-safe form.

    Args:
        cls: The model class.
        data: Its dict form.
        path: Where *data* sits, for errors ("Outcome.suggested[0]").

    Returns:
        The model.

    Raises:
        ValidationError: Naming the path of the first key or value at fault.
    """
    if not isinstance(data, Mapping):
        raise ValidationError(
            path, data, f"must be an object (a dict) describing a {cls.__name__}"
        )
    fields, hints = _schema(cls)  # type: ignore[arg-type]
    for key in data:
        if not isinstance(key, str):
            raise ValidationError(
                path, key, f"must have only string keys, the field names of {cls.__name__}"
            )
    unknown = sorted(key for key in data if key not in fields)
    if unknown:
        raise ValidationError(
            f"{path}.{unknown[0]}",
            data[unknown[0]],
            f"is not a key of {cls.__name__}; valid keys are {', '.join(fields)}",
        )
    kwargs: dict[str, Any] = {}
    for name, attribute in fields.items():
        if name not in data:
            if attribute.default is attrs.NOTHING:
                raise ValidationError(f"{path}.{name}", None, "is required")
            continue
        kwargs[name] = _value(hints[name], data[name], f"{path}.{name}")
    try:
        return cls(**kwargs)
    except ValidationError as error:
        raise error.at(path) from None


@functools.cache
def _schema(cls: type[Any]) -> tuple[dict[str, attrs.Attribute[Any]], dict[str, Any]]:
    """Return a model's fields and resolved type hints, worked out once per class."""
    hints = typing.get_type_hints(cls, vars(defining_module(cls)))
    return {a.name: a for a in attrs.fields(cls)}, hints


def _value(hint: Any, value: object, path: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if value is None:
            return None
        return _value(args[0], value, path)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise ValidationError(path, value, "must be a list")
        (item_hint, _) = typing.get_args(hint)
        return tuple(_value(item_hint, item, f"{path}[{i}]") for i, item in enumerate(value))
    if attrs.has(hint):
        return structure(hint, value, path)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        if isinstance(value, hint):
            return value
        valid = [member.value for member in hint]
        if isinstance(value, str) and value in valid:
            return hint(value)
        raise ValidationError(path, value, f"must be one of {', '.join(map(repr, valid))}")
    if hint is dt.datetime:
        return parse_datetime(path, value)
    if hint is dt.timedelta:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(path, value, "must be a whole number of minutes")
        try:
            return dt.timedelta(minutes=value)
        except OverflowError:
            raise ValidationError(
                path, value, "must be a whole number of minutes, such as 30; this is far too many"
            ) from None
    if hint is bool and not isinstance(value, bool):
        raise ValidationError(path, value, "must be true or false")
    if hint is str and not isinstance(value, str):
        raise ValidationError(path, value, f"must be a string, not {type(value).__name__}")
    return value
