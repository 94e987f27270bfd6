"""Tests that wrong arguments to any public callable raise the library's errors and nothing else.

Every function and class in ``infointerview.__all__`` and in the public
submodules' ``__all__``, and the public methods of the classes a user builds
once and calls, is called with one argument at a time replaced by a wrong
type, an out-of-range number, an extreme date, a deeply nested value or a
dict with a key that is not a string, the others being valid. What comes out
is a value or an :class:`~infointerview.InfoInterviewError`, never a raw
built-in exception. Exceptions and enums are left out: raising from an
exception's constructor would hide the error being raised, and calling an
enum with an unknown value raises :class:`ValueError` by the enum protocol.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import inspect
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infointerview as ii
from infointerview import samples

WHEN = dt.datetime(2027, 3, 1, 9, 30, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
DEEP = 100_000


def _deep_dict() -> dict[str, object]:
    top: dict[str, object] = {}
    inner = top
    for _ in range(DEEP):
        inner["name"] = inner = {}
    return top


def _deep_list() -> list[object]:
    top: list[object] = []
    inner = top
    for _ in range(DEEP):
        child: list[object] = []
        inner.append(child)
        inner = child
    return top


BAD_VALUES = {
    "int": 5,
    "negative": -1,
    "huge-int": 10**13,
    "float": 2.5,
    "nan": float("nan"),
    "str": "x",
    "empty-str": "",
    "bytes": b"x",
    "none": None,
    "list": [5],
    "dict": {"x": 5},
    "int-key": {1: "x"},
    "deep-dict": _deep_dict(),
    "deep-list": _deep_list(),
    "object": object(),
    "year-1": dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5))),
    "year-9999": dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    "naive": dt.datetime(2027, 3, 1, 9, 30),
    "huge-timedelta": dt.timedelta.max,
    "date": dt.date(9999, 12, 31),
}

#: A valid value for each parameter name; the same name means the same thing everywhere.
VALID = {
    "action": "Write to them",
    "after": WHEN,
    "anchor": WHEN,
    "calendar": ii.BusinessCalendar(),
    "category": "background",
    "channel": None,
    "config": None,
    "contact": samples.contact(),
    "count": 3,
    "data": {"name": "Teresa Lindqvist"},
    "date_order": None,
    "day": dt.date(2027, 3, 1),
    "days": 3,
    "due": WHEN,
    "field": "time_zone",
    "folder": "outreach",
    "greeting": "Dear",
    "holidays": (),
    "interviewee": samples.contact(),
    "context": {},
    "kind": "outreach",
    "letter": None,  # replaced by a rendered letter in _valid()
    "meeting": samples.meeting(),
    "mode": "video",
    "moment": WHEN,
    "name": "America/Chicago",
    "now": WHEN,
    "outcome": samples.outcome(),
    "packs": None,  # replaced in _sample()
    "path": "no-such-pack-folder",
    "pack": "no-such-pack-folder",
    "person": samples.outcome().suggested[0] if samples.outcome().suggested else None,
    "plans": None,  # replaced in _valid()
    "question_id": "no-such-question",
    "questionnaire": None,  # replaced in _valid()
    "questions": ["What does a typical day look like?"],
    "requester": samples.requester(),
    "sent": WHEN,
    "start": WHEN,
    "text": "Could we talk for 20 minutes about your work in audit?",
    "time": dt.time(9, 0),
    "zone": dt.UTC,
}

# Callables whose signature does not say enough, with the valid call to vary.
SPECIAL = {
    "lookup_zone": {"name": "America/Chicago"},
    "parse_datetime": {"text": "2027-03-10 14:00", "zone": "America/Chicago"},
    "Contact": {"name": "Teresa Lindqvist"},
    "Requester": {"name": "Maya Okafor"},
    "SuggestedPerson": {"name": "Arjun Mehta"},
    "Meeting": {"mode": "video", "start": WHEN},
    "Step": {"kind": "follow-up", "due": WHEN, "action": "Write"},
    "Plan": {"contact": samples.contact(), "anchor": WHEN},
    "Outcome": {},
    "Config": {},
    "BusinessCalendar": {},
    "QuestionnaireBuilder": {},
    "Checker": {},
    "Renderer": {},
}

#: Plain result records that hold whatever they are given (no validators): left out.
RECORDS = {
    "CategoryInfo",
    "Context",
    "Decision",
    "Document",
    "Example",
    "Explanation",
    "Finding",
    "Hit",
    "Letter",
    "Pack",
    "PackProblem",
    "PrepSheet",
    "Proposal",
    "Question",
    "QuestionBank",
    "Questionnaire",
    "QuestionnaireItem",
    "QuestionnaireSection",
    "RuleCount",
    "Summary",
}

#: Raw exceptions that still escape, from modules other engineers are
#: rewriting at the time of writing (renderer.py, packs.py); reported to
#: them. The test fails when one is fixed, so that its entry is removed here.
_EVERY_NON_STR = {
    "int",
    "negative",
    "huge-int",
    "float",
    "nan",
    "none",
    "list",
    "deep-dict",
    "deep-list",
}
KNOWN_RAW: dict[str, dict[str, set[str]]] = {}

#: Calls that start worker processes or need an extra; their arguments are
#: checked by their own modules' tests.
ELSEWHERE = {"check_file", "check_frame", "samples.matrix"}


def _public_callables():
    found = {}
    for module, prefix in [
        (ii, ""),
        (ii.etiquette, "etiquette."),
        (ii.samples, "samples."),
        (ii.batch, "batch."),
    ]:
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.ismodule(obj) or not callable(obj):
                continue
            if isinstance(obj, type) and issubclass(obj, BaseException | enum.Enum):
                continue
            if name in RECORDS or name in ELSEWHERE or f"{prefix}{name}" in ELSEWHERE:
                continue
            found.setdefault(obj, f"{prefix}{name}")
    return {label: obj for obj, label in found.items()}


def _instances():
    return {
        "BusinessCalendar": ii.BusinessCalendar(),
        "Checker": ii.Checker(),
        "QuestionnaireBuilder": ii.QuestionnaireBuilder(),
        "Renderer": ii.Renderer(),
    }


def _methods():
    found = {}
    for label, instance in _instances().items():
        for name, member in inspect.getmembers(instance, inspect.ismethod):
            if not name.startswith("_"):
                found[f"{label}.{name}"] = member
    for model in (ii.Contact, ii.Requester, ii.Meeting, ii.Outcome, ii.SuggestedPerson, ii.Letter):
        found[f"{model.__name__}.from_dict"] = model.from_dict
    found["QuestionBank.load"] = ii.QuestionBank.load
    return found


CALLABLES = {**_public_callables(), **_methods()}

# Text shaped like a timestamp, with extreme years, odd offsets and bracketed zones.
_STAMPISH = (
    r"(0001|9999|20[0-9]{2})-[01][0-9]-[0-3][0-9][T ][0-2][0-9]:[0-5][0-9]"
    r"([+-][0-2][0-9]:[0-5][0-9])?(\[[A-Za-z/_.]{0,20}\])?"
)
_KEYS = st.sampled_from(["mode", "start", "duration", "venue", "location", "name", "suggested"])
_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**15), max_value=10**15)
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(["video", "in-person", "workplace"])
    | st.from_regex(_STAMPISH, fullmatch=True),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=3)
    ),
    max_leaves=8,
)


def _valid(label, func):
    """Return the keyword arguments of a valid call of *func*, and its positional-only ones."""
    short = label.rpartition(".")[2] if "." in label else label
    if label in SPECIAL or (short in SPECIAL and "." not in label):
        return dict(SPECIAL.get(label, SPECIAL.get(short, {}))), []
    kwargs, varargs = {}, []
    for param in inspect.signature(func).parameters.values():
        if param.kind is param.VAR_POSITIONAL:
            varargs = [_sample(param.name)]
            continue
        if param.kind is param.VAR_KEYWORD:
            continue
        if param.name in VALID:
            kwargs[param.name] = _sample(param.name)
        elif param.default is param.empty:
            raise AssertionError(f"{label}: add a valid value for {param.name!r} to VALID")
    return kwargs, varargs


def _sample(name):
    if name == "letter":
        return ii.Renderer().outreach(samples.requester(), samples.contact())
    if name == "plans":
        return ii.outreach_cadence(samples.contact(), WHEN)
    if name == "questionnaire":
        return ii.QuestionnaireBuilder().build(samples.contact())
    if name == "packs":
        return ii.builtin_pack()
    return VALID[name]


def _call(func, kwargs, varargs):
    positional = [kwargs.pop(n) for n in list(kwargs) if _positional_only(func, n)]
    return func(*positional, *varargs, **kwargs)


def _positional_only(func, name):
    param = inspect.signature(func).parameters.get(name)
    return param is not None and param.kind is param.POSITIONAL_ONLY


class TestPublicApi:
    def test_every_public_callable_is_covered(self):
        """The sweep reaches every public function and every validating class."""
        assert {"check", "parse_datetime", "salutation", "Meeting", "Config"} <= set(CALLABLES)
        assert len(CALLABLES) > 40

    @pytest.mark.parametrize("label", sorted(CALLABLES))
    def test_wrong_arguments_raise_only_our_errors(self, label):
        """Each argument replaced by a wrong value gives a value or an InfoInterviewError."""
        func = CALLABLES[label]
        kwargs, varargs = _valid(label, func)
        slots = list(kwargs) + (["*"] if varargs else [])
        raw = []
        escaped: dict[str, set[str]] = {}
        for slot in slots:
            for bad_name, bad in BAD_VALUES.items():
                args = dict(kwargs)
                extra = list(varargs)
                if slot == "*":
                    extra = [bad]
                else:
                    args[slot] = bad
                try:
                    _call(func, args, extra)
                except ii.InfoInterviewError as error:
                    if len(str(error)) > 2000:
                        raw.append(f"{slot}={bad_name}: a message of {len(str(error))} characters")
                except Exception as error:
                    escaped.setdefault(slot, set()).add(bad_name)
                    if bad_name not in KNOWN_RAW.get(label, {}).get(slot, set()):
                        raw.append(f"{slot}={bad_name}: {type(error).__name__}: {error!s:.80}")
        assert [] == raw
        assert KNOWN_RAW.get(label, {}) == escaped


class TestParserProperties:
    @settings(max_examples=300, deadline=None)
    @given(
        st.text(max_size=120) | st.from_regex(_STAMPISH, fullmatch=True),
        st.none() | st.sampled_from(["UTC", "America/Los_Angeles", "Asia/Tokyo", "America"]),
        st.none() | st.sampled_from(["day-first", "month-first", "sideways"]),
    )
    def test_parse_datetime_value_or_our_error(self, text, zone, order):
        """parse_datetime returns an aware datetime with a UTC equivalent, or our error."""
        try:
            value = ii.parse_datetime(text, zone=zone, date_order=order)
        except ii.InfoInterviewError:
            return
        assert value.utcoffset() is not None
        value.astimezone(dt.UTC)

    @settings(max_examples=300, deadline=None)
    @given(st.dictionaries(_KEYS, _VALUES, max_size=6))
    def test_meeting_from_dict_value_or_our_error(self, data):
        """Meeting.from_dict builds a meeting that ends after it starts, or raises our error."""
        try:
            meeting = ii.Meeting.from_dict(data)
        except ii.InfoInterviewError:
            return
        assert meeting.duration == meeting.end.astimezone(dt.UTC) - meeting.start.astimezone(
            dt.UTC
        )

    @settings(max_examples=200, deadline=None)
    @given(st.dictionaries(_KEYS, _VALUES, max_size=6))
    def test_contact_and_outcome_from_dict_value_or_our_error(self, data):
        """Contact and Outcome from_dict give a model or our error, for any JSON-ish dict."""
        for model in (ii.Contact, ii.Outcome):
            with contextlib.suppress(ii.InfoInterviewError):
                model.from_dict(data)
