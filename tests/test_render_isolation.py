"""Tests for Renderer(isolation="process"): renders in a worker process under operating-system limits.

Each test that renders starts a worker process, so there are few of them. None
asserts a wall-clock time.
"""

# One-sentence test docstrings read best on one line each.
# ruff: noqa: E501

from __future__ import annotations

import pytest

import infointerview as ii
from infointerview import samples

# Holds twenty-odd strings of wide characters at once, one per macro frame.
MEMORY_BOMB = (
    "{% macro f(n) %}{% set a = '\\U0001F600' * 190000 %}{% if n %}{{ f(n-1) }}{% endif %}"
    "{{ a|length }}{% endmacro %}{{ f(25) }}"
)
# About a full budget of joins: far more CPU time than ten milliseconds.
CPU_BOMB = (
    "{% set y=range(20000)|list %}{% for i in range(20000) %}{{ y|join|length }}{% endfor %}"
)


def _pack(tmp_path, template: str):
    root = tmp_path / "pack"
    (root / "outreach").mkdir(parents=True)
    (root / "pack.toml").write_text('[pack]\nname = "evil"\n', encoding="utf-8")
    (root / "outreach" / "email.txt.j2").write_text(template, encoding="utf-8")
    return root


def _outreach(renderer):
    return renderer.outreach(samples.requester(), samples.contact(), channel=ii.Channel.EMAIL)


class TestArguments:
    @pytest.mark.parametrize(
        ("argument", "value", "expected"),
        [
            ("isolation", "thread", "'none' (render in this process) or 'process'"),
            ("isolation", None, "'none' (render in this process) or 'process'"),
            ("memory_mb", 0, "a positive whole number of megabytes"),
            ("memory_mb", 1.5, "a positive whole number of megabytes"),
            ("cpu_seconds", -1, "a positive number of seconds"),
            ("wall_seconds", float("nan"), "a positive number of seconds"),
            ("wall_seconds", True, "a positive number of seconds"),
        ],
    )
    def test_invalid_argument_is_named(self, argument, value, expected):
        """A wrong isolation mode or limit raises ValidationError naming the argument, the value and what is valid."""
        with pytest.raises(ii.ValidationError) as info:
            ii.Renderer(**{argument: value})
        assert (argument, repr(value)) == (info.value.field, repr(info.value.value))
        assert expected in str(info.value)
        assert argument in str(info.value)

    def test_default_renders_in_process(self):
        """Without the argument, a renderer renders in the calling process."""
        renderer = ii.Renderer()
        assert ("none", None) == (renderer.isolation, renderer._worker)


class TestWorker:
    def test_letter_is_the_same_as_in_process(self, tmp_path):
        """A letter rendered in the worker equals the one rendered in process, and a bomb there is refused by the sandbox's own guard."""
        root = _pack(tmp_path, "Subject: Hi\n{{ greeting }}, {{ requester.school|upper }}\n")
        isolated = ii.Renderer(root, isolation="process")
        assert _outreach(ii.Renderer(root)) == _outreach(isolated)
        assert "isolation='process'" in repr(isolated)
        (root / "outreach" / "email.txt.j2").write_text(
            "{{ ('a'*20000)|replace('a','b'*200000)|length }}", encoding="utf-8"
        )
        with pytest.raises(ii.TemplateSecurityError, match="refused the filter 'replace'"):
            _outreach(ii.Renderer(root, isolation="process"))

    def test_memory_bomb_ends_in_our_error(self, tmp_path):
        """Past the worker's address-space limit, the parent gets TemplateSecurityError naming the limit and keeps working."""
        renderer = ii.Renderer(_pack(tmp_path, MEMORY_BOMB), isolation="process", memory_mb=1)
        with pytest.raises(ii.TemplateSecurityError) as info:
            _outreach(renderer)
        assert "outreach/email.txt.j2: rendering passed the worker's memory limit of 1 MB" == str(
            info.value
        )
        assert "Dear Ms. Lindqvist," == _outreach(ii.Renderer()).body.splitlines()[0]

    def test_cpu_bomb_ends_in_our_error(self, tmp_path):
        """Past the worker's CPU-time limit, the parent gets TemplateSecurityError naming the limit, and the next render starts a new worker."""
        renderer = ii.Renderer(_pack(tmp_path, CPU_BOMB), isolation="process", cpu_seconds=0.01)
        for _ in range(2):
            with pytest.raises(ii.TemplateSecurityError) as info:
                _outreach(renderer)
            assert (
                "outreach/email.txt.j2: rendering passed the worker's CPU-time limit of 0.01 s"
                == str(info.value)
            )
