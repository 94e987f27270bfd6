"""The ASGI application: routes, middleware and error answers, built once per worker.

:func:`create_app` builds the worker's shared state (the checker first) and
the Starlette application over it. ``serve --workers N`` starts each worker
with :func:`app_from_environment`, which reads the same settings from the
environment.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.resources
import json
import re
from typing import Final

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from infointerview._serve import languagetool, native
from infointerview._serve.errors import MEDIA_JSON, HTTPError, error_body
from infointerview._serve.limits import Guard
from infointerview._serve.openapi import document
from infointerview._serve.service import Service
from infointerview._serve.settings import Settings

__all__ = ["app_from_environment", "create_app"]

_INLINE: Final = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)


def _page() -> tuple[str, str]:
    """Return the as-you-type page and a Content-Security-Policy that allows its own code only."""
    html = importlib.resources.files("infointerview._serve").joinpath("page.html")
    text = html.read_text(encoding="utf-8")
    sources: dict[str, list[str]] = {"script": [], "style": []}
    for tag, body in _INLINE.findall(text):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        sources[tag].append(f"'sha256-{digest}'")
    policy = (
        "default-src 'none'; connect-src 'self'; "
        f"script-src {' '.join(sources['script'])}; style-src {' '.join(sources['style'])}; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return text, policy


class _CORS(CORSMiddleware):
    """Starlette's CORS middleware, refusing a preflight in JSON like every other error."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        skip = {"content-length", "content-type"}
        headers = {k: v for k, v in response.headers.items() if k.lower() not in skip}
        message = bytes(response.body).decode("utf-8", "replace")
        return JSONResponse(
            error_body(response.status_code, message),
            status_code=response.status_code,
            headers=headers,
        )


def _answer(error: HTTPError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)


async def _refused(request: Request, exc: Exception) -> Response:
    if isinstance(exc, HTTPError):
        return _answer(exc)
    if isinstance(exc, HTTPException):
        headers = dict(exc.headers or {})
        return _answer(HTTPError(exc.status_code, headers=headers))
    raise exc  # pragma: no cover - registered for those two classes only


async def _gone(request: Request, exc: Exception) -> Response:
    # The client left while sending its body; nobody reads this answer.
    return JSONResponse(error_body(400, "the client closed the request"), status_code=400)


async def _crashed(request: Request, exc: Exception) -> Response:
    # Nothing of the exception reaches the client; the server's log has it.
    return JSONResponse(error_body(500, "internal error"), status_code=500)


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the application and the shared state it serves from.

    Args:
        settings: How the service runs; the defaults when omitted.

    Returns:
        The ASGI application.

    Raises:
        InfoInterviewError: The key file, a pack or a plug-in rule is invalid.
    """
    settings = settings if settings is not None else Settings()
    service = Service(settings)
    openapi = json.dumps(
        document(rule_ids=service.rule_ids, max_body=settings.max_body, page=settings.page),
        ensure_ascii=False,
    ).encode("utf-8")

    async def openapi_json(request: Request) -> Response:
        return Response(openapi, media_type=MEDIA_JSON)

    routes = [
        Route("/v1/check", native.check, methods=["POST"]),
        Route("/v1/check-batch", native.check_batch, methods=["POST"]),
        Route("/v1/render", native.render, methods=["POST"]),
        Route("/v1/questions", native.questions, methods=["GET"]),
        Route("/v1/rules", native.rules, methods=["GET"]),
        Route("/v2/check", languagetool.check, methods=["POST"]),
        Route("/v2/languages", languagetool.languages, methods=["GET"]),
        Route("/healthz", native.health, methods=["GET"]),
        Route("/openapi.json", openapi_json, methods=["GET"]),
    ]
    if settings.page:
        text, policy = _page()
        headers = {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff"}

        async def page(request: Request) -> Response:
            return HTMLResponse(text, headers=headers)

        routes.append(Route("/", page, methods=["GET"]))
    middleware = []
    if settings.cors_origins:
        middleware.append(
            Middleware(
                _CORS,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
                max_age=600,
            )
        )
    middleware.append(Middleware(Guard, max_body=settings.max_body, timeout=settings.timeout))
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={
            HTTPError: _refused,
            HTTPException: _refused,
            ClientDisconnect: _gone,
            Exception: _crashed,
        },
    )
    app.state.service = service
    return app


def app_from_environment() -> Starlette:
    """Build the application from the settings ``serve`` left in the environment.

    Returns:
        The ASGI application, for one worker process.
    """
    return create_app(Settings.from_environment())
