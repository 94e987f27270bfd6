"""Tests for the LanguageTool-compatible /v2 API, with a real LanguageTool client.

``language_tool_python`` 3.x, pointed at the service with ``remote_server=``,
talks to it exactly as to a LanguageTool server: it fetches ``/v2/languages``
to resolve the language, posts the form to ``/v2/check`` and turns the UTF-16
offsets of the matches back into Python string indices.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import language_tool_python
import pytest

import infointerview as ii
from infointerview._serve.languagetool import Annotated, annotated
from infointerview._serve.settings import Settings
from tests.serving import LiveServer, Schemas

PHRASE = "keep me in mind for any openings on your"
ASK = f"Could you {PHRASE} team?"


@pytest.fixture(scope="module")
def server():
    with LiveServer(Settings()) as live:
        yield live


@pytest.fixture(scope="module")
def schemas(server):
    return Schemas(server.request("GET", "/openapi.json").json)


@pytest.fixture
def tool(server):
    client = language_tool_python.LanguageTool("en-US", remote_server=server.url)
    try:
        yield client
    finally:
        client.close()


def utf16_slice(text: str, offset: int, length: int) -> str:
    """Slice *text* as JavaScript does, in UTF-16 code units."""
    units = text.encode("utf-16-le")
    return units[2 * offset : 2 * (offset + length)].decode("utf-16-le")


class TestClient:
    @pytest.mark.parametrize(
        "text",
        [ASK, f"Hi 👋 {ASK}", f"🎓🎓 Dear Ms. Ngata 😊,\n\n{ASK} 🙏"],
        ids=["plain", "after-an-emoji", "between-emoji"],
    )
    def test_job_ask_match_covers_the_phrase(self, tool, text):
        """The client's job-ask match covers the phrase exactly, emoji or not."""
        (match,) = [m for m in tool.check(text) if m.rule_id == "no-job-ask"]
        assert (PHRASE, "ETIQUETTE", "non-conformance") == (
            text[match.offset : match.offset + match.error_length],
            match.category,
            match.rule_issue_type,
        )

    def test_match_carries_context_and_sentence(self, tool):
        """The match's context shows the phrase and its sentence is the one that asks."""
        text = f"I study nursing. {ASK} Thank you!"
        (match,) = [m for m in tool.check(text) if m.rule_id == "no-job-ask"]
        assert (PHRASE, ASK) == (match.matched_text, match.sentence)

    def test_disabled_rules(self, tool):
        """disabledRules switches a rule off, as in LanguageTool."""
        tool.disabled_rules = {"no-job-ask", "MORFOLOGIK_RULE_EN_US"}
        assert "no-job-ask" not in [m.rule_id for m in tool.check(ASK)]

    def test_enabled_only(self, tool):
        """enabledOnly with enabledRules runs those rules alone."""
        tool.enabled_rules = {"no-job-ask"}
        tool.enabled_rules_only = True
        assert ["no-job-ask"] == [m.rule_id for m in tool.check(f"Hi! {ASK} At your house?")]

    def test_clean_text(self, tool):
        """A clean question gets no match."""
        tool.enabled_rules = {"no-job-ask", "not-over-email", "no-personal-residence"}
        tool.enabled_rules_only = True
        assert [] == tool.check("Does your organization offer internships?")

    def test_correct_leaves_the_text(self, tool):
        """Our matches offer no replacements, so the client's correct() changes nothing."""
        assert ASK == tool.correct(ASK)


class TestWire:
    def test_response_shape(self, server, schemas):
        """The answer has LanguageTool's shape and offsets in UTF-16 units of the text sent."""
        text = f"Hi 👋 {ASK}"
        form = {"text": text, "language": "en-US", "enabledRules": "no-job-ask"}
        schemas.validate("LanguageToolForm", form)
        reply = server.post_form("/v2/check", form)
        schemas.validate("LanguageToolCheck", reply.json)
        (match,) = [m for m in reply.json["matches"] if m["rule"]["id"] == "no-job-ask"]
        assert (200, "en-US", PHRASE) == (
            reply.status,
            reply.json["language"]["code"],
            utf16_slice(text, match["offset"], match["length"]),
        )

    def test_annotated_data_counts_markup(self, server, schemas):
        """With data, offsets count the markup too, and interpretAs text is what is checked."""
        annotation = [
            {"markup": "<p>"},
            {"text": "Hi 👋"},
            {"markup": "<br>", "interpretAs": "\n"},
            {"text": "Could you "},
            {"markup": "<b>"},
            {"text": "keep me in mind"},
            {"markup": "</b>"},
            {"text": " for any openings on your team?"},
            {"markup": "</p>", "interpretAs": "\n\n"},
        ]
        sent = "".join(item.get("text", item.get("markup", "")) for item in annotation)
        form = {"data": json.dumps({"annotation": annotation}), "language": "en"}
        reply = server.post_form("/v2/check", {**form, "enabledRules": "no-job-ask"})
        schemas.validate("LanguageToolCheck", reply.json)
        (match,) = [m for m in reply.json["matches"] if m["rule"]["id"] == "no-job-ask"]
        assert "keep me in mind</b> for any openings on your" == utf16_slice(
            sent, match["offset"], match["length"]
        )

    def test_whole_text_finding_covers_the_text(self, server):
        """A finding about the whole message (no connection first) covers all of it."""
        text = "Could we talk for 20 minutes about audit? 🙂"
        reply = server.post_form("/v2/check", {"text": text, "language": "auto"})
        (match,) = [
            m for m in reply.json["matches"] if m["rule"]["id"] == "outreach-connection-first"
        ]
        assert (0, len(text.encode("utf-16-le")) // 2) == (match["offset"], match["length"])

    def test_kind_field(self, server):
        """Our kind field checks a thank-you as a thank-you."""
        reply = server.post_form(
            "/v2/check", {"text": "Hi, great chat!", "language": "en-GB", "kind": "thank_you"}
        )
        assert "thank-you-thanks" in [m["rule"]["id"] for m in reply.json["matches"]]

    def test_languages(self, server, schemas):
        """/v2/languages lists the English variants the client can ask for."""
        reply = server.request("GET", "/v2/languages")
        schemas.validate("LanguageToolLanguages", reply.json)
        assert {"en", "en-US", "en-GB"} <= {language["longCode"] for language in reply.json}

    @pytest.mark.parametrize(
        ("form", "field"),
        [
            ({"text": "Hello"}, "language"),
            ({"text": "Hallo", "language": "de-DE"}, "language"),
            ({"language": "en-US"}, "text"),
            ({"data": "[1]", "language": "en-US"}, "data"),
            ({"data": '{"annotation": [{"text": 1}]}', "language": "en"}, "data.annotation[0]"),
            ({"text": "Hi", "language": "en", "kind": "memo"}, "kind"),
        ],
    )
    def test_422_names_the_field(self, server, schemas, form, field):
        """A missing or wrong field is a 422 JSON error naming it."""
        reply = server.post_form("/v2/check", form)
        schemas.validate("Error", reply.json)
        assert (422, field) == (reply.status, reply.json["field"])

    def test_multipart_is_refused(self, server):
        """A multipart body is a 415 saying to send a urlencoded form."""
        reply = server.request(
            "POST", "/v2/check", b"--x--", {"Content-Type": "multipart/form-data; boundary=x"}
        )
        assert (415, True) == (reply.status, "x-www-form-urlencoded" in reply.json["error"])

    def test_same_findings_as_in_process(self, server):
        """Each match is one finding of ii.check, at the finding's UTF-16 span."""
        text = "Hi Sam 🙂! Are you hiring? Could we meet at your place? Reply by email instead."
        reply = server.post_form("/v2/check", {"text": text, "language": "en-US"})
        expected = [(f.rule, f.utf16_start, f.utf16_end - f.utf16_start) for f in ii.check(text)]
        got = [(m["rule"]["id"], m["offset"], m["length"]) for m in reply.json["matches"]]
        whole = len(text.encode("utf-16-le")) // 2
        assert [(r, o, whole if (o, n) == (0, 0) else n) for r, o, n in expected] == got


class TestAnnotated:
    def test_plain_text_maps_to_utf16(self):
        """Plain text maps code points to UTF-16 units."""
        source = annotated("a🙂b", None)
        assert (0, 1, 3, 4) == tuple(source.to_original(i) for i in range(4))

    def test_markup_is_skipped_and_interpreted(self):
        """Markup adds to the offsets; its interpretAs maps to the markup as a whole."""
        data = {
            "annotation": [{"text": "ab"}, {"markup": "<br/>", "interpretAs": "\n"}, {"text": "c"}]
        }
        source = annotated(None, json.dumps(data))
        assert ("ab\nc", 2, 2, 7, 7, 8) == (
            source.text,
            source.to_original(2),
            source.to_original(2, end=True),
            source.to_original(3, end=True),
            source.to_original(3),
            source.to_original(4, end=True),
        )

    def test_empty(self):
        """Empty annotated text checks the empty string."""
        source = annotated(None, '{"annotation": []}')
        assert (Annotated("", 0, (), ()), 0) == (source, source.to_original(0))


class TestExample:
    def test_client_example_prints_the_job_ask(self, server):
        """examples/languagetool_client.py, pointed at the service, prints the job ask's phrase."""
        root = pathlib.Path(__file__).resolve().parents[1]
        result = subprocess.run(
            [sys.executable, "examples/languagetool_client.py", server.url],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            cwd=root,
            check=False,
        )
        draft = "Hi Ms. Ngata 👋 I loved your talk. Could you keep me in mind for any openings?"
        (finding,) = [f for f in ii.check(draft) if f.rule == "no-job-ask"]
        expected = f"no-job-ask (non-conformance): {draft[finding.start : finding.end]!r}"
        assert (0, True) == (result.returncode, expected in result.stdout.splitlines())
