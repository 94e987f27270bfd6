"""Safety for a public endpoint: the body cap, the time limit and the API keys.

:class:`Guard` is ASGI middleware. It refuses a body whose declared length is
over the cap with 413 before reading a byte of it, stops reading one sent in
chunks as soon as it passes the cap, and answers 503 when a request is not
answered within the time limit. :class:`Keys` holds the API keys as SHA-256
digests and compares them in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import pathlib
from collections.abc import Iterable
from typing import Final

import anyio
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import infointerview as ii
from infointerview._serve.errors import HTTPError, error_body

__all__ = ["Guard", "Keys"]

_BEARER: Final = "bearer "


class Guard:
    """Cap the request body and bound the time to an answer.

    Args:
        app: The application to guard.
        max_body: Largest body accepted, in bytes.
        timeout: Seconds from the request's arrival to its response's start.
    """

    def __init__(self, app: ASGIApp, *, max_body: int, timeout: float) -> None:
        self.app = app
        self.max_body = max_body
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request (or pass a lifespan or other scope through)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            if not (declared.isascii() and declared.isdigit()):
                error = HTTPError(400, "Content-Length is not a number")
                await _answer(scope, receive, send, error)
                return
            if int(declared) > self.max_body:
                await _answer(scope, receive, send, self._too_large())
                return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise self._too_large()
            return message

        with anyio.CancelScope(deadline=anyio.current_time() + self.timeout) as deadline:

            async def watched(message: Message) -> None:
                nonlocal started
                if message["type"] == "http.response.start":
                    # Once the answer has begun, let it finish whatever the clock says.
                    started = True
                    deadline.deadline = math.inf
                await send(message)

            await self.app(scope, counted, watched)
        if deadline.cancelled_caught and not started:
            await _answer(
                scope,
                receive,
                send,
                HTTPError(503, f"the request took longer than the limit of {self.timeout:g} s"),
            )

    def _too_large(self) -> HTTPError:
        return HTTPError(413, f"the body is over the limit of {self.max_body} bytes")


async def _answer(scope: Scope, receive: Receive, send: Send, error: HTTPError) -> None:
    response = JSONResponse(error_body(error.status, error.message), status_code=error.status)
    await response(scope, receive, send)


class Keys:
    """The API keys a service accepts; none means the API is open.

    Args:
        keys: The keys, as given to clients.
    """

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self._digests: Final = tuple(sorted({_digest(key) for key in keys}))

    @classmethod
    def load(cls, path: str | None) -> Keys:
        """Read the keys from a file of one key a line, or accept none without a file.

        Blank lines and lines starting with ``#`` are skipped; spaces around a
        key are not part of it.

        Args:
            path: The key file, or ``None`` for an open API.

        Returns:
            The keys.

        Raises:
            ValidationError: The file cannot be read or holds no key.
        """
        if path is None:
            return cls()
        try:
            text = pathlib.Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ii.ValidationError(
                "--api-key-file", path, f"must be a readable UTF-8 file ({error})"
            ) from None
        keys = [line.strip() for line in text.splitlines()]
        keys = [key for key in keys if key and not key.startswith("#")]
        if not keys:
            raise ii.ValidationError("--api-key-file", path, "must hold at least one key")
        return cls(keys)

    @property
    def required(self) -> bool:
        """Whether a request must carry a key."""
        return bool(self._digests)

    def accepts(self, key: str | None) -> bool:
        """Tell whether *key* is one of the keys, in time that does not depend on which.

        Args:
            key: The key a request carried, if any.

        Returns:
            True when no key is required or *key* is one of them.
        """
        if not self._digests:
            return True
        if key is None:
            return False
        digest = _digest(key)
        found = False
        for known in self._digests:
            found |= hmac.compare_digest(known, digest)
        return found

    @staticmethod
    def bearer(headers: Headers) -> str | None:
        """Return the key of an ``Authorization: Bearer KEY`` header, if there is one."""
        value = headers.get("authorization")
        if value is None or not value.lower().startswith(_BEARER):
            return None
        return value[len(_BEARER) :].strip() or None

    def check(self, key: str | None) -> None:
        """Refuse a request without an accepted key.

        Args:
            key: The key the request carried, if any.

        Raises:
            HTTPError: 401, with a ``WWW-Authenticate`` header.
        """
        if not self.accepts(key):
            message = "an API key is required" if key is None else "the API key is not valid"
            raise HTTPError(
                401,
                f"{message}: send it as 'Authorization: Bearer KEY'",
                headers={"WWW-Authenticate": "Bearer"},
            )


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()
