"""Find, load and layer template packs.

A pack is a folder with a ``pack.toml`` manifest, Jinja2 templates named
``<what>/<variant>.<format>.j2`` and data files (TOML). The built-in pack is
the repository's top-level ``templates/`` folder and ships inside the wheel as
``infointerview/templates``. User packs are layered over it: what a user pack
defines wins, what it lacks falls through to the packs below it.

Packs from outside are untrusted, and loading one must neither hang nor
exhaust the process. Loading a user pack therefore:

* opens regular files only, each checked with ``lstat`` before it is opened
  and with ``fstat`` after (opened without following links and without
  blocking, where the platform allows), so no link, FIFO, socket, device or
  hard link is read, even if one is swapped in while the pack loads;
* checks every size, count and depth cap below *before* parsing anything:
  the manifest's bytes, the nesting and key shape of every TOML file (one
  linear scan of the text), the number and size of files and templates, the
  depth of folders, the nesting of template blocks and brackets, and the
  amount of template code to parse (which bounds the time that parsing takes);
* checks every value the manifest holds against the type it must have.

Every refusal is a :class:`~infointerview.exceptions.PackError` naming the
file (and the key, template or line) and what would be valid. Rendering
happens in Jinja2's sandbox (see the renderer). This module imports Jinja2
only when it parses templates, so code that only reads pack data does not
pay for it.
"""

from __future__ import annotations

import errno
import functools
import importlib.resources
import json
import os
import re
import stat
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from infointerview._public import public
from infointerview.exceptions import MissingTemplateError, PackError, _short_repr

if TYPE_CHECKING:
    from jinja2 import nodes

__all__ = [
    "MANIFEST",
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "MAX_FOLDER_DEPTH",
    "MAX_KEY_CHARS",
    "MAX_KEY_SEGMENTS",
    "MAX_MANIFEST_BYTES",
    "MAX_PACK_BYTES",
    "MAX_TEMPLATES",
    "MAX_TEMPLATES_BYTES",
    "MAX_TEMPLATE_BYTES",
    "MAX_TEMPLATE_DEPTH",
    "MAX_TEMPLATE_NESTING",
    "MAX_TEMPLATE_TOKENS",
    "MAX_TOML_DEPTH",
    "Pack",
    "PackStack",
    "builtin_pack",
    "load_pack",
]

#: The manifest every pack folder holds.
MANIFEST: Final = "pack.toml"
#: The manifest format this version of the library reads.
FORMAT: Final = 1

# The caps on a user pack. The built-in pack, a complete one, holds 25 files
# and 21 templates in 43 KB, its largest template 4 KB, 17 KB of templates and
# 3,400 pieces of template code in all, nesting at most 3 deep and with syntax
# trees at most 8 deep; every cap leaves a real pack room to grow many times
# over.

#: Largest ``pack.toml``, in bytes.
MAX_MANIFEST_BYTES: Final = 64 * 1024
#: Largest data file (anything but a template or the manifest), in bytes.
MAX_FILE_BYTES: Final = 256 * 1024
#: Largest template, in bytes.
MAX_TEMPLATE_BYTES: Final = 64 * 1024
#: Most files a pack may hold, templates included.
MAX_FILES: Final = 500
#: Most templates (``.j2`` files) a pack may hold.
MAX_TEMPLATES: Final = 200
#: Most bytes all of a pack's files may hold together.
MAX_PACK_BYTES: Final = 4 * 1024 * 1024
#: Most bytes all of a pack's templates may hold together.
MAX_TEMPLATES_BYTES: Final = 512 * 1024
#: Most pieces of template code (names, numbers, operators and brackets inside
#: ``{{ }}`` and ``{% %}``, plus one for each run of text between tags) all of
#: a pack's templates may hold together. Parsing takes time in proportion to
#: these, so this cap, with ``MAX_TEMPLATES_BYTES``, bounds the time that
#: loading takes: a second or two at most on a laptop.
MAX_TEMPLATE_TOKENS: Final = 40_000
#: Deepest folder nesting below the pack's root (``outreach/`` is 1).
MAX_FOLDER_DEPTH: Final = 8
#: Deepest nesting of a TOML file: tables, dotted-key parts, arrays and inline
#: tables counted together (``[a.b]`` then ``c = [1]`` is 4 deep).
MAX_TOML_DEPTH: Final = 32
#: Longest TOML key (every part of a dotted key, with its dots), in characters.
MAX_KEY_CHARS: Final = 256
#: Most parts a dotted TOML key or table header may have (``a.b.c`` has 3).
MAX_KEY_SEGMENTS: Final = 16
#: Deepest nesting of a template's blocks (``{% if %}``, ``{% for %}``, …)
#: and brackets, counted together. Python itself refuses to compile more than
#: 20 nested loops.
MAX_TEMPLATE_NESTING: Final = 16
#: Deepest syntax tree a parsed template may have. A long chain such as
#: ``a + a + … + a`` or ``x|f|f|…|f`` nests one level per link; Python refuses
#: to compile the code of about 190 levels.
MAX_TEMPLATE_DEPTH: Final = 64

# Most directory entries (hidden ones too) loading looks at, so a folder of a
# million dot files cannot stall the walk.
_MAX_ENTRIES: Final = 10 * MAX_FILES

# One path segment: starts with a letter or digit, then letters, digits, dot,
# dash, underscore. No spaces, braces, quotes or dot-dot anywhere.
_SEGMENT: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)*")
_PACK_KEYS: Final = {"name", "description", "format", "version"}
_RENDER_KEYS: Final = {"fallback"}
# The top-level tables of pack.toml, and what each holds.
_TABLES: Final = {
    "pack": "the pack's name, description, version and format",
    "values": "words the templates use (strings, whole numbers or true/false)",
    "render": "how letters are rendered ([render.fallback])",
}
_SHOWN: Final = 60  # longest repr of a refused value in a message

# Flags that make open() refuse a link in the last path component, return at
# once on a FIFO instead of waiting for a writer, and never take a terminal.
_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)
_FILE_FLAGS: Final = (
    os.O_RDONLY
    | _NOFOLLOW
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_DIR_FLAGS: Final = (
    os.O_RDONLY | _NOFOLLOW | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
)
# Whether files can be opened relative to an open folder, one step at a time,
# so that no folder on the way can be swapped for a link.
_RELATIVE_OPEN: Final = os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd


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
            PackError: The pack has no such file, it is not UTF-8, it is over
                its size cap, or (in a user pack) it is not a regular file
                with one name, or it is a template nested more than
                ``MAX_TEMPLATE_NESTING`` deep.
        """
        if not self.has(name):
            raise PackError(f"{self.root / name}: pack {self.name!r} has no such file")
        text = _read_text(self.root, name, strict=not self.builtin)
        if name.endswith(".j2") and not self.builtin:
            # However the template reaches a parser, it is not nested too deeply for one.
            _scan_template(self.root / name, text)
        return text

    def read_toml(self, name: str) -> dict[str, Any]:
        """Return the parsed TOML file *name* of the pack.

        Args:
            name: A POSIX path relative to the pack's root.

        Returns:
            The parsed document.

        Raises:
            PackError: The pack has no such file, or it is not valid TOML
                (the message gives the line and column), or it is nested or
                keyed beyond the caps of ``MAX_TOML_DEPTH``,
                ``MAX_KEY_CHARS`` and ``MAX_KEY_SEGMENTS``.
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

        Raises:
            PackError: A pack's manifest holds *key* as something other than
                a table (possible only for a :class:`Pack` built by hand;
                :func:`load_pack` refuses such a manifest).
        """
        merged: dict[str, Any] = {}
        for pack in reversed(self.packs):
            table = pack.manifest.get(key, {})
            if not isinstance(table, Mapping):
                raise PackError(
                    f"{pack.root / MANIFEST}: {key} must be a table, such as [{key}], "
                    f"got {_shown(table)}"
                )
            _merge(merged, table)
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

    The folder named by *path* may be reached through a link; nothing inside
    it may be one. The caps on sizes, counts and nesting (listed in the
    reference page on the template pack format) are checked before anything
    is parsed.

    Args:
        path: The pack's folder, holding ``pack.toml``.
        check_templates: Parse every template now, so a syntax error shows at
            load time rather than at first use.

    Returns:
        The pack, marked untrusted.

    Raises:
        PackError: The folder or manifest is missing or invalid, a manifest
            value has the wrong type, a file name is unsafe, an entry is not
            a regular file or folder (a link, FIFO, socket, device or hard
            link), a file, count or nesting is over its cap, or a template
            does not parse; the message names the file (and the key,
            template or line) and what would be valid.
    """
    if not isinstance(path, str | os.PathLike):
        raise PackError(
            f"a pack is named by its folder's path (a str or a Path), not {_shown(path)}"
        )
    try:
        root = Path(path)
    except TypeError as error:  # an os.PathLike whose __fspath__ returns bytes
        raise PackError(f"a pack's path must be text, not {_shown(path)}: {error}") from None
    return _load(root, builtin=False, check_templates=check_templates)


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
    strict = not builtin
    try:
        # Followed on purpose: the caller chose this path, links and all.
        info = os.stat(root)
    except FileNotFoundError:
        raise PackError(f"{root}: does not exist; a pack is a folder holding {MANIFEST}") from None
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        raise PackError(f"{root}: cannot be read ({_reason(error)})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise PackError(f"{root}: is not a folder; a pack is a folder holding {MANIFEST}")
    manifest_path = root / MANIFEST
    if not os.path.lexists(manifest_path):
        raise PackError(f"{manifest_path}: missing; every pack folder needs a {MANIFEST} manifest")
    manifest = _parse_toml(manifest_path, _read_text(root, MANIFEST, strict=strict))
    name = _check_manifest(manifest_path, manifest)
    files = tuple(sorted(_walk(root, strict=strict)))
    pack = Pack(name=name, root=root, builtin=builtin, manifest=manifest, files=files)
    if strict:
        # Imported here: the channels module reads packs, so it imports this one.
        from infointerview._packs.channels import check_channels_file

        check_channels_file(pack)
    if check_templates:
        _parse_templates(pack)
    return pack


# --- the manifest -----------------------------------------------------------------


def _check_manifest(path: Path, manifest: dict[str, Any]) -> str:
    table = manifest.get("pack")
    if not isinstance(table, dict):
        raise PackError(f'{path}: needs a [pack] table, such as [pack] name = "my-centre"')
    for key in manifest:
        if key == "channels":
            raise PackError(
                f"{path}: channels is not read from {MANIFEST}; channel limits go in the "
                "pack's channels.toml, as [channels.<channel>] tables"
            )
        if key not in _TABLES:
            known = "; ".join(f"[{table}] for {what}" for table, what in _TABLES.items())
            raise PackError(f"{path}: unknown table {key!r}; {MANIFEST} holds {known}")
        if not isinstance(manifest[key], dict):
            raise PackError(
                f"{path}: {key} must be a table, such as [{key}] on a line of its own, "
                f"got {_shown(manifest[key])}"
            )
    unknown = sorted(set(table) - _PACK_KEYS)
    if unknown:
        raise PackError(
            f"{path}: unknown key pack.{_key(unknown[0])}; [pack] takes "
            f"{', '.join(sorted(_PACK_KEYS))}"
        )
    name = table.get("name")
    if not isinstance(name, str) or not _SEGMENT.fullmatch(name):
        raise PackError(
            f"{path}: pack.name must be a name of letters, digits, '-', '_' and '.', "
            f"got {_shown(name)}"
        )
    fmt = table.get("format", FORMAT)
    if isinstance(fmt, bool) or not isinstance(fmt, int) or fmt != FORMAT:
        raise PackError(
            f"{path}: pack.format is {_shown(fmt)}; this version reads format {FORMAT} "
            f"(format = {FORMAT})"
        )
    for key in ("description", "version"):
        if key in table and not isinstance(table[key], str):
            raise PackError(f"{path}: pack.{key} must be a string, got {_shown(table[key])}")
    for key, value in manifest.get("values", {}).items():
        if not isinstance(value, str | int):  # bool is an int
            raise PackError(
                f"{path}: values.{_key(key)} must be a string, a whole number or "
                f"true/false, got {_shown(value)}"
            )
    _check_render(path, manifest.get("render", {}))
    return name


def _check_render(path: Path, table: dict[str, Any]) -> None:
    unknown = sorted(set(table) - _RENDER_KEYS)
    if unknown:
        raise PackError(
            f"{path}: unknown key render.{_key(unknown[0])}; [render] takes "
            f"{', '.join(sorted(_RENDER_KEYS))}"
        )
    fallback = table.get("fallback", {})
    if not isinstance(fallback, dict):
        raise PackError(
            f"{path}: render.fallback must be a table of template names, such as "
            f'[render.fallback] "outreach/linkedin-note" = "outreach/linkedin-note-minimal", '
            f"got {_shown(fallback)}"
        )
    for key, value in fallback.items():
        if not _is_name(key):
            raise PackError(
                f"{path}: render.fallback key {_shown(key)} must be a template name such as "
                "\"outreach/linkedin-note\" (segments of letters, digits, '-', '_' and '.')"
            )
        if not isinstance(value, str) or not _is_name(value):
            raise PackError(
                f"{path}: render.fallback.{_key(key)} must be a template name such as "
                f'"outreach/linkedin-note-minimal", got {_shown(value)}'
            )


def _is_name(name: str) -> bool:
    return all(_SEGMENT.fullmatch(segment) for segment in name.split("/"))


def _key(key: str) -> str:
    # A key as TOML would write it: bare when it can be, quoted otherwise.
    if re.fullmatch(r"[A-Za-z0-9_\-]+", key):
        return key
    quoted = json.dumps(key, ensure_ascii=False)
    return quoted if len(quoted) <= _SHOWN else f"{quoted[: _SHOWN - 5]}…{quoted[-4:]}"


def _shown(value: object) -> str:
    # The repr of a refused value, cut to fit on one line of a message; the
    # bounded repr never walks into a value nested deeper than two levels.
    text = _short_repr(value)
    return text if len(text) <= _SHOWN else f"{text[: _SHOWN - 5]}…{text[-4:]}"


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


# --- the files ----------------------------------------------------------------------


def _walk(root: Path, *, strict: bool) -> Iterator[str]:
    # Breadth by breadth with a list, never by recursion, so no nesting of
    # folders can exhaust the stack; the depth cap stops it well before that.
    count = templates = template_bytes = total = entries = 0
    pending: list[tuple[str, int]] = [("", 0)]
    while pending:
        folder, depth = pending.pop()
        here = root / folder if folder else root
        try:
            with os.scandir(here) as scan:
                listing = list(_bounded(scan, _MAX_ENTRIES - entries, root))
        except OSError as error:
            raise PackError(f"{here}: cannot be read ({_reason(error)})") from None
        entries += len(listing)
        for entry in listing:
            name = entry.name
            if name.startswith(".") or (name == MANIFEST and not folder):
                continue
            relative = f"{folder}/{name}" if folder else name
            path = here / name
            mode, links, size = _entry_info(entry, path, strict=strict)
            if stat.S_ISDIR(mode):
                if name.startswith("__"):
                    continue  # __pycache__ and the like
                _check_segment(path, name)
                if depth + 1 > MAX_FOLDER_DEPTH:
                    raise PackError(
                        f"{path}: folders nested more than {MAX_FOLDER_DEPTH} deep; a pack "
                        f"keeps its files at most {MAX_FOLDER_DEPTH} folders below its root"
                    )
                pending.append((relative, depth + 1))
                continue
            _check_regular(path, mode, links, strict=strict)
            _check_segment(path, name)
            limit = _size_limit(relative)
            if size > limit:
                raise PackError(
                    f"{path}: {size} bytes, larger than {limit}; a {_kind(relative)} "
                    f"holds at most {limit} bytes"
                )
            count += 1
            if count > MAX_FILES:
                raise PackError(f"{root}: more than {MAX_FILES} files; a pack holds at most that")
            if name.endswith(".j2"):
                templates += 1
                template_bytes += size
                if templates > MAX_TEMPLATES:
                    raise PackError(
                        f"{root}: more than {MAX_TEMPLATES} templates; a pack holds at most that"
                    )
                if template_bytes > MAX_TEMPLATES_BYTES:
                    raise PackError(
                        f"{root}: its templates hold more than {MAX_TEMPLATES_BYTES} bytes "
                        "together; a pack holds at most that"
                    )
            total += size
            if total > MAX_PACK_BYTES:
                raise PackError(
                    f"{root}: its files hold more than {MAX_PACK_BYTES} bytes together; "
                    "a pack holds at most that"
                )
            yield relative


def _bounded(
    scan: Iterator[os.DirEntry[str]], room: int, root: Path
) -> Iterator[os.DirEntry[str]]:
    for index, entry in enumerate(scan):
        if index >= room:
            raise PackError(
                f"{root}: more than {_MAX_ENTRIES} folder entries (hidden ones included); "
                f"a pack holds at most {MAX_FILES} files"
            )
        yield entry


def _entry_info(entry: os.DirEntry[str], path: Path, *, strict: bool) -> tuple[int, int, int]:
    # A user pack's entries are looked at where they are (lstat); the
    # built-in pack's are followed, so an installer may link its files.
    try:
        info = entry.stat(follow_symlinks=not strict)
    except OSError as error:
        raise PackError(f"{path}: cannot be read ({_reason(error)})") from None
    return info.st_mode, info.st_nlink, info.st_size


def _check_segment(path: Path, segment: str) -> None:
    if not _SEGMENT.fullmatch(segment):
        raise PackError(
            f"{path}: unsafe file name {_shown(segment)}; pack files are named with "
            "letters, digits, '-', '_' and '.' only"
        )


def _check_regular(path: Path, mode: int, links: int, *, strict: bool) -> None:
    if not stat.S_ISREG(mode):
        raise PackError(
            f"{path}: is {_describe(mode)}; a pack holds only regular files and folders "
            "(no links, pipes, sockets or devices)"
        )
    if strict and links > 1:
        raise PackError(
            f"{path}: has {links} hard links; each file of a pack must have just one name "
            "(copy the file rather than linking it)"
        )


def _describe(mode: int) -> str:
    kinds = (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    )
    return next((what for test, what in kinds if test(mode)), "not a regular file")


def _size_limit(relative: str) -> int:
    if relative == MANIFEST:
        return MAX_MANIFEST_BYTES
    return MAX_TEMPLATE_BYTES if relative.endswith(".j2") else MAX_FILE_BYTES


def _kind(relative: str) -> str:
    if relative == MANIFEST:
        return "manifest"
    return "template" if relative.endswith(".j2") else "data file"


def _read_text(root: Path, relative: str, *, strict: bool) -> str:
    path = root / relative
    data = _read_bytes(root, relative, strict=strict)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PackError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None


def _read_bytes(root: Path, relative: str, *, strict: bool) -> bytes:
    path = root / relative
    limit = _size_limit(relative)
    try:
        fd = _open(root, relative, strict=strict)
        try:
            data = _read_fd(fd, limit)
        finally:
            os.close(fd)
    except PackError:
        raise
    except FileNotFoundError:
        raise PackError(f"{path}: missing; it was listed when the pack loaded") from None
    except OSError as error:
        if error.errno == errno.ELOOP:  # O_NOFOLLOW met a link swapped in since the check
            raise PackError(
                f"{path}: is a symbolic link; a pack holds only regular files and folders"
            ) from None
        raise PackError(f"{path}: cannot be read ({_reason(error)})") from None
    if len(data) > limit:
        raise PackError(
            f"{path}: larger than {limit} bytes; a {_kind(relative)} holds at most {limit} bytes"
        )
    return data


def _open(root: Path, relative: str, *, strict: bool) -> int:
    # Return a descriptor open on the regular file root/relative, having
    # checked each step with lstat first and the opened file with fstat.
    path = root / relative
    if not strict:
        before = os.stat(path)
        _check_regular(path, before.st_mode, before.st_nlink, strict=False)
        fd = os.open(path, _FILE_FLAGS & ~_NOFOLLOW)
    elif _RELATIVE_OPEN:
        fd, before = _open_stepwise(root, relative)
    else:
        parts = relative.split("/")
        for index in range(1, len(parts)):
            step = root.joinpath(*parts[:index])
            info = os.lstat(step)
            if not stat.S_ISDIR(info.st_mode):
                raise PackError(f"{step}: is {_describe(info.st_mode)}; expected a folder")
        before = os.lstat(path)
        _check_regular(path, before.st_mode, before.st_nlink, strict=True)
        fd = os.open(path, _FILE_FLAGS)
    try:
        after = os.fstat(fd)
        if (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino):
            raise PackError(f"{path}: changed while the pack was loading; load it again")
        _check_regular(path, after.st_mode, after.st_nlink, strict=strict)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _open_stepwise(root: Path, relative: str) -> tuple[int, os.stat_result]:
    # Open each folder relative to the one before, refusing links at every
    # step, so no folder on the way can be swapped for a link to elsewhere.
    # The root itself is followed: the caller chose it.
    parts = relative.split("/")
    folder = os.open(
        root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    )
    try:
        step = root
        for part in parts[:-1]:
            step = step / part
            info = os.stat(part, dir_fd=folder, follow_symlinks=False)
            if not stat.S_ISDIR(info.st_mode):
                raise PackError(
                    f"{step}: is {_describe(info.st_mode)}; a pack's folders must be real "
                    "folders, not links"
                )
            inner = os.open(part, _DIR_FLAGS, dir_fd=folder)
            os.close(folder)
            folder = inner
        path = root / relative
        before = os.stat(parts[-1], dir_fd=folder, follow_symlinks=False)
        _check_regular(path, before.st_mode, before.st_nlink, strict=True)
        return os.open(parts[-1], _FILE_FLAGS, dir_fd=folder), before
    finally:
        os.close(folder)


def _read_fd(fd: int, limit: int) -> bytes:
    # Read at most limit + 1 bytes, so a file that grew past its cap since it
    # was listed is caught without reading all of it.
    chunks: list[bytes] = []
    room = limit + 1
    while room > 0:
        chunk = os.read(fd, min(room, 64 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        room -= len(chunk)
    return b"".join(chunks)


# --- TOML -------------------------------------------------------------------------

# What the TOML scan stops at: strings (multi-line first), comments, brackets,
# braces, and the characters that end or split keys.
_TOML_MARK: Final = re.compile(r"\"\"\"|'''|[\"'#\[\]{},=.\n]")
_TOML_STRING_END: Final = {
    '"': re.compile(r'(?:[^"\\\n]|\\[^\n])*"'),
    "'": re.compile(r"[^'\n]*'"),
    '"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*"""(?:"{0,2})', re.DOTALL),
    "'''": re.compile(r"(?:[^']|'(?!''))*'''(?:'{0,2})", re.DOTALL),
}


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    _scan_toml(path, text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PackError(f"{path}: invalid TOML: {error}") from None
    except ValueError as error:  # an integer past Python's digit limit
        raise PackError(f"{path}: invalid TOML value: {error}") from None
    except RecursionError:  # the scan refuses this first; kept as a backstop
        raise PackError(
            f"{path}: nested too deeply; TOML in a pack nests at most {MAX_TOML_DEPTH} deep"
        ) from None


def _scan_toml(path: Path, text: str) -> None:
    """Refuse TOML nested or keyed beyond the caps, in one pass before parsing.

    The scan follows TOML's lexical structure just far enough to know, at
    each bracket, brace, dot and equals sign, whether it stands in a key, a
    table header or a value: it skips strings and comments, counts the parts
    of every key and header, and tracks how deep the arrays and inline tables
    of values nest. Where the text stops being valid TOML it stops, and leaves
    the error to the parser, which cannot get past that point either.

    Args:
        path: The file, for messages.
        text: Its text.

    Raises:
        PackError: A key is longer than ``MAX_KEY_CHARS`` or has more than
            ``MAX_KEY_SEGMENTS`` parts, or the nesting passes
            ``MAX_TOML_DEPTH``.
    """
    # Levels: the document's root table is level 0; a key of n parts in a
    # table at level L puts its value at level L + n; an array at level L
    # holds its items at level L + 1; an inline table at level L holds its
    # keys as a table at level L does. Each open array or inline table is
    # kept as (is_table, its level).
    stack: list[tuple[bool, int]] = []
    in_key = True  # at the start of a line, or after "{" or "," in an inline table
    in_header = False
    key_start = 0  # where the current key (or table name) began
    parts = 1  # parts of the current key or table name so far
    table_level = 0  # the level of the current [table]
    base = 0  # the level of the table the current key belongs to
    level = 0  # the level the next value sits at
    position = 0
    while (mark := _TOML_MARK.search(text, position)) is not None:
        sign, position = mark.group(), mark.end()
        if sign in _TOML_STRING_END:
            end = _TOML_STRING_END[sign].match(text, position)
            if end is None:
                return  # an unterminated string: the parser reports it
            position = end.end()
        elif sign == "#":
            newline = text.find("\n", position)
            position = len(text) if newline < 0 else newline
        elif sign == "\n":
            if not stack:
                in_key, in_header, key_start, parts, base = True, False, position, 1, table_level
        elif in_header:
            if sign == ".":
                parts = _count_part(path, text, mark.start(), parts)
            elif sign == "]":
                _check_key(path, text, key_start, mark.start(), parts)
                table_level = parts
                if text.startswith("]", position):  # [[an.array.of.tables]]
                    position += 1
                    table_level = _deeper(path, text, mark.start(), parts + 1)
                in_header = False  # anything else on the line is an error for the parser
        elif in_key:
            if sign == ".":
                parts = _count_part(path, text, mark.start(), parts)
            elif sign == "=":
                _check_key(path, text, key_start, mark.start(), parts)
                level = _deeper(path, text, mark.start(), base + parts)
                in_key = False
            elif sign == "[" and not stack and not text[key_start : mark.start()].strip():
                in_header, key_start, parts = True, position, 1
                if text.startswith("[", position):
                    key_start = position = position + 1
            elif sign == "}" and stack and stack[-1][0]:  # an empty inline table
                level = _close(stack)
                in_key = False
        elif sign in "[{":
            _deeper(path, text, mark.start(), level)
            stack.append((sign == "{", level))
            if sign == "{":
                in_key, key_start, parts, base = True, position, 1, level
            else:
                level += 1
        elif sign in "]}" and stack:
            level = _close(stack)
        elif sign == "," and stack and stack[-1][0]:
            in_key, key_start, parts, base = True, position, 1, stack[-1][1]


def _close(stack: list[tuple[bool, int]]) -> int:
    # Close the innermost array or inline table; return the level the next
    # value sits at (an item of the array around it, if there is one).
    stack.pop()
    if stack and not stack[-1][0]:
        return stack[-1][1] + 1
    return stack[-1][1] if stack else 0


def _count_part(path: Path, text: str, at: int, parts: int) -> int:
    parts += 1
    if parts > MAX_KEY_SEGMENTS:
        raise PackError(
            f"{path}:{_line(text, at)}: a dotted key or table name of more than "
            f"{MAX_KEY_SEGMENTS} parts; keys in a pack have at most {MAX_KEY_SEGMENTS}"
        )
    return parts


def _check_key(path: Path, text: str, start: int, end: int, parts: int) -> None:
    length = len(text[start:end].strip())
    if length > MAX_KEY_CHARS:
        raise PackError(
            f"{path}:{_line(text, start)}: a key or table name of {length} characters; "
            f"keys in a pack hold at most {MAX_KEY_CHARS}"
        )
    _deeper(path, text, start, parts)


def _deeper(path: Path, text: str, at: int, depth: int) -> int:
    if depth > MAX_TOML_DEPTH:
        raise PackError(
            f"{path}:{_line(text, at)}: nested more than {MAX_TOML_DEPTH} deep (tables, "
            f"dotted keys, arrays and inline tables together); TOML in a pack nests at most "
            f"{MAX_TOML_DEPTH} deep"
        )
    return depth


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


# --- templates ----------------------------------------------------------------------

# What the template scan stops at, outside tags, inside them, and after raw.
_TAG_OPEN: Final = re.compile(r"\{[{%#]")
_TAG_MARK: Final = re.compile(r"[\"'(\[{)\]}]|%\}")
_TAG_NAME: Final = re.compile(r"[-+]?\s*([A-Za-z_][A-Za-z0-9_]*)")
_JINJA_STRING_END: Final = {
    "'": re.compile(r"(?:[^'\\]|\\.)*'", re.DOTALL),
    '"': re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL),
}
_CODE_PIECE: Final = re.compile(r"\w+|[^\w\s]")
_RAW_END: Final = re.compile(r"\{%[-+]?\s*endraw\s*[-+]?%\}")
# Tags that open a block closed by an end tag. A "set" opens one only when it
# assigns no value ({% set x %}…{% endset %}).
_OPENERS: Final = frozenset(
    {"autoescape", "block", "call", "filter", "for", "if", "macro", "trans", "with"}
)


def _scan_template(path: Path, source: str) -> int:
    """Refuse a template nested beyond the cap, in one pass before parsing.

    The scan finds every ``{{ }}``, ``{% %}`` and ``{# #}`` tag as Jinja2's
    lexer does (a tag ends only where its brackets balance, strings are
    skipped, ``{% raw %}`` text is not code), counts how deep blocks and
    brackets nest, and counts the pieces of code the parser will read. Where
    the text stops being a valid template it stops, and leaves the error to
    the parser, which cannot get past that point either.

    Args:
        path: The template's file, for messages.
        source: Its text.

    Returns:
        The pieces of code in it: the names, numbers, operators and brackets
        of its ``{{ }}`` and ``{% %}`` tags (each punctuation character
        counted alone, so never fewer than the parser's tokens), plus one for
        the text before each tag.

    Raises:
        PackError: Blocks and brackets nest more than
            ``MAX_TEMPLATE_NESTING`` deep.
    """
    blocks = 0
    code = 0
    position = 0
    while (opening := _TAG_OPEN.search(source, position)) is not None:
        start, position = opening.start(), opening.end()
        kind = opening.group()[1]
        if kind == "#":
            comment_end = source.find("#}", position)
            if comment_end < 0:
                return code
            position = comment_end + 2
            continue
        name = _TAG_NAME.match(source, position) if kind == "%" else None
        tag = name.group(1) if name else ""
        depth = 0
        closed = False
        while (mark := _TAG_MARK.search(source, position)) is not None:
            sign, position = mark.group(), mark.end()
            if sign in _JINJA_STRING_END:
                end = _JINJA_STRING_END[sign].match(source, position)
                if end is None:
                    return code  # the lexer stops here with an error
                position = end.end()
            elif sign in "([{":
                depth += 1
                if blocks + depth > MAX_TEMPLATE_NESTING:
                    _too_nested(path, source, mark.start())
            elif sign == "%}" and depth == 0:
                if kind == "%":
                    closed = True
                    break
            elif sign == "}" and depth == 0:
                if kind == "{" and source.startswith("}", position):
                    position += 1
                    closed = True
                    break
            elif depth == 0:
                return code  # a bracket closed before it opened: the lexer stops here
            else:  # a closing bracket, or "%" then a closing brace
                depth -= 1
        if not closed:
            return code
        code += 1 + len(_CODE_PIECE.findall(source, start, position))
        if kind == "%":
            assigns = "=" in source[opening.end() : position].replace("==", "")
            if tag in _OPENERS or (tag == "set" and not assigns):
                blocks += 1
                if blocks > MAX_TEMPLATE_NESTING:
                    _too_nested(path, source, start)
            elif tag.startswith("end"):
                blocks = max(blocks - 1, 0)
            elif tag == "raw":
                end_raw = _RAW_END.search(source, position)
                if end_raw is None:
                    return code
                position = end_raw.end()
    return code


def _too_nested(path: Path, source: str, at: int) -> None:
    raise PackError(
        f"{path}:{_line(source, at)}: blocks and brackets nested more than "
        f"{MAX_TEMPLATE_NESTING} deep; a pack's templates nest at most {MAX_TEMPLATE_NESTING} "
        "deep (move the inner part into a macro or a simpler expression)"
    )


def _tree_depth(tree: nodes.Node) -> int:
    # Walked with a list, not by recursion: the tree may be deep.
    deepest = 0
    pending = [(tree, 1)]
    while pending:
        node, depth = pending.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_TEMPLATE_DEPTH:
            break
        pending.extend((child, depth + 1) for child in node.iter_child_nodes())
    return deepest


def _parse_templates(pack: Pack) -> None:
    # Imported here so that reading pack data never loads Jinja2.
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    # Every template is read and scanned before any is parsed, so the caps on
    # nesting and on the code to parse hold before the parser does any work.
    sources = []
    code = 0
    for name in pack.templates:
        path = pack.root / name
        source = _read_text(pack.root, name, strict=not pack.builtin)
        code += _scan_template(path, source)
        if code > MAX_TEMPLATE_TOKENS:
            raise PackError(
                f"{path}: the pack's templates hold more than {MAX_TEMPLATE_TOKENS} pieces of "
                "code (names, numbers, operators and brackets in {{ }} and {% %} tags) "
                "together; a pack holds at most that"
            )
        sources.append((name, path, source))
    env = ImmutableSandboxedEnvironment()
    for name, path, source in sources:
        try:
            tree = env.parse(source, name, str(path))
        except jinja2.TemplateSyntaxError as error:
            raise PackError(
                f"{path}:{error.lineno}: template syntax error: {error.message}"
            ) from None
        except RecursionError:  # a chain the scan does not count, such as "not not … x"
            raise PackError(
                f"{path}: nested too deeply to parse; a pack's templates nest at most "
                f"{MAX_TEMPLATE_DEPTH} deep"
            ) from None
        except ValueError as error:  # a number literal past Python's digit limit
            raise PackError(f"{path}: template value refused: {error}") from None
        if _tree_depth(tree) > MAX_TEMPLATE_DEPTH:
            raise PackError(
                f"{path}: an expression or block nested more than {MAX_TEMPLATE_DEPTH} deep "
                "(a long chain such as a + a + … or x|f|f|…); a pack's templates nest at most "
                f"{MAX_TEMPLATE_DEPTH} deep"
            )
