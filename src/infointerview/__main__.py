"""Run the command line: ``python -m infointerview``."""

import sys

from infointerview._cli.main import main

if __name__ == "__main__":
    sys.exit(main())
