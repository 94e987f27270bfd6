"""Timing: the 3B7 outreach cadence, meeting proposals and the after-meeting plan.

Every date here is computed by :class:`~infointerview.BusinessCalendar` or
plain :class:`datetime.timedelta` arithmetic on time-zone aware datetimes; the
module never imports dateutil itself, and never the renderer: steps name
their template as a plain string.

The cadence is Steve Dalton's "3B7 routine" (*The 2-Hour Job Search*, 2nd ed.,
Ten Speed Press, 2020): three business days without a reply, contact a second
person at the organization; seven business days, one follow-up to the first
contact; then stop.
"""

from __future__ import annotations

import datetime as dt
import enum
import html
from typing import Any, Final

import attrs

from infointerview._models.markdown import escape_markdown
from infointerview._models.models import (
    Contact,
    Meeting,
    MeetingMode,
    Outcome,
    Requester,
    Venue,
    lookup_member,
    require,
)
from infointerview._public import public
from infointerview._schedule.dates import BusinessCalendar, lookup_zone, require_aware
from infointerview.exceptions import ValidationError

__all__ = [
    "Plan",
    "Proposal",
    "Step",
    "StepKind",
    "follow_through",
    "outreach_cadence",
    "propose_times",
]

#: Business days without a reply before reaching a second person (3B7).
SECOND_CONTACT_DAYS: Final = 3
#: Business days without a reply before the one follow-up (3B7).
FOLLOW_UP_DAYS: Final = 7
#: The thank-you goes out within a day of the conversation.
THANK_YOU_WITHIN: Final = dt.timedelta(hours=24)
#: People the interviewee suggested are contacted within a week (business days).
REFERRAL_DAYS: Final = 5
#: The interviewee hears how those conversations went after about two weeks.
REPORT_BACK_DAYS: Final = 10

TEMPLATE_OUTREACH: Final = "outreach/email.txt.j2"
TEMPLATE_FOLLOW_UP: Final = "follow_up/no-reply.txt.j2"
TEMPLATE_THANK_YOU: Final = "thank_you/email.txt.j2"
TEMPLATE_REFERRAL: Final = "referral/email.txt.j2"

_DEFAULT_CALENDAR: Final = BusinessCalendar()
_SLOT_STEP: Final = dt.timedelta(minutes=30)
# Preferred start times, one per proposed day: mid-morning, mid-afternoon, late morning.
_PREFERRED: Final = (dt.time(10, 0), dt.time(14, 0), dt.time(11, 0))
# Hours at which the requester is expected to be awake and able to talk.
_REQUESTER_DAY: Final = (dt.time(8, 0), dt.time(20, 0))


@public
class StepKind(enum.StrEnum):
    """What a step of a plan asks the requester to do."""

    #: Three business days without a reply, so reach a second person at the organization.
    SECOND_CONTACT = "second-contact"
    #: Seven business days without a reply, so send one polite follow-up to the first contact.
    FOLLOW_UP = "follow-up"
    #: Send the thank-you within 24 hours of the conversation.
    THANK_YOU = "thank-you"
    #: Send a LinkedIn connection request with the thank-you.
    CONNECT = "connect"
    #: Contact a person the interviewee suggested, within a week.
    REFERRAL = "referral"
    #: Tell the interviewee how the suggested conversations went.
    REPORT_BACK = "report-back"


def _to_kind(value: StepKind | str) -> StepKind:
    kind = lookup_member(StepKind, value)
    if kind is None:
        valid = ", ".join(repr(kind.value) for kind in StepKind)
        raise ValidationError("Step.kind", value, f"must be one of {valid}")
    return kind


def _add_days(
    calendar: BusinessCalendar, start: dt.datetime, days: int, *, field: str
) -> dt.datetime:
    """Return ``calendar.add(start, days)``, naming *field* when the calendar runs out."""
    try:
        return calendar.add(start, days)
    except ValidationError as error:  # start is valid: the count ran past year 9999
        raise ValidationError(field, start, error.expected) from None


def _later(moment: dt.datetime, delta: dt.timedelta, *, field: str) -> dt.datetime:
    """Return the moment *delta* of real time after *moment*, in *moment*'s zone.

    The sum is taken in UTC, so 24 hours are 24 hours across a DST change.
    """
    try:
        return (moment.astimezone(dt.UTC) + delta).astimezone(moment.tzinfo)
    except OverflowError:
        raise ValidationError(
            field, moment, f"is too close to the end of the calendar (year 9999) to add {delta}"
        ) from None


def _aware_field(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    require_aware(f"{type(inst).__name__}.{attr.name}", value)


def _instance(cls: type, *, optional: bool = False) -> Any:
    def validate(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if (value is None and optional) or isinstance(value, cls):
            return
        raise ValidationError(
            f"{type(inst).__name__}.{attr.name}", value, f"must be a {cls.__name__}"
        )

    return validate


def _one_line(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None and attr.default is None:
        return
    if not isinstance(value, str) or not value.strip() or "\n" in value:
        raise ValidationError(f"{type(inst).__name__}.{attr.name}", value, "must be one line")


@public
@attrs.frozen(kw_only=True)
class Step:
    """One dated thing to do.

    Attributes:
        kind: What sort of step it is.
        due: When it is due; time-zone aware.
        action: What to do, as one imperative sentence.
        person: Whom the step is about, when it is about one person.
        template: The template-pack name of the message to send
            (``"thank_you/email.txt.j2"``), or ``None`` where there is none.
    """

    kind: StepKind = attrs.field(converter=_to_kind)
    due: dt.datetime = attrs.field(validator=_aware_field)
    action: str = attrs.field(validator=_one_line)
    person: str | None = attrs.field(default=None, validator=_one_line)
    template: str | None = attrs.field(default=None, validator=_one_line)


def _sorted_steps(value: tuple[Step, ...] | list[Step]) -> tuple[Step, ...]:
    steps = tuple(value)
    for index, step in enumerate(steps):
        if not isinstance(step, Step):
            raise ValidationError(f"Plan.steps[{index}]", step, "must be a Step")
    return tuple(sorted(steps, key=lambda step: step.due))


@public
@attrs.frozen(kw_only=True)
class Plan:
    """Dated steps for one contact, and the meeting when there is one.

    Attributes:
        contact: Whom the plan is about.
        anchor: The moment the plan counts from (the first message was sent,
            or the conversation ended); time-zone aware.
        steps: The steps, sorted by due time.
        meeting: The conversation, when one is scheduled.
    """

    contact: Contact = attrs.field(validator=_instance(Contact))
    anchor: dt.datetime = attrs.field(validator=_aware_field)
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_sorted_steps)
    meeting: Meeting | None = attrs.field(
        default=None, validator=_instance(Meeting, optional=True)
    )

    @property
    def markdown(self) -> str:
        """The plan as a Markdown checklist, one line per step, in due order.

        Typed text (the contact's name, each action) is escaped, so it stays
        literal whatever it holds.
        """
        lines = [f"**Plan for {escape_markdown(self.contact.name)}**", ""]
        for step in self.steps:
            due = describe_moment(step.due)
            lines.append(f"- [ ] **{due}** ({step.kind.value}): {escape_markdown(step.action)}")
        return "\n".join(lines) + "\n"

    def _repr_markdown_(self) -> str:
        return self.markdown

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{esc(describe_moment(step.due))}</td><td>{esc(step.kind.value)}</td>"
            f"<td>{esc(step.action)}</td></tr>"
            for step in self.steps
        )
        return (
            f'<table class="infointerview-plan"><caption>Plan for {esc(self.contact.name)}'
            f"</caption><tr><th>Due</th><th>Step</th><th>What to do</th></tr>{rows}</table>"
        )


@public
def outreach_cadence(
    contact: Contact,
    sent: dt.datetime,
    *,
    calendar: BusinessCalendar = _DEFAULT_CALENDAR,
) -> Plan:
    """Return the 3B7 plan for a first message sent to *contact* at *sent*.

    Three business days without a reply: reach out to a second person at the
    same organization. Seven business days: one polite follow-up to
    *contact*. After that, no more nudges. Days are counted in *sent*'s zone.

    Args:
        contact: Whom the first message went to.
        sent: When it was sent; time-zone aware.
        calendar: Holidays and the noon cut-off to count business days with.

    Returns:
        A plan with two steps.

    Raises:
        ValidationError: *sent* is naive.

    >>> import datetime as dt, zoneinfo, infointerview as ii
    >>> sent = dt.datetime(2027, 3, 1, 9, 30, tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles"))
    >>> [str(step.due.date()) for step in ii.outreach_cadence(ii.samples.contact(), sent).steps]
    ['2027-03-04', '2027-03-10']
    """
    require("contact", contact, Contact)
    require_aware("sent", sent)
    require("calendar", calendar, BusinessCalendar)
    where = f"at {contact.organization}" if contact.organization else "in the same organization"
    steps = (
        Step(
            kind=StepKind.SECOND_CONTACT,
            due=_add_days(calendar, sent, SECOND_CONTACT_DAYS, field="sent"),
            action=f"If {contact.name} has not replied, write to a second person {where}",
            template=TEMPLATE_OUTREACH,
        ),
        Step(
            kind=StepKind.FOLLOW_UP,
            due=_add_days(calendar, sent, FOLLOW_UP_DAYS, field="sent"),
            action=(
                f"If {contact.name} has still not replied, send one short, polite follow-up;"
                " then stop"
            ),
            person=contact.name,
            template=TEMPLATE_FOLLOW_UP,
        ),
    )
    return Plan(contact=contact, anchor=sent, steps=steps)


@public
def follow_through(
    contact: Contact,
    meeting: Meeting,
    outcome: Outcome,
    *,
    calendar: BusinessCalendar = _DEFAULT_CALENDAR,
) -> Plan:
    """Return the plan of steps after the conversation with *contact*.

    * Thank-you within 24 hours of the meeting's end, 24 hours of real time
      even across a DST change (left out when
      ``outcome.thank_you_sent`` is set), with a LinkedIn connection request
      sent alongside it.
    * Each person in ``outcome.suggested`` contacted within a week (five
      business days), naming *contact* only if ``outcome.may_use_name``.
    * When anyone was suggested, a note to *contact* on how those
      conversations went, about two weeks (ten business days) later.

    Args:
        contact: The interviewee.
        meeting: The conversation; its end anchors the plan.
        outcome: What came of it.
        calendar: Holidays and the noon cut-off to count business days with.

    Returns:
        The plan, with the meeting attached.

    >>> import infointerview as ii
    >>> plan = ii.follow_through(ii.samples.contact(), ii.samples.meeting(), ii.samples.outcome())
    >>> [(step.kind.value, step.due.strftime("%a %d %b %H:%M")) for step in plan.steps][:2]
    [('thank-you', 'Thu 11 Mar 14:30'), ('connect', 'Thu 11 Mar 14:30')]
    """
    require("contact", contact, Contact)
    require("meeting", meeting, Meeting)
    require("outcome", outcome, Outcome)
    require("calendar", calendar, BusinessCalendar)
    end = meeting.end
    thank_you_due = _later(end, THANK_YOU_WITHIN, field="meeting.end")
    steps: list[Step] = []
    if outcome.thank_you_sent is None:
        steps.append(
            Step(
                kind=StepKind.THANK_YOU,
                due=thank_you_due,
                action=f"Send {contact.name} a thank-you that names one thing you learned",
                person=contact.name,
                template=TEMPLATE_THANK_YOU,
            )
        )
    thanked = outcome.thank_you_sent or thank_you_due
    steps.append(
        Step(
            kind=StepKind.CONNECT,
            due=thanked,
            action=f"Send {contact.name} a LinkedIn connection request with a short personal note",
            person=contact.name,
        )
    )
    if outcome.may_use_name is True:
        naming = f"say that {contact.name} suggested you get in touch"
    elif outcome.may_use_name is False:
        naming = f"do not mention {contact.name}: you were not given permission"
    else:
        naming = f"ask {contact.name} first whether you may mention them"
    for person in outcome.suggested:
        role = ", ".join(part for part in (person.job_title, person.organization) if part)
        who = f"{person.name} ({role})" if role else person.name
        steps.append(
            Step(
                kind=StepKind.REFERRAL,
                due=_add_days(calendar, end, REFERRAL_DAYS, field="meeting.end"),
                action=f"Ask {who} for a short conversation; {naming}",
                person=person.name,
                template=TEMPLATE_REFERRAL,
            )
        )
    if outcome.suggested:
        steps.append(
            Step(
                kind=StepKind.REPORT_BACK,
                due=_add_days(calendar, end, REPORT_BACK_DAYS, field="meeting.end"),
                action=f"Tell {contact.name} how the conversations they suggested went",
                person=contact.name,
            )
        )
    return Plan(contact=contact, anchor=end, steps=tuple(steps), meeting=meeting)


# --- meeting proposals -----------------------------------------------------------------


@public
def describe_moment(moment: dt.datetime, *, clock: bool = True) -> str:
    """Write a moment the way the plan and prep sheet show it: "Thu 11 Mar, 2:30 pm CST".

    Args:
        moment: An aware datetime, in the zone it should be read in.
        clock: Whether to add the time of day and zone; without it, "Thu 11 Mar".

    Returns:
        The short, human form.

    Raises:
        ValidationError: *moment* is not an aware datetime.
    """
    require_aware("moment", moment)
    day = f"{moment:%a} {moment.day} {moment:%b}"
    return f"{day}, {_clock(moment)} {moment.tzname()}" if clock else day


def _clock(moment: dt.datetime, *, suffix: bool = True) -> str:
    hour = moment.hour % 12 or 12
    text = f"{hour}:{moment.minute:02d}"
    return f"{text} {'am' if moment.hour < 12 else 'pm'}" if suffix else text


def _span(start: dt.datetime, end: dt.datetime) -> str:
    """Return "2:00–2:30 pm", or "11:45 am–12:15 pm" when the half of the day changes."""
    same_half = (start.hour < 12) == (end.hour < 12) and start.date() == end.date()
    return f"{_clock(start, suffix=not same_half)}–{_clock(end)}"


def _zone_label(moment: dt.datetime) -> str:
    name = moment.tzname() or ""
    # Zones without an abbreviation report a bare offset such as "+0530" or "-03".
    if not name or name[0] in "+-":
        offset = moment.utcoffset() or dt.timedelta(0)
        minutes = int(offset.total_seconds()) // 60
        sign = "+" if minutes >= 0 else "-"
        hours, rest = divmod(abs(minutes), 60)
        name = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    return name


def _describe(start: dt.datetime, end: dt.datetime, requester_zone: dt.tzinfo | None) -> str:
    text = f"{start:%a} {start.day} {start:%b}, {_span(start, end)} {_zone_label(start)}"
    if requester_zone is None:
        return text
    mine_start, mine_end = start.astimezone(requester_zone), end.astimezone(requester_zone)
    if mine_start.utcoffset() == start.utcoffset() and _zone_label(mine_start) == _zone_label(
        start
    ):
        return text
    day = "" if mine_start.date() == start.date() else f"{mine_start:%a} {mine_start.day} "
    day = f"{day}{mine_start:%b}, " if day else ""
    return f"{text} ({day}{_span(mine_start, mine_end)} {_zone_label(mine_start)} for me)"


@public
@attrs.frozen(kw_only=True)
class Proposal:
    """One proposed time for the conversation.

    Attributes:
        meeting: The meeting this time would be, in the contact's zone.
        text: The time written for a message: in the contact's zone, and in
            the requester's where that differs ("Wed 10 Mar, 2:00–2:30 pm CST
            (12:00–12:30 pm PST for me)").
    """

    meeting: Meeting = attrs.field(validator=_instance(Meeting))
    text: str = attrs.field(validator=_one_line)


_MODES: Final = (MeetingMode.VIDEO, MeetingMode.PHONE, MeetingMode.IN_PERSON)
_VENUES: Final = (Venue.WORKPLACE, Venue.PUBLIC_PLACE)


def _check_mode(
    mode: MeetingMode | str, venue: Venue | str | None
) -> tuple[MeetingMode, Venue | None]:
    kind = lookup_member(MeetingMode, mode)
    if kind not in _MODES:
        raise ValidationError(
            "mode",
            mode,
            "must be 'video', 'phone' or 'in-person'; never hold the conversation over email",
        )
    assert kind is not None
    if kind is not MeetingMode.IN_PERSON:
        if venue is not None:
            raise ValidationError("venue", venue, "applies only to in-person meetings")
        return kind, None
    place = lookup_member(Venue, venue)
    if place not in _VENUES:
        raise ValidationError(
            "venue",
            venue,
            "must be 'workplace' or 'public-place' for an in-person meeting; never someone's home",
        )
    return kind, place


@public
def propose_times(
    contact: Contact,
    *,
    after: dt.datetime,
    requester: Requester | None = None,
    count: int = 3,
    lead: dt.timedelta = dt.timedelta(days=2),
    working_hours: tuple[dt.time, dt.time] = (dt.time(9, 0), dt.time(17, 0)),
    duration: dt.timedelta = dt.timedelta(minutes=30),
    mode: MeetingMode | str = MeetingMode.VIDEO,
    venue: Venue | str | None = None,
    location: str | None = None,
    calendar: BusinessCalendar = _DEFAULT_CALENDAR,
) -> tuple[Proposal, ...]:
    """Propose times for the conversation inside the contact's working hours.

    Each proposal is on a different business day in the contact's zone, no
    earlier than *after* plus *lead*, and lies wholly inside *working_hours*
    there. The days get a mid-morning, a mid-afternoon and a late-morning
    slot in turn; when the requester's zone is known, a slot that falls
    between 8 am and 8 pm for the requester is preferred.

    Args:
        contact: The contact; ``contact.time_zone`` must be set.
        after: The moment the proposal is written; time-zone aware.
        requester: The requester; their ``time_zone``, when set, adds their
            own time to each proposal's text.
        count: How many times to propose: 2 or 3.
        lead: The least time between *after* and the first proposal.
        working_hours: The contact's working day, as wall times.
        duration: How long the conversation is; 30 minutes by default.
        mode: Video, phone or in person; never email.
        venue: For in person, a workplace or a public place; never a home.
        location: For in person, the address or a description.
        calendar: Holidays to skip.

    Returns:
        The proposals, earliest first.

    Raises:
        ValidationError: A zone is missing or unknown, *after* is naive,
            *count* is not 2 or 3, the working hours cannot hold the meeting,
            or the mode or venue is refused.

    >>> import datetime as dt, infointerview as ii
    >>> monday = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
    >>> maya, teresa = ii.samples.requester(), ii.samples.contact()
    >>> for p in ii.propose_times(teresa, after=monday, requester=maya):
    ...     print(p.text)
    Wed 10 Mar, 10:00–10:30 am CST (8:00–8:30 am PST for me)
    Thu 11 Mar, 2:00–2:30 pm CST (12:00–12:30 pm PST for me)
    Fri 12 Mar, 11:00–11:30 am CST (9:00–9:30 am PST for me)
    """
    require("contact", contact, Contact)
    if requester is not None:
        require("requester", requester, Requester)
    require_aware("after", after)
    if contact.time_zone is None:
        raise ValidationError(
            "Contact.time_zone", None, "is needed to propose times in the contact's working hours"
        )
    zone = lookup_zone(contact.time_zone, field="Contact.time_zone")
    mine = (
        lookup_zone(requester.time_zone, field="Requester.time_zone")
        if requester is not None and requester.time_zone is not None
        else None
    )
    if not isinstance(count, int) or isinstance(count, bool) or count not in (2, 3):
        raise ValidationError("count", count, "must be 2 or 3")
    if not isinstance(lead, dt.timedelta) or lead < dt.timedelta(0):
        raise ValidationError("lead", lead, "must be a timedelta of zero or more")
    if (
        not isinstance(duration, dt.timedelta)
        or duration <= dt.timedelta(0)
        or duration % dt.timedelta(minutes=1)
    ):
        raise ValidationError("duration", duration, "must be a positive whole number of minutes")
    if (
        not isinstance(working_hours, tuple)
        or len(working_hours) != 2
        or not all(isinstance(t, dt.time) and t.tzinfo is None for t in working_hours)
    ):
        raise ValidationError(
            "working_hours",
            working_hours,
            "must be two wall times without a zone, such as (time(9, 0), time(17, 0))",
        )
    opens, closes = working_hours
    day_length = dt.datetime.combine(dt.date.min, closes) - dt.datetime.combine(dt.date.min, opens)
    if day_length < duration:
        raise ValidationError(
            "working_hours", working_hours, f"must open before it closes and hold {duration}"
        )
    mode, place = _check_mode(mode, venue)
    require("calendar", calendar, BusinessCalendar)
    earliest = _later(after, lead, field="after")
    too_late = "is too close to the end of the calendar (year 9999) to propose times after it"
    try:
        day = earliest.astimezone(zone).date() - dt.timedelta(days=1)
    except OverflowError:
        raise ValidationError("after", after, too_late) from None
    proposals: list[Proposal] = []
    while len(proposals) < count:
        try:
            day = calendar.business_days_after(day, 1)[0]
            slot = _pick_slot(day, zone, mine, opens, closes, duration, earliest, len(proposals))
        except (ValidationError, OverflowError):  # the days ran past year 9999
            raise ValidationError("after", after, too_late) from None
        if slot is None:
            continue
        meeting = Meeting(mode=mode, start=slot, duration=duration, venue=place, location=location)
        proposals.append(Proposal(meeting=meeting, text=_describe(slot, meeting.end, mine)))
    return tuple(proposals)


def _pick_slot(
    day: dt.date,
    zone: dt.tzinfo,
    mine: dt.tzinfo | None,
    opens: dt.time,
    closes: dt.time,
    duration: dt.timedelta,
    earliest: dt.datetime,
    index: int,
) -> dt.datetime | None:
    """Return the best start on *day* inside working hours, or None if none fits."""
    preferred = dt.datetime.combine(day, _PREFERRED[index % len(_PREFERRED)])
    first, last = dt.datetime.combine(day, opens), dt.datetime.combine(day, closes) - duration
    walls = []
    wall = first
    while wall <= last:
        walls.append(wall)
        wall += _SLOT_STEP
    walls.sort(key=lambda w: (abs(w - preferred), w))
    starts = []
    for wall in walls:
        start = wall.replace(tzinfo=zone)
        # A wall time in a DST gap does not exist; a repeated one is read as the first.
        if start.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != wall:
            continue
        if start >= earliest:
            starts.append(start)
    if not starts:
        return None
    if mine is not None:
        for start in starts:
            local = start.astimezone(mine)
            awake = dt.datetime.combine(local.date(), _REQUESTER_DAY[0], tzinfo=mine)
            asleep = dt.datetime.combine(local.date(), _REQUESTER_DAY[1], tzinfo=mine)
            if awake <= local and start + duration <= asleep:
                return start
    return starts[0]
