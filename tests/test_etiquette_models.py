"""Tests for the trained sentence models beside the phrase patterns."""

import json
import pathlib
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

import infointerview as ii
from infointerview.etiquette import prepare
from infointerview.etiquette._scorer import MAX_WORDS, features, load_models

FIXED = ("no-job-ask", "not-over-email", "no-personal-residence")
DATA = pathlib.Path(ii.etiquette.__file__).parent / "data" / "models.json"


def _model_findings(text: str, **config: object) -> list[ii.Finding]:
    found = ii.check(text, config=ii.Config(select=set(FIXED), **config))
    return [f for f in found if f.decided_by == "model"]


class TestShippedModels:
    def test_one_model_per_fixed_rule(self):
        """Each fixed rule ships a model with a threshold between 0.5 and 1."""
        models = load_models()
        assert set(FIXED) == set(models)
        assert all(0.5 <= m.threshold < 1 for m in models.values())

    def test_models_are_compact(self):
        """The three models together stay under 2 MB in the wheel."""
        assert DATA.stat().st_size < 2 * 1024 * 1024
        assert set(FIXED) == set(json.loads(DATA.read_text(encoding="utf-8"))["rules"])


class TestCombination:
    def test_a_short_direct_ask_is_caught(self):
        """'Would you refer me, please?' fires no-job-ask, by pattern or by model."""
        found = ii.check("Would you refer me, please?", config=ii.Config(select=set(FIXED)))
        assert ["no-job-ask"] == [f.rule for f in found]

    def test_model_findings_say_so(self):
        """A finding the model decided has decided_by 'model' and its probability as confidence."""
        models = load_models()
        text = "Would you refer me, please?"
        found = _model_findings(text)
        for finding in found:
            score = models[finding.rule].score(prepare(text).text[finding.start : finding.end])
            assert finding.confidence == round(score, 3)
            assert models[finding.rule].threshold <= finding.confidence < 1

    def test_models_can_be_switched_off(self):
        """Config(models=False) runs the patterns alone."""
        assert [] == _model_findings("Would you refer me, please?", models=False)

    def test_questions_about_hiring_pass(self):
        """Asking about hiring is information: neither patterns nor models flag it."""
        for text in (
            "Does your organization offer internships or research opportunities?",
            "Who makes the decision to hire someone for this kind of job?",
        ):
            assert [] == ii.check(text, config=ii.Config(select=set(FIXED)))

    def test_quoted_reply_text_is_not_judged(self):
        """An ask in a quoted reply is the other person's text, not the writer's."""
        text = "Thanks so much for the call!\n\n> could you refer me for the analyst role?"
        assert [] == _model_findings(text)


class TestScoring:
    @given(st.text(max_size=400))
    def test_scores_are_probabilities(self, text):
        """Any text scores between 0 and 1 under every model, deterministically."""
        prepared = prepare(text).text
        for model in load_models().values():
            score = model.score(prepared)
            assert 0.0 <= score <= 1.0
            assert score == model.score(prepared)

    def test_long_sentences_are_cut(self):
        """Only the first MAX_WORDS words of a sentence make features, so scoring stays bounded."""
        words = " ".join(f"w{i}" for i in range(10 * MAX_WORDS))
        assert f"w{MAX_WORDS - 1}" in set(features(words))
        assert f"w{MAX_WORDS}" not in set(features(words))

    def test_check_path_needs_no_numpy(self):
        """Scoring is pure Python: a check imports neither numpy nor scikit-learn."""
        code = (
            "import sys, infointerview as ii; ii.check('Would you refer me, please?'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'numpy', 'sklearn'}))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "[]" == out.stdout.strip()
