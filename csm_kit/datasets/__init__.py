"""Sample data sets: every canonical table with realistic shapes.

* :func:`generate` returns the tables in memory (a dict of ``pyarrow.Table``);
* :func:`write_duckdb` writes them into a DuckDB file, streaming the big events table in chunks.
"""

from __future__ import annotations

from csm_kit.datasets.duckdb_writer import write_duckdb
from csm_kit.datasets.generate import accounts_for, generate

__all__ = ["accounts_for", "generate", "write_duckdb"]
