"""Say why each finding fired and why each near miss did not: for whoever fixes a rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import attrs

from infointerview._models.models import Channel, MessageKind
from infointerview._public import public
from infointerview.etiquette._core import Config, Finding
from infointerview.etiquette._document import Document, prepare
from infointerview.etiquette._engine import TRUNCATED, Checker, _checker, _config
from infointerview.etiquette._kinds import TRACE, Note
from infointerview.etiquette._scorer import load_models

__all__ = ["Decision", "Explanation", "explain"]

#: How many of a sentence's heaviest n-grams a model decision lists.
TOP_FEATURES: Final = 5


@public(module="infointerview.etiquette")
@attrs.frozen(kw_only=True)
class Decision:
    """What one phrase group or one sentence model decided about one span.

    Attributes:
        rule: The rule's id.
        fired: Whether it became (part of) a finding; ``False`` for a near
            miss that a filter or the threshold dropped.
        start: Where the span starts in the checked text.
        end: Where it ends.
        decided_by: ``"pattern"`` or ``"model"`` for a phrase group or a
            sentence model; otherwise the finding's own ``decided_by``.
        check: The rule kind that decided: ``"phrases"``, ``"model"``, or
            the kind of a built-in rule that reads the whole text
            (``"time-ask"``, ``"word-count"``, ...); ``"plug-in"`` for a rule
            from another package.
        reason: Why it was dropped, for a near miss: which filter of the
            phrase group, or the model's threshold.
        group: The phrase group's index in ``rules.toml``'s order, for a pattern.
        pattern: The group's pattern that matched, as the data writes it.
        score: The model's probability, for a model.
        threshold: The probability the model needs to fire.
        features: For a model, the sentence's n-grams that weigh most towards
            the rule, heaviest first, with their weights.
    """

    rule: str
    fired: bool
    start: int
    end: int
    decided_by: str
    check: str
    reason: str | None = None
    group: int | None = None
    pattern: str | None = None
    score: float | None = None
    threshold: float | None = None
    features: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the decision as JSON-ready data.

        Returns:
            Every attribute; features as ``[n-gram, weight]`` pairs.
        """
        return {
            "rule": self.rule,
            "fired": self.fired,
            "start": self.start,
            "end": self.end,
            "decided_by": self.decided_by,
            "check": self.check,
            "reason": self.reason,
            "group": self.group,
            "pattern": self.pattern,
            "score": None if self.score is None else round(self.score, 4),
            "threshold": self.threshold,
            "features": [[gram, round(weight, 4)] for gram, weight in self.features],
        }

    def describe(self, text: str) -> str:
        """Return one line saying what decided and why.

        Args:
            text: The checked text, to quote the span from.

        Returns:
            The line.
        """
        quoted = text[self.start : self.end]
        if len(quoted) > 80:
            quoted = quoted[:77] + "..."
        verdict = "fired" if self.fired else f"dropped: {self.reason}"
        if self.check == "phrases":
            how = f"group {self.group} pattern {self.pattern!r}"
        elif self.check != "model":
            how = f"the rule's {self.check} check"
        else:
            grams = ", ".join(f"{gram!r} {weight:+.2f}" for gram, weight in self.features)
            how = f"model score {self.score:.3f}, threshold {self.threshold}; heaviest: {grams}"
        return f"{self.rule} {self.start}:{self.end} {quoted!r} {verdict}; {how}"


@public(module="infointerview.etiquette")
@attrs.frozen(kw_only=True)
class Explanation:
    """The findings in a text, with every decision behind them and every near miss.

    Attributes:
        text: The checked text.
        findings: What :meth:`Checker.check <infointerview.Checker.check>` returns.
        decisions: Per finding, the pattern matches and model scores that made
            it; then the near misses: matches a filter dropped and sentences
            whose score fell short of the threshold by at most 0.25. In order
            of position.
    """

    text: str
    findings: tuple[Finding, ...]
    decisions: tuple[Decision, ...]

    def for_finding(self, finding: Finding) -> tuple[Decision, ...]:
        """Return the decisions that made *finding*.

        Args:
            finding: One of the explanation's ``findings``.

        Returns:
            The fired decisions of its rule inside its span; at least one
            for every finding.
        """
        return tuple(d for d in self.decisions if d.fired and _inside(d, finding))

    def to_dict(self) -> dict[str, Any]:
        """Return the explanation as JSON-ready data.

        Returns:
            ``{"findings": [...], "decisions": [...]}``, in the findings' and
            decisions' dict forms.
        """
        return {
            "findings": [f.to_dict() for f in self.findings],
            "decisions": [d.to_dict() for d in self.decisions],
        }

    def __str__(self) -> str:
        lines = []
        for finding in self.findings:
            lines.append(f"{finding.start}:{finding.end} {finding.rule}: {finding.message}")
            lines += [f"    because {d.describe(self.text)}" for d in self.for_finding(finding)]
        misses = [d for d in self.decisions if not d.fired]
        if misses:
            lines.append("near misses:")
            lines += [f"    {d.describe(self.text)}" for d in misses]
        return "\n".join(lines) if lines else "no findings and no near misses"


def _inside(decision: Decision, finding: Finding) -> bool:
    return (
        decision.rule == finding.rule
        and finding.start <= decision.start
        and decision.end <= max(finding.end, decision.start)
    )


def _whole(finding: Finding, kinds: dict[str, str]) -> Decision:
    """The decision behind a finding of a rule kind that notes nothing of its own."""
    return Decision(
        rule=finding.rule,
        fired=True,
        start=finding.start,
        end=finding.end,
        decided_by=finding.decided_by or "check",
        check=kinds.get(finding.rule, "plug-in"),
    )


def _decision(doc: Document, note: Note) -> Decision:
    start, end = doc.to_original(note.start, note.end)
    features: tuple[tuple[str, float], ...] = ()
    pattern = None
    if note.decided_by == "model":
        weights = load_models()[note.rule].weights
        found = sorted(
            ((g, weights[g]) for g in note.grams if g in weights), key=lambda item: -item[1]
        )
        features = tuple(found[:TOP_FEATURES])
    elif note.group is not None:
        pattern = note.group.matched_source(doc.text, note.start, note.end)
    return Decision(
        rule=note.rule,
        fired=note.kept,
        start=start,
        end=end,
        decided_by=note.decided_by,
        check="phrases" if note.decided_by == "pattern" else "model",
        reason=note.reason,
        group=None if note.group is None else note.group.index,
        pattern=pattern,
        score=note.score,
        threshold=note.threshold,
        features=features,
    )


def _explain(checker: Checker, text: str, kind: MessageKind | str, channel: Any) -> Explanation:
    notes: list[Note] = []
    token = TRACE.set(notes)
    try:
        findings = checker.check(text, kind, channel=channel)
    finally:
        TRACE.reset(token)
    doc = prepare(text[: checker.config.max_chars])
    noted = [_decision(doc, note) for note in notes]
    kinds = {rule.id: getattr(rule, "engine", "plug-in") for rule in checker.rules}
    kinds[TRUNCATED] = "size cap"
    for finding in findings:
        if not any(d.fired and _inside(d, finding) for d in noted):
            noted.append(_whole(finding, kinds))
    return Explanation(text=text, findings=tuple(findings), decisions=_ordered(noted))


def _ordered(decisions: Iterable[Decision]) -> tuple[Decision, ...]:
    unique = dict.fromkeys(decisions)  # a match noted twice (two passes) counts once
    return tuple(sorted(unique, key=lambda d: (d.start, d.end, d.rule, not d.fired)))


@public(module="infointerview.etiquette")
def explain(
    text: str,
    kind: MessageKind | str = MessageKind.OUTREACH,
    *,
    config: Config | None = None,
    channel: Channel | str | None = None,
) -> Explanation:
    """Check *text* and say why each finding fired and why each near miss did not.

    For a phrase rule, a decision names the phrase group and the pattern, as
    the data writes it, that matched; a near miss names the filter that
    dropped the match (a negation, a question about the subject, a quotation,
    or one of the group's ``unless`` and ``requires`` filters). For a model,
    it gives the score, the threshold and the n-grams that weighed most.

    Args:
        text: Any string, as for :func:`~infointerview.check`.
        kind: What the text is.
        config: Which rules run and how; the defaults when omitted.
        channel: The channel the message travels through.

    Returns:
        The findings, exactly as :func:`~infointerview.check` returns them,
        with their decisions and the near misses.

    Raises:
        ValidationError: As :func:`~infointerview.check`, and when *config*
            is not a :class:`~infointerview.Config`.

    >>> import infointerview as ii
    >>> explained = ii.explain("I am not asking for a job. Could you refer me, please?")
    >>> [(d.rule, d.fired, d.reason) for d in explained.decisions if d.decided_by == "pattern"]
    [('no-job-ask', False, 'negated in its clause'), ('no-job-ask', True, None)]
    """
    checker = _checker(_config(config))
    return _explain(checker, text, kind, channel)
