"""What one worker builds once and every request shares.

The checker, the renderers and the question bank are built when the
application is, so the first request pays nothing; all of them hold no
mutable state and serve any number of threads. A request that brings its own
``config`` gets a checker built for that config, kept in a small cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any, Final

import infointerview as ii
from infointerview._serve.limits import Keys
from infointerview._serve.settings import Settings

__all__ = ["CHECKER_CACHE", "Service"]

#: How many per-request configs keep their checker.
CHECKER_CACHE: Final = 64


class Service:
    """The shared state of one worker: settings, keys, checker, renderers, bank.

    Args:
        settings: How the service runs.

    Raises:
        InfoInterviewError: The key file, a pack or a plug-in rule is invalid.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings: Final = settings
        self.keys: Final = Keys.load(settings.api_key_file)
        self.config: Final = ii.Config(plugins=settings.plugins)
        self.checker: Final = ii.Checker(self.config)
        self.rules: Final = ii.etiquette.rules(plugins=settings.plugins)
        self.rule_ids: Final = tuple(rule.id for rule in self.rules)
        stack = ii.PackStack.over_builtin(*settings.packs) if settings.packs else None
        self.renderers: Final = {
            premium: ii.Renderer(stack, premium=premium) for premium in (False, True)
        }
        self.bank: Final = ii.QuestionBank.load(stack)
        self.checker_for: Final = functools.lru_cache(maxsize=CHECKER_CACHE)(self._build)

    def _build(self, config: ii.Config) -> ii.Checker:
        return self.checker if config == self.config else ii.Checker(config)

    def rules_json(self) -> list[dict[str, Any]]:
        """Return every rule the service runs, as ``GET /v1/rules`` lists them."""
        return [
            {
                "id": rule.id,
                "summary": rule.summary,
                "severity": rule.severity.value,
                "kinds": sorted(kind.value for kind in rule.kinds),
                "rationale": rule.rationale,
                "source": rule.source,
            }
            for rule in self.rules
        ]

    @functools.cached_property
    def rules_digest(self) -> str:
        """A digest of what the rules say and must pass and flag: it changes when they do."""
        parts = []
        for rule in self.rules:
            examples = [[e.text, e.kind.value] for e in (*rule.passes, *rule.fails)]
            kinds = sorted(kind.value for kind in rule.kinds)
            parts.append([rule.id, rule.severity.value, kinds, rule.summary, examples])
        blob = json.dumps(parts, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return "sha256:" + hashlib.sha256(blob).hexdigest()

    def health(self) -> dict[str, Any]:
        """Return what ``GET /healthz`` answers: versions of the package, rules and models."""
        return {
            "status": "ok",
            "version": ii.__version__,
            "findings_schema": ii.etiquette.SCHEMA_VERSION,
            "engine": ii.etiquette.ENGINE,
            "rules": {"count": len(self.rules), "digest": self.rules_digest},
            # The release ships no trained sentence models yet; when it does,
            # each is listed here with the rule it serves and its version.
            "models": [],
        }
