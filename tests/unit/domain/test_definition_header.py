"""The line index of a definition file reads a crafted header in linear time (it once backtracked for minutes)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from finops_desktop.domain.definition_file import _table_header

CRAFTED = textwrap.dedent("""
    import sys
    from finops_desktop.domain.definition_file import _index_lines
    line = "[" + " " * 30000 + "x" + " " * 30000  # a header that never closes
    print(len(dict(_index_lines("format = 1\\n" + line + "\\n" + line.replace("[", "[[") + "\\n"))))
""")


def test_a_crafted_header_is_indexed_at_once() -> None:
    # A generous guard: the line is indexed in milliseconds; the backtracking parser never finished.
    done = subprocess.run([sys.executable, "-c", CRAFTED], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"  # only "format"; neither crafted line is a header


def test_headers_are_read_as_before() -> None:
    assert _table_header("[rules]") == ("rules", False)
    assert _table_header("  [[dimensions]]  # one per dimension") == ("dimensions", True)
    assert _table_header('[[ dimensions.indicators ]]') == ("dimensions.indicators", True)
    assert _table_header("[a]]") == ("a", False)
    assert _table_header("[[a]") is None
    assert _table_header("[a] b") is None
    assert _table_header("[]") is None
    assert _table_header("x = [1]") is None
