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

from __future__ import annotations

from importlib.metadata import version as _version

from infointerview import batch, etiquette, exceptions, samples, typing
from infointerview._calendar import plan_to_ical
from infointerview._dates import BusinessCalendar, DateOrder, lookup_zone, parse_datetime
from infointerview._letter import Letter
from infointerview._lint import PackProblem, lint_pack
from infointerview._models import (
    Channel,
    Contact,
    ContactSource,
    Meeting,
    MeetingMode,
    MessageKind,
    Outcome,
    Requester,
    SuggestedPerson,
    Venue,
    salutation,
)
from infointerview._packs import Pack, PackStack, builtin_pack, load_pack
from infointerview._prep import PrepSheet, prep_sheet
from infointerview._questionnaire import (
    Questionnaire,
    QuestionnaireBuilder,
    QuestionnaireItem,
    QuestionnaireSection,
)
from infointerview._questions import (
    CategoryInfo,
    Question,
    QuestionBank,
    QuestionCategory,
    TiaraPart,
)
from infointerview._render import Renderer
from infointerview._schedule import (
    Plan,
    Proposal,
    Step,
    StepKind,
    follow_through,
    outreach_cadence,
    propose_times,
)
from infointerview.etiquette import (
    Checker,
    Config,
    Finding,
    Severity,
    check,
    check_letter,
    check_meeting,
    check_questionnaire,
    check_thank_you,
)
from infointerview.exceptions import (
    BudgetError,
    ChannelLimitError,
    InfoInterviewError,
    InputError,
    MissingExtraError,
    MissingTemplateError,
    PackError,
    QuestionBankError,
    RenderError,
    RuleError,
    TemplateSecurityError,
    ValidationError,
)

__version__ = _version("infointerview")

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
    "etiquette",
    "exceptions",
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
