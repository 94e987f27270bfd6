"""The built-in rules: a few rule kinds in code, their instances and phrases as data.

``rules.toml`` holds every built-in rule's id, summary, severity, kinds,
rationale, source and examples; ``phrases.toml`` holds the word lists the
phrase patterns draw on. Both are read once, with :mod:`importlib.resources`.
"""

from __future__ import annotations

import bisect
import contextvars
import functools
import importlib.resources
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from infointerview._models.models import MessageKind
from infointerview.etiquette._anchors import ANCHORS_FILE, digest
from infointerview.etiquette._core import Context, Example, Hit, Severity, to_kind
from infointerview.etiquette._document import Document
from infointerview.etiquette._regex import Pattern, PatternSet, compile_pattern
from infointerview.etiquette._scorer import SentenceModel, features, load_models

__all__ = ["TRACE", "BuiltinRule", "Note", "PhraseGroup", "builtin_rules", "expand"]

_NAME: Final = re.compile(r"\{([A-Z_]+)\}")
#: How far around a match (in characters) its sentence and clause are read.
_WINDOW: Final = 300


def _data(name: str) -> str:
    resource = importlib.resources.files("infointerview.etiquette").joinpath("data").joinpath(name)
    return resource.read_text(encoding="utf-8")


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(_data(name))


def expand(pattern: str, words: Mapping[str, Sequence[str]], macros: Mapping[str, str]) -> str:
    r"""Expand a data pattern into a regular expression.

    A single space becomes ``\s+`` (one or more white-space characters),
    ``{NAME}`` the alternation of word list *NAME* (longest first) or the raw
    macro *NAME*, and the whole is wrapped in word boundaries.

    Args:
        pattern: The pattern as written in the data.
        words: Word lists by name.
        macros: Raw expressions by name.

    Returns:
        The regular expression.

    Raises:
        KeyError: The pattern names an unknown list.
    """

    def name(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in macros:
            return macros[key]
        items = sorted(words[key], key=len, reverse=True)
        return "(?:" + "|".join(items) + ")"

    expanded = _NAME.sub(name, pattern)
    expanded = expanded.replace(" ", r"\s+")
    return r"\b(?:" + expanded + ")"


@attrs.frozen(kw_only=True)
class PhraseGroup:
    """Patterns of one rule that share a message, compiled as one alternation.

    Attributes:
        index: The group's place in the pre-filter set of all built-in groups.
        pattern: The compiled alternation.
        message: What is wrong, for every match.
        unless: A match whose own text matches this is dropped.
        unless_next: A match followed by this (matched at its end) is dropped.
        unless_sentence: A match whose sentence matches this is dropped.
        requires_text: When set, the group runs only on texts that match it.
        unless_before: A match is dropped when its clause, up to the match,
            matches this ("work from" before "home").
        requires_near: Cue classes that must all co-occur with a match: each
            must match within its sentence or the sentence before ("would
            you" and a hiring word around "mention me to the principal").
        requires_sentence: Cue classes that must all match within the
            match's own sentence.
        sources: Each pattern as the data writes it, with its expansion,
            for :func:`~infointerview.explain` to say which one matched.
    """

    index: int
    pattern: Pattern
    message: str
    unless: Pattern | None = None
    unless_next: Pattern | None = None
    unless_sentence: Pattern | None = None
    requires_text: Pattern | None = None
    unless_before: Pattern | None = None
    requires_near: tuple[Pattern, ...] = ()
    requires_sentence: tuple[Pattern, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()

    def matched_source(self, text: str, start: int, end: int) -> str | None:
        """Return the data pattern that matches ``text[start:end]``, as written.

        Args:
            text: The prepared text.
            start: Where the group's match starts.
            end: Where it ends.

        Returns:
            The first pattern of the group that matches there, or ``None``.
        """
        for written, expanded in self.sources:
            match = compile_pattern(expanded).match(text, start)  # only when explaining
            if match is not None and match.end() >= end:
                return written
        return None


@attrs.frozen(kw_only=True)
class Note:
    """What a phrase group or a model decided about one span, kept for :func:`explain`.

    Attributes:
        rule: The rule's id.
        start: Start of the span in the prepared text.
        end: End of the span in the prepared text.
        decided_by: ``"pattern"`` or ``"model"``.
        kept: Whether it became a hit.
        reason: Why it was dropped, when it was.
        group: The phrase group that matched, for a pattern.
        score: The model's probability, for a model.
        threshold: The model's threshold, for a model.
        grams: The sentence's features, for a model.
    """

    rule: str
    start: int
    end: int
    decided_by: str
    kept: bool
    reason: str | None = None
    group: PhraseGroup | None = None
    score: float | None = None
    threshold: float | None = None
    grams: frozenset[str] = frozenset()


#: Where the phrase and model rules note what they decide, while
#: :func:`~infointerview.explain` runs; ``None`` (nothing noted) otherwise.
TRACE: Final[contextvars.ContextVar[list[Note] | None]] = contextvars.ContextVar(
    "infointerview_trace", default=None
)
#: How far below its threshold a model's score still counts as a near miss.
NEAR_MISS: Final = 0.25

_Engine = Callable[["BuiltinRule", Document, Context], Iterator[Hit]]


@attrs.frozen(kw_only=True)
class BuiltinRule:
    """A built-in rule: its description, its examples and the code kind that runs it.

    It satisfies the :class:`infointerview.typing.Rule` protocol.

    Attributes:
        id: Stable kebab-case id.
        summary: One line saying what the rule asks for.
        severity: Severity of its findings unless configured otherwise.
        kinds: The kinds of message it applies to.
        rationale: Why, in a short paragraph.
        source: The guidance behind it.
        suggestion: What to do instead, attached to its findings.
        passes: Texts it must not flag.
        fails: Texts it must flag.
        engine: The name of the rule kind that runs it.
        groups: Phrase groups, for phrase rules.
        skip_negated: Whether a negated phrase is ignored.
        model_pass: For a rule that checks models rather than text, a
            description of a case it passes.
        model_fail: For such a rule, a case it flags.
        model_message: The message of a finding its trained sentence model
            decided, where it has one.
    """

    id: str
    summary: str
    severity: Severity
    kinds: frozenset[MessageKind]
    rationale: str
    source: str
    suggestion: str | None
    passes: tuple[Example, ...]
    fails: tuple[Example, ...]
    engine: str
    groups: tuple[PhraseGroup, ...] = ()
    skip_negated: bool = True
    model_pass: str | None = None
    model_fail: str | None = None
    model_message: str = ""

    def check(self, doc: Document, context: Context) -> Iterable[Hit]:
        """Return the rule's hits in *doc*.

        Args:
            doc: The prepared text.
            context: The message kind, channel and configuration.

        Returns:
            The hits, in order of position.
        """
        return _ENGINES[self.engine](self, doc, context)


# --- phrase rules --------------------------------------------------------------------------


def _phrases(rule: BuiltinRule, doc: Document, context: Context) -> Iterator[Hit]:
    hits = sorted(_phrase_hits(rule, doc), key=lambda h: (h.start, -h.end))
    last_end = -1
    kept = []
    for hit in hits:  # one finding per phrase, however many patterns match it
        if hit.start >= last_end:
            last_end = hit.end
            kept.append(hit)
    model = load_models().get(rule.id) if context.config.models else None
    if model is not None:
        kept += _model_hits(rule, model, doc, kept)
        kept.sort(key=lambda h: (h.start, -h.end))
    yield from kept


def sentence_features(doc: Document) -> list[tuple[int, int, frozenset[str]]]:
    """Each sentence outside quoted text, trimmed, with its features: worked out once per text.

    Double-quoted passages inside a sentence are someone else's words (a
    quotation, a phrase talked about) and give no features.
    """
    text = doc.text
    quotes = doc.quotes
    out = []
    seen: dict[str, frozenset[str]] = {}  # a sentence said again shares its features
    for start, end in doc.sentences:
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start or doc.is_quoted(start, end):
            continue
        pieces, at = [], start
        for q_start, q_end in quotes[bisect.bisect_left(quotes, (start, start)) :]:
            if q_start >= end:
                break
            if q_end <= end:  # a quotation inside the sentence: left out
                pieces.append(text[at:q_start])
                at = q_end
        pieces.append(text[at:end])
        sentence = " ".join(pieces)
        grams = seen.get(sentence)
        if grams is None:
            grams = seen[sentence] = features(sentence)
        out.append((start, end, grams))
    return out


def _model_hits(
    rule: BuiltinRule, model: SentenceModel, doc: Document, found: list[Hit]
) -> Iterator[Hit]:
    """Yield a hit for each sentence no pattern caught whose model score passes the threshold."""
    caught = sorted((h.start, h.end) for h in found)
    reach, index = -1, 0  # the furthest end of the pattern hits starting before a sentence ends
    scores: dict[int, float] = {}  # by the identity of features shared by repeated sentences
    trace = TRACE.get()
    for start, end, grams in doc.memo("sentence-features", lambda: sentence_features(doc)):
        while index < len(caught) and caught[index][0] < end:
            reach = max(reach, caught[index][1])
            index += 1
        if reach > start:  # a pattern already found something in this sentence
            continue
        score = scores.get(id(grams))
        if score is None:
            score = scores[id(grams)] = model.score_features(grams)
        if trace is not None and score >= model.threshold - NEAR_MISS:
            trace.append(
                Note(
                    rule=rule.id,
                    start=start,
                    end=end,
                    decided_by="model",
                    kept=score >= model.threshold,
                    reason=None if score >= model.threshold else "score below the threshold",
                    score=score,
                    threshold=model.threshold,
                    grams=grams,
                )
            )
        if score >= model.threshold:
            yield Hit(
                start=start,
                end=end,
                message=rule.model_message,
                suggestion=rule.suggestion,
                confidence=round(score, 3),
                decided_by="model",
            )


def _phrase_hits(rule: BuiltinRule, doc: Document) -> Iterator[Hit]:
    text = doc.text
    possible = doc.memo("builtin-phrase-groups", lambda: _prefilter().matching(text))
    trace = TRACE.get()
    for group in rule.groups:
        if group.index not in possible:
            continue
        if group.requires_text is not None and not group.requires_text.search(text):
            continue
        if not all(_cue_positions(doc, cue) for cue in group.requires_near):
            continue  # a cue class absent from the whole text: no match can pass
        if not all(_cue_positions(doc, cue) for cue in group.requires_sentence):
            continue
        for match in group.pattern.finditer(text):
            start, end = match.start(), match.end()
            while end > start and text[end - 1].isspace():
                end -= 1
            if end <= start:
                continue
            reason = _dropped_by(rule, group, doc, start, end)
            if trace is not None:
                trace.append(
                    Note(
                        rule=rule.id,
                        start=start,
                        end=end,
                        decided_by="pattern",
                        kept=reason is None,
                        reason=reason,
                        group=group,
                    )
                )
            if reason is None:
                yield Hit(start=start, end=end, message=group.message, suggestion=rule.suggestion)


def _dropped_by(
    rule: BuiltinRule, group: PhraseGroup, doc: Document, start: int, end: int
) -> str | None:
    """Return why a match of *group* is not a hit, or ``None`` when it is one."""
    text = doc.text
    if doc.is_quoted(start, end):
        return "inside a quotation"
    if rule.skip_negated and (doc.is_negated(start) or doc.is_negated(end - 1)):
        return "negated in its clause"  # "not" before it, or inside: "I'm not asking to be hired"
    if rule.skip_negated and doc.is_about(start):
        return "inside a question about the subject"
    if group.unless is not None and group.unless.search(text[start:end]):
        return "its own words match the group's `unless`"
    # Context is read through bounded windows, so that a text with many
    # matches in one endless sentence still takes linear time.
    if group.unless_next is not None and group.unless_next.match(text[end : end + _WINDOW]):
        return "the words after it match the group's `unless_next`"
    if group.unless_before is not None and group.unless_before.search(
        text[max(doc.clause_start(start), start - _WINDOW) : start]
    ):
        return "its clause before it matches the group's `unless_before`"
    if group.requires_near and not _near_all(doc, group.requires_near, start, end):
        return "a cue of the group's `requires_near` is not near"
    if group.requires_sentence and not _near_all(
        doc, group.requires_sentence, start, end, before=0
    ):
        return "a cue of the group's `requires_sentence` is not in its sentence"
    if group.unless_sentence is not None:
        s_start, s_end = doc.sentence_at(start)
        window = text[max(s_start, start - _WINDOW) : min(s_end, end + _WINDOW)]
        if group.unless_sentence.search(window):
            return "its sentence matches the group's `unless_sentence`"
    return None


def _near_all(
    doc: Document, cues: tuple[Pattern, ...], start: int, end: int, *, before: int = 1
) -> bool:
    """Tell whether every cue matches in the sentence of a match or *before* sentences back."""
    starts = doc.memo("sentence-starts", lambda: [s for s, _ in doc.sentences])
    index = bisect.bisect_right(starts, start) - 1
    if index < 0:
        return False
    first = max(doc.sentences[max(0, index - before)][0], start - _WINDOW)
    last = min(max(doc.sentences[index][1], end), end + _WINDOW)
    return all(_any_between(_cue_positions(doc, cue), first, last) for cue in cues)


def _cue_positions(doc: Document, cue: Pattern) -> list[int]:
    """Return where *cue* matches in the text, found once per text and kept."""
    return doc.memo("cue:" + cue.pattern, lambda: [m.start() for m in cue.finditer(doc.text)])


# --- the time ask -------------------------------------------------------------------------

_NUMBER_WORDS: Final = {
    "five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "twenty-five": 25, "thirty": 30,
    "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "a few": 10,
    "few": 10, "a couple": 2, "couple of": 2, "two": 2, "three": 3, "one": 1,
}  # fmt: skip
_NUM: Final = r"(\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_DURATION: Final = compile_pattern(
    r"\b(?:"
    + _NUM
    + r"(?:\s*(?:-|to|or)\s*"
    + _NUM
    + r")?[\s\-]*(min|mins|minute|minutes|hr|hrs|hour|hours)\b"
    + r"|(half an hour|half-hour|half hour|an hour|a full hour|an hour or two|a few hours"
    + r"|a couple of hours|a couple hours|hour-long|an afternoon|a morning|a whole day))"
)
_FIXED: Final = {
    "half an hour": 30, "half-hour": 30, "half hour": 30, "an hour": 60, "a full hour": 60,
    "an hour or two": 120, "a few hours": 180, "a couple of hours": 120,
    "a couple hours": 120, "hour-long": 60, "an afternoon": 180, "a morning": 180,
    "a whole day": 480,
}  # fmt: skip
_CONVERSATION: Final = re.compile(
    r"\b(?:speak|speaking|talk|talking|chat|chatting|meet|meeting|call|conversation|coffee|"
    r"zoom|phone|interview|connect|hop on|catch up|sit down|video|pick your brain|"
    r"learn from you|ask you (?:a few |some )?questions|your time)\b",
    re.ASCII,
)
_REQUEST: Final = compile_pattern(
    r"\?|\b(?:would you|could you|can you|will you|might you|would it be|is there|wondering|"
    r"i'd love|i would love|i'd like|i would like|i'd appreciate|i would appreciate|grateful|"
    r"i'm hoping|i am hoping|i hope|i'd welcome|willing to|open to|available|do you have|"
    r"any chance|let me know if|may i|could i|can i|could we|can we|may we)\b"
)


def _minutes(match: re.Match[str]) -> int:
    if match.group(4):
        return _FIXED[match.group(4)]
    values = [v for v in (match.group(1), match.group(2)) if v]
    numbers = [int(v) if v.isdigit() else _NUMBER_WORDS[v] for v in values]
    factor = 60 if match.group(3).startswith(("h",)) else 1
    return max(numbers) * factor


def _time_ask(rule: BuiltinRule, doc: Document, context: Context) -> Iterator[Hit]:
    text = doc.text
    longest: tuple[int, int, int] | None = None
    bounded = False
    talks_in: dict[tuple[int, int], bool] = {}
    for match in _DURATION.finditer(text):  # one pass; a bound counts in a sentence of talk
        sentence = doc.sentence_at(match.start())
        if sentence not in talks_in:
            talks_in[sentence] = _CONVERSATION.search(text, *sentence) is not None
        if not talks_in[sentence]:
            continue
        bounded = True
        minutes = _minutes(match)
        if minutes > 30 and (longest is None or minutes > longest[0]):
            longest = (minutes, match.start(), match.end())
    if bounded and longest is None:
        return  # the usual case: a conversation asked for, 30 minutes or less
    talk = [m.start() for m in _CONVERSATION.finditer(text)]
    if not talk:
        return
    requests = [m.start() for m in _REQUEST.finditer(text)]
    ask = next(
        (
            (start, end)
            for start, end in doc.sentences
            if _any_between(talk, start, end) and _any_between(requests, start, end)
        ),
        None,
    )
    if ask is None:
        return
    if longest is not None:
        minutes, start, end = longest
        yield Hit(
            start=start,
            end=end,
            message=f"This asks for {minutes} minutes; a request for an informational "
            "interview should ask for 30 minutes or less.",
            suggestion=rule.suggestion,
        )
    else:
        yield Hit(
            start=ask[0],
            end=ask[1],
            message="This asks for a conversation without saying how long; a stated, "
            "short time (20 to 30 minutes) is easier to say yes to.",
            suggestion=rule.suggestion,
        )


def _any_between(positions: list[int], start: int, end: int) -> bool:
    index = bisect.bisect_left(positions, start)
    return index < len(positions) and positions[index] < end


# --- Dalton's outreach points ---------------------------------------------------------------

_GREETING: Final = re.compile(
    r"(?:dear|hi|hello|hey|good morning|good afternoon|good evening|greetings)\b[^\n]{0,80}",
    re.ASCII,
)
_SIGN_OFF: Final = re.compile(
    r"\n[ \t]*(?:best|best regards|best wishes|regards|kind regards|warm regards|warmly|"
    r"sincerely|thanks|thank you|many thanks|cheers|all the best|respectfully|"
    r"with gratitude|gratefully|yours|take care)\b[^\n]{0,40}(?:\n|$)",
    re.ASCII,
)
_PLEASANTRY: Final = re.compile(
    r"\b(?:hope (?:this|my|the) (?:message|email|note|letter)? ?finds you|hope you(?:'re| are)"
    r" (?:doing )?well|hope you(?:'re| are) having|hope your (?:week|day)|happy (?:monday|"
    r"tuesday|wednesday|thursday|friday|new year|holidays))",
    re.ASCII,
)
_CONNECTION: Final = compile_pattern(
    r"\b(?:fellow|alum|alums|alumni|alumna|alumnus|alumnae|classmate|schoolmate|referred|"
    r"recommended|suggested|introduced|pointed me|gave me your|passed along your|shared your|"
    r"your name|came across|found your|saw your|read your|heard you|heard your|noticed|"
    r"your (?:talk|article|post|profile|presentation|panel|podcast|session|book|paper|webinar|"
    r"interview|work on|research|blog|lecture|keynote|newsletter|story|feature|project)|we met|"
    r"we both|both (?:attended|studied|went|graduated)|same (?:school|university|college|"
    r"program|programme|major|hometown|club|team)|alma mater|mutual|(?:my|our) (?:professor|"
    r"advisor|adviser|friend|colleague|manager|mentor|coach|cousin|aunt|uncle|mother|father|"
    r"mom|dad|sister|brother|roommate|teacher|supervisor|career (?:advisor|adviser|coach|"
    r"counselor|counsellor|centre|center))|on (?:linkedin|the alumni|handshake)|"
    r"through (?:the |our )?[a-z]+ (?:alumni|network|platform|directory|program|programme)|"
    r"listened to|attended your|watched your|met you|spoke at|speak at|your recent|"
    r"also (?:a|an) [a-z]+ (?:graduate|grad|student|alum)|graduate of|graduated from)"
)
_TOKEN: Final = re.compile(r"\S+")
_PERSON: Final = re.compile(r"\b(?:(you|your|yours|yourself)|i|me|my|mine|myself)\b", re.ASCII)


def _body(doc: Document) -> tuple[int, int]:
    """Return the span of the message body: without greeting line and sign-off."""
    return doc.memo("body", lambda: _find_body(doc.text))


# A first line "Subject: ..." pasted above a draft is its subject, not its body.
_SUBJECT_LINE: Final = re.compile(r"subject[ \t]*:[^\n]*\n\s*")


def _find_body(text: str) -> tuple[int, int]:
    start = 0
    while start < len(text) and text[start].isspace():
        start += 1
    subject = _SUBJECT_LINE.match(text, start)
    if subject:
        start = subject.end()
    greeting = _GREETING.match(text, start)  # the standard library's re: pos is free
    if greeting and (text.find("\n", start) != -1 or len(greeting.group()) < 40):
        line_end = text.find("\n", start)
        first_line = text[start:line_end] if line_end != -1 else text[start:]
        if len(first_line.split()) <= 8 and line_end != -1:
            start = line_end + 1
    sign_off = _SIGN_OFF.search(text, start)
    end = sign_off.start() if sign_off else len(text)
    return start, end


@functools.cache
def _first_words(count: int) -> re.Pattern[str]:
    """Return a pattern whose match ends where word number *count* (from 0) starts."""
    # \S+ and \s+ never overlap, so the match is linear in the text's length.
    return re.compile(rf"\s*(?:\S+\s+){{{count}}}")


def _word_count(rule: BuiltinRule, doc: Document, context: Context) -> Iterator[Hit]:
    start, end = _body(doc)
    limit = context.config.word_limit
    count = len(doc.text[start:end].split())  # words as a reader counts them
    if count > limit:
        found = _first_words(limit).match(doc.text, start, end)
        over_start = found.end() if found else start
        stop = _trim_end(doc.text, over_start, end)
        yield Hit(
            start=over_start,
            end=stop,
            message=f"The message has {count} words; under {limit} get read to the end "
            f"({context.config.preset} preset). The words past the limit are marked.",
            suggestion=rule.suggestion,
        )


def _trim_end(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())


def _connection_first(rule: BuiltinRule, doc: Document, context: Context) -> Iterator[Hit]:
    start, end = _body(doc)
    body = doc.text[start:end]
    found = _CONNECTION.search(body)
    where = start + found.start() if found else end
    seen = 0
    for s_start, s_end in doc.sentences:
        if s_end <= start or s_start >= end:
            continue
        if s_start <= where < s_end or where < s_start:
            return  # the connection comes within the first sentences
        if _PLEASANTRY.search(doc.text, s_start, s_end):
            continue
        seen += 1
        if seen == 2:
            break
    if seen:
        yield Hit(
            message="The message does not open with what connects you to the reader "
            "(a shared school, a referral, their work).",
            suggestion=rule.suggestion,
        )


def _ask_as_question(rule: BuiltinRule, doc: Document, context: Context) -> Iterator[Hit]:
    start, end = _body(doc)
    body = doc.text[start:end]
    if body.strip() and "?" not in body:
        yield Hit(
            message="The message asks for nothing as a question; a question invites a reply.",
            suggestion=rule.suggestion,
        )


def _about_reader(rule: BuiltinRule, doc: Document, context: Context) -> Iterator[Hit]:
    start, end = _body(doc)
    found = _PERSON.findall(doc.text, start, end)
    second = sum(1 for word in found if word)
    first = len(found) - second
    if first and second <= first:
        you, them = _words(first, "first-person"), _words(second, "second-person")
        balance = (
            f"says as much about you ({you}) as about the reader ({them})"
            if first == second
            else f"says more about you ({you}) than about the reader ({them})"
        )
        yield Hit(
            message=f"The message {balance}; more than half should be about them.",
            suggestion=rule.suggestion,
        )


def _words(count: int, person: str) -> str:
    return f"{count} {person} {'word' if count == 1 else 'words'}"


# --- channel limits -------------------------------------------------------------------------


def _channel_limit(rule: BuiltinRule, doc: Document, context: Context) -> Iterator[Hit]:
    limit = context.channel_body_limit
    if limit is None or len(doc.original) <= limit or context.channel is None:
        return
    start = doc.from_original(limit)
    yield Hit(
        start=start,
        end=len(doc.text),
        message=f"The message has {len(doc.original)} characters; a {context.channel.value} "
        f"message holds at most {limit}. The characters past the limit are marked.",
        suggestion=rule.suggestion,
    )


# --- thank-you notes ------------------------------------------------------------------------

_THANKS: Final = re.compile(
    r"\b(?:thank|thanks|thankful|grateful|gratitude|appreciate|appreciated|appreciation|"
    r"appreciative|thx|ty)\b",
    re.ASCII,
)
_REMINDER: Final = compile_pattern(
    r"\b(?:my name is|this is [a-z]+|it's [a-z]+ (?:from|here)|i'm (?:the|a|an)|i am (?:the|a|an)"
    r"|as (?:the|a|an) [a-z\-]+|we (?:spoke|met|talked|chatted|connected|had)|our (?:[a-z\-]+ )?"
    r"(?:conversation|call|chat|meeting|talk|coffee|discussion|interview|zoom)|(?:speaking|"
    r"talking|meeting|chatting|sitting down|connecting) with me|(?:spoke|talked|chatted|met) "
    r"(?:with )?(?:me|you)|(?:yesterday|last week|this morning|this afternoon|earlier today|"
    r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))|student|major|"
    r"alum|alumna|alumnus|graduate|from [a-z]+ (?:university|college|school))\b"
)


def _thanks(rule: BuiltinRule, doc: Document, context: Context) -> Iterator[Hit]:
    if doc.text.strip() and not _THANKS.search(doc.text):
        yield Hit(message="The thank-you note never says thank you.", suggestion=rule.suggestion)


def _reminder(rule: BuiltinRule, doc: Document, context: Context) -> Iterator[Hit]:
    if doc.text.strip() and not _REMINDER.search(doc.text):
        yield Hit(
            message="The note does not remind the reader who you are or when you spoke.",
            suggestion=rule.suggestion,
        )


# --- closing asks ---------------------------------------------------------------------------

_WHO_ELSE: Final = compile_pattern(
    r"\b(?:who else|anyone else|someone else|other people|others (?:i|you)|another person|"
    r"two other|any other (?:people|professionals|contacts|colleagues)|people (?:i|you) "
    r"(?:should|might|would|could)|(?:talk|speak|reach out|connect) (?:to|with) next|"
    r"suggest (?:a few |two |some |any )?(?:people|colleagues|contacts|names))\b"
)
_USE_NAME: Final = compile_pattern(
    r"\b(?:(?:use|mention|drop|give) your name|(?:say|tell them|mention) (?:that )?you "
    r"(?:sent|referred|suggested|recommended)|(?:may|can|could) i (?:mention|say|tell (?:them )?)"
    r" (?:that )?you)\b"
)


def _closing_asks(rule: BuiltinRule, doc: Document, context: Context) -> Iterator[Hit]:
    if doc.text.count("?") < 3:
        return
    if not _WHO_ELSE.search(doc.text):
        yield Hit(
            message="The questions never ask whom else you should talk to.",
            suggestion='Add "Can you suggest two other people I would benefit from '
            'speaking with?"',
        )
    if not _USE_NAME.search(doc.text):
        yield Hit(
            message="The questions never ask whether you may use the reader's name.",
            suggestion='Add "May I use your name when contacting these people?"',
        )


_ENGINES: Final[dict[str, _Engine]] = {
    "phrases": _phrases,
    "time-ask": _time_ask,
    "word-count": _word_count,
    "connection-first": _connection_first,
    "ask-as-question": _ask_as_question,
    "about-reader": _about_reader,
    "channel-limit": _channel_limit,
    "thank-you-thanks": _thanks,
    "thank-you-reminder": _reminder,
    "closing-asks": _closing_asks,
    "model": lambda rule, doc, context: iter(()),
}


def _example(value: str | Mapping[str, Any], kinds: frozenset[MessageKind]) -> Example:
    if isinstance(value, str):
        kind = MessageKind.OUTREACH if MessageKind.OUTREACH in kinds else min(kinds)
        return Example(text=value, kind=kind)
    return Example(**value)


def _optional(table: Mapping[str, Any], key: str) -> Pattern | None:
    value = table.get(key)
    if value is None:
        return None
    return compile_pattern(value.replace(" ", r"\s+"), lazy=True)


@functools.cache
def _prefilter() -> PatternSet:
    """Return one set over every built-in phrase group, in group-index order."""
    groups = sorted((g for r in builtin_rules() for g in r.groups), key=lambda g: g.index)
    shipped = {
        entry["digest"]: entry["anchors"] for entry in json.loads(_data(ANCHORS_FILE))["groups"]
    }
    # A group whose pattern changed since the anchors were worked out has none:
    # it is always run, which is slow but never wrong.
    return PatternSet(
        [g.pattern.pattern for g in groups],
        anchors=[shipped.get(digest(g.pattern.pattern)) for g in groups],
    )


@functools.cache
def builtin_rules() -> tuple[BuiltinRule, ...]:
    """Return the built-in rules, read and compiled once.

    Returns:
        The rules, in the order of ``rules.toml``.
    """
    phrases = _read("phrases.toml")
    words: dict[str, list[str]] = phrases["words"]
    macros: dict[str, str] = phrases["macros"]
    rules = []
    index = 0
    for table in _read("rules.toml")["rule"]:
        kinds = frozenset(to_kind(k) for k in table["kinds"])
        groups = []
        for group in table.get("phrases", ()):
            groups.append(
                PhraseGroup(
                    index=index,
                    pattern=compile_pattern(
                        "|".join(expand(p, words, macros) for p in group["patterns"]), lazy=True
                    ),
                    message=group["message"],
                    unless=_optional(group, "unless"),
                    unless_next=_optional(group, "unless_next"),
                    unless_sentence=_optional(group, "unless_sentence"),
                    requires_text=_optional(group, "requires_text"),
                    unless_before=_optional(group, "unless_before"),
                    requires_near=tuple(
                        compile_pattern(expand(p, words, macros), lazy=True)
                        for p in group.get("requires_near", ())
                    ),
                    requires_sentence=tuple(
                        compile_pattern(expand(p, words, macros), lazy=True)
                        for p in group.get("requires_sentence", ())
                    ),
                    sources=tuple((p, expand(p, words, macros)) for p in group["patterns"]),
                )
            )
            index += 1
        rules.append(
            BuiltinRule(
                id=table["id"],
                summary=table["summary"],
                severity=Severity(table["severity"]),
                kinds=kinds,
                rationale=" ".join(table["rationale"].split()),
                source=table["source"],
                suggestion=table.get("suggestion"),
                passes=tuple(_example(e, kinds) for e in table.get("pass", ())),
                fails=tuple(_example(e, kinds) for e in table.get("fail", ())),
                engine=table["engine"],
                groups=tuple(groups),
                skip_negated=table.get("skip_negated", True),
                model_pass=table.get("model_pass"),
                model_fail=table.get("model_fail"),
                model_message=table.get("model_message", table["summary"]),
            )
        )
    return tuple(rules)
