"""The ``infointerview serve`` command: run the HTTP service on uvicorn.

Building the parser imports nothing of the ``server`` extra, so ``infointerview
--help`` and the other commands never pay for Starlette or uvicorn; :func:`run`
imports them, and says which extra to install when they are missing.
"""

from __future__ import annotations

import argparse
import os
import socket
from collections.abc import Callable
from typing import Final

import infointerview as ii
from infointerview._serve.settings import DEFAULT_MAX_BODY, DEFAULT_TIMEOUT, Settings

__all__ = ["add_parser", "run"]

#: Where the service listens unless told otherwise: this machine only.
DEFAULT_HOST: Final = "127.0.0.1"
#: The port it listens on unless told otherwise.
DEFAULT_PORT: Final = 8080
_LOG_LEVELS: Final = ("critical", "error", "warning", "info", "debug")
_FACTORY: Final = "infointerview._serve.app:app_from_environment"


def _whole(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return parse


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{value:g} is not between 0 and 3600 seconds")
    return value


def listen(host: str, port: int) -> socket.socket:
    """Bind the listening socket the workers share, with Nagle's algorithm off.

    uvicorn, binding for several workers itself, makes a socket whose
    connections asyncio does not recognise as TCP, so they keep Nagle's
    algorithm: with the client's delayed acknowledgements, that adds some
    40 ms to every answer on a quiet connection. Linux passes ``TCP_NODELAY``
    from the listening socket to every connection it accepts.

    Args:
        host: The address to listen on.
        port: The port; 0 picks a free one.

    Returns:
        The bound, listening, inheritable socket.

    Raises:
        ValidationError: The address cannot be listened on.
    """
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
    except OSError as error:
        raise ii.ValidationError("--host", host, f"must be an address here ({error})") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as error:
        sock.close()
        raise ii.ValidationError(
            "--port", port, f"must be free to listen on at {host} ({error.strerror})"
        ) from None
    sock.set_inheritable(True)
    return sock


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` subcommand.

    Args:
        subparsers: The parser's subcommand set.
    """
    parser = subparsers.add_parser(
        "serve",
        help="run the HTTP service (native /v1 API and LanguageTool-compatible /v2)",
        description=(
            "Run the etiquette checks, letters and questionnaires as an HTTP service: "
            "the native JSON API under /v1, a LanguageTool-compatible API under /v2, "
            "the OpenAPI document at /openapi.json and a health check at /healthz. "
            "Needs the server extra: pip install 'infointerview[server]'."
        ),
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port",
        type=_whole(0, 65535),
        default=DEFAULT_PORT,
        help="port to listen on (default: %(default)s)",
    )
    parser.add_argument(
        "--workers",
        type=_whole(1, 256),
        default=1,
        metavar="N",
        help="worker processes, each with its own checker (default: %(default)s)",
    )
    parser.add_argument(
        "--api-key-file",
        metavar="FILE",
        help="require an API key from FILE (one a line) as 'Authorization: Bearer KEY' "
        "or LanguageTool's apiKey field",
    )
    parser.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let a browser front end at ORIGIN call the API (repeatable; '*' for any)",
    )
    parser.add_argument(
        "--max-body",
        type=_whole(1, 64 * 1024 * 1024),
        default=DEFAULT_MAX_BODY,
        metavar="BYTES",
        help="largest request body accepted; larger ones get 413 (default: %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="longest a request may take before it is answered 503 (default: %(default)g)",
    )
    parser.add_argument(
        "--page", action="store_true", help="serve the as-you-type checking page at /"
    )
    parser.add_argument(
        "--pack",
        action="append",
        default=[],
        metavar="DIR",
        help="a user template pack layered over the built-in one for /v1/render "
        "(repeatable, highest first); packs are never uploaded over HTTP",
    )
    parser.add_argument(
        "--no-plugins", action="store_true", help="do not run rules that installed packages add"
    )
    parser.add_argument(
        "--log-level", choices=_LOG_LEVELS, default="info", help="uvicorn's log level"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the service until it is stopped.

    Args:
        args: The parsed ``serve`` options.

    Returns:
        0 once the server has shut down.

    Raises:
        MissingExtraError: The ``server`` extra is not installed.
        InfoInterviewError: The key file, a pack or a setting is invalid.
    """
    try:
        import uvicorn

        from infointerview._serve.app import create_app
    except ImportError as error:
        raise ii.MissingExtraError("infointerview serve", "server") from error
    settings = Settings(
        max_body=args.max_body,
        timeout=args.timeout,
        api_key_file=args.api_key_file,
        cors_origins=args.cors_origin,
        page=args.page,
        packs=args.pack,
        plugins=not args.no_plugins,
    )
    # Built here first even with workers, so a bad key file or pack stops the
    # command with one clear line instead of every worker failing in turn.
    app = create_app(settings)
    if args.workers > 1:
        os.environ.update(settings.to_environment())
    with listen(args.host, args.port) as sock:
        uvicorn.run(
            app if args.workers == 1 else _FACTORY,
            factory=args.workers > 1,
            workers=args.workers,
            fd=sock.fileno(),
            log_level=args.log_level,
            server_header=False,
            timeout_graceful_shutdown=10,
        )
    return 0
