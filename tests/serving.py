"""A live ``infointerview serve`` application on loopback, for the service's tests.

The application runs on uvicorn in a thread, on a socket bound to 127.0.0.1
with a port the system picks, so tests talk real HTTP and nothing leaves the
machine. Start-up and shut-down wait a bounded time.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.parse
from typing import Any

import uvicorn

from infointerview._serve.app import create_app
from infointerview._serve.settings import Settings

#: Longest a server may take to start or stop, in seconds.
STARTUP_SECONDS = 30.0


class Reply:
    """One HTTP answer: its status, headers and body (parsed when it is JSON)."""

    def __init__(self, status: int, headers: dict[str, str], raw: bytes) -> None:
        self.status = status
        self.headers = headers
        self.raw = raw
        media = headers.get("content-type", "")
        self.json: Any = json.loads(raw) if media.startswith("application/json") else None

    def __repr__(self) -> str:
        return f"<Reply {self.status} {self.raw[:200]!r}>"


class LiveServer:
    """Run the service with *settings* on a free loopback port while the ``with`` block lasts."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.app = create_app(settings or Settings())
        self.host = "127.0.0.1"
        self.port = 0
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> LiveServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((self.host, 0))
        self.port = sock.getsockname()[1]
        self._socket = sock
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            access_log=False,
            ws="none",
            lifespan="on",
            server_header=False,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._server is not None
        assert self._thread is not None
        self._server.should_exit = True
        self._thread.join(STARTUP_SECONDS)
        if self._socket is not None:
            self._socket.close()

    def connection(self) -> http.client.HTTPConnection:
        """Return a new keep-alive connection to the server."""
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        *,
        connection: http.client.HTTPConnection | None = None,
    ) -> Reply:
        """Send one request and read the whole answer."""
        own = connection is None
        conn = connection or self.connection()
        try:
            data = body.encode("utf-8") if isinstance(body, str) else body
            conn.request(method, path, body=data, headers=headers or {})
            answer = conn.getresponse()
            raw = answer.read()
            found = {name.lower(): value for name, value in answer.getheaders()}
            return Reply(answer.status, found, raw)
        finally:
            if own:
                conn.close()

    def post_json(self, path: str, payload: Any, headers: dict[str, str] | None = None) -> Reply:
        """POST *payload* as JSON."""
        sent = {"Content-Type": "application/json", **(headers or {})}
        return self.request("POST", path, json.dumps(payload), sent)

    def post_form(self, path: str, fields: dict[str, str], headers: dict[str, str] | None = None):
        """POST *fields* as an urlencoded form, as LanguageTool clients do."""
        sent = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, urllib.parse.urlencode(fields), sent)


class Schemas:
    """Validate request and response bodies against the service's own OpenAPI document."""

    def __init__(self, document: dict[str, Any]) -> None:
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry = Registry().with_resource("urn:infointerview:openapi", resource)
        self._validator = Draft202012Validator

    def validate(self, name: str, instance: Any) -> None:
        """Raise jsonschema's ValidationError unless *instance* fits schema *name*."""
        schema = {"$ref": f"urn:infointerview:openapi#/components/schemas/{name}"}
        self._validator(schema, registry=self._registry).validate(instance)
