"""Stored messages for the batch tests: the labelled corpus, written as JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import functools
import json
import pathlib
import tomllib
from collections.abc import Sequence
from typing import Any

import infointerview as ii

CORPUS = pathlib.Path(__file__).resolve().parent / "corpus"
CHANNELS = {"alumni-platform", "linkedin-note", "linkedin-message", "email"}


@functools.cache
def corpus() -> tuple[dict[str, Any], ...]:
    """Return the corpus messages (about 1,200, every kind and channel) as plain rows."""
    rows = []
    for path in sorted(CORPUS.glob("*.toml")):
        for message in tomllib.loads(path.read_text(encoding="utf-8"))["message"]:
            rows.append(
                {
                    "id": message["id"],
                    "kind": message["kind"],
                    # corpus-only channels ("text", "whatsapp") are plain messages
                    "channel": message.get("channel")
                    if message.get("channel") in CHANNELS
                    else "",
                    "text": message["text"],
                }
            )
    return tuple(rows)


def write(path: pathlib.Path, rows: Sequence[dict[str, Any]]) -> pathlib.Path:
    """Write *rows* to *path* in the format its suffix names; return *path*."""
    if path.suffix == ".jsonl":
        with path.open("w", encoding="utf-8") as file:
            for row in rows:
                file.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = {name: [row[name] for row in rows] for name in rows[0]}
        pq.write_table(pa.table(columns), path, row_group_size=100)
    return path


def expected(rows: Sequence[dict[str, Any]], config: ii.Config | None = None) -> list[list[dict]]:
    """Return what ii.check finds in each row, as to_dict() lists."""
    return [
        [
            f.to_dict()
            for f in ii.check(
                row["text"],
                row["kind"] or "outreach",
                config=config,
                channel=row["channel"] or None,
            )
        ]
        for row in rows
    ]


def read_jsonl(path: pathlib.Path) -> list[dict[str, Any]]:
    """Return the lines of a JSONL output."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
