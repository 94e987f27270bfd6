"""Time the etiquette checks, each figure beside its peer measured in the same run.

Usage: python benchmarks/check.py [--quick] [--engine re]

Prints:

* cold: milliseconds to import the library and run a first check, in a
  fresh interpreter;
* warm: median microseconds to check a clean 150-word outreach message and a
  120-word one that trips a rule, with every rule and the models, beside
  proselint (the ``bench`` extra, timed in a subprocess because it needs
  RE2) and one regular-expression pass over the same text;
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
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

# --engine re hides RE2 from the library before it is imported, as on a plain
# install. proselint 0.16 needs RE2 itself, so it is timed in a subprocess.
if "--engine" in sys.argv and sys.argv[sys.argv.index("--engine") + 1 :][:1] == ["re"]:
    sys.modules["re2"] = None  # type: ignore[assignment]

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


# A realistic 120-word draft that trips a rule (a résumé passed to hiring).
TRIPPING = (
    "Hi Ms. Lindqvist, I'm Maya, a junior at Northbay studying economics, and I saw your "
    "talk on forensic audit at the alumni night last month. I've been trying to work out "
    "whether audit or advisory suits me better, and your move from one to the other is "
    "exactly the path I'd love to hear about. Would you have 20 minutes for a call in the "
    "next couple of weeks? I'm free most afternoons and happy to work around your "
    "schedule. I'd especially like to hear what the first year was like and what you wish "
    "you had known. Also, if your team has any internships open this summer, could you "
    "pass my resume to the hiring manager? Thanks so much for reading, Maya"
)
PROSELINT = """
import json, statistics, sys, time
try:
    from proselint.checks import __register__
    from proselint.tools import CheckRegistry, LintFile
except ImportError:
    print("null"); sys.exit()
CheckRegistry().register_many(__register__)
text, repeat = sys.argv[1], int(sys.argv[2])
LintFile("<bench>", text).lint()
samples = []
for _ in range(repeat):
    start = time.perf_counter(); LintFile("<bench>", text).lint()
    samples.append(time.perf_counter() - start)
print(json.dumps(statistics.median(samples) * 1e6))
"""
FIRST = """
import sys, time
if sys.argv[2] == "re":
    sys.modules["re2"] = None
start = time.perf_counter()
import infointerview as ii
imported = time.perf_counter()
ii.check(sys.argv[1])
done = time.perf_counter()
print((imported - start) * 1e3, (done - imported) * 1e3)
"""


def proselint_us(text: str, repeat: int) -> float | None:
    """Median microseconds of proselint on *text*, in a fresh interpreter; None without it."""
    command = [sys.executable, "-c", PROSELINT, text, str(repeat)]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    value: float | None = json.loads(out.stdout)
    return value


def first_check_ms(text: str, engine: str) -> tuple[float, float]:
    """Milliseconds to import the library and to run the first check, in a fresh interpreter."""
    command = [sys.executable, "-c", FIRST, text, engine]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    imported, checked = out.stdout.split()
    return float(imported), float(checked)


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
    parser.add_argument(
        "--engine",
        choices=["default", "re"],
        default="default",
        help="re: hide RE2, as on a plain install (default: whatever is installed)",
    )
    args = parser.parse_args()
    repeat = 200 if args.quick else 2000
    checker = ii.Checker()
    print(f"engine: {ii.etiquette.ENGINE}; Python {sys.version.split()[0]}")

    cold = [first_check_ms(TRIPPING, args.engine) for _ in range(3 if args.quick else 5)]
    print(
        f"\ncold, fresh interpreter (median of {len(cold)}): import "
        f"{statistics.median(c[0] for c in cold):.1f} ms, first check "
        f"{statistics.median(c[1] for c in cold):.1f} ms"
    )
    for label, text in [("clean", OUTREACH), ("tripping", TRIPPING)]:
        checker.check(text)
        ours = median_us(lambda t=text: checker.check(t), repeat)
        theirs = proselint_us(text, max(20, repeat // 20))
        words = len(text.split())
        line = f"warm, {words}-word {label} outreach, all rules: median {ours:8.1f} µs"
        if theirs is None:
            line += "; proselint not installed (pip install 'infointerview[bench]')"
        else:
            line += f"; proselint {theirs:9.1f} µs ({theirs / ours:.0f}x slower)"
        found = [f.rule for f in checker.check(text) if f.severity is ii.Severity.ERROR]
        print(line + (f"  [errors: {', '.join(found)}]" if found else ""))
        one_pass = median_us(lambda t=text: WORDS.findall(t.lower()), repeat)
        print(f"    one regex pass over the same text: median {one_pass:8.1f} µs")

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
