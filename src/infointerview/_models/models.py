"""Typed models of an informational interview: who asks, whom, how, and what came of it.

Every model is a frozen, keyword-only attrs class that validates at
construction and round-trips through a JSON-safe dict (``to_dict`` /
``from_dict``). This module does no I/O and knows nothing of Jinja2.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Mapping
from typing import Any, Final, Self, TypeVar

import attrs

from infointerview._models import convert as _convert
from infointerview._models.text import (
    MAX_LINE,
    MAX_NAME,
    check_line,
    check_text,
    clean_line,
    clean_text,
)
from infointerview._public import public
from infointerview.exceptions import ValidationError

__all__ = [
    "Channel",
    "Contact",
    "ContactSource",
    "Meeting",
    "MeetingMode",
    "MessageKind",
    "Outcome",
    "Requester",
    "SuggestedPerson",
    "Venue",
    "salutation",
]

#: The length of conversation the guidance tells a requester to ask for. The
#: seed handout's sample request asks for "20-30 minutes"; a calendar slot
#: takes the upper bound.
DEFAULT_DURATION: Final = dt.timedelta(minutes=30)
#: Longest meeting the model accepts at all. Anything over 30 minutes is valid
#: but draws an etiquette warning.
MAX_DURATION: Final = dt.timedelta(hours=8)


@public
class ContactSource(enum.StrEnum):
    """How the requester found the contact."""

    #: A school's alumni networking platform, named in ``Contact.platform``.
    ALUMNI_PLATFORM = "alumni-platform"
    #: A LinkedIn search or profile.
    LINKEDIN = "linkedin"
    #: The organization's own website.
    ORGANIZATION_WEBSITE = "organization-website"
    #: Friends, co-workers, professors, advisors or family.
    PERSONAL_NETWORK = "personal-network"
    #: A person, named in ``Contact.referrer``, suggested the contact.
    REFERRAL = "referral"


@public
class Channel(enum.StrEnum):
    """The channel an outreach message travels through."""

    #: A message sent through a school's alumni networking platform.
    ALUMNI_PLATFORM = "alumni-platform"
    #: The short note attached to a LinkedIn connection request.
    LINKEDIN_NOTE = "linkedin-note"
    #: A LinkedIn message (to a connection, or an InMail).
    LINKEDIN_MESSAGE = "linkedin-message"
    #: An email, with a subject line.
    EMAIL = "email"


@public
class MeetingMode(enum.StrEnum):
    """How the conversation itself takes place."""

    VIDEO = "video"
    PHONE = "phone"
    IN_PERSON = "in-person"
    #: Exists so that the etiquette checks can refuse it loudly; the guidance
    #: is not to hold an informational interview over email.
    EMAIL = "email"


@public
class Venue(enum.StrEnum):
    """What kind of place an in-person meeting is held at."""

    WORKPLACE = "workplace"
    PUBLIC_PLACE = "public-place"
    #: Someone's home. Valid to record and refused by the etiquette checks,
    #: since the guidance is never to visit a personal residence.
    RESIDENCE = "residence"


@public
class MessageKind(enum.StrEnum):
    """What a piece of text is, for choosing templates and etiquette rules."""

    OUTREACH = "outreach"
    THANK_YOU = "thank_you"
    FOLLOW_UP = "follow_up"
    QUESTION = "question"


# --- validators and converters ---------------------------------------------------------

_E = TypeVar("_E", bound=enum.Enum)
_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

# Deliberately loose: one @, something on each side, no white space. Issue-level
# address validation (IDNA, display names) belongs to the email export.
_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# An IANA zone name's shape; whether it exists is checked where zones are used.
_ZONE: Final = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*")


def _field(inst: object, attr: attrs.Attribute[Any]) -> str:
    return f"{type(inst).__name__}.{attr.name}"


def _line(max_len: int = MAX_LINE, *, optional: bool = False) -> _Validator:
    def validate(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        check_line(_field(inst, attr), value, max_len=max_len)

    return validate


def _text(*, optional: bool = True) -> _Validator:
    def validate(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        check_text(_field(inst, attr), value)

    return validate


def _opt_clean_line(value: str | None) -> str | None:
    return None if value is None else clean_line(value)


def _opt_clean_text(value: str | None) -> str | None:
    return None if value is None else clean_text(value)


def _email(inst: object, attr: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    check_line(_field(inst, attr), value, max_len=254)
    if not _EMAIL.fullmatch(value):
        raise ValidationError(
            _field(inst, attr), value, "must be an email address like name@example.org"
        )


def _time_zone(inst: object, attr: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    check_line(_field(inst, attr), value, max_len=64)
    if not _ZONE.fullmatch(value):
        raise ValidationError(
            _field(inst, attr), value, "must be an IANA time-zone name such as 'America/Chicago'"
        )


def _is_bool(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise ValidationError(_field(inst, attr), value, "must be True or False")


def _is_optional_bool(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _is_bool(inst, attr, value)


def lookup_member(enum_type: type[_E], value: object) -> _E | None:
    """Return the member of a string enum that *value* is or names, or ``None``.

    Only a string is looked up: the enum's own error for anything else would
    hold the value's full repr, which never ends for a deeply nested value.

    Args:
        enum_type: A :class:`enum.StrEnum`.
        value: What the caller passed.

    Returns:
        The member, or ``None`` when *value* names none.
    """
    if isinstance(value, enum_type):
        return value
    if not isinstance(value, str):
        return None
    try:
        return enum_type(value)
    except ValueError:
        return None


def _enum_value(enum_type: type[_E], value: object) -> _E | object:
    """Turn a member's string value into the member; leave anything else as it is."""
    member = lookup_member(enum_type, value)
    return value if member is None else member  # the validator refuses it by name


def _to_source(value: ContactSource | str) -> ContactSource:
    return _enum_value(ContactSource, value)  # type: ignore[return-value]


def _to_mode(value: MeetingMode | str) -> MeetingMode:
    return _enum_value(MeetingMode, value)  # type: ignore[return-value]


def _to_venue(value: Venue | str | None) -> Venue | None:
    return None if value is None else _enum_value(Venue, value)  # type: ignore[return-value]


def _member_of(enum_type: type[enum.Enum], *, optional: bool = False) -> _Validator:
    def validate(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if (value is None and optional) or isinstance(value, enum_type):
            return
        valid = ", ".join(repr(m.value) for m in enum_type)
        raise ValidationError(_field(inst, attr), value, f"must be one of {valid}")

    return validate


def check_aware(field: str, value: object) -> dt.datetime:
    """Return *value* if it is a time-zone aware datetime the calendar can hold.

    Args:
        field: The argument or field name, for the error.
        value: The value to check.

    Returns:
        *value*, unchanged.

    Raises:
        ValidationError: *value* is not a datetime, is naive, or lies so near
            the ends of the calendar (years 1 and 9999) that it has no UTC
            equivalent (``0001-01-01T00:00+05:00``, say).
    """
    if not isinstance(value, dt.datetime):
        raise ValidationError(field, value, "must be a datetime.datetime with a time zone")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            field,
            value,
            "must be time-zone aware (a naive datetime is ambiguous); "
            "attach a zone, e.g. .replace(tzinfo=zoneinfo.ZoneInfo('America/Chicago'))",
        )
    try:
        value.astimezone(dt.UTC)
    except OverflowError:
        raise ValidationError(field, value, _OUT_OF_CALENDAR) from None
    return value


#: What a moment too close to year 1 or year 9999 is told.
_OUT_OF_CALENDAR: Final = "must lie between years 1 and 9999 in UTC as well as in its own zone"


def _aware(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None and attr.default is None:
        return
    check_aware(_field(inst, attr), value)


def _existing(inst: object, attr: attrs.Attribute[Any], value: dt.datetime) -> None:
    """Refuse a wall time that the clocks skip in its zone (a spring-forward gap)."""
    shown = value.astimezone(dt.UTC).astimezone(value.tzinfo)
    if shown.replace(tzinfo=None) != value.replace(tzinfo=None):
        zone = getattr(value.tzinfo, "key", None) or value.tzname() or "its zone"
        raise ValidationError(
            _field(inst, attr),
            value,
            f"is a wall time that does not exist in {zone}: the clocks skip it for a DST "
            f"change. Pass a time outside the gap, such as {shown:%H:%M}, what the "
            "clocks show at that moment",
        )


class _Model:
    """Shared dict round-trip for the models."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the model as a JSON-safe dict.

        Enums become their string values, datetimes ISO 8601 strings (with the
        IANA zone in brackets where there is one, as RFC 9557 writes it), and
        durations whole minutes.

        Returns:
            A dict that :meth:`from_dict` turns back into an equal model.
        """
        data: dict[str, Any] = _convert.unstructure(self)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build the model from its dict form, as :meth:`to_dict` writes it.

        Args:
            data: A mapping of field names to JSON-safe values.

        Returns:
            The model.

        Raises:
            ValidationError: A key is unknown or missing, or a value has the
                wrong type or is invalid; the error names its path, such as
                ``Outcome.suggested[1].name``.
        """
        return _convert.structure(cls, data, cls.__name__)


# --- the models --------------------------------------------------------------------------


@public
@attrs.frozen(kw_only=True)
class Requester(_Model):
    """The person asking for the conversation: a student or a career changer.

    Attributes:
        name: Full name, as it should appear in a message.
        school: School, college or university, if any.
        programme: Programme, major or degree ("business major").
        background: One line about the requester where no school fits
            ("a registered nurse moving into health informatics").
        goal: What they hope to learn, as a phrase that follows "I'd like to
            learn" ("how audit teams work with clients").
        email: Email address.
        phone: Phone number, as the requester writes it.
        linkedin: LinkedIn profile address.
        signature: Sign-off block used under letters; several lines allowed.
        time_zone: IANA time-zone name ("America/Los_Angeles").
    """

    name: str = attrs.field(converter=clean_line, validator=_line(MAX_NAME))
    school: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(MAX_NAME, optional=True)
    )
    programme: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(optional=True)
    )
    background: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(optional=True)
    )
    goal: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(optional=True)
    )
    email: str | None = attrs.field(default=None, converter=_opt_clean_line, validator=_email)
    phone: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(40, optional=True)
    )
    linkedin: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(optional=True)
    )
    signature: str | None = attrs.field(default=None, converter=_opt_clean_text, validator=_text())
    time_zone: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_time_zone
    )

    @property
    def first_name(self) -> str:
        """The first word of ``name``, for a casual sign-off ("Maya")."""
        return self.name.split()[0]


@public
@attrs.frozen(kw_only=True)
class Contact(_Model):
    """The person the requester wants to learn from.

    Attributes:
        name: Full name ("Teresa Lindqvist").
        honorific: Title used in a salutation ("Ms.", "Dr.", "Mx."). Never
            guessed: with none, salutations use the full name.
        family_name: The part of the name that follows the honorific in a
            salutation ("Lindqvist"). Without it, the full name is used.
        address_as: How to address them, used verbatim after the greeting
            ("Sam", "Professor Ng"); overrides the rules above.
        job_title: Their role ("Senior Audit Manager").
        organization: Where they work.
        field: Their field or industry ("accounting").
        shared_school: Whether they studied at the requester's school (an alum).
        source: How the requester found them.
        platform: The alumni networking platform's name; required when
            *source* is ``alumni-platform`` and refused otherwise.
        referrer: The full name of the person who suggested them; required
            when *source* is ``referral`` and refused otherwise.
        email: Email address.
        time_zone: IANA time-zone name of where they work.
    """

    name: str = attrs.field(converter=clean_line, validator=_line(MAX_NAME))
    honorific: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(40, optional=True)
    )
    family_name: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(MAX_NAME, optional=True)
    )
    address_as: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(MAX_NAME, optional=True)
    )
    job_title: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(optional=True)
    )
    organization: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(MAX_NAME, optional=True)
    )
    field: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(optional=True)
    )
    shared_school: bool = attrs.field(default=False, validator=_is_bool)
    source: ContactSource = attrs.field(
        default=ContactSource.PERSONAL_NETWORK,
        converter=_to_source,
        validator=_member_of(ContactSource),
    )
    platform: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(MAX_NAME, optional=True)
    )
    referrer: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(MAX_NAME, optional=True)
    )
    email: str | None = attrs.field(default=None, converter=_opt_clean_line, validator=_email)
    time_zone: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_time_zone
    )

    def __attrs_post_init__(self) -> None:
        needs = {ContactSource.ALUMNI_PLATFORM: "platform", ContactSource.REFERRAL: "referrer"}
        for source, name in needs.items():
            value = getattr(self, name)
            if self.source is source and not value:
                raise ValidationError(
                    f"Contact.{name}", value, f"is required when source is {source.value!r}"
                )
            if self.source is not source and value:
                raise ValidationError(
                    f"Contact.{name}",
                    value,
                    f"applies only when source is {source.value!r}"
                    f" (source is {self.source.value!r})",
                )


@public
@attrs.frozen(kw_only=True)
class Meeting(_Model):
    """The conversation itself: how, when and for how long.

    Attributes:
        mode: Video, phone, in person, or email (which the etiquette checks
            refuse; it exists so that the refusal is explicit).
        start: When it starts; must carry a time zone. A wall time that the
            clocks skip in that zone (02:30 on the night they spring forward)
            is refused, never moved. A wall time that happens twice (01:30 on
            the night they fall back) is read by its ``fold``, as PEP 495
            defines: ``fold=0``, the default, is the first occurrence, still
            on summer time; ``fold=1`` the second, on standard time.
        duration: How long it lasts, in whole minutes; 30 minutes by default,
            the top of the 20–30 minute ask.
        venue: For in-person meetings, the kind of place.
        location: For in-person meetings, the address or a description.
    """

    mode: MeetingMode = attrs.field(converter=_to_mode, validator=_member_of(MeetingMode))
    start: dt.datetime = attrs.field(validator=[_aware, _existing])
    duration: dt.timedelta = attrs.field(default=DEFAULT_DURATION)
    venue: Venue | None = attrs.field(
        default=None, converter=_to_venue, validator=_member_of(Venue, optional=True)
    )
    location: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(optional=True)
    )

    @duration.validator
    def _check_duration(self, attr: attrs.Attribute[dt.timedelta], value: object) -> None:
        field = "Meeting.duration"
        if not isinstance(value, dt.timedelta):
            raise ValidationError(field, value, "must be a datetime.timedelta")
        if value <= dt.timedelta(0):
            raise ValidationError(field, value, "must be positive, such as timedelta(minutes=30)")
        if value % dt.timedelta(minutes=1):
            raise ValidationError(field, value, "must be a whole number of minutes")
        if value > MAX_DURATION:
            raise ValidationError(field, value, "must be at most 8 hours")

    def __attrs_post_init__(self) -> None:
        try:
            self.end  # noqa: B018 (computed for its error alone)
        except OverflowError:
            raise ValidationError(
                "Meeting.start",
                self.start,
                f"must leave room for a meeting of {self.duration // dt.timedelta(minutes=1)} "
                "minutes before the calendar ends (year 9999)",
            ) from None
        if self.mode is not MeetingMode.IN_PERSON:
            for name in ("venue", "location"):
                if getattr(self, name) is not None:
                    raise ValidationError(
                        f"Meeting.{name}",
                        getattr(self, name),
                        f"applies only to in-person meetings (mode is {self.mode.value!r})",
                    )

    @property
    def end(self) -> dt.datetime:
        """When the meeting ends, *duration* of real time after *start*.

        Computed in UTC and converted back to *start*'s zone, so that a
        30-minute meeting lasts 30 minutes across a DST change: one at 01:45
        on the night the clocks fall back ends at 01:15 on the repeated hour
        (``fold=1``), not at 02:15.
        """
        zone = self.start.tzinfo
        return (self.start.astimezone(dt.UTC) + self.duration).astimezone(zone)


@public
@attrs.frozen(kw_only=True)
class SuggestedPerson(_Model):
    """Someone the interviewee suggested the requester speak with next.

    Attributes:
        name: Full name.
        honorific: Title used in a salutation ("Mr.", "Dr."), as for
            :class:`Contact`; never guessed.
        family_name: The part of the name that follows the honorific
            ("Mehta"); without it, the full name is used.
        address_as: How to address them, verbatim after the greeting
            ("Professor Ng"); overrides the rules above.
        organization: Where they work.
        job_title: Their role.
        email: Email address, if the interviewee shared it.
        note: Anything else worth remembering ("ran the 2024 audit rotation").
    """

    name: str = attrs.field(converter=clean_line, validator=_line(MAX_NAME))
    honorific: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(40, optional=True)
    )
    family_name: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(MAX_NAME, optional=True)
    )
    address_as: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(MAX_NAME, optional=True)
    )
    organization: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(MAX_NAME, optional=True)
    )
    job_title: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(optional=True)
    )
    email: str | None = attrs.field(default=None, converter=_opt_clean_line, validator=_email)
    note: str | None = attrs.field(default=None, converter=_opt_clean_text, validator=_text())


def _people(
    value: tuple[SuggestedPerson, ...] | list[SuggestedPerson],
) -> tuple[SuggestedPerson, ...]:
    return tuple(value) if isinstance(value, list) else value


@public
@attrs.frozen(kw_only=True)
class Outcome(_Model):
    """What came of the conversation.

    Attributes:
        notes: The requester's notes; several lines allowed.
        learned: One thing they learned, to name in the thank-you note.
        suggested: People the interviewee suggested speaking with next.
        may_use_name: Whether the requester may mention the interviewee when
            contacting those people; ``None`` when it was not asked.
        business_card: Whether the requester got a business card.
        thank_you_sent: When the thank-you was sent; must carry a time zone.
    """

    notes: str | None = attrs.field(default=None, converter=_opt_clean_text, validator=_text())
    learned: str | None = attrs.field(
        default=None, converter=_opt_clean_line, validator=_line(optional=True)
    )
    suggested: tuple[SuggestedPerson, ...] = attrs.field(default=(), converter=_people)
    may_use_name: bool | None = attrs.field(default=None, validator=_is_optional_bool)
    business_card: bool = attrs.field(default=False, validator=_is_bool)
    thank_you_sent: dt.datetime | None = attrs.field(default=None, validator=_aware)

    @suggested.validator
    def _check_suggested(self, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise ValidationError("Outcome.suggested", value, "must be a tuple of SuggestedPerson")
        for index, item in enumerate(value):
            if not isinstance(item, SuggestedPerson):
                raise ValidationError(
                    f"Outcome.suggested[{index}]", item, "must be a SuggestedPerson"
                )


_M = TypeVar("_M")


def to_member(
    enum_type: type[_E], value: object, *, field: str, expected: str | None = None
) -> _E:
    """Return the member of *enum_type* that *value* is or names; refuse anything else.

    Args:
        enum_type: The enum.
        value: A member or its string value.
        field: The argument's name, for the error.
        expected: What would be valid, as a phrase; "one of" the values by default.

    Returns:
        The member.

    Raises:
        ValidationError: *value* names no member; the message lists them.
    """
    member = lookup_member(enum_type, value)
    if member is None:
        valid = expected or "one of " + ", ".join(repr(member.value) for member in enum_type)
        raise ValidationError(field, value, f"must be {valid}")
    return member


def require(field: str, value: object, model: type[_M]) -> _M:
    """Return *value* if it is a *model*; otherwise refuse it, naming the field.

    Public functions call this on the models they are handed, so that a
    string or a dict where a model belongs gives a clear error, not an
    ``AttributeError`` from deep inside.

    Args:
        field: The argument's name, for the error.
        value: What the caller passed.
        model: The class it must be.

    Returns:
        *value*, typed as *model*.

    Raises:
        ValidationError: *value* is not a *model*.
    """
    if not isinstance(value, model):
        raise ValidationError(field, value, f"must be an infointerview.{model.__name__}")
    return value


@public
def salutation(contact: Contact | SuggestedPerson | Requester, *, greeting: str = "Dear") -> str:
    """Return the salutation that opens a letter to *contact*.

    Every person model is served: a :class:`Contact`, a
    :class:`SuggestedPerson` (a referral greets like an outreach) or a
    :class:`Requester`, who has only a name.

    The rules never guess: a gendered title appears only when the contact's
    ``honorific`` says so.

    * ``address_as`` set: the greeting and it, verbatim ("Hi Sam").
    * An honorific: the honorific and the family name ("Dear Mr. Anderson"),
      or the full name when no family name is given ("Dear Dr. Wei Zhang").
    * Neither: the full name ("Dear Jordan Anderson", "Dear Madonna").

    Args:
        contact: Whom the letter is to: any person model.
        greeting: The word that opens it ("Dear", "Hello", "Hi").

    Returns:
        The salutation, without punctuation after it.

    Raises:
        ValidationError: *contact* is not a person model, or *greeting* is
            empty or not one line.

    >>> import infointerview as ii
    >>> ii.salutation(ii.Contact(name="Jordan Anderson", honorific="Mr.", family_name="Anderson"))
    'Dear Mr. Anderson'
    >>> ii.salutation(ii.Contact(name="Jordan Anderson"), greeting="Hello")
    'Hello Jordan Anderson'
    >>> ii.salutation(ii.SuggestedPerson(name="Arjun Mehta", honorific="Mr.", family_name="Mehta"))
    'Dear Mr. Mehta'
    """
    if not isinstance(contact, Contact | SuggestedPerson | Requester):
        raise ValidationError(
            "salutation.contact",
            contact,
            "must be an infointerview.Contact, SuggestedPerson or Requester",
        )
    greeting = check_line("salutation.greeting", clean_line(greeting), max_len=40)
    address_as = getattr(contact, "address_as", None)
    honorific = getattr(contact, "honorific", None)
    if address_as:
        return f"{greeting} {address_as}"
    if honorific:
        return f"{greeting} {honorific} {getattr(contact, 'family_name', None) or contact.name}"
    return f"{greeting} {contact.name}"
