"""Tests for the iCalendar export of plans and meetings."""

from __future__ import annotations

import datetime as dt
import sys
import zoneinfo

import icalendar
import pytest
from hypothesis import given, settings

import infointerview as ii
from infointerview import samples

from .strategies import aware_datetimes

LA = zoneinfo.ZoneInfo("America/Los_Angeles")


def _plans() -> tuple[ii.Plan, ii.Plan]:
    contact = samples.contact()
    sent = dt.datetime(2027, 2, 22, 10, 0, tzinfo=LA)
    return (
        ii.outreach_cadence(contact, sent),
        ii.follow_through(contact, samples.meeting(), samples.outcome()),
    )


class TestPlanToIcal:
    def test_round_trip(self):
        """The file parses back with one event for the meeting and one to-do per step."""
        cadence, after = _plans()
        cal = icalendar.Calendar.from_ical(ii.plan_to_ical(cadence, after))
        events = cal.walk("VEVENT")
        todos = cal.walk("VTODO")
        assert "2.0" == str(cal["VERSION"])
        assert 1 == len(events)
        assert samples.meeting().start == events[0].decoded("DTSTART")
        assert samples.meeting().end == events[0].decoded("DTEND")
        assert "Informational interview with Teresa Lindqvist (video call)" == str(
            events[0]["SUMMARY"]
        )
        expected = [(s.due, s.action) for s in cadence.steps + after.steps]
        assert expected == [(t.decoded("DUE"), str(t["SUMMARY"])) for t in todos]

    def test_every_step_has_a_reminder_at_its_due_time(self):
        """Each to-do carries a display alarm that fires when the step is due."""
        cadence, _ = _plans()
        cal = icalendar.Calendar.from_ical(ii.plan_to_ical(cadence))
        for todo, step in zip(cal.walk("VTODO"), cadence.steps, strict=True):
            alarms = todo.walk("VALARM")
            assert ["DISPLAY"] == [str(a["ACTION"]) for a in alarms]
            assert step.due == alarms[0].decoded("TRIGGER")
            assert "DATE-TIME" == alarms[0]["TRIGGER"].params["VALUE"]

    def test_template_named_in_description(self):
        """A step's template appears in the to-do's description."""
        cadence, _ = _plans()
        cal = icalendar.Calendar.from_ical(ii.plan_to_ical(cadence))
        assert "Template: follow_up/no-reply.txt.j2" == str(cal.walk("VTODO")[1]["DESCRIPTION"])

    def test_deterministic(self):
        """The same plans give byte-identical files: UIDs and DTSTAMP derive from the inputs."""
        assert ii.plan_to_ical(*_plans()) == ii.plan_to_ical(*_plans())

    def test_uids_unique_and_stamp_is_latest_anchor(self):
        """Every entry has its own UID, and DTSTAMP defaults to the latest plan anchor in UTC."""
        cadence, after = _plans()
        cal = icalendar.Calendar.from_ical(ii.plan_to_ical(cadence, after))
        components = cal.walk("VEVENT") + cal.walk("VTODO")
        uids = [str(c["UID"]) for c in components]
        assert len(uids) == len(set(uids))
        stamps = {c.decoded("DTSTAMP") for c in components}
        assert {after.anchor.astimezone(dt.UTC)} == stamps

    def test_explicit_stamp(self):
        """An explicit stamp is written as every entry's DTSTAMP."""
        stamp = dt.datetime(2027, 1, 1, 12, tzinfo=dt.UTC)
        cal = icalendar.Calendar.from_ical(ii.plan_to_ical(_plans()[0], stamp=stamp))
        assert {stamp} == {t.decoded("DTSTAMP") for t in cal.walk("VTODO")}

    def test_lines_end_in_crlf(self):
        """Content lines end in CRLF, as RFC 5545 requires."""
        data = ii.plan_to_ical(*_plans())
        assert data.startswith(b"BEGIN:VCALENDAR\r\n")
        assert b"\n" not in data.replace(b"\r\n", b"")

    def test_naive_stamp_is_refused(self):
        """A naive stamp is refused."""
        with pytest.raises(ii.ValidationError, match="stamp"):
            ii.plan_to_ical(_plans()[0], stamp=dt.datetime(2027, 1, 1))

    def test_no_plans_is_refused(self):
        """At least one plan is needed."""
        with pytest.raises(ii.ValidationError, match="plans: must hold at least one Plan"):
            ii.plan_to_ical()

    def test_missing_extra_names_the_extra(self, monkeypatch):
        """Without icalendar installed the error names the extra that installs it."""
        monkeypatch.setitem(sys.modules, "icalendar", None)
        with pytest.raises(ii.MissingExtraError, match=r"infointerview\[calendar\]") as info:
            ii.plan_to_ical(_plans()[0])
        assert "calendar" == info.value.extra
        assert isinstance(info.value, ImportError)

    @settings(max_examples=30)
    @given(aware_datetimes.filter(lambda d: 1971 < d.year < 2099))
    def test_any_meeting_round_trips(self, start):
        """A meeting at any aware instant comes back as the same instant."""
        meeting = ii.Meeting(mode="phone", start=start)
        plan = ii.follow_through(samples.contact(), meeting, ii.Outcome())
        cal = icalendar.Calendar.from_ical(ii.plan_to_ical(plan))
        event = cal.walk("VEVENT")[0]
        assert start.replace(microsecond=0) == event.decoded("DTSTART")
