"""Tests that the etiquette checks are safe on any input: no crash, exact spans, linear time."""

from __future__ import annotations

import subprocess
import sys
from re import _constants, _parser  # type: ignore[attr-defined]

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infointerview as ii
from infointerview.etiquette import _document, _regex
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


# Every default-ignorable code point and format character this Python knows,
# one per range of the library's table, and the five an attack pass used.
HIDDEN = sorted(
    {
        *(chr(low) for low, _ in _document._HIDDEN_RANGES),
        *(chr(high) for _, high in _document._HIDDEN_RANGES),
        "\U000e0020",
        "\u206a",
        "\ufff9",
        "\ufe0f",
        "\u034f",
    }
)


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

    @settings(max_examples=200, deadline=None)
    @given(
        prefix=st.text(max_size=40),
        hidden=st.lists(st.sampled_from(HIDDEN), min_size=1, max_size=4),
        places=st.lists(st.integers(1, 3), min_size=4, max_size=4),
    )
    def test_hidden_characters_do_not_hide_an_ask(self, prefix, hidden, places):
        """An ask stays found with default-ignorable or format characters inside its words."""
        word = list("hire")
        for char, place in zip(hidden, places, strict=False):
            word.insert(place, char)
        text = f"{prefix}\n\nCould you {''.join(word)} me?"
        found = [f for f in CHECKER.check(text) if f.rule == "no-job-ask"]
        assert [f"{''.join(word)} me"] == [text[f.start : f.end] for f in found]

    @pytest.mark.parametrize("mark", ["\u0301", "\u0489", "\u20dd", "\ufe0f", "\u034f\u0301"])
    def test_span_takes_trailing_marks_along(self, mark):
        """A finding that ends on a letter ends after the marks written on that letter."""
        text = f"Could you hire m{'e' + mark} next year?"
        [found] = [f for f in CHECKER.check(text) if f.rule == "no-job-ask"]
        assert f"hire me{mark}" == text[found.start : found.end]

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


# A repetition of white space only, as the standard library's parser writes it.
SPACES = [(_constants.IN, [(_constants.CATEGORY, _constants.CATEGORY_SPACE)])]
# The shapes that made the 0.1.0 checks quadratic, at the size cap.
ADVERSARIAL = {
    "full stops": ".",
    "end punctuation": "!?.",
    "hyphenated letters": "a-",
    "apostrophes": "a'",
    "abbreviations": "Dr. ",
    "abbreviations with stops": "e.g. ",
    "one-letter sentences": ". ",
    "open brackets": "((",
    "quotes": '"',
    "line breaks": "\n",
    "asks": "could you hire me ",
    "accents": "e\u0301",
    "zero-width": "j\u200bob ",
}


def _reference_sentences(text: str) -> list[tuple[int, int]]:
    """Split *text* the slow, obvious way: the behaviour the fast splitter must keep."""
    spans, start, index = [], len(text) - len(text.lstrip()), 0
    while index < len(text):
        char = text[index]
        if char == "\n":
            cut, stop = index, index + 1
            while stop < len(text) and text[stop].isspace():
                stop += 1
        elif char in ".!?":
            cut, stop = index, index + 1
            while stop < len(text) and text[stop] in ".!?\"')]":
                stop += 1
            run_end = stop
            while stop < len(text) and text[stop] in " \t":
                stop += 1
            if stop == run_end:
                index = stop
                continue
            if char == ".":
                word = text[start:cut].replace("\n", " ").rsplit(" ", 1)[-1]
                if len(word) == 1 or word in _document._ABBREVIATIONS:
                    index = stop
                    continue
        else:
            index += 1
            continue
        end = cut + len(text[cut:stop].rstrip())
        if end > start:
            spans.append((start, end))
        start = index = stop
    end = len(text.rstrip())
    if end > start:
        spans.append((start, end))
    return spans


class TestLinearTime:
    """Checking time grows linearly with the text; benchmarks/adversarial.py measures it."""

    def test_repetitions_without_bound_repeat_only_white_space(self):
        """No phrase pattern repeats word characters without a bound.

        A backtracking engine retries an unbounded ``[a-z-]+`` from every word
        boundary inside a long hyphenated run: quadratic time on the standard
        library. Bounded repetitions cost a constant per position.
        """
        unbounded = []
        for rule in builtin_rules():
            for group in rule.groups:
                for pattern in _group_patterns(group):
                    stack = [_parser.parse(pattern.pattern)]
                    while stack:
                        for op, arg in stack.pop():
                            if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT):
                                _, high, item = arg
                                if high == _constants.MAXREPEAT and list(item) != SPACES:
                                    unbounded.append((rule.id, group.index, str(item)[:60]))
                                stack.append(item)
                            elif op == _constants.SUBPATTERN:
                                stack.append(arg[-1])
                            elif op == _constants.BRANCH:
                                stack.extend(arg[1])
        assert [] == unbounded

    @pytest.mark.parametrize("run", [".", "!?.", ".?!\"')]", "..."])
    def test_a_run_of_end_punctuation_is_read_once(self, run):
        """The sentence-end scan takes a run of stops in one match, never retrying it."""
        assert 1 == len(list(_document._SENTENCE_END.finditer(run * 20_000)))

    @settings(max_examples=500, deadline=None)
    @given(
        text=st.lists(
            st.sampled_from([*'.!? \n\t")a', "dr", "e.g", "approx", "word"]),
            max_size=30,
        ).map("".join)
    )
    def test_sentences_as_the_obvious_splitter_finds_them(self, text):
        """The linear splitter finds the same sentences as a plain character loop."""
        assert _reference_sentences(text) == _document._sentences(text)

    def test_adversarial_shapes_finish_on_both_engines(self):
        """Every adversarial shape at the size cap is checked, on RE2 and on the standard library.

        A safety net, not a timing: on 0.1.0 the first shapes took minutes each.
        """
        script = (
            "import sys\n"
            "if sys.argv[1] == 're':\n"
            "    sys.modules['re2'] = None\n"
            "import infointerview as ii\n"
            "from infointerview.etiquette import MAX_CHARS, _regex\n"
            "assert _regex.ENGINE == sys.argv[1], _regex.ENGINE\n"
            "checker = ii.Checker()\n"
            f"for unit in {list(ADVERSARIAL.values())!r}:\n"
            "    text = unit * (MAX_CHARS // len(unit))\n"
            "    assert all(0 <= f.start <= f.end <= len(text) for f in checker.check(text))\n"
            "print('ok')\n"
        )
        for engine in ["re2", "re"]:
            done = subprocess.run(
                [sys.executable, "-c", script, engine],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            assert (0, "ok\n") == (done.returncode, done.stdout), done.stderr[-2000:]


def _all_groups():
    return [g for r in builtin_rules() for g in r.groups]


def _group_patterns(group):
    optional = [
        group.unless,
        group.unless_next,
        group.unless_sentence,
        group.requires_text,
        group.unless_before,
    ]
    return [
        group.pattern,
        *(p for p in optional if p is not None),
        *group.requires_near,
        *group.requires_sentence,
    ]


class TestEngines:
    def test_patterns_compile_on_both_engines(self):
        """Every phrase pattern is in the linear-time subset and compiles on both engines."""
        engines = ["re", *(["re2"] if _regex.ENGINE == "re2" else [])]
        for rule in builtin_rules():
            for group in rule.groups:
                for pattern in _group_patterns(group):
                    _regex.validate_linear(pattern.pattern)
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


class TestHiddenCharacters:
    def test_table_covers_the_unicode_properties(self):
        """The hidden table holds every default-ignorable code point and format character.

        Checked against the ``regex`` module's Unicode data and this Python's
        ``unicodedata``, so a newer Unicode fails here rather than letting a new
        invisible character through.
        """
        import unicodedata

        import regex  # the test extra installs it

        table = {c for low, high in _document._HIDDEN_RANGES for c in range(low, high + 1)}
        ignorable = regex.compile(r"\p{Default_Ignorable_Code_Point}")
        fmt = regex.compile(r"\p{Cf}")
        wanted, allowed = set(), set()
        for code in range(0x110000):
            char = chr(code)
            is_format = unicodedata.category(char) == "Cf"
            if ignorable.match(char) or is_format:
                wanted.add(code)
            if ignorable.match(char) or is_format or fmt.match(char):
                allowed.add(code)
        assert (set(), set()) == (wanted - table, table - allowed)

    def test_letters_that_fold_take_the_slow_path(self):
        """A letter whose prepared form differs from its lower case is never fast-pathed."""
        for char in _document._PLAIN:
            if char.isalpha():
                assert _document._SLOW.match(char), hex(ord(char))

    @pytest.mark.parametrize("char", ["\U000e0020", "\u206a", "\ufff9", "\ufe0f", "\u034f"])
    def test_each_rule_sees_through(self, char):
        """The characters an attack pass hid in words are dropped for all three fixed rules."""
        texts = {
            "no-job-ask": f"Could you h{char}ire me?",
            "not-over-email": f"Could you answer my questions over e{char}mail instead of a call?",
            "no-personal-residence": f"Could we meet at your h{char}ouse?",
        }
        for rule, text in texts.items():
            assert rule in {f.rule for f in CHECKER.check(text)}, (rule, text)


class TestAnchors:
    def test_shipped_anchors_are_current(self):
        """data/anchors.json matches the rule data; scripts/anchors.py --write renews it."""
        from infointerview.etiquette import _anchors

        assert 0 == _anchors.main([])

    def test_every_group_has_anchors(self):
        """Every phrase group can be skipped on a text that holds none of its anchors."""
        from infointerview.etiquette import _anchors

        groups = [g for r in builtin_rules() for g in r.groups]
        missing = [g.index for g in groups if not _anchors.anchors(g.pattern.pattern)]
        assert [] == missing

    def test_anchors_hit_every_text_a_group_matches(self):
        """A group's anchors are in every text it matches: examples and the whole corpus."""
        import pathlib
        import tomllib

        from infointerview.etiquette import _anchors

        texts = [e.text for r in builtin_rules() for e in (*r.passes, *r.fails)]
        for path in sorted((pathlib.Path(__file__).parent / "corpus").glob("*.toml")):
            messages = tomllib.loads(path.read_text(encoding="utf-8"))["message"]
            texts += [m["text"] for m in messages]
        groups = [(g, _anchors.anchors(g.pattern.pattern)) for g in _all_groups()]
        misses = []
        for text in texts:
            prepared = ii.etiquette.prepare(text).text
            for group, found in groups:
                if group.pattern.search(prepared) and not any(a in prepared for a in found):
                    misses.append((group.index, text[:60]))
        assert [] == misses

    @settings(max_examples=300, deadline=None)
    @given(text=NASTY)
    def test_anchors_hit_any_text_a_group_matches(self, text):
        """The same on texts built to be awkward."""
        from infointerview.etiquette import _anchors

        prepared = ii.etiquette.prepare(text).text
        for rule in builtin_rules():
            for group in rule.groups:
                if group.pattern.search(prepared):
                    assert any(a in prepared for a in _anchors.anchors(group.pattern.pattern))
