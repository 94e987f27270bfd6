"""Dates and times: business-day arithmetic, time-zone lookup, parsing user input.

This is the only module of the package that imports python-dateutil. It is
written against the part of dateutil's behaviour that is the same in 2.9 and
4.x: ``rrule`` for the calendar, ``tz.datetime_exists`` and
``tz.datetime_ambiguous`` for DST gaps and folds, ``parser.isoparse`` only for
strings that already have exactly the digits ISO 8601 asks for (4.0 made
``isoparse`` stricter, refusing strings 2.9 read), and ``parser.parse`` with
every field that could default to the current date checked. Time zones come
from the standard library's :mod:`zoneinfo`, by IANA name only; nothing here
calls ``dateutil.tz.gettz`` (which also accepts file paths).

dateutil is imported inside the functions that use it, so that importing
infointerview stays cheap for code that only runs the checks.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import itertools
import re
import zoneinfo
from collections.abc import Callable, Iterable
from typing import Final

import attrs

from infointerview._models.models import check_aware
from infointerview._public import public
from infointerview.exceptions import ValidationError

__all__ = [
    "MAX_BUSINESS_DAYS",
    "BusinessCalendar",
    "DateOrder",
    "lookup_zone",
    "parse_datetime",
    "require_aware",
]

_NOON: Final = dt.time(12, 0)
#: The names for UTC that are not ambiguous; every other abbreviation is refused.
_UTC_NAMES: Final = frozenset({"UTC", "GMT", "Z"})
# ISO 8601 date and time, with exactly the digits the standard asks for, so
# that dateutil 2.9 and 4.x read it identically.
_ISO: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
_ISO_DATE_ONLY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
# A numeric day and month in either order, with a year: 03/04/2027, 3.4.27, 03-04-2027.
# "GMT+3" means UTC-3 in POSIX TZ strings and UTC+3 to most readers: refused.
_NAMED_OFFSET: Final = re.compile(r"(?i)\b(?:GMT|UTC)\s*[+-]")
_NUMERIC_DATE: Final = re.compile(r"(?<!\d)(\d{1,2})([/.\-])(\d{1,2})\2(\d{2,4})(?!\d)")


@public
class DateOrder(enum.StrEnum):
    """Which number comes first in a numeric date such as ``03/04/2027``."""

    #: 03/04/2027 is 3 April 2027, as written in most of the world.
    DAY_FIRST = "day-first"
    #: 03/04/2027 is 4 March 2027, as written in the United States.
    MONTH_FIRST = "month-first"


# "Etc/GMT+3" is three hours *behind* UTC (the POSIX sign): a trap for readers.
_ETC_OFFSET: Final = re.compile(r"Etc/GMT[+-]\d+")


@functools.cache
def _zone_names() -> frozenset[str]:
    # Only "Area/Location" names and UTC: the tz database's legacy names
    # without a slash ("EST", "MST", "CST6CDT", "Japan") look like
    # abbreviations or countries, and are refused with the abbreviations.
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if ("/" in name or name == "UTC") and not _ETC_OFFSET.fullmatch(name)
    )


@public
def lookup_zone(name: str, *, field: str = "time_zone") -> zoneinfo.ZoneInfo:
    """Return the time zone with the IANA name *name*.

    Only names on the IANA list that :func:`zoneinfo.available_timezones`
    reports are accepted, in their "Area/Location" form, plus ``"UTC"``.
    Abbreviations and the database's legacy names that look like them
    ("EST", "CST6CDT"), the sign-inverted ``Etc/GMT+N`` names, file paths
    and POSIX TZ strings are refused.

    Args:
        name: An IANA name such as ``"America/Chicago"``.
        field: The name of the field the value came from, for the error.

    Returns:
        The zone.

    Raises:
        ValidationError: The name is not on the IANA list.

    >>> import infointerview as ii
    >>> ii.lookup_zone("Asia/Kolkata").key
    'Asia/Kolkata'
    """
    if not isinstance(name, str) or name not in _zone_names():
        raise ValidationError(
            field, name, "must be an IANA time-zone name such as 'America/Chicago'"
        )
    return zoneinfo.ZoneInfo(name)


def require_aware(field: str, value: object) -> dt.datetime:
    """Return *value* if it is a time-zone aware datetime; refuse it otherwise.

    Args:
        field: The argument or field name, for the error.
        value: The value to check.

    Returns:
        *value*, unchanged.

    Raises:
        ValidationError: *value* is not a datetime, is naive, or has no UTC
            equivalent inside years 1 to 9999.
    """
    return check_aware(field, value)


def _local(day: dt.date, time: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """Return *day* at wall time *time* in *zone*, moved forward out of a DST gap.

    A wall time that falls in a gap (the hour skipped when clocks go forward)
    is moved forward by the length of the gap; a time that occurs twice is
    read as its first occurrence.
    """
    from dateutil import tz

    wall = dt.datetime.combine(day, time, tzinfo=zone)
    if tz.datetime_exists(wall):
        return wall
    return wall.astimezone(dt.UTC).astimezone(zone)


#: Most business days counted at once: about forty years of them.
MAX_BUSINESS_DAYS: Final = 10_000


def _holiday_set(value: Iterable[dt.date]) -> frozenset[dt.date]:
    expected = "must be an iterable of datetime.date values, such as [date(2027, 12, 24)]"
    given: object = value  # typed for callers; checked here for everyone else
    if isinstance(given, str | bytes):
        raise ValidationError("BusinessCalendar.holidays", value, expected)
    try:
        days = frozenset(value)
    except TypeError:  # not iterable, or holding something unhashable
        raise ValidationError("BusinessCalendar.holidays", value, expected) from None
    for day in days:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise ValidationError(
                "BusinessCalendar.holidays", day, "must hold datetime.date values"
            )
    return days


def _check_date(field: str, value: object) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError(
            field, value, "must be a datetime.date (for a datetime, pass its .date())"
        )
    return value


def _check_count(field: str, value: object, *, least: int) -> int:
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not least <= value <= MAX_BUSINESS_DAYS
    ):
        raise ValidationError(
            field, value, f"must be a whole number of business days from {least} to 10000"
        )
    return value


class _CalendarEndError(Exception):
    """The count of business days runs past 31 December 9999."""


@public
@attrs.frozen(kw_only=True)
class BusinessCalendar:
    """Counts business days: weekdays that are not holidays.

    Built once and used for every date a schedule computes. Days are counted
    in the time zone of the datetime handed in, at that zone's wall time.

    Attributes:
        holidays: Dates that are not business days even on a weekday.
        noon_cutoff: When true, something sent at or after noon on a business
            day counts from the next business day, as if it had been sent
            then (a message sent on Monday afternoon is read on Tuesday).
    """

    holidays: frozenset[dt.date] = attrs.field(default=frozenset(), converter=_holiday_set)
    noon_cutoff: bool = attrs.field(default=False)

    @noon_cutoff.validator
    def _check_cutoff(self, attr: attrs.Attribute[bool], value: object) -> None:
        if not isinstance(value, bool):
            raise ValidationError("BusinessCalendar.noon_cutoff", value, "must be True or False")

    def is_business_day(self, day: dt.date) -> bool:
        """Return whether *day* is a weekday and not a holiday.

        Args:
            day: The date.

        Returns:
            True for a business day.

        Raises:
            ValidationError: *day* is not a :class:`datetime.date`.
        """
        _check_date("day", day)
        return day.weekday() < 5 and day not in self.holidays

    def business_days_after(self, day: dt.date, count: int) -> list[dt.date]:
        """Return the first *count* business days strictly after *day*.

        Args:
            day: The date to count from (not itself included).
            count: How many business days to return; from 0 to 10,000.

        Returns:
            The dates, in order.

        Raises:
            ValidationError: *day* is not a date, *count* is out of range or
                not an int, or the days run past the end of year 9999.
        """
        _check_date("day", day)
        _check_count("count", count, least=0)
        try:
            return self._after(day, count)
        except _CalendarEndError:
            raise ValidationError(
                "day", day, "is too close to the end of the calendar (year 9999)"
            ) from None

    def _after(self, day: dt.date, count: int) -> list[dt.date]:
        """Return the first *count* business days after *day*; _CalendarEndError past 9999."""
        if count == 0:
            return []
        from dateutil import rrule

        rules = rrule.rruleset()
        try:
            start = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
            # The rule is unbounded; iteration is lazy, so only *count* days are made.
            weekdays = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR)
            rules.rrule(rrule.rrule(rrule.DAILY, dtstart=start, byweekday=weekdays))
            for holiday in self.holidays:
                if holiday > day:
                    rules.exdate(dt.datetime.combine(holiday, dt.time()))
            found = [moment.date() for moment in itertools.islice(rules, count)]
        except (OverflowError, ValueError):
            found = []
        if len(found) < count:
            raise _CalendarEndError
        return found

    def add(self, start: dt.datetime, days: int) -> dt.datetime:
        """Return the moment *days* business days after *start*.

        The result is on the *days*-th business day after *start*'s date (in
        *start*'s own zone), at the same wall time; a wall time that the clocks
        skip that day is moved forward out of the gap. With ``noon_cutoff``, a
        *start* at or after noon on a business day counts from the next
        business day.

        Args:
            start: When the count starts; must be time-zone aware.
            days: How many business days to add; from 1 to 10,000.

        Returns:
            An aware datetime in *start*'s zone.

        Raises:
            ValidationError: *start* is naive, *days* is out of range, or the
                result would fall after year 9999.

        >>> import datetime as dt, zoneinfo, infointerview as ii
        >>> friday = dt.datetime(2027, 1, 1, 9, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
        >>> ii.BusinessCalendar().add(friday, 3).isoformat()
        '2027-01-06T09:00:00+01:00'
        """
        require_aware("start", start)
        _check_count("days", days, least=1)
        base = start.date()
        try:
            if self.noon_cutoff and self.is_business_day(base) and start.time() >= _NOON:
                base = self._after(base, 1)[0]
            target = self._after(base, days)[-1]
            assert start.tzinfo is not None  # checked by require_aware
            return _local(target, start.time().replace(fold=start.fold), start.tzinfo)
        except (_CalendarEndError, OverflowError):
            raise ValidationError(
                "start",
                start,
                f"is too close to the end of the calendar (year 9999) to add {days} business days",
            ) from None

    def at(self, day: dt.date, time: dt.time, zone: dt.tzinfo) -> dt.datetime:
        """Return *day* at wall time *time* in *zone*, moved out of a DST gap.

        Args:
            day: The date.
            time: The wall time, without a zone.
            zone: The zone.

        Returns:
            An aware datetime.

        Raises:
            ValidationError: An argument has the wrong type, *time* carries a
                zone, or the moment has no UTC equivalent inside years 1 to 9999.
        """
        _check_date("day", day)
        if not isinstance(time, dt.time) or time.tzinfo is not None:
            raise ValidationError("time", time, "must be a datetime.time without a zone")
        if not isinstance(zone, dt.tzinfo):
            raise ValidationError(
                "zone", zone, "must be a time zone, such as ii.lookup_zone('America/Chicago')"
            )
        try:
            return require_aware("day", _local(day, time, zone))
        except OverflowError:
            raise ValidationError(
                "day", day, "is too close to the ends of the calendar (years 1 and 9999)"
            ) from None


def _as_utc_or_offset(value: dt.tzinfo | None, moment: dt.datetime) -> dt.tzinfo | None:
    """Replace dateutil's tzutc/tzoffset with the standard library's equivalents."""
    if value is None:
        return None
    offset = value.utcoffset(moment)
    if offset is None:
        return None
    return dt.UTC if offset == dt.timedelta(0) else dt.timezone(offset)


def _tzinfos(text: str) -> Callable[[str, int], dt.tzinfo | None]:
    # dateutil calls this for every parse, with (None, None) when the text
    # names no zone, so both arguments may be None despite the stub's types.
    def resolve(name: str | None, offset: int | None) -> dt.tzinfo | None:
        if name is None and offset is None:
            return None
        if name is not None and name.upper() not in _UTC_NAMES:
            raise ValidationError(
                "text",
                text,
                f"names the zone abbreviation {name!r}, which is ambiguous (EST, IST and CST "
                "each mean more than one zone); give an offset such as -05:00 or pass an IANA "
                "zone name",
            )
        if not offset:
            return dt.UTC
        return dt.timezone(dt.timedelta(seconds=offset))

    return resolve


def _check_numeric_date(text: str, order: DateOrder | None) -> None:
    for match in _NUMERIC_DATE.finditer(text):
        first, second, year = int(match[1]), int(match[3]), match[4]
        if len(year) != 4:
            raise ValidationError(
                "text", text, f"has a two-digit year in {match[0]!r}; write the year in full"
            )
        if order is None:
            if first != second and first <= 12 and second <= 12:
                raise ValidationError(
                    "text",
                    text,
                    f"has the ambiguous date {match[0]!r} (day or month first?); pass "
                    "date_order='day-first' or 'month-first', or write it as 2027-03-04",
                )
            continue
        month = first if order is DateOrder.MONTH_FIRST else second
        if month > 12:
            raise ValidationError(
                "text", text, f"has {match[0]!r}, which has no month {month} read {order.value}"
            )


def _resolve_wall(text: str, wall: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    from dateutil import tz

    local = wall.replace(tzinfo=zone)
    if not tz.datetime_exists(local):
        raise ValidationError(
            "text", text, "is a wall time the clocks skip in that zone (a DST change)"
        )
    if tz.datetime_ambiguous(local):
        raise ValidationError(
            "text",
            text,
            "is a wall time that happens twice in that zone (a DST change); add an offset",
        )
    return local


# Two defaults that differ in every field a user might leave out; a field
# that comes out differently was missing from the text.
_PROBES: Final = (dt.datetime(2001, 1, 1, 1, 0), dt.datetime(2002, 2, 2, 2, 0))


@public
def parse_datetime(
    text: str,
    *,
    zone: str | None = None,
    date_order: DateOrder | str | None = None,
) -> dt.datetime:
    """Read a date and time a person typed, refusing anything ambiguous.

    ISO 8601 (``2027-03-10 14:00``, ``2027-03-10T14:00-06:00``) is read as
    ISO. Other forms ("10 March 2027 2pm", "March 10, 2027 at 14:30") are
    read by dateutil's parser, with these rules:

    * the date and the hour must both be given; nothing defaults to today;
    * a numeric date whose day and month could swap (``03/04/2027``) needs
      *date_order*; two-digit years are refused;
    * zone abbreviations other than UTC and GMT are refused (EST, IST and CST
      each name several zones); an explicit offset is accepted;
    * without an offset, the text is read as wall time in *zone*, and a wall
      time that a DST change skips or repeats is refused.

    Args:
        text: What the person typed.
        zone: IANA name of the zone to read a time without an offset in; the
            result is also converted to this zone when given.
        date_order: How to read a numeric date: ``"day-first"`` or
            ``"month-first"``.

    Returns:
        A time-zone aware datetime.

    Raises:
        ValidationError: The text is empty, not a date and time, ambiguous,
            without an offset when no *zone* is given, or so close to year 1
            or 9999 that it has no equivalent in UTC.

    >>> import infointerview as ii
    >>> ii.parse_datetime("2027-03-10 14:00", zone="America/Chicago").isoformat()
    '2027-03-10T14:00:00-06:00'
    >>> april = ii.parse_datetime("03/04/2027 9:30", zone="Europe/Berlin", date_order="day-first")
    >>> april.isoformat()
    '2027-04-03T09:30:00+02:00'
    """
    if not isinstance(text, str):
        raise ValidationError("text", text, "must be a string with a date and a time")
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > 100:
        raise ValidationError("text", text, "must be a date and time of at most 100 characters")
    order: DateOrder | None
    if date_order is None:
        order = None
    else:
        try:
            order = DateOrder(date_order)
        except ValueError:
            raise ValidationError(
                "date_order", date_order, "must be 'day-first' or 'month-first'"
            ) from None
    tzinfo = None if zone is None else lookup_zone(zone, field="zone")
    from dateutil import parser

    if _ISO_DATE_ONLY.fullmatch(cleaned):
        raise ValidationError("text", text, "has a date but no time; add one, e.g. '14:00'")
    if _ISO.fullmatch(cleaned):
        try:
            parsed = parser.isoparse(cleaned.replace(",", "."))
        except (ValueError, OverflowError):
            raise ValidationError("text", text, "is not a valid ISO 8601 date and time") from None
        parsed = parsed.replace(tzinfo=_as_utc_or_offset(parsed.tzinfo, parsed))
    else:
        if _NAMED_OFFSET.search(cleaned):
            raise ValidationError(
                "text",
                text,
                "writes an offset after GMT or UTC, which readers take either "
                "way round; write the offset alone, such as +03:00",
            )
        _check_numeric_date(cleaned, order)
        dayfirst = order is DateOrder.DAY_FIRST
        results = []
        for probe in _PROBES:
            try:
                results.append(
                    parser.parse(cleaned, default=probe, dayfirst=dayfirst, tzinfos=_tzinfos(text))
                )
            except ValidationError:
                raise
            except (ValueError, OverflowError):
                raise ValidationError(
                    "text", text, "is not a date and time this parser can read unambiguously"
                ) from None
        first, second = results
        missing = [
            name
            for name in ("year", "month", "day", "hour")
            if getattr(first, name) != getattr(second, name)
        ]
        if missing:
            raise ValidationError(
                "text", text, f"leaves out the {', '.join(missing)}; nothing defaults to today"
            )
        parsed = first
    if parsed.tzinfo is None and tzinfo is None:
        raise ValidationError(
            "text", text, "has no offset; pass zone= with an IANA time-zone name"
        )
    try:
        if parsed.tzinfo is None:
            assert tzinfo is not None
            result = _resolve_wall(text, parsed, tzinfo)
        else:
            result = parsed if tzinfo is None else parsed.astimezone(tzinfo)
        result.astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01 00:00 east of UTC, 9999-12-31 23:00 west of it
        raise ValidationError(
            "text", text, "must lie between years 1 and 9999 in UTC as well as in its own zone"
        ) from None
    return result
