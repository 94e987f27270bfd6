"""Calendar export: plans and meetings as an iCalendar (RFC 5545) file.

Uses the `icalendar <https://icalendar.readthedocs.io/>`_ package, installed
by the ``calendar`` extra and imported only when an export is asked for.
"""

from __future__ import annotations

import datetime as dt
import importlib
import uuid
from typing import Any, Final

from infointerview._models.models import Meeting, MeetingMode
from infointerview._public import public
from infointerview._schedule.dates import require_aware
from infointerview._schedule.plan import Plan, Step
from infointerview.exceptions import MissingExtraError, ValidationError

__all__ = ["plan_to_ical"]

#: Namespace of the UIDs written; a UID is derived from what it describes, so
#: exporting the same plan twice gives the same UIDs and a calendar app
#: updates the entries instead of duplicating them.
_UID_NAMESPACE: Final = uuid.UUID("5b0e8f0e-3c55-4d3f-9a55-6b1f0a1c7e21")
_PRODID: Final = "-//infointerview//infointerview//EN"
_MODE_WORDS: Final = {
    MeetingMode.VIDEO: "video call",
    MeetingMode.PHONE: "phone call",
    MeetingMode.IN_PERSON: "meeting in person",
    MeetingMode.EMAIL: "email exchange",
}


def _icalendar() -> Any:
    try:
        return importlib.import_module("icalendar")
    except ImportError:
        raise MissingExtraError("Calendar export", "calendar") from None


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def _uid(*parts: str) -> str:
    return f"{uuid.uuid5(_UID_NAMESPACE, '|'.join(parts))}@infointerview"


def _meeting_event(ical: Any, plan: Plan, meeting: Meeting, stamp: dt.datetime) -> Any:
    event = ical.Event()
    name = plan.contact.name
    event.add("uid", _uid("meeting", name, meeting.start.isoformat()))
    event.add("dtstamp", stamp)
    event.add("dtstart", _utc(meeting.start))
    event.add("dtend", _utc(meeting.end))
    event.add("summary", f"Informational interview with {name} ({_MODE_WORDS[meeting.mode]})")
    if meeting.location:
        event.add("location", meeting.location)
    event.add(
        "description",
        "Join or arrive a few minutes early, keep to the time you asked for, take notes, "
        "and ask whom else you might speak with.",
    )
    alarm = ical.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Informational interview with {name} in 30 minutes")
    alarm.add("trigger", dt.timedelta(minutes=-30))
    event.add_component(alarm)
    return event


def _step_todo(ical: Any, plan: Plan, step: Step, stamp: dt.datetime) -> Any:
    todo = ical.Todo()
    todo.add(
        "uid",
        _uid(
            "step", plan.contact.name, plan.anchor.isoformat(), step.kind.value, step.person or ""
        ),
    )
    todo.add("dtstamp", stamp)
    todo.add("due", _utc(step.due))
    todo.add("summary", step.action)
    if step.template:
        todo.add("description", f"Template: {step.template}")
    todo.add("status", "NEEDS-ACTION")
    alarm = ical.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", step.action)
    # An absolute trigger must say VALUE=DATE-TIME: a TRIGGER is a duration by default.
    alarm.add("trigger", _utc(step.due), parameters={"VALUE": "DATE-TIME"})
    todo.add_component(alarm)
    return todo


@public
def plan_to_ical(*plans: Plan, stamp: dt.datetime | None = None) -> bytes:
    """Return *plans* as one iCalendar file.

    A scheduled meeting becomes an event (with a reminder 30 minutes before);
    each step becomes a to-do due at the step's time, with a reminder then.
    Times are written in UTC. Output is deterministic: the UIDs derive from
    what each entry describes, and ``DTSTAMP`` is *stamp*.

    Args:
        plans: One or more plans, such as an outreach cadence and the
            follow-through after the meeting.
        stamp: The ``DTSTAMP`` of every entry (when the file was made); the
            latest plan anchor when omitted, so that the same plans always
            give the same bytes.

    Returns:
        The file's bytes (UTF-8, CRLF line endings).

    Raises:
        MissingExtraError: The ``calendar`` extra (icalendar) is not installed.
        ValidationError: No plan was given, or *stamp* is naive.
    """
    if not plans:
        raise ValidationError("plans", plans, "must hold at least one Plan")
    for index, plan in enumerate(plans):
        if not isinstance(plan, Plan):
            raise ValidationError(f"plans[{index}]", plan, "must be a Plan")
    ical = _icalendar()
    if stamp is None:
        stamp = max(plan.anchor for plan in plans)
    else:
        require_aware("stamp", stamp)
    stamp = _utc(stamp)
    cal = ical.Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    for plan in plans:
        if plan.meeting is not None:
            cal.add_component(_meeting_event(ical, plan, plan.meeting, stamp))
        for step in plan.steps:
            cal.add_component(_step_todo(ical, plan, step, stamp))
    data: bytes = cal.to_ical()
    return data
