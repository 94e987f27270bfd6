"""The fixed columns of a finding, shared by check_frame and the Parquet output."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from infointerview.etiquette import Finding

__all__ = ["COLUMNS", "FIELDS", "TYPES", "columns_of"]

#: A finding's columns, in order, each with its type: ``"string"`` (nullable
#: text), ``"int64"`` or ``"float64"``.
TYPES: Final[dict[str, str]] = {
    "rule": "string",
    "severity": "string",
    "message": "string",
    "start": "int64",
    "end": "int64",
    "utf16_start": "int64",
    "utf16_end": "int64",
    "confidence": "float64",
    "suggestion": "string",
    "decided_by": "string",
}

#: The finding columns alone, in order.
FIELDS: Final = tuple(TYPES)

#: Every column of :func:`~infointerview.batch.check_frame`'s result, in order.
COLUMNS: Final = ("id", *FIELDS)


def columns_of(findings: Iterable[Finding]) -> dict[str, list[Any]]:
    """Return the findings as one list per column of :data:`FIELDS`.

    Args:
        findings: Findings, in the order their rows should have.

    Returns:
        A dict from column name to its values, the severity as its string.
    """
    table: dict[str, list[Any]] = {name: [] for name in FIELDS}
    for finding in findings:
        table["rule"].append(finding.rule)
        table["severity"].append(finding.severity.value)
        table["message"].append(finding.message)
        table["start"].append(finding.start)
        table["end"].append(finding.end)
        table["utf16_start"].append(finding.utf16_start)
        table["utf16_end"].append(finding.utf16_end)
        table["confidence"].append(finding.confidence)
        table["suggestion"].append(finding.suggestion)
        table["decided_by"].append(finding.decided_by)
    return table
