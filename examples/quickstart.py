"""From a contact to a thank-you, end to end, in one script.

Run it from the repository (or anywhere the package is installed)::

    python examples/quickstart.py

It describes a student and an alum, builds a questionnaire for a 25-minute
call, writes the first message, checks that message against the etiquette
rules, plans the follow-through after the call and writes the thank-you,
printing each step.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import infointerview as ii


def heading(title: str) -> None:
    print(f"\n== {title} ==\n")


def main() -> None:
    # 1. The people and the meeting.
    student = ii.Requester(
        name="Maya Okafor",
        school="Northbay University",
        programme="economics major",
        goal="what the first years in audit are really like",
        email="maya.okafor@example.edu",
        time_zone="America/Los_Angeles",
    )
    alum = ii.Contact(
        name="Teresa Lindqvist",
        honorific="Ms.",
        family_name="Lindqvist",
        job_title="Senior Audit Manager",
        organization="Harbor & Vale LLP",
        field="accounting",
        shared_school=True,
        source=ii.ContactSource.ALUMNI_PLATFORM,
        platform="Northbay Connect",
        email="t.lindqvist@example.com",
        time_zone="America/Chicago",
    )
    chicago = zoneinfo.ZoneInfo("America/Chicago")
    call = ii.Meeting(
        mode=ii.MeetingMode.VIDEO,
        start=dt.datetime(2027, 3, 10, 14, 0, tzinfo=chicago),
        duration=dt.timedelta(minutes=25),
    )
    heading("Contact")
    print(ii.salutation(alum))
    print(f"{alum.job_title}, {alum.organization}")

    # 2. The questionnaire, fitted to the 25 minutes.
    heading("Questionnaire")
    builder = ii.QuestionnaireBuilder(tags=["early-career", "alumni"], minutes=25)
    questionnaire = builder.build(alum)
    print(questionnaire.text)

    # 3. The first message, on the alumni platform where she was found.
    heading("Outreach")
    renderer = ii.Renderer()
    outreach = renderer.outreach(student, alum, channel="email", style="five-point")
    print(outreach.text)

    # 4. Check it; then check a careless draft to see what findings look like.
    heading("Check")
    print(f"outreach: {len(ii.check_letter(outreach))} finding(s)")
    checker = ii.Checker()
    draft = "Hi! Could you keep me in mind for any openings at your firm?"
    for finding in checker.check(draft, "outreach", channel="email"):
        where = repr(draft[finding.start : finding.end]) if finding.end else "(whole message)"
        print(f"draft: {finding.severity.value} {finding.rule} {where}")

    # 5. The dates after the call: the thank-you and the follow-ups.
    heading("Plan")
    outcome = ii.Outcome(
        learned="how much of a first-year auditor's week is spent at client sites",
        suggested=[ii.SuggestedPerson(name="Priya Raman", note="forensic accounting")],
        may_use_name=True,
    )
    plan = ii.follow_through(alum, call, outcome)
    for step in plan.steps:
        print(f"{step.due:%a %d %b %Y %H:%M %Z}  {step.kind.value:<16} {step.action}")

    # 6. The thank-you, sent the same day.
    heading("Thank-you")
    thanks = renderer.thank_you(student, alum, outcome, meeting=call)
    print(thanks.text)


if __name__ == "__main__":
    main()
