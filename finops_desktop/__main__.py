"""``python -m finops_desktop [FILE]`` opens the app."""

import sys

from .app import main

sys.exit(main())
