"""Which files a billing import reads, in which format, and the record of each (size, SHA-256)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from ..domain.record import record
from .errors import EvidenceError

FORMATS = ("csv", "csv.gz", "parquet")
_SUFFIXES = {".csv": "csv", ".csv.gz": "csv.gz", ".csv.gzip": "csv.gz", ".parquet": "parquet", ".parq": "parquet"}
_CHUNK = 1 << 20


@record
class DataFile:
    path: Path
    format: str  # one of FORMATS
    size: int


def _suffix_format(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, kind in _SUFFIXES.items():
        if name.endswith(suffix):
            return kind
    return None


def _sniffed_format(path: Path) -> str:
    """A file named without a known suffix is told by its first bytes."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise EvidenceError(f"{path.name} cannot be read ({exc.strerror})") from None
    if head == b"PAR1":
        return "parquet"
    if head[:2] == b"\x1f\x8b":
        return "csv.gz"
    return "csv"


def find_data_files(paths: Iterable[Path | str]) -> list[DataFile]:
    """The data files named, folders searched (with their subfolders) for CSV, gzip CSV and Parquet files."""
    found: list[DataFile] = []
    named = [Path(p) for p in paths]
    if not named:
        raise EvidenceError("name at least one billing data file or folder")
    for path in named:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and _suffix_format(p) and
                            not p.name.startswith("."))
            if not inside:
                raise EvidenceError(f"the folder {path} holds no billing data files (.csv, .csv.gz or .parquet)")
            found.extend(_data_file(p, _suffix_format(p) or "csv") for p in inside)
        elif path.is_file():
            found.append(_data_file(path, _suffix_format(path) or _sniffed_format(path)))
        else:
            raise EvidenceError(f"{path}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for data_file in found:
        resolved = data_file.path.resolve()
        if resolved not in seen:  # a file named twice, or inside a folder also named, is read once
            seen.add(resolved)
            unique.append(data_file)
    return unique


def _data_file(path: Path, kind: str) -> DataFile:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise EvidenceError(f"{path.name} cannot be read ({exc.strerror})") from None
    if size == 0:
        raise EvidenceError(f"{path.name} is empty: it holds no billing data")
    return DataFile(path, kind, size)


def sha256_of(path: Path, *, cancelled: Callable[[], bool] = lambda: False) -> str:
    """The file's SHA-256, read in chunks (a billing export can be gigabytes)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                if cancelled():
                    break
                digest.update(chunk)
    except OSError as exc:
        raise EvidenceError(f"{path.name} cannot be read ({exc.strerror})") from None
    return digest.hexdigest()
