"""Errors as the service answers them: a status and a JSON object with ``error``.

Every refusal is an :class:`HTTPError`; the application turns it, and every
other exception, into ``{"error": ..., "status": ...}`` (with ``field`` and
``valid`` where one field is at fault), never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import infointerview as ii

__all__ = [
    "MEDIA_JSON",
    "HTTPError",
    "error_body",
    "from_library",
    "keys_of",
    "optional_bool",
    "optional_str",
    "parse_json",
    "string_list",
]

#: The media type of every JSON answer.
MEDIA_JSON: Final = "application/json"
#: Longest error message and field path answered; longer ones (a client's
#: huge key or value echoed back) are cut.
MAX_MESSAGE: Final = 500
MAX_FIELD: Final = 200

_REASONS: Final = {
    400: "bad request",
    401: "unauthorized",
    404: "not found",
    405: "method not allowed",
    413: "content too large",
    415: "unsupported media type",
    422: "unprocessable content",
    500: "internal error",
    503: "service unavailable",
}


def error_body(
    status: int, message: str, *, field: str | None = None, valid: Sequence[str] | None = None
) -> dict[str, Any]:
    """Return the JSON object of an error answer.

    Args:
        status: The HTTP status.
        message: What was wrong, in one sentence.
        field: The request field at fault, as a dotted path.
        valid: The values that field accepts, where they are few.

    Returns:
        ``error`` and ``status``, and ``field`` and ``valid`` when given.
    """
    body: dict[str, Any] = {"error": message, "status": status}
    if field is not None:
        body["field"] = field
    if valid is not None:
        body["valid"] = list(valid)
    return body


class HTTPError(Exception):
    """A request the service refuses, with the status and the reason.

    Args:
        status: The HTTP status.
        message: What was wrong; the reason phrase when omitted.
        field: The request field at fault.
        valid: The values that field accepts.
        headers: Extra response headers (``WWW-Authenticate`` for a 401).
    """

    def __init__(
        self,
        status: int,
        message: str | None = None,
        *,
        field: str | None = None,
        valid: Iterable[str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status = status
        self.message = _cut(message or _REASONS.get(status, "error"), MAX_MESSAGE)
        self.field = None if field is None else _cut(field, MAX_FIELD)
        self.valid = None if valid is None else list(valid)
        self.headers = dict(headers or {})
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        """Return the JSON object of the answer."""
        return error_body(self.status, self.message, field=self.field, valid=self.valid)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def from_library(error: ii.InfoInterviewError, *, prefix: str = "") -> HTTPError:
    """Return a 422 for an error the library raised on a request's values.

    Args:
        error: The library's error.
        prefix: Where the values sat in the request (``"contact"``); the
            library's model name at the head of the field is replaced by it.

    Returns:
        The refusal, naming the field when the library did.
    """
    if isinstance(error, ii.ValidationError):
        field = error.field
        head, dot, rest = field.partition(".")
        if prefix and dot and head[:1].isupper():
            field = f"{prefix}.{rest}"
        elif prefix and not dot and head[:1].isupper():
            field = prefix
        elif prefix:
            field = f"{prefix}.{field}"
        return HTTPError(422, str(error), field=field)
    return HTTPError(422, str(error), field=prefix or None)


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes) -> object:
    """Parse a request body as JSON, or refuse it with a 400.

    Args:
        raw: The body.

    Returns:
        The parsed value.

    Raises:
        HTTPError: 400 when the body is not UTF-8 JSON (``NaN`` and
            ``Infinity`` included, which JSON does not have).
    """
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except UnicodeDecodeError:
        raise HTTPError(400, "the body is not UTF-8 text") from None
    except (ValueError, RecursionError) as error:
        raise HTTPError(400, f"the body is not valid JSON: {error}") from None


def keys_of(
    value: object, where: str, *, required: Sequence[str] = (), optional: Sequence[str] = ()
) -> dict[str, Any]:
    """Return *value* as an object with only the keys allowed, or refuse it with a 422.

    Args:
        value: A parsed JSON value.
        where: Its path in the request (``""`` for the body itself).
        required: Keys it must have.
        optional: Keys it may have.

    Returns:
        The object.

    Raises:
        HTTPError: 422 naming the first unknown or missing key and the valid ones.
    """
    name = where or "body"
    if not isinstance(value, dict):
        raise HTTPError(422, f"{name} must be a JSON object", field=name)
    allowed = [*required, *optional]
    for key in value:
        if key not in allowed:
            raise HTTPError(
                422,
                f"{_path(where, key)} is not a field of {name}; valid fields are "
                + ", ".join(allowed),
                field=_path(where, key),
                valid=allowed,
            )
    for key in required:
        if key not in value:
            raise HTTPError(422, f"{_path(where, key)} is required", field=_path(where, key))
    return value


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def optional_str(data: Mapping[str, Any], key: str, where: str = "") -> str | None:
    """Return ``data[key]`` when it is a string or null/absent, or refuse it with a 422."""
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise HTTPError(422, f"{_path(where, key)} must be a string", field=_path(where, key))
    return value


def optional_bool(data: Mapping[str, Any], key: str, where: str = "") -> bool:
    """Return ``data[key]`` when it is true or false (false when absent), or refuse it."""
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise HTTPError(422, f"{_path(where, key)} must be true or false", field=_path(where, key))
    return value


def string_list(value: object, field: str, *, valid: Sequence[str] | None = None) -> list[str]:
    """Return *value* as a list of strings, each among *valid* if given, or refuse it.

    Args:
        value: A parsed JSON value.
        field: Its path in the request.
        valid: The strings allowed.

    Returns:
        The strings.

    Raises:
        HTTPError: 422 naming the field (and the valid values).
    """
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise HTTPError(422, f"{field} must be a list of strings", field=field, valid=valid)
    if valid is not None:
        for item in value:
            if item not in valid:
                raise HTTPError(
                    422,
                    f"{field}: {item!r} is not one of " + ", ".join(valid),
                    field=field,
                    valid=valid,
                )
    return value
