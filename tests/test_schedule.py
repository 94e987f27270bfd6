"""Tests for the 3B7 outreach cadence, meeting proposals and the after-meeting plan."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import infointerview as ii
from infointerview import samples

from .strategies import ZONES, aware_datetimes

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
LA = zoneinfo.ZoneInfo("America/Los_Angeles")


def _contact(zone: str | None = "America/Chicago") -> ii.Contact:
    return ii.Contact(name="Teresa Lindqvist", organization="Harbor & Vale LLP", time_zone=zone)


class TestOutreachCadence:
    def test_three_and_seven_business_days(self):
        """Sent on a Thursday: second contact due Tuesday, the follow-up the Monday after."""
        sent = dt.datetime(2027, 3, 4, 9, 15, tzinfo=LA)
        plan = ii.outreach_cadence(_contact(), sent)
        assert [
            (ii.StepKind.SECOND_CONTACT, "2027-03-09T09:15:00-08:00", "outreach/email.txt.j2"),
            (ii.StepKind.FOLLOW_UP, "2027-03-15T09:15:00-07:00", "follow_up/no-reply.txt.j2"),
        ] == [(step.kind, step.due.isoformat(), step.template) for step in plan.steps]

    def test_no_further_nudges(self):
        """The cadence has exactly one follow-up to the contact and nothing after it."""
        plan = ii.outreach_cadence(_contact(), dt.datetime(2027, 3, 4, 9, tzinfo=LA))
        assert ii.StepKind.FOLLOW_UP == plan.steps[-1].kind
        assert 1 == sum(step.kind is ii.StepKind.FOLLOW_UP for step in plan.steps)

    def test_names_the_organization(self):
        """The second-contact step names the organization to look in."""
        plan = ii.outreach_cadence(_contact(), dt.datetime(2027, 3, 4, 9, tzinfo=LA))
        assert (
            "If Teresa Lindqvist has not replied, write to a second person at Harbor & Vale LLP"
            == plan.steps[0].action
        )

    def test_holidays_and_cutoff_are_used(self):
        """The cadence counts with the calendar it is given."""
        calendar = ii.BusinessCalendar(holidays=[dt.date(2027, 3, 5)], noon_cutoff=True)
        sent = dt.datetime(2027, 3, 3, 16, 0, tzinfo=LA)  # Wednesday afternoon
        plan = ii.outreach_cadence(_contact(), sent, calendar=calendar)
        # Counts from Thursday 4th; Friday 5th is a holiday: Mon 8, Tue 9, Wed 10.
        assert dt.date(2027, 3, 10) == plan.steps[0].due.date()

    def test_naive_sent_is_refused(self):
        """A naive send time is refused."""
        with pytest.raises(ii.ValidationError, match="sent: must be time-zone aware"):
            ii.outreach_cadence(_contact(), dt.datetime(2027, 3, 4, 9))

    @given(aware_datetimes)
    def test_second_contact_comes_before_follow_up_on_business_days(self, sent):
        """For any aware send time the 3-day step precedes the 7-day one; both on business days."""
        calendar = ii.BusinessCalendar()
        second, follow_up = ii.outreach_cadence(_contact(), sent).steps
        assert second.due < follow_up.due
        assert sent < second.due
        assert calendar.is_business_day(second.due.date())
        assert calendar.is_business_day(follow_up.due.date())


class TestProposeTimes:
    def test_sample_text_in_both_zones(self):
        """Each proposal is written in the contact's time and the requester's."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        texts = [
            p.text
            for p in ii.propose_times(
                samples.contact(), after=after, requester=samples.requester()
            )
        ]
        assert [
            "Wed 10 Mar, 10:00–10:30 am CST (8:00–8:30 am PST for me)",
            "Thu 11 Mar, 2:00–2:30 pm CST (12:00–12:30 pm PST for me)",
            "Fri 12 Mar, 11:00–11:30 am CST (9:00–9:30 am PST for me)",
        ] == texts

    def test_same_zone_is_written_once(self):
        """When both are in the same zone, the time is written once."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        me = ii.Requester(name="Maya Okafor", time_zone="America/Chicago")
        proposals = ii.propose_times(_contact(), after=after, requester=me, count=2)
        assert ["Wed 10 Mar, 10:00–10:30 am CST", "Thu 11 Mar, 2:00–2:30 pm CST"] == [
            p.text for p in proposals
        ]

    def test_other_day_for_the_requester(self):
        """Where the requester's date differs, their weekday and date are written too."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        me = ii.Requester(name="Maya Okafor", time_zone="Australia/Lord_Howe")
        text = ii.propose_times(_contact(), after=after, requester=me)[0].text
        # 3 pm in Chicago is the latest start that is 8 am or later on Lord Howe Island.
        assert "Wed 10 Mar, 3:00–3:30 pm CST (Thu 11 Mar, 8:00–8:30 am UTC+11 for me)" == text

    def test_requester_hours_preferred_only_when_they_overlap(self):
        """When no working hour is daytime for the requester, the contact's preferred time wins."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        me = ii.Requester(name="Maya Okafor", time_zone="Asia/Kolkata")
        text = ii.propose_times(_contact(), after=after, requester=me)[0].text
        assert "Wed 10 Mar, 10:00–10:30 am CST (9:30–10:00 pm IST for me)" == text

    def test_lead_time_is_respected(self):
        """No proposal is earlier than the lead time after the moment of writing."""
        after = dt.datetime(2027, 3, 8, 15, 0, tzinfo=CHICAGO)
        lead = dt.timedelta(hours=20)
        proposals = ii.propose_times(_contact(), after=after, lead=lead)
        assert all(p.meeting.start >= after + lead for p in proposals)
        assert dt.datetime(2027, 3, 9, 11, 0, tzinfo=CHICAGO) == proposals[0].meeting.start

    def test_holidays_are_skipped(self):
        """A holiday in the contact's calendar gets no proposal."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        calendar = ii.BusinessCalendar(holidays=[dt.date(2027, 3, 11)])
        days = [
            p.meeting.start.date()
            for p in ii.propose_times(_contact(), after=after, calendar=calendar)
        ]
        assert [dt.date(2027, 3, 10), dt.date(2027, 3, 12), dt.date(2027, 3, 15)] == days

    def test_in_person_at_a_public_place(self):
        """An in-person proposal at a public place becomes such a meeting."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        proposal = ii.propose_times(
            _contact(),
            after=after,
            mode="in-person",
            venue="public-place",
            location="Lobby café, 200 W Madison St",
            count=2,
        )[0]
        assert ii.MeetingMode.IN_PERSON == proposal.meeting.mode
        assert ii.Venue.PUBLIC_PLACE == proposal.meeting.venue
        assert dt.timedelta(minutes=30) == proposal.meeting.duration

    def test_email_is_refused(self):
        """Proposing the conversation over email is refused."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        with pytest.raises(ii.ValidationError, match="never hold the conversation over email"):
            ii.propose_times(_contact(), after=after, mode="email")

    @pytest.mark.parametrize("venue", ["residence", None, "moon"])
    def test_home_and_missing_venue_are_refused(self, venue):
        """An in-person meeting must be at a workplace or a public place, never a home."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        with pytest.raises(ii.ValidationError, match="never someone's home"):
            ii.propose_times(_contact(), after=after, mode="in-person", venue=venue)

    def test_venue_for_a_call_is_refused(self):
        """A venue makes no sense for a phone call."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        with pytest.raises(ii.ValidationError, match="venue: applies only to in-person"):
            ii.propose_times(_contact(), after=after, mode="phone", venue="workplace")

    def test_contact_zone_is_required(self):
        """Without the contact's zone there are no working hours to propose in."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        with pytest.raises(ii.ValidationError, match=r"Contact\.time_zone: is needed"):
            ii.propose_times(_contact(None), after=after)

    def test_unknown_contact_zone_is_refused(self):
        """A zone name that is not on the IANA list is refused, naming the field."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        with pytest.raises(ii.ValidationError, match=r"Contact\.time_zone: must be an IANA"):
            ii.propose_times(_contact("Mars/Olympus"), after=after)

    @pytest.mark.parametrize("count", [1, 4, True, "3"])
    def test_count_is_two_or_three(self, count):
        """Two or three times are proposed, never one or a long list."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        with pytest.raises(ii.ValidationError, match="count: must be 2 or 3"):
            ii.propose_times(_contact(), after=after, count=count)

    @pytest.mark.parametrize(
        "hours",
        [
            (dt.time(17), dt.time(9)),
            ("9:00", "17:00"),
            (dt.time(9),),
            (dt.time(9, tzinfo=dt.UTC), dt.time(17, tzinfo=dt.UTC)),
        ],
    )
    def test_bad_working_hours_are_refused(self, hours):
        """Working hours must be two naive wall times, opening before closing."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        with pytest.raises(ii.ValidationError, match="working_hours"):
            ii.propose_times(_contact(), after=after, working_hours=hours)

    @pytest.mark.parametrize("duration", [dt.timedelta(0), dt.timedelta(seconds=90), 30])
    def test_bad_duration_is_refused(self, duration):
        """The duration must be a positive whole number of minutes."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        with pytest.raises(ii.ValidationError, match="duration"):
            ii.propose_times(_contact(), after=after, duration=duration)

    def test_working_hours_must_hold_the_meeting(self):
        """Working hours shorter than the meeting are refused."""
        after = dt.datetime(2027, 3, 8, 9, tzinfo=dt.UTC)
        with pytest.raises(ii.ValidationError, match="working_hours"):
            ii.propose_times(
                _contact(), after=after, working_hours=(dt.time(9, 0), dt.time(9, 15))
            )

    @given(
        after=aware_datetimes.filter(lambda d: d.year < 2099),
        contact_zone=st.sampled_from(ZONES),
        requester_zone=st.none() | st.sampled_from(ZONES),
        count=st.sampled_from([2, 3]),
        lead=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=10)),
        hours=st.sampled_from(
            [(dt.time(9), dt.time(17)), (dt.time(8, 30), dt.time(12)), (dt.time(13), dt.time(14))]
        ),
    )
    def test_proposals_lie_inside_working_hours(
        self, after, contact_zone, requester_zone, count, lead, hours
    ):
        """Every proposal lies in working hours on its own business day in the contact's zone."""
        me = ii.Requester(name="Maya Okafor", time_zone=requester_zone)
        proposals = ii.propose_times(
            _contact(contact_zone),
            after=after,
            requester=me,
            count=count,
            lead=lead,
            working_hours=hours,
        )
        zone = zoneinfo.ZoneInfo(contact_zone)
        calendar = ii.BusinessCalendar()
        assert count == len(proposals)
        days = [p.meeting.start.astimezone(zone).date() for p in proposals]
        assert sorted(set(days)) == days
        for proposal in proposals:
            start = proposal.meeting.start.astimezone(zone)
            end = proposal.meeting.end.astimezone(zone)
            assert start >= after + lead
            assert calendar.is_business_day(start.date())
            assert hours[0] <= start.time()
            assert end.time() <= hours[1]
            assert start.date() == end.date()


class TestFollowThrough:
    def test_sample_plan(self):
        """The sample gives a thank-you, a connection, two referrals and a report back."""
        plan = ii.follow_through(samples.contact(), samples.meeting(), samples.outcome())
        assert [
            (ii.StepKind.THANK_YOU, "2027-03-11T14:30:00-06:00", "thank_you/email.txt.j2"),
            (ii.StepKind.CONNECT, "2027-03-11T14:30:00-06:00", None),
            (ii.StepKind.REFERRAL, "2027-03-17T14:30:00-05:00", "referral/email.txt.j2"),
            (ii.StepKind.REFERRAL, "2027-03-17T14:30:00-05:00", "referral/email.txt.j2"),
            (ii.StepKind.REPORT_BACK, "2027-03-24T14:30:00-05:00", None),
        ] == [(step.kind, step.due.isoformat(), step.template) for step in plan.steps]
        assert samples.meeting() == plan.meeting
        assert samples.meeting().end == plan.anchor

    def test_thank_you_within_24_hours_of_the_end(self):
        """The thank-you is due 24 hours after the meeting ends, not after it starts."""
        meeting = ii.Meeting(
            mode="video",
            start=dt.datetime(2027, 3, 12, 16, 45, tzinfo=CHICAGO),
            duration=dt.timedelta(minutes=20),
        )
        plan = ii.follow_through(_contact(), meeting, ii.Outcome())
        assert [ii.StepKind.THANK_YOU, ii.StepKind.CONNECT] == [s.kind for s in plan.steps]
        assert dt.datetime(2027, 3, 13, 17, 5, tzinfo=CHICAGO) == plan.steps[0].due

    def test_thank_you_already_sent(self):
        """When the thank-you went out, it is not planned again and the connection goes with it."""
        sent = dt.datetime(2027, 3, 10, 19, 0, tzinfo=CHICAGO)
        plan = ii.follow_through(_contact(), samples.meeting(), ii.Outcome(thank_you_sent=sent))
        assert [(ii.StepKind.CONNECT, sent)] == [(s.kind, s.due) for s in plan.steps]

    @pytest.mark.parametrize(
        ("permission", "phrase"),
        [
            (True, "say that Teresa Lindqvist suggested you get in touch"),
            (False, "do not mention Teresa Lindqvist: you were not given permission"),
            (None, "ask Teresa Lindqvist first whether you may mention them"),
        ],
    )
    def test_name_used_only_with_permission(self, permission, phrase):
        """The referral step names the interviewee only when permission was given."""
        outcome = ii.Outcome(
            suggested=[ii.SuggestedPerson(name="Arjun Mehta", job_title="Forensic Manager")],
            may_use_name=permission,
        )
        plan = ii.follow_through(_contact(), samples.meeting(), outcome)
        referral = next(s for s in plan.steps if s.kind is ii.StepKind.REFERRAL)
        assert f"Ask Arjun Mehta (Forensic Manager) for a short conversation; {phrase}" == (
            referral.action
        )
        assert "Arjun Mehta" == referral.person

    @given(aware_datetimes.filter(lambda d: d.year < 2099))
    def test_steps_are_in_order(self, start):
        """Steps come sorted by due time, all after the meeting ends."""
        meeting = ii.Meeting(mode="phone", start=start)
        plan = ii.follow_through(_contact(), meeting, samples.outcome())
        dues = [s.due for s in plan.steps]
        assert sorted(dues) == dues
        assert all(due > meeting.end for due in dues)


class TestModels:
    def test_step_refuses_naive_due(self):
        """A step's due time must be aware."""
        with pytest.raises(ii.ValidationError, match=r"Step\.due: must be time-zone aware"):
            ii.Step(kind=ii.StepKind.CONNECT, due=dt.datetime(2027, 3, 1), action="Connect")

    def test_step_kind_from_string(self):
        """A step's kind may be given as its string value; anything else is refused."""
        due = dt.datetime(2027, 3, 1, tzinfo=dt.UTC)
        assert ii.StepKind.CONNECT == ii.Step(kind="connect", due=due, action="Connect").kind
        with pytest.raises(ii.ValidationError, match=r"Step\.kind: must be one of"):
            ii.Step(kind="nudge", due=due, action="Nudge")

    def test_step_refuses_multi_line_action(self):
        """A step's action is one line."""
        with pytest.raises(ii.ValidationError, match=r"Step\.action: must be one line"):
            ii.Step(
                kind=ii.StepKind.CONNECT,
                due=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
                action="Connect\nnow",
            )

    def test_plan_sorts_steps(self):
        """A plan keeps its steps sorted by due time."""
        late = ii.Step(
            kind=ii.StepKind.FOLLOW_UP, due=dt.datetime(2027, 3, 9, tzinfo=dt.UTC), action="B"
        )
        early = ii.Step(
            kind=ii.StepKind.CONNECT, due=dt.datetime(2027, 3, 2, tzinfo=dt.UTC), action="A"
        )
        plan = ii.Plan(
            contact=_contact(), anchor=dt.datetime(2027, 3, 1, tzinfo=dt.UTC), steps=[late, early]
        )
        assert (early, late) == plan.steps

    def test_plan_refuses_a_non_contact(self):
        """A plan's contact must be a Contact; the error names the field."""
        with pytest.raises(ii.ValidationError, match=r"Plan\.contact: must be a Contact"):
            ii.Plan(contact="Teresa", anchor=dt.datetime(2027, 3, 1, tzinfo=dt.UTC))

    def test_proposal_refuses_a_non_meeting(self):
        """A proposal's meeting must be a Meeting."""
        with pytest.raises(ii.ValidationError, match=r"Proposal\.meeting: must be a Meeting"):
            ii.Proposal(meeting=None, text="Wed 10 Mar, 10:00–10:30 am CST")

    def test_plan_refuses_other_steps(self):
        """Only Step objects go in a plan."""
        with pytest.raises(ii.ValidationError, match=r"Plan\.steps\[0\]: must be a Step"):
            ii.Plan(contact=_contact(), anchor=dt.datetime(2027, 3, 1, tzinfo=dt.UTC), steps=["x"])
