"""csm_kit: Customer Success metrics as Ibis plugins.

>>> import csm_kit as ck
>>> kit = ck.connect()                     # the embedded sample data
>>> kit.compute(["nps", "mrr"], grain="month").to_pandas()
"""

from __future__ import annotations

__version__ = "0.1.0"

from csm_kit import datasets
from csm_kit.cohorts import CohortFrame
from csm_kit.engine import ComputeWarning
from csm_kit.errors import (
    ArgumentError,
    BackendError,
    ColumnTypeError,
    ComputeError,
    CsmKitError,
    DataQualityError,
    DeclarationError,
    DimensionError,
    DuplicateMetricError,
    MappingError,
    MissingColumnError,
    MissingTableError,
    ParamError,
    PeriodError,
    PluginError,
    UnknownMetricError,
)
from csm_kit.filters import FilterWarning
from csm_kit.frame import MetricFrame, Scorecard
from csm_kit.hookspecs import hookimpl
from csm_kit.kit import Kit, connect
from csm_kit.metric import Benchmark, Fact, Metric, Param, fact, metric
from csm_kit.registry import Registry, load_registry

__all__ = [
    "ArgumentError", "BackendError", "Benchmark", "CohortFrame", "ColumnTypeError", "ComputeError",
    "ComputeWarning", "CsmKitError",
    "DataQualityError", "DeclarationError", "DimensionError", "DuplicateMetricError", "Fact",
    "FilterWarning", "Kit",
    "MappingError", "Metric", "MetricFrame", "MissingColumnError", "MissingTableError", "Param",
    "ParamError", "PeriodError", "PluginError", "Registry", "Scorecard", "UnknownMetricError",
    "connect", "datasets", "fact", "hookimpl", "load_registry", "metric",
]


def __getattr__(name: str) -> object:
    """csm_kit.Explorer, imported on first use (it needs ipywidgets, the notebook extra)."""
    if name == "Explorer":
        from csm_kit.explorer import Explorer

        return Explorer
    raise AttributeError(f"module 'csm_kit' has no attribute {name!r}")
