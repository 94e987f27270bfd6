"""Tests that the etiquette checks are safe on any input: no crash, exact spans, linear time."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infointerview as ii
from infointerview.etiquette import _regex
from infointerview.etiquette._kinds import builtin_rules, expand

CHECKER = ii.Checker()
KINDS = st.sampled_from([k.value for k in ii.MessageKind])
# Text biased towards the characters that make normalisation and matching hard.
NASTY = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.characters(),  # lone surrogates too
        st.sampled_from(list("\x00\r\n\t\u200b\u200d\u202e\u2066\ufeff\u0301ﬁｊｏｂİß'\"“”?.,!")),
        st.sampled_from(["job ", "hire me", "your home", "email", "could you ", "refer me"]),
    ),
    max_size=200,
).map("".join)


def _spans_ok(text: str, findings: list[ii.Finding]) -> bool:
    for finding in findings:
        whole = finding.start == finding.end == 0
        if not whole and not 0 <= finding.start < finding.end <= len(text):
            return False
    return True


class TestAnyText:
    @settings(max_examples=300, deadline=None)
    @given(text=NASTY, kind=KINDS)
    def test_any_text_gives_findings_with_spans_inside_it(self, text, kind):
        """Any string returns findings whose spans lie inside it and are non-empty."""
        findings = CHECKER.check(text, kind)
        assert _spans_ok(text, findings)

    @settings(max_examples=100, deadline=None)
    @given(text=st.text(max_size=300), kind=KINDS)
    def test_checks_are_deterministic(self, text, kind):
        """The same text gives the same findings every time."""
        assert CHECKER.check(text, kind) == CHECKER.check(text, kind)

    @settings(max_examples=100, deadline=None)
    @given(
        prefix=st.text(max_size=40),
        invisible=st.lists(st.sampled_from(["\u200b", "\u200c", "\u2060", "\ufeff"]), max_size=3),
    )
    def test_invisible_characters_do_not_hide_an_ask(self, prefix, invisible):
        """An ask stays found with zero-width characters inside its words, whatever precedes it."""
        word = "".join(a + b for a, b in zip("hire", [*invisible, "", "", "", ""], strict=False))
        text = f"{prefix}\n\nCould you {word} me?"
        found = [f for f in CHECKER.check(text) if f.rule == "no-job-ask"]
        assert [f"{word} me"] == [text[f.start : f.end] for f in found]

    def test_empty_text(self):
        """The empty string has no findings."""
        assert [] == CHECKER.check("", "question")

    def test_megabytes_are_truncated_explicitly(self):
        """Text over the cap is checked up to it, and a warning marks the rest."""
        text = "Are you hiring? " * 200_000
        findings = CHECKER.check(text, "question")
        [truncated] = [f for f in findings if f.rule == "input-truncated"]
        assert (ii.etiquette.MAX_CHARS, len(text)) == (truncated.start, truncated.end)
        assert _spans_ok(text, findings)

    def test_smaller_cap(self):
        """A config may lower the cap."""
        findings = ii.Checker(ii.Config(max_chars=10)).check("Are you hiring?", "question")
        assert [("input-truncated", 10, 15)] == [(f.rule, f.start, f.end) for f in findings]


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        CHECKER.check(text)
        best = min(best, time.perf_counter() - start)
    return best


class TestLinearTime:
    @pytest.mark.parametrize(
        "unit",
        [
            "job ",
            " ",
            "((",
            '"',
            "could you ",
            "answer these questions ",
            "meet at your ",
            "j\u200bob ",
            "😀",
            "refer me? ",
            "a",
            ", ",
            "if any role opens up, ",
        ],
    )
    def test_growth_is_linear(self, unit):
        """Sixteen times the input takes well under 16² times as long (no backtracking blow-up)."""
        small = unit * (16_000 // len(unit))
        large = unit * (256_000 // len(unit))
        ratio = _seconds(large) / max(_seconds(small), 1e-4)
        assert ratio < 64, ratio


class TestEngines:
    def test_patterns_compile_on_both_engines(self):
        """Every phrase pattern compiles on the standard library and, when installed, on RE2."""
        engines = ["re", *(["re2"] if _regex.ENGINE == "re2" else [])]
        for rule in builtin_rules():
            for group in rule.groups:
                for engine in engines:
                    _regex.compile_pattern(group.pattern.pattern, engine=engine)

    def test_engines_agree_on_the_examples(self):
        """RE2 and the standard library find the same spans in every example."""
        if _regex.ENGINE != "re2":
            pytest.fail("the test extra installs google-re2; install infointerview[test]")
        for rule in builtin_rules():
            for group in rule.groups:
                ours = _regex.compile_pattern(group.pattern.pattern, engine="re")
                for example in (*rule.passes, *rule.fails):
                    text = ii.etiquette.prepare(example.text).text
                    assert [m.span() for m in ours.finditer(text)] == [
                        m.span() for m in group.pattern.finditer(text)
                    ]

    def test_expand_wraps_and_spaces(self):
        """A data pattern becomes a word-bounded expression, longest words first."""
        assert r"\b(?:hire\s+(?:them|me))" == expand("hire {WHO}", {"WHO": ["me", "them"]}, {})


class TestImportCost:
    def test_checking_does_not_import_jinja2(self):
        """Checking a text never imports Jinja2: a checks-only platform does not pay for it."""
        code = (
            "import sys, infointerview; infointerview.check('hi'); print('jinja2' in sys.modules)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "False" == out.stdout.strip()
