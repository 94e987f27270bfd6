"""Tests for the models: validation at construction and the salutation rules."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest

import infointerview as ii

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
START = dt.datetime(2027, 3, 10, 14, 0, tzinfo=CHICAGO)


class TestRequester:
    def test_minimal(self):
        """Only the name is required."""
        assert ii.Requester(name="Maya Okafor").name == "Maya Okafor"

    def test_text_is_nfc_and_stripped(self):
        """Names are stored in NFC without surrounding white space."""
        assert ii.Requester(name="  Jose\u0301 ").name == "José"

    @pytest.mark.parametrize(
        ("value", "fragment"),
        [
            ("", "must not be empty"),
            ("   ", "must not be empty"),
            (5, "must be a string"),
            (None, "must be a string"),
            ("Maya\nOkafor", "U+000A LINE FEED"),
            ("Maya\rOkafor", "U+000D CARRIAGE RETURN"),
            ("Maya\tOkafor", "U+0009"),
            ("Maya\x00", "U+0000"),
            ("Maya\x1b[31m", "U+001B"),
            ("Maya\x85", "U+0085"),
            ("Maya\u2028", "U+2028 LINE SEPARATOR"),
            ("Maya\u2029", "U+2029 PARAGRAPH SEPARATOR"),
            ("\u202eayaM", "U+202E RIGHT-TO-LEFT OVERRIDE"),
            ("Maya\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
            (json.loads('"\\ud800"'), "U+D800 lone surrogate"),
            ("x" * 201, "at most 200 characters"),
        ],
    )
    def test_bad_name_is_refused_with_field_and_reason(self, value, fragment):
        """A bad name raises ValidationError naming the field and what is wrong."""
        with pytest.raises(ii.ValidationError) as info:
            ii.Requester(name=value)
        assert info.value.field == "Requester.name"
        assert fragment in str(info.value)
        assert isinstance(info.value, ValueError)

    def test_rtl_marks_are_allowed(self):
        """Plain right-to-left marks, which Arabic and Hebrew names need, are kept."""
        assert ii.Requester(name="\u200fنور").name == "\u200fنور"

    def test_signature_keeps_lines_and_folds_crlf(self):
        """A multi-line field keeps line feeds and turns CRLF into LF."""
        requester = ii.Requester(name="M", signature="Maya\r\nNorthbay")
        assert requester.signature == "Maya\nNorthbay"

    def test_signature_refuses_lone_cr(self):
        """A carriage return alone is refused even in a multi-line field."""
        with pytest.raises(ii.ValidationError, match=r"Requester\.signature"):
            ii.Requester(name="M", signature="Maya\rNorthbay")

    @pytest.mark.parametrize(
        "email", ["maya", "maya@", "@x.org", "ma ya@x.org", "m@x", "a@b@c.org"]
    )
    def test_bad_email(self, email):
        """An address without one @ and a dotted domain is refused."""
        with pytest.raises(ii.ValidationError, match=r"Requester\.email"):
            ii.Requester(name="M", email=email)

    @pytest.mark.parametrize("zone", ["../../etc/passwd", "/usr/share/zoneinfo/UTC", "EST 5", ""])
    def test_bad_time_zone(self, zone):
        """A time zone that is not shaped like an IANA name is refused."""
        with pytest.raises(ii.ValidationError, match=r"Requester\.time_zone"):
            ii.Requester(name="M", time_zone=zone)

    def test_frozen(self):
        """Models cannot be changed after construction."""
        requester = ii.Requester(name="M")
        with pytest.raises(AttributeError):
            requester.name = "N"  # type: ignore[misc]

    def test_keyword_only(self):
        """Positional arguments are refused."""
        with pytest.raises(TypeError):
            ii.Requester("Maya")  # type: ignore[misc]

    def test_first_name(self):
        """first_name is the first word of the name."""
        assert ii.Requester(name="Maya Okafor").first_name == "Maya"


class TestContact:
    def test_alumni_platform_needs_its_name(self):
        """A contact found on an alumni platform must name the platform."""
        with pytest.raises(ii.ValidationError, match=r"Contact\.platform: is required"):
            ii.Contact(name="T", source="alumni-platform")

    def test_referral_needs_the_referrer(self):
        """A referred contact must name who referred them."""
        with pytest.raises(ii.ValidationError, match=r"Contact\.referrer: is required"):
            ii.Contact(name="T", source=ii.ContactSource.REFERRAL)

    def test_platform_refused_for_other_sources(self):
        """A platform name on a LinkedIn contact is a mistake and is refused."""
        with pytest.raises(ii.ValidationError, match="applies only when source is"):
            ii.Contact(name="T", source="linkedin", platform="Northbay Connect")

    def test_source_from_string(self):
        """A source's string value is accepted and stored as the enum member."""
        contact = ii.Contact(name="T", source="referral", referrer="Jordan Anderson")
        assert ii.ContactSource.REFERRAL is contact.source

    def test_unknown_source_lists_valid_values(self):
        """An unknown source string names every valid value."""
        with pytest.raises(ii.ValidationError) as info:
            ii.Contact(name="T", source="linkdin")
        assert "'alumni-platform', 'linkedin'" in str(info.value)

    def test_shared_school_must_be_bool(self):
        """A truthy string is not a boolean."""
        with pytest.raises(ii.ValidationError, match=r"Contact\.shared_school"):
            ii.Contact(name="T", shared_school="yes")  # type: ignore[arg-type]


class TestMeeting:
    def test_defaults_to_thirty_minutes(self):
        """A meeting lasts 30 minutes unless told otherwise."""
        meeting = ii.Meeting(mode="video", start=START)
        assert dt.timedelta(minutes=30) == meeting.duration
        assert START + dt.timedelta(minutes=30) == meeting.end

    def test_naive_start_refused(self):
        """A naive datetime is refused: the meeting time would be ambiguous."""
        with pytest.raises(ii.ValidationError, match=r"Meeting\.start: must be time-zone aware"):
            ii.Meeting(mode="video", start=dt.datetime(2027, 3, 10, 14, 0))

    def test_date_refused(self):
        """A date without a time is refused."""
        with pytest.raises(ii.ValidationError, match=r"Meeting\.start"):
            ii.Meeting(mode="video", start=dt.date(2027, 3, 10))  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("duration", "fragment"),
        [
            (dt.timedelta(minutes=-5), "must be positive"),
            (dt.timedelta(0), "must be positive"),
            (dt.timedelta(seconds=90), "whole number of minutes"),
            (dt.timedelta(hours=9), "at most 8 hours"),
            (30, "must be a datetime.timedelta"),
        ],
    )
    def test_bad_duration(self, duration, fragment):
        """Durations must be positive whole minutes, at most 8 hours."""
        with pytest.raises(ii.ValidationError, match=fragment):
            ii.Meeting(mode="video", start=START, duration=duration)

    def test_email_mode_is_representable(self):
        """An email 'meeting' can be recorded, so that the checks can refuse it."""
        assert ii.MeetingMode.EMAIL is ii.Meeting(mode="email", start=START).mode

    def test_unknown_mode(self):
        """An unknown mode names the valid ones."""
        with pytest.raises(ii.ValidationError, match="'video', 'phone', 'in-person', 'email'"):
            ii.Meeting(mode="zoom", start=START)

    def test_venue_only_in_person(self):
        """A venue on a video call is refused."""
        with pytest.raises(ii.ValidationError, match=r"Meeting\.venue: applies only to in-person"):
            ii.Meeting(mode="video", start=START, venue="workplace")

    def test_residence_is_representable(self):
        """A meeting at a residence can be recorded, so that the checks can refuse it."""
        meeting = ii.Meeting(mode="in-person", start=START, venue="residence", location="her flat")
        assert ii.Venue.RESIDENCE is meeting.venue


class TestOutcome:
    def test_suggested_list_becomes_tuple(self):
        """A list of suggested people is stored as a tuple."""
        outcome = ii.Outcome(suggested=[ii.SuggestedPerson(name="Arjun Mehta")])
        assert (ii.SuggestedPerson(name="Arjun Mehta"),) == outcome.suggested

    def test_suggested_items_checked(self):
        """Every suggested person must be a SuggestedPerson."""
        with pytest.raises(ii.ValidationError, match=r"Outcome\.suggested\[0\]"):
            ii.Outcome(suggested=("Arjun",))  # type: ignore[arg-type]

    def test_thank_you_sent_must_be_aware(self):
        """The thank-you time needs a zone."""
        with pytest.raises(ii.ValidationError, match=r"Outcome\.thank_you_sent"):
            ii.Outcome(thank_you_sent=dt.datetime(2027, 3, 10, 18, 0))

    def test_may_use_name_is_three_valued(self):
        """may_use_name is True, False, or None (not asked)."""
        assert ii.Outcome().may_use_name is None
        with pytest.raises(ii.ValidationError, match=r"Outcome\.may_use_name"):
            ii.Outcome(may_use_name="yes")  # type: ignore[arg-type]


class TestSalutation:
    @pytest.mark.parametrize(
        ("contact", "expected"),
        [
            (
                ii.Contact(name="Jordan Anderson", honorific="Mr.", family_name="Anderson"),
                "Dear Mr. Anderson",
            ),
            (ii.Contact(name="Wei Zhang", honorific="Dr."), "Dear Dr. Wei Zhang"),
            (ii.Contact(name="Jordan Anderson"), "Dear Jordan Anderson"),
            (ii.Contact(name="Jordan Anderson", family_name="Anderson"), "Dear Jordan Anderson"),
            (ii.Contact(name="Madonna"), "Dear Madonna"),
            (ii.Contact(name="Madonna", honorific="Ms."), "Dear Ms. Madonna"),
            (
                ii.Contact(
                    name="María José García López", honorific="Dra.", family_name="García López"
                ),
                "Dear Dra. García López",
            ),
            (
                ii.Contact(name="Nguyễn Văn An", honorific="Mr.", family_name="Nguyễn"),
                "Dear Mr. Nguyễn",
            ),
            (
                ii.Contact(name="Samira Haddad", honorific="Dr.", address_as="Samira"),
                "Dear Samira",
            ),
            (ii.Contact(name="Alex Kim", honorific="Mx.", family_name="Kim"), "Dear Mx. Kim"),
        ],
    )
    def test_rules(self, contact, expected):
        """Honorific and family name, else full name, else the override; never a guess."""
        assert expected == ii.salutation(contact)

    def test_greeting(self):
        """The greeting word is the caller's."""
        assert (
            ii.salutation(ii.Contact(name="Sam Ortiz", address_as="Sam"), greeting="Hi")
            == "Hi Sam"
        )

    def test_never_guesses_a_title(self):
        """Without an honorific, no title appears, whatever the name."""
        for name in ("Mary Smith", "John Smith", "Sam Lee"):
            greeting = ii.salutation(ii.Contact(name=name))
            assert not any(title in greeting for title in ("Mr", "Ms", "Mrs", "Miss"))

    def test_bad_greeting(self):
        """A greeting carrying a line break is refused."""
        with pytest.raises(ii.ValidationError, match=r"salutation\.greeting"):
            ii.salutation(ii.Contact(name="Sam"), greeting="Dear\nBcc: x")
