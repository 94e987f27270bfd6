"""How one service runs: the limits, the keys, the origins, the packs.

The settings are plain data, so that ``serve --workers N`` can hand them to
each worker process through one environment variable. API keys never travel
that way: a worker reads them from the key file itself.
"""

from __future__ import annotations

import json
import os
from typing import Any, Final

import attrs

import infointerview as ii

__all__ = ["DEFAULT_MAX_BODY", "DEFAULT_TIMEOUT", "ENVIRONMENT_VARIABLE", "Settings"]

#: Largest request body accepted by default, in bytes.
DEFAULT_MAX_BODY: Final = 256 * 1024
#: Longest a request may take by default, in seconds, before it is answered 503.
DEFAULT_TIMEOUT: Final = 10.0
#: Where ``serve --workers N`` puts the settings for its worker processes.
ENVIRONMENT_VARIABLE: Final = "INFOINTERVIEW_SERVE_SETTINGS"


def _positive_int(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ii.ValidationError(attr.name, value, "must be a positive whole number")


def _positive_number(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ii.ValidationError(attr.name, value, "must be a positive number of seconds")


def _origins(inst: object, attr: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for origin in value:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            raise ii.ValidationError(
                "cors_origins", origin, "must be '*' or an origin such as https://example.edu"
            )


@attrs.frozen(kw_only=True)
class Settings:
    """What a running service allows and offers; the same in every worker.

    Attributes:
        max_body: Largest request body accepted, in bytes; a larger one is
            answered 413 before it is read whole.
        timeout: Longest a request may take, in seconds, reading its body
            included; past it the answer is 503.
        api_key_file: A file of API keys, one a line (blank lines and lines
            starting with ``#`` are skipped). When set, the API answers 401
            without one of them.
        cors_origins: Origins of browser front ends allowed to call the API
            (``"*"`` for any).
        page: Whether to serve the as-you-type page at ``/``.
        packs: Folders of user template packs layered over the built-in one
            for ``/v1/render``; configured here only, never uploaded.
        plugins: Whether to run rules that installed packages plug in.
    """

    max_body: int = attrs.field(default=DEFAULT_MAX_BODY, validator=_positive_int)
    timeout: float = attrs.field(default=DEFAULT_TIMEOUT, validator=_positive_number)
    api_key_file: str | None = None
    cors_origins: tuple[str, ...] = attrs.field(default=(), converter=tuple, validator=_origins)
    page: bool = False
    packs: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    plugins: bool = True

    def to_environment(self) -> dict[str, str]:
        """Return the environment variable that hands these settings to a worker.

        Returns:
            One variable, :data:`ENVIRONMENT_VARIABLE`, holding the settings as JSON.
        """
        return {ENVIRONMENT_VARIABLE: json.dumps(attrs.asdict(self), sort_keys=True)}

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> Settings:
        """Return the settings a worker was started with, or the defaults.

        Args:
            environ: The environment; ``os.environ`` when omitted.

        Returns:
            The settings.

        Raises:
            ValidationError: The variable holds no valid settings.
        """
        raw = (os.environ if environ is None else environ).get(ENVIRONMENT_VARIABLE)
        if raw is None:
            return cls()
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            raise ii.ValidationError(ENVIRONMENT_VARIABLE, raw, "must hold JSON") from None
        if not isinstance(data, dict):
            raise ii.ValidationError(ENVIRONMENT_VARIABLE, raw, "must hold a JSON object")
        return cls(**data)
