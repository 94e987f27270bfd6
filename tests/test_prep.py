"""Tests for the printable prep sheet and the demo command."""

from __future__ import annotations

import html.parser

import icalendar
import pytest

import infointerview as ii
from infointerview import samples
from infointerview._cli.main import main


def _sheet(**changes: object) -> ii.PrepSheet:
    requester = ii.Requester(**{**samples.requester().to_dict(), **changes})
    contact = samples.contact()
    plan = ii.follow_through(contact, samples.meeting(), samples.outcome())
    return ii.prep_sheet(
        requester,
        contact,
        ii.QuestionnaireBuilder().build(contact),
        meeting=samples.meeting(),
        plan=plan,
    )


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


class TestPrepSheet:
    def test_markdown_holds_every_part(self):
        """The Markdown sheet has the introduction, questions, reminders, asks and steps."""
        text = _sheet().markdown
        for heading in (
            "## Your 30-second introduction (2 min)",
            "## Questions (about 25 of 25 minutes)",
            "## Reminders",
            "## Before you leave, ask",
            "## After the conversation",
        ):
            assert heading in text
        assert "- Dress business casual, for a video call as much as in person." in text
        assert "- Join a few minutes early." in text
        assert "- [ ] May I mention your name when I contact them?" in text
        assert "**Thu 11 Mar, 2:30 pm CST**: Send Teresa Lindqvist a thank-you" in text

    def test_introduction_from_the_requester(self):
        """The self-introduction is built from the requester's name, programme, school and goal."""
        assert (
            "> I'm Maya Okafor, an economics major at Northbay University. Like you, I belong to "
            "the Northbay University community. I'm exploring careers in accounting and I'd "
            "like to learn what the "
            "first years in audit are really like and how people move into forensic work. "
            "Thank you for making the time to talk with me."
        ) in _sheet().markdown

    def test_html_is_a_printable_page(self):
        """The HTML sheet is a whole page with print CSS and the same content."""
        page = _sheet().html
        parser = _Text()
        parser.feed(page)
        assert page.startswith("<!DOCTYPE html>")
        assert "@media print" in page
        assert "Could you suggest two other people it would be worth my speaking with?" in "".join(
            parser.parts
        )

    def test_user_text_is_escaped(self):
        """A name cannot become markup in the HTML or a link in the Markdown."""
        sheet = _sheet(name="Eve <script>alert(1)</script> [x](http://evil.test)")
        parser = _Text()
        parser.feed(sheet.html)
        assert "script" not in parser.tags
        assert "&lt;script&gt;" in sheet.html
        assert r"\[x\]\(http\://evil.test\)" in sheet.markdown

    def test_in_person_says_arrive(self):
        """For a meeting in person the sheet says to arrive early, not to join."""
        contact = samples.contact()
        meeting = ii.Meeting(
            mode="in-person", start=samples.meeting().start, venue="workplace", location="Lobby"
        )
        sheet = ii.prep_sheet(
            samples.requester(), contact, ii.QuestionnaireBuilder().build(contact), meeting=meeting
        )
        assert "- Arrive a few minutes early." in sheet.markdown
        assert "## After the conversation" not in sheet.markdown

    def test_phone_call_drops_the_dress_reminder(self):
        """On a phone call there is nothing to dress for."""
        contact = samples.contact()
        meeting = ii.Meeting(mode="phone", start=samples.meeting().start)
        sheet = ii.prep_sheet(
            samples.requester(), contact, ii.QuestionnaireBuilder().build(contact), meeting=meeting
        )
        assert "business casual" not in sheet.markdown

    def test_wrong_types_are_refused(self):
        """Arguments of the wrong type raise the library's error naming the argument."""
        with pytest.raises(ii.ValidationError, match="questionnaire: must be a Questionnaire"):
            ii.prep_sheet(samples.requester(), samples.contact(), "questions")


class TestDemo:
    def test_prints_the_kit(self, capsys):
        """The demo prints every part of the kit and exits 0."""
        assert 0 == main(["demo"])
        out = capsys.readouterr().out
        for part in (
            "== Outreach message",
            "Checks:",
            "== If there is no reply (3B7)",
            "== Times to propose",
            "Mon 8 Mar, 10:00–10:30 am CST (8:00–8:30 am PST for me)",
            "== Questionnaire",
            "== Prep sheet",
            "== Thank-you draft",
            "Due by Thu 11 Mar, 2:30 pm CST",
        ):
            assert part in out

    def test_out_writes_every_file(self, tmp_path, capsys):
        """--out writes the outreach, prep sheet, thank-you and calendar files."""
        assert 0 == main(["demo", "--out", str(tmp_path / "kit")])
        folder = tmp_path / "kit"
        expected = {
            "outreach.txt",
            "prep-sheet.md",
            "prep-sheet.html",
            "thank-you.txt",
            "plan.ics",
        }
        assert expected == {path.name for path in folder.iterdir()}
        assert (
            (folder / "outreach.txt").read_text(encoding="utf-8").startswith("Dear Ms. Lindqvist,")
        )
        cal = icalendar.Calendar.from_ical((folder / "plan.ics").read_bytes())
        assert 1 == len(cal.walk("VEVENT"))
        assert "Wrote outreach.txt" in capsys.readouterr().out

    def test_deterministic(self, capsys):
        """The demo prints the same kit on every run: it reads no clock."""
        main(["demo"])
        first = capsys.readouterr().out
        main(["demo"])
        assert first == capsys.readouterr().out


class TestUserPackPage:
    def test_script_from_a_user_pack_page_is_removed(self, tmp_path):
        """A user pack's prep-sheet page loses scripts and handlers and keeps text and styles."""
        root = tmp_path / "pack"
        (root / "guide").mkdir(parents=True)
        (root / "pack.toml").write_text('[pack]\nname = "user"\n', encoding="utf-8")
        (root / "guide" / "prep_sheet.html.j2").write_text(
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Prep</title>"
            "<style>h1 { color: teal }</style></head><body>"
            "<h1 class='top' onclick='steal()'>{{ contact.name }}</h1>"
            "<script>steal()</script><img src=x onerror=steal()>"
            "<a href='javascript:steal()'>go</a></body></html>",
            encoding="utf-8",
        )
        page = ii.prep_sheet(
            samples.requester(),
            samples.contact(),
            ii.QuestionnaireBuilder().build(samples.contact()),
            renderer=ii.Renderer(root),
        ).html
        assert "steal" not in page
        assert page.startswith("<!doctype html>")
        assert "<style>h1 { color: teal }</style>" in page
        assert '<h1 class="top">Teresa Lindqvist</h1>' in page
