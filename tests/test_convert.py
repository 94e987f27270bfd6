"""Tests for the models' dict round trip."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import infointerview as ii

from . import strategies


class TestRoundTrip:
    @given(strategies.models)
    def test_any_valid_model_round_trips(self, model):
        """to_dict then from_dict gives back an equal model."""
        assert model == type(model).from_dict(model.to_dict())

    @given(strategies.models)
    def test_dict_form_is_json_safe(self, model):
        """The dict form survives JSON unchanged."""
        data = model.to_dict()
        assert data == json.loads(json.dumps(data))
        assert model == type(model).from_dict(json.loads(json.dumps(data)))

    def test_zone_name_survives(self):
        """A ZoneInfo zone is written in brackets and read back as the same zone."""
        start = dt.datetime(
            2027, 11, 7, 1, 30, fold=1, tzinfo=zoneinfo.ZoneInfo("America/Chicago")
        )
        meeting = ii.Meeting(mode="phone", start=start)
        data = meeting.to_dict()
        assert data["start"] == "2027-11-07T01:30:00-06:00[America/Chicago]"
        again = ii.Meeting.from_dict(data)
        assert zoneinfo.ZoneInfo("America/Chicago") is again.start.tzinfo
        assert start.utcoffset() == again.start.utcoffset()


class TestStrictness:
    def test_wrong_type_is_not_coerced(self):
        """{"name": 5} is an error, not "5"."""
        with pytest.raises(ii.ValidationError, match=r"Requester\.name: must be a string"):
            ii.Requester.from_dict({"name": 5})

    def test_unknown_key_named_with_path(self):
        """An unknown nested key is named by its full path."""
        with pytest.raises(ii.ValidationError) as info:
            ii.Outcome.from_dict({"suggested": [{"name": "A"}, {"name": "B", "nme": "x"}]})
        assert info.value.field == "Outcome.suggested[1].nme"

    def test_nested_validation_error_has_path(self):
        """A nested model's own validation error carries the nesting path."""
        with pytest.raises(ii.ValidationError) as info:
            ii.Outcome.from_dict({"suggested": [{"name": ""}]})
        assert info.value.field == "Outcome.suggested[0].name"

    def test_missing_required_key(self):
        """A missing required key is named."""
        with pytest.raises(ii.ValidationError, match=r"Meeting\.start: is required"):
            ii.Meeting.from_dict({"mode": "video"})

    @pytest.mark.parametrize(
        "value",
        [
            "2027-03-10T14:00:00",
            "10/03/2027 2pm",
            1773172800,
            "2027-03-10T14:00:00+01:00[Mars/Olympus]",
        ],
    )
    def test_bad_start(self, value):
        """Naive, free-form, numeric or unknown-zone timestamps are refused."""
        with pytest.raises(ii.ValidationError, match=r"Meeting\.start"):
            ii.Meeting.from_dict({"mode": "video", "start": value})

    def test_offset_must_match_zone(self):
        """An offset the named zone never uses at that time is refused."""
        with pytest.raises(ii.ValidationError, match="never uses"):
            ii.Meeting.from_dict(
                {"mode": "video", "start": "2027-03-10T14:00:00+05:00[America/Chicago]"}
            )

    @pytest.mark.parametrize("value", [True, 30.5, "30"])
    def test_duration_must_be_whole_minutes(self, value):
        """Durations are integers of minutes; booleans, floats and strings are refused."""
        with pytest.raises(ii.ValidationError, match=r"Meeting\.duration"):
            ii.Meeting.from_dict(
                {"mode": "video", "start": "2027-03-10T14:00:00+00:00", "duration": value}
            )

    @pytest.mark.parametrize("data", [[], "Maya", None, 3])
    def test_not_a_dict(self, data):
        """Anything but a mapping is refused."""
        with pytest.raises(ii.ValidationError, match="must be an object"):
            ii.Requester.from_dict(data)

    def test_bool_not_from_int(self):
        """1 is not True."""
        with pytest.raises(ii.ValidationError, match=r"Contact\.shared_school"):
            ii.Contact.from_dict({"name": "T", "shared_school": 1})


class TestArbitraryText:
    @given(st.text())
    def test_any_name_builds_or_raises_our_error(self, text):
        """Arbitrary text in a name builds a model or raises ValidationError, nothing else."""
        for build in (
            lambda: ii.Requester(name=text),
            lambda: ii.Contact(name=text, honorific=text, family_name=text),
            lambda: ii.SuggestedPerson(name=text, note=text),
            lambda: ii.Requester.from_dict({"name": text, "signature": text}),
        ):
            try:
                model = build()
            except ii.ValidationError:
                continue
            assert model.to_dict() == type(model).from_dict(model.to_dict()).to_dict()

    @given(st.text())
    def test_stored_text_is_safe(self, text):
        """Whatever builds holds none of the refused characters."""
        try:
            requester = ii.Requester(name=text)
        except ii.ValidationError:
            return
        assert "\n" not in requester.name
        assert requester.name.encode("utf-8")
