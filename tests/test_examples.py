"""Tests that the runnable examples under examples/ work, so they cannot rot."""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import json
import pathlib
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import hypothesis
import nbclient
import nbformat
import pytest
from hypothesis import strategies as st

import infointerview as ii

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
            assert 400 == self._post(f"{url}/check", b"[" * 100_000 + b"]" * 100_000)[0]
            assert 400 == self._post(f"{url}/check", b'["a list, not an object"]')[0]
            with urllib.request.urlopen(f"{url}/", timeout=10) as page:
                assert b"<textarea" in page.read()
        finally:
            server.shutdown()
            server.server_close()
            thread.join()


def _run_example(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=ROOT,
        check=False,
    )


class TestQuickstart:
    def test_walks_from_contact_to_thank_you(self):
        """The quickstart prints each step: salutation, questions, letter, checks, plan, thanks."""
        result = _run_example("examples/quickstart.py")
        assert (0, "") == (result.returncode, result.stderr)
        headings = [line for line in result.stdout.splitlines() if line.startswith("== ")]
        assert [
            "== Contact ==",
            "== Questionnaire ==",
            "== Outreach ==",
            "== Check ==",
            "== Plan ==",
            "== Thank-you ==",
        ] == headings
        for expected in (
            "Dear Ms. Lindqvist",
            "9 questions, about 25 of 25 minutes (introduction included)",
            "  9. May I mention your name when I contact them? (1 min)",
            "Subject: A question about accounting",
            "outreach: 0 finding(s)",
            "draft: error no-job-ask 'keep me in mind for any openings at your'",
            "Thu 11 Mar 2027 14:25 CST  thank-you        Send Teresa Lindqvist a thank-you",
            "Wed 17 Mar 2027 14:25 CDT  referral         Ask Priya Raman",
            "I especially valued learning how much of a first-year auditor's week is spent",
        ):
            assert expected in result.stdout


class TestBatchCheck:
    def test_summarises_the_sample_csv_per_rule(self):
        """On the sample CSV the table counts each rule's messages and findings, and exits 1."""
        result = _run_example("examples/batch_check.py", "examples/messages.csv")
        assert 1 == result.returncode
        table = result.stdout.splitlines()
        assert "rule                       severity  messages  findings" == table[0]
        rows = {line.split()[0]: line.split()[1:] for line in table[2:] if line.strip()}
        assert ["error", "3", "3"] == rows["no-job-ask"]
        assert ["error", "2", "2"] == rows["no-personal-residence"]
        assert ["error", "1", "1"] == rows["not-over-email"]
        assert ["warning", "1", "1"] == rows["thank-you-thanks"]
        assert "20 message(s) checked, 10 with findings, 6 with errors" == table[-1]

    def test_the_how_to_shows_what_the_command_prints(self, tmp_path):
        """The how-to's console session shows exactly what infointerview batch prints."""
        page = (ROOT / "docs" / "how-to" / "batch-check.md").read_text(encoding="utf-8")
        command = "$ infointerview batch examples/messages.csv --out findings.jsonl\n"
        shown = page.split(command, 1)[1].split("```", 1)[0]
        out = tmp_path / "findings.jsonl"
        result = _run_example(
            "-m", "infointerview", "batch", "examples/messages.csv", "--out", str(out)
        )
        assert (1, shown) == (result.returncode, result.stdout)
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert 20 == len(lines)
        shown_line = page.split("$ head -n 7 findings.jsonl | tail -n 1\n", 1)[1].split("```")[0]
        assert json.loads(shown_line) == lines[6]

    def test_ignored_rules_and_details(self):
        """--ignore leaves a rule out of the table; --details lists each finding by row id."""
        result = _run_example(
            "examples/batch_check.py",
            "examples/messages.csv",
            "--ignore",
            "no-job-ask",
            "--details",
            "--no-progress",
        )
        assert ("", False) == (result.stderr, "no-job-ask" in result.stdout)
        assert "m07: error no-personal-residence: " in result.stdout

    def test_clean_messages_exit_zero(self):
        """A CSV read from standard input without problems exits 0."""
        csv_text = 'id,text,kind\nq1,"What does a typical week look like for you?",question\n'
        result = _run_example("examples/batch_check.py", "-", "--no-progress", stdin=csv_text)
        assert (0, "1 message(s) checked, 0 with findings, 0 with errors") == (
            result.returncode,
            result.stdout.splitlines()[-1],
        )

    @pytest.mark.parametrize(
        ("args", "stdin", "message"),
        [
            (["missing.csv"], None, "batch_check.py: error: missing.csv: cannot read: No such"),
            (["-"], "a,b\n1,2\n", "no text column 'text'; the columns are: a, b"),
            (["-"], "id,text,kind\nx,hi,letter\n", "<stdin>:2: row 'x': kind: must be one of"),
            (["-", "--ignore", "no-such-rule"], "text\nhi\n", "no-such-rule"),
            (["-"], "", "the columns are: (none: the file is empty)"),
            (["-"], "text,channel\nhi,fax\n", "<stdin>:2: channel: must be None or one of"),
        ],
    )
    def test_bad_input_is_one_clear_line(self, args, stdin, message):
        """A missing file or column, a bad row or rule id gives one error line, exit 2."""
        result = _run_example("examples/batch_check.py", *args, "--no-progress", stdin=stdin)
        assert (2, True, 1) == (
            result.returncode,
            message in result.stderr,
            len(result.stderr.splitlines()),
        ), result.stderr

    @hypothesis.settings(max_examples=30, deadline=None)
    @hypothesis.given(
        texts=st.lists(st.text(max_size=200), max_size=5),
        kind=st.sampled_from(["", "outreach", "thank_you", "follow_up", "question", "memo"]),
    )
    def test_arbitrary_text_never_crashes(self, texts, kind):
        """Any text in any row gives a table counting every row, checked or bad."""
        batch = _load("batch_check")
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["text", "kind"])
        writer.writerows([text, kind] for text in texts)
        out, err = io.StringIO(), io.StringIO()
        patch = pytest.MonkeyPatch()
        patch.setattr(sys, "stdin", io.StringIO(buffer.getvalue()))
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = batch.main(["-", "--no-progress", "--jobs", "1"])
        finally:
            patch.undo()
        last = out.getvalue().splitlines()[-1]
        if kind == "memo" and texts:
            assert (2, len(texts)) == (status, len(err.getvalue().splitlines()))
            assert last.endswith(f"; {len(texts)} bad row(s) not checked")
        else:
            assert (status in (0, 1), "") == (True, err.getvalue())
            assert last.startswith(f"{len(texts)} message(s) checked")

    def test_help(self):
        """--help describes the columns and exits 0."""
        result = _run_example("examples/batch_check.py", "--help")
        assert (0, True) == (result.returncode, "optionally id, kind, channel" in result.stdout)


class TestSparkCheck:
    def test_check_batches_is_check_frame_batch_by_batch(self):
        """The mapInPandas function yields check_frame's findings for each batch, in order."""
        pd = pytest.importorskip("pandas")
        spark = _load("spark_check")
        frame = pd.read_csv(ROOT / "examples" / "messages.csv", keep_default_na=False)
        batches = [frame.iloc[:7], frame.iloc[7:]]
        results = list(spark.check_batches(iter(batches)))
        want = ii.batch.check_frame(frame, channel="channel")
        assert want.equals(pd.concat(results, ignore_index=True))

    def test_schema_names_every_column(self):
        """The Spark schema lists check_frame's columns, in order."""
        spark = _load("spark_check")
        names = [part.split()[0] for part in spark.SCHEMA.split(", ")]
        assert list(ii.batch.COLUMNS) == names


class TestCustomPack:
    PACK = ROOT / "examples" / "northbay-careers"

    def test_lints_clean(self):
        """The pack's own template has no problem at all, and no letter has a warning or error."""
        problems = ii.lint_pack(self.PACK)
        assert [] == [p for p in problems if pathlib.Path(p.path).is_relative_to(self.PACK)]
        assert [] == [p for p in problems if p.severity is not ii.Severity.INFO]
        result = _run_example("-m", "infointerview", "lint-pack", str(self.PACK))
        assert (0, "0 problem(s), 0 error(s)") == (
            result.returncode,
            result.stdout.split(" in ")[0],
        )

    def test_renders_the_renamed_platform_and_sign_off(self):
        """A contact found elsewhere is written to on the renamed platform, signed its way."""
        renderer = ii.Renderer(self.PACK)
        contact = ii.Contact(
            name="Sam Ortiz",
            organization="Tidewater Studio",
            source="linkedin",
            shared_school=True,
        )
        letter = renderer.outreach(ii.samples.requester(), contact, channel="alumni-platform")
        assert "so I am writing to you here on Northbay Alumni Exchange." in letter.body
        assert "Warm regards,\nMaya Okafor" in letter.body

    def test_falls_through_to_the_builtin_pack(self):
        """Letters the pack does not override come from the built-in pack, with its sign-off."""
        builtin = ii.Renderer().thank_you(
            ii.samples.requester(), ii.samples.contact(), ii.samples.outcome()
        )
        ours = ii.Renderer(self.PACK).thank_you(
            ii.samples.requester(), ii.samples.contact(), ii.samples.outcome()
        )
        assert builtin.body.replace("Best regards", "Warm regards") == ours.body


NOTEBOOK = ROOT / "examples" / "notebook.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run the notebook once on a real IPython kernel of this interpreter."""
    # A kernel spec of our own, so a user-wide "python3" kernel cannot
    # run the notebook on another interpreter.
    spec_dir = tmp_path_factory.mktemp("jupyter")
    kernel = spec_dir / "kernels" / "infointerview-test"
    kernel.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec = {"argv": argv, "display_name": "infointerview test", "language": "python"}
    (kernel / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    patch = pytest.MonkeyPatch()
    patch.setenv("JUPYTER_PATH", str(spec_dir))
    patch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    try:
        notebook = nbformat.read(NOTEBOOK, as_version=4)
        client = nbclient.NotebookClient(
            notebook,
            timeout=120,
            kernel_name="infointerview-test",
            resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        )
        client.execute()
    finally:
        patch.undo()
    return notebook


class TestNotebook:
    @staticmethod
    def _outputs(notebook, kind: str) -> list[str]:
        found = []
        for cell in notebook.cells:
            for output in cell.get("outputs", []):
                if kind == "stream" and output.output_type == "stream":
                    found.append(output.text)
                elif kind in output.get("data", {}):
                    found.append(output.data[kind])
        return found

    def test_runs_without_errors(self, executed):
        """Every code cell runs on the kernel without an error output."""
        errors = [
            output
            for cell in executed.cells
            for output in cell.get("outputs", [])
            if output.output_type == "error"
        ]
        assert [] == errors

    def test_letter_displays_as_escaped_html(self, executed):
        """The letter cell's HTML shows the organization with its ampersand escaped."""
        letter_html = next(h for h in self._outputs(executed, "text/html") if "Subject" in h)
        assert "Harbor &amp; Vale LLP" in letter_html
        assert "Harbor & Vale" not in letter_html

    def test_questionnaire_displays_the_closing_asks(self, executed):
        """The questionnaire cell's Markdown ends with the two closing asks."""
        markdown = self._outputs(executed, "text/markdown")[0]
        assert "## Closing asks" in markdown
        assert markdown.rstrip().endswith(
            "9. May I mention your name when I contact them? (1 min)"
        )

    def test_prints_findings_plan_and_thanks(self, executed):
        """The check, plan and thank-you cells print what a student needs to act on."""
        printed = "".join(self._outputs(executed, "stream"))
        assert "letter: 0 finding(s)" in printed
        assert "error    no-personal-residence      'meet at your house'" in printed
        assert "Thu 11 Mar 14:25 CST  thank-you" in printed
        assert "Subject: Thank you for our conversation" in printed

    def test_stored_outputs_match_a_fresh_run(self, executed):
        """The outputs saved in the notebook file are the ones a fresh run produces."""
        stored = nbformat.read(NOTEBOOK, as_version=4)
        for kind in ("stream", "text/html", "text/markdown", "text/plain"):
            assert self._outputs(stored, kind) == self._outputs(executed, kind)
