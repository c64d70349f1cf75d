"""The DuckDB connection evidence reading uses: it reads the files it is given, and nothing else.

DuckDB would otherwise install and load extensions on demand (from the network), and it takes
``*``, ``?`` and ``[`` in a file's name as a pattern of other names: a file received as
``*.csv`` would read every CSV file beside it, and figures would silently add up twice.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

#: Settings no query can change afterwards (the configuration is locked once they are set).
OFFLINE_CONFIG: dict[str, str | bool] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
}


def literal_path(path: Path | str) -> str:
    """The file's absolute path with DuckDB's pattern characters escaped, so DuckDB reads that one file.

    Each ``*``, ``?`` and ``[`` becomes a class of that one character (``[*]``), which DuckDB's glob
    matches only literally; the path is absolute so that DuckDB does not expand a leading ``~``.
    """
    return glob.escape(os.path.abspath(path))


def connect_offline(files: Iterable[Path | str], **settings: str | bool) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that may read (or write) only ``files``: no extension, no network, no other file.

    ``settings`` are further DuckDB settings (``memory_limit="1GB"``), set before the configuration is locked.
    """
    import duckdb

    con = duckdb.connect(config=dict(OFFLINE_CONFIG))
    try:
        for name, value in settings.items():  # names are the caller's constants, never data
            con.execute(f"SET {name} = ?", [value])
        # DuckDB checks the path as written and every file a pattern expands to, so both forms are allowed.
        allowed = sorted({form for f in files for form in (os.path.abspath(f), literal_path(f))})
        con.execute("SET allowed_paths = ?", [allowed])
        con.execute("SET enable_external_access = false")  # after allowed_paths: it cannot change once off
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con
