"""What every command group shares: the error a command raises, the parser, value parsing and look-ups.

Values typed on the command line are read by the same value kinds as in the window
(:mod:`finops_desktop.domain.values`); a misspelt name gets the nearest match ("did you
mean …?"), never the whole list.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

from ..domain.model import Dimension
from ..domain.values import ValueRefused
from ..domain.workshop import Workshop, same_name_key
from .output import safe_text

EXIT_ERROR = 2


class CommandError(Exception):
    """A command cannot do what was asked; the message is shown as is."""


class Parser(argparse.ArgumentParser):
    """Parse errors become one ``error:`` line like every other failure."""

    def error(self, message: str) -> NoReturn:
        raise CommandError(f"{message} (see '{self.prog} --help')")


def typed(kind: Any) -> Callable[[str], Any]:
    """An argparse ``type`` that reads an argument with a value kind's ``parse``."""

    def parse(text: str) -> Any:
        try:
            return kind.parse(text)
        except ValueRefused as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = getattr(kind, "what", "value")
    return parse


def parse_value(kind: Any, text: str) -> Any:
    """A value read by its kind, or a :class:`CommandError` with the kind's message."""
    try:
        return kind.parse(text)
    except ValueRefused as exc:
        raise CommandError(str(exc)) from None


def nearest(wanted: str, choices: Iterable[str]) -> str:
    """A "did you mean …?" tail for an error, or a hint of what there is when nothing is close."""
    options = list(choices)
    if not options:
        return " (there are none yet)"
    keyed = {same_name_key(option): option for option in options}
    close = difflib.get_close_matches(same_name_key(wanted), list(keyed), n=1, cutoff=0.5)
    if close:
        return f"; did you mean '{keyed[close[0]]}'?"
    if len(options) > 8:
        return f" ({len(options)} exist; 'finops-workshop show' lists them)"
    return f" (there are: {', '.join(options)})"


def business_unit_id(workshop: Workshop, name: str) -> int:
    """The id of the business unit a command names."""
    bu = workshop.business_unit_named(name.strip())
    if bu is None:
        names = (b.name for b in workshop.business_units)
        raise CommandError(f"no business unit named '{name}'" + nearest(name, names))
    return bu.id


def round_id_named(workshop: Workshop, name: str | None) -> int:
    """The id of the round a command names (the latest when it names none)."""
    if name is None:
        return workshop.active_round.id
    found = workshop.round_named(name.strip())
    if found is None:
        raise CommandError(f"no round named '{name}'" + nearest(name, (r.name for r in workshop.rounds)))
    return found.id


def dimension_named(workshop: Workshop, text: str) -> Dimension:
    """A dimension by id, name or short name, ignoring case."""
    wanted = same_name_key(text)
    for dimension in workshop.model.dimensions:
        if wanted in {same_name_key(dimension.id), same_name_key(dimension.name), same_name_key(dimension.label)}:
            return dimension
    names = [d.id for d in workshop.model.dimensions]
    raise CommandError(f"unknown dimension '{text}'" + nearest(text, names))


def said(message: str) -> int:
    """Report a successful write in one line (names from the file shown safely); the exit status."""
    print(safe_text(" ".join(message.split("\n"))))
    return 0
