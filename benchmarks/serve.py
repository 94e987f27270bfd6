"""Time ``infointerview serve`` on loopback beside the same checks called in-process.

Usage: python benchmarks/serve.py [--quick] [--workers N] [--requests N] [--repeats N]

Starts ``infointerview serve`` (the ``server`` extra) as a child process on
127.0.0.1 and a free port; nothing leaves the machine and every loop is
bounded. The messages are the labelled corpus under ``tests/corpus/`` (over a
thousand varied messages, many of which trip a rule), in a fixed order.

Prints:

* the cold start: seconds until ``/healthz`` answers, and the first check's
  latency;
* for 1, 8 and 32 concurrent clients: requests per second (median of the
  repeats, with their range) and p50/p99 latency in milliseconds, for
  ``Checker.check`` called in-process from as many threads, ``POST /v1/check``
  and LanguageTool's ``POST /v2/check``;
* a bounded load run of 5,000 ``/v1/check`` requests from 8 clients: errors,
  and the server's resident memory after warm-up, at its peak and at the end.

Clients are threads of this process, each with one keep-alive connection, so
on a small machine they share the cores with the server; the in-process rows
show what the same threads get with no HTTP at all.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import json
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import threading
import time
import tomllib
import urllib.parse
from collections.abc import Callable

import infointerview as ii

ROOT = pathlib.Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
CLIENTS = (1, 8, 32)
LOAD_REQUESTS = 5_000
LOAD_CLIENTS = 8
START_SECONDS = 120.0
HEADER = (
    "| what                     | clients |    req/s | range (repeats) |   p50 ms |   p99 ms "
    "| errors |"
)
RULE = (
    "| ------------------------ | ------: | -------: | --------------- | -------: | -------: "
    "| -----: |"
)


def corpus() -> list[tuple[str, str, str | None]]:
    """Return (text, kind, channel) for every labelled message, channel only when real."""
    channels = {channel.value for channel in ii.Channel}
    found = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*.toml")):
        for message in tomllib.loads(path.read_text(encoding="utf-8"))["message"]:
            channel = message.get("channel")
            found.append(
                (message["text"], message["kind"], channel if channel in channels else None)
            )
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def rss_kib(pid: int) -> int:
    """Resident memory of *pid* and its children (the workers), in KiB, from /proc."""
    total = 0
    pids = [pid]
    children = pathlib.Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        for line in pathlib.Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


class Client:
    """One keep-alive connection that posts a message and times the answer."""

    def __init__(self, port: int, api: str) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.api = api

    def send(self, message: tuple[str, str, str | None]) -> tuple[float, int]:
        text, kind, channel = message
        if self.api == "v1":
            payload = {"text": text, "kind": kind, "channel": channel}
            body = json.dumps(payload).encode()
            headers = {"Content-Type": "application/json"}
            path = "/v1/check"
        else:
            fields = {"text": text, "language": "en-US", "kind": kind}
            body = urllib.parse.urlencode(fields).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            path = "/v2/check"
        start = time.perf_counter()
        self.conn.request("POST", path, body=body, headers=headers)
        reply = self.conn.getresponse()
        reply.read()
        return time.perf_counter() - start, reply.status

    def close(self) -> None:
        self.conn.close()


def run_clients(
    count: int,
    messages: list[tuple[str, str, str | None]],
    requests: int,
    make: Callable[[], Callable[[tuple[str, str, str | None]], tuple[float, int]]],
    on_progress: Callable[[int], None] | None = None,
) -> tuple[float, list[float], int]:
    """Send *requests* messages from *count* threads; return seconds, latencies and errors."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    next_index = 0

    def worker() -> None:
        nonlocal next_index, errors
        send = make()
        try:
            while True:
                with lock:
                    index = next_index
                    next_index += 1
                if index >= requests:
                    return
                elapsed, status = send(messages[index % len(messages)])
                with lock:
                    latencies.append(elapsed)
                    errors += status != 200
                    done = len(latencies)
                if on_progress is not None:
                    on_progress(done)
        finally:
            closer = getattr(send, "__self__", None)
            if isinstance(closer, Client):
                closer.close()

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        for future in [pool.submit(worker) for _ in range(count)]:
            future.result()
    return time.perf_counter() - start, latencies, errors


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(label, count, messages, requests, repeats, make) -> str:
    rates, pooled, errors = [], [], 0
    for _ in range(repeats):
        seconds, latencies, failed = run_clients(count, messages, requests, make)
        rates.append(len(latencies) / seconds)
        pooled += latencies
        errors += failed
    spread = f"{min(rates):7.0f}-{max(rates):<7.0f}" if repeats > 1 else " " * 15
    return (
        f"| {label:<24} | {count:>7} | {statistics.median(rates):8.0f} | {spread} "
        f"| {percentile(pooled, 0.50) * 1e3:8.2f} | {percentile(pooled, 0.99) * 1e3:8.2f} "
        f"| {errors:>6} |"
    )


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "infointerview", "serve", "--host", HOST, "--port", str(port),
        "--workers", str(workers), "--log-level", "warning",
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_healthy(process: subprocess.Popen[bytes], port: int) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < START_SECONDS:
        if process.poll() is not None:
            raise SystemExit(
                f"serve exited: {process.stderr.read().decode() if process.stderr else ''}"
            )
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        try:
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return time.perf_counter() - start
        except OSError:
            time.sleep(0.05)
        finally:
            conn.close()
    raise SystemExit("serve did not answer /healthz in time")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few requests, one repeat")
    parser.add_argument("--workers", type=int, default=1, help="serve --workers (default 1)")
    parser.add_argument("--requests", type=int, help="requests per measurement")
    parser.add_argument("--repeats", type=int, help="repeats per measurement")
    args = parser.parse_args()
    requests = args.requests or (200 if args.quick else 1000)
    repeats = args.repeats or (1 if args.quick else 3)
    load = 1000 if args.quick else LOAD_REQUESTS
    messages = corpus()
    print(
        f"infointerview {ii.__version__}, engine {ii.etiquette.ENGINE}, Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} cores, {len(messages)} corpus messages"
    )
    print(f"serve --workers {args.workers}; {requests} requests x {repeats} repeats per row\n")

    port = free_port()
    launched = time.perf_counter()
    process = start_server(port, args.workers)
    try:
        ready = wait_healthy(process, port)
        first = Client(port, "v1")
        cold, _status = first.send(messages[0])
        first.close()
        print(f"cold start: /healthz after {ready:.2f} s; first /v1/check {cold * 1e3:.1f} ms "
              f"({time.perf_counter() - launched:.2f} s from launch)\n")  # fmt: skip

        launched_rss = rss_kib(process.pid)
        checker = ii.Checker()
        # The first sight of each text warms the pattern engine's caches, in
        # this process and in the server alike: one pass over the corpus each
        # before anything is timed, so the rows and the load run show steady state.
        for text, kind, channel in messages:
            checker.check(text, kind, channel=channel)

        def in_process() -> Callable[[tuple[str, str, str | None]], tuple[float, int]]:
            def call(message: tuple[str, str, str | None]) -> tuple[float, int]:
                start = time.perf_counter()
                checker.check(message[0], message[1], channel=message[2])
                return time.perf_counter() - start, 200

            return call

        def over(
            api: str,
        ) -> Callable[[], Callable[[tuple[str, str, str | None]], tuple[float, int]]]:
            return lambda: Client(port, api).send

        run_clients(8, messages, len(messages), over("v1"))
        run_clients(8, messages, 200, over("v2"))
        warm_rss = rss_kib(process.pid)
        print(
            f"server memory (RSS, workers included): {launched_rss / 1024:.1f} MiB when ready, "
            f"{warm_rss / 1024:.1f} MiB after one pass over the corpus\n"
        )

        print(HEADER)
        print(RULE)
        for count in CLIENTS:
            print(measure("in-process check", count, messages, requests, repeats, in_process))
            print(measure("HTTP POST /v1/check", count, messages, requests, repeats, over("v1")))
            print(
                measure("HTTP POST /v2/check (LT)", count, messages, requests, repeats, over("v2"))
            )

        samples: list[int] = []
        step = max(load // 10, 1)

        def sample(done: int) -> None:
            if done % step == 0:
                samples.append(rss_kib(process.pid))

        before = rss_kib(process.pid)
        seconds, latencies, errors = run_clients(
            LOAD_CLIENTS, messages, load, over("v1"), on_progress=sample
        )
        after = rss_kib(process.pid)
        print(
            f"\nload run: {len(latencies)} /v1/check requests from {LOAD_CLIENTS} clients in "
            f"{seconds:.1f} s, {errors} errors, {len(latencies) - errors} answered 200"
        )
        print(
            f"server memory (RSS, workers included): {before / 1024:.1f} MiB after warm-up, "
            f"peak {max([before, *samples, after]) / 1024:.1f} MiB, {after / 1024:.1f} MiB at the "
            f"end ({(after - before) / 1024:+.1f} MiB); every {step} requests: "
            + ", ".join(f"{s / 1024:.1f}" for s in samples)
        )
        return 1 if errors else 0
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stderr:
            process.stderr.close()


if __name__ == "__main__":
    sys.exit(main())
