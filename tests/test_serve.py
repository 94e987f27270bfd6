"""Tests for ``infointerview serve``: the native /v1 API, its limits, keys, CORS and OpenAPI.

Every request goes over real HTTP to a server on 127.0.0.1 (see
``tests/serving.py``), and every body is validated against the service's own
``/openapi.json``.
"""

from __future__ import annotations

import ast
import concurrent.futures
import http.client
import json
import pathlib
import socket
import subprocess
import sys
import threading
import time
import tomllib

import hypothesis
import jsonschema
import pytest
from hypothesis import strategies as st

import infointerview as ii
from infointerview._cli.main import main
from infointerview._serve.command import listen
from infointerview._serve.limits import Keys
from infointerview._serve.native import MAX_BATCH
from infointerview._serve.settings import ENVIRONMENT_VARIABLE, Settings
from tests.serving import LiveServer, Schemas

ROOT = pathlib.Path(__file__).resolve().parents[1]
EMOJI_ASK = "Hi 👋 Could you keep me in mind for any openings on your team?"
PHRASE = "keep me in mind for any openings on your"


def corpus(count: int) -> list[dict]:
    """The first *count* labelled messages of corpus a, as varied real inputs."""
    data = tomllib.loads((ROOT / "tests" / "corpus" / "a.toml").read_text(encoding="utf-8"))
    return data["message"][:count]


@pytest.fixture(scope="module")
def server():
    with LiveServer(Settings(page=True)) as live:
        yield live


@pytest.fixture(scope="module")
def schemas(server):
    return Schemas(server.request("GET", "/openapi.json").json)


class TestHealth:
    def test_reports_versions(self, server, schemas):
        """/healthz names the package version, the findings schema and the rule set."""
        reply = server.request("GET", "/healthz")
        schemas.validate("Health", reply.json)
        assert (200, "ok", ii.__version__, len(ii.etiquette.rules()), []) == (
            reply.status,
            reply.json["status"],
            reply.json["version"],
            reply.json["rules"]["count"],
            reply.json["models"],
        )

    def test_needs_no_key(self, tmp_path):
        """A load balancer's health check needs no API key."""
        keys = tmp_path / "keys"
        keys.write_text("k1\n", encoding="utf-8")
        with LiveServer(Settings(api_key_file=str(keys))) as live:
            assert 200 == live.request("GET", "/healthz").status


class TestCheck:
    def test_job_ask_after_an_emoji(self, server, schemas):
        """The span is given in code points and in UTF-16 units, one apart after the emoji."""
        request = {"text": EMOJI_ASK, "kind": "question"}
        schemas.validate("CheckRequest", request)
        reply = server.post_json("/v1/check", request)
        schemas.validate("Findings", reply.json)
        (found,) = [f for f in reply.json["findings"] if f["rule"] == "no-job-ask"]
        start = EMOJI_ASK.index(PHRASE)
        assert (200, PHRASE, start + 1, start + 1 + len(PHRASE)) == (
            reply.status,
            EMOJI_ASK[found["start"] : found["end"]],
            found["utf16_start"],
            found["utf16_end"],
        )

    def test_same_as_in_process(self, server):
        """Over HTTP each message gets exactly the findings ii.check gives in-process."""
        for message in corpus(25):
            reply = server.post_json(
                "/v1/check", {"text": message["text"], "kind": message["kind"]}
            )
            expected = [f.to_dict() for f in ii.check(message["text"], message["kind"])]
            assert expected == reply.json["findings"], message["id"]

    def test_channel_limit(self, server):
        """The channel sets the length limit, as in-process."""
        text = "Hello! " * 60
        reply = server.post_json("/v1/check", {"text": text, "channel": "linkedin-note"})
        assert "channel-limit" in [f["rule"] for f in reply.json["findings"]]

    def test_config_selects_ignores_and_overrides(self, server, schemas):
        """config picks the rules and their severities, as ii.Config does."""
        config = {"select": ["no-job-ask", "time-ask"], "severities": {"time-ask": "error"}}
        request = {"text": "Are you hiring? Could we talk?", "config": config}
        schemas.validate("CheckRequest", request)
        reply = server.post_json("/v1/check", request)
        expected = ii.check(
            request["text"],
            config=ii.Config(select=config["select"], severities=config["severities"]),
        )
        assert [f.to_dict() for f in expected] == reply.json["findings"]
        ignored = server.post_json(
            "/v1/check", {"text": "Are you hiring?", "config": {"ignore": ["no-job-ask"]}}
        )
        assert "no-job-ask" not in [f["rule"] for f in ignored.json["findings"]]

    def test_unknown_rule_in_config(self, server, schemas):
        """An unknown rule id in config is a 422 naming the field and listing the rule ids."""
        reply = server.post_json("/v1/check", {"text": "x", "config": {"select": ["no-such"]}})
        schemas.validate("Error", reply.json)
        assert (422, "config.select") == (reply.status, reply.json["field"])
        assert [rule.id for rule in ii.etiquette.rules()] == reply.json["valid"]


class TestCheckBatch:
    def test_results_in_order_with_ids(self, server, schemas):
        """Each message gets its findings, in order, with its id when it had one."""
        messages = [{"id": m["id"], "text": m["text"], "kind": m["kind"]} for m in corpus(12)] + [
            {"text": EMOJI_ASK}
        ]
        request = {"messages": messages, "kind": "question"}
        schemas.validate("BatchRequest", request)
        reply = server.post_json("/v1/check-batch", request)
        schemas.validate("BatchResults", reply.json)
        expected = [
            [f.to_dict() for f in ii.check(m["text"], m.get("kind", "question"))] for m in messages
        ]
        assert expected == [result["findings"] for result in reply.json["results"]]
        assert [m.get("id") for m in messages] == [r.get("id") for r in reply.json["results"]]

    def test_at_most_max_batch(self, server):
        """More than MAX_BATCH messages is a 422 naming messages."""
        messages = [{"text": "Hello"}] * (MAX_BATCH + 1)
        reply = server.post_json("/v1/check-batch", {"messages": messages})
        assert (422, "messages") == (reply.status, reply.json["field"])

    def test_names_the_message_at_fault(self, server):
        """A wrong field inside a message is named with the message's index."""
        messages = [{"text": "Hello"}, {"text": "Hi", "kind": "letter"}]
        reply = server.post_json("/v1/check-batch", {"messages": messages})
        assert (422, "messages[1].kind", list(ii.MessageKind)) == (
            reply.status,
            reply.json["field"],
            reply.json["valid"],
        )


class TestRender:
    def request(self, **more):
        return {
            "kind": "outreach",
            "requester": ii.samples.requester().to_dict(),
            "contact": ii.samples.contact().to_dict(),
            **more,
        }

    def test_outreach_as_in_process(self, server, schemas):
        """The letter is the one Renderer().outreach writes from the same models."""
        request = self.request(channel="email")
        schemas.validate("RenderRequest", request)
        reply = server.post_json("/v1/render", request)
        schemas.validate("Letter", reply.json)
        letter = ii.Renderer().outreach(
            ii.samples.requester(), ii.samples.contact(), channel="email"
        )
        assert (200, letter.text, letter.subject, letter.markdown) == (
            reply.status,
            reply.json["text"],
            reply.json["subject"],
            reply.json["markdown"],
        )

    def test_thank_you(self, server, schemas):
        """A thank-you takes the outcome and the meeting."""
        request = self.request(
            kind="thank_you",
            outcome=ii.samples.outcome().to_dict(),
            meeting=ii.samples.meeting().to_dict(),
        )
        reply = server.post_json("/v1/render", request)
        schemas.validate("Letter", reply.json)
        letter = ii.Renderer().thank_you(
            ii.samples.requester(),
            ii.samples.contact(),
            ii.samples.outcome(),
            meeting=ii.samples.meeting(),
        )
        assert letter.text == reply.json["text"]

    def test_thank_you_needs_an_outcome(self, server):
        """Without an outcome, a thank-you is a 422 naming outcome."""
        reply = server.post_json("/v1/render", self.request(kind="thank_you"))
        assert (422, "outcome") == (reply.status, reply.json["field"])

    def test_unknown_style_lists_the_styles(self, server):
        """An unknown style is a 422 listing the styles the packs offer."""
        reply = server.post_json("/v1/render", self.request(style="haiku"))
        assert (422, "style", ["five-point", "standard"]) == (
            reply.status,
            reply.json["field"],
            reply.json["valid"],
        )

    def test_model_field_named_under_its_key(self, server):
        """A bad model field is named under the request key it came in."""
        contact = {**ii.samples.contact().to_dict(), "name": 5}
        reply = server.post_json("/v1/render", self.request(contact=contact))
        assert (422, "contact.name") == (reply.status, reply.json["field"])


class TestQuestions:
    def test_filters_as_the_builder(self, server, schemas):
        """The query parameters are the builder's filters; the answer is its questionnaire."""
        path = "/v1/questions?category=skills&category=culture&minutes=20&field=law&role=clerk"
        reply = server.request("GET", path)
        schemas.validate("Questionnaire", reply.json)
        builder = ii.QuestionnaireBuilder(categories=["skills", "culture"], minutes=20)
        assert builder.build(field="law", role="clerk").to_dict() == reply.json

    def test_unknown_category(self, server):
        """An unknown category is a 422 listing the categories."""
        reply = server.request("GET", "/v1/questions?category=astrology")
        assert (422, "category", [c.value for c in ii.QuestionCategory]) == (
            reply.status,
            reply.json["field"],
            reply.json["valid"],
        )

    def test_budget_too_small(self, server):
        """A budget that cannot hold the closing asks is a 422 naming minutes."""
        reply = server.request("GET", "/v1/questions?minutes=2")
        assert (422, "minutes") == (reply.status, reply.json["field"])

    @pytest.mark.parametrize("query", ["minutes=ten", "minutes=1&minutes=2", "bogus=1"])
    def test_bad_parameters(self, server, query):
        """A non-number, a repeated single parameter or an unknown one is a 422."""
        assert 422 == server.request("GET", f"/v1/questions?{query}").status


class TestRules:
    def test_lists_every_rule(self, server, schemas):
        """/v1/rules lists the rules ii.etiquette.rules() gives, in order."""
        reply = server.request("GET", "/v1/rules")
        schemas.validate("Rules", reply.json)
        assert [r.id for r in ii.etiquette.rules()] == [r["id"] for r in reply.json["rules"]]


class TestBadBodies:
    @pytest.mark.parametrize(
        "body",
        [b"{not json", b"\xff\xfe{}", b'{"text": NaN}', b"[" * 50_000 + b"]" * 50_000],
        ids=["malformed", "not-utf8", "nan", "deep"],
    )
    def test_400(self, server, schemas, body):
        """A body that is not UTF-8 JSON is a 400 with an error member."""
        reply = server.request("POST", "/v1/check", body, {"Content-Type": "application/json"})
        schemas.validate("Error", reply.json)
        assert 400 == reply.status

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ([], "body"),
            ({}, "text"),
            ({"text": 5}, "text"),
            ({"text": "x", "knd": "question"}, "knd"),
            ({"text": "x", "channel": "fax"}, "channel"),
            ({"text": "x", "config": {"preset": "ten-point"}}, "config.preset"),
            ({"text": "x", "config": {"max_chars": 5}}, "config.max_chars"),
        ],
    )
    def test_422_names_the_field(self, server, schemas, payload, field):
        """A wrong field is a 422 naming it."""
        reply = server.post_json("/v1/check", payload)
        schemas.validate("Error", reply.json)
        assert (422, field) == (reply.status, reply.json["field"])

    def test_unknown_field_lists_the_valid_ones(self, server):
        """An unknown field's 422 lists the fields there are."""
        reply = server.post_json("/v1/check", {"text": "x", "knd": "question"})
        assert ["text", "kind", "channel", "config"] == reply.json["valid"]

    def test_wrong_media_type(self, server):
        """A form posted to the JSON API is a 415 saying what to send."""
        reply = server.request(
            "POST", "/v1/check", "text=hi", {"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert (415, True) == (reply.status, "application/json" in reply.json["error"])

    @pytest.mark.parametrize(
        ("method", "path", "status"), [("GET", "/nope", 404), ("GET", "/v1/check", 405)]
    )
    def test_routing_errors_are_json(self, server, schemas, method, path, status):
        """An unknown path or method is answered in JSON too."""
        reply = server.request(method, path)
        schemas.validate("Error", reply.json)
        assert status == reply.status

    @hypothesis.settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
    )
    @hypothesis.given(
        path=st.sampled_from(["/v1/check", "/v1/check-batch", "/v1/render"]),
        payload=st.recursive(
            st.none()
            | st.booleans()
            | st.integers()
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.text(),
            lambda inner: st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    ["text", "kind", "channel", "config", "messages", "requester", "contact",
                     "select", "severities", "outcome", "style", "x"]
                ) | st.text(max_size=5),
                inner,
                max_size=5,
            ),
            max_leaves=12,
        ),
    )  # fmt: skip
    def test_never_a_500(self, server, path, payload):
        """Whatever JSON arrives, the answer is 200 or a 4xx with an error member."""
        reply = server.post_json(path, payload)
        assert reply.status in {200, 413, 422}, reply
        assert reply.status == 200 or isinstance(reply.json.get("error"), str)


class TestBodyLimit:
    def test_declared_length_refused_before_the_body(self, server, schemas):
        """A Content-Length over the cap is answered 413 before a byte of the body is sent."""
        conn = server.connection()
        try:
            conn.putrequest("POST", "/v1/check")
            conn.putheader("Content-Type", "application/json")
            conn.putheader("Content-Length", str(1024**3))
            conn.endheaders()
            answer = conn.getresponse()
            reply = json.loads(answer.read())
        finally:
            conn.close()
        schemas.validate("Error", reply)
        assert 413 == answer.status

    def test_chunked_body_stopped_at_the_cap(self):
        """A body sent in chunks is refused 413 once it passes the cap."""
        with LiveServer(Settings(max_body=1024)) as live:
            conn = live.connection()
            try:
                chunks = (b'{"text": "' + b"a" * 4000 + b'"}' for _ in range(1))
                conn.request(
                    "POST",
                    "/v1/check",
                    body=chunks,
                    headers={"Content-Type": "application/json"},
                    encode_chunked=True,
                )
                answer = conn.getresponse()
                status, reply = answer.status, json.loads(answer.read())
            finally:
                conn.close()
        assert (413, True) == (status, "1024 bytes" in reply["error"])

    def test_just_under_the_cap_is_checked(self):
        """A body at the cap is read and checked."""
        with LiveServer(Settings(max_body=1024)) as live:
            body = json.dumps({"text": "a" * (1024 - 12)})
            assert 1024 == len(body)
            assert 200 == live.post_json("/v1/check", json.loads(body)).status


class TestTimeLimit:
    def test_slow_request_is_503(self):
        """A request not answered within the limit gets 503 with an error member."""
        with LiveServer(Settings(timeout=1e-6)) as live:
            reply = live.post_json("/v1/check", {"text": "Are you hiring? " * 2000})
        assert (503, True) == (reply.status, "limit" in reply.json["error"])


@pytest.fixture(scope="module")
def keyed(tmp_path_factory):
    keys = tmp_path_factory.mktemp("keys") / "keys.txt"
    keys.write_text("# platform keys\nalpha-key\n\n  beta-key  \n", encoding="utf-8")
    with LiveServer(Settings(api_key_file=str(keys))) as live:
        yield live


class TestKeys:
    def test_401_without_a_key(self, keyed, schemas):
        """Without a key the API answers 401 in JSON, with WWW-Authenticate: Bearer."""
        reply = keyed.post_json("/v1/check", {"text": "Hello"})
        schemas.validate("Error", reply.json)
        assert (401, "Bearer") == (reply.status, reply.headers["www-authenticate"])

    @pytest.mark.parametrize(
        ("key", "status"), [("alpha-key", 200), ("beta-key", 200), ("gamma", 401)]
    )
    def test_bearer(self, keyed, key, status):
        """Each key of the file opens the API; any other is refused."""
        reply = keyed.post_json("/v1/check", {"text": "Hello"}, {"Authorization": f"Bearer {key}"})
        assert status == reply.status

    def test_languagetool_api_key_field(self, keyed):
        """LanguageTool's apiKey form field is accepted in place of the header."""
        form = {"text": "Are you hiring?", "language": "en-US"}
        assert (401, 200) == (
            keyed.post_form("/v2/check", form).status,
            keyed.post_form("/v2/check", {**form, "apiKey": "beta-key"}).status,
        )

    @pytest.mark.parametrize("path", ["/v1/rules", "/v1/questions"])
    def test_every_api_path(self, keyed, path):
        """The GET endpoints of the API want the key too."""
        assert 401 == keyed.request("GET", path).status

    @pytest.mark.parametrize("path", ["/healthz", "/openapi.json", "/v2/languages"])
    def test_open_paths(self, keyed, path):
        """Health, the OpenAPI document and LanguageTool's language list stay open."""
        assert 200 == keyed.request("GET", path).status

    @pytest.mark.parametrize("content", [None, "# only a comment\n\n"])
    def test_key_file_must_hold_a_key(self, tmp_path, content):
        """A missing key file, or one without a key, is refused at start-up."""
        path = tmp_path / "keys"
        if content is not None:
            path.write_text(content, encoding="utf-8")
        with pytest.raises(ii.ValidationError, match="--api-key-file"):
            Keys.load(str(path))


ORIGIN = "https://portal.example.edu"


@pytest.fixture(scope="module")
def cors():
    with LiveServer(Settings(cors_origins=[ORIGIN])) as live:
        yield live


class TestCors:
    ORIGIN = ORIGIN

    def preflight(self, live, origin):
        return live.request(
            "OPTIONS",
            "/v1/check",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )

    def test_allowed_origin(self, cors):
        """A listed origin passes the preflight and sees its answers."""
        preflight = self.preflight(cors, self.ORIGIN)
        reply = cors.post_json("/v1/check", {"text": "Hello"}, {"Origin": self.ORIGIN})
        assert (200, self.ORIGIN) == (
            preflight.status,
            reply.headers["access-control-allow-origin"],
        )

    def test_other_origin_refused_in_json(self, cors, schemas):
        """An unlisted origin's preflight is refused with a JSON error."""
        reply = self.preflight(cors, "https://elsewhere.example.com")
        schemas.validate("Error", reply.json)
        assert 400 == reply.status

    def test_off_by_default(self, server):
        """Without --cors-origin, no answer allows another origin."""
        reply = server.post_json("/v1/check", {"text": "Hello"}, {"Origin": self.ORIGIN})
        assert "access-control-allow-origin" not in reply.headers

    def test_origins_are_checked(self):
        """An origin that is not a URL is refused in the settings."""
        with pytest.raises(ii.ValidationError, match="cors_origins"):
            Settings(cors_origins=["portal.example.edu"])


class TestConcurrency:
    def test_400_requests_from_8_threads(self, server):
        """400 requests from 8 threads, on keep-alive connections, all get the right findings."""
        messages = corpus(40)
        expected = {
            m["id"]: [f.to_dict() for f in ii.check(m["text"], m["kind"])] for m in messages
        }
        local = threading.local()
        opened: list[http.client.HTTPConnection] = []

        def send(index: int) -> tuple[str, int, list]:
            if not hasattr(local, "conn"):
                local.conn = server.connection()
                opened.append(local.conn)
            message = messages[index % len(messages)]
            body = json.dumps({"text": message["text"], "kind": message["kind"]})
            reply = server.request(
                "POST",
                "/v1/check",
                body,
                {"Content-Type": "application/json"},
                connection=local.conn,
            )
            return message["id"], reply.status, reply.json["findings"]

        try:
            with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
                results = list(pool.map(send, range(400)))
        finally:
            for conn in opened:
                conn.close()
        assert [] == [(i, s) for i, s, found in results if s != 200 or found != expected[i]]
        assert 400 == len(results)


class TestPage:
    def test_served_with_a_strict_policy(self, server):
        """With --page, / serves the page under a policy that allows its own code only."""
        reply = server.request("GET", "/")
        policy = reply.headers["content-security-policy"]
        assert (200, True, True) == (
            reply.status,
            b"<textarea" in reply.raw,
            "default-src 'none'" in policy and "script-src 'sha256-" in policy,
        )

    def test_absent_by_default(self):
        """Without --page, / is a JSON 404."""
        with LiveServer() as live:
            assert 404 == live.request("GET", "/").status


class TestOpenAPI:
    def test_documents_every_route(self, server, schemas):
        """Every route the application serves has a path in the document, and no more."""
        served = {route.path for route in server.app.routes}
        assert served == set(schemas.document["paths"])

    def test_every_schema_is_valid(self, schemas):
        """Each component schema is a valid JSON Schema (2020-12, as OpenAPI 3.1 uses)."""
        for schema in schemas.document["components"]["schemas"].values():
            jsonschema.Draft202012Validator.check_schema(schema)

    def test_states_the_limits(self, server, schemas):
        """The document's version and limits are the running service's."""
        info = schemas.document["info"]
        assert (ii.__version__, True, True) == (
            info["version"],
            "262144 bytes" in info["description"],
            f"at most {MAX_BATCH} messages" in info["description"],
        )

    def test_refuses_what_the_service_refuses(self, schemas):
        """A request the service refuses with 422 fails the document's schema too."""
        with pytest.raises(jsonschema.ValidationError):
            schemas.validate("CheckRequest", {"text": "x", "knd": "question"})


class TestImports:
    def test_import_and_parser_load_no_server_stack(self):
        """Importing the package and building the CLI parser load no Starlette, uvicorn, AnyIO."""
        code = (
            "import sys, infointerview, infointerview._cli.main as cli; cli.build_parser(); "
            "print(sorted(m for m in ('starlette', 'uvicorn', 'anyio') if m in sys.modules))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "[]" == out.stdout.strip()

    def test_serve_uses_only_the_public_api(self):
        """The service imports infointerview and its own package, nothing private beside them."""
        private = []
        for path in sorted((ROOT / "src" / "infointerview" / "_serve").glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                for name in names:
                    parts = name.split(".")
                    inside = parts[0] == "infointerview" and len(parts) > 1
                    if inside and parts[1].startswith("_") and parts[1] != "_serve":
                        private.append((path.name, name))
        assert [] == private


class TestSettings:
    def test_round_trip_through_the_environment(self):
        """Settings reach worker processes unchanged through one environment variable."""
        settings = Settings(max_body=1000, timeout=2.5, cors_origins=["*"], page=True)
        environment = settings.to_environment()
        assert (settings, [ENVIRONMENT_VARIABLE]) == (
            Settings.from_environment(environment),
            list(environment),
        )

    @pytest.mark.parametrize("field", [{"max_body": 0}, {"timeout": -1}, {"max_body": True}])
    def test_limits_must_be_positive(self, field):
        """A limit of zero, below or not a number is refused."""
        with pytest.raises(ii.ValidationError):
            Settings(**field)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TestCommand:
    def test_usage_errors(self, capsys):
        """A port out of range or zero workers is a usage error."""
        for argv in (["serve", "--port", "70000"], ["serve", "--workers", "0"]):
            with pytest.raises(SystemExit) as info:
                main(argv)
            assert 2 == info.value.code

    def test_without_the_extra(self, monkeypatch, capsys):
        """Without the server extra, serve says which extra to install and exits 2."""
        monkeypatch.setitem(sys.modules, "uvicorn", None)
        assert 2 == main(["serve"])
        assert "pip install 'infointerview[server]'" in capsys.readouterr().err

    def test_bad_key_file_stops_it(self, tmp_path, capsys):
        """An unreadable key file stops the command with one line, before it listens."""
        assert 2 == main(["serve", "--api-key-file", str(tmp_path / "missing")])
        assert "--api-key-file" in capsys.readouterr().err

    def test_workers_share_the_settings(self, tmp_path):
        """With --workers 2, each worker answers with the same key file and limits."""
        keys = tmp_path / "keys"
        keys.write_text("w-key\n", encoding="utf-8")
        port = _free_port()
        command = [
            sys.executable, "-m", "infointerview", "serve", "--port", str(port), "--workers", "2",
            "--api-key-file", str(keys), "--max-body", "2000", "--log-level", "warning",
        ]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 60
            while True:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                try:
                    conn.request("GET", "/healthz")
                    if conn.getresponse().status == 200:
                        break
                except OSError:
                    pass
                finally:
                    conn.close()
                assert time.monotonic() < deadline, "serve --workers 2 did not start"
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                time.sleep(0.2)

            def post(body: bytes, key: str | None) -> int:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                headers = {"Content-Type": "application/json"}
                if key:
                    headers["Authorization"] = f"Bearer {key}"
                try:
                    conn.request("POST", "/v1/check", body=body, headers=headers)
                    return conn.getresponse().status
                finally:
                    conn.close()

            small = json.dumps({"text": "Are you hiring?"}).encode()
            large = json.dumps({"text": "a" * 3000}).encode()
            statuses = [post(small, "w-key") for _ in range(6)]
            assert ([200] * 6, 401, 413) == (statuses, post(small, None), post(large, "w-key"))
        finally:
            process.terminate()
            process.wait(timeout=30)
            if process.stderr:
                process.stderr.close()


class TestReferencePage:
    def markdown(self) -> str:
        extensions = str(ROOT / "docs" / "_ext")
        sys.path.insert(0, extensions)
        try:
            import openapi_reference

            return "\n".join(openapi_reference.openapi_markdown())
        finally:
            sys.path.remove(extensions)

    def test_every_endpoint_and_schema_has_a_section(self):
        """The generated HTTP API page has a section per endpoint and schema of the document."""
        with LiveServer(Settings(page=True)) as live:
            doc = live.request("GET", "/openapi.json").json
        page = self.markdown()
        wanted = [
            f"### `{method.upper()} {path}`"
            for path, item in doc["paths"].items()
            for method in item
        ]
        wanted += [f"### `{name}`" for name in doc["components"]["schemas"]]
        assert [] == [heading for heading in wanted if heading not in page]


class TestEchoes:
    def test_a_huge_unknown_field_is_not_echoed_whole(self, server, schemas):
        """A 100,000-character field name is named, cut short, in a 422."""
        reply = server.post_json("/v1/check", {"text": "x", "k" * 100_000: 1})
        schemas.validate("Error", reply.json)
        assert (422, True, True) == (
            reply.status,
            len(reply.json["field"]) <= 200,
            len(reply.json["error"]) <= 500,
        )

    def test_config_seen_once_builds_a_checker_once(self, server):
        """Requests with the same config share one checker, built on first use."""
        service = server.app.state.service
        config = {"select": ["no-job-ask", "not-over-email"]}
        before = service.checker_for.cache_info().misses
        for _ in range(3):
            assert 200 == server.post_json("/v1/check", {"text": "Hi", "config": config}).status
        assert 1 == service.checker_for.cache_info().misses - before


class TestListen:
    def test_connections_have_nagle_off(self):
        """Connections accepted on serve's socket have TCP_NODELAY, as Linux passes it on."""
        with (
            listen("127.0.0.1", 0) as sock,
            socket.create_connection(sock.getsockname()[:2], timeout=5),
        ):
            accepted, _address = sock.accept()
            with accepted:
                flags = (
                    sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY),
                    accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY),
                )
        assert (True, True) == (bool(flags[0]), bool(flags[1]))

    def test_port_in_use(self):
        """A port already taken is refused with a ValidationError naming --port."""
        with listen("127.0.0.1", 0) as taken:
            port = taken.getsockname()[1]
            with pytest.raises(ii.ValidationError, match="--port"):
                listen("127.0.0.1", port).close()
