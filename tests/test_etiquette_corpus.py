"""Tests that the fixed rules meet the quality bar on the labelled corpus in tests/corpus."""

from __future__ import annotations

import importlib.util
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


class TestCorpusQuality:
    def test_corpus_is_large_enough(self):
        """The labelled corpus holds at least 250 messages."""
        spec = importlib.util.spec_from_file_location(
            "quality", ROOT / "benchmarks" / "quality.py"
        )
        assert spec is not None
        assert spec.loader is not None
        quality = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(quality)
        messages = quality.load(sorted((ROOT / "tests" / "corpus").glob("*.toml")))
        assert len(messages) >= 250

    def test_fixed_rules_meet_the_bar(self):
        """The quality script exits 0: precision >= 0.95 and recall >= 0.90 for each fixed rule."""
        result = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "quality.py")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert (0, "") == (result.returncode, result.stderr), result.stdout
