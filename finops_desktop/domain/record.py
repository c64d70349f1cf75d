"""Frozen records: the classes ``@dataclass(frozen=True)`` makes, made at a fraction of the cost.

The workshop's values (ratings, business units, the model, the changes the edit gate reports)
are frozen records. ``@record`` gives a class what ``@dataclass(frozen=True)`` gives it, the
same fields, defaults, ``__init__`` signature, ``repr``, equality, hash and
:class:`~dataclasses.FrozenInstanceError`, and ``dataclasses.fields``, ``replace`` and
``asdict`` work on it, because the standard decorator still reads its fields.

The difference is what it costs when a module is imported. The standard decorator compiles
six functions from source text for each class: ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` and ``__delattr__``. The window imports about sixty such classes
before its first frame. Here only ``__init__`` is compiled, because it depends on the class's
fields. The other five are shared functions that read the field names the class keeps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


class _Factory:
    """The default of an argument whose field has a ``default_factory``: made anew for each record."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: type[T]) -> type[T]:
    """``cls`` as a frozen record (see the module): the same as ``@dataclass(frozen=True)``.

    ``InitVar`` fields are not supported; nothing here uses them.
    """
    own = cls.__dict__
    for name in ("__setattr__", "__delattr__"):
        if name in own:
            raise TypeError(f"cannot overwrite attribute {name} in class {cls.__name__}")
    has_doc = bool(own.get("__doc__"))
    own_eq = "__eq__" in own
    own_hash = own.get("__hash__", MISSING)
    # The standard rule: a __hash__ of the class's own is kept, unless it is the None Python
    # puts there for a class that defines __eq__.
    keeps_hash = not (own_hash is MISSING or (own_hash is None and own_eq))
    if not has_doc:
        cls.__doc__ = "-"  # spares the standard decorator a signature; the real one is set below
    made: Any = dataclasses.dataclass(cls, init=False, repr=False, eq=False)  # reads the fields; makes no function
    fields = dataclasses.fields(made)
    made.__init__ = _init(made, fields)
    if not has_doc:
        made.__doc__ = f"{made.__name__}({', '.join(f.name for f in fields if f.init)})"
    if "__repr__" not in own:
        made.__record_shown__ = tuple(f.name for f in fields if f.repr)
        made.__repr__ = _repr
    if not own_eq:
        made.__record_compared__ = _key(f.name for f in fields if f.compare)
        made.__eq__ = _eq
    if not keeps_hash:
        made.__record_hashed__ = _key(f.name for f in fields if (f.compare if f.hash is None else f.hash))
        made.__hash__ = _hash
    made.__setattr__ = _setattr
    made.__delattr__ = _delattr
    return made  # the class itself, with its methods


def _key(names: Any) -> staticmethod[[object], tuple[Any, ...]]:
    """The values of the fields ``names`` of a record, as one tuple (kept on its class)."""
    names = tuple(names)
    if len(names) > 1:
        return staticmethod(attrgetter(*names))
    if names:
        one = attrgetter(names[0])
        return staticmethod(lambda item: (one(item),))
    return staticmethod(lambda item: ())


def _init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """``cls.__init__``, compiled from its fields as the standard decorator writes it."""
    scope: dict[str, Any] = {"__set": object.__setattr__, "__FACTORY": _FACTORY}
    arguments: list[str] = []
    keyword_only: list[str] = []
    body: list[str] = []
    for index, f in enumerate(fields):
        default = f"__default_{index}"
        factory = f"__factory_{index}"
        if f.default is not MISSING:
            scope[default] = f.default
        if f.default_factory is not MISSING:
            scope[factory] = f.default_factory
        if f.init:
            argument = f.name
            if f.default is not MISSING:
                argument += f"={default}"
            elif f.default_factory is not MISSING:
                argument += "=__FACTORY"
            if f.kw_only:
                keyword_only.append(argument)
            elif "=" not in argument and any("=" in earlier for earlier in arguments):
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
            else:
                arguments.append(argument)
            if f.default_factory is not MISSING:
                value = f"{factory}() if {f.name} is __FACTORY else {f.name}"
            else:
                value = f.name
        elif f.default_factory is not MISSING:
            value = f"{factory}()"
        elif f.default is not MISSING:
            value = default
        else:
            continue  # neither an argument nor a default: the standard decorator leaves it unset too
        body.append(f"    __set(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    signature = ", ".join([*arguments, *(["*", *keyword_only] if keyword_only else [])])
    source = f"def __init__({', '.join(['self', signature]) if signature else 'self'}):\n"
    source += ("\n".join(body) or "    pass") + "\n"
    exec(source, scope)
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


@recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_shown__)
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self: Any, other: Any) -> bool:
    if other.__class__ is self.__class__:
        compared = self.__record_compared__
        return bool(compared(self) == compared(other))
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__record_hashed__(self))


def _setattr(self: Any, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")
