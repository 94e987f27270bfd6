"""Tests that loading an untrusted pack can neither hang nor crash the process.

Every refusal is a PackError naming the file and what would be valid. Cases
that used to exhaust memory carry a tracemalloc bound on their peak; none
asserts a time, since test machines are noisy.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infointerview as ii
from infointerview._packs import packs

MANIFEST = '[pack]\nname = "centre"\n'
MB = 1024 * 1024
# A 16-part table holding a 16-part key: 32 levels, the most TOML may nest.
SIXTEEN_DEEP = "[" + ".".join("abcdefghijklmnop") + "]\n" + ".".join("ABCDEFGHIJKLMNOP")


def write_pack(root, files=None, manifest=MANIFEST):
    root.mkdir(parents=True, exist_ok=True)
    if manifest is not None:
        (root / "pack.toml").write_text(manifest, encoding="utf-8")
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def refused(root, fragment, **kwargs):
    """Load *root*, expecting a PackError matching *fragment*; return its message."""
    with pytest.raises(ii.PackError, match=fragment) as info:
        ii.load_pack(root, **kwargs)
    return str(info.value)


def peak_bytes(call):
    """Run *call* and return the peak of memory it allocated."""
    tracemalloc.start()
    try:
        call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def run_python(code, *, timeout=120):
    """Run *code* in a fresh interpreter and return its result (a safety net for hangs)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


class TestFileKinds:
    def test_fifo_refused_without_blocking(self, tmp_path):
        """A FIFO as template, manifest or listed file is refused without waiting for a writer."""
        template = write_pack(tmp_path / "template")
        os.mkfifo(template / "email.txt.j2")
        manifest = write_pack(tmp_path / "manifest", manifest=None)
        os.mkfifo(manifest / "pack.toml")
        swapped = write_pack(tmp_path / "swapped", {"email.txt.j2": "hi"})
        # The child runs the loads, so a regression that blocks fails the test
        # by its timeout instead of hanging the run.
        results = run_python(
            f"""
            import json, os
            import infointerview as ii

            def attempt(call):
                try:
                    call()
                except ii.PackError as error:
                    return str(error)
                return "loaded"

            pack = ii.load_pack({str(swapped)!r})
            os.remove({str(swapped / "email.txt.j2")!r})
            os.mkfifo({str(swapped / "email.txt.j2")!r})
            print(json.dumps([
                attempt(lambda: ii.load_pack({str(template)!r})),
                attempt(lambda: ii.load_pack({str(manifest)!r})),
                attempt(lambda: pack.read_text("email.txt.j2")),
            ]))
            """
        )
        assert [
            f"{template / 'email.txt.j2'}: is a FIFO (named pipe)",
            f"{manifest / 'pack.toml'}: is a FIFO (named pipe)",
            f"{swapped / 'email.txt.j2'}: is a FIFO (named pipe)",
        ] == [message.split(";")[0] for message in results]

    def test_symlinked_manifest_refused(self, tmp_path):
        """A pack.toml linked to a file outside the pack is never read."""
        outside = tmp_path / "outside.toml"
        outside.write_text(MANIFEST + '[values]\nsign_off = "LEAKED"\n', encoding="utf-8")
        root = write_pack(tmp_path / "c", manifest=None)
        os.symlink(outside, root / "pack.toml")
        message = refused(root, r"pack\.toml: is a symbolic link")
        assert "LEAKED" not in message

    def test_symlinked_template_inside_pack_refused(self, tmp_path):
        """A link is refused even when it points to another file of the pack."""
        root = write_pack(tmp_path / "c", {"a.txt.j2": "hi"})
        os.symlink(root / "a.txt.j2", root / "b.txt.j2")
        refused(root, r"b\.txt\.j2: is a symbolic link")

    def test_symlinked_folder_refused(self, tmp_path):
        """A folder that is a link is refused, wherever it points."""
        write_pack(tmp_path / "real", {"email.txt.j2": "hi"}, manifest=None)
        root = write_pack(tmp_path / "c")
        os.symlink(tmp_path / "real", root / "outreach")
        refused(root, r"outreach: is a symbolic link")

    def test_folder_swapped_for_link_after_loading(self, tmp_path):
        """A folder replaced by a link after loading is refused when a file is read."""
        root = write_pack(tmp_path / "c", {"outreach/email.txt.j2": "hi"})
        pack = ii.load_pack(root)
        write_pack(tmp_path / "elsewhere", {"email.txt.j2": "secret"}, manifest=None)
        os.rename(root / "outreach", tmp_path / "old")
        os.symlink(tmp_path / "elsewhere", root / "outreach")
        with pytest.raises(ii.PackError, match=r"outreach: is a symbolic link"):
            pack.read_text("outreach/email.txt.j2")

    def test_hard_link_refused(self, tmp_path):
        """A file with a second name, which may lie outside the pack, is refused."""
        root = write_pack(tmp_path / "c", {"a.txt.j2": "hi"})
        os.link(root / "a.txt.j2", tmp_path / "elsewhere.txt")
        refused(root, r"a\.txt\.j2: has 2 hard links")

    def test_socket_refused(self, tmp_path, monkeypatch):
        """A socket in a pack is refused."""
        root = write_pack(tmp_path / "c")
        monkeypatch.chdir(root)  # a relative name keeps under the socket path limit
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind("a.txt.j2")
            refused(root, r"a\.txt\.j2: is a socket")

    def test_root_reached_through_a_link(self, tmp_path):
        """The folder the caller names may itself be a link."""
        write_pack(tmp_path / "real", {"a.txt.j2": "hi"})
        os.symlink(tmp_path / "real", tmp_path / "link")
        assert ("a.txt.j2",) == ii.load_pack(tmp_path / "link").files

    def test_builtin_pack_reads(self):
        """The built-in pack still reads its files and renders."""
        pack = ii.builtin_pack()
        assert pack.read_text("outreach/email.txt.j2")
        assert ii.Renderer().outreach(ii.samples.requester(), ii.samples.contact()).text

    def test_folders_nested_deeply(self, tmp_path, monkeypatch):
        """1,500 nested folders are refused at the depth cap, without recursion."""
        root = write_pack(tmp_path / "c")
        monkeypatch.chdir(root)
        for _ in range(1500):  # made and removed step by step: the paths grow long
            os.mkdir("d")
            os.chdir("d")
        try:
            message = refused(root, "folders nested more than 8 deep")
        finally:
            for _ in range(1500):
                os.chdir("..")
                os.rmdir("d")
        assert message.startswith(str(root / "/".join(["d"] * (packs.MAX_FOLDER_DEPTH + 1))))

    def test_folders_at_depth_cap(self, tmp_path):
        """Files at the deepest folder allowed load."""
        name = "/".join(["d"] * packs.MAX_FOLDER_DEPTH) + "/a.txt.j2"
        assert (name,) == ii.load_pack(write_pack(tmp_path / "c", {name: "hi"})).files


class TestSizes:
    def test_huge_manifest_refused_without_reading_it(self, tmp_path):
        """A manifest over the cap is refused having read no more than the cap."""
        root = write_pack(tmp_path / "c", manifest=MANIFEST + "# padding\n" * (800_000))
        peak = peak_bytes(lambda: refused(root, r"pack\.toml: larger than 65536 bytes"))
        assert peak < MB

    def test_manifest_at_cap_loads(self, tmp_path):
        """A manifest of exactly the cap loads."""
        padding = "#" * (packs.MAX_MANIFEST_BYTES - len(MANIFEST) - 1) + "\n"
        root = write_pack(tmp_path / "c", manifest=MANIFEST + padding)
        assert "centre" == ii.load_pack(root).name

    def test_template_over_cap(self, tmp_path):
        """A template over its cap is refused, naming the cap."""
        root = write_pack(tmp_path / "c", {"a.txt.j2": "x" * (packs.MAX_TEMPLATE_BYTES + 1)})
        refused(root, r"a\.txt\.j2: 65537 bytes, larger than 65536; a template holds")

    def test_data_file_over_cap(self, tmp_path):
        """A data file over its cap is refused."""
        root = write_pack(tmp_path / "c", {"data.toml": "#" * (packs.MAX_FILE_BYTES + 1)})
        refused(root, r"data\.toml: \d+ bytes, larger than 262144; a data file holds")

    def test_too_many_files(self, tmp_path):
        """More files than the cap are refused."""
        root = write_pack(tmp_path / "c", {f"d/f{i}.toml": "" for i in range(packs.MAX_FILES + 1)})
        refused(root, "more than 500 files")

    def test_too_many_templates(self, tmp_path):
        """More templates than the cap are refused before any is parsed."""
        files = {f"t/t{i}.txt.j2": "{% if %}" for i in range(packs.MAX_TEMPLATES + 1)}
        refused(write_pack(tmp_path / "c", files), "more than 200 templates")

    def test_templates_too_large_together(self, tmp_path):
        """Templates each under the cap but over the total cap are refused."""
        files = {f"t{i}.txt.j2": "x" * 60_000 for i in range(9)}
        refused(write_pack(tmp_path / "c", files), "templates hold more than 524288 bytes")

    def test_pack_too_large(self, tmp_path):
        """Files each under the cap but over the pack's cap are refused."""
        files = {f"d{i}.toml": "#" * 250_000 for i in range(17)}
        refused(write_pack(tmp_path / "c", files), "files hold more than 4194304 bytes")

    def test_too_much_template_code(self, tmp_path):
        """Legal-size templates with more code than the pack may hold are refused unparsed."""
        # Eight templates of 63 KB: each legal alone, too much code together.
        files = {f"t{i}.txt.j2": "{{[1,2,3,4,5,6,7,8]}}" * 3000 for i in range(8)}
        root = write_pack(tmp_path / "c", files)
        peak = peak_bytes(lambda: refused(root, "more than 40000 pieces of code"))
        assert peak < 10 * MB

    def test_too_many_entries(self, tmp_path):
        """A folder of thousands of hidden files does not stall the walk."""
        files = {f".hidden{i}": "" for i in range(10 * packs.MAX_FILES + 1)}
        refused(write_pack(tmp_path / "c", files), "more than 5000 folder entries")


def data_pack(tmp_path, text):
    """A pack holding *text* as data.toml, loaded."""
    return ii.load_pack(write_pack(tmp_path / "c", {"data.toml": text}))


class TestToml:
    @pytest.mark.parametrize(
        "value",
        [
            "[" * 5000 + "]" * 5000,
            "{a = " * 5000 + "1" + "}" * 5000,
            "[{a = " * 2500 + "1" + "}]" * 2500,
        ],
    )
    def test_deep_manifest(self, tmp_path, value):
        """TOML nested 5,000 deep is refused by the scan, before the parser recurses."""
        root = write_pack(tmp_path / "c", manifest=f"x = {value}\n" + MANIFEST)
        peak = peak_bytes(lambda: refused(root, r"pack\.toml:1: nested more than 32 deep"))
        assert peak < 10 * MB

    def test_long_dotted_key(self, tmp_path):
        """A 60 KB dotted key is refused at its 17th part (the parser took 5 GB)."""
        root = write_pack(tmp_path / "c", manifest=MANIFEST + ".".join(["a"] * 30_000) + " = 1\n")
        peak = peak_bytes(lambda: refused(root, r"pack\.toml:3: a dotted key .* more than 16"))
        assert peak < 10 * MB

    def test_long_table_name(self, tmp_path):
        """A table header of thousands of parts is refused."""
        root = write_pack(tmp_path / "c", manifest=MANIFEST + "[" + ".".join(["a"] * 5000) + "]\n")
        refused(root, r"pack\.toml:3: a dotted key or table name of more than 16 parts")

    def test_long_key(self, tmp_path):
        """A key over the length cap is refused."""
        manifest = MANIFEST + '[values]\n"' + "k" * 300 + '" = "x"\n'
        refused(write_pack(tmp_path / "c", manifest=manifest), r"key .* of 302 characters")

    @pytest.mark.parametrize(("depth", "loads"), [(32, True), (33, False)])
    def test_depth_boundary(self, tmp_path, depth, loads):
        """Arrays nest up to the cap and no further."""
        text = "x = " + "[" * depth + "]" * depth + "\n"
        pack = data_pack(tmp_path, text)
        if loads:
            assert "x" in pack.read_toml("data.toml")
        else:
            with pytest.raises(ii.PackError, match=r"data\.toml:1: nested more than 32"):
                pack.read_toml("data.toml")

    @pytest.mark.parametrize(
        ("text", "loads"),
        [
            ("[" + ".".join("abcdefghijklmnop") + "]\nx = 1\n", True),
            ("[" + ".".join("abcdefghijklmnopq") + "]\nx = 1\n", False),
            ("[[" + ".".join("abcdefghijklmno") + "]]\nx = 1\n", True),
            (".".join("abcdefghijklmnop") + " = 1\n", True),
            ("[" + ".".join("abcdefgh") + "]\n" + ".".join("ijklmnop") + " = 1\n", True),
            (SIXTEEN_DEEP + " = [1]\n", True),
            (SIXTEEN_DEEP + " = [[1]]\n", False),
            ("x = [{a = [{b = 1}]}]\n", True),
        ],
    )
    def test_key_boundaries(self, tmp_path, text, loads):
        """Table names and dotted keys count towards the depth together."""
        pack = data_pack(tmp_path, text)
        if loads:
            assert pack.read_toml("data.toml")
        else:
            with pytest.raises(ii.PackError, match=r"data\.toml"):
                pack.read_toml("data.toml")

    @pytest.mark.parametrize(
        "text",
        [
            'x = "' + "[" * 5000 + '"\n',
            'x = "' + '\\"[{' * 3000 + '"\n',
            "x = '" + "[" * 5000 + "'\n",
            'x = """\n' + '[{"' * 3000 + '\n"""\n',
            "x = '''\n" + "[{'" * 3000 + "\n'''\n",
            'x = """a""""\ny = [1]\n',
            "# " + "[" * 5000 + "\nx = 1\n",
            '"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r" = 1\n',
            "x = 1.5\ny = 1979-05-27T07:32:00.999Z\nz = [1.5, 2.5]\n",
            "x = [\n  1, # a comment ]]]\n  [2, 3],\n]\n",
            "x = {a = 1, b = {c = [1, 2]}}\n",
        ],
    )
    def test_strings_and_comments_not_counted(self, tmp_path, text):
        """Brackets and dots inside strings, comments and numbers are not nesting."""
        assert data_pack(tmp_path, text).read_toml("data.toml")

    def test_deep_question_bank(self, tmp_path):
        """A data file read later (the question bank) gets the same checks."""
        pack = ii.load_pack(
            write_pack(tmp_path / "c", {"questions/bank.toml": "x = " + "[" * 3000})
        )
        with pytest.raises(ii.PackError, match=r"bank\.toml:1: nested more than 32 deep"):
            pack.read_toml("questions/bank.toml")

    def test_huge_integer(self, tmp_path):
        """An integer past Python's digit limit is a PackError, not a ValueError."""
        manifest = MANIFEST + "[values]\nx = 1" + "0" * 5000 + "\n"
        refused(write_pack(tmp_path / "c", manifest=manifest), r"pack\.toml: invalid TOML value")

    @settings(max_examples=200, deadline=None)
    @given(data=st.binary(max_size=400))
    def test_arbitrary_bytes(self, tmp_path_factory, data):
        """Any bytes as pack.toml give a loaded pack or a PackError, nothing else."""
        root = write_pack(tmp_path_factory.mktemp("p"), manifest=None)
        (root / "pack.toml").write_bytes(data)
        try:
            pack = ii.load_pack(root)
        except ii.PackError:
            return
        assert isinstance(pack.name, str)

    @settings(max_examples=300, deadline=None)
    @given(text=st.text(alphabet="[]{}\"'=.,#\n\\ ab1", max_size=300))
    def test_arbitrary_toml_like_text(self, tmp_path_factory, text):
        """TOML-like text as a data file parses or is a PackError, nothing else."""
        pack = data_pack(tmp_path_factory.mktemp("p"), text)
        with contextlib.suppress(ii.PackError):
            pack.read_toml("data.toml")


class TestTemplates:
    @pytest.mark.parametrize(
        "source",
        [
            "{% if x %}" * 2500 + "{% endif %}" * 2500,
            "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}",
            "{{ " + "[" * 5000 + "]" * 5000 + " }}",
            "{% for x in y %}" * 17 + "{% endfor %}" * 17,
            "{% set x %}" * 17 + "{% endset %}" * 17,
        ],
    )
    def test_deep_nesting(self, tmp_path, source):
        """Blocks and brackets nested past the cap are refused before parsing."""
        root = write_pack(tmp_path / "c", {"a.txt.j2": source})
        peak = peak_bytes(lambda: refused(root, r"a\.txt\.j2:1: blocks and brackets nested more"))
        assert peak < 10 * MB

    @pytest.mark.parametrize(("depth", "loads"), [(16, True), (17, False)])
    def test_nesting_boundary(self, tmp_path, depth, loads):
        """Blocks nest up to the cap, with brackets counted alongside."""
        source = "{% if x %}" * (depth - 1) + "{{ (x) }}" + "{% endif %}" * (depth - 1)
        root = write_pack(tmp_path / "c", {"a.txt.j2": source})
        if loads:
            assert ii.load_pack(root).templates == ("a.txt.j2",)
        else:
            refused(root, "nested more than 16 deep")

    @pytest.mark.parametrize(
        "source",
        [
            '{{ "' + "(" * 100 + '" }}',
            "{{ '" + "[" * 100 + "' }}",
            "{{ '\\'((((((((((((((((((((' }}",
            "{% raw %}" + "{{ " + "(" * 100 + " }}{% endraw %}",
            "{# " + "{% if x %}" * 100 + " #}",
            "{{ {'a': {'b': 1}}}}",
            "{% set x = 1 %}" * 100,
            "(" * 100 + " plain text [[[[ {",
        ],
    )
    def test_not_nesting(self, tmp_path, source):
        """Brackets in strings, raw blocks, comments and plain text do not count."""
        assert ii.load_pack(write_pack(tmp_path / "c", {"a.txt.j2": source})).templates

    @pytest.mark.parametrize(
        "source",
        [
            "{{ " + "not " * 15_000 + "x }}",
            "{{ " + "-" * 30_000 + "x }}",
            "{{ " + "a if b else " * 5000 + "c }}",
        ],
    )
    def test_deep_chains_the_scan_does_not_count(self, tmp_path, source):
        """A chain that makes the parser recurse is a PackError, not a RecursionError."""
        refused(write_pack(tmp_path / "c", {"a.txt.j2": source}), "nested too deeply to parse")

    @pytest.mark.parametrize("link", ["+a", "|e", ".b", "[0]", " ~ a"])
    def test_long_chains(self, tmp_path, link):
        """A chain whose syntax tree is too deep to compile is refused."""
        root = write_pack(tmp_path / "c", {"a.txt.j2": "{{ a" + link * 100 + " }}"})
        if link == " ~ a":  # concatenation is one flat node: fine at any length
            assert ii.load_pack(root).templates
        else:
            refused(root, "an expression or block nested more than 64 deep")

    def test_huge_number_literal(self, tmp_path):
        """A number past Python's digit limit is a PackError."""
        root = write_pack(tmp_path / "c", {"a.txt.j2": "{{ 1" + "0" * 5000 + " }}"})
        refused(root, r"a\.txt\.j2: template value refused")

    def test_unchecked_pack_still_refuses_deep_template_on_read(self, tmp_path):
        """Without check_templates, reading a deep template is still refused."""
        source = "{% if x %}" * 2500 + "{% endif %}" * 2500
        pack = ii.load_pack(
            write_pack(tmp_path / "c", {"a.txt.j2": source}), check_templates=False
        )
        with pytest.raises(ii.PackError, match="nested more than 16 deep"):
            pack.read_text("a.txt.j2")

    def test_builtin_pack_within_caps(self, tmp_path):
        """A copy of the built-in pack passes every check a user pack must."""
        shutil.copytree(ii.builtin_pack().root, tmp_path / "copy")
        assert "builtin" == ii.load_pack(tmp_path / "copy").name


BAD_MANIFESTS = [
    ("pack = 5", r"needs a \[pack\] table"),
    ("[pack]\nname = 5", "pack.name must be a name"),
    ('[pack]\nname = "a b"', "pack.name must be a name"),
    ('[pack]\nname = "c"\ndescription = 5', "pack.description must be a string, got 5"),
    ('[pack]\nname = "c"\nversion = 2026.11', "pack.version must be a string, got 2026.11"),
    ('[pack]\nname = "c"\nformat = "1"', r"pack.format is '1'; this version reads format 1"),
    ('[pack]\nname = "c"\nformat = true', "pack.format is True"),
    ('[pack]\nname = "c"\nformat = 1.0', "pack.format is 1.0"),
    ('[pack]\nname = "c"\nnmae = "c"', "unknown key pack.nmae; .pack. takes"),
    ("values = 5\n" + MANIFEST, "values must be a table, such as .values."),
    (MANIFEST + "[values]\nx = [1]", "values.x must be a string, a whole number or true/false"),
    (MANIFEST + "[values]\nx = 1.5", "values.x must be a string"),
    (MANIFEST + "[values]\nx = 2026-01-01", "values.x must be a string"),
    (MANIFEST + "[values.n]\np = 1", "values.n must be a string"),
    ("render = 5\n" + MANIFEST, "render must be a table"),
    (MANIFEST + "[render]\nfallback = 5", "render.fallback must be a table of template names"),
    (MANIFEST + "[render]\nfalback = {}", "unknown key render.falback; .render. takes fallback"),
    (MANIFEST + '[render.fallback]\n"a/b" = 5', 'render.fallback."a/b" must be a template name'),
    (MANIFEST + '[render.fallback]\n"a/b" = "../x"', "must be a template name"),
    (MANIFEST + '[render.fallback]\n"../a" = "b"', r"render.fallback key '\.\./a' must be"),
    ("channels = 5\n" + MANIFEST, "channels is not read from pack.toml"),
    (MANIFEST + '[channels]\nemail = "x"', "channels is not read from pack.toml"),
    (MANIFEST + "[vlaues]\nx = 1", r"unknown table 'vlaues'; pack\.toml holds \[pack\]"),
]

BAD_CHANNELS = [
    ("channels = 5", "channels must be a table of channel tables"),
    ('[channels]\nemail = "x"', r"channels\.email must be a table"),
    ("[channels.fax]\nlabel = 'x'", "unknown channel 'fax'"),
    ("[channels.email]\nlabel = 5", r"channels\.email\.label must be a string, got 5"),
    ("[channels.email]\nsource = []", r"channels\.email\.source must be a string"),
    ("[channels.email]\nsubject_max = 'x'", r"subject_max must be a positive whole number"),
    ("[channels.email]\nsubject_max = 0", r"subject_max must be a positive whole number"),
    ("[channels.email]\nsubject_max = true", r"subject_max must be a positive whole number"),
    ("[channels.email]\nreviewed = '2026'", "reviewed must be a TOML date"),
    ("[channels.email]\nreviewed = 2026-01-01T00:00:00", "reviewed must be a TOML date"),
    ("[channels.email]\nbody_mx = 1", "body_mx' is not a known key"),
    ("[other]\nx = 1", r"unknown table 'other'; channels\.toml holds"),
]


class TestManifestValues:
    @pytest.mark.parametrize(("manifest", "fragment"), BAD_MANIFESTS)
    def test_wrong_type_for_each_key(self, tmp_path, manifest, fragment):
        """A manifest value of the wrong type is a PackError naming the file and the key."""
        message = refused(write_pack(tmp_path / "c", manifest=manifest), fragment)
        assert message.startswith(str(tmp_path / "c" / "pack.toml"))

    @pytest.mark.parametrize(("manifest", "fragment"), BAD_MANIFESTS)
    def test_renderer_and_stack_refuse_too(self, tmp_path, manifest, fragment):
        """Renderer(path) and PackStack.over_builtin refuse the same manifests the same way."""
        root = write_pack(tmp_path / "c", manifest=manifest)
        with pytest.raises(ii.PackError, match=fragment):
            ii.Renderer(root)
        with pytest.raises(ii.PackError, match=fragment):
            ii.PackStack.over_builtin(root)

    @pytest.mark.parametrize(("channels", "fragment"), BAD_CHANNELS)
    def test_channels_file(self, tmp_path, channels, fragment):
        """A malformed channels.toml is refused at load, naming the key."""
        root = write_pack(tmp_path / "c", {"channels.toml": channels})
        message = refused(root, fragment)
        assert message.startswith(str(root / "channels.toml"))

    def test_hand_built_pack_with_bad_table(self, tmp_path):
        """A Pack built by hand with a non-table value is refused when merged."""
        pack = ii.Pack(
            name="c", root=tmp_path, builtin=False, manifest={"pack": {}, "values": 5}, files=()
        )
        with pytest.raises(ii.PackError, match="values must be a table"):
            ii.PackStack((pack,)).table("values")

    def test_good_manifest(self, tmp_path):
        """Every table a manifest may hold, well formed, loads."""
        manifest = MANIFEST + (
            'version = "1"\ndescription = "d"\nformat = 1\n'
            '[values]\nsign_off = "Warm regards"\ncount = 3\nformal = true\n'
            '[render.fallback]\n"outreach/linkedin-note" = "outreach/linkedin-note-minimal"\n'
        )
        pack = ii.load_pack(write_pack(tmp_path / "c", manifest=manifest))
        assert {"sign_off": "Warm regards", "count": 3, "formal": True} == pack.manifest["values"]

    def test_path_of_wrong_type(self):
        """A pack named by something other than a path is a PackError."""
        with pytest.raises(ii.PackError, match="a str or a Path"):
            ii.load_pack(b"pack")  # type: ignore[arg-type]


class TestCommandLine:
    @pytest.mark.parametrize(
        ("manifest", "files"),
        [
            ("render = 5\n" + MANIFEST, {}),
            ("x = " + "[" * 5000 + "\n" + MANIFEST, {}),
            (MANIFEST, {"a.txt.j2": "{% if x %}" * 2500 + "{% endif %}" * 2500}),
        ],
    )
    def test_lint_pack_one_line_error(self, tmp_path, manifest, files):
        """lint-pack reports a refused pack in one line, with no traceback, and fails."""
        root = write_pack(tmp_path / "c", files, manifest=manifest)
        done = subprocess.run(
            [sys.executable, "-m", "infointerview", "lint-pack", str(root)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        assert 1 == len(done.stderr.strip().splitlines())
        assert str(root) in done.stderr
