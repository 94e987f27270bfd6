"""Tests that every public entry point answers bad arguments with the library's own errors."""

from __future__ import annotations

import pickle

import pytest

import infointerview as ii


def _nested_dict(depth: int) -> dict[str, object]:
    top: dict[str, object] = {}
    inner = top
    for _ in range(depth):
        child: dict[str, object] = {}
        inner["name"] = child
        inner = child
    return top


def _nested_list(depth: int) -> list[object]:
    top: list[object] = []
    inner = top
    for _ in range(depth):
        child: list[object] = []
        inner.append(child)
        inner = child
    return top


class _BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


class TestErrorMessages:
    @pytest.mark.parametrize(
        "value",
        [
            _nested_dict(100_000),
            _nested_list(100_000),
            "x" * 1_000_000,
            10**5000,
            list(range(100_000)),
            {str(i): i for i in range(10_000)},
            _BadRepr(),
        ],
        ids=[
            "deep-dict",
            "deep-list",
            "long-str",
            "huge-int",
            "long-list",
            "wide-dict",
            "bad-repr",
        ],
    )
    def test_message_stays_bounded(self, value):
        """A huge, deep or unprintable value gives a short one-line message, without recursing."""
        error = ii.ValidationError("Contact.name", value, "must be a string")
        message = str(error)
        assert message.startswith("Contact.name: must be a string; got ")
        assert len(message) < 200
        assert "\n" not in message

    def test_deep_dict_is_summarised(self):
        """A nested dict is shown two levels deep, then elided."""
        error = ii.ValidationError("Contact.name", _nested_dict(100_000), "must be a string")
        assert "Contact.name: must be a string; got {'name': {'name': {...}}}" == str(error)

    def test_unprintable_value_is_named_by_type(self):
        """A value whose repr raises is named by its type."""
        error = ii.ValidationError("x", _BadRepr(), "must be a string")
        assert "x: must be a string; got <_BadRepr object>" == str(error)

    def test_long_field_is_cut(self):
        """A field path built from a huge key stays short."""
        error = ii.ValidationError("Contact." + "k" * 10_000, 1, "is not a key")
        assert len(str(error)) < 200

    def test_value_is_kept_whole(self):
        """The error keeps the refused value itself, unshortened, and pickles."""
        value = "x" * 1000
        error = ii.ValidationError("Contact.name", value, "must be short")
        assert value == error.value
        assert str(error) == str(pickle.loads(pickle.dumps(error)))
