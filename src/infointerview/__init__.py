"""Prepare, request, run and follow up informational interviews.

An informational interview is a short conversation with someone working in a
field or organization, to learn what the work is really like. It is never a job
interview and never a request for a job. This package models the people and
the meeting, builds questionnaires, renders letters over a Jinja2 template
pack, and checks text against the etiquette.

>>> import infointerview as ii
>>> contact = ii.Contact(name="Jordan Anderson", honorific="Mr.", family_name="Anderson")
>>> ii.salutation(contact)
'Dear Mr. Anderson'
"""

# Nothing is imported here: each public name is loaded from its module on first
# access (PEP 562), so ``import infointerview`` costs almost nothing and a
# platform that only runs the checks never imports Jinja2. Type checkers read
# the same names from ``__init__.pyi``.


def __getattr__(name: str) -> object:
    import importlib

    if name == "__version__":
        try:  # written by the build from the package metadata
            from infointerview._version import __version__ as value
        except ImportError:  # a source tree that was never built or installed
            from importlib.metadata import version

            value = version("infointerview")
    elif name in _SUBMODULES:
        value: object = importlib.import_module(f"infointerview.{name}")
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module 'infointerview' has no attribute {name!r}")
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


_SUBMODULES = frozenset({"batch", "etiquette", "exceptions", "samples", "typing"})

#: Where each public name is defined.
_EXPORTS = {
    "BudgetError": "infointerview.exceptions",
    "BusinessCalendar": "infointerview._schedule.dates",
    "CategoryInfo": "infointerview._questions.bank",
    "Channel": "infointerview._models.models",
    "ChannelLimitError": "infointerview.exceptions",
    "Checker": "infointerview.etiquette",
    "Config": "infointerview.etiquette",
    "Contact": "infointerview._models.models",
    "ContactSource": "infointerview._models.models",
    "DateOrder": "infointerview._schedule.dates",
    "Finding": "infointerview.etiquette",
    "Findings": "infointerview.etiquette",
    "InfoInterviewError": "infointerview.exceptions",
    "InputError": "infointerview.exceptions",
    "Letter": "infointerview._render.letter",
    "Meeting": "infointerview._models.models",
    "MeetingMode": "infointerview._models.models",
    "MessageKind": "infointerview._models.models",
    "MissingExtraError": "infointerview.exceptions",
    "MissingTemplateError": "infointerview.exceptions",
    "Outcome": "infointerview._models.models",
    "Pack": "infointerview._packs.packs",
    "PackError": "infointerview.exceptions",
    "PackProblem": "infointerview._lint",
    "PackStack": "infointerview._packs.packs",
    "Plan": "infointerview._schedule.plan",
    "PrepSheet": "infointerview._render.prep",
    "Proposal": "infointerview._schedule.plan",
    "Question": "infointerview._questions.bank",
    "QuestionBank": "infointerview._questions.bank",
    "QuestionBankError": "infointerview.exceptions",
    "QuestionCategory": "infointerview._questions.bank",
    "Questionnaire": "infointerview._questions.builder",
    "QuestionnaireBuilder": "infointerview._questions.builder",
    "QuestionnaireItem": "infointerview._questions.builder",
    "QuestionnaireSection": "infointerview._questions.builder",
    "RenderError": "infointerview.exceptions",
    "Renderer": "infointerview._render.renderer",
    "Requester": "infointerview._models.models",
    "RuleError": "infointerview.exceptions",
    "Severity": "infointerview.etiquette",
    "Step": "infointerview._schedule.plan",
    "StepKind": "infointerview._schedule.plan",
    "SuggestedPerson": "infointerview._models.models",
    "TemplateSecurityError": "infointerview.exceptions",
    "TiaraPart": "infointerview._questions.bank",
    "ValidationError": "infointerview.exceptions",
    "Venue": "infointerview._models.models",
    "builtin_pack": "infointerview._packs.packs",
    "check": "infointerview.etiquette",
    "check_letter": "infointerview.etiquette",
    "check_meeting": "infointerview.etiquette",
    "check_questionnaire": "infointerview.etiquette",
    "check_thank_you": "infointerview.etiquette",
    "describe_moment": "infointerview._schedule.plan",
    "explain": "infointerview.etiquette",
    "follow_through": "infointerview._schedule.plan",
    "lint_pack": "infointerview._lint",
    "load_pack": "infointerview._packs.packs",
    "lookup_zone": "infointerview._schedule.dates",
    "outreach_cadence": "infointerview._schedule.plan",
    "parse_datetime": "infointerview._schedule.dates",
    "plan_to_ical": "infointerview._schedule.calendar",
    "prep_sheet": "infointerview._render.prep",
    "propose_times": "infointerview._schedule.plan",
    "salutation": "infointerview._models.models",
}

__all__ = [
    "BudgetError",
    "BusinessCalendar",
    "CategoryInfo",
    "Channel",
    "ChannelLimitError",
    "Checker",
    "Config",
    "Contact",
    "ContactSource",
    "DateOrder",
    "Finding",
    "Findings",
    "InfoInterviewError",
    "InputError",
    "Letter",
    "Meeting",
    "MeetingMode",
    "MessageKind",
    "MissingExtraError",
    "MissingTemplateError",
    "Outcome",
    "Pack",
    "PackError",
    "PackProblem",
    "PackStack",
    "Plan",
    "PrepSheet",
    "Proposal",
    "Question",
    "QuestionBank",
    "QuestionBankError",
    "QuestionCategory",
    "Questionnaire",
    "QuestionnaireBuilder",
    "QuestionnaireItem",
    "QuestionnaireSection",
    "RenderError",
    "Renderer",
    "Requester",
    "RuleError",
    "Severity",
    "Step",
    "StepKind",
    "SuggestedPerson",
    "TemplateSecurityError",
    "TiaraPart",
    "ValidationError",
    "Venue",
    "__version__",
    "batch",
    "builtin_pack",
    "check",
    "check_letter",
    "check_meeting",
    "check_questionnaire",
    "check_thank_you",
    "describe_moment",
    "etiquette",
    "exceptions",
    "explain",
    "follow_through",
    "lint_pack",
    "load_pack",
    "lookup_zone",
    "outreach_cadence",
    "parse_datetime",
    "plan_to_ical",
    "prep_sheet",
    "propose_times",
    "salutation",
    "samples",
    "typing",
]
