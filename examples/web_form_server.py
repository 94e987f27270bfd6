"""Serve the etiquette checks to a web form, with nothing but the standard library.

Run it, open http://127.0.0.1:8000/ and type a message: the page posts the
draft to ``/check`` as the user types and lists the findings. Any client can
do the same::

    curl -s localhost:8000/check -d '{"text": "Are you hiring?", "kind": "question"}'

The checker is built once at start-up and shared by every request thread (it
holds no mutable state). Request bodies over 256 KiB are refused with 413.
"""

from __future__ import annotations

import argparse
import json
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import infointerview as ii

#: Largest request body accepted, in bytes.
MAX_BODY = 256 * 1024

PAGE = """<!doctype html>
<meta charset="utf-8">
<title>Check a message</title>
<style>mark.error{background:#fcc}mark.warning{background:#fe9}mark.info{background:#def}</style>
<h1>Check a message</h1>
<select id="kind"><option>outreach<option>thank_you<option>follow_up<option>question</select>
<p><textarea id="text" rows="10" cols="70"></textarea>
<div id="preview" style="white-space:pre-wrap"></div>
<ul id="findings"></ul>
<script>
const esc = s => s.replace(/[&<>"]/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));
async function run() {
  const text = document.getElementById("text").value;
  const kind = document.getElementById("kind").value;
  const reply = await fetch("/check", {method: "POST", body: JSON.stringify({text, kind})});
  const {findings} = await reply.json();
  // JavaScript strings count UTF-16 code units: slice with the utf16 span.
  let html = "", at = 0;
  const spans = findings.filter(f => f.utf16_end > f.utf16_start);
  for (const f of spans.sort((a, b) => a.utf16_start - b.utf16_start)) {
    if (f.utf16_start < at) continue;
    const phrase = esc(text.slice(f.utf16_start, f.utf16_end));
    html += esc(text.slice(at, f.utf16_start)) +
      `<mark class="${f.severity}" title="${esc(f.message)}">${phrase}</mark>`;
    at = f.utf16_end;
  }
  document.getElementById("preview").innerHTML = html + esc(text.slice(at));
  document.getElementById("findings").innerHTML = findings.map(
    f => `<li>${f.severity} <b>${f.rule}</b>: ${esc(f.message)}</li>`).join("");
}
document.getElementById("text").addEventListener("input", run);
document.getElementById("kind").addEventListener("change", run);
</script>
"""


class CheckHandler(BaseHTTPRequestHandler):
    """Serve the form on ``GET /`` and findings on ``POST /check``."""

    checker: ii.Checker

    def do_GET(self) -> None:
        if self.path != "/":
            self._send(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        body = PAGE.encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        if self.path != "/check":
            self._send(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": f"at most {MAX_BODY} bytes"})
            return
        try:
            request = json.loads(self.rfile.read(length).decode("utf-8"))
            text, kind = request["text"], request.get("kind", "outreach")
            findings = self.checker.check(text, kind, channel=request.get("channel"))
        except RecursionError:  # a body such as [[[[…]]]] nested past the parser's depth
            self._send(HTTPStatus.BAD_REQUEST, {"error": "the JSON body is nested too deeply"})
            return
        except (ValueError, KeyError, TypeError, AttributeError, ii.InfoInterviewError) as error:
            self._send(HTTPStatus.BAD_REQUEST, {"error": str(error)})
            return
        self._send(
            HTTPStatus.OK,
            {"version": ii.etiquette.SCHEMA_VERSION, "findings": [f.to_dict() for f in findings]},
        )

    def _send(self, status: HTTPStatus, payload: dict[str, Any]) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the console quiet; a real deployment logs through its own stack."""


def make_server(host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """Return a server bound to *host* and *port* (0 picks a free port)."""
    handler = type("Handler", (CheckHandler,), {"checker": ii.Checker()})
    return ThreadingHTTPServer((host, port), handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = make_server(args.host, args.port)
    print(f"serving on http://{args.host}:{server.server_address[1]}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
