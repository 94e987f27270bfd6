"""The printable prep sheet: one page to take into the conversation.

The sheet is rendered through the public :class:`~infointerview.Renderer`
from the pack's ``guide/prep_sheet.md.j2`` and ``guide/prep_sheet.html.j2``
templates, with plain data only; the reminders live in the templates, so a
career centre's pack can change them.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from infointerview._models.markdown import escape_markdown
from infointerview._models.models import Contact, Meeting, MeetingMode, Requester, Venue
from infointerview._public import public
from infointerview._questions.builder import Questionnaire
from infointerview._render.sanitize import sanitize_page
from infointerview._schedule.plan import Plan, describe_moment
from infointerview.exceptions import ValidationError

__all__ = ["PrepSheet", "prep_sheet"]

TEMPLATE_MARKDOWN: Final = "guide/prep_sheet.md.j2"
TEMPLATE_HTML: Final = "guide/prep_sheet.html.j2"
_CLOSING: Final = "closing"


@public
@attrs.frozen(kw_only=True)
class PrepSheet:
    """The prep sheet in its two printable forms.

    Attributes:
        markdown: The sheet as Markdown.
        html: The sheet as a standalone HTML page with print CSS.
    """

    markdown: str
    html: str

    def _repr_markdown_(self) -> str:
        return self.markdown


def _escape_markdown(value: Any) -> Any:
    """Backslash-escape Markdown syntax in every string, so a name cannot become a link."""
    if isinstance(value, str):
        return escape_markdown(value)
    if isinstance(value, dict):
        return {key: _escape_markdown(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_escape_markdown(item) for item in value]
    return value


def _introduction(requester: Requester, contact: Contact) -> str:
    """Compose the 30-second self-introduction from the requester's own fields."""
    parts = [f"I'm {requester.name}"]
    if requester.programme and requester.school:
        article = "an" if requester.programme[:1].lower() in "aeiou" else "a"
        parts.append(f", {article} {requester.programme} at {requester.school}")
    elif requester.school:
        parts.append(f", a student at {requester.school}")
    elif requester.background:
        parts.append(f", {requester.background}")
    text = "".join(parts) + "."
    if contact.shared_school and requester.school:
        text += f" Like you, I belong to the {requester.school} community."
    if contact.field:
        text += f" I'm exploring careers in {contact.field}"
        text += f" and I'd like to learn {requester.goal}." if requester.goal else "."
    elif requester.goal:
        text += f" I'd like to learn {requester.goal}."
    text += " Thank you for making the time to talk with me."
    return text


def _meeting(meeting: Meeting) -> dict[str, Any]:
    how = {
        MeetingMode.VIDEO: "Video call",
        MeetingMode.PHONE: "Phone call",
        MeetingMode.IN_PERSON: "In person",
        MeetingMode.EMAIL: "Email",
    }[meeting.mode]
    if meeting.venue is Venue.PUBLIC_PLACE:
        how += " (public place)"
    return {
        "when": describe_moment(meeting.start),
        "minutes": int(meeting.duration.total_seconds() // 60),
        "mode": meeting.mode.value,
        "how": how,
        "location": meeting.location,
        "dress": meeting.mode in (MeetingMode.VIDEO, MeetingMode.IN_PERSON),
    }


@public
def prep_sheet(
    requester: Requester,
    contact: Contact,
    questionnaire: Questionnaire,
    *,
    meeting: Meeting | None = None,
    plan: Plan | None = None,
    renderer: Any = None,
) -> PrepSheet:
    """Render the one-page prep sheet for a conversation.

    It holds the requester's 30-second self-introduction, the questions by
    section with their time budget, the reminders (business casual for video
    or in person, join or arrive early, keep to the time asked for, take
    notes, ask for a business card), the closing asks, and the dated steps
    after the conversation.

    Args:
        requester: Who prepares.
        contact: Whom they will speak with.
        questionnaire: The questions, from :class:`~infointerview.QuestionnaireBuilder`.
        meeting: The conversation, when it is scheduled.
        plan: The steps after it, from :func:`~infointerview.follow_through`.
        renderer: The :class:`~infointerview.Renderer` to render with (a
            career centre's pack); the built-in pack when omitted.

    Returns:
        The sheet as Markdown and as HTML.

    Raises:
        ValidationError: An argument has the wrong type.
        RenderError: A template failed.
    """
    from infointerview._render.renderer import Renderer

    for name, value, kind in (
        ("requester", requester, Requester),
        ("contact", contact, Contact),
        ("questionnaire", questionnaire, Questionnaire),
    ):
        if not isinstance(value, kind):
            raise ValidationError(name, value, f"must be a {kind.__name__}")
    if meeting is not None and not isinstance(meeting, Meeting):
        raise ValidationError("meeting", meeting, "must be a Meeting or None")
    if plan is not None and not isinstance(plan, Plan):
        raise ValidationError("plan", plan, "must be a Plan or None")
    if renderer is None:
        renderer = Renderer()
    elif not isinstance(renderer, Renderer):
        raise ValidationError("renderer", renderer, "must be a Renderer or None")
    sections = [
        {
            "title": section.category.title,
            "purpose": section.category.purpose,
            "minutes": section.minutes,
            "questions": [item.text for item in section.questions],
        }
        for section in questionnaire.sections
        if section.category.id.value != _CLOSING
    ]
    closing = [
        item.text
        for section in questionnaire.sections
        if section.category.id.value == _CLOSING
        for item in section.questions
    ]
    steps = [
        {"when": describe_moment(step.due), "action": step.action, "template": step.template}
        for step in (plan.steps if plan is not None else ())
    ]
    context: dict[str, Any] = {
        "requester": {"name": requester.name},
        "contact": {
            "name": contact.name,
            "job_title": contact.job_title,
            "organization": contact.organization,
        },
        "introduction": _introduction(requester, contact),
        "introduction_minutes": questionnaire.introduction_minutes,
        "sections": sections,
        "closing": closing,
        "total_minutes": questionnaire.total_minutes,
        "budget_minutes": questionnaire.budget_minutes,
        "meeting": None if meeting is None else _meeting(meeting),
        "steps": steps,
    }
    # The built-in page is trusted; one from any other pack passes the sanitiser.
    page = renderer.render_template(TEMPLATE_HTML, context)
    return PrepSheet(
        markdown=renderer.render_template(TEMPLATE_MARKDOWN, _escape_markdown(context)),
        html=page if renderer.stack.find(TEMPLATE_HTML).builtin else sanitize_page(page),
    )
