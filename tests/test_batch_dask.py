"""check_frame on a Dask LocalCluster of two worker processes, reading Parquet partitions."""

from __future__ import annotations

import importlib.util
import pathlib

import pandas as pd
import pytest

import infointerview as ii

from .batch_inputs import corpus, expected

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

# Dask's read_parquet still calls reset_index and set_index with inplace=True, which
# pandas 3.1 deprecates; the warning is Dask's, not ours.
pytestmark = pytest.mark.filterwarnings(
    r"ignore:The inplace keyword in DataFrame\.(re)?set_index is deprecated"
)

EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "examples" / "dask_check.py"


def _example():
    spec = importlib.util.spec_from_file_location("dask_check", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def client():
    """A LocalCluster of 2 worker processes of one thread each, and a client of it."""
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def test_parquet_partitions_give_the_findings_of_check(client, tmp_path):
    """The how-to's Dask example, on two worker processes: the findings of check, in order."""
    rows = corpus()
    frame = pd.DataFrame(rows)
    frame["channel"] = frame["channel"].replace("", None)
    dd.from_pandas(frame, npartitions=6).to_parquet(tmp_path / "messages")

    _example().check_archive(str(tmp_path / "messages"), str(tmp_path / "findings"))
    result = dd.read_parquet(tmp_path / "findings").compute()

    by_id: dict[str, list[dict]] = {row["id"]: [] for row in rows}
    for record in result.to_dict("records"):
        if pd.isna(record["suggestion"]):
            record["suggestion"] = None
        by_id[record.pop("id")].append(record)
    want = [[{k: v for k, v in f.items() if k != "field"} for f in row] for row in expected(rows)]
    assert want == list(by_id.values())
    assert [r["id"] for r, w in zip(rows, want, strict=True) if w] == list(
        dict.fromkeys(result["id"])
    )
    assert list(ii.batch.COLUMNS) == list(result.columns)
    assert 6 == len(list((tmp_path / "findings").glob("*.parquet")))
    workers = client.run(lambda: "infointerview._batch.frame" in __import__("sys").modules)
    assert [True, True] == list(workers.values())  # both worker processes checked partitions
