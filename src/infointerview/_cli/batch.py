"""The ``batch`` command: many stored messages at once, built in :mod:`infointerview._batch`."""

from infointerview._batch.command import add_parser as register

__all__ = ["register"]
