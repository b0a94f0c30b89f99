"""`python -m floor` is the `floor` command."""

import sys

from floor.cli import main

sys.exit(main())
