"""Tests that public entry points refuse a wrong kind of argument with the library's error."""

from __future__ import annotations

import datetime as dt

import pytest

import infointerview as ii
from infointerview import samples

WHEN = dt.datetime(2027, 3, 1, 9, 30, tzinfo=dt.UTC)


def _calls():
    renderer = ii.Renderer()
    requester, contact, outcome = samples.requester(), samples.contact(), samples.outcome()
    return {
        "outreach_cadence contact": lambda: ii.outreach_cadence("Teresa", WHEN),
        "propose_times contact": lambda: ii.propose_times({"name": "T"}, after=WHEN),
        "propose_times requester": lambda: ii.propose_times(contact, after=WHEN, requester="M"),
        "follow_through outcome": lambda: ii.follow_through(contact, samples.meeting(), None),
        "follow_through meeting": lambda: ii.follow_through(contact, "Tuesday", outcome),
        "outreach requester": lambda: renderer.outreach("Maya", contact),
        "follow_up contact": lambda: renderer.follow_up(requester, contact.to_dict()),
        "thank_you outcome": lambda: renderer.thank_you(requester, contact, "went well"),
        "thank_you channel": lambda: renderer.thank_you(
            requester, contact, outcome, channel="fax"
        ),
        "referral person": lambda: renderer.referral(requester, "Arjun", contact, outcome),
        "load_pack path": lambda: ii.load_pack(None),
        "lint_pack path": lambda: ii.lint_pack(5),
    }


class TestWrongArguments:
    @pytest.mark.parametrize("name", sorted(_calls()))
    def test_refused_with_our_error(self, name):
        """A string, dict or None where a model or path belongs raises our error."""
        with pytest.raises(ii.InfoInterviewError) as info:
            _calls()[name]()
        assert isinstance(info.value, ValueError)
        assert name.split()[1] in str(info.value) or "pack" in str(info.value)
