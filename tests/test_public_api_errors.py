"""Tests that every public entry point answers bad arguments with the library's own errors."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

import infointerview as ii


def _nested_dict(depth: int) -> dict[str, object]:
    top: dict[str, object] = {}
    inner = top
    for _ in range(depth):
        child: dict[str, object] = {}
        inner["name"] = child
        inner = child
    return top


def _nested_list(depth: int) -> list[object]:
    top: list[object] = []
    inner = top
    for _ in range(depth):
        child: list[object] = []
        inner.append(child)
        inner = child
    return top


class _BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


class TestErrorMessages:
    @pytest.mark.parametrize(
        "value",
        [
            _nested_dict(100_000),
            _nested_list(100_000),
            "x" * 1_000_000,
            10**5000,
            list(range(100_000)),
            {str(i): i for i in range(10_000)},
            _BadRepr(),
        ],
        ids=[
            "deep-dict",
            "deep-list",
            "long-str",
            "huge-int",
            "long-list",
            "wide-dict",
            "bad-repr",
        ],
    )
    def test_message_stays_bounded(self, value):
        """A huge, deep or unprintable value gives a short one-line message, without recursing."""
        error = ii.ValidationError("Contact.name", value, "must be a string")
        message = str(error)
        assert message.startswith("Contact.name: must be a string; got ")
        assert len(message) < 200
        assert "\n" not in message

    def test_deep_dict_is_summarised(self):
        """A nested dict is shown two levels deep, then elided."""
        error = ii.ValidationError("Contact.name", _nested_dict(100_000), "must be a string")
        assert "Contact.name: must be a string; got {'name': {'name': {...}}}" == str(error)

    def test_unprintable_value_is_named_by_type(self):
        """A value whose repr raises is named by its type."""
        error = ii.ValidationError("x", _BadRepr(), "must be a string")
        assert "x: must be a string; got <_BadRepr object>" == str(error)

    def test_long_field_is_cut(self):
        """A field path built from a huge key stays short."""
        error = ii.ValidationError("Contact." + "k" * 10_000, 1, "is not a key")
        assert len(str(error)) < 200

    def test_value_is_kept_whole(self):
        """The error keeps the refused value itself, unshortened, and pickles."""
        value = "x" * 1000
        error = ii.ValidationError("Contact.name", value, "must be short")
        assert value == error.value
        assert str(error) == str(pickle.loads(pickle.dumps(error)))


WHEN = dt.datetime(2027, 3, 1, 9, 30, tzinfo=dt.UTC)
EAST = dt.timezone(dt.timedelta(hours=5))
WEST = dt.timezone(dt.timedelta(hours=-5))
#: Moments that exist in their own zone but not in UTC, or barely.
YEAR_1_EAST = dt.datetime(1, 1, 1, 0, 0, tzinfo=EAST)
YEAR_9999_WEST = dt.datetime(9999, 12, 31, 23, 0, tzinfo=WEST)
ODD_ZONES = [
    "America",
    "America/Argentina",
    "Etc",
    "../etc/passwd",
    "/etc/passwd",
    "\x00",
    "America/\x00",
    "A" * 10_000,
    "America/" + "x" * 300,
    "",
    "leapseconds",
    "tzdata.zi",
]


def _meeting_dict(start: str, **extra: object) -> dict[str, object]:
    return {"mode": "video", "start": start, **extra}


class TestFromDict:
    @pytest.mark.parametrize(
        ("model", "data"),
        [
            (ii.Contact, {"name": "S", 1: "x"}),
            (ii.Contact, {1: "x"}),
            (ii.Contact, {None: "x", "name": "S"}),
            (ii.Contact, {("name",): "S"}),
            (ii.Outcome, {"suggested": [{"name": "A", 2: "b"}]}),
            (ii.Letter, {1: "a"}),
        ],
    )
    def test_non_string_key(self, model, data):
        """A key that is not a string is refused with our error, naming the model."""
        with pytest.raises(ii.ValidationError) as info:
            model.from_dict(data)
        assert "key" in str(info.value) or "field" in str(info.value)

    def test_non_string_key_message(self):
        """The message names the model, the key and what keys are valid."""
        with pytest.raises(ii.ValidationError) as info:
            ii.Contact.from_dict({"name": "S", 1: "x"})
        assert "Contact: must have only string keys, the field names of Contact; got 1" == str(
            info.value
        )

    @pytest.mark.parametrize("minutes", [10**13, -(10**13), 10**100])
    def test_duration_out_of_range(self, minutes):
        """A duration far past timedelta's range is refused, naming the field."""
        with pytest.raises(ii.ValidationError) as info:
            ii.Meeting.from_dict(_meeting_dict("2027-03-10T14:00:00-04:00", duration=minutes))
        assert info.value.field == "Meeting.duration"

    @pytest.mark.parametrize(
        "start",
        [
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:00-01:00",
            "0001-01-01T00:00:00+00:00[Asia/Tokyo]",
            "9999-12-31T23:59:00+00:00[America/Chicago]",
            "9999-12-31T23:45:00+00:00",
        ],
    )
    def test_start_at_the_ends_of_the_calendar(self, start):
        """A start with no UTC equivalent, or no room to end, is refused naming Meeting.start."""
        with pytest.raises(ii.ValidationError) as info:
            ii.Meeting.from_dict(_meeting_dict(start))
        assert info.value.field == "Meeting.start"

    @pytest.mark.parametrize("zone", [z for z in ODD_ZONES if z])
    def test_odd_zone_in_brackets(self, zone):
        """A bracketed zone that is a folder, a path, NUL or too long gives our error."""
        with pytest.raises(ii.ValidationError) as info:
            ii.Meeting.from_dict(_meeting_dict(f"2027-03-10T14:00:00-04:00[{zone}]"))
        assert info.value.field == "Meeting.start"

    @pytest.mark.parametrize("depth", [1_000, 100_000])
    def test_deep_nesting(self, depth):
        """A value nested deep where a string or a list belongs is refused, briefly."""
        for model, data in [
            (ii.Contact, {"name": _nested_dict(depth)}),
            (ii.Outcome, {"suggested": _nested_list(depth)}),
            (ii.Outcome, {"suggested": [_nested_dict(depth)]}),
            (ii.Meeting, _meeting_dict(_nested_list(depth))),
        ]:
            with pytest.raises(ii.ValidationError) as info:
                model.from_dict(data)
            assert len(str(info.value)) < 300


class TestExtremeDates:
    @pytest.mark.parametrize("start", [YEAR_1_EAST, YEAR_9999_WEST])
    def test_meeting_start(self, start):
        """A meeting start with no UTC equivalent is refused at construction."""
        with pytest.raises(ii.ValidationError) as info:
            ii.Meeting(mode="video", start=start)
        assert info.value.field == "Meeting.start"

    def test_meeting_without_room_to_end(self):
        """A meeting that would end after year 9999 is refused, saying why."""
        start = dt.datetime(9999, 12, 31, 23, 50, tzinfo=dt.UTC)
        with pytest.raises(ii.ValidationError) as info:
            ii.Meeting(mode="video", start=start)
        assert "Meeting.start: must leave room for a meeting of 30 minutes" in str(info.value)

    def test_follow_through_past_9999(self):
        """A plan that would run past year 9999 names the meeting's end."""
        meeting = ii.Meeting(mode="video", start=dt.datetime(9999, 12, 30, 23, 0, tzinfo=dt.UTC))
        with pytest.raises(ii.ValidationError) as info:
            ii.follow_through(ii.samples.contact(), meeting, ii.samples.outcome())
        assert info.value.field == "meeting.end"

    def test_outreach_cadence_past_9999(self):
        """A cadence that would run past year 9999 names *sent*."""
        sent = dt.datetime(9999, 12, 28, tzinfo=dt.UTC)
        with pytest.raises(ii.ValidationError) as info:
            ii.outreach_cadence(ii.samples.contact(), sent)
        assert info.value.field == "sent"

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"after": dt.datetime(9999, 12, 28, tzinfo=dt.UTC)},
            {"after": WHEN, "lead": dt.timedelta.max},
            {"after": YEAR_9999_WEST.replace(hour=12, tzinfo=dt.UTC)},
        ],
    )
    def test_propose_times_past_9999(self, kwargs):
        """Proposals that would fall after year 9999 are refused with our error."""
        with pytest.raises(ii.ValidationError):
            ii.propose_times(ii.samples.contact(), **kwargs)

    @pytest.mark.parametrize(
        ("text", "zone"),
        [
            ("9999-12-31 23:59", "America/Chicago"),
            ("0001-01-01 00:00", "Asia/Tokyo"),
            ("0001-01-01T00:00+05:00", None),
            ("0001-01-01T00:00+05:00", "UTC"),
            ("9999-12-31T23:00-05:00", "Asia/Tokyo"),
        ],
    )
    def test_parse_datetime(self, text, zone):
        """A typed moment with no UTC equivalent is refused, naming the text."""
        with pytest.raises(ii.ValidationError) as info:
            ii.parse_datetime(text, zone=zone)
        assert info.value.field == "text"

    @pytest.mark.parametrize("moment", [YEAR_1_EAST, YEAR_9999_WEST])
    def test_plan_to_ical(self, moment):
        """A plan or stamp with no UTC equivalent is refused before export."""
        with pytest.raises(ii.ValidationError):
            ii.plan_to_ical(ii.Plan(contact=ii.samples.contact(), anchor=moment))
        plan = ii.Plan(contact=ii.samples.contact(), anchor=WHEN)
        with pytest.raises(ii.ValidationError) as info:
            ii.plan_to_ical(plan, stamp=moment)
        assert info.value.field == "stamp"

    @pytest.mark.parametrize("days", [0, -1, 10_001, 10**13, True, 2.0, "3"])
    def test_business_days_out_of_range(self, days):
        """A count of business days outside 1 to 10,000 is refused at once."""
        with pytest.raises(ii.ValidationError) as info:
            ii.BusinessCalendar().add(WHEN, days)
        assert info.value.field == "days"

    def test_business_days_past_9999(self):
        """Adding business days past year 9999 names *start*."""
        with pytest.raises(ii.ValidationError) as info:
            ii.BusinessCalendar().add(dt.datetime(9999, 12, 1, tzinfo=dt.UTC), 100)
        assert info.value.field == "start"


class TestZoneNames:
    @pytest.mark.parametrize("zone", ODD_ZONES)
    def test_lookup_zone(self, zone):
        """An odd zone name is refused by lookup_zone with our error."""
        with pytest.raises(ii.ValidationError):
            ii.lookup_zone(zone)

    @pytest.mark.parametrize("zone", ODD_ZONES)
    def test_parse_datetime_zone(self, zone):
        """An odd zone name passed to parse_datetime is refused, naming zone."""
        with pytest.raises(ii.ValidationError) as info:
            ii.parse_datetime("2027-03-10 14:00", zone=zone)
        assert info.value.field == "zone"

    @pytest.mark.parametrize("zone", ["America", "Etc", "America/Argentina"])
    def test_propose_times_folder_zone(self, zone):
        """A contact whose zone is a folder of the tz database gets our error."""
        contact = ii.Contact(name="Teresa Lindqvist", time_zone=zone)
        with pytest.raises(ii.ValidationError) as info:
            ii.propose_times(contact, after=WHEN)
        assert info.value.field == "Contact.time_zone"


class TestArgumentTypes:
    @pytest.mark.parametrize("contact", ["Sam", None, {"name": "Sam"}, 5])
    def test_salutation(self, contact):
        """salutation refuses anything but a person model, naming the argument."""
        with pytest.raises(ii.ValidationError) as info:
            ii.salutation(contact)
        assert info.value.field == "salutation.contact"

    @pytest.mark.parametrize("holidays", [5, None, "2027-12-24", [[1]], [{}], [WHEN], object()])
    def test_calendar_holidays(self, holidays):
        """BusinessCalendar refuses holidays that are not an iterable of dates."""
        with pytest.raises(ii.ValidationError) as info:
            ii.BusinessCalendar(holidays=holidays)
        assert info.value.field == "BusinessCalendar.holidays"

    @pytest.mark.parametrize("day", ["2027-01-01", None, WHEN, 5])
    def test_calendar_days(self, day):
        """The calendar's methods refuse a day that is not a date, naming it."""
        calendar = ii.BusinessCalendar()
        for call in (
            lambda: calendar.is_business_day(day),
            lambda: calendar.business_days_after(day, 1),
            lambda: calendar.at(day, dt.time(9), dt.UTC),
        ):
            with pytest.raises(ii.ValidationError) as info:
                call()
            assert info.value.field == "day"

    def test_calendar_at_time_and_zone(self):
        """BusinessCalendar.at refuses a time or a zone of the wrong type."""
        calendar = ii.BusinessCalendar()
        with pytest.raises(ii.ValidationError):
            calendar.at(dt.date(2027, 1, 1), "9:00", dt.UTC)
        with pytest.raises(ii.ValidationError):
            calendar.at(dt.date(2027, 1, 1), dt.time(9), "UTC")

    @pytest.mark.parametrize("calendar", [5, None, "us"])
    def test_calendar_argument(self, calendar):
        """The planners refuse a calendar that is not a BusinessCalendar."""
        contact, meeting, outcome = (
            ii.samples.contact(),
            ii.samples.meeting(),
            ii.samples.outcome(),
        )
        for call in (
            lambda: ii.outreach_cadence(contact, WHEN, calendar=calendar),
            lambda: ii.follow_through(contact, meeting, outcome, calendar=calendar),
            lambda: ii.propose_times(contact, after=WHEN, calendar=calendar),
        ):
            with pytest.raises(ii.ValidationError) as info:
                call()
            assert info.value.field == "calendar"

    @pytest.mark.parametrize("moment", ["Thursday", None, dt.datetime(2027, 3, 1)])
    def test_describe_moment(self, moment):
        """describe_moment refuses anything but an aware datetime."""
        with pytest.raises(ii.ValidationError) as info:
            ii.describe_moment(moment)
        assert info.value.field == "moment"

    @pytest.mark.parametrize("kind", [{}, [], 5, "memo"])
    def test_step_kind(self, kind):
        """Step refuses a kind that names no StepKind, even an unhashable one."""
        with pytest.raises(ii.ValidationError) as info:
            ii.Step(kind=kind, due=WHEN, action="Write")
        assert info.value.field == "Step.kind"

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"select": 5},
            {"select": [5]},
            {"select": [["no-job-ask"]]},
            {"select": b"no-job-ask"},
            {"ignore": 5},
            {"ignore": {"no-job-ask": 1}},
            {"severities": 5},
            {"severities": "time-ask"},
            {"severities": [5]},
            {"severities": {5: "error"}},
            {"severities": {"time-ask": {}}},
            {"severities": {"time-ask": "fatal"}},
        ],
    )
    def test_config(self, kwargs):
        """Config refuses rule ids and severities of the wrong shape, naming the field."""
        with pytest.raises(ii.ValidationError) as info:
            ii.Config(**kwargs)
        assert info.value.field.startswith(f"Config.{next(iter(kwargs))}")

    def test_config_accepts_one_id(self):
        """A single rule id may be given as a string."""
        assert frozenset({"no-job-ask"}) == ii.Config(select="no-job-ask").select

    @pytest.mark.parametrize("questions", [5, None, "What do you do?", {"text": "Q"}, b"Q"])
    def test_check_questionnaire(self, questions):
        """check_questionnaire refuses what is not a list of questions."""
        with pytest.raises(ii.ValidationError) as info:
            ii.check_questionnaire(questions)
        assert "questions" == info.value.field
