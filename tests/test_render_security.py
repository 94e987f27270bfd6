"""Tests for user packs: the sandbox refuses template injection and resource bombs with our own errors.

No test here times anything: a bomb is shown to be refused by the guard meant
for it (its message), within the budget (the meter), and before it is built
(tracemalloc's peak).
"""

# Long payloads and expected letters read best on one line each.
# ruff: noqa: E501

from __future__ import annotations

import re
import sys
import tracemalloc

import pytest

import infointerview as ii
from infointerview import samples
from infointerview._packs import sandbox

PAYLOADS = {
    "dunder-walk": "{{ contact.__class__.__mro__[1].__subclasses__() }}",
    "dunder-str": "{{ ''.__class__.__base__.__subclasses__() }}",
    "attr-filter": "{{ contact|attr('__class__')|attr('__mro__') }}",
    "format": "{{ '{0.__class__}'.format(contact) }}",
    "format-map": "{{ '{x.__class__}'.format_map({'x': contact}) }}",
    "format-width": "{{ '{:>999999999}'.format(1) }}",
    "format-filter": "{{ '%999999999s'|format('x') }}",
    "format-filter-star": "{{ '%*s'|format(999999999, 'x') }}",
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

#: Resource bombs, each with the words of the guard that must refuse it.
BOMBS = {
    # The measured reproducers of the hardening issue.
    "replace-growth": (
        "{{ ('a'*20000)|replace('a','b'*200000)|length }}",
        "refused the filter 'replace'",
    ),
    "join-range": ("{{ range(10000)|join('x'*200000) }}", "refused the filter 'join'"),
    "percent-key-width": ("{{ '%(a)999999999s' % {'a':'x'} }}", "refused a '%' format"),
    "batch-fill": ("{{ [1]|batch(100000000,'x')|list|length }}", "refused the filter 'batch'"),
    "in-nested-lists": (
        "{% set x=[1]*200000 %}{% set y=[1]*199999+[2] %}{% set a=[y]*200000 %}{{ x in a }}",
        "refused the '*' operator",
    ),
    "select-in-big": (
        "{% set big=range(100000)|list %}{{ range(100000)|select('in', big)|list|length }}",
        "refused a call",
    ),
    "slice-many": ("{{ [1]|slice(10000000)|list }}", "refused the filter 'slice'"),
    # Variants: the same shapes past the first guard, so the next one must hold.
    "in-literal-dag": (
        "{% set y=[1]*20000 %}{% set a=[y,y,y,y,y,y,y,y,y,y] %}{% set b=[a,a,a,a,a,a,a,a,a,a] %}{{ y in b }}",
        "refused a comparison",
    ),
    "eq-in-loop": (
        "{% set y=[1]*20000 %}{% set z=[1]*20000 %}{% for i in range(20000) %}{% if y == z %}{% endif %}{% endfor %}",
        "used up its budget",
    ),
    "lt-in-loop": (
        "{% set y='a'*190000 %}{% for i in range(20000) %}{% if y < y %}{% endif %}{% endfor %}",
        "used up its budget",
    ),
    "substring-in-loop": (
        "{% set h='a'*199000 %}{% set n='a'*99+'b' %}{% for i in range(20000) %}{% if n in h %}{% endif %}{% endfor %}",
        "used up its budget",
    ),
    "select-in-loop": (
        "{% set big=range(20000)|list %}{{ range(20000)|select('in', big)|list|length }}",
        "used up its budget",
    ),
    "sort-dag": (
        "{% set y=[1]*20000 %}{% set a=[y,y,y,y,y,y,y,y,y,y,y,y,y,y,y,y] %}{{ a|sort|length }}",
        "refused the filter 'sort'",
    ),
    "tuple-hash": (
        "{% set t=(1,2,3,4,5,6,7,8) %}{% set t=(t,t,t,t,t,t,t,t) %}{% set t=(t,t,t,t,t,t,t,t) %}{% set t=(t,t,t,t,t,t,t,t) %}{% set t=(t,t,t,t,t,t,t,t) %}{% set t=(t,t,t,t,t,t,t,t) %}{{ [t,t]|unique|list|length }}",
        "refused the filter 'unique'",
    ),
    "dict-key-hash": (
        "{% set t=(1,2,3,4,5,6,7,8) %}{% set t=(t,t,t,t,t,t,t,t) %}{% set t=(t,t,t,t,t,t,t,t) %}{% set t=(t,t,t,t,t,t,t,t) %}{% set t=(t,t,t,t,t,t,t,t) %}{% set t=(t,t,t,t,t,t,t,t) %}{{ {'a': 1}[t] }}",
        "refused a lookup",
    ),
    "print-dag": (
        "{% set y='x'*150000 %}{% set a=[y,y,y,y,y,y,y,y] %}{% set b=[a,a,a,a,a,a,a,a] %}{{ b }}",
        "refused printing a value",
    ),
    "string-dag": (
        "{% set y='x'*150000 %}{% set a=[y,y,y,y] %}{{ a|string|length }}",
        "refused the filter 'string'",
    ),
    "tojson-dag": (
        "{% set y='x'*150000 %}{% set a=[y,y,y,y] %}{{ a|tojson|length }}",
        "refused the filter 'tojson'",
    ),
    "escape-huge": ("{{ ('<'*150000)|e|length }}", "refused the filter 'e'"),
    "urlize-target": (
        "{{ ('a.com '*30000)|urlize(target='x'*100000)|length }}",
        "refused the filter 'urlize'",
    ),
    "wordwrap-wrapstring": (
        "{{ ('a '*90000)|wordwrap(1, wrapstring='x'*1000)|length }}",
        "refused the filter 'wordwrap'",
    ),
    "center-filter": ("{{ 'x'|center(999999999) }}", "refused the filter 'center'"),
    "indent-lines": ("{{ ('a\n'*90000)|indent(1000)|length }}", "refused the filter 'indent'"),
    "indent-string": ("{{ ('a\n'*90000)|indent('x'*100)|length }}", "refused the filter 'indent'"),
    "percent-star-precision": ("{{ '%.*f' % (999999999, 1.0) }}", "refused a '%' format"),
    "percent-nested-key": ("{{ '%((a))999999999s' % {'(a)': 1} }}", "refused a '%' format"),
    "percent-many-widths": ("{{ ('%999s' * 1000) % ((1,) * 1000) }}", "refused a '%' format"),
    "percent-repr": ("{% set y='\x00'*150000 %}{{ ('%r' % y)|length }}", "refused a '%' format"),
    "sum-of-lists": (
        "{% set l=[[1]]*30000 %}{{ l|sum(start=[])|length }}",
        "refused the '*' operator",
    ),
    "join-in-loop": (
        "{% set y=range(20000)|list %}{% for i in range(20000) %}{{ y|join|length }}{% endfor %}",
        "used up its budget",
    ),
    "wordcount-in-loop": (
        "{% set h='a '*90000 %}{% for i in range(20000) %}{{ h|wordcount }}{% endfor %}",
        "used up its budget",
    ),
    "title-in-loop": (
        "{% set h='a '*90000 %}{% for i in range(20000) %}{{ h|title|length }}{% endfor %}",
        "used up its budget",
    ),
    "striptags-in-loop": (
        "{% set h='<a>'*60000 %}{% for i in range(20000) %}{{ h|striptags|length }}{% endfor %}",
        "used up its budget",
    ),
    "str-count-in-loop": (
        "{% set h='a'*199000 %}{% for i in range(20000) %}{{ h.count('a'*50+'b') }}{% endfor %}",
        "used up its budget",
    ),
    "loop-changed": (
        "{% set y=[1]*20000 %}{% for i in range(20000) %}{{ loop.changed(y) }}{% endfor %}",
        "used up its budget",
    ),
    "test-eq-in-loop": (
        "{% set y=[1]*20000 %}{% for i in range(20000) %}{{ y is eq(y) }}{% endfor %}",
        "used up its budget",
    ),
    "macro-frames-hold-strings": (
        "{% macro f(n) %}{% set a = '\U0001f600' * 190000 %}{% if n %}{{ f(n-1) }}{% endif %}{{ a|length }}{% endmacro %}{{ f(200) }}",
        "used up its budget",
    ),
    "macro-frames-hold-lists": (
        "{% macro f(n) %}{% set a = range(20000)|list %}{% if n %}{{ f(n-1) }}{% endif %}{{ a|length }}{% endmacro %}{{ f(200) }}",
        "used up its budget",
    ),
    "caller-fan-out": (
        "{% macro m() %}{{ caller() }}{{ caller() }}{% endmacro %}{% macro n(d) %}{% if d %}{% call m() %}{{ n(d-1) }}{% endcall %}{% else %}x{% endif %}{% endmacro %}{{ n(30) }}",
        "used up its budget",
    ),
    "block-set-buffer": (
        "{% set s %}{% for i in range(19000) %}{{ 'x'*190000 }}{% endfor %}{% endset %}{{ s|length }}",
        "used up its budget",
    ),
    "filter-block-buffer": (
        "{% filter upper %}{% for i in range(19000) %}{{ 'x'*10000 }}{% endfor %}{% endfilter %}",
        "used up its budget",
    ),
    "recursive-loop-range": (
        "{% for x in [1] recursive %}{% if x == 1 %}{{ loop(range(2, 20002)) }}{% endif %}{% endfor %}",
        "used up its budget",
    ),
    "range-huge-step": ("{% for i in range(0, 10**18, 10**13) %}{% endfor %}", "refused a call"),
    "split-flood": ("{{ (' '*199000).split(' ')|length }}", "refused a call"),
    "list-of-chars": ("{{ ('x'*199000)|list|length }}", "refused the filter 'list'"),
    "pprint-big": (
        "{% set y=[[1,2],[3,4]]*5000 %}{{ y|pprint|length }}",
        "refused the filter 'pprint'",
    ),
    "map-attribute-class": (
        "{{ [contact]|map(attribute='__class__')|list }}",
        "access to attribute '__class__'",
    ),
    "groupby-class": ("{{ [contact]|groupby('__class__') }}", "access to attribute '__class__'"),
    "selectattr-class": (
        "{{ [contact]|selectattr('__class__')|list }}",
        "access to attribute '__class__'",
    ),
    "sort-attribute-class": (
        "{{ [contact, contact]|sort(attribute='__class__') }}",
        "access to attribute '__class__'",
    ),
}


def _pack(tmp_path, template: str, *, name: str = "outreach/email.txt.j2"):
    root = tmp_path / "pack"
    root.mkdir()
    (root / "pack.toml").write_text('[pack]\nname = "evil"\n', encoding="utf-8")
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template, encoding="utf-8")
    return root


def _outreach(renderer):
    return renderer.outreach(samples.requester(), samples.contact(), channel=ii.Channel.EMAIL)


class TestInjection:
    @pytest.mark.parametrize("payload", sorted(PAYLOADS))
    def test_payload_ends_in_our_error(self, tmp_path, payload):
        """Each injection payload raises the library's render error, naming the template."""
        renderer = ii.Renderer(_pack(tmp_path, PAYLOADS[payload]))
        with pytest.raises(ii.RenderError) as info:
            _outreach(renderer)
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


class TestBombs:
    @pytest.mark.parametrize("bomb", sorted(BOMBS))
    def test_refused_by_its_guard_within_the_budget(self, tmp_path, bomb):
        """Each bomb raises TemplateSecurityError from the guard meant for it, naming template and line, and never spends past the budget."""
        template, guard = BOMBS[bomb]
        renderer = ii.Renderer(_pack(tmp_path, template))
        with sandbox.budget() as meter, pytest.raises(ii.TemplateSecurityError) as info:
            _outreach(renderer)
        assert guard in str(info.value)
        assert str(info.value).startswith("outreach/email.txt.j2, line ")
        assert meter.spent <= meter.limit

    @pytest.mark.parametrize("bomb", sorted(BOMBS))
    def test_refused_before_it_is_built(self, tmp_path, bomb):
        """While a bomb is refused, Python's allocations never peak past 50 MB."""
        renderer = ii.Renderer(_pack(tmp_path, BOMBS[bomb][0]))
        tracemalloc.start()
        try:
            with pytest.raises(ii.TemplateSecurityError):
                _outreach(renderer)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 50 * 2**20, f"{bomb} peaked at {peak / 2**20:.0f} MB"

    def test_steps_within_budget_render(self, tmp_path):
        """A loop of 15,000 plain iterations fits the budget: the guards refuse bombs, not work."""
        renderer = ii.Renderer(_pack(tmp_path, "{% for i in range(15000) %}{% endfor %}done\n"))
        with sandbox.budget() as meter:
            assert "done\n" == _outreach(renderer).body
        assert 15_000 * 1_000 <= meter.spent <= meter.limit

    def test_one_budget_across_fallbacks(self, tmp_path):
        """A letter that falls back to a shorter template spends one budget in all, not one per template."""
        loop = "{% for i in range(12000) %}x{% endfor %}\n"
        root = _pack(tmp_path, loop, name="outreach/linkedin-note.txt.j2")
        (root / "outreach" / "linkedin-note-short.txt.j2").write_text(loop, encoding="utf-8")
        (root / "pack.toml").write_text(
            '[pack]\nname = "long"\n[render.fallback]\n"outreach/linkedin-note" = "outreach/linkedin-note-short"\n',
            encoding="utf-8",
        )
        renderer = ii.Renderer(root)
        with pytest.raises(ii.TemplateSecurityError, match="used up its budget"):
            renderer.outreach(
                samples.requester(), samples.contact(), channel=ii.Channel.LINKEDIN_NOTE
            )
        # Alone, the long template fits the budget and falls back to the built-in short note.
        (tmp_path / "alone").mkdir()
        alone = ii.Renderer(_pack(tmp_path / "alone", loop, name="outreach/linkedin-note.txt.j2"))
        letter = alone.outreach(
            samples.requester(), samples.contact(), channel=ii.Channel.LINKEDIN_NOTE
        )
        assert "outreach/linkedin-note-minimal.txt.j2" == letter.template

    def test_guarded_padding_filters_still_work(self, tmp_path):
        """center, indent and format, once refused outright, now render when their result is small."""
        template = "{{ 'x'|center(5) }}|{{ 'a\nb'|indent(2) }}|{{ '%3s-%(k)s'|format('q') if false else '%(k)3s'|format(k=1) }}|{{ '%*d' % (4, 7) }}\n"
        assert "  x  |a\n  b|  1|   7\n" == _outreach(ii.Renderer(_pack(tmp_path, template))).body


class TestTerminalSafety:
    def test_escape_sequences_and_bidi_overrides_are_stripped(self, tmp_path):
        """ESC, OSC and CSI sequences, other control characters and bidi overrides never reach subject or body."""
        template = (
            "Subject: a\u001b]0;pwned\u0007b\u202ec\n"
            "\u001b[31mred\u001b[0m \u009b31mx\r\u0007 {{ '\\x1b]52;c;ZXZpbA==\\x07' }}\u2066y\u2069\n"
        )
        letter = _outreach(ii.Renderer(_pack(tmp_path, template)))
        assert ("abc", "red x\n y\n") == (
            letter.subject,
            letter.body,
        )  # Jinja2 reads a CR as a line end


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
