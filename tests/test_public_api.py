"""Tests for the public namespace: its names, its modules, its version and its import cost."""

import ast
import importlib
import importlib.metadata
import json
import pathlib
import pickle
import subprocess
import sys
import types

import pytest

import infointerview as ii

ROOT = pathlib.Path(__file__).resolve().parents[1]
PUBLIC_MODULES = ["infointerview", *(f"infointerview.{m}" for m in ii._SUBMODULES)]


def _public_names(module: types.ModuleType) -> set[str]:
    """The names a module shows a user: everything but underscored ones (the httpx test)."""
    return {name for name in vars(module) if not name.startswith("_")}


class TestNamespace:
    @pytest.mark.parametrize("name", PUBLIC_MODULES)
    def test_public_names_are_exactly_all(self, name):
        """Once every exported name is loaded, the public names are exactly __all__."""
        module = importlib.import_module(name)
        for exported in module.__all__:
            getattr(module, exported)
        assert set(module.__all__) - {"__version__"} == _public_names(module)

    def test_dir_lists_the_lazy_names(self):
        """dir() shows every public name before any is loaded."""
        assert set(ii.__all__) <= set(dir(ii))

    def test_unknown_name_is_an_attribute_error(self):
        """A misspelt name raises AttributeError naming it."""
        with pytest.raises(AttributeError, match="Chekcer"):
            ii.Chekcer  # noqa: B018

    def test_stub_names_the_same_things(self):
        """__init__.pyi, read by type checkers, imports each name from where __init__ loads it."""
        stub = ast.parse((ROOT / "src" / "infointerview" / "__init__.pyi").read_text())
        from_stub = {
            alias.name: node.module
            for node in stub.body
            if isinstance(node, ast.ImportFrom) and node.module != "infointerview"
            for alias in node.names
        }
        assert ii._EXPORTS == from_stub

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


class TestPublicModules:
    @pytest.mark.parametrize("name", PUBLIC_MODULES)
    def test_exports_name_a_public_module(self, name):
        """Every exported class and function names a public module, not a private one."""
        module = importlib.import_module(name)
        for exported in module.__all__:
            value = getattr(module, exported)
            ours = getattr(value, "__module__", "").startswith("infointerview")
            if isinstance(value, type | types.FunctionType) and ours:
                assert value.__module__ in PUBLIC_MODULES, (exported, value.__module__)

    @pytest.mark.parametrize(
        "value",
        [
            ii.Config(select={"no-job-ask"}),
            ii.samples.contact(),
            ii.samples.meeting(),
            ii.Severity.ERROR,
            ii.etiquette.Example(text="Are you hiring?"),
        ],
        ids=type,
    )
    def test_pickles_name_public_paths(self, value):
        """A pickle records the public path, so moving the code never breaks stored objects."""
        data = pickle.dumps(value)
        assert b"infointerview._" not in data
        assert value == pickle.loads(data)


class TestVersion:
    def test_version_comes_from_metadata(self):
        """__version__ is the installed distribution's version, not a literal."""
        assert importlib.metadata.version("infointerview") == ii.__version__


def _loaded_by(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running *code*."""
    probe = f"import sys, json; {code}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


class TestImportCost:
    HEAVY = ("jinja2", "dateutil", "email", "importlib.metadata", "attrs", "tomllib")

    def test_import_loads_nothing_heavy(self):
        """`import infointerview` loads none of the library's dependencies, nor its own modules."""
        loaded = _loaded_by("import infointerview")
        assert set() == {m for m in loaded if m.split(".")[0] in {"jinja2", "dateutil", "attrs"}}
        assert set() == {m for m in loaded if m in self.HEAVY}
        assert {"infointerview"} == {m for m in loaded if m.startswith("infointerview")}

    def test_checking_does_not_load_jinja2(self):
        """A platform that only checks text never pays for Jinja2 or dateutil."""
        loaded = _loaded_by("import infointerview as ii; ii.check('Are you hiring?')")
        assert set() == {m for m in loaded if m.split(".")[0] in {"jinja2", "dateutil"}}

    def test_version_flag_loads_no_renderer(self):
        """`infointerview --version` answers without importing Jinja2."""
        loaded = _loaded_by(
            "import contextlib, io; from infointerview._cli.main import main; "
            "stack = contextlib.redirect_stdout(io.StringIO()); stack.__enter__(); "
            "code = main(['--version']); stack.__exit__(None, None, None)"
        )
        assert set() == {m for m in loaded if m.split(".")[0] in {"jinja2", "dateutil"}}
