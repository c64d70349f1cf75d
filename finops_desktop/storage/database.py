"""sqlite-utils, loaded when a workshop file is first created, migrated or written to.

Opening and reading a workshop file needs only the standard library's ``sqlite3``, so the
window shows an open file without sqlite-utils, which takes about 60 ms to import. When
sqlite-utils is loaded it would import numpy as well (another 50 ms or so), only to map
numpy's number types to column types; a workshop file never holds numpy values, so numpy
is held back during that import unless something (matplotlib, for the charts) has loaded
it already. It stays importable afterwards.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations


def writable_database(conn: sqlite3.Connection) -> Database:
    """sqlite-utils' view of an open connection, for writing."""
    with _numpy_held_back():
        from sqlite_utils import Database
    # sqlite-utils would turn recursive triggers on; a workshop file's own triggers never recurse.
    return Database(conn, execute_plugins=False, recursive_triggers=False)


def schema_migrations() -> Migrations:
    """The migrations that build (and bring up to date) the tables of a workshop file."""
    with _numpy_held_back():
        from .schema import migrations
    return migrations


def load_sqlite_utils() -> None:
    """Import sqlite-utils now (without numpy), so that the first edit does not wait for it."""
    with _numpy_held_back():
        import sqlite_utils  # noqa: F401


@contextmanager
def _numpy_held_back() -> Iterator[None]:
    """Imports inside the block see numpy as not installed, unless it is loaded already.

    A ``None`` entry in ``sys.modules`` makes ``import numpy`` raise ImportError, which
    sqlite-utils takes as "numpy is not installed"; the entry is removed afterwards, so a
    later import (by matplotlib) loads numpy as usual. The app imports from one thread only.
    """
    if "numpy" in sys.modules:
        yield
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if "numpy" in sys.modules and sys.modules["numpy"] is None:
            del sys.modules["numpy"]
