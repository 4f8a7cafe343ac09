"""Typed errors. Everything csm_kit raises on purpose is a :class:`CsmKitError`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class CsmKitError(Exception):
    """Base class of every error csm_kit raises on purpose."""


class DeclarationError(CsmKitError):
    """A metric declaration is invalid (unknown table or column, bad param, no benchmark...)."""


class PluginError(CsmKitError):
    """A plugin failed to import, raised in its hook or returned something that is not a Metric."""


class DuplicateMetricError(PluginError):
    """Two plugins declare a metric with the same id."""


class UnknownMetricError(CsmKitError, KeyError):
    """The metric id is not in the registry."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else ""


class ArgumentError(CsmKitError, ValueError):
    """An argument of a public function is of the wrong type or value (named in the message)."""


class ParamError(ArgumentError):
    """An unknown parameter, or a value outside the allowed ones."""


class PeriodError(ArgumentError):
    """An invalid grain, start, end or period."""


class BackendError(CsmKitError):
    """The data source cannot be opened: a missing file, an unreachable server, a backend whose
    extra is not installed, missing credentials."""


class MappingError(CsmKitError):
    """The user's data cannot be bound onto the canonical tables a metric needs."""


class MissingTableError(MappingError):
    """A canonical table a metric needs is not mapped."""


class MissingColumnError(MappingError):
    """A canonical column a metric needs is missing from the mapped table."""


class ColumnTypeError(MappingError):
    """A mapped column has a type that cannot be used for the canonical column."""


class DataQualityError(CsmKitError):
    """The data would give wrong numbers: duplicate keys, or nulls in a required column."""


class DimensionError(ArgumentError):
    """A `by` column is not a column of the accounts table, or the metric cannot be split by it."""


class ComputeError(CsmKitError):
    """The backend failed to run a metric's query."""


class ComputeWarning(UserWarning):
    """Some metrics could not be computed while the others were."""


class FilterWarning(UserWarning):
    """A filter value that no account holds (so its rows are empty)."""


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """Return ' Did you mean 'x'?' for the closest candidates (a case-insensitive match first), or
    '' when nothing is close."""
    pool = [str(c) for c in candidates]
    lowered: dict[str, str] = {}
    for c in pool:
        lowered.setdefault(c.lower(), c)
    exact = [c for c in pool if c.lower() == str(name).lower() and c != name]
    close = exact or [lowered[c] for c in difflib.get_close_matches(str(name).lower(), list(lowered),
                                                                  n=3, cutoff=0.6)]
    close = [c for c in dict.fromkeys(close) if c != name]
    if not close:
        return ""
    return " Did you mean " + " or ".join(repr(c) for c in close) + "?"
