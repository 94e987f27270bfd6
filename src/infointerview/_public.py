"""Mark a class or function as public API, named by its public module.

Public names are defined in private modules and re-exported. Marking them
sets ``__module__`` to the public path, so reprs, documentation and pickles
name ``infointerview.Contact`` rather than the module it happens to live in,
and the code can move without breaking stored pickles.
"""

import sys
from collections.abc import Callable
from types import ModuleType
from typing import TypeVar, overload

_T = TypeVar("_T")

# Where each marked object was defined: filled while modules are imported,
# read by code that resolves a class's string annotations.
_DEFINED_IN: dict[int, str] = {}


@overload
def public(obj: _T, /) -> _T: ...


@overload
def public(*, module: str) -> Callable[[_T], _T]: ...


def public(obj: object = None, /, *, module: str = "infointerview") -> object:
    """Give a class or function a public module as its ``__module__``.

    Use it bare (``@public``) for names exported by :mod:`infointerview`, or
    as ``@public(module="infointerview.etiquette")`` for a public
    sub-package's names.

    Args:
        obj: The class or function.
        module: The public module that exports it.

    Returns:
        *obj* itself, or a decorator that marks it.
    """
    if obj is None:
        return lambda target: public(target, module=module)  # type: ignore[call-overload]
    _DEFINED_IN[id(obj)] = obj.__module__
    obj.__module__ = module
    return obj


def defining_module(obj: object) -> ModuleType:
    """Return the module whose source defines *obj*, whatever its public ``__module__``.

    Args:
        obj: A class or function.

    Returns:
        The module object, for resolving the names in its annotations.
    """
    name = _DEFINED_IN.get(id(obj), obj.__module__)
    return sys.modules[name]
