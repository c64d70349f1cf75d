"""The app's cache folder is the one platformdirs names, worked out without importing it on Linux."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from finops_desktop.user_folders import APP_FOLDER, cache_folder


@pytest.mark.parametrize("configured", [None, "", "   ", "/srv/cache", "relative/cache"])
def test_the_cache_folder_is_platformdirs_own(configured: str | None, monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    if configured is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", configured)
    assert cache_folder() == Path(platformdirs.user_cache_dir(APP_FOLDER, appauthor=False))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the folder is worked out here on Linux only")
def test_finding_it_does_not_load_platformdirs() -> None:
    import subprocess

    code = "import sys; from finops_desktop.user_folders import cache_folder; cache_folder(); " \
           "print('platformdirs' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
