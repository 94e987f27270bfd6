"""check_frame: the checks over a pandas data frame, for Dask and Spark."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from infointerview._batch.extras import require
from infointerview._batch.schema import COLUMNS, TYPES, columns_of
from infointerview.etiquette import Config, Finding, check
from infointerview.exceptions import InfoInterviewError, InputError, ValidationError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["check_frame"]


def check_frame(
    df: pd.DataFrame,
    *,
    text: str = "text",
    kind: str | None = "kind",
    channel: str | None = None,
    id: str | None = "id",
    config: Config | None = None,
) -> pd.DataFrame:
    """Check every row of a data frame; return one row per finding.

    The result has the same columns, in the same order and of the same
    types, whatever the input, also when it is empty (see
    :data:`~infointerview.batch.COLUMNS`), so the function serves as a Dask
    ``map_partitions`` function and in Spark's ``mapInPandas``; the findings
    of each message are those of :func:`infointerview.check`, in its order.

    Args:
        df: The messages, one per row.
        text: The column holding each message's text.
        kind: The column holding each message's kind (``"outreach"``,
            ``"thank_you"``, ``"follow_up"`` or ``"question"``); an empty or
            missing value means outreach. ``None``, or the default name when
            the frame has no such column, checks every row as outreach.
        channel: The column holding each message's channel
            (``"linkedin-note"``, ...), empty for none; ``None`` for no column.
        id: The column that names each row; ``None``, or the default name when
            the frame has no such column, takes the frame's index instead.
        config: Which rules run and how; the defaults when omitted.

    Returns:
        A pandas DataFrame with the columns ``id`` (of the id column's or the
        index's type), ``rule``, ``severity``, ``message`` (strings),
        ``start``, ``end``, ``utf16_start``, ``utf16_end`` (int64),
        ``confidence`` (float64), ``suggestion`` (a string or missing) and
        ``decided_by`` (a string); rows in input order, each row's findings
        in position order. A row without findings adds no row.

    Raises:
        MissingExtraError: pandas is not installed.
        ValidationError: *df* is not a DataFrame, or lacks a column it names.
        InputError: A row cannot be checked (its text is missing or not a
            string, or its kind or channel names nothing); the error gives the
            row's id and its number in the frame, from 1.

    >>> import pandas as pd
    >>> import infointerview as ii
    >>> messages = pd.DataFrame({
    ...     "id": ["m1", "m2"],
    ...     "kind": ["question", "question"],
    ...     "text": ["What is a typical week like?", "Could we meet at your house?"],
    ... })
    >>> found = ii.batch.check_frame(messages)
    >>> found[["id", "rule", "start", "end"]].to_dict("records")
    [{'id': 'm2', 'rule': 'no-personal-residence', 'start': 9, 'end': 27}]
    """
    pandas = require("pandas", "check_frame")
    if not isinstance(df, pandas.DataFrame):
        raise ValidationError("df", df, "must be a pandas DataFrame")
    texts = _column(df, "text", text, default=None)
    kinds = _column(df, "kind", kind, default="kind")
    channels = _column(df, "channel", channel, default=None)
    ids_column = _column(df, "id", id, default="id")
    ids = df[ids_column] if ids_column is not None else pandas.Series(df.index, copy=False)
    positions: list[int] = []
    found: list[Finding] = []
    for position, (value, kind_value, channel_value) in enumerate(
        zip(
            _cells(df[texts]),
            _cells(df[kinds]) if kinds is not None else itertools.repeat(None),
            _cells(df[channels]) if channels is not None else itertools.repeat(None),
            strict=False,
        )
    ):
        try:
            if value is None:
                raise InputError("the text is missing")
            findings = check(
                value, kind_value or "outreach", config=config, channel=channel_value or None
            )
        except InfoInterviewError as error:
            reason = error.reason if isinstance(error, InputError) else str(error)
            raise InputError(reason, line=position + 1, id=ids.iloc[position]) from error
        positions.extend(itertools.repeat(position, len(findings)))
        found.extend(findings)
    data: dict[str, Any] = {"id": ids.iloc[positions].reset_index(drop=True)}
    for name, values in columns_of(found).items():
        data[name] = pandas.Series(values, dtype=TYPES[name])
    result: pd.DataFrame = pandas.DataFrame(data, columns=list(COLUMNS))
    return result


def _column(df: pd.DataFrame, role: str, name: str | None, *, default: str | None) -> str | None:
    """Return the column to read *role* from, or ``None`` for none."""
    if name is None:
        if role == "text":
            raise ValidationError("text", name, "must name the column holding the messages")
        return None
    if name in df.columns:
        return name
    if name == default:
        return None
    found = ", ".join(map(str, df.columns)) or "(none)"
    raise ValidationError(role, name, f"must name a column of the frame; its columns are {found}")


def _cells(series: pd.Series[Any]) -> list[Any]:
    """Return the series' values, with ``None`` for every missing one."""
    missing = series.isna().tolist()
    return [None if gone else value for value, gone in zip(series.tolist(), missing, strict=True)]
