"""Check many messages at once: files, data frames, worker processes, Dask and Spark.

:func:`check_file` checks a JSONL, CSV or Parquet file of stored messages on
every core and writes the findings to JSONL or Parquet, streaming in bounded
memory and resuming an interrupted run; the ``infointerview batch`` command
is its front end. :func:`check_frame` checks a pandas DataFrame and returns
one row per finding in a fixed schema, so it runs as a Dask
``map_partitions`` function or in Spark's ``mapInPandas`` when the archive
is larger than one machine.

Parquet and :func:`check_frame` need the ``batch`` extra
(``pip install 'infointerview[batch]'``); JSONL and CSV need nothing more.
Importing this module imports none of pandas, pyarrow, tqdm or Dask.

>>> import infointerview as ii
>>> ii.batch.COLUMNS[:4]
('id', 'rule', 'severity', 'message')
"""

from infointerview._batch.frame import check_frame
from infointerview._batch.run import DEFAULT_CHUNK_SIZE, check_file
from infointerview._batch.schema import COLUMNS
from infointerview._batch.summary import RuleCount, Summary

__all__ = ["COLUMNS", "DEFAULT_CHUNK_SIZE", "RuleCount", "Summary", "check_file", "check_frame"]

for _export in (RuleCount, Summary, check_file, check_frame):
    _export.__module__ = __name__
del _export
