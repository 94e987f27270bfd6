"""Tests for the public namespace: its names, its version and its documentation."""

from __future__ import annotations

import importlib.metadata
import pathlib
import subprocess
import sys
import types

import infointerview as ii

ROOT = pathlib.Path(__file__).resolve().parents[1]


class TestNamespace:
    def test_all_is_sorted(self):
        """__all__ is sorted, so additions show up clearly in review."""
        assert sorted(ii.__all__) == ii.__all__

    def test_all_matches_public_names(self):
        """__all__ lists exactly the public names of the package."""
        public = {
            name
            for name, value in vars(ii).items()
            if not name.startswith("_")
            and not (
                isinstance(value, types.ModuleType)
                and value.__name__.split(".")[-1].startswith("_")
            )
            and name != "annotations"
        }
        assert public | {"__version__"} == set(ii.__all__)

    def test_every_public_name_has_a_docstring(self):
        """Every public class and function documents itself."""
        for name in ii.__all__:
            value = getattr(ii, name)
            if callable(value) or isinstance(value, types.ModuleType):
                assert (value.__doc__ or "").strip(), name

    def test_every_public_name_is_in_the_api_reference(self):
        """The Sphinx API reference documents every public name."""
        reference = (ROOT / "docs" / "reference" / "api.md").read_text(encoding="utf-8")
        for name in ii.__all__:
            in_exceptions = f"infointerview.exceptions.{name}" in reference
            assert f"infointerview.{name}" in reference or in_exceptions, name


class TestVersion:
    def test_version_comes_from_metadata(self):
        """__version__ is the installed distribution's version, not a literal."""
        assert importlib.metadata.version("infointerview") == ii.__version__


class TestImportCost:
    def test_import_does_not_load_jinja2(self):
        """Importing the package does not import Jinja2: checks alone stay cheap."""
        code = "import sys, infointerview; print('jinja2' in sys.modules)"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "False"
