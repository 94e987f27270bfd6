"""Import the batch extra's packages on first use, with a clear error when missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from infointerview.exceptions import MissingExtraError

__all__ = ["require"]


def require(module: str, feature: str, *, extra: str = "batch") -> ModuleType:
    """Import *module*, or say which extra installs it.

    Args:
        module: The module to import, such as ``"pyarrow.parquet"``.
        feature: What the caller is doing, for the error message.
        extra: The extra that installs the module.

    Returns:
        The imported module.

    Raises:
        MissingExtraError: The module is not installed.
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(feature, extra) from None
