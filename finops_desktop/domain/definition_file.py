"""Reading TOML definition files (models, playbooks) with errors that name file, line and field.

The standard library's ``tomllib`` reports syntax errors with a line, but a value of the
wrong type or a missing key is found only after parsing; :class:`TomlDocument` maps
every table and key back to the line it was written on so those errors can say where.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path as FsPath
from typing import Any

from .values import odd_character

Path = tuple[str | int, ...]


class DefinitionError(ValueError):
    """A definition file is malformed; the message names the file, line and field."""

    def __init__(self, source: str, line: int | None, field: str, reason: str) -> None:
        self.source = source
        self.line = line
        self.field = field
        self.reason = reason
        where = f"{source}, line {line}" if line else source
        what = f"{field}: {reason}" if field else reason
        super().__init__(f"{where}: {what}")


_INLINE_KEY = re.compile(r"[{,]\s*([A-Za-z0-9_\-]+)\s*=")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=\s*(.*)$")


def read_definition_text(path: FsPath) -> str:
    """The text of a definition file, or a :class:`DefinitionError` naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DefinitionError(str(path), None, "", "not a text file (UTF-8 expected)") from None
    except OSError as exc:
        raise DefinitionError(str(path), None, "", exc.strerror or str(exc)) from None


def format_path(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class TomlDocument:
    """A parsed TOML text plus the line of every table header and key in it."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        try:
            self.data: dict[str, Any] = tomllib.loads(text)
        except RecursionError:
            raise DefinitionError(source, None, "", "not valid TOML: nested too deeply") from None
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"line (\d+)", str(exc))
            line = int(match.group(1)) if match else None
            reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
            raise DefinitionError(source, line, "", f"not valid TOML: {reason}") from None
        self._lines = dict(_index_lines(text))
        self._check_characters(self.data, ())

    def _check_characters(self, value: object, path: Path) -> None:
        """Every text in the file is text a workshop may show: no control characters, direction marks, noncharacters.

        (A stage name holding an escape sequence would reach a terminal; one holding U+FFFE makes an SVG invalid.)
        """
        if len(path) > 64:
            raise self.error(path, "nested too deeply")
        if isinstance(value, str):
            odd = odd_character(value.replace("\r\n", "\n"))
            if odd:
                raise self.error(path, f"contains {odd}")
        elif isinstance(value, dict):
            for key, item in value.items():
                self._check_characters(key, path)
                self._check_characters(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._check_characters(item, path + (index,))

    def line_of(self, path: Path) -> int | None:
        """Line of the deepest part of ``path`` that was written in the file."""
        for end in range(len(path), 0, -1):
            line = self._lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def error(self, path: Path, reason: str) -> DefinitionError:
        return DefinitionError(self.source, self.line_of(path), format_path(path), reason)

    # Typed access -------------------------------------------------------------------

    def get(self, table: dict[str, Any], key: str, path: Path, kind: type | tuple[type, ...], *,
            required: bool = True, default: Any = None) -> Any:
        if key not in table:
            if required:
                raise DefinitionError(self.source, self.line_of(path), format_path(path + (key,)),
                                      "required field is missing")
            return default
        value = table[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            raise self.error(path + (key,), f"expected {_kind_name(kinds)}, found {_kind_name((bool,))}")
        if not isinstance(value, kinds):
            raise self.error(path + (key,), f"expected {_kind_name(kinds)}, found {_kind_name((type(value),))}")
        if isinstance(value, str) and str in kinds and required and not value.strip():
            raise self.error(path + (key,), "must not be empty")
        return value

    def tables(self, table: dict[str, Any], key: str, path: Path, *, required: bool = True
               ) -> Iterator[tuple[dict[str, Any], Path]]:
        """Each table of an array of tables, with its path."""
        items = self.get(table, key, path, list, required=required, default=[])
        if required and not items:
            raise self.error(path + (key,), "must list at least one entry")
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.error(path + (key, index), "expected a table")
            yield item, path + (key, index)


def _kind_name(kinds: tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
             list: "a list", dict: "a table"}
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


def _index_lines(text: str) -> Iterator[tuple[Path, int]]:
    table: Path = ()
    counters: dict[Path, int] = {}
    in_multiline: str | None = None
    array: Path | None = None  # a multi-line array of inline tables, one per line
    array_index = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        if in_multiline:
            if in_multiline in line:
                in_multiline = None
            continue
        if array is not None:
            stripped = line.strip()
            if stripped.startswith("{"):
                element = (*array, array_index)
                yield element, lineno
                for inner in _INLINE_KEY.findall(stripped):
                    yield (*element, inner), lineno
                array_index += 1
            if stripped.startswith("]"):
                array = None
            continue
        header = _table_header(line)
        if header:
            table = _resolve(header[0], counters, is_array=header[1])
            yield table, lineno
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(1).strip('"')
            yield table + (name,), lineno
            value = key.group(2)
            if value.startswith("[") and value.count("[") > value.count("]"):
                array, array_index = (*table, name), 0
            for quote in ('"""', "'''"):
                if value.startswith(quote) and value.count(quote) == 1:
                    in_multiline = quote


def _table_header(line: str) -> tuple[str, bool] | None:
    """The dotted name of a ``[table]`` or ``[[array]]`` header line and whether it is an array; linear time.

    (A regular expression for this backtracked: one crafted line of spaces took minutes.)
    """
    stripped = line.strip()
    if not stripped.startswith("["):
        return None
    is_array = stripped.startswith("[[")
    body = stripped[2:] if is_array else stripped[1:]
    end = body.find("]")
    if end < 0:
        return None
    name, rest = body[:end], body[end + 1:]
    if rest.startswith("]"):
        rest = rest[1:]
    elif is_array:
        return None
    rest = rest.strip()
    if (rest and not rest.startswith("#")) or "[" in name or "#" in name or not name.strip():
        return None
    return name.strip(), is_array


def _resolve(dotted: str, counters: dict[Path, int], *, is_array: bool) -> Path:
    parts = [p.strip().strip('"') for p in dotted.split(".")]
    path: Path = ()
    for position, part in enumerate(parts):
        path = path + (part,)
        last = position == len(parts) - 1
        if last and is_array:
            counters[path] = counters.get(path, -1) + 1
            # A new parent entry starts its nested arrays afresh.
            for key in [k for k in counters if len(k) > len(path) and k[: len(path)] == path]:
                del counters[key]
            path = path + (counters[path],)
        elif path in counters:
            path = path + (counters[path],)
    return path

