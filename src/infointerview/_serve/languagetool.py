"""The LanguageTool-compatible API: ``POST /v2/check`` and ``GET /v2/languages``.

LanguageTool's clients (browser add-ons, editor plug-ins, libraries in many
languages) post a form with ``text`` or ``data`` (annotated text: plain text
with markup to skip), ``language`` and rule switches, and read back
``matches`` whose ``offset`` and ``length`` count UTF-16 code units of the
text as sent, markup included. This module translates both ways, so such a
client shows our findings with no change: the form becomes a
:class:`infointerview.Config`, each finding a match.

Our rule ids stay as they are (``no-job-ask``); every rule is in the one
category ``ETIQUETTE``. Form fields LanguageTool has and we do not use
(``motherTongue``, ``level``, ``preferredVariants`` …) are accepted and
ignored, as are rule ids that are not ours, since a client may send its
usual LanguageTool ones. Two fields are ours: ``kind`` (what the message is,
``outreach`` by default) and ``channel``.
"""

from __future__ import annotations

import bisect
import json
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs
from starlette.requests import Request
from starlette.responses import JSONResponse

import infointerview as ii
from infointerview._serve.errors import HTTPError, from_library
from infointerview._serve.native import CHANNELS, KINDS, run_in_thread, service_of
from infointerview._serve.service import Service

__all__ = [
    "CATEGORY",
    "LANGUAGES",
    "Annotated",
    "annotated",
    "check",
    "config_from_form",
    "languages",
    "matches",
    "parse_form",
    "utf16_len",
]

#: The one category every rule belongs to, as LanguageTool clients see it.
CATEGORY: Final = {"id": "ETIQUETTE", "name": "Informational-interview etiquette"}
#: The languages the checks read: English, under each code LanguageTool gives it.
LANGUAGES: Final = (
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "English (Australian)", "code": "en", "longCode": "en-AU"},
    {"name": "English (Canadian)", "code": "en", "longCode": "en-CA"},
    {"name": "English (New Zealand)", "code": "en", "longCode": "en-NZ"},
    {"name": "English (South African)", "code": "en", "longCode": "en-ZA"},
)
#: Most form fields read from one request.
MAX_FIELDS: Final = 64
#: Characters of context shown on each side of a match.
CONTEXT_CHARS: Final = 40

_BY_CODE: Final = {language["longCode"].lower(): language for language in LANGUAGES}
_FORM_TYPE: Final = "application/x-www-form-urlencoded"
_ISSUE_TYPES: Final = {"error": "non-conformance", "warning": "style", "info": "style"}
# Where a sentence ends: its closing punctuation (and quotes or brackets after
# it) before white space, or a blank line.
_SENTENCE_END: Final = re.compile(r"[.!?]+[\"'\u2019\u201d)\]]*(?=\s|$)|\n[ \t]*\n")
_TRUE: Final = frozenset({"true", "1", "yes", "on"})


def utf16_len(text: str) -> int:
    """Return the length of *text* in UTF-16 code units, as JavaScript and LanguageTool count."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@attrs.frozen
class Annotated:
    """Text to check, and where each of its pieces sat in what the client sent.

    Attributes:
        text: The plain text: the text pieces, with markup replaced by its
            ``interpretAs`` (or by nothing).
        original_length: Length of what was sent (text and markup), in UTF-16 units.
        starts: Where each piece starts in :attr:`text`, in code points.
        pieces: For each piece, its text in :attr:`text`, its start in what
            was sent (UTF-16 units), its length there, and whether it is text
            (markup maps as a whole).
    """

    text: str
    original_length: int
    starts: tuple[int, ...]
    pieces: tuple[tuple[str, int, int, bool], ...]

    def to_original(self, offset: int, *, end: bool = False) -> int:
        """Return where *offset* in :attr:`text` sits in what was sent, in UTF-16 units.

        Args:
            offset: A code-point offset into :attr:`text`.
            end: Whether it ends a span (it then belongs to the piece before
                a boundary, not after).

        Returns:
            The UTF-16 offset into the text and markup as sent.
        """
        if not self.pieces:
            return 0
        if end:
            index = max(bisect.bisect_left(self.starts, offset) - 1, 0)
        else:
            index = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        plain, at, length, is_text = self.pieces[index]
        inside = min(max(offset - self.starts[index], 0), len(plain))
        if is_text:
            return at + utf16_len(plain[:inside])
        return at + length if end and inside > 0 else at


def annotated(text: str | None, data: str | None) -> Annotated:
    """Return what to check from the form's ``text`` or ``data``.

    Args:
        text: Plain text, if given.
        data: Annotated text as JSON, ``{"annotation": [{"text": ...},
            {"markup": ..., "interpretAs": ...}]}``, if given.

    Returns:
        The text to check and its map back to what was sent.

    Raises:
        HTTPError: 422 when neither is given, or *data* is not annotated text.
    """
    if text is not None:
        return Annotated(text, utf16_len(text), (0,), ((text, 0, utf16_len(text), True),))
    if data is None:
        raise HTTPError(422, "the form needs a text or a data field", field="text")
    try:
        parsed = json.loads(data)
    except (ValueError, RecursionError):
        raise HTTPError(422, "data must be JSON annotated text", field="data") from None
    items = parsed.get("annotation") if isinstance(parsed, dict) else None
    if not isinstance(items, list):
        raise HTTPError(422, "data must be an object with an annotation list", field="data")
    plain: list[str] = []
    starts: list[int] = []
    pieces: list[tuple[str, int, int, bool]] = []
    at = length = 0
    for index, item in enumerate(items):
        field = f"data.annotation[{index}]"
        if not isinstance(item, dict):
            raise HTTPError(422, f"{field} must be an object", field=field)
        unknown = set(item) - {"text", "markup", "interpretAs"}
        kinds = [key for key in ("text", "markup") if key in item]
        if unknown or len(kinds) != 1 or ("interpretAs" in item and kinds != ["markup"]):
            raise HTTPError(
                422,
                f"{field} must hold either text, or markup with an optional interpretAs",
                field=field,
                valid=["text", "markup", "interpretAs"],
            )
        values = [item[key] for key in item]
        if not all(isinstance(value, str) for value in values):
            raise HTTPError(422, f"{field}: its values must be strings", field=field)
        sent = item[kinds[0]]
        shown = sent if kinds == ["text"] else item.get("interpretAs", "")
        starts.append(at)
        pieces.append((shown, length, utf16_len(sent), kinds == ["text"]))
        plain.append(shown)
        at += len(shown)
        length += utf16_len(sent)
    return Annotated("".join(plain), length, tuple(starts), tuple(pieces))


def parse_form(raw: bytes) -> dict[str, str]:
    """Parse an ``application/x-www-form-urlencoded`` body; a repeated field keeps its last value.

    Args:
        raw: The body.

    Returns:
        Each field's value.

    Raises:
        HTTPError: 400 when the body is not a valid UTF-8 form.
    """
    try:
        pairs = urllib.parse.parse_qsl(
            raw.decode("utf-8"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except UnicodeDecodeError:
        raise HTTPError(400, "the form is not UTF-8 text") from None
    except ValueError as error:
        raise HTTPError(400, f"the form cannot be read: {error}") from None
    return dict(pairs)


def _ids(value: str | None) -> set[str]:
    return {part.strip() for part in (value or "").split(",") if part.strip()}


def config_from_form(form: Mapping[str, str], service: Service) -> ii.Config:
    """Return the config the rule switches of a LanguageTool form ask for.

    ``enabledOnly=true`` runs only the rules in ``enabledRules`` (all of
    them when ``enabledCategories`` names ``ETIQUETTE``); ``disabledRules``
    and ``disabledCategories`` switch rules off. Ids that are not ours are
    ignored.

    Args:
        form: The form's fields.
        service: The worker's state.

    Returns:
        The config, over the server's.
    """
    known = set(service.rule_ids)
    category = CATEGORY["id"]
    select: set[str] | None = None
    if form.get("enabledOnly", "").strip().lower() in _TRUE:
        every = category in _ids(form.get("enabledCategories"))
        select = known if every else _ids(form.get("enabledRules")) & known
    ignore = _ids(form.get("disabledRules")) & known
    if category in _ids(form.get("disabledCategories")):
        ignore = known
    if select is None and not ignore:
        return service.config
    return ii.Config(
        select=None if select is None else sorted(select),
        ignore=sorted(ignore),
        plugins=service.config.plugins,
    )


def _language(form: Mapping[str, str]) -> dict[str, str]:
    code = form.get("language")
    valid = ["auto", *(language["longCode"] for language in LANGUAGES)]
    if code is None:
        raise HTTPError(422, "language is required, such as en-US", field="language", valid=valid)
    key = code.strip().replace("_", "-").lower()
    if key == "auto" or key.startswith("auto"):
        return _BY_CODE["en-us"]
    found = _BY_CODE.get(key) or (_BY_CODE["en"] if key.split("-")[0] == "en" else None)
    if found is None:
        raise HTTPError(
            422,
            f"language: the checks read English only, not {code!r}",
            field="language",
            valid=valid,
        )
    return found


def _sentence_bounds(text: str) -> list[int]:
    return [match.end() for match in _SENTENCE_END.finditer(text)]


def _sentence(text: str, bounds: Sequence[int], offset: int) -> str:
    index = bisect.bisect_right(bounds, offset)
    start = bounds[index - 1] if index else 0
    end = bounds[index] if index < len(bounds) else len(text)
    return text[start:end].strip()


def _context(text: str, start: int, end: int) -> dict[str, Any]:
    left = max(start - CONTEXT_CHARS, 0)
    right = min(end + CONTEXT_CHARS, len(text))
    before = ("..." if left else "") + text[left:start]
    phrase = text[start:end]
    after = text[end:right] + ("..." if right < len(text) else "")
    shown = (before + phrase + after).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return {"text": shown, "offset": utf16_len(before), "length": utf16_len(phrase)}


def _short(rule: str) -> str:
    words = rule.replace("-", " ")
    return words[:1].upper() + words[1:]


def matches(
    findings: Sequence[ii.Finding], source: Annotated, summaries: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Return the findings as LanguageTool matches over what the client sent.

    A finding about the whole text covers all of it.

    Args:
        findings: The findings in ``source.text``.
        source: The text checked and its map back to what was sent.
        summaries: Each rule's one-line summary, by id.

    Returns:
        The matches, in LanguageTool's shape.
    """
    text = source.text
    bounds = _sentence_bounds(text)
    found = []
    for finding in findings:
        start, end = finding.start, finding.end
        if start == end == 0:
            offset, length = 0, source.original_length
            end = min(len(text), 2 * CONTEXT_CHARS)
        else:
            offset = source.to_original(start)
            length = source.to_original(end, end=True) - offset
        message = finding.message
        if finding.suggestion:
            message = f"{message} {finding.suggestion}"
        found.append(
            {
                "message": message,
                "shortMessage": _short(finding.rule),
                "replacements": [],
                "offset": offset,
                "length": length,
                "context": _context(text, start, end),
                "sentence": _sentence(text, bounds, start),
                "type": {"typeName": "Other"},
                "rule": {
                    "id": finding.rule,
                    "description": summaries.get(finding.rule, message),
                    "issueType": _ISSUE_TYPES[finding.severity.value],
                    "category": dict(CATEGORY),
                },
                "ignoreForIncompleteSentence": False,
                "contextForSureMatch": 0,
            }
        )
    return found


async def check(request: Request) -> JSONResponse:
    """``POST /v2/check``: LanguageTool's check, answered with our findings."""
    service = service_of(request)
    header_key = service.keys.bearer(request.headers)
    if header_key is not None:
        service.keys.check(header_key)
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media and media != _FORM_TYPE:
        raise HTTPError(415, f"the body must be a form sent as {_FORM_TYPE}, not {media}")
    form = parse_form(await request.body())
    if header_key is None:
        service.keys.check(form.get("apiKey") or None)
    language = _language(form)
    source = annotated(form.get("text"), form.get("data"))
    kind = form.get("kind") or ii.MessageKind.OUTREACH.value
    if kind not in KINDS:
        raise HTTPError(
            422, f"kind: {kind!r} is not one of " + ", ".join(KINDS), field="kind", valid=KINDS
        )
    channel = form.get("channel") or None
    if channel is not None and channel not in CHANNELS:
        raise HTTPError(
            422,
            f"channel: {channel!r} is not one of " + ", ".join(CHANNELS),
            field="channel",
            valid=CHANNELS,
        )
    try:
        config = config_from_form(form, service)
    except ii.InfoInterviewError as error:
        raise from_library(error) from None

    def check_one() -> list[ii.Finding]:
        return service.checker_for(config).check(source.text, kind, channel=channel)

    findings = await run_in_thread(check_one)
    summaries = {rule.id: rule.summary for rule in service.rules}
    return JSONResponse(
        {
            "software": {
                "name": "infointerview",
                "version": ii.__version__,
                "buildDate": "",
                "apiVersion": 1,
                "premium": False,
                "status": "",
            },
            "warnings": {"incompleteResults": False},
            "language": {
                "name": language["name"],
                "code": language["longCode"],
                "detectedLanguage": {
                    "name": language["name"],
                    "code": language["longCode"],
                    "confidence": 1.0,
                },
            },
            "matches": matches(findings, source, summaries),
        }
    )


async def languages(request: Request) -> JSONResponse:
    """``GET /v2/languages``: the languages the checks read; open, as in LanguageTool."""
    return JSONResponse([dict(language) for language in LANGUAGES])
