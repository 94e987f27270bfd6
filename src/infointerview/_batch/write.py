"""Write findings to JSONL or Parquet, chunk by chunk, so a killed run can resume.

The output grows in a work folder beside it, ``OUTPUT.partial/``: JSONL by
appending each chunk to one file, Parquet as one part file per chunk. After
each chunk is on disk, ``state.json`` in that folder is replaced (written
whole, then renamed over the old one) to record how far the run got. A run
killed at any moment leaves a state that names only chunks fully written;
resuming drops whatever was written after it and goes on from there. When
the run ends, the output is moved (JSONL) or merged (Parquet) into place and
the folder removed, so ``OUTPUT`` only ever appears complete.
"""

from __future__ import annotations

import json
import os
import shutil
from typing import Any, Final, Protocol

from infointerview._batch.extras import require
from infointerview._batch.schema import FIELDS, TYPES
from infointerview._batch.work import Checked
from infointerview.exceptions import InputError

__all__ = [
    "FORMATS",
    "JsonlOutput",
    "Output",
    "ParquetOutput",
    "discard",
    "load_state",
    "save_state",
    "work_folder",
]

#: Output formats, by the file name's suffix.
FORMATS: Final = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}

#: The state file's format version.
STATE_VERSION: Final = 1

#: Rows per row group when the Parquet parts are merged.
ROW_GROUP: Final = 64 * 1024


def work_folder(out: str) -> str:
    """Return the folder an unfinished run of *out* keeps its output and state in."""
    return f"{out}.partial"


def _fsync(path: str) -> None:
    """Make a rename or removal in the folder *path* durable, where the system allows."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def save_state(folder: str, state: dict[str, Any]) -> None:
    """Replace the folder's state file with *state*, all at once.

    Args:
        folder: The work folder.
        state: What to record; ``version`` is added.
    """
    path = os.path.join(folder, "state.json")
    with open(f"{path}.tmp", "w", encoding="utf-8") as file:
        json.dump({"version": STATE_VERSION, **state}, file)
        file.flush()
        os.fsync(file.fileno())
    os.replace(f"{path}.tmp", path)


def load_state(folder: str) -> dict[str, Any] | None:
    """Return the state an interrupted run left in *folder*, or ``None`` when it left none.

    Args:
        folder: The work folder.

    Returns:
        The state, or ``None``.

    Raises:
        InputError: The state file is not one this version wrote.
    """
    path = os.path.join(folder, "state.json")
    try:
        with open(path, encoding="utf-8") as file:
            state = json.load(file)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        reason = f"cannot resume: the state file is unreadable ({error})"
        raise InputError(reason, path=path) from None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        raise InputError("cannot resume: the state file is of another version", path=path)
    return state


class Output(Protocol):
    """Where a run's findings go, chunk by chunk."""

    def write(self, checked: Checked) -> None:
        """Write one chunk's rows durably."""

    def state(self) -> dict[str, Any]:
        """Return what a resumed run needs to know of the output."""

    def finish(self, out: str) -> None:
        """Put the whole output at *out*."""


class JsonlOutput:
    """One JSON line per input row: ``{"id", "line", "findings"}``, or ``"error"`` for a bad row.

    Args:
        folder: The work folder.
        size: Bytes of the output a resumed run keeps; 0 to start afresh.
    """

    def __init__(self, folder: str, *, size: int = 0) -> None:
        self.path = os.path.join(folder, "output.jsonl")
        mode = "r+b" if size and os.path.exists(self.path) else "wb"
        self._file = open(self.path, mode)  # noqa: SIM115 - open for the whole run
        self._file.truncate(size if mode == "r+b" else 0)
        self._file.seek(0, os.SEEK_END)
        if self._file.tell() != size:
            self._file.close()
            raise InputError("cannot resume: the output is shorter than recorded", path=self.path)

    def write(self, checked: Checked) -> None:
        """Append the chunk's lines and flush them to disk."""
        assert checked.jsonl is not None
        self._file.write(checked.jsonl)
        self._file.flush()
        os.fsync(self._file.fileno())

    def state(self) -> dict[str, Any]:
        """Return the output's length in bytes."""
        return {"output_bytes": self._file.tell()}

    def finish(self, out: str) -> None:
        """Move the file to *out*."""
        self._file.close()
        os.replace(self.path, out)

    def close(self) -> None:
        """Close the file, leaving it for a resumed run."""
        self._file.close()


class ParquetOutput:
    """One Parquet row per finding: ``id``, ``line`` and the finding's columns.

    Args:
        folder: The work folder.
        id_type: The pyarrow type of the ``id`` column; a string when ``None``.
        chunks: Parts a resumed run keeps; those of later chunks are removed.
    """

    def __init__(self, folder: str, *, id_type: Any = None, chunks: int = 0) -> None:
        self.pa = require("pyarrow", "writing Parquet")
        self.pq = require("pyarrow.parquet", "writing Parquet")
        self.folder = folder
        self.chunks = chunks
        self.string_ids = id_type is None
        arrow = {
            "string": self.pa.string(),
            "int64": self.pa.int64(),
            "float64": self.pa.float64(),
        }
        fields = [
            self.pa.field("id", self.pa.string() if id_type is None else id_type),
            self.pa.field("line", self.pa.int64(), nullable=False),
        ]
        fields += [
            self.pa.field(name, arrow[TYPES[name]], nullable=name == "suggestion")
            for name in FIELDS
        ]
        self.schema = self.pa.schema(fields)
        for name in os.listdir(folder):
            if name.startswith("part-") and (
                name.endswith(".tmp") or int(name[5:].split(".")[0]) >= chunks
            ):
                os.remove(os.path.join(folder, name))

    def _part(self, number: int) -> str:
        return os.path.join(self.folder, f"part-{number:08d}.parquet")

    def write(self, checked: Checked) -> None:
        """Write the chunk's findings as one part file, whole or not at all."""
        assert checked.table is not None
        data = checked.table
        table = self.pa.Table.from_pydict(data, schema=self.schema)
        path = self._part(checked.number)
        with open(f"{path}.tmp", "wb") as file:
            self.pq.write_table(table, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(f"{path}.tmp", path)
        self.chunks = checked.number + 1

    def state(self) -> dict[str, Any]:
        """Return nothing: the state's chunk count names the parts."""
        return {}

    def finish(self, out: str) -> None:
        """Merge the parts, in order, into one Parquet file at *out*."""
        merged = os.path.join(self.folder, "merged.parquet")
        with self.pq.ParquetWriter(merged, self.schema) as writer:
            waiting: list[Any] = []
            rows = 0
            for number in range(self.chunks):
                path = self._part(number)
                if not os.path.exists(path):
                    continue
                table = self.pq.read_table(path, schema=self.schema)
                waiting.append(table)
                rows += table.num_rows
                if rows >= ROW_GROUP:
                    writer.write_table(self.pa.concat_tables(waiting), row_group_size=ROW_GROUP)
                    waiting, rows = [], 0
            if waiting or not self.chunks:
                writer.write_table(
                    self.pa.concat_tables(waiting) if waiting else self.schema.empty_table()
                )
        os.replace(merged, out)

    def close(self) -> None:
        """Nothing to close: each part is closed once written."""


def discard(folder: str) -> None:
    """Remove an unfinished run's work folder."""
    shutil.rmtree(folder, ignore_errors=True)
    _fsync(os.path.dirname(os.path.abspath(folder)))
