"""Time `import infointerview` and `infointerview --version` as whole processes.

Usage: python benchmarks/import_time.py [--repeat N]

Each figure is the median wall time of N fresh interpreters (default 21),
with the spread (the 10th to 90th percentile), beside the baselines measured
in the same run: an interpreter that does nothing (``python -c pass``), and
one that imports Jinja2. The subtraction ``import - pass`` is what the
package itself adds. Run it on a plain install (no extras) for the figures
most users get.
"""

import argparse
import statistics
import subprocess
import sys
import time

CASES = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "import jinja2": [sys.executable, "-c", "import jinja2"],
    "import infointerview": [sys.executable, "-c", "import infointerview"],
    "import + first check": [
        sys.executable,
        "-c",
        "import infointerview as ii; ii.check('Could you refer me for the analyst role?')",
    ],
    "infointerview --version": [sys.executable, "-m", "infointerview", "--version"],
}


def _time(argv: list[str], repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        runs.append((time.perf_counter() - start) * 1000)
    return sorted(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    _time(CASES["import infointerview"], 2)  # warm the file cache and .pyc files
    results = {name: _time(argv, args.repeat) for name, argv in CASES.items()}
    base = statistics.median(results["python -c pass"])
    print(f"{'process':28} {'median ms':>10} {'p10-p90 ms':>14} {'minus pass':>11}")
    for name, runs in results.items():
        deciles = statistics.quantiles(runs, n=10)
        median = statistics.median(runs)
        print(
            f"{name:28} {median:10.1f} {deciles[0]:6.1f}-{deciles[-1]:<7.1f} {median - base:11.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
