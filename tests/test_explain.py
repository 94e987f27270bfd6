"""Tests for explain(): every finding says what decided it, every near miss what dropped it."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infointerview as ii
from infointerview.etiquette._kinds import TRACE, builtin_rules

CORPUS = pathlib.Path(__file__).parent / "corpus" / "g.toml"
PHRASE_RULES = [r for r in builtin_rules() if r.groups]


def _fail_examples():
    for rule in builtin_rules():
        for example in rule.fails:
            yield pytest.param(rule.id, example, id=f"{rule.id}:{example.text[:30]}")


class TestEveryFinding:
    @pytest.mark.parametrize(("rule", "example"), list(_fail_examples()))
    def test_each_finding_of_a_fail_example_is_explained(self, rule, example):
        """Every span finding has a fired decision inside it; whole-text ones say so."""
        explained = ii.explain(example.text, example.kind)
        assert explained.findings == tuple(ii.check(example.text, example.kind))
        for finding in explained.findings:
            made = explained.for_finding(finding)
            assert made, finding
            assert finding.decided_by in {d.decided_by for d in made}

    @settings(max_examples=150, deadline=None)
    @given(text=st.text(max_size=200))
    def test_findings_are_those_of_check(self, text):
        """Explaining changes nothing about what is found."""
        assert ii.explain(text).findings == tuple(ii.check(text))

    def test_trace_is_off_after_explaining(self):
        """An explanation leaves no trace switched on for later checks."""
        ii.explain("Could you hire me?")
        assert TRACE.get() is None


class TestDecisions:
    def test_pattern_decision_names_group_and_pattern(self):
        """A pattern finding names its group and the pattern as the data writes it."""
        text = "Could we meet at your house next week?"
        explained = ii.explain(text)
        [finding] = [f for f in explained.findings if f.rule == "no-personal-residence"]
        made = explained.for_finding(finding)
        groups = {g.index: g for r in PHRASE_RULES for g in r.groups}
        for decision in made:
            written = [w for w, _ in groups[decision.group].sources]
            assert decision.pattern in written
            assert decision.fired
            assert (decision.decided_by, decision.check) == ("pattern", "phrases")

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("I am not asking for a job, only your advice.", "negated in its clause"),
            ('My friend wrote "can you hire me" and regretted it.', "inside a quotation"),
            ("How did you ask for a job at your firm?", "question about"),
        ],
    )
    def test_near_miss_says_what_dropped_it(self, text, reason):
        """A match a filter dropped is a near miss naming that filter, and no finding."""
        explained = ii.explain(text)
        misses = [d for d in explained.decisions if not d.fired and d.decided_by == "pattern"]
        assert any(reason in (d.reason or "") for d in misses), misses
        assert "no-job-ask" not in {f.rule for f in explained.findings}

    def test_model_decision_gives_score_threshold_and_weights(self):
        """A model finding gives its score over the threshold and its heaviest n-grams."""
        explained = ii.explain("Would you refer me, please?", "question")
        [finding] = [f for f in explained.findings if f.rule == "no-job-ask"]
        [decision] = explained.for_finding(finding)
        assert decision.decided_by == "model"
        assert decision.score >= decision.threshold
        weights = [w for _, w in decision.features]
        assert weights
        assert weights == sorted(weights, reverse=True)

    def test_model_near_miss_is_below_its_threshold(self):
        """Sentences that scored close under a threshold are listed with their scores."""
        messages = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["message"]
        found = []
        for message in messages[:300]:
            for d in ii.explain(message["text"], message["kind"]).decisions:
                if d.decided_by == "model" and not d.fired:
                    found.append(d)
        assert found, "no message of the corpus comes near a model's threshold"
        assert all(d.threshold - 0.25 <= d.score < d.threshold for d in found)
        assert all(d.reason == "score below the threshold" for d in found)

    def test_to_dict_is_json(self):
        """An explanation's dict form is plain JSON."""
        data = ii.explain("Could you pass my resume to HR? I'm not asking for a job.").to_dict()
        assert data == json.loads(json.dumps(data))
        assert {"findings", "decisions"} == set(data)

    def test_str_reads_as_a_report(self):
        """The text form has a line per finding, its reasons, and the near misses."""
        report = str(ii.explain("I am not asking for a job. Could you refer me, please?"))
        for part in ["no-job-ask", "because", "near misses:"]:
            assert part in report


class TestCommand:
    def test_check_explain_text_and_json(self, tmp_path):
        """`check --explain` prints the reasons under each finding, and in JSON as decisions."""
        path = tmp_path / "draft.txt"
        path.write_text("Would you refer me, please? I'm not after a job.", encoding="utf-8")
        command = [sys.executable, "-m", "infointerview", "check", "--explain", str(path)]
        text = subprocess.run(command, capture_output=True, text=True, check=False)
        assert 1 == text.returncode
        assert "    because no-job-ask" in text.stdout
        as_json = subprocess.run(
            [*command, "--format", "json"], capture_output=True, text=True, check=False
        )
        [entry] = json.loads(as_json.stdout)["files"]
        assert any(d["fired"] and d["rule"] == "no-job-ask" for d in entry["decisions"])
