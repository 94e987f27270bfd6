"""The engine: build a checker once from a config, then check texts and models."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from infointerview._models.models import (
    Channel,
    Meeting,
    MeetingMode,
    MessageKind,
    Outcome,
    Venue,
    check_aware,
)
from infointerview._models.text import utf16_offset
from infointerview._public import public
from infointerview.etiquette._core import (
    Config,
    Context,
    Finding,
    Findings,
    Hit,
    Severity,
    _to_channel,
    to_kind,
)
from infointerview.etiquette._document import Document, prepare
from infointerview.etiquette._kinds import builtin_rules
from infointerview.exceptions import RuleError, ValidationError
from infointerview.typing import Rule

if TYPE_CHECKING:
    from infointerview.etiquette._explain import Explanation

__all__ = [
    "ENTRY_POINT_GROUP",
    "TRUNCATED",
    "Checker",
    "check",
    "check_letter",
    "check_meeting",
    "check_questionnaire",
    "check_thank_you",
    "rules",
]

#: Entry-point group that installed packages add rules to.
ENTRY_POINT_GROUP: Final = "infointerview.rules"
#: Id of the finding that reports text past the size cap.
TRUNCATED: Final = "input-truncated"
_ID: Final = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_ATTRIBUTES: Final = ("id", "summary", "severity", "kinds", "rationale", "source", "passes",
                      "fails", "check")  # fmt: skip
#: The longest a conversation should be booked for.
LONGEST_MEETING: Final = dt.timedelta(minutes=30)
#: How soon a thank-you should follow the meeting.
THANK_YOU_WITHIN: Final = dt.timedelta(hours=24)


def _plugin_rules() -> list[Rule]:
    import importlib.metadata  # about 50 ms: only when plug-ins are looked for

    found: list[Rule] = []
    for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        where = f"entry point {entry.name!r} ({entry.value}) in group {ENTRY_POINT_GROUP!r}"
        try:
            loaded = entry.load()
        except Exception as error:  # a broken plug-in must say which one
            raise RuleError(f"{where} could not be loaded: {error}") from error
        if isinstance(loaded, type) or (callable(loaded) and not hasattr(loaded, "check")):
            loaded = loaded()
        items = loaded if isinstance(loaded, (list, tuple)) else [loaded]
        for item in items:
            missing = [name for name in _ATTRIBUTES if not hasattr(item, name)]
            if missing:
                raise RuleError(f"{where} is not a Rule: it lacks {', '.join(missing)}")
            found.append(item)
    return found


@public(module="infointerview.etiquette")
def rules(*, plugins: bool = True) -> tuple[Rule, ...]:
    """Return every rule: the built-in ones, then those of installed plug-ins.

    Args:
        plugins: Whether to include rules from the ``infointerview.rules``
            entry-point group.

    Returns:
        The rules, built-in first.

    Raises:
        RuleError: A plug-in cannot be loaded, is not a rule, or reuses an id.

    >>> import infointerview as ii
    >>> [rule.id for rule in ii.etiquette.rules(plugins=False)][:3]
    ['no-job-ask', 'not-over-email', 'no-personal-residence']
    """
    found: list[Rule] = list(builtin_rules())
    if plugins:
        found.extend(_plugin_rules())
    seen: set[str] = set()
    for rule in found:
        if not isinstance(rule.id, str) or not _ID.fullmatch(rule.id):
            raise RuleError(f"rule id {rule.id!r} is not kebab-case, such as 'no-job-ask'")
        if rule.id in seen or rule.id == TRUNCATED:
            raise RuleError(f"rule id {rule.id!r} is used twice; rule ids must be unique")
        seen.add(rule.id)
    return tuple(found)


@public
class Checker:
    """Checks texts and models against the etiquette rules: build once, call many times.

    Building a checker reads the rule data, compiles the patterns, loads
    plug-in rules and the channel limits. After that it holds no mutable
    state, so one checker serves any number of threads.

    Args:
        config: Which rules run and how; the defaults when omitted.

    Raises:
        ValidationError: The config names a rule that does not exist.
        RuleError: A plug-in rule cannot be loaded.

    >>> import infointerview as ii
    >>> checker = ii.etiquette.Checker()
    >>> [f.rule for f in checker.check("Are you hiring?", "question")]
    ['no-job-ask']
    """

    def __init__(self, config: Config | None = None) -> None:
        from infointerview._packs.channels import channel_limits

        self.config: Final = config if config is not None else Config()
        if not isinstance(self.config, Config):
            raise ValidationError("config", config, "must be an infointerview.Config or None")
        every = rules(plugins=self.config.plugins)
        known = {rule.id for rule in every}
        named = set(self.config.select or ()) | set(self.config.ignore)
        named |= {rule for rule, _ in self.config.severities}
        unknown = sorted(named - known - {TRUNCATED})
        if unknown:
            raise ValidationError(
                "Config", unknown, f"names unknown rules; rules are {', '.join(sorted(known))}"
            )
        self.rules: Final[tuple[Rule, ...]] = tuple(r for r in every if self.config.runs(r.id))
        self._limits: Final = channel_limits()

    def _limit(self, channel: Channel | None) -> int | None:
        if channel is None:
            return None
        return self._limits[channel].body_limit(premium=self.config.linkedin_premium)

    def check(
        self,
        text: str,
        kind: MessageKind | str = MessageKind.OUTREACH,
        *,
        channel: Channel | str | None = None,
    ) -> Findings:
        """Return the findings in *text*, ordered by position.

        Args:
            text: Any string; at most ``config.max_chars`` characters are
                checked, and an ``input-truncated`` warning covers the rest.
            kind: What kind of message the text is.
            channel: The channel it travels through, for the channel limits.

        Returns:
            The findings; an empty list when the text is clean.

        Raises:
            ValidationError: *text* is not a string, or *kind* or *channel*
                names nothing.
        """
        if not isinstance(text, str):
            raise ValidationError("text", text, f"must be a str, not {type(text).__name__}")
        message_kind = to_kind(kind)
        message_channel = _to_channel(channel)
        findings: list[Finding] = []
        limit = self.config.max_chars
        if len(text) > limit:
            findings.append(
                Finding(
                    rule=TRUNCATED,
                    severity=self.config.severity_for(TRUNCATED, Severity.WARNING),
                    message=f"Only the first {limit} characters were checked; the text has "
                    f"{len(text)}. The unchecked part is marked.",
                    start=limit,
                    end=len(text),
                    utf16_start=utf16_offset(text, limit),
                    utf16_end=utf16_offset(text, len(text)),
                )
            )
            text = text[:limit]
        doc = prepare(text)
        context = Context(
            kind=message_kind,
            channel=message_channel,
            config=self.config,
            channel_body_limit=self._limit(message_channel),
        )
        for rule in self.rules:
            if message_kind not in rule.kinds:
                continue
            hits = [self._checked(rule, doc, hit) for hit in rule.check(doc, context)]
            for hit in _one_per_sentence(doc, hits):
                findings.append(self._finding(rule, doc, hit))
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        return Findings(findings)

    def explain(
        self,
        text: str,
        kind: MessageKind | str = MessageKind.OUTREACH,
        *,
        channel: Channel | str | None = None,
    ) -> Explanation:
        """Check *text* and say why each finding fired and each near miss did not.

        Args:
            text: Any string, as for :meth:`check`.
            kind: What kind of message the text is.
            channel: The channel it travels through.

        Returns:
            The explanation; see :func:`~infointerview.explain`.
        """
        from infointerview.etiquette._explain import _explain

        return _explain(self, text, kind, channel)

    @staticmethod
    def _checked(rule: Rule, doc: Document, hit: object) -> Hit:
        if not isinstance(hit, Hit):
            raise RuleError(f"rule {rule.id!r} returned {hit!r}; rules must yield Hit objects")
        size = len(doc.text)
        if not (hit.start == hit.end == 0 or 0 <= hit.start < hit.end <= size):
            raise RuleError(
                f"rule {rule.id!r} returned the span {hit.start}:{hit.end}, outside the "
                f"prepared text of {size} characters"
            )
        return hit

    def _finding(self, rule: Rule, doc: Document, hit: Hit) -> Finding:
        if hit.start == hit.end == 0:
            start = end = 0
        else:
            start, end = doc.to_original(hit.start, hit.end)
        return Finding(
            rule=rule.id,
            severity=self.config.severity_for(rule.id, hit.severity or rule.severity),
            message=hit.message,
            start=start,
            end=end,
            suggestion=hit.suggestion,
            utf16_start=utf16_offset(doc.original, start),
            utf16_end=utf16_offset(doc.original, end),
            confidence=hit.confidence,
            decided_by=hit.decided_by or ("check" if start == end == 0 else "pattern"),
        )

    def _model_finding(
        self, rule: str, severity: Severity, field: str, message: str, suggestion: str
    ) -> list[Finding]:  # internal: joined into a Findings
        if not self.config.runs(rule):
            return []
        return [
            Finding(
                rule=rule,
                severity=self.config.severity_for(rule, severity),
                message=message,
                suggestion=suggestion,
                field=field,
            )
        ]

    def check_meeting(self, meeting: Meeting) -> Findings:
        """Return the findings about how, where and how long a meeting is held.

        Args:
            meeting: The meeting.

        Returns:
            ``not-over-email`` for a meeting held by email,
            ``no-personal-residence`` for one at a residence, and ``time-ask``
            for one booked for more than 30 minutes.

        Raises:
            ValidationError: *meeting* is not a :class:`~infointerview.Meeting`.
        """
        if not isinstance(meeting, Meeting):
            raise ValidationError("meeting", meeting, "must be an infointerview.Meeting")
        findings = []
        if meeting.mode is MeetingMode.EMAIL:
            findings += self._model_finding(
                "not-over-email",
                Severity.ERROR,
                "mode",
                "The meeting is held over email; an informational interview is a "
                "conversation, by phone, video or in person.",
                "Set the mode to video, phone or in-person.",
            )
        if meeting.venue is Venue.RESIDENCE:
            findings += self._model_finding(
                "no-personal-residence",
                Severity.ERROR,
                "venue",
                "The meeting is at a residence; meet at a workplace or a public place.",
                "Set the venue to workplace or public-place, or meet by video.",
            )
        if meeting.duration > LONGEST_MEETING:
            minutes = meeting.duration // dt.timedelta(minutes=1)
            findings += self._model_finding(
                "time-ask",
                Severity.WARNING,
                "duration",
                f"The meeting is booked for {minutes} minutes; ask for 30 minutes or less.",
                "Book 20 to 30 minutes.",
            )
        return Findings(findings)

    def check_thank_you(
        self,
        meeting: Meeting,
        outcome: Outcome,
        *,
        text: str | None = None,
        now: dt.datetime | None = None,
    ) -> Findings:
        """Return the findings about a thank-you note: its timing and, if given, its text.

        Args:
            meeting: The meeting the note thanks for.
            outcome: What came of it; ``thank_you_sent`` says when it went out.
            text: The note itself, checked as a ``thank_you`` message.
            now: The current time, for a note not yet sent: past the 24 hours
                it is already late. Must be time-zone aware. When omitted, an
                unsent note is not judged.

        Returns:
            ``thank-you-timely`` when the note went (or will go) out more than
            24 hours after the meeting ended, plus the text's findings.

        Raises:
            ValidationError: An argument has the wrong type, or *now* is naive.
        """
        if not isinstance(meeting, Meeting):
            raise ValidationError("meeting", meeting, "must be an infointerview.Meeting")
        if not isinstance(outcome, Outcome):
            raise ValidationError("outcome", outcome, "must be an infointerview.Outcome")
        if now is not None:
            check_aware("now", now)
        findings = []
        sent = outcome.thank_you_sent
        end = meeting.end.astimezone(dt.UTC)  # in UTC, so hours are exact across DST
        try:
            due = end + THANK_YOU_WITHIN
        except OverflowError:  # the meeting ends on the calendar's last day
            due = dt.datetime.max.replace(tzinfo=dt.UTC)
        late_by = None
        if sent is not None and sent > due:
            late_by = sent - end
        elif sent is None and now is not None and now > due:
            late_by = now - end
        if late_by is not None:
            hours = late_by // dt.timedelta(hours=1)
            state = "was sent" if sent is not None else "is still unsent"
            findings += self._model_finding(
                "thank-you-timely",
                Severity.WARNING,
                "thank_you_sent",
                f"The thank-you {state} {hours} hours after the meeting ended; send it "
                "within 24 hours, while the conversation is fresh.",
                "Send the thank-you the same day or the next morning.",
            )
        if text is not None:
            findings += self.check(text, MessageKind.THANK_YOU)
        return Findings(findings)

    def check_letter(self, letter: Any) -> Findings:
        """Return the findings in a letter: its body and, where it has one, its subject.

        Args:
            letter: Anything shaped like :class:`infointerview.typing.LetterLike`:
                a ``body`` and a ``kind``, and optionally a ``channel`` and a
                ``subject``.

        Returns:
            The body's findings with ``field="body"`` and the subject's with
            ``field="subject"``; spans count within that field.

        Raises:
            ValidationError: *letter* lacks a string ``body`` or a valid ``kind``.
        """
        body = getattr(letter, "body", None)
        if not isinstance(body, str):
            raise ValidationError("letter.body", body, "must be a str")
        kind = to_kind(getattr(letter, "kind", None), field="letter.kind")
        channel = _to_channel(getattr(letter, "channel", None))
        findings = [_with_field(f, "body") for f in self.check(body, kind, channel=channel)]
        subject = getattr(letter, "subject", None)
        if isinstance(subject, str) and subject:
            for finding in self.check(subject, kind):
                if finding.rule in _SUBJECT_RULES:
                    findings.append(_with_field(finding, "subject"))
        return Findings(findings)

    def check_questionnaire(self, questions: Iterable[Any]) -> Findings:
        """Return the findings in a list of questions, each question checked in turn.

        Args:
            questions: Objects shaped like
                :class:`infointerview.typing.QuestionLike` (a ``text``), plain
                strings, or an object whose ``questions`` attribute is such a
                sequence (a questionnaire).

        Returns:
            Each question's findings with ``field="questions[i]"`` (spans count
            within that question), then ``closing-asks`` findings about the
            whole list with ``field="questions"``.

        Raises:
            ValidationError: *questions* is not a list of questions, or a
                question has no string text.
        """
        items = getattr(questions, "questions", questions)
        if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
            raise ValidationError(
                "questions",
                questions,
                "must be a Questionnaire or a list of questions (strings, or objects with a text)",
            )
        texts = []
        for index, item in enumerate(items):
            value = item if isinstance(item, str) else getattr(item, "text", None)
            if not isinstance(value, str):
                raise ValidationError(f"questions[{index}].text", value, "must be a str")
            texts.append(value)
        findings = []
        for index, value in enumerate(texts):
            for finding in self.check(value, MessageKind.QUESTION):
                if finding.rule != "closing-asks":
                    findings.append(_with_field(finding, f"questions[{index}]"))
        joined = "\n".join(t.replace("?", "") + "?" for t in texts)
        findings += [
            _with_field(f, "questions")
            for f in self.check(joined, MessageKind.QUESTION)
            if f.rule == "closing-asks"
        ]
        return Findings(findings)


_SUBJECT_RULES: Final = frozenset({"no-job-ask", "not-over-email", "no-personal-residence"})


def _with_field(finding: Finding, field: str) -> Finding:
    import attrs

    return attrs.evolve(finding, field=field)


def _config(config: Config | None) -> Config:
    """Return *config*, or the default config for ``None``; refuse anything else."""
    if config is None:
        return Config()
    if not isinstance(config, Config):
        raise ValidationError("config", config, "must be None or an infointerview.Config")
    return config


@functools.lru_cache(maxsize=16)
def _checker(config: Config) -> Checker:
    return Checker(config)


def _one_per_sentence(doc: Document, hits: list[Hit]) -> list[Hit]:
    """Join one rule's hits that fall in the same sentence into one hit.

    A single ask often trips a rule twice ("keep me in mind" and "any
    openings on your team"); a reader wants one underline for it, spanning
    both phrases, not two findings for one mistake.
    """
    if len(hits) < 2:
        return hits
    joined: list[Hit] = []
    last_sentence: tuple[int, int] | None = None
    for hit in sorted(hits, key=lambda h: (h.start, h.end)):
        if hit.start == hit.end == 0:
            joined.append(hit)
            continue
        sentence = doc.sentence_at(hit.start)
        previous = joined[-1] if joined else None
        if previous is not None and sentence == last_sentence and previous.end > 0:
            joined[-1] = attrs.evolve(previous, end=max(previous.end, hit.end))
        else:
            joined.append(hit)
        last_sentence = sentence
    return joined


@public
def check(
    text: str,
    kind: MessageKind | str = MessageKind.OUTREACH,
    *,
    config: Config | None = None,
    channel: Channel | str | None = None,
) -> Findings:
    """Check *text* against the etiquette rules.

    The checker for each config is built on first use and reused; build a
    :class:`~infointerview.Checker` yourself to control when that happens.

    Args:
        text: Any string. Text over ``config.max_chars`` characters
            (100,000 by default) is checked up to the cap, and an
            ``input-truncated`` warning marks the rest.
        kind: What the text is: ``"outreach"``, ``"thank_you"``,
            ``"follow_up"`` or ``"question"``.
        config: Which rules run and how; the defaults when omitted.
        channel: The channel the message travels through, for the channel
            limits (``"linkedin-note"``, ...).

    Returns:
        The findings, ordered by position; empty when the text is clean.

    Raises:
        ValidationError: *text* is not a string, *kind* or *channel* names
            nothing, or *config* names unknown rules.

    >>> import infointerview as ii
    >>> text = "Could you pass my résumé along to the hiring manager?"
    >>> [finding] = ii.check(text, config=ii.Config(select={"no-job-ask"}))
    >>> finding.rule, finding.severity, text[finding.start:finding.end]
    ('no-job-ask', <Severity.ERROR: 'error'>, 'pass my résumé along to the hiring manager')
    >>> ii.check("How did you land your first job?", "question")
    []
    """
    return _checker(_config(config)).check(text, kind, channel=channel)


@public
def check_meeting(meeting: Meeting, *, config: Config | None = None) -> Findings:
    """Check a meeting's mode, venue and length; see :meth:`Checker.check_meeting`.

    Args:
        meeting: The meeting.
        config: Which rules run and how.

    Returns:
        The findings.

    >>> import datetime as dt, infointerview as ii
    >>> meeting = ii.Meeting(mode="email", start=dt.datetime(2027, 3, 10, 14, tzinfo=dt.UTC))
    >>> [(f.rule, f.field) for f in ii.check_meeting(meeting)]
    [('not-over-email', 'mode')]
    """
    return _checker(_config(config)).check_meeting(meeting)


@public
def check_thank_you(
    meeting: Meeting,
    outcome: Outcome,
    *,
    text: str | None = None,
    now: dt.datetime | None = None,
    config: Config | None = None,
) -> Findings:
    """Check a thank-you note's timing and text; see :meth:`Checker.check_thank_you`.

    Args:
        meeting: The meeting the note thanks for.
        outcome: What came of it, with ``thank_you_sent``.
        text: The note's text, if it should be checked too.
        now: The current time (aware), to judge a note not yet sent.
        config: Which rules run and how.

    Returns:
        The findings.
    """
    return _checker(_config(config)).check_thank_you(meeting, outcome, text=text, now=now)


@public
def check_letter(letter: Any, *, config: Config | None = None) -> Findings:
    """Check a letter's body and subject; see :meth:`Checker.check_letter`.

    Args:
        letter: Anything with ``body`` and ``kind`` (and optionally
            ``channel`` and ``subject``).
        config: Which rules run and how.

    Returns:
        The findings, each naming its ``field``.
    """
    return _checker(_config(config)).check_letter(letter)


@public
def check_questionnaire(
    questions: Iterable[Any] | Sequence[str], *, config: Config | None = None
) -> Findings:
    """Check a list of questions; see :meth:`Checker.check_questionnaire`.

    Args:
        questions: Questions (objects with ``text``, or strings), or a
            questionnaire with a ``questions`` attribute.
        config: Which rules run and how.

    Returns:
        The findings, each naming its ``field``.

    >>> import infointerview as ii
    >>> [f.rule for f in ii.check_questionnaire(["What does your company do?"])]
    ['googleable-question']
    """
    return _checker(_config(config)).check_questionnaire(questions)
