"""The folder where the app keeps what it can make again (its caches), for every layer.

It is the folder platformdirs names. On Linux that is ``$XDG_CACHE_HOME`` or ``~/.cache``,
worked out here as platformdirs does it: importing platformdirs took 5 ms, and the window
reads two caches before its first frame (the platform check and the schema's reference).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_FOLDER = "finops-workshop"


def cache_folder() -> Path:
    """The app's folder in the user's cache folder (made by whoever first writes to it)."""
    if sys.platform.startswith("linux"):
        configured = os.environ.get("XDG_CACHE_HOME", "")
        base = configured if os.path.isabs(configured) else os.path.expanduser("~/.cache")  # relative: ignored
        return Path(base) / APP_FOLDER
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_FOLDER, appauthor=False))


def log_folder() -> Path:
    """The app's folder for its log of errors nothing else caught (loaded only when one happens)."""
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_FOLDER, appauthor=False))
