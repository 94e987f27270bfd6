"""Time checking an archive: ii.check in a loop, infointerview batch on 1 and 2 processes, Dask.

Usage: python benchmarks/batch.py [--count 100000] [--repeat 3]

Every figure is measured in a fresh process started by this script, in the
same run, the repeats of the variants interleaved so that a passing load
on the machine falls on all of them alike:

* ``ii.check loop``: one process reads the JSONL, calls ``ii.check`` on each
  message and writes the same JSONL the command writes (the baseline);
* ``batch --jobs 1`` and ``batch --jobs 2``: the command, JSONL in and out;
* ``dask, 2 workers``: ``check_frame`` over Parquet partitions on a
  ``LocalCluster`` of two worker processes, started by the run.

The messages are composed from many templates (``batch_messages.py``). For
each variant the script prints the median wall time over the repeats with
the fastest and slowest, messages per second end to end, messages per
second after start-up (the median time of the same run on a single message,
which is interpreter start, imports, the workers' start and their checkers'
warm-up, taken off), and the peak memory of all its processes together
(resident set sizes summed, sampled every 50 ms). It then checks that every
variant found exactly what the loop found. Medians hide some noise, not
all: on a small shared machine, read the spread too.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence

import batch_messages

import infointerview as ii

HERE = pathlib.Path(__file__).resolve()
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _descendants(pid: int) -> list[int]:
    """Return *pid* and its descendants, read from each thread's ``children`` file."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as file:
                    todo.extend(int(child) for child in file.read().split())
            except OSError:
                pass
    return found


def _tree_rss(root: int) -> int:
    """Return the summed resident set size of *root* and its descendants, in bytes."""
    total = 0
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
                total += int(statm.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            pass
    return total


def run_measured(command: Sequence[str]) -> tuple[float, int]:
    """Run *command*; return its wall time in seconds and its process tree's peak memory."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            if os.path.isdir("/proc"):
                peak = max(peak, _tree_rss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{err.decode()}")
    return elapsed, peak


def loop(source: str, out: str) -> None:
    """The baseline: read, ii.check each message in turn, write the command's JSONL."""
    with open(source, encoding="utf-8") as rows, open(out, "w", encoding="utf-8") as output:
        for number, line in enumerate(rows, start=1):
            row = json.loads(line)
            findings = ii.check(
                row["text"], row["kind"] or "outreach", channel=row["channel"] or None
            )
            found = [finding.to_dict() for finding in findings]
            output.write(
                json.dumps(
                    {"id": row["id"], "line": number, "findings": found}, ensure_ascii=False
                )
                + "\n"
            )


def dask(source: str, out: str) -> None:
    """check_frame over the Parquet partitions in *source* on a 2-process LocalCluster."""
    import warnings

    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    warnings.simplefilter("ignore")  # Dask's own deprecation warnings under pandas 3
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        messages = dd.read_parquet(source)
        meta = ii.batch.check_frame(messages._meta, channel="channel")
        found = messages.map_partitions(ii.batch.check_frame, channel="channel", meta=meta)
        found.to_parquet(out, write_index=False)


def write_inputs(folder: pathlib.Path, count: int) -> tuple[pathlib.Path, pathlib.Path, int]:
    """Write *count* messages as JSONL and Parquet partitions; return both, and distinct texts."""
    import pandas as pd

    rows = [
        {"id": f"m{n:06d}", "kind": kind, "channel": channel, "text": text}
        for n, (kind, channel, text) in enumerate(batch_messages.messages(count))
    ]
    jsonl = folder / "messages.jsonl"
    with jsonl.open("w", encoding="utf-8") as file:
        for row in rows:
            file.write(json.dumps(row, ensure_ascii=False) + "\n")
    frame = pd.DataFrame(rows)
    frame["channel"] = frame["channel"].replace("", None)
    parts = folder / "parts"
    parts.mkdir()
    size = 5000
    for start in range(0, count, size):
        frame.iloc[start : start + size].to_parquet(parts / f"part-{start // size:04d}.parquet")
    return jsonl, parts, len({row["text"] for row in rows})


def _dask_findings(out: pathlib.Path) -> list[tuple]:
    import pandas as pd

    frame = pd.read_parquet(out)
    return sorted(zip(frame["id"], frame["rule"], frame["start"], frame["end"], strict=True))


def _loop_findings(out: pathlib.Path) -> list[tuple]:
    found = []
    with out.open(encoding="utf-8") as lines:
        for row in map(json.loads, lines):
            found += [(row["id"], f["rule"], f["start"], f["end"]) for f in row["findings"]]
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="messages (default 100000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each variant")
    parser.add_argument("--no-dask", action="store_true", help="leave Dask out")
    args = parser.parse_args()

    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as temporary:
        folder = pathlib.Path(temporary)
        jsonl, parts, distinct = write_inputs(folder, args.count)
        # The same runs on a single message measure start-up alone.
        one = folder / "one.jsonl"
        one.write_text(jsonl.open(encoding="utf-8").readline(), encoding="utf-8")
        one_parts = folder / "one-part"
        one_parts.mkdir()
        first = next(iter(sorted(parts.iterdir())))
        pq.write_table(pq.read_table(first).slice(0, 1), one_parts / "part.parquet")

        me = [sys.executable, str(HERE)]
        batch = [sys.executable, "-m", "infointerview", "batch", "--no-progress"]
        variants = {
            "ii.check loop": lambda src, out, parts_dir: [*me, "loop", str(src), str(out)],
            "batch --jobs 1": lambda src, out, parts_dir: [
                *batch,
                str(src),
                "--out",
                str(out),
                "--jobs",
                "1",
            ],
            "batch --jobs 2": lambda src, out, parts_dir: [
                *batch,
                str(src),
                "--out",
                str(out),
                "--jobs",
                "2",
            ],
        }
        if not args.no_dask:
            variants["dask, 2 workers"] = lambda src, out, parts_dir: [
                *me,
                "dask",
                str(parts_dir),
                str(out),
            ]

        times: dict[str, list[float]] = {name: [] for name in variants}
        peaks: dict[str, list[int]] = {name: [] for name in variants}
        starts: dict[str, list[float]] = {name: [] for name in variants}
        outs = {name: folder / f"out-{n}" for n, name in enumerate(variants)}
        for name in variants:
            outs[name] = outs[name].with_suffix("" if name.startswith("dask") else ".jsonl")
        for repeat in range(args.repeat):
            for name, command in variants.items():
                out = outs[name]
                if out.is_dir():
                    for part in out.iterdir():
                        part.unlink()
                elapsed, peak = run_measured(command(jsonl, out, parts))
                times[name].append(elapsed)
                peaks[name].append(peak)
                small = folder / f"small-{repeat}"
                small = small.with_suffix("" if name.startswith("dask") else ".jsonl")
                starts[name].append(run_measured(command(one, small, one_parts))[0])
                print(f"  run {repeat + 1}: {name:16} {elapsed:7.2f} s", file=sys.stderr)

        size = jsonl.stat().st_size / 1e6
        cores = (
            len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        )
        print(
            f"engine: {ii.etiquette.ENGINE}; Python {sys.version.split()[0]}; {cores} cores; "
            f"{args.count:,} messages ({distinct:,} distinct texts, {size:.0f} MB of JSONL); "
            f"median of {args.repeat} runs"
        )
        print(
            f"\n{'variant':17} {'wall s':>7} {'(min-max)':>13} {'msg/s':>7} "
            f"{'start-up s':>10} {'msg/s after':>11} {'peak MB':>8}"
        )
        rates = {}
        for name in variants:
            wall = statistics.median(times[name])
            start = statistics.median(starts[name])
            rates[name] = (args.count / wall, args.count / max(wall - start, 1e-9))
            spread = f"({min(times[name]):.1f}-{max(times[name]):.1f})"
            print(
                f"{name:17} {wall:7.2f} {spread:>13} {rates[name][0]:7,.0f} {start:10.2f} "
                f"{rates[name][1]:11,.0f} {statistics.median(peaks[name]) / 1e6:8.0f}"
            )
        one_rate, two_rate = rates["batch --jobs 1"], rates["batch --jobs 2"]
        print(
            f"\n2 processes vs 1: {two_rate[0] / one_rate[0]:.2f}x end to end, "
            f"{two_rate[1] / one_rate[1]:.2f}x after start-up"
        )

        baseline = outs["ii.check loop"].read_bytes()
        same = {
            name: outs[name].read_bytes() == baseline
            for name in variants
            if name.startswith("batch")
        }
        if not args.no_dask:
            same["dask, 2 workers"] = _dask_findings(outs["dask, 2 workers"]) == _loop_findings(
                outs["ii.check loop"]
            )
        for name, equal in same.items():
            print(f"{name}: {'the same findings as ii.check' if equal else 'DIFFERENT findings'}")
        return 0 if all(same.values()) else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "loop":
        loop(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "dask":
        dask(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
