"""Sphinx configuration for the infointerview documentation."""

from __future__ import annotations

import os
import sys
from importlib.metadata import version as _version

# Local extensions: the etiquette rules reference is generated from the registry.
# The command-line reference is generated from the argument parser.
# The HTTP API reference is generated from the service's OpenAPI document.
sys.path.insert(0, os.path.abspath("_ext"))

project = "infointerview"
author = "infointerview developers"
copyright = "2026, infointerview developers"
release = _version("infointerview")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "rules_reference",
    "cli_reference",
    "openapi_reference",
]

# Intersphinx needs the network; CI builds offline. Set
# INFOINTERVIEW_DOCS_ONLINE=1 to link standard-library and attrs names.
if os.environ.get("INFOINTERVIEW_DOCS_ONLINE"):
    extensions.append("sphinx.ext.intersphinx")
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "attrs": ("https://www.attrs.org/en/stable/", None),
        "jinja2": ("https://jinja.palletsprojects.com/en/stable/", None),
    }

else:
    # Offline, references to the standard library and to the libraries we
    # build on cannot resolve; everything of our own still must.
    nitpick_ignore_regex = [
        (r"py:.*", r"(datetime|pathlib|os|collections\.abc|typing|enum|email|re|argparse)\..*"),
        (r"py:.*", r"(attrs|jinja2|markupsafe)\..*"),
        (r"py:.*", r"(pd|pandas)\..*"),
    ]
    nitpick_ignore_regex.append((r"py:.*", r"zoneinfo\..*"))

# infointerview.typing spells collections.abc as _abc, to keep its namespace clean.
nitpick_ignore_regex = [*globals().get("nitpick_ignore_regex", []), (r"py:class", r"_abc\..*")]
# A private type variable that autodoc shows in Document.memo's signature.
nitpick_ignore = [("py:class", "infointerview.etiquette._document._T")]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_preserve_defaults = True


# Public classes name ``infointerview`` (or ``infointerview.etiquette``) as
# their module, so autodoc resolves their string annotations there. The names
# those annotations use live in the defining private modules; lend them to the
# public modules for the docs build only (the package itself never has them).
def _lend_annotation_names() -> None:
    import importlib
    import sys as _sys

    from infointerview import _public

    for public in ("infointerview", "infointerview.etiquette"):
        module = importlib.import_module(public)
        for name in module.__all__:
            value = getattr(module, name)
            source = _public._DEFINED_IN.get(id(value))
            if source is None:
                continue
            for alias, target in vars(_sys.modules[source]).items():
                if alias not in vars(module) and not alias.startswith("__"):
                    setattr(module, alias, target)


_lend_annotation_names()
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True

html_theme = "furo"
html_title = "infointerview"

doctest_global_setup = "import infointerview as ii"
