"""The etiquette rule engine: prepared text, rules, configuration and checks.

Private; the public names are re-exported by :mod:`infointerview.etiquette`.
"""
