"""Reading TOML definition files (models, playbooks) with errors that name file, line and field.

The standard library's ``tomllib`` reports syntax errors with a line, but a value of the
wrong type or a missing key is found only after parsing; :class:`TomlDocument` maps
every table and key back to the line it was written on so those errors can say where.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path as FsPath
from typing import Any

from .values import odd_character

Path = tuple[str | int, ...]

#: No figure a definition holds (a share, a weight, a factor, days, a monthly spend) comes near this; a
#: larger number is a slip of the keyboard or a crafted file, and one above about 10^308 is not a float at all.
MAX_NUMBER = 10**15


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
        except ValueError:
            # tomllib's one plain ValueError: a whole number longer than Python reads (4,300 digits).
            raise DefinitionError(source, *_where_longest_number(text), _TOO_LARGE) from None
        self._lines = dict(_index_lines(text))
        self._check_values(self.data, ())

    def _check_values(self, value: object, path: Path) -> None:
        """Every text in the file is text a workshop may show, and every number a finite one in range.

        (A stage name holding an escape sequence would reach a terminal; one holding U+FFFE makes an SVG invalid;
        a share of ``inf`` or of 400 digits would stop the sums, or raise where only a refusal was expected.)
        """
        if len(path) > 64:
            raise self.error(path, "nested too deeply")
        if isinstance(value, str):
            odd = odd_character(value.replace("\r\n", "\n"))
            if odd:
                raise self.error(path, f"contains {odd}")
        elif isinstance(value, dict):
            for key, item in value.items():
                self._check_values(key, path)
                self._check_values(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._check_values(item, path + (index,))
        else:
            problem = number_problem(value)
            if problem:
                raise self.error(path, problem)

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

    def number(self, table: dict[str, Any], key: str, path: Path, *, default: float | None = None) -> float:
        """A number, whole or not, as a float: finite and at most :data:`MAX_NUMBER` either way.

        Required unless it has a default. Every parser reads its figures here, never with a ``float()``
        of its own, so that no figure of a definition can overflow or be ``inf`` or ``nan``.
        """
        value = self.get(table, key, path, (int, float), required=default is None, default=default)
        return self._finite(value, path + (key,))

    def optional_number(self, table: dict[str, Any], key: str, path: Path) -> float | None:
        """:meth:`number`, or ``None`` when the field is not written."""
        value = self.get(table, key, path, (int, float), required=False)
        return None if value is None else self._finite(value, path + (key,))

    def _finite(self, value: int | float, path: Path) -> float:
        # The whole document was checked on reading; checked again here so that this stays the one gate.
        problem = number_problem(value)
        if problem:
            raise self.error(path, problem)
        return float(value)

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


_TOO_LARGE = f"a number larger than any figure a definition holds (at most {MAX_NUMBER:,} either way)"


def number_problem(value: object) -> str | None:
    """Why ``value``, a number read from a definition, is not one a figure can have; ``None`` if it can be."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and math.isnan(value):
        return "expected a number, found nan (not a number)"
    if isinstance(value, float) and math.isinf(value):
        return "expected a finite number, found infinity"
    if not -MAX_NUMBER <= value <= MAX_NUMBER:
        return _TOO_LARGE
    return None


def _where_longest_number(text: str) -> tuple[int | None, str]:
    """The line and field of the longest run of digits: the whole number tomllib refused as too long to read."""
    longest = max(re.finditer(r"[0-9_]+", text), key=lambda m: m.end() - m.start(), default=None)
    if longest is None:
        return None, ""
    line = text.count("\n", 0, longest.start()) + 1
    path = next((p for p, at in reversed(list(_index_lines(text))) if at == line), ())
    # In an inline table (``crawl = { share = 1000…0 }``) the key just before the number is the field; in a
    # list on one line (``days = [2, 1000…0]``) the commas before it give its place.
    before = text[max(text.rfind("\n", 0, longest.start()) + 1, longest.start() - 200):longest.start()]
    key = re.search(r"([A-Za-z0-9_\-]+)\s*=\s*([+-]?|\[[^\[\]{}\"'#]*)$", before)
    if key:
        name, rest = key.groups()
        path = path if path and path[-1] == name else (*path, name)
        path = (*path, rest.count(",")) if rest.startswith("[") else path
    return line, format_path(path)


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

