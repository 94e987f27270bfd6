"""Sanitise HTML that did not come from the built-in pack, with nh3 (the ``html`` extra).

A career centre's own pack is trusted to write templates, but a platform may
take packs from its users, and a stored letter may have been edited since it
was rendered: HTML from either passes an allow-list (Ammonia, through nh3)
before it is handed back. Scripts, event handlers, ``javascript:`` links and
unknown tags go; text, structure, classes and a page's own styles stay.
"""

from __future__ import annotations

from typing import Any, Final

from infointerview.exceptions import MissingExtraError

__all__ = ["sanitize_fragment", "sanitize_page"]

# What a standalone page keeps beyond a fragment's tags: its title, character
# set and style sheet. The parser reads a page as a fragment, so <html>,
# <head> and <body> are dropped and a doctype is put back in front.
_PAGE_TAGS: Final = frozenset({"title", "meta", "style"})


def _nh3(feature: str) -> Any:
    try:
        import nh3
    except ImportError:
        raise MissingExtraError(feature, "html") from None
    return nh3


def sanitize_fragment(markup: str, *, feature: str = "HTML templates from a user pack") -> str:
    """Return *markup* with everything but safe tags and attributes removed.

    Args:
        markup: An HTML fragment.
        feature: What needs the sanitiser, named in the error when nh3 is missing.

    Returns:
        The sanitised fragment.

    Raises:
        MissingExtraError: The ``html`` extra is not installed.
    """
    return str(_nh3(feature).clean(markup))


def sanitize_page(markup: str) -> str:
    """Return a standalone HTML page with everything but safe markup and its styles removed.

    Args:
        markup: A whole page, doctype to ``</html>``.

    Returns:
        The sanitised page, starting with ``<!doctype html>``.

    Raises:
        MissingExtraError: The ``html`` extra is not installed.
    """
    nh3 = _nh3("HTML templates from a user pack")
    attributes = {
        **nh3.ALLOWED_ATTRIBUTES,
        "*": {"class", "lang", "dir"},
        "meta": {"charset"},
    }
    body = nh3.clean(
        markup,
        tags=nh3.ALLOWED_TAGS | _PAGE_TAGS,
        clean_content_tags={"script"},
        attributes=attributes,
    )
    return "<!doctype html>\n" + str(body)
