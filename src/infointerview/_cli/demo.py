"""The ``infointerview demo`` subcommand: the whole kit on the built-in sample data."""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import sys
import zoneinfo

__all__ = ["register"]

# Fixed moments, so the demo prints the same kit on every run and needs no
# clock: the first message goes out on Monday 1 March 2027 in the student's
# morning, and the times are proposed when the reply comes a week later.
_SENT = dt.datetime(2027, 3, 1, 9, 30, tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles"))
_REPLIED = dt.datetime(2027, 3, 5, 9, 0, tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles"))


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` subcommand to the command line.

    Args:
        subparsers: The command line's subcommand group.
    """
    parser = subparsers.add_parser(
        "demo",
        help="print the whole kit for the built-in sample student and alum",
        description=(
            "Print the outreach message with its check results, the 3B7 follow-up dates, "
            "proposed meeting times, a 25-minute questionnaire, the prep sheet, and the "
            "thank-you draft with its due time, all for the built-in sample people. "
            "Needs no input and no network."
        ),
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        type=pathlib.Path,
        help="also write outreach.txt, prep-sheet.md, prep-sheet.html, thank-you.txt "
        "and plan.ics into DIR (created if missing)",
    )
    parser.set_defaults(handler=_run)


def _heading(title: str) -> str:
    return f"\n== {title} {'=' * max(0, 70 - len(title))}\n"


def _run(args: argparse.Namespace) -> int:
    import infointerview as ii
    from infointerview import describe_moment, prep_sheet

    requester, contact = ii.samples.requester(), ii.samples.contact()
    meeting, outcome = ii.samples.meeting(), ii.samples.outcome()
    renderer = ii.Renderer()

    outreach = renderer.outreach(requester, contact)
    findings = ii.check_letter(outreach)
    cadence = ii.outreach_cadence(contact, _SENT)
    proposals = ii.propose_times(contact, after=_REPLIED, requester=requester)
    questionnaire = ii.QuestionnaireBuilder().build(contact)
    after = ii.follow_through(contact, meeting, outcome)
    sheet = prep_sheet(requester, contact, questionnaire, meeting=meeting, plan=after)
    thank_you = renderer.thank_you(
        requester, contact, outcome, meeting=meeting, offer_linkedin=True
    )
    thank_you_due = next(s.due for s in after.steps if s.kind is ii.StepKind.THANK_YOU)

    out = [_heading("Outreach message"), outreach.text.rstrip(), "", "Checks:"]
    out += [f"  {f.severity.value}: {f.rule}: {f.message}" for f in findings] or ["  no findings"]
    out.append(_heading("If there is no reply (3B7)"))
    out.append(f"  First message sent {describe_moment(_SENT)}")
    out += [f"  {describe_moment(s.due, clock=False)}: {s.action}" for s in cadence.steps]
    out.append(_heading("Times to propose"))
    out += [f"  {p.text}" for p in proposals]
    out.append(_heading("Questionnaire"))
    out.append(questionnaire.text.rstrip())
    out.append(_heading("Prep sheet"))
    out.append(sheet.markdown.rstrip())
    out.append(_heading("Thank-you draft"))
    out.append(f"Due by {describe_moment(thank_you_due)} (24 hours after the meeting ends)\n")
    out.append(thank_you.text.rstrip())
    print("\n".join(out))

    if args.out is not None:
        folder: pathlib.Path = args.out
        folder.mkdir(parents=True, exist_ok=True)
        files = {
            "outreach.txt": outreach.text,
            "prep-sheet.md": sheet.markdown,
            "prep-sheet.html": sheet.html,
            "thank-you.txt": thank_you.text,
        }
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        try:
            (folder / "plan.ics").write_bytes(ii.plan_to_ical(cadence, after))
            files["plan.ics"] = ""
        except ii.MissingExtraError as error:
            print(f"infointerview: note: plan.ics not written: {error}", file=sys.stderr)
        print(f"\nWrote {', '.join(files)} to {folder}")
    return 0
