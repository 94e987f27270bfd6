"""Etiquette checks: find what would hurt a request for an informational interview.

:func:`~infointerview.check` runs every rule over a text;
:class:`~infointerview.Checker` does the same once built from a
:class:`~infointerview.Config`. The model-level checks look at a meeting
(:func:`~infointerview.check_meeting`), a thank-you's timing
(:func:`~infointerview.check_thank_you`), a letter with a subject and channel
(:func:`~infointerview.check_letter`) and a list of questions
(:func:`~infointerview.check_questionnaire`). :func:`~infointerview.explain`
says why each finding fired and why each near miss did not.
:func:`~infointerview.etiquette.rules` lists the rules, built-in and
plugged-in; write your own against :class:`infointerview.typing.Rule` and
register it under the ``infointerview.rules`` entry-point group.

>>> from infointerview import etiquette
>>> found = etiquette.check("Would it be possible to meet at your house?")
>>> [(f.rule, f.severity.value) for f in found if f.severity == "error"]
[('no-personal-residence', 'error')]
"""

from infointerview.etiquette._core import (
    MAX_CHARS,
    PRESETS,
    SCHEMA_VERSION,
    Config,
    Context,
    Example,
    Finding,
    Findings,
    Hit,
    Severity,
)
from infointerview.etiquette._document import Document, prepare
from infointerview.etiquette._engine import (
    ENTRY_POINT_GROUP,
    TRUNCATED,
    Checker,
    check,
    check_letter,
    check_meeting,
    check_questionnaire,
    check_thank_you,
    rules,
)
from infointerview.etiquette._explain import Decision, Explanation, explain
from infointerview.etiquette._regex import ENGINE

__all__ = [
    "ENGINE",
    "ENTRY_POINT_GROUP",
    "MAX_CHARS",
    "PRESETS",
    "SCHEMA_VERSION",
    "TRUNCATED",
    "Checker",
    "Config",
    "Context",
    "Decision",
    "Document",
    "Example",
    "Explanation",
    "Finding",
    "Findings",
    "Hit",
    "Severity",
    "check",
    "check_letter",
    "check_meeting",
    "check_questionnaire",
    "check_thank_you",
    "explain",
    "prepare",
    "rules",
]
