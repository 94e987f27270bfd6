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

from infointerview import exceptions, samples
from infointerview._calendar import plan_to_ical
from infointerview._dates import BusinessCalendar, DateOrder, lookup_zone, parse_datetime
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
from infointerview._schedule import (
    Plan,
    Proposal,
    Step,
    StepKind,
    follow_through,
    outreach_cadence,
    propose_times,
)
from infointerview.exceptions import (
    InfoInterviewError,
    MissingExtraError,
    MissingTemplateError,
    PackError,
    ValidationError,
)

__version__ = _version("infointerview")

__all__ = [
    "BusinessCalendar",
    "Channel",
    "Contact",
    "ContactSource",
    "DateOrder",
    "InfoInterviewError",
    "Meeting",
    "MeetingMode",
    "MessageKind",
    "MissingExtraError",
    "MissingTemplateError",
    "Outcome",
    "Pack",
    "PackError",
    "PackStack",
    "Plan",
    "Proposal",
    "Requester",
    "Step",
    "StepKind",
    "SuggestedPerson",
    "ValidationError",
    "Venue",
    "__version__",
    "builtin_pack",
    "exceptions",
    "follow_through",
    "load_pack",
    "lookup_zone",
    "outreach_cadence",
    "parse_datetime",
    "plan_to_ical",
    "propose_times",
    "salutation",
    "samples",
]
