"""Tests for business-day arithmetic, zone lookup and parsing of typed dates."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import infointerview as ii
from infointerview._schedule.dates import require_aware

from .strategies import aware_datetimes

LA = zoneinfo.ZoneInfo("America/Los_Angeles")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
KOLKATA = zoneinfo.ZoneInfo("Asia/Kolkata")
LORD_HOWE = zoneinfo.ZoneInfo("Australia/Lord_Howe")
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


class TestBusinessCalendarAdd:
    @pytest.mark.parametrize(
        ("start", "days", "expected"),
        [
            # Monday + 3 stays in the week; Thursday + 3 crosses the weekend.
            (dt.date(2027, 3, 1), 3, dt.date(2027, 3, 4)),
            (dt.date(2027, 3, 4), 3, dt.date(2027, 3, 9)),
            (dt.date(2027, 3, 1), 7, dt.date(2027, 3, 10)),
            # Saturday and Sunday count from Monday.
            (dt.date(2027, 3, 6), 1, dt.date(2027, 3, 8)),
            (dt.date(2027, 3, 7), 3, dt.date(2027, 3, 10)),
            # Month end (February 2027 has 28 days) and year end.
            (dt.date(2027, 2, 25), 3, dt.date(2027, 3, 2)),
            (dt.date(2027, 12, 29), 3, dt.date(2028, 1, 3)),
            # Leap day 2028 is a Tuesday.
            (dt.date(2028, 2, 28), 1, dt.date(2028, 2, 29)),
        ],
    )
    def test_weekends_are_skipped(self, start, days, expected):
        """Adding business days skips Saturdays and Sundays, across months and years."""
        moment = dt.datetime.combine(start, dt.time(9, 30), tzinfo=BERLIN)
        assert expected == ii.BusinessCalendar().add(moment, days).date()

    def test_holidays_are_skipped(self):
        """A holiday on a weekday does not count as a business day."""
        calendar = ii.BusinessCalendar(
            holidays=[dt.date(2027, 12, 24), dt.date(2027, 12, 31), dt.date(2028, 1, 3)]
        )
        start = dt.datetime(2027, 12, 23, 10, tzinfo=BERLIN)
        # Fri 24 (holiday), Mon 27, Tue 28, Wed 29, Thu 30, Fri 31 (holiday), Mon 3 (holiday)
        assert dt.date(2027, 12, 29) == calendar.add(start, 3).date()
        assert dt.date(2028, 1, 4) == calendar.add(start, 5).date()

    def test_wall_time_is_kept_across_dst_start(self):
        """Across the spring DST change the result keeps the wall time, not 72 hours."""
        friday = dt.datetime(2027, 3, 12, 9, 0, tzinfo=LA)  # DST starts Sun 14 Mar
        result = ii.BusinessCalendar().add(friday, 1)
        assert dt.datetime(2027, 3, 15, 9, 0, tzinfo=LA) == result
        assert dt.timedelta(hours=-7) == result.utcoffset()

    def test_wall_time_is_kept_across_dst_end_in_berlin(self):
        """Across the autumn DST change in Berlin the wall time is kept."""
        friday = dt.datetime(2027, 10, 29, 16, 45, tzinfo=BERLIN)  # DST ends Sun 31 Oct
        result = ii.BusinessCalendar().add(friday, 1)
        assert "2027-11-01T16:45:00+01:00" == result.isoformat()

    def test_half_hour_offset_of_kolkata(self):
        """Kolkata's +05:30 offset is kept and the weekend skipped."""
        friday = dt.datetime(2027, 6, 4, 18, 15, tzinfo=KOLKATA)
        assert "2027-06-09T18:15:00+05:30" == ii.BusinessCalendar().add(friday, 3).isoformat()

    def test_lord_howe_half_hour_dst(self):
        """Lord Howe's DST change in October moves the offset by only 30 minutes."""
        friday = dt.datetime(2027, 10, 1, 9, 0, tzinfo=LORD_HOWE)
        result = ii.BusinessCalendar().add(friday, 1)
        assert dt.timedelta(hours=10, minutes=30) == friday.utcoffset()
        assert "2027-10-04T09:00:00+11:00" == result.isoformat()

    def test_wall_time_in_a_gap_moves_forward(self):
        """A wall time that the clocks skip that day moves forward by the length of the gap."""
        calendar = ii.BusinessCalendar()
        # 02:30 does not exist in Los Angeles on Sunday 14 March 2027.
        assert "2027-03-14T03:30:00-07:00" == (
            calendar.at(dt.date(2027, 3, 14), dt.time(2, 30), LA).isoformat()
        )
        # Lord Howe skips 02:00-02:30 on Sunday 3 October 2027.
        assert "2027-10-03T02:45:00+11:00" == (
            calendar.at(dt.date(2027, 10, 3), dt.time(2, 15), LORD_HOWE).isoformat()
        )

    def test_noon_cutoff_counts_from_next_business_day(self):
        """With the noon cut-off, a message sent from noon on counts from the next business day."""
        calendar = ii.BusinessCalendar(noon_cutoff=True)
        morning = dt.datetime(2027, 3, 1, 11, 59, tzinfo=CHICAGO)
        noon = dt.datetime(2027, 3, 1, 12, 0, tzinfo=CHICAGO)
        friday_afternoon = dt.datetime(2027, 3, 5, 15, 0, tzinfo=CHICAGO)
        saturday_afternoon = dt.datetime(2027, 3, 6, 15, 0, tzinfo=CHICAGO)
        assert dt.date(2027, 3, 4) == calendar.add(morning, 3).date()
        assert dt.date(2027, 3, 5) == calendar.add(noon, 3).date()
        assert dt.date(2027, 3, 11) == calendar.add(friday_afternoon, 3).date()
        assert dt.date(2027, 3, 10) == calendar.add(saturday_afternoon, 3).date()

    def test_noon_cutoff_with_a_fixed_offset(self):
        """The noon cut-off also works for a datetime with a fixed UTC offset."""
        calendar = ii.BusinessCalendar(noon_cutoff=True)
        offset = dt.timezone(dt.timedelta(hours=-3, minutes=-30))
        assert (
            dt.date(2027, 3, 5)
            == calendar.add(dt.datetime(2027, 3, 1, 13, tzinfo=offset), 3).date()
        )

    def test_end_of_the_calendar_is_refused(self):
        """Counting past year 9999 raises the library's error, not OverflowError."""
        with pytest.raises(ii.ValidationError, match="end of the calendar"):
            ii.BusinessCalendar().business_days_after(dt.date(9999, 12, 30), 3)

    def test_without_cutoff_noon_is_the_same_day(self):
        """Without the noon cut-off the time of day does not change the count."""
        noon = dt.datetime(2027, 3, 1, 12, 0, tzinfo=CHICAGO)
        assert dt.date(2027, 3, 4) == ii.BusinessCalendar().add(noon, 3).date()

    def test_naive_start_is_refused(self):
        """A naive datetime is refused with an error naming the argument."""
        with pytest.raises(ii.ValidationError, match="start: must be time-zone aware"):
            ii.BusinessCalendar().add(dt.datetime(2027, 3, 1, 9), 3)

    @pytest.mark.parametrize("days", [0, -1, 1.5, True])
    def test_bad_day_counts_are_refused(self, days):
        """Zero, negative, fractional or boolean day counts are refused."""
        start = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)
        with pytest.raises(ii.ValidationError, match="days"):
            ii.BusinessCalendar().add(start, days)

    def test_holidays_must_be_dates(self):
        """A datetime in the holiday list is refused; it would never match a day."""
        with pytest.raises(ii.ValidationError, match=r"BusinessCalendar\.holidays"):
            ii.BusinessCalendar(holidays=[dt.datetime(2027, 12, 25, tzinfo=dt.UTC)])

    @given(
        aware_datetimes,
        st.integers(min_value=1, max_value=30),
        st.frozensets(st.dates(dt.date(1971, 1, 1), dt.date(2100, 6, 1)), max_size=10),
    )
    def test_result_is_a_later_business_day(self, start, days, holidays):
        """The result always lands on a business day after the start, in the start's zone."""
        calendar = ii.BusinessCalendar(holidays=holidays)
        result = calendar.add(start, days)
        assert calendar.is_business_day(result.date())
        assert result.date() > start.date()
        assert result.tzinfo is start.tzinfo
        between = calendar.business_days_after(start.date(), days)
        assert days == len(between)
        assert between[-1] == result.date()


class TestLookupZone:
    def test_iana_name(self):
        """An IANA name gives the standard library's zone."""
        assert zoneinfo.ZoneInfo("Australia/Lord_Howe") == ii.lookup_zone("Australia/Lord_Howe")

    @pytest.mark.parametrize(
        "name",
        [
            "EST",
            "IST",
            "CST",
            "CST6CDT",
            "Etc/GMT+3",
            "/etc/localtime",
            "../../etc/passwd",
            "",
            "Mars/Olympus",
        ],
    )
    def test_abbreviations_and_paths_are_refused(self, name):
        """Abbreviations, file paths and unknown names are refused, naming the field."""
        with pytest.raises(ii.ValidationError, match="time_zone: must be an IANA time-zone name"):
            ii.lookup_zone(name)


class TestRequireAware:
    def test_naive_is_refused(self):
        """A naive datetime is refused with advice on how to attach a zone."""
        with pytest.raises(ii.ValidationError, match=r"zoneinfo\.ZoneInfo"):
            require_aware("when", dt.datetime(2027, 3, 1))

    def test_aware_passes_through(self):
        """An aware datetime is returned unchanged."""
        moment = dt.datetime(2027, 3, 1, tzinfo=KOLKATA)
        assert moment is require_aware("when", moment)


class TestParseDatetime:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2027-03-10 14:00", "2027-03-10T14:00:00-06:00"),
            ("2027-03-10T14:00:30", "2027-03-10T14:00:30-06:00"),
            ("2027-03-10T14:00Z", "2027-03-10T08:00:00-06:00"),
            ("2027-03-10T14:00+05:30", "2027-03-10T02:30:00-06:00"),
            ("10 March 2027 2pm", "2027-03-10T14:00:00-06:00"),
            ("March 10, 2027 at 2:30 pm", "2027-03-10T14:30:00-06:00"),
            ("Wed 10 Mar 2027 14:00 UTC", "2027-03-10T08:00:00-06:00"),
            ("10 Mar 2027 14:00 -0800", "2027-03-10T16:00:00-06:00"),
            ("04/04/2027 9am", "2027-04-04T09:00:00-05:00"),
            ("25/12/2027 10:00", "2027-12-25T10:00:00-06:00"),
            ("20270310T1400", "2027-03-10T14:00:00-06:00"),
        ],
    )
    def test_unambiguous_input(self, text, expected):
        """Unambiguous text is read and returned in the given zone."""
        assert expected == ii.parse_datetime(text, zone="America/Chicago").isoformat()

    def test_offset_without_zone(self):
        """Text with an offset needs no zone and keeps its offset."""
        assert (
            "2027-03-10T14:00:00+05:30" == ii.parse_datetime("2027-03-10T14:00+05:30").isoformat()
        )

    @pytest.mark.parametrize(
        ("order", "expected"),
        [("day-first", "2027-04-03T09:30:00+02:00"), ("month-first", "2027-03-04T09:30:00+01:00")],
    )
    def test_ambiguous_numeric_date_with_order(self, order, expected):
        """03/04/2027 is read the way the caller says."""
        result = ii.parse_datetime("03/04/2027 9:30", zone="Europe/Berlin", date_order=order)
        assert expected == result.isoformat()

    def test_ambiguous_numeric_date_without_order_is_refused(self):
        """03/04/2027 without a date order is refused, not guessed."""
        with pytest.raises(ii.ValidationError, match="ambiguous date '03/04/2027'"):
            ii.parse_datetime("03/04/2027 9:30", zone="Europe/Berlin")

    def test_order_contradicted_by_numbers_is_refused(self):
        """A day-first reading of 25/12 works; a month-first one is refused, not swapped."""
        with pytest.raises(ii.ValidationError, match="no month 25"):
            ii.parse_datetime("25/12/2027 10:00", zone="Europe/Berlin", date_order="month-first")

    @pytest.mark.parametrize(
        ("text", "missing"),
        [
            ("2pm", "year, month, day"),
            ("March 10 2pm", "year"),
            ("March 2027 2pm", "day"),
            ("10 March 2027", "hour"),
            # dateutil reads the 3 as a day of the month.
            ("Tuesday at 3", "year, month, hour"),
        ],
    )
    def test_missing_fields_never_default_to_today(self, text, missing):
        """Text that leaves out part of the date or the hour is refused, naming what is missing."""
        with pytest.raises(ii.ValidationError, match=f"leaves out the {missing}"):
            ii.parse_datetime(text, zone="America/Chicago")

    def test_iso_date_without_time_is_refused(self):
        """An ISO date alone is refused: the time is missing."""
        with pytest.raises(ii.ValidationError, match="no time"):
            ii.parse_datetime("2027-03-10", zone="America/Chicago")

    @pytest.mark.parametrize("abbreviation", ["EST", "IST", "CST", "BST", "PDT"])
    def test_zone_abbreviations_are_refused(self, abbreviation):
        """Zone abbreviations are refused: several mean more than one zone."""
        with pytest.raises(ii.ValidationError, match=f"abbreviation '{abbreviation}'"):
            ii.parse_datetime(f"10 March 2027 14:00 {abbreviation}")

    def test_gmt_plus_offset_is_refused(self):
        """'GMT+3' is refused: POSIX reads it as UTC-3, people as UTC+3."""
        with pytest.raises(ii.ValidationError, match="offset after GMT or UTC"):
            ii.parse_datetime("10 March 2027 14:00 GMT+3")

    def test_two_digit_year_is_refused(self):
        """A two-digit year is refused rather than placed in a century by today's date."""
        with pytest.raises(ii.ValidationError, match="two-digit year"):
            ii.parse_datetime("25/12/27 10:00", zone="UTC", date_order="day-first")

    def test_no_offset_and_no_zone_is_refused(self):
        """Wall time without an offset needs a zone."""
        with pytest.raises(ii.ValidationError, match="pass zone="):
            ii.parse_datetime("2027-03-10 14:00")

    def test_zone_must_be_iana(self):
        """The zone argument accepts IANA names only."""
        with pytest.raises(ii.ValidationError, match="zone: must be an IANA"):
            ii.parse_datetime("2027-03-10 14:00", zone="EST")

    def test_skipped_wall_time_is_refused(self):
        """A wall time in the spring-forward gap is refused."""
        with pytest.raises(ii.ValidationError, match="clocks skip"):
            ii.parse_datetime("2027-03-14 02:30", zone="America/Los_Angeles")

    def test_repeated_wall_time_is_refused(self):
        """A wall time that happens twice in the autumn is refused without an offset."""
        with pytest.raises(ii.ValidationError, match="happens twice"):
            ii.parse_datetime("2027-10-31 02:30", zone="Europe/Berlin")

    def test_repeated_wall_time_with_offset_is_accepted(self):
        """With an offset, a repeated wall time is exact and accepted."""
        result = ii.parse_datetime("2027-10-31T02:30+01:00", zone="Europe/Berlin")
        assert "2027-10-31T02:30:00+01:00" == result.isoformat()

    @pytest.mark.parametrize("text", ["", "   ", "not a date", "2027-13-40 25:00", "x" * 101])
    def test_garbage_is_refused(self, text):
        """Text that is not a date and time raises the library's error."""
        with pytest.raises(ii.ValidationError, match="text"):
            ii.parse_datetime(text, zone="UTC")

    def test_bad_date_order_is_refused(self):
        """An unknown date order is refused, naming the two valid ones."""
        with pytest.raises(ii.ValidationError, match="'day-first' or 'month-first'"):
            ii.parse_datetime("2027-03-10 14:00", zone="UTC", date_order="year-first")

    @given(st.text(max_size=40))
    def test_never_crashes(self, text):
        """Arbitrary text gives an aware datetime or the library's ValidationError."""
        try:
            result = ii.parse_datetime(text, zone="Asia/Kolkata", date_order="day-first")
        except ii.ValidationError:
            return
        assert result.utcoffset() is not None

    @given(aware_datetimes.filter(lambda d: 1000 <= d.year))
    def test_iso_round_trip(self, moment):
        """An aware datetime written as ISO 8601 with its offset reads back as the same instant."""
        text = moment.replace(microsecond=0).isoformat()
        assert moment.replace(microsecond=0) == ii.parse_datetime(text)


class TestImportCost:
    def test_import_does_not_load_dateutil(self):
        """Importing the package does not import dateutil; it loads when dates are computed."""
        code = (
            "import sys, datetime, infointerview as ii\n"
            "before = 'dateutil' in sys.modules\n"
            "ii.BusinessCalendar().business_days_after(datetime.date(2027, 1, 1), 1)\n"
            "print(before, 'dateutil' in sys.modules)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "False True" == out.stdout.strip()
