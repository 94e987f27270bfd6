"""Print a digest of many dates computed by infointerview, to compare dateutil versions.

scripts/check runs this under python-dateutil 2.9.0.post0 and under the newest
allowed version; the two digests must be equal. Each line covers a parsed
string (or the error it raised), a business-day count or a meeting proposal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import zoneinfo

import infointerview as ii

ZONES = ("America/Los_Angeles", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "UTC")
TEXTS = (
    "2027-03-10 14:00",
    "2027-03-10T14:00:30.250",
    "2027-03-10T14:00Z",
    "2027-03-10T14:00+05:30",
    "2027-03-10T14:00+0530",
    "2027-03-14 02:30",
    "2027-10-31 02:30",
    "2027-04-04T02:15",
    "20270310T1400",
    "2027-3-10 14:00",
    "2027-03-10 4:00",
    "10 March 2027 2pm",
    "March 10, 2027 at 2:30 pm",
    "Wed 10 Mar 2027 14:00 UTC",
    "10 Mar 2027 14:00 -0800",
    "10 Mar 2027 14:00 EST",
    "10 Mar 2027 14:00 GMT+3",
    "03/04/2027 9:30",
    "25/12/2027 10:00",
    "12/25/2027 10:00",
    "3.4.2027 9:30",
    "03-04-27 9:30",
    "2pm",
    "Tuesday at 3",
    "10 March 2027",
    "not a date",
)


def lines() -> list[str]:
    out = []
    for text, zone, order in itertools.product(TEXTS, ZONES, (None, "day-first", "month-first")):
        try:
            result = ii.parse_datetime(text, zone=zone, date_order=order).isoformat()
        except ii.ValidationError as error:
            result = f"error: {error}"
        out.append(f"parse {text!r} {zone} {order}: {result}")
    calendar = ii.BusinessCalendar(
        holidays=[dt.date(2027, 12, 24), dt.date(2027, 12, 31), dt.date(2028, 1, 3)],
        noon_cutoff=True,
    )
    for zone_name in ZONES:
        zone = zoneinfo.ZoneInfo(zone_name)
        day = dt.date(2027, 1, 1)
        while day.year == 2027:
            for hour in (0, 2, 12, 23):
                start = dt.datetime.combine(day, dt.time(hour, 30), tzinfo=zone)
                out.append(f"add {start.isoformat()}: {calendar.add(start, 3).isoformat()}")
            day += dt.timedelta(days=11)
        contact = ii.Contact(name="Teresa Lindqvist", time_zone=zone_name)
        after = dt.datetime(2027, 3, 12, 9, tzinfo=dt.UTC)
        for proposal in ii.propose_times(contact, after=after, requester=ii.samples.requester()):
            out.append(f"propose {zone_name}: {proposal.text}")
    return out


if __name__ == "__main__":
    found = lines()
    digest = hashlib.sha256("\n".join(found).encode()).hexdigest()
    print(f"{len(found)} results, sha256 {digest}")
