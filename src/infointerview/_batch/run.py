"""check_file: a file of messages through warm workers into a findings file, resumably."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any, Final

import attrs

from infointerview._batch import read, write
from infointerview._batch.read import Columns, Position
from infointerview._batch.summary import Summary, Tally
from infointerview._batch.work import Checked, Job, Workers, default_jobs
from infointerview.etiquette import Config
from infointerview.exceptions import InputError, ValidationError

__all__ = ["DEFAULT_CHUNK_SIZE", "check_file"]

#: Rows per chunk: large enough that handing a chunk to a worker costs little
#: beside checking it, small enough that a resumed run redoes little.
DEFAULT_CHUNK_SIZE: Final = 500


def _config_key(config: Config | None) -> dict[str, Any]:
    """Return *config* as plain data that is the same in every process."""
    config = config if config is not None else Config()
    return {
        "select": None if config.select is None else sorted(config.select),
        "ignore": sorted(config.ignore),
        "severities": [[rule, severity.value] for rule, severity in config.severities],
        "preset": config.preset,
        "linkedin_premium": config.linkedin_premium,
        "plugins": config.plugins,
        "max_chars": config.max_chars,
    }


def _fingerprint(source: read.Source, output_format: str, config: Config | None) -> dict[str, Any]:
    """Return what must not change between a run and its resumption."""
    import infointerview

    stat = os.stat(source.path)
    return {
        "input": os.path.abspath(source.path),
        "input_size": stat.st_size,
        "input_mtime_ns": stat.st_mtime_ns,
        "input_format": source.format,
        "output_format": output_format,
        "columns": attrs.asdict(source.columns),
        "config": _config_key(config),
        "infointerview": infointerview.__version__,
    }


def _output_format(out: str, format: str | None) -> str:
    if format is None:
        found = write.FORMATS.get(os.path.splitext(out)[1].lower())
        if found is None:
            known = ", ".join(write.FORMATS)
            raise InputError(
                f"cannot tell the output format from the name; name it with one of {known} "
                "or give the format",
                path=out,
            )
        return found
    if format not in write.FORMATS.values():
        raise InputError(f"unknown output format {format!r}", path=out)
    return format


def _positive(name: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValidationError(name, value, "must be a whole number of at least 1")
    return value


@contextlib.contextmanager
def _progress(show: bool | None, total: int, initial: int, unit: str) -> Iterator[Any]:
    """Yield a tqdm bar on standard error, or ``None`` when off or tqdm is missing."""
    if show is None:
        show = sys.stderr.isatty()
    if not show:
        yield None
        return
    try:
        from tqdm import tqdm
    except ImportError:
        yield None
        return
    with tqdm(
        total=total,
        initial=initial,
        unit=unit,
        unit_scale=unit == "B",
        file=sys.stderr,
        desc="checking",
        dynamic_ncols=True,
    ) as bar:
        yield bar


def check_file(
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    config: Config | None = None,
    jobs: int | None = None,
    text: str = "text",
    kind: str = "kind",
    channel: str = "channel",
    id: str = "id",
    input_format: str | None = None,
    output_format: str | None = None,
    resume: bool = False,
    strict: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: bool | None = False,
    on_bad_row: Callable[[InputError], object] | None = None,
) -> Summary:
    """Check every message of a JSONL, CSV or Parquet file; write the findings to *out*.

    The rows stream through *jobs* worker processes, each of which builds its
    checker once; at most two chunks per worker are held at a time, so memory
    stays bounded whatever the file's size. Each row's findings are those of
    :func:`infointerview.check`, and the output keeps input order.

    The output is written in chunks to a work folder beside it
    (``OUT.partial/``), which records after each chunk how far the run got;
    *out* itself appears only when the run is complete. A run that stopped
    for any reason, a kill included, continues with ``resume=True`` and
    gives the output an uninterrupted run would have given.

    Args:
        source: The input file: JSONL (one JSON object per line), CSV (with a
            header) or Parquet.
        out: The output file: JSONL (one line per input row: ``id``,
            ``line`` and ``findings``, or ``error`` for a bad row) or Parquet
            (one row per finding, with ``id`` and ``line`` before the columns
            of :func:`check_frame`).
        config: Which rules run and how; the defaults when omitted.
        jobs: How many processes check at once; every core this process may
            use when ``None``. With 1, the checks run in this process.
        text: The column (or JSON field) of each message's text.
        kind: The column of its kind; outreach where empty.
        channel: The column of its channel; none where empty.
        id: The column of its id, copied to the output.
            A kind, channel or id column left at its default name is optional;
            a column named otherwise must exist.
        input_format: ``"jsonl"``, ``"csv"`` or ``"parquet"``; from *source*'s
            suffix (``.jsonl``, ``.ndjson``, ``.csv``, ``.parquet``) when ``None``.
        output_format: ``"jsonl"`` or ``"parquet"``; from *out*'s suffix when ``None``.
        resume: Continue the interrupted run of the same input into the same
            output, if there is one; otherwise start afresh. Without it, an
            interrupted run's work folder is discarded.
        strict: Stop at the first bad row, raising
            :class:`~infointerview.exceptions.InputError`.
        chunk_size: Rows handed to a worker at a time.
        progress: Draw a progress bar on standard error (with tqdm, of the
            ``batch`` extra); ``None`` draws one when standard error is a
            terminal.
        on_bad_row: Called with an :class:`~infointerview.exceptions.InputError`
            (its ``id``, ``line`` and ``reason``) for each row that cannot be
            checked, as the run reaches it.

    Returns:
        The counts of the whole run, a resumed run's earlier part included.

    Raises:
        InputError: The input cannot be read or lacks a column, the formats
            are unknown, the run cannot be resumed (its input or settings
            changed), or, with *strict*, a row is bad.
        MissingExtraError: Parquet is read or written without pyarrow.
        ValidationError: *jobs* or *chunk_size* is not a positive whole number.
    """
    source_path, out_path = os.fspath(source), os.fspath(out)
    jobs = default_jobs() if jobs is None else _positive("jobs", jobs)
    chunk_size = _positive("chunk_size", chunk_size)
    columns = Columns(text=text, kind=kind, channel=channel, id=id)
    reader = read.open_source(source_path, columns, format=input_format)
    out_format = _output_format(out_path, output_format)
    fingerprint = _fingerprint(reader, out_format, config)

    folder = write.work_folder(out_path)
    state = write.load_state(folder) if resume and os.path.isdir(folder) else None
    if state is not None and state.get("fingerprint") != fingerprint:
        changed = sorted(
            key for key in fingerprint if state.get("fingerprint", {}).get(key) != fingerprint[key]
        )
        raise InputError(
            f"cannot resume: {', '.join(changed)} changed since the interrupted run; "
            "run without resume to start afresh",
            path=out_path,
        )
    if state is None:
        write.discard(folder)
        os.makedirs(folder)
        state = {"chunks": 0, "position": [0, 0], "output_bytes": 0, "tally": None}
    start = Position(*state["position"])
    tally = Tally(state["tally"])

    output: write.JsonlOutput | write.ParquetOutput
    if out_format == "jsonl":
        output = write.JsonlOutput(folder, size=state["output_bytes"])
    else:
        output = write.ParquetOutput(folder, id_type=reader.id_type, chunks=state["chunks"])
    job = Job(config, columns, out_format, string_ids=reader.id_type is None)
    try:
        with (
            Workers(job, jobs) as workers,
            _progress(progress, reader.total, start.offset, reader.unit) as bar,
        ):
            done = start.offset
            for checked in workers.map(reader.chunks(start, chunk_size, first=state["chunks"])):
                _report(reader.path, checked, strict=strict, on_bad_row=on_bad_row, bar=bar)
                output.write(checked)
                tally.merge(checked.tally)
                write.save_state(
                    folder,
                    {
                        "fingerprint": fingerprint,
                        "chunks": checked.number + 1,
                        "position": [checked.end.offset, checked.end.line],
                        "tally": tally.data(),
                        "output_bytes": 0,
                        **output.state(),
                    },
                )
                if bar is not None:
                    bar.update(checked.end.offset - done)
                done = checked.end.offset
    except BaseException:
        output.close()
        raise
    output.finish(out_path)
    write.discard(folder)
    return tally.summary()


def _report(
    path: str,
    checked: Checked,
    *,
    strict: bool,
    on_bad_row: Callable[[InputError], object] | None,
    bar: Any,
) -> None:
    """Give each bad row of *checked* to *on_bad_row*, or raise the first under *strict*."""
    for line, id, reason in checked.bad:
        error = InputError(reason, path=path, line=line, id=id)
        if strict:
            raise error
        if on_bad_row is None:
            continue
        if bar is not None:
            with bar.external_write_mode(file=sys.stderr):
                on_bad_row(error)
        else:
            on_bad_row(error)
