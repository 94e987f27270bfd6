"""Counts of a batch: per rule, and the totals; kept as plain data between processes."""

from __future__ import annotations

import collections
from collections.abc import Sequence
from typing import Any, Final

import attrs

from infointerview.etiquette import Finding, Severity

__all__ = ["RuleCount", "Summary", "Tally"]

#: A row's result: its findings, why it could not be checked, or ``None`` for a
#: row that never reached the checks.
Result = list[Finding] | str | None

#: Severities from the gravest.
_ORDER: Final = {Severity.ERROR.value: 0, Severity.WARNING.value: 1, Severity.INFO.value: 2}


@attrs.frozen
class RuleCount:
    """How often one rule fired in a batch.

    Attributes:
        rule: The rule's id.
        severity: The gravest severity it reported at (``"error"``, ...).
        messages: How many messages it fired on.
        findings: How many findings it made in all.
    """

    rule: str
    severity: str
    messages: int
    findings: int


@attrs.frozen
class Summary:
    """What a batch found, in counts.

    Attributes:
        messages: Rows checked (bad rows not included).
        with_findings: Messages with at least one finding.
        with_errors: Messages with at least one error-level finding.
        bad_rows: Rows that could not be checked.
        rules: Per rule, from the gravest severity and then the most
            messages.
    """

    messages: int = 0
    with_findings: int = 0
    with_errors: int = 0
    bad_rows: int = 0
    rules: tuple[RuleCount, ...] = ()

    def table(self) -> str:
        """Return the summary as a plain-text table, a line of totals under it.

        Returns:
            One line per rule (its severity, messages and findings), then
            the number of messages checked, with findings and with errors,
            and of bad rows when there were any.

        >>> from infointerview.batch import RuleCount, Summary
        >>> print(Summary(3, 1, 1, rules=(RuleCount("no-job-ask", "error", 1, 1),)).table())
        rule        severity  messages  findings
        ----------  --------  --------  --------
        no-job-ask  error            1         1
        <BLANKLINE>
        3 message(s) checked, 1 with findings, 1 with errors
        """
        width = max([len("rule"), *(len(count.rule) for count in self.rules)])
        lines = [f"{'rule':<{width}}  {'severity':<8}  {'messages':>8}  {'findings':>8}"]
        lines.append(f"{'-' * width}  {'-' * 8}  {'-' * 8}  {'-' * 8}")
        for count in self.rules:
            lines.append(
                f"{count.rule:<{width}}  {count.severity:<8}  "
                f"{count.messages:>8}  {count.findings:>8}"
            )
        totals = (
            f"{self.messages} message(s) checked, {self.with_findings} with findings, "
            f"{self.with_errors} with errors"
        )
        if self.bad_rows:
            totals += f"; {self.bad_rows} bad row(s) not checked"
        return "\n".join([*lines, "", totals])


class Tally:
    """The counts of a run so far, kept as plain data for the state file."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        data = data or {}
        self.totals: collections.Counter[str] = collections.Counter(data.get("totals", {}))
        self.messages: collections.Counter[str] = collections.Counter(data.get("messages", {}))
        self.findings: collections.Counter[str] = collections.Counter(data.get("findings", {}))
        self.severity: dict[str, str] = dict(data.get("severity", {}))

    def add(self, results: Sequence[Result]) -> None:
        """Count the results of one chunk's rows."""
        for result in results:
            if not isinstance(result, list):
                self.totals["bad_rows"] += 1
                continue
            self.totals["messages"] += 1
            if not result:
                continue
            self.totals["with_findings"] += 1
            if any(finding.severity is Severity.ERROR for finding in result):
                self.totals["with_errors"] += 1
            for finding in result:
                self.findings[finding.rule] += 1
                seen = self.severity.get(finding.rule, Severity.INFO.value)
                self.severity[finding.rule] = min(
                    seen, finding.severity.value, key=_ORDER.__getitem__
                )
            self.messages.update({finding.rule for finding in result})

    def merge(self, data: dict[str, Any]) -> None:
        """Add the counts of another tally, given as its :meth:`data`."""
        other = Tally(data)
        self.totals.update(other.totals)
        self.messages.update(other.messages)
        self.findings.update(other.findings)
        for rule, severity in other.severity.items():
            seen = self.severity.get(rule, Severity.INFO.value)
            self.severity[rule] = min(seen, severity, key=_ORDER.__getitem__)

    def data(self) -> dict[str, Any]:
        """Return the counts as plain data, for the state file and between processes."""
        return {
            "totals": dict(self.totals),
            "messages": dict(self.messages),
            "findings": dict(self.findings),
            "severity": self.severity,
        }

    def summary(self) -> Summary:
        """Return the counts as a summary."""
        rules = sorted(
            self.severity,
            key=lambda rule: (_ORDER[self.severity[rule]], -self.messages[rule], rule),
        )
        return Summary(
            messages=self.totals["messages"],
            with_findings=self.totals["with_findings"],
            with_errors=self.totals["with_errors"],
            bad_rows=self.totals["bad_rows"],
            rules=tuple(
                RuleCount(rule, self.severity[rule], self.messages[rule], self.findings[rule])
                for rule in rules
            ),
        )
