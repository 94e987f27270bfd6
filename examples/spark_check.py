"""Check a Parquet archive of messages with Spark: ``mapInPandas`` over check_frame.

Spark hands each task's rows to ``check_batches`` as pandas DataFrames,
Arrow batch by Arrow batch; ``infointerview.batch.check_frame`` returns each
batch's findings in the fixed schema below, and Spark writes them out. Each
Python worker builds its checker once, on its first batch, and keeps it for
the batches that follow. Every executor needs ``pip install
'infointerview[batch]'`` (and pyspark). For example::

    spark-submit examples/spark_check.py s3://archive/messages/ s3://archive/findings/
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence

import pandas as pd

import infointerview as ii

#: check_frame's columns as Spark types, with the input's id as a string.
SCHEMA = (
    "id string, rule string, severity string, message string, start long, end long, "
    "utf16_start long, utf16_end long, confidence double, suggestion string, decided_by string"
)


def check_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Yield the findings of each batch of messages, for ``DataFrame.mapInPandas``."""
    for batch in batches:
        yield ii.batch.check_frame(batch, channel="channel")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the example; return the exit status."""
    from pyspark.sql import SparkSession

    source, out = argv if argv is not None else sys.argv[1:]
    spark = SparkSession.builder.appName("infointerview-batch").getOrCreate()
    try:
        messages = spark.read.parquet(source).select("id", "kind", "channel", "text")
        findings = messages.mapInPandas(check_batches, schema=SCHEMA)
        findings.write.mode("overwrite").parquet(out)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
