"""Tests for ``infointerview batch`` and infointerview.batch.check_file."""

from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

import hypothesis
import pyarrow.parquet as pq
import pytest
from hypothesis import strategies as st

import infointerview as ii
from infointerview._batch import write
from infointerview._cli.main import main

from .batch_inputs import corpus, expected, read_jsonl
from .batch_inputs import write as write_rows

ROOT = pathlib.Path(__file__).resolve().parents[1]
ROWS = corpus()[:300]


def _findings_by_row(path: pathlib.Path) -> list[list[dict]]:
    return [line["findings"] for line in read_jsonl(path)]


def _parquet_rows(path: pathlib.Path) -> list[dict]:
    return pq.read_table(path).to_pylist()


def _expected_parquet(rows, config=None) -> list[dict]:
    found = []
    for number, (row, findings) in enumerate(zip(rows, expected(rows, config), strict=True)):
        for finding in findings:
            found.append(
                {
                    "id": row["id"],
                    "line": number + 1,  # in a JSONL file
                    **{k: v for k, v in finding.items() if k != "field"},
                }
            )
    return found


class TestFormats:
    @pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
    def test_each_input_gives_the_findings_of_check(self, tmp_path, capsys, suffix):
        """JSONL, CSV and Parquet in, JSONL out: one line per row, its findings those of check."""
        source = write_rows(tmp_path / f"in{suffix}", ROWS)
        out = tmp_path / "out.jsonl"
        status = main(["batch", str(source), "--out", str(out), "--jobs", "1"])
        lines = read_jsonl(out)
        assert expected(ROWS) == [line["findings"] for line in lines]
        assert [row["id"] for row in ROWS] == [line["id"] for line in lines]
        last = capsys.readouterr().out.splitlines()[-1]
        assert (1, "300 message(s) checked") == (status, last.split(",")[0])

    def test_line_numbers_of_each_format(self, tmp_path):
        """The line is the physical line in JSONL and CSV, the row number in Parquet."""
        rows = [{"id": "a", "kind": "", "channel": "", "text": "one\ntwo"}, *ROWS[:2]]
        starts = [2]
        for row in rows[:-1]:
            starts.append(starts[-1] + row["text"].count("\n") + 1)
        for suffix, lines in ((".jsonl", [1, 2, 3]), (".csv", starts), (".parquet", [1, 2, 3])):
            source = write_rows(tmp_path / f"in{suffix}", rows)
            ii.batch.check_file(source, tmp_path / "out.jsonl", jobs=1)
            assert lines == [line["line"] for line in read_jsonl(tmp_path / "out.jsonl")], suffix

    def test_parquet_out_is_one_row_per_finding(self, tmp_path, capsys):
        """Parquet out holds every finding of every row, in order, with id and line."""
        source = write_rows(tmp_path / "in.jsonl", ROWS)
        out = tmp_path / "out.parquet"
        assert 1 == main(["batch", str(source), "--out", str(out), "--jobs", "1"])
        assert _expected_parquet(ROWS) == _parquet_rows(out)
        schema = pq.read_schema(out)
        assert ("id", "line", *ii.batch.COLUMNS[1:]) == tuple(schema.names)
        assert ["string", "int64", "string"] == [str(t) for t in schema.types[:3]]

    def test_parquet_in_keeps_the_id_type(self, tmp_path):
        """A Parquet input's int64 ids stay int64 in the Parquet output."""
        rows = [{**row, "id": number} for number, row in enumerate(ROWS[:50])]
        source = write_rows(tmp_path / "in.parquet", rows)
        ii.batch.check_file(source, tmp_path / "out.parquet", jobs=1)
        table = pq.read_table(tmp_path / "out.parquet")
        assert "int64" == str(table.schema.field("id").type)
        assert {f["id"] for f in _parquet_rows(tmp_path / "out.parquet")} <= set(range(50))

    def test_a_parquet_output_without_findings_has_the_schema(self, tmp_path):
        """A clean input gives an empty Parquet file with the full schema."""
        rows = [{"id": "q", "kind": "question", "channel": "", "text": "What is a typical week?"}]
        source = write_rows(tmp_path / "in.jsonl", rows)
        summary = ii.batch.check_file(source, tmp_path / "out.parquet", jobs=1)
        table = pq.read_table(tmp_path / "out.parquet")
        assert (0, 12, 1) == (table.num_rows, len(table.schema), summary.messages)

    def test_two_processes_give_the_same_output_in_order(self, tmp_path):
        """With 2 worker processes and small chunks, the output is byte for byte that of 1."""
        rows = corpus()
        source = write_rows(tmp_path / "in.jsonl", rows)
        one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
        ii.batch.check_file(source, one, jobs=1)
        summary = ii.batch.check_file(source, two, jobs=2, chunk_size=37)
        assert one.read_bytes() == two.read_bytes()
        assert expected(rows) == _findings_by_row(two)
        assert len(rows) == summary.messages

    def test_columns_are_named_and_config_applies(self, tmp_path, capsys):
        """Other column names, --ignore and --select reach the checks."""
        rows = [
            {"msg": r["id"], "body": r["text"], "type": r["kind"], "via": r["channel"]}
            for r in ROWS[:80]
        ]
        source = write_rows(tmp_path / "in.csv", rows)
        out = tmp_path / "out.jsonl"
        args = ["batch", str(source), "--out", str(out), "--jobs", "1", "--text-column", "body"]
        args += ["--kind-column", "type", "--channel-column", "via", "--id-column", "msg"]
        main([*args, "--ignore", "outreach-about-reader,channel-limit"])
        config = ii.Config(ignore={"outreach-about-reader", "channel-limit"})
        assert expected(ROWS[:80], config) == _findings_by_row(out)
        assert ROWS[0]["id"] == read_jsonl(out)[0]["id"]
        main([*args, "--select", "no-job-ask"])
        assert expected(ROWS[:80], ii.Config(select={"no-job-ask"})) == _findings_by_row(out)

    def test_absent_default_columns_are_optional(self, tmp_path):
        """Without kind, channel and id columns, rows are outreach, channel-less and id-less."""
        source = tmp_path / "in.csv"
        source.write_text("text\nAre you hiring?\n", encoding="utf-8")
        ii.batch.check_file(source, tmp_path / "out.jsonl", jobs=1)
        [line] = read_jsonl(tmp_path / "out.jsonl")
        assert (None, expected([{"text": "Are you hiring?", "kind": "", "channel": ""}])[0]) == (
            line["id"],
            line["findings"],
        )

    def test_summary_table(self, tmp_path, capsys):
        """The command prints the per-rule table of the example CSV and exits 1."""
        out = tmp_path / "out.jsonl"
        status = main(["batch", str(ROOT / "examples" / "messages.csv"), "--out", str(out)])
        table = capsys.readouterr().out.splitlines()
        assert "rule                       severity  messages  findings" == table[0]
        rows = {line.split()[0]: line.split()[1:] for line in table[2:-2]}
        assert ["error", "3", "3"] == rows["no-job-ask"]
        assert (1, "20 message(s) checked, 10 with findings, 6 with errors") == (status, table[-1])

    def test_clean_input_exits_zero(self, tmp_path, capsys):
        """No error-level finding: exit status 0."""
        source = tmp_path / "in.jsonl"
        source.write_text('{"kind": "question", "text": "What is a typical week?"}\n')
        assert 0 == main(["batch", str(source), "--out", str(tmp_path / "o.jsonl")])


class TestBadRows:
    LINES = (
        '{"id": "a", "kind": "question", "text": "Could we meet at your house?"}',
        "{not json",
        "",
        '["a", "list"]',
        '{"id": "d", "kind": "memo", "text": "Hello"}',
        '{"id": "e"}',
        '{"id": 6, "text": 6}',
        '{"id": "g", "text": null}',
        '{"id": "h", "channel": "fax", "text": "Hello"}',
        '{"id": "i", "kind": "question", "text": "What is a typical week?"}',
    )

    def _source(self, tmp_path) -> pathlib.Path:
        source = tmp_path / "in.jsonl"
        source.write_text("\n".join(self.LINES) + "\n", encoding="utf-8")
        return source

    def test_reported_with_id_and_line_and_the_run_goes_on(self, tmp_path, capsys):
        """Each bad row is one stderr line with path, line and id; the rest is checked; exit 2."""
        source = self._source(tmp_path)
        out = tmp_path / "out.jsonl"
        status = main(["batch", str(source), "--out", str(out), "--jobs", "1"])
        captured = capsys.readouterr()
        errors = captured.err.splitlines()
        assert [
            f"infointerview batch: {source}:2: not valid JSON: Expecting property name "
            "enclosed in double quotes",
            f"infointerview batch: {source}:4: the line is not a JSON object",
            f"infointerview batch: {source}:5: row 'd': kind: must be one of 'outreach', "
            "'thank_you', 'follow_up', 'question'; got 'memo'",
            f"infointerview batch: {source}:6: row 'e': no 'text' field",
            f"infointerview batch: {source}:7: row 6: text: must be a str, not int; got 6",
            f"infointerview batch: {source}:8: row 'g': the text is missing",
        ] == errors[:6]
        assert errors[6].startswith(f"infointerview batch: {source}:9: row 'h': channel: ")
        lines = read_jsonl(out)
        assert [1, 2, 4, 5, 6, 7, 8, 9, 10] == [line["line"] for line in lines]
        assert ["findings", "error", "error"] == [list(line)[-1] for line in lines[:3]]
        assert "no-personal-residence" == lines[0]["findings"][0]["rule"]
        assert [] == lines[-1]["findings"]
        assert 2 == status
        assert captured.out.endswith(
            "2 message(s) checked, 1 with findings, 1 with errors; 7 bad row(s) not checked\n"
        )

    def test_csv_bad_rows(self, tmp_path, capsys):
        """A CSV record with a bad kind, too few fields or bytes not UTF-8 is a bad row."""
        source = tmp_path / "in.csv"
        source.write_bytes(
            b'id,kind,text\na,memo,Hello\nb\nc,,"caf\xe9"\nd,question,"What is\na week like?"\n'
        )
        status = main(["batch", str(source), "--out", str(tmp_path / "o.jsonl"), "--jobs", "1"])
        errors = capsys.readouterr().err.splitlines()
        assert 2 == status
        assert [
            f"{source}:2: row 'a': kind:",
            f"{source}:3: row 'b': the record has 1 field(s); the header has 3",
            f"{source}:4: row 'c': the record is not UTF-8",
        ] == [
            e.removeprefix("infointerview batch: ")[: len(f"{source}:2: row 'a': kind:")]
            if n == 0
            else e.removeprefix("infointerview batch: ")
            for n, e in enumerate(errors)
        ]
        assert [2, 3, 4, 5] == [line["line"] for line in read_jsonl(tmp_path / "o.jsonl")]

    def test_strict_stops_at_the_first(self, tmp_path, capsys):
        """--strict stops at the first bad row: exit 2, one error line, no output file."""
        source = self._source(tmp_path)
        out = tmp_path / "out.jsonl"
        status = main(["batch", str(source), "--out", str(out), "--strict", "--jobs", "1"])
        err = capsys.readouterr().err
        assert (2, False, 1) == (status, out.exists(), len(err.splitlines()))
        assert err.startswith(f"infointerview: error: {source}:2: not valid JSON")

    def test_strict_raises_input_error(self, tmp_path):
        """check_file(strict=True) raises InputError with the row's id and line."""
        lines = [*self.LINES[:1], self.LINES[4]]
        source = tmp_path / "in.jsonl"
        source.write_text("\n".join(lines), encoding="utf-8")
        with pytest.raises(ii.InputError) as caught:
            ii.batch.check_file(source, tmp_path / "o.jsonl", strict=True, jobs=1)
        assert ("d", 2, str(source)) == (caught.value.id, caught.value.line, caught.value.path)

    def test_on_bad_row_receives_each(self, tmp_path):
        """The on_bad_row callback gets one InputError per bad row, in order."""
        seen: list[ii.InputError] = []
        summary = ii.batch.check_file(
            self._source(tmp_path), tmp_path / "o.jsonl", jobs=1, on_bad_row=seen.append
        )
        assert [2, 4, 5, 6, 7, 8, 9] == [error.line for error in seen]
        assert (7, 2) == (summary.bad_rows, summary.messages)


class TestUnusableInput:
    @pytest.mark.parametrize(
        ("name", "content", "extra", "message"),
        [
            ("missing.jsonl", None, [], "missing.jsonl: cannot read: No such file or directory"),
            ("in.txt", "text\nhi\n", [], "cannot tell the format from the name"),
            ("in.csv", "a,b\n1,2\n", [], "no text column 'text'; the columns are: a, b"),
            ("in.csv", "", [], "the columns are: (none: the file is empty)"),
            ("in.csv", "text\nhi\n", ["--kind-column", "type"], "no kind column 'type'"),
            ("in.parquet", "not parquet", [], "not a readable Parquet file"),
            ("in.csv", "text\nhi\n", ["--ignore", "no-such-rule"], "no-such-rule"),
        ],
    )
    def test_one_clear_line_and_exit_2(self, tmp_path, capsys, name, content, extra, message):
        """A file that cannot be read, has no text column or a bad option: one line, exit 2."""
        source = tmp_path / name
        if content is not None:
            source.write_text(content, encoding="utf-8")
        status = main(["batch", str(source), "--out", str(tmp_path / "o.jsonl"), *extra])
        err = capsys.readouterr().err
        assert (2, 1, True) == (status, len(err.splitlines()), message in err), err

    def test_unknown_output_suffix(self, tmp_path, capsys):
        """An output name without a known suffix is refused before any work."""
        source = write_rows(tmp_path / "in.jsonl", ROWS[:1])
        assert 2 == main(["batch", str(source), "--out", str(tmp_path / "out.txt")])
        assert "cannot tell the output format" in capsys.readouterr().err

    def test_parquet_without_the_extra(self, tmp_path, capsys, monkeypatch):
        """Without pyarrow, Parquet is refused with the extra to install."""
        source = write_rows(tmp_path / "in.jsonl", ROWS[:1])
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
        assert 2 == main(["batch", str(source), "--out", str(tmp_path / "out.parquet")])
        assert "pip install 'infointerview[batch]'" in capsys.readouterr().err

    @pytest.mark.parametrize(("name", "value"), [("jobs", 0), ("chunk_size", -1), ("jobs", 1.5)])
    def test_wrong_numbers(self, tmp_path, name, value):
        """jobs and chunk_size must be positive whole numbers."""
        source = write_rows(tmp_path / "in.jsonl", ROWS[:1])
        with pytest.raises(ii.ValidationError, match=name):
            ii.batch.check_file(source, tmp_path / "o.jsonl", **{name: value})


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "infointerview", "batch", *args]


def _wait_for_chunks(folder: pathlib.Path, process: subprocess.Popen, least: int) -> int:
    """Wait until the run has recorded *least* chunks; return how many it has."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {"chunks": 0}
        if state["chunks"] >= least:
            return int(state["chunks"])
        assert process.poll() is None, "the run ended before it could be killed"
        time.sleep(0.01)
    raise AssertionError("the run recorded no progress in 60 s")


class TestResume:
    @pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
    def test_after_a_kill_gives_the_uninterrupted_output(self, tmp_path, suffix):
        """Killed (SIGKILL) part way, then --resume: the output of an uninterrupted run."""
        rows = list(corpus()) * 2
        source = write_rows(tmp_path / "in.jsonl", rows)
        whole = tmp_path / f"whole{suffix}"
        ii.batch.check_file(source, whole, jobs=1)
        out = tmp_path / f"out{suffix}"
        args = [str(source), "--out", str(out), "--jobs", "2", "--chunk-size", "25"]
        process = subprocess.Popen(
            _command(*args),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
            cwd=tmp_path,
        )
        try:
            done = _wait_for_chunks(tmp_path / f"out{suffix}.partial", process, 3)
        finally:
            os.killpg(process.pid, signal.SIGKILL)  # the run and its workers, mid-stream
            process.communicate(timeout=30)
        assert (True, False) == (done < len(rows) // 25, out.exists())
        resumed = subprocess.run(
            _command(*args, "--resume"),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=tmp_path,
        )
        assert (1, "") == (resumed.returncode, resumed.stderr)
        if suffix == ".jsonl":
            assert whole.read_bytes() == out.read_bytes()
        else:
            assert pq.read_table(whole).equals(pq.read_table(out))
        assert f"{len(rows)} message(s) checked" in resumed.stdout
        assert not (tmp_path / f"out{suffix}.partial").exists()

    def _interrupt_after(self, monkeypatch, chunks: int) -> None:
        """Make the next run stop just after it writes chunk *chunks*, before recording it."""
        calls = {"n": 0}
        real = write.save_state

        def save_state(folder, state):
            calls["n"] += 1
            if calls["n"] > chunks:
                raise KeyboardInterrupt
            real(folder, state)

        monkeypatch.setattr(write, "save_state", save_state)

    @pytest.mark.parametrize(
        ("source_suffix", "suffix"),
        [(".csv", ".jsonl"), (".jsonl", ".parquet"), (".parquet", ".jsonl")],
    )
    def test_a_chunk_written_unrecorded_is_not_repeated(
        self, tmp_path, monkeypatch, source_suffix, suffix
    ):
        """Output written after the last recorded chunk is dropped on resume, never duplicated."""
        source = write_rows(tmp_path / f"in{source_suffix}", ROWS)  # Parquet: 100-row groups
        whole, out = tmp_path / f"whole{suffix}", tmp_path / f"out{suffix}"
        expected_summary = ii.batch.check_file(source, whole, jobs=1, chunk_size=40)
        with monkeypatch.context() as patch:
            self._interrupt_after(patch, 3)
            with pytest.raises(KeyboardInterrupt):
                ii.batch.check_file(source, out, jobs=1, chunk_size=40)
        folder = tmp_path / f"out{suffix}.partial"
        assert 3 == json.loads((folder / "state.json").read_text())["chunks"]
        if suffix == ".jsonl":  # and a torn line, as a kill mid-write leaves
            with (folder / "output.jsonl").open("ab") as file:
                file.write(b'{"id": "torn", "li')
        summary = ii.batch.check_file(source, out, jobs=1, chunk_size=40, resume=True)
        assert expected_summary == summary
        if suffix == ".jsonl":
            assert whole.read_bytes() == out.read_bytes()
        else:
            assert pq.read_table(whole).equals(pq.read_table(out))

    def test_refuses_a_changed_input(self, tmp_path, monkeypatch, capsys):
        """--resume after the input changed is refused, naming what changed; exit 2."""
        source = write_rows(tmp_path / "in.jsonl", ROWS[:100])
        out = tmp_path / "out.jsonl"
        with monkeypatch.context() as patch:
            self._interrupt_after(patch, 1)
            with pytest.raises(KeyboardInterrupt):
                ii.batch.check_file(source, out, jobs=1, chunk_size=30)
        write_rows(source, ROWS[:101])
        assert 2 == main(["batch", str(source), "--out", str(out), "--resume"])
        err = capsys.readouterr().err
        assert "cannot resume: input_mtime_ns, input_size changed" in err
        assert 2 == main(
            ["batch", str(source), "--out", str(out), "--resume", "--select", "no-job-ask"]
        )
        assert "config" in capsys.readouterr().err

    def test_without_resume_starts_afresh(self, tmp_path, monkeypatch, capsys):
        """A run without --resume discards an interrupted run, saying so, and checks everything."""
        source = write_rows(tmp_path / "in.jsonl", ROWS[:100])
        out = tmp_path / "out.jsonl"
        with monkeypatch.context() as patch:
            self._interrupt_after(patch, 1)
            with pytest.raises(KeyboardInterrupt):
                ii.batch.check_file(source, out, jobs=1, chunk_size=30)
        main(["batch", str(source), "--out", str(out), "--jobs", "1"])
        assert "starting afresh" in capsys.readouterr().err
        assert expected(ROWS[:100]) == _findings_by_row(out)

    def test_resume_with_nothing_to_resume_runs_it_all(self, tmp_path):
        """--resume without an interrupted run checks the whole input."""
        source = write_rows(tmp_path / "in.jsonl", ROWS[:20])
        ii.batch.check_file(source, tmp_path / "o.jsonl", jobs=1, resume=True)
        assert expected(ROWS[:20]) == _findings_by_row(tmp_path / "o.jsonl")


class TestProgressAndImports:
    def test_progress_bar_on_stderr(self, tmp_path, capsys):
        """progress=True draws a tqdm bar on standard error and nothing on standard output."""
        source = write_rows(tmp_path / "in.jsonl", ROWS[:50])
        ii.batch.check_file(source, tmp_path / "o.jsonl", jobs=1, progress=True)
        captured = capsys.readouterr()
        assert ("", True) == (captured.out, "checking: 100%" in captured.err)

    def test_no_bar_when_not_a_terminal(self, tmp_path):
        """The command draws no bar when standard error is not a terminal."""
        source = write_rows(tmp_path / "in.jsonl", ROWS[:5])
        result = subprocess.run(
            _command(str(source), "--out", str(tmp_path / "o.jsonl"), "--jobs", "1"),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert (1, "") == (result.returncode, result.stderr)

    def test_jsonl_needs_no_extra(self, tmp_path):
        """Importing infointerview.batch, and a JSONL-to-JSONL run, import no heavy package."""
        source = write_rows(tmp_path / "in.jsonl", ROWS[:5])
        code = (
            "import sys, infointerview.batch as b\n"
            f"b.check_file({str(source)!r}, {str(tmp_path / 'o.jsonl')!r}, jobs=2)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'pandas', 'pyarrow', 'tqdm', 'dask', 'numpy'}))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
        )
        assert "[]" == result.stdout.strip()


@hypothesis.settings(max_examples=25, deadline=None)
@hypothesis.given(
    texts=st.lists(st.text(max_size=300), min_size=1, max_size=6),
    kind=st.sampled_from(["", "outreach", "thank_you", "follow_up", "question"]),
    suffix=st.sampled_from([".jsonl", ".csv", ".parquet"]),
)
def test_any_text_gives_the_findings_of_check(texts, kind, suffix):
    """Whatever the text, each row's findings are those of check, through any input format."""
    rows = [{"id": str(n), "kind": kind, "channel": "", "text": t} for n, t in enumerate(texts)]
    with tempfile.TemporaryDirectory() as folder:
        source = write_rows(pathlib.Path(folder, f"in{suffix}"), rows)
        out = pathlib.Path(folder, "out.jsonl")
        ii.batch.check_file(source, out, jobs=1)
        lines = read_jsonl(out)
    assert [row["id"] for row in rows] == [line["id"] for line in lines]
    assert expected(rows) == [line.get("findings") for line in lines]


class TestRefusedArguments:
    def test_out_that_is_the_input_is_refused(self, tmp_path, capsys):
        """Writing the findings over the messages is refused, and the input is kept."""
        source = tmp_path / "in.jsonl"
        source.write_text('{"id": "1", "text": "Could you hire me?"}\n', encoding="utf-8")
        before = source.read_bytes()
        assert 2 == main(["batch", str(source), "--out", str(source)])
        assert "is the input file" in capsys.readouterr().err
        assert before == source.read_bytes()

    @pytest.mark.parametrize("jobs", ["0", "100000", "-3", "many"])
    def test_jobs_out_of_range_is_a_usage_error(self, tmp_path, jobs):
        """--jobs must be a whole number from 1 to MAX_JOBS: a huge one would never start."""
        source = tmp_path / "in.jsonl"
        source.write_text('{"id": "1", "text": "hi"}\n', encoding="utf-8")
        with pytest.raises(SystemExit) as info:
            main(["batch", str(source), "--out", str(tmp_path / "out.jsonl"), "--jobs", jobs])
        assert 2 == info.value.code
