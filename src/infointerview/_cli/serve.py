"""The ``serve`` command: the HTTP service, built in :mod:`infointerview._serve` (same layer)."""

from infointerview._serve.command import add_parser as register

__all__ = ["register"]
