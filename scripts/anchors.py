"""Write or check etiquette/data/anchors.json, the phrase groups' anchors.

Usage: python scripts/anchors.py [--write]

Without --write it exits 1 when the shipped file is stale (the rule data
changed since it was written); scripts/check runs it that way.
"""

from __future__ import annotations

import sys

from infointerview.etiquette._anchors import main

if __name__ == "__main__":
    sys.exit(main())
