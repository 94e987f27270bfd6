"""Read JSONL, CSV and Parquet files of messages as a stream of chunks of rows.

A reader yields :class:`Chunk` objects of at most ``size`` rows, each with
where the reader stands after it (:class:`Position`), so an interrupted run
can start again right after the last chunk it wrote. Rows that cannot even be
read (a line that is not JSON, a CSV record that is not UTF-8) travel in the
chunk as errors, in their place, so the output keeps input order.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from typing import IO, Any, Final

import attrs

from infointerview._batch.extras import require
from infointerview.exceptions import InputError

__all__ = ["FORMATS", "Chunk", "Columns", "Position", "Source", "open_source"]

#: Input formats, by the file name's suffix.
FORMATS: Final = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}

#: Longest CSV field read, in characters (the standard library's default is 128 KiB,
#: shorter than the longest text the checks take).
CSV_FIELD_LIMIT: Final = 64 * 1024 * 1024

#: What a worker checks for one row: its text, kind and channel, ``None`` when absent.
Task = tuple[object, object, object]


@attrs.frozen
class Columns:
    """Which column holds what; the default names are optional, other names must exist.

    Attributes:
        text: The messages' text.
        kind: Their kind; outreach when empty or absent.
        channel: Their channel; none when empty or absent.
        id: Their id; ``None`` when absent.
    """

    text: str = "text"
    kind: str = "kind"
    channel: str = "channel"
    id: str = "id"

    def present(self, names: list[str], *, path: str) -> dict[str, str | None]:
        """Return each role's column among *names*, or ``None`` for an absent default.

        Args:
            names: The columns the input has.
            path: The input file, for errors.

        Returns:
            A dict from role (``"text"``, ``"kind"``, ...) to column name or ``None``.

        Raises:
            InputError: The text column, or a column named other than its
                default, is missing.
        """
        found: dict[str, str | None] = {}
        defaults = Columns()
        for role in ("text", "kind", "channel", "id"):
            name = getattr(self, role)
            if name in names:
                found[role] = name
            elif role != "text" and name == getattr(defaults, role):
                found[role] = None
            else:
                listed = ", ".join(names) or "(none: the file is empty)"
                raise InputError(
                    f"no {role} column {name!r}; the columns are: {listed}", path=path
                )
        return found


@attrs.frozen
class Position:
    """Where a reader stands: what a resumed run starts from.

    Attributes:
        offset: Bytes read of a JSONL or CSV file; rows read of a Parquet file.
        line: The last line read of a JSONL or CSV file; rows read of a
            Parquet file.
    """

    offset: int = 0
    line: int = 0


@attrs.define
class Chunk:
    """Consecutive rows of the input, on their way to a worker and to the output.

    Attributes:
        number: The chunk's place in the run, from 0.
        lines: Each row's line (or row number, for Parquet).
        ids: Each row's id, ``None`` where it has none.
        tasks: What to check for each row; ``None`` for a row in *errors*.
        errors: Why a row could not be read, by its place in the chunk.
        end: Where the reader stands after the chunk.
        raw: For JSONL, the rows' lines as read, parsed by :meth:`parse`
            in the worker rather than in the reading process; then *ids*
            and *tasks* are empty until parsed.
    """

    number: int
    lines: list[int] = attrs.Factory(list)
    ids: list[object] = attrs.Factory(list)
    tasks: list[Task | None] = attrs.Factory(list)
    errors: dict[int, str] = attrs.Factory(dict)
    end: Position = Position()
    raw: list[bytes] | None = None

    def __len__(self) -> int:
        return len(self.raw) if self.raw is not None else len(self.tasks)

    def parse(self, columns: Columns) -> None:
        """Parse the JSONL lines in *raw* into rows, then drop them."""
        if self.raw is None:
            return
        lines, raw = self.lines, self.raw
        self.lines, self.raw = [], None
        for line, text in zip(lines, raw, strict=True):
            try:
                row = json.loads(text)
            except UnicodeDecodeError:
                self.add(line, None, None, "the line is not UTF-8")
            except RecursionError:
                self.add(line, None, None, "not valid JSON: nested too deeply")
            except ValueError as error:
                reason = getattr(error, "msg", str(error))
                self.add(line, None, None, f"not valid JSON: {reason}")
            else:
                if isinstance(row, dict):
                    _add_mapping(self, line, row, columns)
                else:
                    self.add(line, None, None, "the line is not a JSON object")

    def add(self, line: int, id: object, task: Task | None, error: str | None = None) -> None:
        """Append one row."""
        if error is not None:
            self.errors[len(self.tasks)] = error
            task = None
        self.lines.append(line)
        self.ids.append(id)
        self.tasks.append(task)


@attrs.frozen
class Source:
    """An input file, opened lazily.

    Attributes:
        path: The file.
        format: ``"jsonl"``, ``"csv"`` or ``"parquet"``.
        columns: Which column holds what.
        total: How far a reader goes: the file's size in bytes, or its rows
            for Parquet; for the progress bar.
        unit: What *total* counts: ``"B"`` or ``"row"``.
        id_type: For Parquet, the pyarrow type of the id column, else ``None``.
    """

    path: str
    format: str
    columns: Columns
    total: int
    unit: str
    id_type: Any = None

    def chunks(self, start: Position, size: int, *, first: int = 0) -> Iterator[Chunk]:
        """Yield the rows after *start*, in chunks of at most *size* rows.

        Args:
            start: Where to start; ``Position()`` for the beginning.
            size: Most rows in one chunk.
            first: The first chunk's number.

        Yields:
            The chunks, in input order.

        Raises:
            InputError: The file cannot be read (past one bad row).
        """
        read = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[self.format]
        try:
            yield from read(self, start, size, first)
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror or error}", path=self.path) from None


def open_source(path: str, columns: Columns, *, format: str | None = None) -> Source:
    """Return the input file *path*, checking it can be read and has a text column.

    Args:
        path: The file.
        columns: Which column holds what.
        format: ``"jsonl"``, ``"csv"`` or ``"parquet"``; from the suffix when ``None``.

    Returns:
        The source.

    Raises:
        InputError: The format is unknown, the file cannot be read, or a
            named column is missing.
        MissingExtraError: The file is Parquet and pyarrow is not installed.
    """
    if format is None:
        format = FORMATS.get(os.path.splitext(path)[1].lower())
        if format is None:
            known = ", ".join(FORMATS)
            raise InputError(
                f"cannot tell the format from the name; name it with one of {known} "
                "or give the format",
                path=path,
            )
    elif format not in FORMATS.values():
        raise InputError(f"unknown input format {format!r}", path=path)
    try:
        size = os.stat(path).st_size
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=path) from None
    if format == "parquet":
        pq = require("pyarrow.parquet", "reading Parquet")
        try:
            schema = pq.read_schema(path)
            rows = pq.read_metadata(path).num_rows
        except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
            raise InputError(f"not a readable Parquet file: {error}", path=path) from None
        found = columns.present(list(schema.names), path=path)
        id_type = schema.field(found["id"]).type if found["id"] is not None else None
        return Source(path, format, columns, rows, "row", id_type)
    if format == "csv":
        with open(path, "rb") as file:
            header = _header(file, path)
        columns.present(header, path=path)
    return Source(path, format, columns, size, "B")


def _task(text: object, kind: object, channel: object) -> Task:
    """Return what a worker checks, an empty kind or channel as ``None``."""
    return (text, None if kind in (None, "") else kind, None if channel in (None, "") else channel)


def _jsonl(source: Source, start: Position, size: int, first: int) -> Iterator[Chunk]:
    number = first
    chunk = Chunk(number, raw=[])
    offset, line = start.offset, start.line
    with open(source.path, "rb") as file:
        file.seek(offset)
        for raw in file:
            offset += len(raw)
            line += 1
            if raw.isspace():
                continue
            chunk.lines.append(line)
            chunk.raw.append(raw)  # type: ignore[union-attr]  # a list until parsed
            if len(chunk) >= size:
                chunk.end = Position(offset, line)
                yield chunk
                number += 1
                chunk = Chunk(number, raw=[])
    if len(chunk):
        chunk.end = Position(offset, line)
        yield chunk


def _add_mapping(chunk: Chunk, line: int, row: dict[str, Any], c: Columns) -> None:
    id = row.get(c.id)
    if c.text not in row:
        chunk.add(line, id, None, f"no {c.text!r} field")
        return
    if row[c.text] is None:
        chunk.add(line, id, None, "the text is missing")
        return
    chunk.add(line, id, _task(row[c.text], row.get(c.kind), row.get(c.channel)))


class _Lines:
    """The lines of a binary file, decoded, counting bytes and lines as they go."""

    def __init__(self, file: IO[bytes], offset: int, line: int) -> None:
        self.file = file
        self.offset = offset
        self.line = line
        self.undecodable: set[int] = set()

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        raw = self.file.readline()
        if not raw:
            raise StopIteration
        self.offset += len(raw)
        self.line += 1
        try:
            return raw.decode("utf-8-sig" if self.offset == len(raw) else "utf-8")
        except UnicodeDecodeError:
            self.undecodable.add(self.line)
            return raw.decode("utf-8", "replace")


def _header(file: IO[bytes], path: str) -> list[str]:
    lines = _Lines(file, 0, 0)
    try:
        header = next(csv.reader(lines), [])
    except csv.Error as error:
        raise InputError(f"the header is not valid CSV: {error}", path=path) from None
    if lines.undecodable:
        raise InputError("the header is not UTF-8", path=path)
    return header


def _csv(source: Source, start: Position, size: int, first: int) -> Iterator[Chunk]:
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, CSV_FIELD_LIMIT))
    try:
        yield from _csv_rows(source, start, size, first)
    finally:
        csv.field_size_limit(limit)


def _csv_rows(source: Source, start: Position, size: int, first: int) -> Iterator[Chunk]:
    with open(source.path, "rb") as file:
        lines = _Lines(file, 0, 0)
        header = next(csv.reader(lines), [])
        found = source.columns.present(header, path=source.path)
        place = {role: header.index(name) for role, name in found.items() if name is not None}
        if start.offset > lines.offset:
            file.seek(start.offset)
            lines.offset, lines.line = start.offset, start.line
        reader = csv.reader(lines)
        number = first
        chunk = Chunk(number)
        while True:
            begins = lines.line + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                chunk.add(begins, None, None, f"not valid CSV: {error}")
                record = None
            if record is not None:
                if not record:  # a blank line
                    continue
                _add_record(chunk, begins, record, place, len(header))
                if lines.undecodable & set(range(begins, lines.line + 1)):
                    chunk.errors[len(chunk.tasks) - 1] = "the record is not UTF-8"
                    chunk.tasks[-1] = None
                lines.undecodable.clear()
            if len(chunk) >= size:
                chunk.end = Position(lines.offset, lines.line)
                yield chunk
                number += 1
                chunk = Chunk(number)
        if len(chunk):
            chunk.end = Position(lines.offset, lines.line)
            yield chunk


def _add_record(
    chunk: Chunk, line: int, record: list[str], place: dict[str, int], width: int
) -> None:
    def cell(role: str) -> str | None:
        at = place.get(role)
        if at is None or at >= len(record) or record[at] == "":
            return None
        return record[at]

    id = cell("id")
    if place["text"] >= len(record):
        reason = f"the record has {len(record)} field(s); the header has {width}"
        chunk.add(line, id, None, reason)
        return
    chunk.add(line, id, (record[place["text"]], cell("kind"), cell("channel")))


def _parquet(source: Source, start: Position, size: int, first: int) -> Iterator[Chunk]:
    pq = require("pyarrow.parquet", "reading Parquet")
    try:
        file = pq.ParquetFile(source.path)
    except (OSError, ValueError) as error:
        raise InputError(f"not a readable Parquet file: {error}", path=source.path) from None
    with file:
        names = file.schema_arrow.names
        found = source.columns.present(list(names), path=source.path)
        wanted = [name for name in dict.fromkeys(found.values()) if name is not None]
        # Skip the row groups read already, then the rows read of the next one.
        skip, group = start.offset, 0
        while group < file.num_row_groups and skip >= file.metadata.row_group(group).num_rows:
            skip -= file.metadata.row_group(group).num_rows
            group += 1
        row = start.offset - skip
        number = first
        groups = list(range(group, file.num_row_groups))
        if not groups:
            return
        for batch in file.iter_batches(batch_size=size, row_groups=groups, columns=wanted):
            if skip:  # rows of this row group read before the run stopped
                dropped = min(skip, batch.num_rows)
                batch, skip, row = batch.slice(dropped), skip - dropped, row + dropped
                if not batch.num_rows:
                    continue
            count = batch.num_rows
            cells = {
                role: batch.column(name).to_pylist() if name is not None else [None] * count
                for role, name in found.items()
            }
            chunk = Chunk(number)
            for id, text, kind, channel in zip(
                cells["id"], cells["text"], cells["kind"], cells["channel"], strict=True
            ):
                row += 1
                if text is None:
                    chunk.add(row, id, None, "the text is missing")
                else:
                    chunk.add(row, id, _task(text, kind, channel))
            chunk.end = Position(row, row)
            yield chunk
            number += 1
