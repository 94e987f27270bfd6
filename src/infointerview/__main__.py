"""Run the command line: ``python -m infointerview``."""

import sys

from infointerview._cli import main

sys.exit(main())
