"""Hypothesis strategies for valid models, shared by the test modules."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zoneinfo

from hypothesis import strategies as st

import infointerview as ii
from infointerview._models.text import _BAD_IN_LINE, _BAD_IN_TEXT

# Zones with awkward rules: half-hour offsets, half-hour DST, no DST, the date line.
ZONES = (
    "UTC",
    "America/Los_Angeles",
    "America/Chicago",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "America/St_Johns",
)


def _clean(text: str, *, multiline: bool) -> str:
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n") if multiline else text).strip()


def one_line(*, max_size: int = 60, optional: bool = False) -> st.SearchStrategy[str | None]:
    """Valid one-line text, already in the normal form the models store."""
    text = (
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=max_size)
        .map(lambda s: _clean(s, multiline=False))
        .filter(
            lambda s: s != "" and not _BAD_IN_LINE.search(s) and s == _clean(s, multiline=False)
        )
    )
    return st.none() | text if optional else text


def multi_line(*, max_size: int = 200) -> st.SearchStrategy[str | None]:
    """Valid multi-line text, already normalised."""
    text = (
        st.text(st.characters(codec="utf-8"), max_size=max_size)
        .map(lambda s: _clean(s, multiline=True))
        .filter(lambda s: not _BAD_IN_TEXT.search(s) and s == _clean(s, multiline=True))
    )
    return st.none() | text


emails = st.none() | st.from_regex(r"[a-z0-9._]{1,12}@[a-z0-9-]{1,12}\.[a-z]{2,6}", fullmatch=True)
zones = st.none() | st.sampled_from(ZONES)

aware_datetimes = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2099, 12, 31)),
    st.sampled_from(
        [zoneinfo.ZoneInfo(z) for z in ZONES]
        + [dt.UTC, dt.timezone(dt.timedelta(hours=-3, minutes=-30))]
    ),
).filter(
    # A wall time in a DST gap does not survive conversion; such an instant
    # is not one a person schedules, and from_dict refuses it explicitly.
    lambda d: (
        d.astimezone(dt.UTC).astimezone(d.tzinfo).replace(fold=0) == d.replace(fold=0)
        or not isinstance(d.tzinfo, zoneinfo.ZoneInfo)
    )
)

requesters = st.builds(
    ii.Requester,
    name=one_line(),
    school=one_line(optional=True),
    programme=one_line(optional=True),
    background=one_line(optional=True),
    goal=one_line(optional=True),
    email=emails,
    phone=st.none()
    | st.from_regex(r"\+?[0-9 ()-]{3,20}", fullmatch=True).map(str.strip).filter(bool),
    linkedin=one_line(optional=True),
    signature=multi_line(),
    time_zone=zones,
)


@st.composite
def contacts(draw: st.DrawFn) -> ii.Contact:
    """Valid contacts, found through every kind of source."""
    source = draw(st.sampled_from(ii.ContactSource))
    return ii.Contact(
        name=draw(one_line()),
        honorific=draw(one_line(max_size=10, optional=True)),
        family_name=draw(one_line(optional=True)),
        address_as=draw(one_line(optional=True)),
        job_title=draw(one_line(optional=True)),
        organization=draw(one_line(optional=True)),
        field=draw(one_line(optional=True)),
        shared_school=draw(st.booleans()),
        source=source,
        platform=draw(one_line()) if source is ii.ContactSource.ALUMNI_PLATFORM else None,
        referrer=draw(one_line()) if source is ii.ContactSource.REFERRAL else None,
        email=draw(emails),
        time_zone=draw(zones),
    )


@st.composite
def meetings(draw: st.DrawFn) -> ii.Meeting:
    """Valid meetings of every mode."""
    mode = draw(st.sampled_from(ii.MeetingMode))
    in_person = mode is ii.MeetingMode.IN_PERSON
    return ii.Meeting(
        mode=mode,
        start=draw(aware_datetimes),
        duration=dt.timedelta(minutes=draw(st.integers(1, 480))),
        venue=draw(st.none() | st.sampled_from(ii.Venue)) if in_person else None,
        location=draw(one_line(optional=True)) if in_person else None,
    )


suggested_people = st.builds(
    ii.SuggestedPerson,
    name=one_line(),
    organization=one_line(optional=True),
    job_title=one_line(optional=True),
    email=emails,
    note=multi_line(),
)

outcomes = st.builds(
    ii.Outcome,
    notes=multi_line(),
    learned=one_line(optional=True),
    suggested=st.lists(suggested_people, max_size=3).map(tuple),
    may_use_name=st.none() | st.booleans(),
    business_card=st.booleans(),
    thank_you_sent=st.none() | aware_datetimes,
)

models = st.one_of(requesters, contacts(), meetings(), suggested_people, outcomes)
