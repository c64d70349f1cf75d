"""``@record`` makes the same classes as ``@dataclass(frozen=True)``: each class is built both
ways from one description of its fields, and the two are used side by side."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from dataclasses import FrozenInstanceError, dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finops_desktop.domain.record import record


@record
class Point:
    """A module-level record, so that pickle can find it."""

    x: int
    y: int = 0


#: One field: (name, how it is declared, its options).
FieldSpec = tuple[str, str, dict[str, Any]]


def _field_specs() -> st.SearchStrategy[list[FieldSpec]]:
    kinds = st.sampled_from(["plain", "default", "factory", "no-init-default", "no-init-factory"])
    options = st.fixed_dictionaries({}, optional={
        "compare": st.booleans(), "repr": st.booleans(), "hash": st.sampled_from([None, True, False]),
        "kw_only": st.booleans()})
    names = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), unique=True, max_size=6)
    return names.flatmap(lambda chosen: st.tuples(*[st.tuples(st.just(n), kinds, options) for n in chosen])
                         ).map(list)


def _build(decorate: Any, specs: list[FieldSpec], post_init: bool, base: type | None = None) -> type:
    namespace: dict[str, Any] = {"__annotations__": {}}
    for name, kind, options in specs:
        namespace["__annotations__"][name] = "int"
        if kind == "plain" and options:
            namespace[name] = field(**options)
        elif kind == "default":
            namespace[name] = field(default=len(name), **options)
        elif kind == "factory":
            namespace[name] = field(default_factory=tuple, **options)
        elif kind == "no-init-default":
            namespace[name] = field(default=7, init=False, **options)
        elif kind == "no-init-factory":
            namespace[name] = field(default_factory=frozenset, init=False, **options)
    if post_init:
        def __post_init__(self: Any) -> None:
            object.__setattr__(self, "seen", True)
        namespace["__post_init__"] = __post_init__
    cls = type("Item", (base,) if base is not None else (), namespace)
    cls.__module__ = __name__
    return decorate(cls)


def _both(specs: list[FieldSpec], post_init: bool = False) -> tuple[type, type] | None:
    """The class made by ``dataclass(frozen=True)`` and by ``record``, or None where the standard one refuses."""
    try:
        standard = _build(dataclass(frozen=True), specs, post_init)
    except (TypeError, ValueError) as refused:
        with pytest.raises(type(refused)):
            _build(record, specs, post_init)
        return None
    return standard, _build(record, specs, post_init)


def _arguments(cls: type) -> dict[str, int]:
    """Values for the arguments of ``cls`` that have no default."""
    return {name: index * 10 + 1 for index, (name, parameter) in enumerate(inspect.signature(cls).parameters.items())
            if parameter.default is inspect.Parameter.empty}


def _parameters(cls: type) -> list[tuple[str, Any, bool]]:
    """The arguments of ``cls``: name, kind, and whether it has a default."""
    return [(p.name, p.kind, p.default is not inspect.Parameter.empty)
            for p in inspect.signature(cls).parameters.values()]


@settings(max_examples=300, deadline=None)
@given(specs=_field_specs(), post_init=st.booleans())
def test_a_record_behaves_as_a_frozen_dataclass(specs: list[FieldSpec], post_init: bool) -> None:
    pair = _both(specs, post_init)
    if pair is None:
        return
    standard, made = pair
    assert _parameters(made) == _parameters(standard)
    values = _arguments(standard)
    one, two = standard(**values), made(**values)
    assert repr(two) == repr(one)
    assert dataclasses.asdict(two) == dataclasses.asdict(one)
    assert [f.name for f in dataclasses.fields(made)] == [f.name for f in dataclasses.fields(standard)]
    assert hash(two) == hash(made(**values)) and two == made(**values)
    assert (two.__class__.__hash__ is None) == (one.__class__.__hash__ is None)
    assert hasattr(two, "seen") == hasattr(one, "seen") == post_init
    for name in [f.name for f in dataclasses.fields(made)]:
        with pytest.raises(FrozenInstanceError):
            setattr(two, name, 5)
        with pytest.raises(FrozenInstanceError):
            delattr(two, name)
    # A change to one field: equal to the standard class exactly when that field is compared.
    for f in dataclasses.fields(standard):
        if not f.init:
            continue
        changed = {**values, f.name: 99}
        assert (standard(**changed) == one) == (made(**changed) == two)
        assert dataclasses.replace(two, **{f.name: 99}) == made(**changed)
        # The hash changes with the field exactly when the standard class hashes it.
        assert (hash(standard(**changed)) == hash(one)) == (hash(made(**changed)) == hash(two))


def test_defaults_made_by_a_factory_are_new_for_each_record() -> None:
    @record
    class Basket:
        """Items, and a count kept apart from them."""

        items: list[int] = field(default_factory=list)
        counts: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    first, second = Basket(), Basket()
    assert first.items is not second.items and first.counts is not second.counts
    assert Basket([1]).items == [1]
    assert repr(Basket([1])) == "test_defaults_made_by_a_factory_are_new_for_each_record.<locals>.Basket(items=[1])"
    with pytest.raises(TypeError):
        Basket(counts={})  # type: ignore[call-arg]


def test_records_of_different_classes_are_never_equal() -> None:
    @record
    class Other:
        """The same field as Point, another class."""

        x: int
        y: int = 0

    assert Point(1, 2) != Other(1, 2)
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(1, 3)
    assert (Point(1, 2) == "Point(1, 2)") is False


def test_a_subclass_adds_fields_after_those_of_its_base() -> None:
    @record
    class Named(Point):
        """A point with a name."""

        name: str = ""

    named = Named(1, 2, "here")
    assert (named.x, named.y, named.name) == (1, 2, "here")
    assert repr(named).endswith("Named(x=1, y=2, name='here')")
    assert named != Point(1, 2)
    with pytest.raises(FrozenInstanceError):
        named.name = "there"  # type: ignore[misc]


def test_methods_of_the_class_own_are_kept() -> None:
    @record
    class Loose:
        """Equal to any Loose."""

        value: int

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Loose)

        def __repr__(self) -> str:
            return "loose"

    @record
    class Unhashable:
        """Says no to hash()."""

        value: int
        __hash__ = None  # type: ignore[assignment]

    assert Loose(1) == Loose(2) and repr(Loose(1)) == "loose"
    assert hash(Loose(1)) == hash(Loose(1))  # its __eq__ of its own, and the record's hash
    with pytest.raises(TypeError):
        hash(Unhashable(1))


def test_a_record_may_not_bring_its_own_setattr() -> None:
    with pytest.raises(TypeError, match="__setattr__"):
        @record
        class Open:
            """Tries to let its fields change."""

            value: int

            def __setattr__(self, name: str, value: object) -> None:
                object.__setattr__(self, name, value)


def test_a_field_without_default_after_one_with_is_refused_as_the_standard_decorator_does() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        @record
        class Wrong:
            """A default, then none."""

            a: int = 0
            b: int  # type: ignore[misc]


def test_records_copy_and_pickle() -> None:
    point = Point(3, 4)
    assert copy.copy(point) == point and copy.deepcopy(point) == point
    assert pickle.loads(pickle.dumps(point)) == point


def test_a_record_without_a_docstring_is_described_by_its_arguments() -> None:
    @record
    class Plain:
        value: int
        other: str = ""

    assert Plain.__doc__ == "Plain(value, other)"
    assert list(inspect.signature(Plain).parameters) == ["value", "other"]
