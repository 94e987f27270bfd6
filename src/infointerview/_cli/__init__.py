"""The ``infointerview`` command: the parser in :mod:`.main`, one module per sub-command."""
