"""Check chunks of rows on warm worker processes, in input order, a bounded number at a time.

Each worker process builds its checker once, in the pool's initializer,
and runs one check of every kind so that the rule patterns are compiled and
the models loaded before the first chunk arrives. A chunk's results are the
findings :func:`infointerview.check` returns for each row, or why the row
could not be checked.
"""

from __future__ import annotations

import collections
import contextlib
import json
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Final

import attrs

from infointerview._batch.read import Chunk, Columns, Position, Task
from infointerview._batch.schema import columns_of
from infointerview._batch.summary import Result, Tally
from infointerview.etiquette import Config, check
from infointerview.exceptions import InfoInterviewError

__all__ = ["Checked", "Job", "Workers", "check_tasks", "default_jobs", "process", "warm"]

#: The kinds a worker warms up on.
KINDS: Final = ("outreach", "thank_you", "follow_up", "question")

#: Chunks in flight per worker: one being checked, one waiting in its queue.
IN_FLIGHT_PER_WORKER: Final = 2


def default_jobs() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def warm(config: Config | None) -> None:
    """Build the checker for *config* in this process and run it once on each kind.

    A config the checker refuses is left for :func:`process` to raise, so that
    the error reaches the caller rather than breaking the pool.

    Args:
        config: The configuration the chunks will be checked with.
    """
    with contextlib.suppress(InfoInterviewError):
        for kind in KINDS:
            check("Could we talk for 20 minutes about your work?", kind, config=config)


def check_tasks(config: Config | None, tasks: Iterable[Task | None]) -> list[Result]:
    """Check each row; return its findings, or why it could not be checked.

    Args:
        config: Which rules run and how.
        tasks: Each row's text, kind and channel (``None`` for outreach and
            no channel); ``None`` for a row to leave alone.

    Returns:
        One result per task, in order.
    """
    results: list[Result] = []
    for task in tasks:
        if task is None:
            results.append(None)
            continue
        text, kind, channel = task
        try:
            found = check(
                text,  # type: ignore[arg-type]  # a bad type is the row's error
                "outreach" if kind is None else kind,  # type: ignore[arg-type]
                config=config,
                channel=channel,  # type: ignore[arg-type]
            )
        except InfoInterviewError as error:
            results.append(str(error))
        else:
            results.append(found)
    return results


@attrs.frozen
class Job:
    """What every chunk of a run is checked and written with.

    Attributes:
        config: Which rules run and how.
        columns: Which column holds what, to parse JSONL rows.
        output: ``"jsonl"`` or ``"parquet"``: the form the results take.
        string_ids: For Parquet, whether ids are written as strings.
    """

    config: Config | None
    columns: Columns
    output: str
    string_ids: bool = True


@attrs.frozen
class Checked:
    """A chunk, checked and made ready to write.

    Built in the worker, so the process that reads and writes only moves
    bytes and lists.

    Attributes:
        number: The chunk's number.
        end: Where the reader stands after it.
        rows: How many input rows it holds.
        jsonl: For JSONL output, its lines, encoded.
        table: For Parquet output, its findings as columns (``id``,
            ``line`` and the finding columns).
        bad: Each bad row's line, id and what is wrong.
        tally: The chunk's counts, as :meth:`Tally.data`.
    """

    number: int
    end: Position
    rows: int
    jsonl: bytes | None
    table: dict[str, list[object]] | None
    bad: list[tuple[int, object, str]]
    tally: dict[str, object]


def _json_id(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def process(job: Job, chunk: Chunk) -> Checked:
    """Parse, check and serialise one chunk.

    Args:
        job: The run's settings.
        chunk: The rows.

    Returns:
        The chunk's output and counts.
    """
    check("", config=job.config)  # raises, for the whole run, if the config names no rule
    chunk.parse(job.columns)
    results = check_tasks(job.config, chunk.tasks)
    bad = [
        (chunk.lines[at], chunk.ids[at], result if result is not None else chunk.errors[at])
        for at, result in enumerate(results)
        if not isinstance(result, list)
    ]
    tally = Tally()
    tally.add(results)
    jsonl = table = None
    if job.output == "jsonl":
        lines = []
        for at, result in enumerate(results):
            row: dict[str, object] = {"id": _json_id(chunk.ids[at]), "line": chunk.lines[at]}
            if isinstance(result, list):
                row["findings"] = [finding.to_dict() for finding in result]
            else:
                row["error"] = result if result is not None else chunk.errors[at]
            lines.append(json.dumps(row, ensure_ascii=False, default=str))
        jsonl = ("\n".join(lines) + "\n").encode("utf-8")
    else:
        ids: list[object] = []
        rows: list[object] = []
        found = []
        for at, result in enumerate(results):
            if isinstance(result, list) and result:
                ids.extend([chunk.ids[at]] * len(result))
                rows.extend([chunk.lines[at]] * len(result))
                found.extend(result)
        if job.string_ids:
            ids = [v if v is None or isinstance(v, str) else json.dumps(v) for v in ids]
        table = {"id": ids, "line": rows, **columns_of(found)}
    return Checked(chunk.number, chunk.end, len(results), jsonl, table, bad, tally.data())


def _single_threaded() -> bool:
    """Tell whether this process runs one thread, native threads included."""
    if threading.active_count() != 1:
        return False
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Threads:"):
                    return line.split()[1] == "1"
    except OSError:
        pass
    return False  # cannot tell: assume not


def _start_method() -> str:
    """Return how to start workers: fork when safe, else a fork server, else spawn.

    Forking copies this process with the package already imported, the
    quickest start; it is safe only while no other thread runs, since a
    thread may hold a lock the child then never sees released.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _single_threaded():
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class Workers:
    """Process chunks on *jobs* warm processes (in this process when *jobs* is 1).

    Args:
        job: The run's settings.
        jobs: How many processes check at once.
    """

    def __init__(self, job: Job, jobs: int) -> None:
        self.job = job
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        if jobs > 1:
            context = multiprocessing.get_context(_start_method())
            if context.get_start_method() == "forkserver":
                # The fork server imports the package once; each worker forked
                # from it then only has to warm its checker.
                context.set_forkserver_preload([__name__])
            self._pool = ProcessPoolExecutor(
                jobs, mp_context=context, initializer=warm, initargs=(job.config,)
            )
            # Start the workers now, while this process may still be free of
            # threads: the reader's pyarrow and the progress bar start some.
            self._pool.submit(int)
        else:
            warm(job.config)
            check("", config=job.config)

    def map(self, chunks: Iterable[Chunk]) -> Iterator[Checked]:
        """Yield each chunk checked, in input order.

        At most ``2 * jobs`` chunks are read ahead of the one yielded, so
        memory stays bounded whatever the input's length.

        Args:
            chunks: The chunks to check.

        Yields:
            Each chunk, checked.
        """
        if self._pool is None:
            for chunk in chunks:
                yield process(self.job, chunk)
            return
        pending: collections.deque[Future[Checked]] = collections.deque()
        limit = IN_FLIGHT_PER_WORKER * self.jobs
        for chunk in chunks:
            pending.append(self._pool.submit(process, self.job, chunk))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        """Stop the worker processes, dropping chunks not yet begun."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
