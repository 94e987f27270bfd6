"""Time the etiquette checks, each figure beside its peer measured in the same run.

Usage: python benchmarks/check.py [--quick]

Prints:

* median microseconds to check a 150-word outreach message with every rule,
  and proselint (the ``bench`` extra) linting the same text, and the ratio;
* throughput over 10,000 varied messages;
* seconds for 1 MB of adversarial text of several shapes (the size cap raised
  to check it whole), the growth from 10 KB to 1 MB (linear growth keeps the
  ratio near 100), and one regular-expression pass over the same 1 MB;
* whether checking imports Jinja2.

The regular-expression engine in use is printed first: RE2 with the ``re2``
extra, the standard library's ``re`` without it.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import infointerview as ii

OUTREACH = (
    "Dear Ms. Lindqvist,\n\n"
    "I hope this message finds you well. My name is Maya Okafor, and I am a third-year "
    "economics major at Northbay University. I came across your profile on Northbay Connect "
    "and was struck by your move from general audit into forensic accounting at Harbor & Vale. "
    "I am trying to understand what the first years in audit are really like, and how people "
    "find their way into investigative work. Your path seems like exactly the one I would "
    "love to learn from, especially how you chose between advisory and assurance early on. "
    "Would you be willing to speak with me for 20 to 30 minutes sometime in the next few weeks "
    "about your experiences in accounting? I am happy to work around your schedule, by phone "
    "or video, whichever is easier for you. I look forward to your response, and thank you "
    "for considering my request!\n\nSincerely,\nMaya Okafor"
)
ADVERSARIAL = {
    "one word repeated": "job ",
    "spaces": " ",
    "nested brackets": "((((",
    "quotes": '"',
    "request frame repeated": "could you please ",
    "residence phrase": "meet at your ",
    "zero-width inside words": "j\u200bob ",
    "emoji": "\U0001f600",
    "asks, many findings": "Could you refer me? ",
    "full stops": ".",
    "end punctuation": "!?.",
    "hyphenated letters": "a-",
    "apostrophes": "a'",
    "abbreviations": "Dr. ",
    "abbreviations with stops": "e.g. ",
    "one-letter sentences": ". ",
    "line breaks": "\n",
    "accents": "e\u0301",
}
# The baseline: one pass of one regular expression over the same text.
WORDS = re.compile(r"[a-z]+")


def median_us(func: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


def proselint_func(text: str) -> Callable[[], object] | None:
    try:
        from proselint.checks import __register__
        from proselint.tools import CheckRegistry, LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)
    return lambda: LintFile("<bench>", text).lint()


def messages(count: int) -> list[tuple[str, str]]:
    bodies = [
        ("outreach", OUTREACH),
        ("question", "How did you land your first job, and what would you do differently?"),
        ("outreach", "Hi Sam! Fellow alum here. Are you hiring? Could we meet at your place?"),
        ("thank_you", "Thank you for speaking with me on Tuesday about audit rotations."),
        ("follow_up", "Could you answer these questions by email instead of a call?"),
    ]
    return [(kind, f"{text} ({i})") for i in range(count) for kind, text in [bodies[i % 5]]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeat = 200 if args.quick else 2000
    checker = ii.Checker()
    checker.check(OUTREACH)
    words = len(OUTREACH.split())
    print(f"engine: {ii.etiquette.ENGINE}; Python {sys.version.split()[0]}")

    ours = median_us(lambda: checker.check(OUTREACH), repeat)
    print(f"\n{words}-word outreach, all rules: median {ours:8.1f} µs")
    lint = proselint_func(OUTREACH)
    if lint is None:
        print("proselint: not installed (pip install 'infointerview[bench]')")
    else:
        lint()
        theirs = median_us(lint, max(20, repeat // 20))
        print(
            f"proselint, same text:       median {theirs:8.1f} µs  ({theirs / ours:.0f}x slower)"
        )

    batch = messages(10_000)
    start = time.perf_counter()
    for kind, text in batch:
        checker.check(text, kind)
    elapsed = time.perf_counter() - start
    print(f"\n10,000 messages: {elapsed:.2f} s, {len(batch) / elapsed:,.0f} messages/s")

    # The cap is raised so that the 1 MB texts are checked whole.
    whole = ii.Checker(ii.Config(max_chars=1_000_000))
    print(
        "\nadversarial input          10 KB s    1 MB s  growth (linear ~100)"
        "   one regex pass, 1 MB s"
    )
    for name, unit in ADVERSARIAL.items():
        small = unit * (10_000 // len(unit))
        large = unit * (1_000_000 // len(unit))
        t_small = median_us(lambda s=small: whole.check(s), 3) / 1e6
        t_large = median_us(lambda s=large: whole.check(s), 1 if args.quick else 3) / 1e6
        t_regex = median_us(lambda s=large: WORDS.findall(s), 3) / 1e6
        print(f"{name:25} {t_small:8.4f} {t_large:9.3f} {t_large / t_small:9.0f} {t_regex:24.4f}")

    code = "import sys, infointerview as ii; ii.check('hi'); print('jinja2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    print(f"\nchecking imports Jinja2: {out.stdout.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
