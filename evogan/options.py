"""Options declared once: their kind, range, default and help.

Every algorithm states its options in one ``Options`` declaration. Python keyword
arguments, command-line specs (``name:key=value``, whose values arrive as text), TOML
campaigns and the registry all check and convert through it, so an unknown key or a
value of the wrong kind fails the same way everywhere, at construction, with a message
that names the option, the value and what is valid.

A kind (``Integer``, ``Real``, ``Boolean``, ``Choice``, ...) checks
Python values strictly (``2.5`` is not an integer, ``"30"`` is not a number, NaN is not
finite) and parses text. Dataclasses declare their fields with ``option`` and check
them with ``check_fields``; ``declared`` turns such a dataclass into options.

Example:
    >>> OPTIONS = Options("demo", [Option("epochs", Integer(low=1), 20, "training epochs")])
    >>> OPTIONS.check({"epochs": 5})
    {'epochs': 5}
    >>> OPTIONS.parse({"epochs": "7"})
    {'epochs': 7}
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from evogan.errors import OptionError, check_choice

__all__ = [
    "AnyOf",
    "Boolean",
    "Choice",
    "Integer",
    "Kind",
    "Names",
    "Nullable",
    "Option",
    "Options",
    "Real",
    "Settings",
    "Text",
    "check_fields",
    "declared",
    "option",
]


class Kind(Protocol):
    """What values an option takes."""

    @property
    def what(self) -> str:
        """What a valid value does, for messages: ``"be an integer >= 1"``, ``"lie in [0, 1]"``."""
        ...

    def check(self, value: Any) -> Any:
        """``value`` converted to the canonical type; ValueError (reason) if not valid."""
        ...

    def parse(self, text: str) -> Any:
        """``text`` (from a command line) as a valid value; ValueError if it is none."""
        ...


def _bounds(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    """``">= 1"``, ``"< 2"``, or ``"in (0, 1]"`` for both bounds."""
    if low is not None and high is not None:
        return f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f"{'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f"{'<' if high_open else '<='} {high:g}"
    return ""


@dataclass(frozen=True)
class Integer:
    """A whole number (not a bool, not a float) within ``[low, high]``."""

    low: int | None = None
    high: int | None = None

    @property
    def what(self) -> str:
        bounds = _bounds(self.low, self.high, False, False)
        return "be an integer" + (f" {bounds}" if bounds else "")

    def check(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ValueError(self.what)
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            raise ValueError(self.what)
        return int(value)

    def parse(self, text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise ValueError(self.what) from None
        return self.check(value)


@dataclass(frozen=True)
class Real:
    """A finite number within ``low`` and ``high`` (each closed unless marked open)."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    @property
    def what(self) -> str:
        bounds = _bounds(self.low, self.high, self.low_open, self.high_open)
        if bounds.startswith("in "):
            return "lie " + bounds
        return "be finite" + (f" and {bounds}" if bounds else "")

    def check(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ValueError(self.what)
        x = float(value)
        if not math.isfinite(x):
            raise ValueError(self.what)
        if self.low is not None and (x < self.low or (self.low_open and x == self.low)):
            raise ValueError(self.what)
        if self.high is not None and (x > self.high or (self.high_open and x == self.high)):
            raise ValueError(self.what)
        return x

    def parse(self, text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise ValueError(self.what) from None
        return self.check(value)


@dataclass(frozen=True)
class Boolean:
    """``True`` or ``False`` (text: true/false, yes/no, 1/0)."""

    what: str = "be true or false"

    def check(self, value: Any) -> bool:
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(self.what)
        return bool(value)

    def parse(self, text: str) -> bool:
        word = text.strip().lower()
        if word in ("true", "yes", "1"):
            return True
        if word in ("false", "no", "0"):
            return False
        raise ValueError(self.what)


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of strings."""

    choices: tuple[str, ...]

    @property
    def what(self) -> str:
        return "be one of the valid choices: " + ", ".join(repr(c) for c in self.choices)

    def check(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self.choices:
            raise ValueError(self.what)
        return value

    def parse(self, text: str) -> str:
        return self.check(text.strip())


@dataclass(frozen=True)
class Text:
    """Any non-empty string."""

    what: str = "be a non-empty string"

    def check(self, value: Any) -> str:
        if not isinstance(value, str) or not value:
            raise ValueError(self.what)
        return value

    def parse(self, text: str) -> str:
        return self.check(text.strip())


@dataclass(frozen=True)
class Names:
    """A non-empty sequence of distinct names from ``choices`` (text: ``"a+b+c"``).

    An unknown name is reported on its own: ``unknown <singular> 'x'; valid choices: ...``.
    """

    choices: tuple[str, ...]
    singular: str = "name"

    @property
    def what(self) -> str:
        return "name distinct choices of " + ", ".join(repr(c) for c in self.choices)

    def check(self, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            return self.parse(value)
        if not isinstance(value, Sequence) or not value:
            raise ValueError(self.what)
        names = tuple(value)
        for name in names:
            check_choice(self.singular, name, self.choices)
        if len(set(names)) != len(names):
            raise ValueError(self.what)
        return names

    def parse(self, text: str) -> tuple[str, ...]:
        parts = text.replace(",", "+").replace(" ", "+").split("+")
        return self.check(tuple(p.strip() for p in parts if p.strip()))


@dataclass(frozen=True)
class Settings:
    """A sequence of tables (dicts) of further settings, each checked by its owner."""

    what: str = "be a list of tables of settings"

    def check(self, value: Any) -> tuple[dict[str, Any], ...]:
        if value is None:
            return ()
        if isinstance(value, Mapping) or not isinstance(value, Sequence) or isinstance(value, str):
            raise ValueError(self.what)
        if not all(isinstance(v, Mapping) for v in value):
            raise ValueError(self.what)
        return tuple(dict(v) for v in value)

    def parse(self, text: str) -> tuple[dict[str, Any], ...]:
        raise ValueError(f"{self.what} (give it in Python or in a TOML campaign)")


def _none_text(value: Any) -> bool:
    """Whether ``value`` is the text ``none`` (any case, spaces around)."""
    return isinstance(value, str) and value.strip().lower() == "none"


@dataclass(frozen=True)
class Nullable:
    """``None`` (text: ``none``, also where a value is expected, as TOML has no null),
    meaning ``meaning``, or a value of ``kind``."""

    kind: Kind
    meaning: str

    @property
    def what(self) -> str:
        return f"{self.kind.what}, or be none ({self.meaning})"

    def check(self, value: Any) -> Any:
        if value is None or _none_text(value):
            return None
        try:
            return self.kind.check(value)
        except ValueError:
            raise ValueError(self.what) from None

    def parse(self, text: str) -> Any:
        if _none_text(text):
            return None
        try:
            return self.kind.parse(text)
        except ValueError:
            raise ValueError(self.what) from None


@dataclass(frozen=True)
class AnyOf:
    """A value of the first of ``kinds`` that takes it."""

    kinds: tuple[Kind, ...]

    @property
    def what(self) -> str:
        return " or ".join(k.what for k in self.kinds)

    def check(self, value: Any) -> Any:
        return self._first("check", value)

    def parse(self, text: str) -> Any:
        return self._first("parse", text)

    def _first(self, method: str, value: Any) -> Any:
        for kind in self.kinds:
            try:
                return getattr(kind, method)(value)
            except ValueError:
                continue
        raise ValueError(self.what)


@dataclass(frozen=True)
class Option:
    """One declared option.

    Attributes:
        name: the keyword.
        kind: what values it takes.
        default: its default (``None`` may mean "set by another option", as the help says).
        help: one line for users (command-line help, the docs).
    """

    name: str
    kind: Kind
    default: Any
    help: str

    def check(self, value: Any, owner: str = "") -> Any:
        """``value`` checked and converted; OptionError naming the option otherwise."""
        try:
            return self.kind.check(value)
        except OptionError:
            raise  # a kind's own complete message (an unknown name among several)
        except ValueError as exc:
            raise OptionError(self._message(value, str(exc), owner)) from None

    def parse(self, text: str, owner: str = "") -> Any:
        """``text`` (a command-line value) parsed and checked."""
        try:
            return self.kind.parse(text)
        except OptionError:
            raise
        except ValueError as exc:
            raise OptionError(self._message(text, str(exc), owner)) from None

    def _message(self, value: Any, what: str, owner: str) -> str:
        if isinstance(self.kind, Choice):  # the project's message for a name among a few
            choices = ", ".join(repr(c) for c in self.kind.choices)
            return f"unknown {self.name} {value!r}; valid choices: {choices}"
        where = f"{owner} option " if owner else ""
        return f"{where}{self.name} must {what}, got {value!r}"


class Options(Mapping[str, Option]):
    """An ordered declaration of options, by name.

    Args:
        owner: the name in messages (``"GMOEA"``, ``"nsga2"``).
        options: the options, in the order help shows them.
    """

    def __init__(self, owner: str, options: Iterable[Option]) -> None:
        self.owner = owner
        self._options = {o.name: o for o in options}

    def __getitem__(self, name: str) -> Option:
        return self._options[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._options)

    def __len__(self) -> int:
        return len(self._options)

    def __repr__(self) -> str:
        return f"Options({self.owner!r}, {list(self._options)})"

    def defaults(self) -> dict[str, Any]:
        """Every option's default."""
        return {name: o.default for name, o in self._options.items()}

    def unknown(self, names: Iterable[str], extra: Iterable[str] = ()) -> None:
        """Raise OptionError if any of ``names`` is neither an option nor in ``extra``."""
        valid = set(self._options) | set(extra)
        bad = sorted(set(names) - valid)
        if bad:
            raise OptionError(
                f"unknown {self.owner} option(s) {bad}; valid options: " + ", ".join(sorted(valid))
            )

    def check(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` checked and converted, each by its option; unknown keys raise."""
        self.unknown(values)
        return {k: self._options[k].check(v, self.owner) for k, v in values.items()}

    def parse(self, texts: Mapping[str, str]) -> dict[str, Any]:
        """Command-line values (text) parsed and checked by their options."""
        self.unknown(texts)
        return {k: self._options[k].parse(v, self.owner) for k, v in texts.items()}

    def merged(self, owner: str, *others: Iterable[Option]) -> Options:
        """These options and ``others`` (a later option replaces one of the same name)."""
        options = dict(self._options)
        for group in others:
            options.update({o.name: o for o in group})
        return Options(owner, options.values())

    def without(self, *names: str) -> Options:
        """These options less ``names``."""
        return Options(self.owner, (o for n, o in self._options.items() if n not in names))

    def help_lines(self) -> list[str]:
        """One line per option: ``name: help (must ...; default X)``."""
        return [
            f"{o.name}: {o.help} (must {o.kind.what}; default {o.default!r})"
            for o in self._options.values()
        ]


_KEY = "evogan.option"


def option(default: Any, kind: Kind, help: str) -> Any:
    """A dataclass field declared as an option (see ``declared``, ``check_fields``)."""
    return dataclasses.field(default=default, metadata={_KEY: (kind, help)})


def declared(cls: type, owner: str | None = None, rename: Mapping[str, str] = {}) -> Options:
    """The options a dataclass declares with ``option``, in field order.

    Args:
        cls: the dataclass.
        owner: the name in messages (default: the class name).
        rename: option names that differ from field names, ``{field: option}``.
    """
    options = []
    for f in dataclasses.fields(cls):
        if _KEY in f.metadata:
            kind, help = f.metadata[_KEY]
            options.append(Option(rename.get(f.name, f.name), kind, f.default, help))
    return Options(owner or cls.__name__, options)


def check_fields(obj: Any) -> None:
    """Check and convert every declared field of the dataclass instance ``obj`` in place.

    Call it from ``__post_init__``; a frozen dataclass is updated with
    ``object.__setattr__``.
    """
    for f in dataclasses.fields(obj):
        if _KEY in f.metadata:
            kind, help = f.metadata[_KEY]
            value = Option(f.name, kind, f.default, help).check(getattr(obj, f.name))
            object.__setattr__(obj, f.name, value)
