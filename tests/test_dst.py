"""Tests that meeting times are exact across DST changes: ends, refusals and calendar export."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest

import infointerview as ii
from infointerview import samples

LA = zoneinfo.ZoneInfo("America/Los_Angeles")
HALF_HOUR = dt.timedelta(minutes=30)
#: Zones whose clocks change: the northern and southern hemispheres, a change
#: at midnight (Santiago), a half-hour change (Lord Howe), and Tehran, which
#: changed until 2022.
ZONES = (
    "America/Los_Angeles",
    "Europe/London",
    "Australia/Sydney",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Tehran",
)


def _transitions(zone: zoneinfo.ZoneInfo, year: int) -> list[dt.datetime]:
    """Return the UTC instants in *year* at which *zone*'s offset changes."""
    found = []
    moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    step = dt.timedelta(minutes=15)
    offset = moment.astimezone(zone).utcoffset()
    while moment.year == year:
        moment += step
        now = moment.astimezone(zone).utcoffset()
        if now != offset:
            found.append(moment)
            offset = now
    return found


def _cases() -> list[tuple[str, dt.datetime]]:
    cases = []
    for name in ZONES:
        zone = zoneinfo.ZoneInfo(name)
        for year in (2021, 2026):
            for change in _transitions(zone, year):
                cases.append((name, change))
    return cases


def _exported(meeting: ii.Meeting) -> tuple[dt.datetime, dt.datetime]:
    plan = ii.follow_through(samples.contact(), meeting, ii.Outcome())
    event = icalendar.Calendar.from_ical(ii.plan_to_ical(plan)).walk("VEVENT")[0]
    return event.decoded("DTSTART"), event.decoded("DTEND")


class TestTransitions:
    def test_cases_cover_both_changes_in_each_hemisphere(self):
        """The zones give a change each way in 2026, Tehran only in 2021."""
        by_zone: dict[str, int] = {}
        for name, change in _cases():
            by_zone[name] = by_zone.get(name, 0) + (change.year == 2026)
        assert {"Asia/Tehran": 0} | {name: 2 for name in ZONES if name != "Asia/Tehran"} == by_zone


class TestMeetingEnd:
    def test_fall_back_reproducer(self):
        """A 30-minute meeting at 01:45 on LA's fall-back day ends at the second 01:15."""
        meeting = ii.Meeting(mode="video", start=dt.datetime(2026, 11, 1, 1, 45, tzinfo=LA))
        assert dt.datetime(2026, 11, 1, 1, 15, fold=1, tzinfo=LA) == meeting.end
        assert 1 == meeting.end.fold
        assert dt.timedelta(hours=-8) == meeting.end.utcoffset()
        assert (
            dt.datetime(2026, 11, 1, 8, 45, tzinfo=dt.UTC),
            dt.datetime(2026, 11, 1, 9, 15, tzinfo=dt.UTC),
        ) == _exported(meeting)

    def test_second_occurrence_by_fold(self):
        """With fold=1, 01:45 on the fall-back day is the second 01:45, on standard time."""
        meeting = ii.Meeting(
            mode="video", start=dt.datetime(2026, 11, 1, 1, 45, fold=1, tzinfo=LA)
        )
        assert dt.datetime(2026, 11, 1, 2, 15, tzinfo=LA) == meeting.end
        assert dt.datetime(2026, 11, 1, 9, 45, tzinfo=dt.UTC) == _exported(meeting)[0]

    def test_spring_forward_reproducer(self):
        """02:30 on LA's spring-forward day does not exist and is refused, naming 03:30."""
        with pytest.raises(ii.ValidationError) as info:
            ii.Meeting(mode="video", start=dt.datetime(2026, 3, 8, 2, 30, tzinfo=LA))
        assert "Meeting.start" == info.value.field
        assert "does not exist in America/Los_Angeles" in str(info.value)
        assert "such as 03:30" in str(info.value)

    def test_across_spring_forward(self):
        """A meeting at 01:45 on the spring-forward day ends at 03:15, 30 minutes later."""
        meeting = ii.Meeting(mode="video", start=dt.datetime(2026, 3, 8, 1, 45, tzinfo=LA))
        assert dt.datetime(2026, 3, 8, 3, 15, tzinfo=LA) == meeting.end
        start, end = _exported(meeting)
        assert HALF_HOUR == end - start

    def test_round_trips_through_dict(self):
        """A meeting in the repeated hour comes back from its dict with the same instants."""
        meeting = ii.Meeting(
            mode="video", start=dt.datetime(2026, 11, 1, 1, 15, fold=1, tzinfo=LA)
        )
        back = ii.Meeting.from_dict(meeting.to_dict())
        assert meeting.start.astimezone(dt.UTC) == back.start.astimezone(dt.UTC)
        assert meeting.end.astimezone(dt.UTC) == back.end.astimezone(dt.UTC)

    @pytest.mark.parametrize(("name", "change"), _cases(), ids=str)
    def test_every_start_near_a_change(self, name, change):
        """Each start within two hours of a change gives DTSTART and DTEND 30 minutes apart."""
        zone = zoneinfo.ZoneInfo(name)
        for quarter in range(-8, 9):
            start = (change + quarter * dt.timedelta(minutes=15)).astimezone(zone)
            meeting = ii.Meeting(mode="phone", start=start)
            assert HALF_HOUR == meeting.end.astimezone(dt.UTC) - start.astimezone(dt.UTC)
            assert meeting.end.tzinfo is zone
            exported_start, exported_end = _exported(meeting)
            # PEP 495: a time in a repeated hour never equals one in another zone.
            assert start.astimezone(dt.UTC) == exported_start
            assert HALF_HOUR == exported_end - exported_start

    @pytest.mark.parametrize(("name", "change"), _cases(), ids=str)
    def test_gap_times_refused(self, name, change):
        """Every wall time inside a spring-forward gap is refused; a fall-back has no gap."""
        zone = zoneinfo.ZoneInfo(name)
        before = (change - dt.timedelta(minutes=15)).astimezone(zone)
        after = change.astimezone(zone)
        jump = after.utcoffset() - before.utcoffset()
        wall = before.replace(tzinfo=None) + dt.timedelta(minutes=15)
        gap = []
        while wall < after.replace(tzinfo=None):
            gap.append(wall)
            wall += dt.timedelta(minutes=15)
        assert (jump > dt.timedelta(0)) == bool(gap)
        for wall in gap:
            for fold in (0, 1):
                with pytest.raises(ii.ValidationError):
                    ii.Meeting(mode="video", start=wall.replace(tzinfo=zone, fold=fold))


class TestThankYouDue:
    def test_exactly_24_hours_across_fall_back(self):
        """The thank-you is due 24 hours of real time after a meeting the night before a change."""
        meeting = ii.Meeting(mode="video", start=dt.datetime(2026, 10, 31, 10, 0, tzinfo=LA))
        plan = ii.follow_through(samples.contact(), meeting, ii.Outcome())
        due = next(step.due for step in plan.steps if step.kind is ii.StepKind.THANK_YOU)
        assert dt.timedelta(hours=24) == due.astimezone(dt.UTC) - meeting.end.astimezone(dt.UTC)
        assert dt.datetime(2026, 11, 1, 9, 30, tzinfo=LA) == due

    def test_late_thank_you_counts_real_hours(self):
        """check_thank_you counts real hours: 23.5 wall hours over a fall-back are 24.5, late."""
        meeting = ii.Meeting(mode="video", start=dt.datetime(2026, 10, 31, 10, 0, tzinfo=LA))
        sent = dt.datetime(2026, 11, 1, 10, 0, tzinfo=LA)
        findings = ii.check_thank_you(meeting, ii.Outcome(thank_you_sent=sent))
        assert ["thank-you-timely"] == [f.rule for f in findings]
        assert "was sent 24 hours after the meeting ended" in findings[0].message

    def test_thank_you_for_a_meeting_at_the_calendar_end(self):
        """A meeting ending on the last day of 9999 is judged without overflowing."""
        meeting = ii.Meeting(mode="video", start=dt.datetime(9999, 12, 31, 12, 0, tzinfo=dt.UTC))
        sent = dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.UTC)
        assert [] == ii.check_thank_you(meeting, ii.Outcome(thank_you_sent=sent))
