"""Tests for user packs: the sandbox refuses template injection, quickly, with our own errors."""

# Long payloads and expected letters read best on one line each.
# ruff: noqa: E501

from __future__ import annotations

import re
import sys
import time

import pytest

import infointerview as ii
from infointerview import samples

PAYLOADS = {
    "dunder-walk": "{{ contact.__class__.__mro__[1].__subclasses__() }}",
    "dunder-str": "{{ ''.__class__.__base__.__subclasses__() }}",
    "attr-filter": "{{ contact|attr('__class__')|attr('__mro__') }}",
    "format": "{{ '{0.__class__}'.format(contact) }}",
    "format-map": "{{ '{x.__class__}'.format_map({'x': contact}) }}",
    "format-width": "{{ '{:>999999999}'.format(1) }}",
    "format-filter": "{{ '%999999999s'|format('x') }}",
    "cycler": "{{ cycler.__init__.__globals__ }}",
    "joiner": "{{ joiner.__init__.__globals__.os }}",
    "namespace": "{{ namespace.__init__.__globals__ }}",
    "lipsum": "{{ lipsum(999999, false, 99999, 99999) }}",
    "self-dict": "{{ self.__dict__ }}",
    "self-module": "{{ self._TemplateReference__context.environment }}",
    "list-mutation": "{% set xs = [1] %}{{ xs.append(2) }}{{ xs }}",
    "dict-mutation": "{{ contact.update({'name': 'x'}) }}",
    "power": "{{ 7 ** 99999999 }}",
    "power-chain": "{{ 99 ** 99 ** 99 }}",
    "string-repeat": "{{ 'x' * 999999999 }}",
    "list-repeat": "{{ [1, 2] * 999999999 }}",
    "percent-width": "{{ '%0999999999d' % 1 }}",
    "percent-star": "{{ '%*d' % (999999999, 1) }}",
    "concat-doubling": "{% set s = 'x' * 100000 %}{% set s = s ~ s ~ s %}{{ s }}",
    "plus-doubling": "{% set s = 'x' * 100000 %}{% set s = s + s + s %}{{ s }}",
    "center": "{{ 'x'.center(999999999) }}",
    "ljust": "{{ 'x'.ljust(999999999) }}",
    "center-filter": "{{ 'x'|center(999999999) }}",
    "indent-filter": "{{ 'x\nx'|indent(999999999) }}",
    "replace-growth": "{{ ('x' * 1000)|replace('', 'y' * 1000) }}",
    "join-growth": "{% set s = 'x' * 100000 %}{{ [s, s, s]|join }}",
    "nested-loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "block-set-loop": "{% set x %}{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}{% endset %}",
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "fan-out": "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    "recursive-loop": "{% for x in [[1]] recursive %}{{ loop([x]) }}{% endfor %}",
    "output-flood": "{% for i in range(99999) %}{{ 'x' * 99 }}{% endfor %}",
    "include-parent": "{% include '../../etc/passwd' %}",
    "include-absolute": "{% include '/etc/passwd' %}",
    "import-parent": "{% import '../pack.toml' as p %}",
    "include-backslash": "{% include '..\\\\x.j2' %}",
    "undefined-global": "{{ config }}",
    "range-huge": "{{ range(10 ** 9)|list }}",
    "mro-getitem": "{{ contact['__class__'] }}",
    "str-encode": "{{ contact.name.encode('utf-8') }}",
}


def _pack(tmp_path, template: str, *, name: str = "outreach/email.txt.j2"):
    root = tmp_path / "pack"
    root.mkdir()
    (root / "pack.toml").write_text('[pack]\nname = "evil"\n', encoding="utf-8")
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template, encoding="utf-8")
    return root


class TestInjection:
    @pytest.mark.parametrize("payload", sorted(PAYLOADS))
    def test_payload_ends_in_our_error_quickly(self, tmp_path, payload):
        """Each injection payload raises the library's render error within a fraction of a second."""
        renderer = ii.Renderer(_pack(tmp_path, PAYLOADS[payload]))
        started = time.perf_counter()
        with pytest.raises(ii.RenderError) as info:
            renderer.outreach(samples.requester(), samples.contact(), channel=ii.Channel.EMAIL)
        elapsed = time.perf_counter() - started
        assert elapsed < 0.5, f"{payload} took {elapsed:.2f} s"
        assert "outreach/email.txt.j2" in str(info.value)

    def test_process_survives(self, tmp_path):
        """After every payload, the same process still renders a letter."""
        assert (
            "Dear Ms. Lindqvist,"
            == ii.Renderer().outreach(samples.requester(), samples.contact()).body.splitlines()[0]
        )

    def test_unsafe_file_name_refused(self, tmp_path):
        """A pack file named x{print(1)}.j2 is refused when the pack loads."""
        root = _pack(tmp_path, "hi")
        (root / "outreach" / "x{print(1)}.j2").write_text("{{ 1 }}", encoding="utf-8")
        with pytest.raises(ii.PackError, match="unsafe file name"):
            ii.Renderer(root)

    def test_unsafe_template_name_refused(self, tmp_path):
        """Asking the renderer for a template outside the pack is a security error."""
        renderer = ii.Renderer(_pack(tmp_path, "hi"))
        with pytest.raises(ii.TemplateSecurityError, match="refused template name"):
            renderer.render_template("../pack.toml", {})

    def test_objects_refused_in_context(self, tmp_path):
        """render_template takes plain data only, never model objects."""
        with pytest.raises(ii.RenderError, match="plain data only"):
            ii.Renderer().render_template("outreach/email.txt.j2", {"contact": samples.contact()})

    def test_security_error_is_not_an_empty_string(self, tmp_path):
        """A refused attribute raises rather than rendering as nothing."""
        renderer = ii.Renderer(_pack(tmp_path, "a{{ contact.__class__ }}b"))
        with pytest.raises(ii.TemplateSecurityError):
            renderer.outreach(samples.requester(), samples.contact(), channel=ii.Channel.EMAIL)

    def test_user_pack_renders_its_own_wording(self, tmp_path):
        """A benign user template renders in the sandbox, with macros from the built-in pack."""
        template = (
            '{%- import "macros/letters.txt.j2" as m -%}\n'
            "Subject: Hello from {{ requester.school|upper }}\n"
            "{{ greeting }}, I'm {{ m.who(requester) }}.{% for w in ['a', 'b'] %}{{ w }}{% endfor %}\n"
        )
        renderer = ii.Renderer(_pack(tmp_path, template))
        letter = renderer.outreach(
            samples.requester(), samples.contact(), channel=ii.Channel.EMAIL
        )
        assert "Hello from NORTHBAY UNIVERSITY" == letter.subject
        assert (
            "Dear Ms. Lindqvist, I'm Maya Okafor, an economics major at Northbay University.ab\n"
            == letter.body
        )


class TestMissingValues:
    def test_missing_variable_is_named(self, tmp_path):
        """A template using an unknown variable fails naming it, the template and the line."""
        renderer = ii.Renderer(_pack(tmp_path, "{{ greeting }},\n\n{{ contact.nickname }}\n"))
        with pytest.raises(ii.RenderError) as info:
            renderer.outreach(samples.requester(), samples.contact(), channel=ii.Channel.EMAIL)
        assert (
            "outreach/email.txt.j2, line 3: missing value: contact.nickname is undefined"
            " ('dict object' has no attribute 'nickname')" == str(info.value)
        )

    def test_none_value_is_an_error_not_blank(self, tmp_path):
        """Printing an unset optional field is an error rather than 'None' or a blank."""
        renderer = ii.Renderer(_pack(tmp_path, "Dear {{ contact.address_as }},\n"))
        with pytest.raises(ii.RenderError, match="line 1: printed an empty value"):
            renderer.outreach(samples.requester(), samples.contact(), channel=ii.Channel.EMAIL)

    def test_syntax_error_named(self, tmp_path):
        """A template that fails to parse is refused at load, naming file and line."""
        with pytest.raises(ii.PackError, match=re.escape("email.txt.j2:1: template syntax error")):
            ii.Renderer(_pack(tmp_path, "{{ oops }"))

    def test_missing_top_level_variable_is_named(self, tmp_path):
        """An unknown top-level name is named in the error."""
        renderer = ii.Renderer(_pack(tmp_path, "{{ nickname }}\n"))
        with pytest.raises(ii.RenderError, match="line 1: missing value: 'nickname' is undefined"):
            renderer.outreach(samples.requester(), samples.contact(), channel=ii.Channel.EMAIL)


class TestChannelLimits:
    def test_over_the_limit_gives_length_limit_and_channel(self, tmp_path):
        """A connection note over 200 characters with no fallback is refused with the numbers."""
        renderer = ii.Renderer(
            _pack(tmp_path, "x" * 250 + "\n", name="outreach/linkedin-note.txt.j2")
        )
        root = tmp_path / "pack"
        (root / "pack.toml").write_text(
            '[pack]\nname = "long"\n[render.fallback]\n"outreach/linkedin-note" = "outreach/linkedin-note"\n',
            encoding="utf-8",
        )
        renderer = ii.Renderer(root)
        with pytest.raises(ii.ChannelLimitError) as info:
            renderer.outreach(
                samples.requester(), samples.contact(), channel=ii.Channel.LINKEDIN_NOTE
            )
        assert (251, 200, "LinkedIn connection note") == (
            info.value.length,
            info.value.limit,
            info.value.channel,
        )

    def test_premium_raises_the_limit(self, tmp_path):
        """With Premium, a 250-character note fits the 300-character limit."""
        renderer = ii.Renderer(
            _pack(tmp_path, "x" * 250 + "\n", name="outreach/linkedin-note.txt.j2"), premium=True
        )
        letter = renderer.outreach(
            samples.requester(), samples.contact(), channel=ii.Channel.LINKEDIN_NOTE
        )
        assert 251 == len(letter.body)

    def test_fallback_to_shorter_variant(self, tmp_path):
        """Over the limit, the pack's shorter variant is used instead."""
        renderer = ii.Renderer(
            _pack(tmp_path, "x" * 250 + "\n", name="outreach/linkedin-note.txt.j2")
        )
        letter = renderer.outreach(
            samples.requester(), samples.contact(), channel=ii.Channel.LINKEDIN_NOTE
        )
        assert "outreach/linkedin-note-minimal.txt.j2" == letter.template


class TestUserHtml:
    def test_sanitiser_missing_is_a_clear_error(self, tmp_path, monkeypatch):
        """Without nh3, an HTML template from a user pack asks for the html extra."""
        root = _pack(tmp_path, "Subject: Hi\n{{ greeting }}\n")
        (root / "outreach" / "email.html.j2").write_text("<p>{{ greeting }}</p>", encoding="utf-8")
        monkeypatch.setitem(sys.modules, "nh3", None)
        with pytest.raises(ii.MissingExtraError, match=re.escape("infointerview[html]")):
            ii.Renderer(root).outreach(samples.requester(), samples.contact(), channel="email")

    def test_html_template_is_autoescaped_and_sanitised(self, tmp_path):
        """A user pack's HTML template escapes values and passes an allow-list sanitiser."""
        root = _pack(tmp_path, "Subject: Hi\n{{ greeting }}\n")
        (root / "outreach" / "email.html.j2").write_text(
            "<p onclick='x()'>{{ contact.name }}</p><script>alert(1)</script>", encoding="utf-8"
        )
        contact = ii.Contact(name="<img src=x onerror=alert(1)>", source="linkedin")
        letter = ii.Renderer(root).outreach(samples.requester(), contact, channel=ii.Channel.EMAIL)
        assert "<p>&lt;img src=x onerror=alert(1)&gt;</p>" == letter.html
