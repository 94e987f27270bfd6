"""Tests that imports point only down the layers of docs/explanation/layers.md."""

import ast
import pathlib

import pytest

import infointerview as ii

PACKAGE = pathlib.Path(ii.__file__).parent

#: Each top-level part of the package and its layer: a module may import its
#: own layer and the layers below, never one above.
LAYERS = {
    "exceptions": 0,
    "typing": 0,
    "_public": 0,
    "_version": 0,
    "_models": 1,
    "samples": 1,
    "_packs": 2,
    "_schedule": 3,
    "etiquette": 4,
    "_questions": 5,
    "_render": 6,
    "_lint": 7,
    "batch": 8,
    "_batch": 8,
    "_cli": 9,
    "_serve": 9,
    "__main__": 9,
}
#: The front ends run over the public API: these are all they may import.
PUBLIC = {"infointerview", *(f"infointerview.{m}" for m in ii._SUBMODULES)}
FRONT_ENDS = {"_cli", "_serve", "batch", "_batch", "__main__"}


def _part(module: str) -> str:
    """The top-level part of a dotted module name under infointerview."""
    return module.split(".")[1] if "." in module else ""


def _imports(path: pathlib.Path) -> set[str]:
    """Every infointerview module *path* imports, at the top or inside a function."""
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for block in ast.walk(tree):  # imports for type checkers alone cost nothing at run time
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test):
            block.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "infointerview"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "infointerview":
                continue
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                # ``from pkg import sub`` imports a module when sub is one
                is_module = _part(full) and full.count(".") == 1 and full.split(".")[1] in LAYERS
                found.add(full if is_module else node.module)
    return found


def _modules() -> list[pathlib.Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE
    )


def _name(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("path", _modules(), ids=_name)
class TestLayers:
    def test_every_part_has_a_layer(self, path):
        """Every module belongs to a part named in the layer table."""
        assert _part(_name(path)) in LAYERS

    def test_imports_point_down(self, path):
        """No module imports a part from a layer above its own, or the facade from below."""
        own = _part(_name(path))
        for imported in _imports(path):
            if imported in PUBLIC and own in FRONT_ENDS | {"_lint"}:
                continue
            target = _part(imported)
            assert target, f"{_name(path)} imports the package facade {imported!r}"
            assert LAYERS[target] <= LAYERS[own], f"{_name(path)} imports {imported} (a layer up)"

    def test_front_ends_import_only_public_names(self, path):
        """The CLI, the service and batch use the public API and their own modules only."""
        own = _part(_name(path))
        if own not in FRONT_ENDS:
            return
        allowed = PUBLIC | {f"infointerview.{own}"}
        private = {
            m
            for m in _imports(path)
            if m not in allowed
            and not m.startswith(f"infointerview.{own}.")
            and not (own == "_cli" and m.startswith("infointerview._serve."))
            and not (own == "__main__" and m == "infointerview._cli.main")
            and not (own in {"_cli", "batch"} and m.startswith("infointerview._batch"))
            and not (own == "_batch" and m == "infointerview.batch")
        }
        assert set() == private, _name(path)
