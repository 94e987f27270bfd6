"""Tests for the channel limits data."""

from __future__ import annotations

import datetime as dt

import pytest

import infointerview as ii
from infointerview._packs.channels import channel_limits


class TestChannelLimits:
    def test_builtin_figures(self):
        """The built-in data holds LinkedIn's published limits, dated."""
        limits = channel_limits()
        note = limits[ii.Channel.LINKEDIN_NOTE]
        assert (200, 300) == (note.body_limit(), note.body_limit(premium=True))
        inmail = limits[ii.Channel.LINKEDIN_MESSAGE]
        assert (200, 1900) == (inmail.subject_max, inmail.body_max)
        assert isinstance(note.reviewed, dt.date)
        assert note.source

    def test_every_channel_present(self):
        """Every channel has an entry, with no limit where none is known."""
        limits = channel_limits()
        assert set(ii.Channel) == set(limits)
        assert limits[ii.Channel.ALUMNI_PLATFORM].body_limit() is None

    def test_user_pack_overrides_one_value(self, tmp_path):
        """A pack that sets its platform's limit keeps every other built-in value."""
        (tmp_path / "pack.toml").write_text('[pack]\nname = "c"\n', encoding="utf-8")
        (tmp_path / "channels.toml").write_text(
            "[channels.alumni-platform]\nbody_max = 1000\n", encoding="utf-8"
        )
        limits = channel_limits(ii.PackStack.over_builtin(tmp_path))
        assert 1000 == limits[ii.Channel.ALUMNI_PLATFORM].body_max
        assert "alumni platform message" == limits[ii.Channel.ALUMNI_PLATFORM].label
        assert 200 == limits[ii.Channel.LINKEDIN_NOTE].body_max

    @pytest.mark.parametrize(
        ("toml", "fragment"),
        [
            ("[channels.fax]\nbody_max = 1\n", "unknown channel 'fax'"),
            ("[channels.email]\nbody_max = -1\n", "positive whole number"),
            ("[channels.email]\nbody_max = true\n", "positive whole number"),
            ("[channels.email]\nbodymax = 1\n", "not a known key"),
            ('[channels.email]\nreviewed = "2026"\n', "TOML date"),
        ],
    )
    def test_bad_data_names_the_key(self, tmp_path, toml, fragment):
        """Malformed limits are refused, naming the key."""
        (tmp_path / "pack.toml").write_text('[pack]\nname = "c"\n', encoding="utf-8")
        (tmp_path / "channels.toml").write_text(toml, encoding="utf-8")
        with pytest.raises(ii.PackError, match=fragment):
            channel_limits(ii.PackStack.over_builtin(tmp_path))
