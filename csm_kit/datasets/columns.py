"""Arrow column builders and the assembly of tables with exactly the canonical schema."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csm_kit.schema import TABLES


def id_array(prefix: str, n: int, width: int, start: int = 1) -> pa.Array:
    """String ids prefix + zero-padded counter, e.g. U000001."""
    nums = pc.cast(pa.array(np.arange(start, start + n, dtype=np.int64)), pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(nums, width=width, padding="0"), "")


def id_width(n: int, minimum: int) -> int:
    """Digits of the counter in ids for `n` rows: enough for `n`, at least `minimum`."""
    return max(minimum, len(str(max(n, 1))))


def ts_array(us: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """A timestamp array of microseconds since epoch, null where mask is True."""
    return pa.array(np.asarray(us, np.int64), type=pa.timestamp("us"), mask=mask)


def date_array(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """A date array of days since epoch, null where mask is True."""
    return pa.array(np.asarray(days, np.int32), type=pa.date32(), mask=mask)


def take(values: pa.Array, idx: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """values[idx], null where mask is True."""
    return values.take(pa.array(np.asarray(idx, np.int64), mask=mask))


def canonical_table(name: str, columns: dict[str, Any]) -> pa.Table:
    """A pyarrow table with exactly the canonical schema of `name`."""
    schema = TABLES[name].schema.to_pyarrow()
    arrays = []
    for field in schema:
        col = columns[field.name]
        arr = col if isinstance(col, pa.Array) else pa.array(col, type=field.type)
        if arr.type != field.type:
            arr = arr.cast(field.type)
        if not field.nullable and arr.null_count:
            raise AssertionError(f"{name}.{field.name} holds nulls")  # a generator bug
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=schema)
