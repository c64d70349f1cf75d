"""``python -m finops_desktop.cli``: the same as ``finops-workshop``."""

import sys

from finops_desktop.cli import main

sys.exit(main())
