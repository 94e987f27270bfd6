"""Channel limits, read from the pack's dated ``channels.toml``.

The renderers refuse a letter over its channel's hard limit and the etiquette
checks report one; both read the limits here, from the same data. This module
reads TOML only and never imports Jinja2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import attrs

from infointerview._models.models import Channel
from infointerview._packs.packs import Pack, PackStack, builtin_pack
from infointerview.exceptions import PackError

__all__ = ["CHANNELS_FILE", "ChannelLimits", "channel_limits", "check_channels_file"]

#: The pack file that holds the limits.
CHANNELS_FILE: Final = "channels.toml"

_KEYS: Final = {
    "label",
    "body_max",
    "body_max_premium",
    "subject_max",
    "subject_advice_min",
    "subject_advice_max",
    "reviewed",
    "source",
}


@attrs.frozen(kw_only=True)
class ChannelLimits:
    """The length limits of one channel, with where they come from.

    Attributes:
        channel: The channel they apply to.
        label: A human name for it ("LinkedIn connection note").
        body_max: Most characters the body may hold on a free account, or
            ``None`` where the channel sets no limit.
        body_max_premium: Most characters on a paid (Premium) account.
        subject_max: Most characters the subject may hold.
        subject_advice_min: Shortest subject the guidance advises.
        subject_advice_max: Longest subject the guidance advises.
        reviewed: When the figures were last checked against their source.
        source: Where the figures come from.
    """

    channel: Channel
    label: str
    body_max: int | None = None
    body_max_premium: int | None = None
    subject_max: int | None = None
    subject_advice_min: int | None = None
    subject_advice_max: int | None = None
    reviewed: dt.date | None = None
    source: str | None = None

    def body_limit(self, *, premium: bool = False) -> int | None:
        """Return the hard limit on the body for a free or paid account.

        Args:
            premium: Whether the sender has a paid account.

        Returns:
            The most characters allowed, or ``None`` for no limit.
        """
        if premium and self.body_max_premium is not None:
            return self.body_max_premium
        return self.body_max


def channel_limits(stack: PackStack | None = None) -> dict[Channel, ChannelLimits]:
    """Return every channel's limits, as the pack stack defines them.

    Args:
        stack: Packs to read; the built-in pack alone when omitted. A user
            pack's ``channels.toml`` overrides the built-in values key by key.

    Returns:
        The limits of each channel.

    Raises:
        PackError: A ``channels.toml`` is malformed; the message names the key.
    """
    packs = stack.packs if stack is not None else (builtin_pack(),)
    merged: dict[str, dict[str, Any]] = {}
    for pack in reversed(packs):
        for name, table in _tables(pack).items():
            merged.setdefault(name, {}).update(table)
    limits = {}
    for channel in Channel:
        table = merged.get(channel.value, {})
        limits[channel] = ChannelLimits(
            channel=channel,
            label=table.get("label", channel.value),
            **{k: v for k, v in table.items() if k != "label"},
        )
    return limits


def check_channels_file(pack: Pack) -> None:
    """Check a pack's ``channels.toml``, if it has one, as loading a pack does.

    Args:
        pack: The pack.

    Raises:
        PackError: The file is not valid TOML, or a channel or key in it is
            unknown or has a value of the wrong type; the message names it.
    """
    _tables(pack)


def _tables(pack: Pack) -> dict[str, dict[str, Any]]:
    # The pack's channel tables, checked, by channel name.
    if not pack.has(CHANNELS_FILE):
        return {}
    path = pack.root / CHANNELS_FILE
    document = pack.read_toml(CHANNELS_FILE)
    unknown = sorted(set(document) - {"channels"})
    if unknown:
        raise PackError(
            f"{path}: unknown table {unknown[0]!r}; {CHANNELS_FILE} holds [channels.<channel>] "
            "tables only"
        )
    channels = document.get("channels", {})
    if not isinstance(channels, dict):
        raise PackError(
            f"{path}: channels must be a table of channel tables, such as "
            f"[channels.email] with subject_advice_max = 50, got {channels!r:.60}"
        )
    return {name: _checked(path, name, table) for name, table in channels.items()}


def _checked(path: object, name: str, table: object) -> dict[str, Any]:
    valid = ", ".join(c.value for c in Channel)
    if name not in {c.value for c in Channel}:
        raise PackError(f"{path}: unknown channel {name!r:.60}; channels are {valid}")
    if not isinstance(table, dict):
        raise PackError(
            f"{path}: channels.{name} must be a table, such as [channels.{name}] with "
            f'label = "…" under it, got {table!r:.60}'
        )
    for key, value in table.items():
        where = f"{path}: channels.{name}.{key}"
        if key not in _KEYS:
            raise PackError(
                f"{path}: channels.{name}.{key!r:.60} is not a known key; keys are "
                f"{', '.join(sorted(_KEYS))}"
            )
        if key in {"label", "source"} and not isinstance(value, str):
            raise PackError(f"{where} must be a string, got {value!r:.60}")
        if key == "reviewed" and (
            not isinstance(value, dt.date) or isinstance(value, dt.datetime)
        ):
            raise PackError(f"{where} must be a TOML date such as 2026-11-25, got {value!r:.60}")
        if key.endswith(("_max", "_min", "_premium")) and (
            isinstance(value, bool) or not isinstance(value, int) or value <= 0
        ):
            raise PackError(f"{where} must be a positive whole number, got {value!r:.60}")
    return table
