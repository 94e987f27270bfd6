"""The Jinja2 environments the renderer uses: trusted, and sandboxed for user packs.

This module imports Jinja2 at import time; only :mod:`infointerview._render.renderer`
imports it, and only when a renderer is built, so ``import infointerview``
stays free of Jinja2.

Jinja2's immutable sandbox stops attribute walks and mutation, but it bounds
neither CPU nor memory. The guarded sandbox here adds, per render:

* a step budget charged by every loop iteration and every call, so nested
  loops and runaway (or exponential) macro recursion stop early;
* size checks on ``**``, ``*``, ``%``, ``+``, ``~`` and every filter, so no
  single value grows past :data:`MAX_VALUE` characters (or items), and integer
  powers and products stay small;
* no ``str.format``/``format_map``, no padding methods (``center``,
  ``ljust``, ``zfill``, …) and only an allow-list of plain string methods;
* none of the ``lipsum``, ``cycler``, ``joiner`` or ``namespace`` globals.

It is defence in depth, not a hard limit: a platform that renders packs from
untrusted authors should also run the rendering in a worker process with a
time and memory limit.
"""

from __future__ import annotations

import contextvars
import functools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

import jinja2
import jinja2.nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment

from infointerview._packs.packs import PackStack
from infointerview.exceptions import TemplateSecurityError

__all__ = [
    "MAX_STEPS",
    "MAX_VALUE",
    "NoneOutputError",
    "PackLoader",
    "budget",
    "check_name",
    "guarded_environment",
    "trusted_environment",
]

#: Most characters (or list items) any one value in a sandboxed template may hold.
MAX_VALUE: Final = 200_000
#: Most loop iterations plus calls one sandboxed render may take.
MAX_STEPS: Final = 20_000
#: Most bits an integer computed in a sandboxed template may hold.
MAX_INT_BITS: Final = 4_096

_SEGMENT: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)*")
# printf-style conversions: refuse a '*' width and any width or precision > 3 digits.
_PERCENT_WIDTH: Final = re.compile(r"%[-#0 +]*(?:\*|\d{4,})|%[-#0 +]*\d*\.(?:\*|\d{4,})")

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
_REFUSED_FILTERS: Final = ("center", "format", "indent", "filesizeformat", "random", "xmlattr")

#: The steps left in the current render; set by :func:`budget`.
_STEPS: contextvars.ContextVar[list[int]] = contextvars.ContextVar("infointerview_steps")


class budget:  # noqa: N801 - used as a context manager, like a function
    """Give the renders inside a ``with`` block a fresh step budget."""

    __slots__ = ("_token",)

    def __enter__(self) -> None:
        self._token = _STEPS.set([MAX_STEPS])

    def __exit__(self, *exc: object) -> None:
        _STEPS.reset(self._token)


def _charge(steps: int = 1) -> None:
    left = _STEPS.get(None)
    if left is None:
        return
    left[0] -= steps
    if left[0] < 0:
        raise TemplateSecurityError(
            f"the template took more than {MAX_STEPS} steps (loop iterations and calls); "
            "it may loop or recurse without end"
        )


def _size(value: object) -> int:
    if isinstance(value, str | list | tuple | dict | bytes):
        return len(value)
    return 0


def _check_size(value: Any, what: str) -> Any:
    if _size(value) > MAX_VALUE:
        raise TemplateSecurityError(
            f"{what} made a value of {_size(value)} characters or items; "
            f"the sandbox allows at most {MAX_VALUE}"
        )
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value.bit_length() > MAX_INT_BITS
    ):
        raise TemplateSecurityError(
            f"{what} made an integer of {value.bit_length()} bits; "
            f"the sandbox allows at most {MAX_INT_BITS}"
        )
    return value


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


class _GuardedCodeGenerator(CodeGenerator):
    """Compile loops and ``~`` so that the sandbox can meter them."""

    def visit_For(self, node: jinja2.nodes.For, frame: Frame) -> None:  # noqa: N802
        node.iter = jinja2.nodes.Call(
            jinja2.nodes.EnvironmentAttribute("guard_iter"), [node.iter], [], None, None
        )
        super().visit_For(node, frame)

    def visit_Concat(self, node: jinja2.nodes.Concat, frame: Frame) -> None:  # noqa: N802
        self.write("environment.guard_concat(")
        super().visit_Concat(node, frame)
        self.write(")")


def _guard_iter(iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        _charge()
        yield item


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _charge()
        return _check_size(func(*args, **kwargs), f"the filter {name!r}")

    return bounded


def _refused_filter(name: str) -> Callable[..., Any]:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise TemplateSecurityError(f"the filter {name!r} is not available to user packs")

    return refused


class _GuardedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with size and step limits."""

    code_generator_class = _GuardedCodeGenerator
    intercepted_binops = frozenset({"**", "*", "%", "+", "//"})
    guard_iter = staticmethod(_guard_iter)

    @staticmethod
    def guard_concat(value: Any) -> Any:
        return _check_size(value, "the '~' operator")

    def call_binop(
        self, context: jinja2.runtime.Context, operator_: str, left: Any, right: Any
    ) -> Any:
        _charge()
        if operator_ == "**":
            if _is_int(left) and _is_int(right) and abs(left) > 1 and right > 0:
                if abs(left).bit_length() * right > MAX_INT_BITS:
                    raise TemplateSecurityError(
                        f"refused {left} ** {right}: the result would exceed {MAX_INT_BITS} bits"
                    )
            elif _is_int(right) and abs(right) > 1_000:
                raise TemplateSecurityError(f"refused a power with exponent {right}")
        elif operator_ == "*":
            for sequence, count in ((left, right), (right, left)):
                if _size(sequence) and _is_int(count) and _size(sequence) * count > MAX_VALUE:
                    raise TemplateSecurityError(
                        f"refused repeating a value of {_size(sequence)} characters or items "
                        f"{count} times; the sandbox allows at most {MAX_VALUE}"
                    )
        elif operator_ == "%" and isinstance(left, str) and _PERCENT_WIDTH.search(left):
            raise TemplateSecurityError(
                "refused a '%' format with a '*' or four-digit width or precision"
            )
        result = _BINOPS[operator_](left, right)
        return _check_size(result, f"the {operator_!r} operator")

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr not in _STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
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
        _charge()
        result = super().call(__context, __obj, *args, **kwargs)
        return _check_size(result, "a call")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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


def guarded_environment(stack: PackStack, paths: dict[str, str]) -> jinja2.Environment:
    """Return the sandboxed environment for a stack with user packs.

    Args:
        stack: The packs, user packs over the built-in one.
        paths: Filled with template file paths and names, for error messages.

    Returns:
        The guarded immutable sandbox, configured as the trusted one.
    """
    env = _GuardedSandbox(
        loader=PackLoader(stack, paths),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=_autoescape,
        finalize=_finalize,
        cache_size=-1,
        auto_reload=False,
    )
    for name in _REFUSED_GLOBALS:
        env.globals.pop(name, None)
    env.filters = {
        name: _refused_filter(name) if name in _REFUSED_FILTERS else _bounded_filter(name, func)
        for name, func in env.filters.items()
    }
    return env


def _autoescape(name: str | None) -> bool:
    # By output format: the part before ".j2" names it.
    return name is not None and name.removesuffix(".j2").endswith((".html", ".htm"))
