"""csm_kit: Customer Success metrics as Ibis plugins.

>>> import csm_kit as ck
>>> kit = ck.connect()                     # the embedded sample data
>>> kit.compute(["nps", "mrr"], grain="month").to_pandas()
"""

from __future__ import annotations

__version__ = "0.1.0"

from importlib import import_module
from typing import TYPE_CHECKING

# Light and eager: what a plugin module imports to declare its metrics.
from csm_kit.errors import (
    ArgumentError,
    BackendError,
    ColumnTypeError,
    ComputeError,
    ComputeWarning,
    CsmKitError,
    DataQualityError,
    DeclarationError,
    DimensionError,
    DuplicateMetricError,
    FilterWarning,
    MappingError,
    MissingColumnError,
    MissingTableError,
    ParamError,
    PeriodError,
    PluginError,
    UnknownMetricError,
)
from csm_kit.hookspecs import hookimpl
from csm_kit.metric import Benchmark, Fact, Metric, Param, fact, metric

# Heavy (Ibis, pandas, DuckDB): imported on first use, so `import csm_kit` and every CLI call
# stay fast. name -> the module that defines it.
_LAZY = {
    "CohortFrame": "csm_kit.cohorts",
    "Explorer": "csm_kit.explorer",  # needs ipywidgets, the notebook extra
    "Kit": "csm_kit.kit",
    "MetricFrame": "csm_kit.frame",
    "Registry": "csm_kit.registry",
    "Scorecard": "csm_kit.frame",
    "connect": "csm_kit.kit",
    "datasets": "csm_kit.datasets",
    "load_registry": "csm_kit.registry",
}

if TYPE_CHECKING:
    from csm_kit import datasets
    from csm_kit.cohorts import CohortFrame
    from csm_kit.explorer import Explorer
    from csm_kit.frame import MetricFrame, Scorecard
    from csm_kit.kit import Kit, connect
    from csm_kit.registry import Registry, load_registry

__all__ = [
    "ArgumentError", "BackendError", "Benchmark", "CohortFrame", "ColumnTypeError", "ComputeError",
    "ComputeWarning", "CsmKitError",
    "DataQualityError", "DeclarationError", "DimensionError", "DuplicateMetricError", "Explorer",
    "Fact", "FilterWarning", "Kit",
    "MappingError", "Metric", "MetricFrame", "MissingColumnError", "MissingTableError", "Param",
    "ParamError", "PeriodError", "PluginError", "Registry", "Scorecard", "UnknownMetricError",
    "connect", "datasets", "fact", "hookimpl", "load_registry", "metric",
]


def __getattr__(name: str) -> object:
    """The heavy names of the public API, imported on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module 'csm_kit' has no attribute {name!r}")
    module = import_module(_LAZY[name])
    value = module if name == "datasets" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
