"""Tests that the runnable examples under examples/ work, so they cannot rot."""

from __future__ import annotations

import importlib.util
import json
import pathlib
import threading
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestWebFormServer:
    def _post(self, url: str, body: bytes) -> tuple[int, dict]:
        request = urllib.request.Request(url, data=body, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:
                return reply.status, json.loads(reply.read())
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read())

    def test_serves_findings_as_json(self):
        """The example server answers a posted draft with its findings, and refuses bad input."""
        server = _load("web_form_server").make_server("127.0.0.1", 0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}"
            body = json.dumps({"text": "Could we meet at your house?", "kind": "question"})
            status, reply = self._post(f"{url}/check", body.encode())
            assert (200, [("no-personal-residence", 9, 27)]) == (
                status,
                [(f["rule"], f["start"], f["end"]) for f in reply["findings"]],
            )
            assert 400 == self._post(f"{url}/check", b"{not json")[0]
            assert 400 == self._post(f"{url}/check", b'{"text": 5}')[0]
            with urllib.request.urlopen(f"{url}/", timeout=10) as page:
                assert b"<textarea" in page.read()
        finally:
            server.shutdown()
            server.server_close()
            thread.join()
