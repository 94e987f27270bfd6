"""Find, load and layer template packs.

A pack is a folder with a ``pack.toml`` manifest, Jinja2 templates named
``<what>/<variant>.<format>.j2`` and data files (TOML). The built-in pack is
the repository's top-level ``templates/`` folder and ships inside the wheel as
``infointerview/templates``. User packs are layered over it: what a user pack
defines wins, what it lacks falls through to the packs below it.

Packs from outside are untrusted. Loading one refuses file names outside a
safe character set, links that leave the pack, oversized files, and templates
that do not parse; rendering them happens in Jinja2's sandbox (see the
renderer). This module imports Jinja2 only when it parses templates, so code
that only reads pack data does not pay for it.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from infointerview._public import public
from infointerview.exceptions import MissingTemplateError, PackError

__all__ = ["MANIFEST", "Pack", "PackStack", "builtin_pack", "load_pack"]

#: The manifest every pack folder holds.
MANIFEST: Final = "pack.toml"
#: The manifest format this version of the library reads.
FORMAT: Final = 1
#: Largest file a pack may hold, in bytes.
MAX_FILE_BYTES: Final = 256 * 1024
#: Most files a pack may hold.
MAX_FILES: Final = 2_000

# One path segment: starts with a letter or digit, then letters, digits, dot,
# dash, underscore. No spaces, braces, quotes or dot-dot anywhere.
_SEGMENT: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)*")
_PACK_KEYS: Final = {"name", "description", "format", "version"}


@public
@attrs.frozen(kw_only=True)
class Pack:
    """One loaded template pack.

    Attributes:
        name: The pack's name, from its manifest.
        root: The folder it was loaded from.
        builtin: Whether it is the library's own (trusted) pack.
        manifest: The parsed ``pack.toml``, every table of it.
        files: Every file of the pack except the manifest, as POSIX paths
            relative to *root*, sorted.
    """

    name: str
    root: Path
    builtin: bool
    manifest: Mapping[str, Any] = attrs.field(repr=False)
    files: tuple[str, ...] = attrs.field(repr=False)

    @property
    def description(self) -> str:
        """The manifest's one-line description, or ``""``."""
        return str(self.manifest["pack"].get("description", ""))

    @property
    def templates(self) -> tuple[str, ...]:
        """The pack's template names (files ending in ``.j2``), sorted."""
        return tuple(name for name in self.files if name.endswith(".j2"))

    def has(self, name: str) -> bool:
        """Return whether the pack holds the file *name*.

        Args:
            name: A POSIX path relative to the pack's root.

        Returns:
            True when the pack has that file.
        """
        return name in self._file_set

    def read_text(self, name: str) -> str:
        """Return the text of the pack's file *name*.

        Args:
            name: A POSIX path relative to the pack's root.

        Returns:
            The file's text, decoded as UTF-8.

        Raises:
            PackError: The pack has no such file, or it is not UTF-8.
        """
        if not self.has(name):
            raise PackError(f"{self.root / name}: pack {self.name!r} has no such file")
        return _read(self.root / name)

    def read_toml(self, name: str) -> dict[str, Any]:
        """Return the parsed TOML file *name* of the pack.

        Args:
            name: A POSIX path relative to the pack's root.

        Returns:
            The parsed document.

        Raises:
            PackError: The pack has no such file, or it is not valid TOML
                (the message gives the line and column).
        """
        return _parse_toml(self.root / name, self.read_text(name))

    @functools.cached_property
    def _file_set(self) -> frozenset[str]:
        return frozenset(self.files)


@public
@attrs.frozen
class PackStack:
    """Packs layered one over another: the first that has a file wins.

    Attributes:
        packs: The packs, highest priority first; the built-in pack last.
    """

    packs: tuple[Pack, ...]

    @classmethod
    def over_builtin(cls, *packs: Pack | str | os.PathLike[str]) -> PackStack:
        """Layer user packs over the built-in pack.

        Args:
            *packs: Packs or pack folders, highest priority first.

        Returns:
            The stack, with the built-in pack at the bottom.

        Raises:
            PackError: A folder is not a valid pack.
        """
        loaded = tuple(p if isinstance(p, Pack) else load_pack(p) for p in packs)
        return cls((*loaded, builtin_pack()))

    def find(self, name: str) -> Pack:
        """Return the pack that provides the file *name*.

        Args:
            name: A POSIX path relative to a pack root.

        Returns:
            The highest-priority pack holding it.

        Raises:
            MissingTemplateError: No pack in the stack holds it.
        """
        for pack in self.packs:
            if pack.has(name):
                return pack
        searched = ", ".join(repr(pack.name) for pack in self.packs)
        raise MissingTemplateError(f"no pack provides {name!r} (searched {searched})")

    @property
    def templates(self) -> tuple[str, ...]:
        """Every template name any pack of the stack provides, sorted."""
        return tuple(sorted({name for pack in self.packs for name in pack.templates}))

    def table(self, key: str) -> dict[str, Any]:
        """Merge the manifest table *key* across the stack.

        Higher packs win key by key; nested tables merge the same way.

        Args:
            key: A top-level table of ``pack.toml``, such as ``"values"``.

        Returns:
            The merged table (empty when no pack has it).
        """
        merged: dict[str, Any] = {}
        for pack in reversed(self.packs):
            _merge(merged, pack.manifest.get(key, {}))
        return merged


def _merge(into: dict[str, Any], update: Mapping[str, Any]) -> None:
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = dict(value) if isinstance(value, Mapping) else value


@public
def load_pack(path: str | os.PathLike[str], *, check_templates: bool = True) -> Pack:
    """Load a user pack from a folder.

    Args:
        path: The pack's folder, holding ``pack.toml``.
        check_templates: Parse every template now, so a syntax error shows at
            load time rather than at first use.

    Returns:
        The pack, marked untrusted.

    Raises:
        PackError: The folder or manifest is missing or invalid, a file name
            is unsafe, a file is too large, or a template does not parse; the
            message names the file (and line).
    """
    if not isinstance(path, str | os.PathLike):
        raise PackError(f"a pack is named by its folder's path (a str or a Path), not {path!r}")
    return _load(Path(path), builtin=False, check_templates=check_templates)


@public
@functools.cache
def builtin_pack() -> Pack:
    """Return the built-in pack, loaded once.

    Returns:
        The library's own pack, marked trusted.

    Raises:
        PackError: The installation is broken and the pack is missing.
    """
    return _load(_builtin_root(), builtin=True, check_templates=False)


def _builtin_root() -> Path:
    # From a wheel the pack sits inside the package; from a source checkout
    # (an editable install) it is the repository's top-level templates/.
    installed = Path(str(importlib.resources.files("infointerview"))) / "templates"
    if (installed / MANIFEST).is_file():
        return installed
    checkout = Path(__file__).resolve().parents[3] / "templates"
    if (checkout / MANIFEST).is_file():
        return checkout
    raise PackError(
        f"the built-in template pack is missing (looked in {installed} and {checkout}); "
        "reinstall infointerview"
    )


def _load(root: Path, *, builtin: bool, check_templates: bool) -> Pack:
    if not root.is_dir():
        what = "does not exist" if not root.exists() else "is not a folder"
        raise PackError(f"{root}: {what}; a pack is a folder holding {MANIFEST}")
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        raise PackError(f"{manifest_path}: missing; every pack folder needs a {MANIFEST} manifest")
    manifest = _parse_toml(manifest_path, _read(manifest_path))
    name = _check_manifest(manifest_path, manifest)
    files = tuple(sorted(_walk(root)))
    pack = Pack(name=name, root=root, builtin=builtin, manifest=manifest, files=files)
    if check_templates:
        _parse_templates(pack)
    return pack


def _check_manifest(path: Path, manifest: dict[str, Any]) -> str:
    table = manifest.get("pack")
    if not isinstance(table, dict):
        raise PackError(f'{path}: needs a [pack] table, such as [pack] name = "my-centre"')
    unknown = sorted(set(table) - _PACK_KEYS)
    if unknown:
        raise PackError(
            f"{path}: unknown key pack.{unknown[0]}; [pack] takes {', '.join(sorted(_PACK_KEYS))}"
        )
    name = table.get("name")
    if not isinstance(name, str) or not _SEGMENT.fullmatch(name):
        raise PackError(
            f"{path}: pack.name must be a name of letters, digits, '-', '_' and '.', got {name!r}"
        )
    fmt = table.get("format", FORMAT)
    if fmt != FORMAT:
        raise PackError(f"{path}: pack.format is {fmt!r}; this version reads format {FORMAT}")
    for key in ("description", "version"):
        if key in table and not isinstance(table[key], str):
            raise PackError(f"{path}: pack.{key} must be a string, got {table[key]!r}")
    return name


def _walk(root: Path) -> Iterator[str]:
    resolved_root = root.resolve()
    count = 0
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not d.startswith((".", "__"))]
        for name in names:
            if name.startswith(".") or (name == MANIFEST and here == root):
                continue
            path = here / name
            relative = path.relative_to(root).as_posix()
            for segment in relative.split("/"):
                if not _SEGMENT.fullmatch(segment):
                    raise PackError(
                        f"{path}: unsafe file name {segment!r}; pack files are named with "
                        "letters, digits, '-', '_' and '.' only"
                    )
            if not path.resolve().is_relative_to(resolved_root):
                raise PackError(f"{path}: links outside the pack, which is refused")
            if path.stat().st_size > MAX_FILE_BYTES:
                raise PackError(f"{path}: larger than {MAX_FILE_BYTES} bytes, which is refused")
            count += 1
            if count > MAX_FILES:
                raise PackError(f"{root}: more than {MAX_FILES} files, which is refused")
            yield relative


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise PackError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise PackError(f"{path}: cannot be read ({error.strerror})") from None


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PackError(f"{path}: invalid TOML: {error}") from None


def _parse_templates(pack: Pack) -> None:
    # Imported here so that reading pack data never loads Jinja2.
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment()
    for name in pack.templates:
        path = pack.root / name
        try:
            env.parse(pack.read_text(name), name, str(path))
        except jinja2.TemplateSyntaxError as error:
            raise PackError(
                f"{path}:{error.lineno}: template syntax error: {error.message}"
            ) from None
