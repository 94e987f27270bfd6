"""Train the etiquette sentence models from the labelled corpus, reproducibly.

Usage:
    python scripts/train_etiquette.py            # write the model file
    python scripts/train_etiquette.py --check    # exit 1 unless retraining reproduces it
    python scripts/train_etiquette.py --corpus DIR --out FILE   # a centre's own data

Needs the ``train`` extra (scikit-learn). Trains on every corpus file except
the held-out sets (``x.toml``, ``y.toml``), which are never read here. For
each fixed rule: the prepared text of every message is cut into the
checker's own sentences; a sentence is positive when it overlaps the
message's labelled span for the rule, negative when the message does not
break the rule (other sentences of a positive message are left out, since a
writer may ask twice). A logistic regression over word n-grams
(``infointerview.etiquette._scorer.features``) is fitted on a training
split; the threshold is the lowest at which the rule, patterns OR model,
loses at most half a point of the patterns' message-level
precision (and keeps it at 0.98 where the patterns reach it) on the
validation split, a quarter of the sets the patterns were never tuned on; the model is
then refitted on all of it. Weights are rounded and written with sorted keys,
so the file is the same byte for byte on every run.
"""

import argparse
import hashlib
import json
import pathlib
import sys
import tomllib

import infointerview as ii
from infointerview.etiquette import prepare
from infointerview.etiquette._kinds import sentence_features

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
OUT = ROOT / "src" / "infointerview" / "etiquette" / "data" / "models.json"
FIXED = ("no-job-ask", "not-over-email", "no-personal-residence")
HELD_OUT = {"x", "y"}
PRECISION = 0.98
SLACK = 0.005
DIGITS = 3


def load(corpus: pathlib.Path) -> list[dict]:
    messages = []
    for path in sorted(corpus.glob("*.toml")):
        if path.stem in HELD_OUT:
            continue
        messages += tomllib.loads(path.read_text(encoding="utf-8")).get("message", [])
    return messages


def span_of(message: dict, rule: str) -> str | None:
    spans = message.get("spans") or {}
    if rule in spans:
        return spans[rule]
    return message.get("span") if len(message.get("expect", [])) == 1 else None


def sentences(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """The checker's own sentences of *text*, as it scores them: original start, end, features."""
    doc = prepare(text)
    return [(*doc.to_original(start, end), grams) for start, end, grams in sentence_features(doc)]


def rule_examples() -> list[dict]:
    """Each fixed rule's own pass and fail examples, as corpus messages."""
    found = []
    for rule in ii.etiquette.rules(plugins=False):
        if rule.id not in FIXED:
            continue
        for n, example in enumerate(rule.fails):
            found.append(
                {
                    "id": f"{rule.id}-fail-{n}",
                    "kind": example.kind.value,
                    "text": example.text,
                    "expect": [rule.id],
                    "span": example.text,
                }
            )
        for n, example in enumerate(rule.passes):
            found.append(
                {
                    "id": f"{rule.id}-pass-{n}",
                    "kind": example.kind.value,
                    "text": example.text,
                    "expect": [],
                }
            )
    return found


def examples(messages: list[dict], rule: str) -> tuple[list[frozenset[str]], list[int]]:
    texts, labels = [], []
    for message in messages:
        text = message["text"]
        positive = rule in message.get("expect", [])
        span = span_of(message, rule) if positive else None
        where = text.find(span) if span else -1
        for start, end, grams in sentences(text):
            if not positive:
                texts.append(grams)
                labels.append(0)
            elif where >= 0 and start < where + len(span) and where < end:
                texts.append(grams)
                labels.append(1)
    return texts, labels


def in_validation(message: dict) -> bool:
    """A quarter of the sets the patterns were never tuned on (all but a-f), by id."""
    if message["id"][0] in "abcdef":
        return False
    return hashlib.sha256(message["id"].encode()).digest()[0] < 64


def fit(texts: list[frozenset[str]], labels: list[int]) -> tuple[float, dict[str, float]]:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = CountVectorizer(analyzer=sorted, min_df=3, binary=True)
    matrix = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, solver="liblinear")
    model.fit(matrix, labels)
    weights = {
        gram: round(float(w), DIGITS)
        for gram, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 0.01
    }
    return round(float(model.intercept_[0]), DIGITS), weights


def message_score(weights: dict, bias: float, text: str) -> float:
    from infointerview.etiquette._scorer import SentenceModel

    model = SentenceModel(rule="", bias=bias, threshold=1.0, weights=weights)
    return max((model.score_features(g) for _, _, g in sentences(text)), default=0.0)


def choose_threshold(rule: str, validation: list[dict], bias: float, weights: dict) -> float:
    checker = ii.Checker(config=ii.Config(select={rule}, models=False))
    rows = []
    for message in validation:
        by_pattern = any(f.rule == rule for f in checker.check(message["text"], message["kind"]))
        rows.append(
            (message_score(weights, bias, message["text"]), by_pattern, rule in message["expect"])
        )

    # The lowest threshold (the most recall) at which the patterns and the
    # model together lose at most SLACK of the precision the patterns have
    # alone, and stay at PRECISION or above when the patterns are.
    def precision(threshold: float) -> float:
        tp = sum(1 for s, p, y in rows if (p or s >= threshold) and y)
        fp = sum(1 for s, p, y in rows if (p or s >= threshold) and not y)
        return tp / (tp + fp) if tp + fp else 1.0

    floor = min(PRECISION, precision(1.01)) - SLACK
    # Balanced class weights inflate the positive class, so a model alone must
    # be at least 0.7 sure; no threshold below that is tried.
    for threshold in [t / 100 for t in range(70, 100)]:
        if precision(threshold) >= floor:
            return threshold
    return 0.99


def train(corpus: pathlib.Path) -> bytes:
    messages = load(corpus) + rule_examples()
    validation = [m for m in messages if in_validation(m)]
    training = [m for m in messages if not in_validation(m)]
    rules = {}
    for rule in FIXED:
        bias, weights = fit(*examples(training, rule))
        threshold = choose_threshold(rule, validation, bias, weights)
        bias, weights = fit(*examples(messages, rule))
        rules[rule] = {"bias": bias, "threshold": threshold, "weights": weights}
        print(f"{rule}: {len(weights)} features, threshold {threshold}", file=sys.stderr)
    document = {"version": 1, "trained_on": len(messages), "rules": rules}
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    parser.add_argument("--corpus", type=pathlib.Path, default=CORPUS)
    parser.add_argument("--out", type=pathlib.Path, default=OUT)
    args = parser.parse_args()
    data = train(args.corpus)
    if args.check:
        same = args.out.is_file() and args.out.read_bytes() == data
        print("model file reproduced" if same else "model file differs from a retrain")
        return 0 if same else 1
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
