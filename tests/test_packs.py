"""Tests for finding, loading and layering template packs."""

from __future__ import annotations

import os

import pytest

import infointerview as ii


def write_pack(root, files=None, manifest='[pack]\nname = "centre"\n'):
    root.mkdir(parents=True, exist_ok=True)
    if manifest is not None:
        (root / "pack.toml").write_text(manifest, encoding="utf-8")
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


class TestBuiltin:
    def test_found_and_trusted(self):
        """The built-in pack is found from the installed package or the checkout."""
        pack = ii.builtin_pack()
        assert pack.name == "builtin"
        assert pack.builtin
        assert (pack.root / "pack.toml").is_file()

    def test_loaded_once(self):
        """The built-in pack is cached."""
        assert ii.builtin_pack() is ii.builtin_pack()


class TestLoad:
    def test_user_pack(self, tmp_path):
        """A folder with a manifest and templates loads as an untrusted pack."""
        pack = ii.load_pack(
            write_pack(tmp_path / "c", {"outreach/email.txt.j2": "Hi {{ name }}\n"})
        )
        assert pack.name == "centre"
        assert not pack.builtin
        assert pack.templates == ("outreach/email.txt.j2",)
        assert pack.read_text("outreach/email.txt.j2") == "Hi {{ name }}\n"

    def test_missing_folder(self, tmp_path):
        """A missing folder is named."""
        with pytest.raises(ii.PackError, match="does not exist"):
            ii.load_pack(tmp_path / "nope")

    def test_missing_manifest(self, tmp_path):
        """A folder without pack.toml is refused."""
        with pytest.raises(ii.PackError, match=r"pack\.toml: missing"):
            ii.load_pack(write_pack(tmp_path / "c", manifest=None))

    @pytest.mark.parametrize(
        ("manifest", "fragment"),
        [
            ("[pack\nname='x'", "invalid TOML"),
            ('name = "x"', r"needs a \[pack\] table"),
            ('[pack]\nname = "../x"', "pack.name must be"),
            ("[pack]\nname = 3", "pack.name must be"),
            ('[pack]\nname = "x"\nformat = 2', "reads format 1"),
            ('[pack]\nname = "x"\nnmae = "y"', "unknown key pack.nmae"),
            ('[pack]\nname = "x"\ndescription = 1', "pack.description must be a string"),
        ],
    )
    def test_bad_manifest(self, tmp_path, manifest, fragment):
        """A bad manifest is refused with the file and the reason."""
        with pytest.raises(ii.PackError, match=fragment) as info:
            ii.load_pack(write_pack(tmp_path / "c", manifest=manifest))
        assert "pack.toml" in str(info.value)

    def test_syntax_error_names_file_and_line(self, tmp_path):
        """A template that does not parse is named with its line."""
        root = write_pack(
            tmp_path / "c", {"outreach/email.txt.j2": "Hello\n\n{% if x %}\nno end\n"}
        )
        with pytest.raises(
            ii.PackError, match=r"outreach/email\.txt\.j2:\d+: template syntax error"
        ):
            ii.load_pack(root)

    @pytest.mark.parametrize(
        "name", ["x{print(1)}.j2", "a b.j2", "outreach/'q'.j2", "-x.j2", "x..j2"]
    )
    def test_unsafe_names(self, tmp_path, name):
        """File names outside the safe set are refused."""
        with pytest.raises(ii.PackError, match="unsafe file name"):
            ii.load_pack(write_pack(tmp_path / "c", {name: "hi"}))

    def test_link_out_of_pack(self, tmp_path):
        """A link that leaves the pack is refused."""
        (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
        root = write_pack(tmp_path / "c")
        os.symlink(tmp_path / "secret.txt", root / "leak.txt.j2")
        with pytest.raises(ii.PackError, match=r"leak\.txt\.j2: is a symbolic link"):
            ii.load_pack(root)

    def test_oversized_file(self, tmp_path):
        """A file over the size cap is refused."""
        with pytest.raises(ii.PackError, match="larger than"):
            ii.load_pack(write_pack(tmp_path / "c", {"big.txt.j2": "x" * (256 * 1024 + 1)}))

    def test_not_utf8(self, tmp_path):
        """A template that is not UTF-8 is named."""
        root = write_pack(tmp_path / "c")
        (root / "latin.txt.j2").write_bytes(b"caf\xe9")
        with pytest.raises(ii.PackError, match="not UTF-8"):
            ii.load_pack(root)

    def test_hidden_files_ignored(self, tmp_path):
        """Dot files (editor backups, .DS_Store) are not part of the pack."""
        pack = ii.load_pack(write_pack(tmp_path / "c", {".DS_Store": "x", "a.txt.j2": "a"}))
        assert pack.files == ("a.txt.j2",)


class TestStack:
    def test_user_pack_wins_and_falls_through(self, tmp_path):
        """The highest pack that has a file provides it; others fall through."""
        upper = ii.load_pack(write_pack(tmp_path / "a", {"x.txt.j2": "a"}))
        lower = ii.load_pack(
            write_pack(tmp_path / "b", {"x.txt.j2": "b", "y.txt.j2": "b"}, '[pack]\nname="b"')
        )
        stack = ii.PackStack((upper, lower))
        assert upper is stack.find("x.txt.j2")
        assert lower is stack.find("y.txt.j2")
        assert stack.templates == ("x.txt.j2", "y.txt.j2")

    def test_missing_template(self, tmp_path):
        """A name no pack provides is an error naming the packs searched."""
        stack = ii.PackStack.over_builtin(write_pack(tmp_path / "a"))
        with pytest.raises(ii.PackError, match=r"no pack provides 'nope\.txt\.j2'.*'builtin'"):
            stack.find("nope.txt.j2")
        with pytest.raises(LookupError):
            stack.find("nope.txt.j2")

    def test_tables_merge_key_by_key(self, tmp_path):
        """Manifest tables merge: a user pack changes one value and inherits the rest."""
        upper = ii.load_pack(
            write_pack(
                tmp_path / "a",
                manifest='[pack]\nname="a"\n[render.fallback]\n"x/a" = "x/b"\n',
            )
        )
        lower = ii.load_pack(
            write_pack(
                tmp_path / "b",
                manifest='[pack]\nname="b"\n[render.fallback]\n"x/a" = "x/c"\n"y/a" = "y/c"\n',
            )
        )
        assert ii.PackStack((upper, lower)).table("render") == {
            "fallback": {"x/a": "x/b", "y/a": "y/c"},
        }
