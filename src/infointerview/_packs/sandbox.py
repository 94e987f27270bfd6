"""The Jinja2 environments the renderer uses: trusted, and sandboxed for user packs.

This module imports Jinja2 at import time; only :mod:`infointerview._render.renderer`
imports it, and only when a renderer is built, so ``import infointerview``
stays free of Jinja2.

Jinja2's immutable sandbox stops attribute walks and mutation, but it bounds
neither CPU nor memory. The guarded sandbox here adds, per letter:

* a budget of work, counted in steps: every loop iteration, call, filter and
  test costs a step, and comparisons, membership tests, the items a filter
  goes through and the characters a template prints cost in proportion to
  the sizes involved, so nested loops, runaway recursion and quadratic
  comparisons stop early;
* size predictions made *before* a value is built: ``*``, ``+``, ``~``, ``%``
  (widths, precisions, ``*`` and ``%(key)s`` included) and the filters that can
  grow their input (``replace``, ``wordwrap``, ``join``, ``batch``, ``slice``,
  ``center``, ``indent``, ``format``, ``urlize``, ``sum``, …) are refused when
  what they would make passes :data:`MAX_VALUE`;
* a weight for every value a guard meets: roughly the characters it would
  print as, found by a walk that stops as soon as it passes
  :data:`MAX_VALUE`, so a list holding one big list many times over is
  refused rather than compared or printed;
* no ``str.format``/``format_map``, no padding methods (``center``,
  ``ljust``, ``zfill``, …) and only an allow-list of plain string methods;
* none of the ``lipsum``, ``cycler``, ``joiner``, ``namespace`` or ``dict``
  globals, and an unsafe attribute raises at once instead of becoming an
  undefined value.

Every refusal raises :class:`~infointerview.exceptions.TemplateSecurityError`.
It remains defence in depth: a platform that renders packs its own users
upload should also render in a worker process with operating-system limits
(``Renderer(..., isolation="process")``).
"""

from __future__ import annotations

import contextvars
import functools
import math
import operator
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

import jinja2
import jinja2.nodes
import jinja2.runtime
import markupsafe
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import _PassArg

from infointerview._packs.packs import PackStack
from infointerview.exceptions import TemplateSecurityError

__all__ = [
    "MAX_STEPS",
    "MAX_VALUE",
    "Meter",
    "NoneOutputError",
    "PackLoader",
    "budget",
    "check_name",
    "guard_filters",
    "guarded_environment",
    "trusted_environment",
]

#: Most characters (or list items) any one value in a sandboxed template may
#: hold, or print as.
MAX_VALUE: Final = 200_000
#: Most steps one letter may take, across every template it renders (fallbacks
#: and the HTML part included).
MAX_STEPS: Final = 20_000
#: Most bits an integer computed in a sandboxed template may hold.
MAX_INT_BITS: Final = 4_096

# The budget is kept in units of work; a step is a thousand of them. One unit
# is about one item compared or one character copied in C; going through an
# item in Python code costs tens of them.
_STEP: Final = 1_000
_BUDGET: Final = MAX_STEPS * _STEP
_COMPARE: Final = 20  # a comparison of two small values
_WALK: Final = 10  # each node a weight walk visits
_ITEM: Final = 40  # each item a filter handles in Python code
_CHAR: Final = 1  # each character (or byte) read, made or printed
# Filters that go through their text in Python code, or make an object for
# each word, pay more for each character they get.
_FACTORS: Final[Mapping[str, int]] = {
    "title": 12,
    "wordwrap": 8,
    "urlize": 20,
    "pprint": 40,
    "striptags": 16,
    "wordcount": 4,
    "tojson": 2,
    "xmlattr": 4,
}

_SEGMENT: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)*")
# Widths and precisions longer than this many digits are refused unread.
_MAX_DIGITS: Final = len(str(MAX_VALUE))
# What str.splitlines splits on, for predicting the lines of a text.
_LINE_BREAKS: Final = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_WHITESPACE: Final = " \t\n\r\x0b\x0c"

# Plain string methods a user template may call; everything else (format,
# center, ljust, zfill, expandtabs, join, replace, encode, ...) is refused.
_STR_METHODS: Final = frozenset(
    {
        "capitalize",
        "casefold",
        "count",
        "endswith",
        "find",
        "isalnum",
        "isalpha",
        "isdigit",
        "islower",
        "isspace",
        "istitle",
        "isupper",
        "lower",
        "lstrip",
        "partition",
        "removeprefix",
        "removesuffix",
        "rfind",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "startswith",
        "strip",
        "swapcase",
        "title",
        "upper",
    }
)
_REFUSED_GLOBALS: Final = ("lipsum", "cycler", "joiner", "namespace", "dict")
_REFUSED_FILTERS: Final = ("filesizeformat", "random", "xmlattr")


# --- the budget ----------------------------------------------------------------------


class Meter:
    """The work left to one letter; made by :func:`budget`.

    Attributes:
        limit: The budget, in units of work (a step is a thousand).
        spent: Units of work spent so far; never more than *limit*, since a
            charge that would pass it is refused before it is counted.
    """

    __slots__ = ("limit", "spent")

    def __init__(self) -> None:
        self.limit: Final = _BUDGET
        self.spent = 0

    def charge(self, units: int) -> None:
        """Count *units* of work, or refuse them when they pass the budget.

        Args:
            units: The work about to be done.

        Raises:
            TemplateSecurityError: The letter's budget cannot pay for them.
        """
        if self.spent + units > self.limit:
            raise TemplateSecurityError(
                f"the template used up its budget of {MAX_STEPS} steps (loop iterations, "
                "calls, filters, comparisons and the items they go through); it may loop, "
                "recurse or compare without end"
            )
        self.spent += units


#: The meter of the letter being rendered; set by :func:`budget`.
_METER: contextvars.ContextVar[Meter] = contextvars.ContextVar("infointerview_meter")


class _CompileTimeError(Exception):
    """A guard ran with no budget: Jinja2 folding constants while compiling.

    Jinja2 catches it and leaves the expression to run time, under the budget.
    """


class budget:  # noqa: N801 - used as a context manager, like a function
    """Give the renders inside a ``with`` block one budget between them.

    Nested blocks share the outer budget, so a letter that falls back to a
    shorter template, or renders an HTML part too, spends one budget in all.
    The ``with`` statement yields the :class:`Meter`.
    """

    __slots__ = ("_token",)

    def __enter__(self) -> Meter:
        meter = _METER.get(None)
        if meter is not None:
            self._token: contextvars.Token[Meter] | None = None
            return meter
        meter = Meter()
        self._token = _METER.set(meter)
        return meter

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _METER.reset(self._token)


def _charge(units: int) -> None:
    meter = _METER.get(None)
    if meter is None:
        raise _CompileTimeError
    meter.charge(units)


def _refuse(message: str) -> TemplateSecurityError:
    return TemplateSecurityError(message)


def _over(what: str, size: int) -> TemplateSecurityError:
    return _refuse(
        f"refused {what}: it would make a value of about {size} characters or items; "
        f"the sandbox allows at most {MAX_VALUE}"
    )


# --- weights -------------------------------------------------------------------------


def _digits(number: int) -> int:
    # Decimal digits of an integer, rounded up, plus a sign.
    return number.bit_length() * 31 // 100 + 2


def _weigh(value: Any, what: str, *, limit: int = MAX_VALUE) -> int:
    """Return about how many characters *value* prints as, charging the walk.

    Strings count their length, numbers their digits, containers their items
    and separators; a container met twice counts twice, as it prints twice.
    The walk stops, and refuses, as soon as the weight passes *limit*, so it
    never visits more than *limit* nodes.
    """
    if isinstance(value, str):
        return len(value)
    if _is_int(value):
        return _digits(value)
    if value is None or isinstance(value, bool | float):
        return 5
    total = 0
    visited = 0
    stack = [value]
    while stack:
        item = stack.pop()
        visited += 1
        if isinstance(item, str):
            total += len(item) + 2
        elif _is_int(item):
            total += _digits(item) + 2
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 + len(item)
            if total <= limit:
                stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 2 * len(item)
            if total <= limit:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, range):
            total += 2 + len(item) * (max(_digits(item.start), _digits(item.stop)) + 2)
        elif isinstance(item, bytes):
            total += 4 * len(item)
        else:
            total += 8
        if total > limit:
            _charge(visited * _WALK)
            raise _over(what, total)
    _charge(visited * _WALK)
    return total


def _weigh_all(values: Iterable[Any], what: str) -> int:
    return sum(_weigh(value, what) for value in values)


def _admit(value: Any, what: str) -> Any:
    """Return *value* if it is within the sandbox's sizes; charge making it."""
    if isinstance(value, str):
        if len(value) > MAX_VALUE:
            raise _over(what, len(value))
        # By bytes, so that wide characters pay for the memory they take.
        _charge(sys.getsizeof(value) * _CHAR)
        return value
    if _is_int(value):
        if value.bit_length() > MAX_INT_BITS:
            raise _refuse(
                f"{what} made an integer of {value.bit_length()} bits; "
                f"the sandbox allows at most {MAX_INT_BITS}"
            )
        return value
    if isinstance(value, Iterator):
        return _metered(value, _ITEM)
    _weigh(value, what)
    return value


def _metered(iterable: Iterable[Any], cost: int) -> Iterator[Any]:
    """Yield from *iterable*, charging *cost* for each item."""
    for item in iterable:
        _charge(cost)
        yield item


def _materialize(value: Any, what: str) -> Any:
    """Turn an iterator into a list, charging each item and bounding the count."""
    if not isinstance(value, Iterator):
        return value
    items = []
    for item in value:
        _charge(_ITEM)
        items.append(item)
        if len(items) > MAX_VALUE:
            raise _over(what, len(items))
    return items


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _count(value: Any) -> int:
    try:
        return len(value)
    except TypeError:
        return 1


# --- predictions ---------------------------------------------------------------------


def _number(text: str, start: int, what: str) -> tuple[int, int]:
    """Read the digits at *start*; return their value and where they end."""
    end = start
    while end < len(text) and text[end].isdigit():
        end += 1
    if end - start > _MAX_DIGITS:
        raise _over(what, 10 ** (end - start - 1))
    return (int(text[start:end]) if end > start else 0), end


def _percent_size(template: str, args: Any, *, escape: bool = False) -> int:
    """Predict the length of ``template % args`` without building it.

    Reads each conversion as Python does: an optional ``(key)`` (with nested
    parentheses), flags, a width and a precision (digits or ``*``, taken from
    the arguments), a length modifier and the conversion type. Widths or
    precisions over :data:`MAX_VALUE` are refused before Python allocates them.

    Raises:
        TemplateSecurityError: The result would pass :data:`MAX_VALUE`.
    """
    what = "a '%' format"
    positional = list(args) if isinstance(args, tuple) else [args]
    mapping = args if isinstance(args, Mapping) else None
    factor = 6 if escape else 1  # Markup % escapes each argument
    total = 0
    index = 0
    position = 0
    length = len(template)

    def next_argument() -> Any:
        nonlocal index
        value = positional[index] if index < len(positional) else None
        index += 1
        return value

    def star_or_number() -> int:
        """Read a width or precision: ``*`` takes the next argument, digits a number."""
        nonlocal position
        if position < length and template[position] == "*":
            star = next_argument()
            position += 1
            return abs(star) if _is_int(star) else 0
        number, position = _number(template, position, what)
        return number

    while True:
        found = template.find("%", position)
        if found < 0:
            total += length - position
            break
        total += found - position
        position = found + 1
        if position >= length:
            break
        key: str | None = None
        if template[position] == "(":
            depth, start = 1, position + 1
            position += 1
            while position < length and depth:
                depth += {"(": 1, ")": -1}.get(template[position], 0)
                position += 1
            key = template[start : position - 1]
        while position < length and template[position] in "-#0 +":
            position += 1
        width = star_or_number()
        precision = 0
        if position < length and template[position] == ".":
            position += 1
            precision = star_or_number()
        while position < length and template[position] in "hlL":
            position += 1
        if position >= length:
            break
        conversion = template[position]
        position += 1
        if conversion == "%":
            total += max(width, 1)
        else:
            if key is not None:
                value = mapping.get(key) if mapping is not None else None
            else:
                value = next_argument()
            if width > MAX_VALUE or precision > MAX_VALUE:
                raise _over(what, max(width, precision))
            if conversion in "sra":
                body = _weigh(value, what) * factor * (4 if conversion != "s" else 1)
                if precision and conversion == "s":
                    body = min(body, precision)
            elif conversion == "c":
                body = 1
            elif isinstance(value, float):
                body = 330 + precision
            else:
                body = (_digits(value) if isinstance(value, int) else 2) * 4 + precision
            total += max(width, body)
        if total > MAX_VALUE:
            raise _over(what, total)
    if total > MAX_VALUE:
        raise _over(what, total)
    return total


def _argument(args: tuple[Any, ...], kwargs: Mapping[str, Any], index: int, name: str) -> Any:
    """Return a filter's argument by position (after the value) or by name."""
    if index < len(args):
        return args[index]
    return kwargs.get(name)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _lines(text: str) -> int:
    return sum(text.count(mark) for mark in _LINE_BREAKS) + 2


def _predict_replace(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    text = _text(value)
    old = _text(_argument(args, kwargs, 0, "old") or "")
    new = _text(_argument(args, kwargs, 1, "new") or "")
    count = _argument(args, kwargs, 2, "count")
    _charge(len(text) * _CHAR)
    found = len(text) + 1 if not old else text.count(old)
    if _is_int(count) and count >= 0:
        found = min(found, count)
    return len(text) + found * max(0, 6 * len(new) - len(old))


def _predict_wordwrap(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    text = _text(value)
    width = _argument(args, kwargs, 0, "width")
    width = width if _is_int(width) and width > 0 else 79
    wrapstring = _argument(args, kwargs, 2, "wrapstring")
    joint = len(_text(wrapstring)) if wrapstring is not None else 2
    breaks = sum(text.count(mark) for mark in _WHITESPACE + "-")
    lines = min(len(text) + 1, len(text) // width + 2 * breaks + _lines(text))
    # textwrap goes through the text chunk by chunk in Python.
    _charge((len(text) + breaks * 10) * _CHAR * 4)
    return len(text) + lines * joint


def _predict_join(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    joint = _argument(args, kwargs, 0, "d")
    attribute = _argument(args, kwargs, 1, "attribute")
    count = _count(value)
    joined = _weigh(value, "the filter 'join'") + (64 * count if attribute is not None else 0)
    return joined + max(0, count - 1) * len(_text(joint if joint is not None else ""))


def _predict_batch(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    count = _count(value)
    size = _argument(args, kwargs, 0, "linecount")
    fill = _argument(args, kwargs, 1, "fill_with")
    _charge(count * _ITEM)
    if fill is None or not _is_int(size) or size <= 0:
        return 2 * count
    batches = -(-count // int(size))
    return 2 * max(count, batches * int(size)) + batches


def _predict_slice(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    count = _count(value)
    slices = _argument(args, kwargs, 0, "slices")
    slices = slices if _is_int(slices) else 0
    if slices > MAX_VALUE:
        raise _over("the filter 'slice'", slices)
    _charge((count + max(slices, 0)) * _ITEM)
    return 2 * count + 3 * max(slices, 0)


def _predict_center(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    width = _argument(args, kwargs, 0, "width")
    return max(len(_text(value)), width if _is_int(width) else 80)


def _predict_indent(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    text = _text(value)
    width = _argument(args, kwargs, 0, "width")
    if width is None:
        width = 4
    step = width if _is_int(width) else len(_text(width))
    if step > MAX_VALUE:
        raise _over("the filter 'indent'", step)
    return len(text) + _lines(text) * max(step, 0)


def _predict_format(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    return _percent_size(_text(value), dict(kwargs) if kwargs else tuple(args))


def _predict_urlize(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    text = _text(value)
    extra = sum(
        len(_text(_argument(args, kwargs, index, name) or ""))
        for index, name in ((2, "target"), (3, "rel"))
    )
    words = sum(text.count(mark) for mark in _WHITESPACE) + 1
    _charge(len(text) * _CHAR * 8)
    return 12 * len(text) + words * (extra + 80)


def _predict_sum(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    start = _argument(args, kwargs, 1, "start")
    parts = [start, *value] if isinstance(value, list | tuple) else [start]
    sizes = [len(part) for part in parts if isinstance(part, list | tuple | str)]
    total = sum(sizes)
    # Adding lists one to another copies the sum so far each time.
    _charge(len(sizes) * total * _CHAR + _count(value) * _ITEM)
    return total


def _predict_escape(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    return 6 * _weigh(value, "an escape")


def _predict_tojson(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    return 12 * _weigh(value, "the filter 'tojson'")


def _predict_sorting(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    count = _count(value)
    weight = _weigh(value, "a sort")
    _charge(weight * max(1, math.ceil(math.log2(count + 2))) + count * _ITEM)
    return weight


def _predict_items(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    _charge(_count(value) * _ITEM)
    return 0


def _predict_pprint(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    weight = _weigh(value, "the filter 'pprint'")
    _charge(weight * _ITEM)  # pprint is Python code throughout
    return 2 * weight


_Predictor = Callable[[Any, tuple[Any, ...], Mapping[str, Any]], int]

#: How big a filter's result may get, judged from its arguments before it
#: runs; each predictor also charges the work the filter will do.
_PREDICTORS: Final[Mapping[str, _Predictor]] = {
    "replace": _predict_replace,
    "wordwrap": _predict_wordwrap,
    "join": _predict_join,
    "batch": _predict_batch,
    "slice": _predict_slice,
    "center": _predict_center,
    "indent": _predict_indent,
    "format": _predict_format,
    "urlize": _predict_urlize,
    "sum": _predict_sum,
    "e": _predict_escape,
    "escape": _predict_escape,
    "forceescape": _predict_escape,
    "tojson": _predict_tojson,
    "pprint": _predict_pprint,
    "sort": _predict_sorting,
    "dictsort": _predict_sorting,
    "unique": _predict_sorting,
    "groupby": _predict_sorting,
    "min": _predict_sorting,
    "max": _predict_sorting,
    "map": _predict_items,
    "select": _predict_items,
    "reject": _predict_items,
    "selectattr": _predict_items,
    "rejectattr": _predict_items,
    "list": _predict_items,
    "items": _predict_items,
    "reverse": _predict_items,
}


# --- loading -------------------------------------------------------------------------


class PackLoader(jinja2.BaseLoader):
    """Load templates from a pack stack, refusing names that could leave it.

    Args:
        stack: The packs to load from, highest priority first.
        paths: A dict the loader fills with each template's file path and
            name, so errors can name the template a traceback frame came from.
    """

    def __init__(self, stack: PackStack, paths: dict[str, str]) -> None:
        self._stack = stack
        self._paths = paths

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """Return the source of *template*, its file name, and an always-true up-to-date check.

        Raises:
            TemplateSecurityError: The name is absolute, climbs with ``..`` or
                holds characters outside the safe set.
            MissingTemplateError: No pack in the stack provides it.
        """
        check_name(template)
        pack = self._stack.find(template)
        path = str(pack.root / template)
        self._paths[path] = template
        # Packs do not change while loaded, so a compiled template stays valid.
        return pack.read_text(template), path, _always_true


def _always_true() -> bool:
    return True


def check_name(name: str) -> str:
    """Return *name* if it is a safe template name inside a pack.

    Args:
        name: A POSIX path relative to a pack root.

    Returns:
        The name, unchanged.

    Raises:
        TemplateSecurityError: The name is absolute, climbs out with ``..``,
            or has a segment outside letters, digits, ``-``, ``_`` and ``.``.
    """
    segments = name.split("/")
    if not name or any(not _SEGMENT.fullmatch(segment) for segment in segments):
        raise TemplateSecurityError(
            f"refused template name {name!r}: names are paths inside the pack made of "
            "letters, digits, '-', '_' and '.', without '..' or a leading '/'"
        )
    return name


# --- filters and tests ---------------------------------------------------------------


def _guarded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so that it is charged, weighed and predicted before it runs."""
    passes = _PassArg.from_obj(func) is not None
    predictor = _PREDICTORS.get(name)
    factor = _FACTORS.get(name, 1) * _CHAR
    what = f"the filter {name!r}"

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _charge(_STEP)
        head, rest = (args[:1], args[1:]) if passes else ((), args)
        if not rest:
            return func(*args, **kwargs)
        value = _materialize(rest[0], what)
        _charge(factor * _weigh_all((value, *rest[1:], *kwargs.values()), what))
        if predictor is not None:
            size = predictor(value, rest[1:], kwargs)
            if size > MAX_VALUE:
                raise _over(what, size)
        return _admit(func(*head, value, *rest[1:], **kwargs), what)

    return guarded


def _guarded_test(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a test so that it is charged and its operands weighed before it runs."""
    what = f"the test {name!r}"

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _charge(_COMPARE)
        _charge(_WALK * _weigh_all((*args, *kwargs.values()), what))
        return func(*args, **kwargs)

    return guarded


def _refused_filter(name: str) -> Callable[..., Any]:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise TemplateSecurityError(f"the filter {name!r} is not available to user packs")

    return refused


def guard_filters(
    environment: jinja2.Environment, filters: Mapping[str, Callable[..., Any]]
) -> None:
    """Add *filters* to *environment*, guarded when it is the sandbox.

    Args:
        environment: An environment from :func:`trusted_environment` or
            :func:`guarded_environment`.
        filters: Filter functions by name, such as the grammar filters.
    """
    if isinstance(environment, _GuardedSandbox):
        filters = {name: _guarded_filter(name, func) for name, func in filters.items()}
    environment.filters.update(filters)


# --- the compiled code -----------------------------------------------------------------


class _GuardedCodeGenerator(CodeGenerator):
    """Compile loops, comparisons and ``~`` so that the sandbox can meter them."""

    def visit_For(self, node: jinja2.nodes.For, frame: Frame) -> None:  # noqa: N802
        node.iter = jinja2.nodes.Call(
            jinja2.nodes.EnvironmentAttribute("guard_iter"), [node.iter], [], None, None
        )
        super().visit_For(node, frame)

    def visit_Concat(self, node: jinja2.nodes.Concat, frame: Frame) -> None:  # noqa: N802
        # Jinja2 writes join((a, b, ...)); we hand the parts to the guard
        # first, which predicts the length before anything is joined.
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.guard_concat({join}, (")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write("))")

    def visit_Compare(self, node: jinja2.nodes.Compare, frame: Frame) -> None:  # noqa: N802
        self.write("environment.guard_compare(")
        self.visit(node.expr, frame)
        for operand in node.ops:
            self.write(f", {operand.op!r}, ")
            self.visit(operand.expr, frame)
        self.write(")")


_COMPARISONS: Final[Mapping[str, Callable[[Any, Any], Any]]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "lteq": operator.le,
    "gt": operator.gt,
    "gteq": operator.ge,
    "in": lambda left, right: left in right,
    "notin": lambda left, right: left not in right,
}


def _compare_cost(operator_: str, left: Any, right: Any) -> int:
    what = "a comparison"
    if operator_ in {"in", "notin"} and isinstance(right, str) and isinstance(left, str):
        # A substring search may try the needle at every place of the text.
        return len(right) * max(1, min(len(left), 64) // 8) + len(left)
    if operator_ in {"in", "notin"} and isinstance(right, range):
        return _COMPARE
    return _weigh(left, what) + _weigh(right, what) + _COMPARE


class _GuardedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with size predictions and a budget of work."""

    code_generator_class = _GuardedCodeGenerator
    intercepted_binops = frozenset({"**", "*", "%", "+", "//"})

    @staticmethod
    def guard_iter(iterable: Iterable[Any]) -> Iterator[Any]:
        """Charge a step for each item a ``for`` loop takes."""
        return _metered(iterable, _STEP)

    @staticmethod
    def guard_concat(join: Callable[[Iterable[Any]], str], parts: tuple[Any, ...]) -> str:
        """Join the operands of ``~`` once their printed size is known to fit."""
        what = "the '~' operator"
        _charge(_COMPARE)
        size = _weigh_all(parts, what)
        if size > MAX_VALUE:
            raise _over(what, size)
        return _admit(join(parts), what)  # type: ignore[no-any-return]

    @staticmethod
    def guard_compare(left: Any, *chain: Any) -> Any:
        """Compare as Python does, charging in proportion to the operands' sizes."""
        result: Any = True
        for index in range(0, len(chain), 2):
            operator_, right = chain[index], chain[index + 1]
            _charge(_compare_cost(operator_, left, right))
            result = _COMPARISONS[operator_](left, right)
            if not result:
                return result
            left = right
        return result

    def call_binop(
        self, context: jinja2.runtime.Context, operator_: str, left: Any, right: Any
    ) -> Any:
        """Refuse an operator whose result would be too big, before computing it."""
        _charge(_COMPARE)
        what = f"the {operator_!r} operator"
        if operator_ == "**":
            if _is_int(left) and _is_int(right) and abs(left) > 1 and right > 0:
                if abs(left).bit_length() * right > MAX_INT_BITS:
                    raise _refuse(
                        f"refused {left} ** {right}: the result would exceed {MAX_INT_BITS} bits"
                    )
            elif _is_int(right) and abs(right) > 1_000:
                raise _refuse(f"refused a power with exponent {right}")
        elif operator_ == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, str | list | tuple) and _is_int(count):
                    size = len(sequence) * count
                    if size > MAX_VALUE:
                        raise _refuse(
                            f"refused repeating a value of {len(sequence)} characters or "
                            f"items {count} times; the sandbox allows at most {MAX_VALUE}"
                        )
                    _charge(max(size, 0) * _CHAR)
        elif operator_ == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                size = len(left) + len(right)
                if size > MAX_VALUE:
                    raise _over(what, size)
        elif operator_ == "%" and isinstance(left, str):
            _percent_size(left, right, escape=isinstance(left, markupsafe.Markup))
        return _admit(_BINOPS[operator_](left, right), what)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Allow only plain string methods on strings, then ask Jinja2's sandbox."""
        if isinstance(obj, str) and attr not in _STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        """Raise at once for an unsafe attribute, rather than return an undefined value.

        An undefined value can end up inside a list and print as ``[Undefined]``
        (through ``map(attribute=...)`` or ``groupby``); a refusal must never
        render.
        """
        raise TemplateSecurityError(
            f"refused by the sandbox: access to attribute {attribute!r} of "
            f"{type(obj).__name__!r} object is unsafe"
        )

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Look up an item, weighing a container key (hashing one walks it all)."""
        if not isinstance(argument, str | int):
            _charge(_weigh(argument, "a lookup"))
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Refuse ``str.format`` and ``str.format_map`` outright."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None

        def refused(*args: Any, **kwargs: Any) -> str:
            raise TemplateSecurityError("str.format and str.format_map are refused in user packs")

        return refused

    def call(
        __self,  # noqa: N805 - Jinja2's own signature
        __context: jinja2.runtime.Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        """Call *__obj* for a template: charge it, weigh what it gets, check what it makes."""
        _charge(_STEP)
        what = "a call"
        if isinstance(__obj, jinja2.runtime.LoopContext) and args:
            # loop(items) in a recursive for: its items cost a step each, too.
            args = (_metered(args[0], _STEP), *args[1:])
        elif not isinstance(__obj, jinja2.runtime.Macro):
            bound = getattr(__obj, "__self__", None)
            _charge(_CHAR * _weigh_all((bound, *args, *kwargs.values()), what))
        result = super().call(__context, __obj, *args, **kwargs)
        return _admit(result, what)


_BINOPS: Final[Mapping[str, Callable[[Any, Any], Any]]] = {
    "**": operator.pow,
    "*": operator.mul,
    "%": operator.mod,
    "+": operator.add,
    "//": operator.floordiv,
}


def _finalize(value: Any) -> Any:
    if value is None:
        raise NoneOutputError
    return value


class NoneOutputError(Exception):
    """A template printed ``None``: an optional value it did not guard."""


def trusted_environment(stack: PackStack, paths: dict[str, str]) -> jinja2.Environment:
    """Return the environment for the built-in pack alone.

    Args:
        stack: A stack of trusted packs.
        paths: Filled with template file paths and names, for error messages.

    Returns:
        A plain Jinja2 environment: strict undefined values, kept trailing
        newlines, autoescaping for ``.html.j2`` templates.
    """
    return jinja2.Environment(
        loader=PackLoader(stack, paths),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=_autoescape,  # noqa: S701 - on for .html templates, by output format
        finalize=_finalize,
        cache_size=-1,
        auto_reload=False,
    )


def _guarded_finalize(value: Any) -> Any:
    if value is None:
        raise NoneOutputError
    size = _weigh(value, "printing a value")
    _charge(size * _CHAR)
    return value


def guarded_environment(stack: PackStack, paths: dict[str, str]) -> jinja2.Environment:
    """Return the sandboxed environment for a stack with user packs.

    Args:
        stack: The packs, user packs over the built-in one.
        paths: Filled with template file paths and names, for error messages.

    Returns:
        The guarded immutable sandbox, configured as the trusted one. Its
        templates render only inside :func:`budget`.
    """
    env = _GuardedSandbox(
        loader=PackLoader(stack, paths),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=_autoescape,
        finalize=_guarded_finalize,
        cache_size=-1,
        auto_reload=False,
        # Folding constants would run filters while compiling, outside the budget.
        optimized=False,
    )
    for name in _REFUSED_GLOBALS:
        env.globals.pop(name, None)
    env.filters = {
        name: _refused_filter(name) if name in _REFUSED_FILTERS else _guarded_filter(name, func)
        for name, func in env.filters.items()
    }
    tests: Mapping[str, Callable[..., Any]] = env.tests  # type: ignore[assignment]
    env.tests = {name: _guarded_test(name, func) for name, func in tests.items()}
    return env


def _autoescape(name: str | None) -> bool:
    # By output format: the part before ".j2" names it.
    return name is not None and name.removesuffix(".j2").endswith((".html", ".htm"))
