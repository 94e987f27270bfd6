"""Tests for infointerview.batch.check_frame, the function Dask and Spark run."""

from __future__ import annotations

import pickle
import sys

import hypothesis
import pandas as pd
import pytest
from hypothesis import strategies as st

import infointerview as ii

from .batch_inputs import corpus, expected

DTYPES = {
    "rule": "string",
    "severity": "string",
    "message": "string",
    "start": "int64",
    "end": "int64",
    "utf16_start": "int64",
    "utf16_end": "int64",
    "confidence": "float64",
    "suggestion": "string",
    "decided_by": "string",
}


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        {name: [row[name] for row in rows] for name in ("id", "kind", "channel", "text")},
        columns=["id", "kind", "channel", "text"],
    )


def _schema(frame: pd.DataFrame) -> list[tuple[str, str]]:
    return [(name, str(dtype)) for name, dtype in frame.dtypes.items()]


def _as_findings(frame: pd.DataFrame, ids) -> list[list[dict]]:
    """Group the result's rows back by input id, as to_dict() lists without 'field'."""
    by_id: dict[object, list[dict]] = {i: [] for i in ids}
    for record in frame.to_dict("records"):
        finding = {k: (None if k == "suggestion" and pd.isna(v) else v) for k, v in record.items()}
        by_id[finding.pop("id")].append(finding)
    return list(by_id.values())


def _without_field(found: list[list[dict]]) -> list[list[dict]]:
    return [[{k: v for k, v in f.items() if k != "field"} for f in row] for row in found]


class TestCheckFrame:
    def test_findings_are_those_of_check(self):
        """Every finding of every row, with kind and channel, is that of check, in order."""
        rows = corpus()[:400]
        frame = ii.batch.check_frame(_frame(rows), channel="channel")
        assert _without_field(expected(rows)) == _as_findings(frame, [r["id"] for r in rows])
        ordered = [row["id"] for row in rows if expected([row])[0]]
        assert ordered == list(dict.fromkeys(frame["id"]))

    def test_fixed_schema(self):
        """The columns and their types are the same for findings, clean rows and no rows."""
        rows = corpus()[:50]
        clean = pd.DataFrame({"id": ["q"], "kind": ["question"], "text": ["What is it like?"]})
        results = [
            ii.batch.check_frame(_frame(rows)),
            ii.batch.check_frame(clean),
            ii.batch.check_frame(_frame(rows).iloc[:0]),
        ]
        expected_schema = [("id", str(_frame(rows)["id"].dtype)), *DTYPES.items()]
        assert [expected_schema] * 3 == [_schema(frame) for frame in results]
        assert list(ii.batch.COLUMNS) == list(results[0].columns)
        assert (True, 0, 0) == (len(results[0]) > 0, len(results[1]), len(results[2]))

    def test_id_keeps_its_type_or_comes_from_the_index(self):
        """An int64 id column stays int64; id=None takes the frame's index."""
        frame = pd.DataFrame(
            {"id": [7, 8], "kind": "question", "text": ["Are you hiring?", "What is it like?"]},
            index=pd.Index([30, 40]),
        )
        assert "int64" == str(ii.batch.check_frame(frame)["id"].dtype)
        assert [30] == ii.batch.check_frame(frame, id=None)["id"].unique().tolist()

    def test_missing_values_and_absent_default_columns(self):
        """No kind column, or an empty or missing kind or channel: outreach, no channel."""
        frame = pd.DataFrame(
            {
                "text": ["Are you hiring?"] * 3,
                "kind": ["", None, "outreach"],
                "channel": [None, pd.NA, ""],
            }
        )
        found = ii.batch.check_frame(frame, channel="channel")
        expected_rules = [f.rule for f in ii.check("Are you hiring?")]
        assert [expected_rules] * 3 == [found[found["id"] == i]["rule"].tolist() for i in range(3)]
        no_kind = ii.batch.check_frame(frame[["text"]])
        assert found["rule"].tolist() == no_kind["rule"].tolist()

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"text": "body"}, "text: must name a column of the frame; its columns are id, text"),
            ({"kind": "type"}, "kind: must name a column"),
            ({"channel": "via"}, "channel: must name a column"),
            ({"id": "key"}, "id: must name a column"),
            ({"text": None}, "text: must name the column holding the messages"),
        ],
    )
    def test_a_named_column_must_exist(self, arguments, message):
        """A column named other than its default, and the text column, must be in the frame."""
        frame = pd.DataFrame({"id": ["a"], "text": ["Hi"]})
        with pytest.raises(ii.ValidationError, match=message):
            ii.batch.check_frame(frame, **arguments)

    @pytest.mark.parametrize(
        ("row", "reason"),
        [
            ({"text": None, "kind": "outreach"}, "the text is missing"),
            ({"text": 5, "kind": "outreach"}, "text: must be a str, not int; got 5"),
            ({"text": "Hi", "kind": "memo"}, "kind: must be one of"),
        ],
    )
    def test_a_bad_row_raises_with_its_id_and_number(self, row, reason):
        """A row that cannot be checked raises InputError naming its id and number from 1."""
        frame = pd.DataFrame([{"id": "ok", "text": "Hi", "kind": ""}, {"id": "bad", **row}])
        with pytest.raises(ii.InputError) as caught:
            ii.batch.check_frame(frame)
        error = caught.value
        assert ("bad", 2, True) == (error.id, error.line, error.reason.startswith(reason))
        assert str(error) == str(pickle.loads(pickle.dumps(error)))

    def test_refuses_what_is_not_a_frame(self):
        """A dict or a list is refused with a ValidationError."""
        with pytest.raises(ii.ValidationError, match="must be a pandas DataFrame"):
            ii.batch.check_frame({"text": ["Hi"]})

    def test_config_applies(self):
        """A config's selection is that of check."""
        rows = corpus()[:100]
        config = ii.Config(select={"no-job-ask"})
        found = ii.batch.check_frame(_frame(rows), config=config)
        assert {"no-job-ask"} == set(found["rule"])
        assert sum(map(len, expected(rows, config))) == len(found)

    def test_without_pandas(self, monkeypatch):
        """Without pandas, check_frame says which extra to install."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ii.MissingExtraError, match=r"infointerview\[batch\]"):
            ii.batch.check_frame(object())

    @hypothesis.settings(max_examples=60, deadline=None)
    @hypothesis.given(
        texts=st.lists(st.text(max_size=400), max_size=5),
        kind=st.sampled_from(["outreach", "thank_you", "follow_up", "question"]),
    )
    def test_any_text(self, texts, kind):
        """For any texts the rows are check's findings, with spans inside each text."""
        frame = pd.DataFrame({"id": range(len(texts)), "kind": kind, "text": texts})
        found = ii.batch.check_frame(frame)
        rows = [{"text": t, "kind": kind, "channel": ""} for t in texts]
        assert _without_field(expected(rows)) == _as_findings(found, range(len(texts)))
        for record in found.to_dict("records"):
            assert 0 <= record["start"] <= record["end"] <= len(texts[record["id"]])
