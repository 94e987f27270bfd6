"""Built-in sample people and a sample meeting, written for this library.

The demo, the documentation and the command line's ``--sample`` option use
them, so every example starts from the same, realistic data: a student who
found an alum of her university on the university's alumni networking
platform. The names, school and firm are invented.

>>> from infointerview import samples, salutation
>>> salutation(samples.contact())
'Dear Ms. Lindqvist'
"""

import datetime as _dt
import zoneinfo as _zoneinfo

from infointerview._models import models as _m

__all__ = ["contact", "matrix", "meeting", "outcome", "requester"]


def requester() -> _m.Requester:
    """Return the sample requester: an economics student curious about audit.

    Returns:
        Maya Okafor, a third-year economics major at Northbay University.
    """
    return _m.Requester(
        name="Maya Okafor",
        school="Northbay University",
        programme="economics major",
        goal=(
            "what the first years in audit are really like and how people move into forensic work"
        ),
        email="maya.okafor@example.edu",
        phone="+1 206 555 0142",
        signature=(
            "Maya Okafor\nEconomics, Northbay University, class of 2028\nmaya.okafor@example.edu"
        ),
        time_zone="America/Los_Angeles",
    )


def contact() -> _m.Contact:
    """Return the sample contact: an alum found on the school's alumni platform.

    Returns:
        Ms. Teresa Lindqvist, Senior Audit Manager at Harbor & Vale LLP.
    """
    return _m.Contact(
        name="Teresa Lindqvist",
        honorific="Ms.",
        family_name="Lindqvist",
        job_title="Senior Audit Manager",
        organization="Harbor & Vale LLP",
        field="accounting",
        shared_school=True,
        source=_m.ContactSource.ALUMNI_PLATFORM,
        platform="Northbay Connect",
        email="t.lindqvist@example.com",
        time_zone="America/Chicago",
    )


def meeting() -> _m.Meeting:
    """Return the sample meeting: a 30-minute video call in the contact's afternoon.

    Returns:
        A video call on Wednesday 10 March 2027 at 2 pm in Chicago.
    """
    return _m.Meeting(
        mode=_m.MeetingMode.VIDEO,
        start=_dt.datetime(2027, 3, 10, 14, 0, tzinfo=_zoneinfo.ZoneInfo("America/Chicago")),
    )


def outcome() -> _m.Outcome:
    """Return the sample outcome of the sample meeting.

    Returns:
        Notes, one thing learned, and two people the contact suggested.
    """
    return _m.Outcome(
        notes=(
            "First two years are mostly fieldwork on client sites.\n"
            "The CPA exam is usually finished in year one or two;"
            " the firm pays for review courses.\n"
            "Forensic teams hire from audit after two or three busy seasons."
        ),
        learned="how much of a first-year auditor's time is spent on client sites",
        suggested=(
            _m.SuggestedPerson(
                name="Arjun Mehta",
                honorific="Mr.",
                family_name="Mehta",
                organization="Harbor & Vale LLP",
                job_title="Forensic Accounting Manager",
            ),
            _m.SuggestedPerson(
                name="Colette Baptiste",
                organization="Cascade Regional Credit Union",
                job_title="Internal Audit Lead",
            ),
        ),
        may_use_name=True,
        business_card=True,
    )


def matrix() -> tuple[tuple[_m.Requester, _m.Contact], ...]:
    """Return every pairing of varied sample requesters and contacts.

    The requesters: a student with school and programme, a one-word name
    with only a school, a career changer with a background and no school, and
    a student with a non-Latin name, and two awkward ones (an initialism,
    typed-in text with a capital, a school ending in "."). The contacts: with and without an
    honorific, a one-word name, non-Latin names, alums and not, found through
    every :class:`~infointerview.ContactSource` (so a referral among them). Tests render
    every built-in template for each pair, and a pack author can do the same.

    Returns:
        (requester, contact) pairs, requesters in the outer loop.

    >>> from infointerview import samples
    >>> len(samples.matrix()) == len(set(samples.matrix()))
    True
    """
    requesters = (
        requester(),
        _m.Requester(name="Oluwaseun", school="Riverside Community College"),
        _m.Requester(
            name="Daniel Brooks",
            background="a registered nurse moving into health informatics",
            goal="how clinical experience carries over into informatics work",
        ),
        _m.Requester(name="王小明", school="北京大学", programme="计算机科学专业"),
        # Awkward on purpose: an initialism, a pasted capital, a name ending in ".".
        _m.Requester(
            name="Sam Ortiz",
            school="St. Olaf Coll.",
            programme="MBA candidate",
            goal="How audit teams plan their year.",
        ),
        _m.Requester(name="Aroha Ngata", programme="honours student in user experience"),
    )
    contacts = (
        contact(),
        _m.Contact(
            name="Jordan Anderson",
            honorific="Mr.",
            family_name="Anderson",
            job_title="Controller",
            organization="Pacific Timber Co.",
            field="accounting",
            source=_m.ContactSource.REFERRAL,
            referrer="Priya Natarajan",
        ),
        _m.Contact(name="Madonna", source=_m.ContactSource.LINKEDIN, field="music production"),
        _m.Contact(
            name="Ирина Волкова",
            organization="Северный банк",
            source=_m.ContactSource.ORGANIZATION_WEBSITE,
        ),
        _m.Contact(
            name="Dr. Wei Zhang",
            address_as="Dr. Zhang",
            job_title="Research Scientist",
            field="public health",
            shared_school=True,
            source=_m.ContactSource.PERSONAL_NETWORK,
        ),
        _m.Contact(
            name="李娜",
            honorific="Ms.",
            family_name="李",
            source=_m.ContactSource.ALUMNI_PLATFORM,
            platform="Northbay Connect",
            shared_school=False,
        ),
        _m.Contact(
            name="Ana Ruiz",
            job_title="Head of Audit",
            organization="Ruiz & Co.",
            source=_m.ContactSource.REFERRAL,
            referrer="Priya Natarajan",
        ),
    )
    return tuple((r, c) for r in requesters for c in contacts)
