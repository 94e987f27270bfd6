"""check_frame on a Dask LocalCluster of two worker processes, reading Parquet partitions."""

from __future__ import annotations

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
    """Partitions read from Parquet, checked on two worker processes: the findings of check."""
    rows = corpus()
    frame = pd.DataFrame(rows)
    frame["channel"] = frame["channel"].replace("", None)
    folder = tmp_path / "messages"
    dd.from_pandas(frame, npartitions=6).to_parquet(folder)

    messages = dd.read_parquet(folder)
    meta = ii.batch.check_frame(messages._meta, channel="channel")
    found = messages.map_partitions(ii.batch.check_frame, channel="channel", meta=meta)
    result = found.compute()

    by_id: dict[str, list[dict]] = {row["id"]: [] for row in rows}
    for record in result.to_dict("records"):
        if pd.isna(record["suggestion"]):
            record["suggestion"] = None
        by_id[record.pop("id")].append(record)
    want = [[{k: v for k, v in f.items() if k != "field"} for f in row] for row in expected(rows)]
    assert want == list(by_id.values())
    assert list(ii.batch.COLUMNS) == list(result.columns)
    workers = client.run(lambda: "infointerview._batch.frame" in __import__("sys").modules)
    assert [True, True] == list(workers.values())  # both worker processes checked partitions
