"""Trained sentence models: features of a sentence and its score, in pure Python.

Each fixed rule has a small logistic model over word n-grams of the prepared
text (lower-cased, folded, without invisible characters), trained by
``scripts/train_etiquette.py`` from the labelled corpus and shipped as
``data/models.json``. Scoring a sentence is a dictionary look-up per n-gram
and one exponential: no numpy, no scikit-learn. The same :func:`features`
serves the training script, so the two can never disagree on what a
sentence's features are.
"""

import functools
import importlib.resources
import itertools
import json
import math
import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

__all__ = ["MODELS_FILE", "SentenceModel", "features", "load_models"]

MODELS_FILE: Final = "models.json"
#: The longest n-gram used as a feature.
MAX_N: Final = 3
#: A sentence's first this many words are scored; a longer one is cut, which
#: keeps scoring linear and bounded however long a "sentence" runs.
MAX_WORDS: Final = 80
#: Words are looked for in this many characters of a sentence at most.
MAX_CHARS: Final = 2000

_WORD: Final = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def features(sentence: str) -> frozenset[str]:
    """Return the n-gram features of a prepared *sentence*.

    Words are runs of letters and digits (with an apostrophe suffix); the
    sentence's start and end count as words (``<s>``, ``</s>``), so "hire me"
    at the start of a sentence differs from the same words mid-way. A
    feature counts once however often it occurs.

    >>> sorted(features("hire me"))[:4]
    ['</s>', '<s>', '<s> hire', '<s> hire me']
    """
    words = ["<s>", *_WORD.findall(sentence, 0, MAX_CHARS)[:MAX_WORDS], "</s>"]
    grams = set(words)
    grams.update(map(" ".join, itertools.pairwise(words)))
    grams.update(map(" ".join, zip(words, words[1:], words[2:], strict=False)))
    return frozenset(grams)


@attrs.frozen(kw_only=True)
class SentenceModel:
    """One rule's trained model.

    Attributes:
        rule: The rule it decides for.
        bias: The intercept.
        threshold: The probability at or above which the rule fires, chosen
            on a validation split for precision.
        weights: The weight of each n-gram feature.
    """

    rule: str
    bias: float
    threshold: float
    weights: Mapping[str, float]

    def score(self, sentence: str) -> float:
        """Return the probability that the prepared *sentence* breaks the rule."""
        return self.score_features(features(sentence))

    def score_features(self, grams: frozenset[str]) -> float:
        """Return the probability for a sentence whose :func:`features` are *grams*."""
        weights = self.weights
        z = self.bias + sum(weights.get(gram, 0.0) for gram in grams)
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def top_features(self, sentence: str, count: int = 5) -> list[tuple[str, float]]:
        """Return the n-grams of *sentence* that weigh most towards the rule, heaviest first."""
        found = [(gram, self.weights[gram]) for gram in features(sentence) if gram in self.weights]
        return sorted(found, key=lambda item: -item[1])[:count]


@functools.cache
def load_models() -> dict[str, SentenceModel]:
    """Return the shipped models by rule id, read once.

    Returns:
        An empty mapping when the package ships no model file.
    """
    resource = importlib.resources.files("infointerview.etiquette").joinpath("data", MODELS_FILE)
    try:
        data: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {
        rule: SentenceModel(
            rule=rule,
            bias=float(model["bias"]),
            threshold=float(model["threshold"]),
            weights=dict(model["weights"]),
        )
        for rule, model in data["rules"].items()
    }
