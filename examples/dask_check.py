"""Check a Parquet archive of messages on a Dask cluster, one partition per task.

Each partition of the archive is read on a worker and handed to
``infointerview.batch.check_frame``, which returns one row per finding in a
fixed schema; the findings are written back as a Parquet dataset, one file
per partition. Nothing passes through this process but the task graph.

Here, on a LocalCluster of worker processes::

    python examples/dask_check.py messages/ findings/ --workers 2

On a real cluster, the same with its scheduler's address (every worker needs
``pip install 'infointerview[dask]'``)::

    python examples/dask_check.py s3://archive/messages/ s3://archive/findings/ \\
        --scheduler tcp://scheduler.internal:8786
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import dask.dataframe as dd
from distributed import Client, LocalCluster

import infointerview as ii


def check_archive(source: str, out: str, *, config: ii.Config | None = None) -> None:
    """Check every message of the Parquet dataset *source*; write the findings to *out*.

    Runs on the current Dask client. The dataset needs a ``text`` column; ``id``,
    ``kind`` and ``channel`` are used when present.
    """
    messages = dd.read_parquet(source)
    wanted = [name for name in ("id", "kind", "channel", "text") if name in messages.columns]
    messages = messages[wanted]
    channel = "channel" if "channel" in wanted else None
    # check_frame of an empty frame is the empty result, with the result's
    # columns and types: the meta Dask needs to plan without running a task.
    meta = ii.batch.check_frame(messages._meta, channel=channel, config=config)
    findings = messages.map_partitions(
        ii.batch.check_frame, channel=channel, config=config, meta=meta
    )
    findings.to_parquet(out, write_index=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the example; return the exit status."""
    parser = argparse.ArgumentParser(prog="dask_check.py", description=__doc__.splitlines()[0])
    parser.add_argument("source", help="the messages: a Parquet file, folder or glob")
    parser.add_argument("out", help="a folder for the findings, as Parquet")
    parser.add_argument("--scheduler", help="a running cluster's scheduler address")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    args = parser.parse_args(argv)
    if args.scheduler:
        with Client(args.scheduler):
            check_archive(args.source, args.out)
        return 0
    with (
        LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True) as cluster,
        Client(cluster),
    ):
        check_archive(args.source, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
