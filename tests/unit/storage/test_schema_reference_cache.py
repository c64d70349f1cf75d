"""The schema's reference is kept in the cache folder under a key of the files that make it, the bundle's too."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from finops_desktop.storage import schema_check
from finops_desktop.storage.file_format import SCHEMA_VERSION


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_key_names_the_migrations_this_check_and_sqlite_utils(cache_home: Path) -> None:
    path, key = schema_check._cache_file()
    assert path is not None and path.parent == cache_home / "finops-workshop"
    for name in ("schema.py", "schema_check.py", "db.py", "migrations.py"):
        assert f"{os.sep}{name}:" in key


def test_in_the_bundle_the_key_is_the_bundles_program(cache_home: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "finops-desktop"
    program.write_bytes(b"a bundle's program")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program))
    path, key = schema_check._cache_file()
    assert path is not None and str(program) in key and "schema.py" not in key
    os.utime(program, ns=(0, 10**18))  # a new build
    other_path, other_key = schema_check._cache_file()
    assert other_key != key and other_path != path


def test_without_the_files_that_make_it_nothing_is_kept(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert schema_check._cache_file() == (None, "")


def test_a_kept_reference_made_for_another_key_is_made_again(cache_home: Path) -> None:
    path, key = schema_check._cache_file()
    assert path is not None
    path.parent.mkdir(parents=True)
    forged = {"key": "another", "versions": {str(SCHEMA_VERSION): {"objects": [], "master": []}}}
    path.write_text(json.dumps(forged), encoding="utf-8")
    reference = schema_check._reference.__wrapped__(SCHEMA_VERSION)  # not the one this process already read
    assert reference["objects"] and reference["master"], "built again, not the forged empty schema"
    assert json.loads(path.read_text(encoding="utf-8"))["key"] == key
