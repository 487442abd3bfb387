"""The result contract: every result the package returns is a frozen dataclass that

* ``to_dict()``: plain data with fixed keys (units in the key names, no data in keys);
* ``to_json(path=None)``: strict JSON (NaN and infinities become null);
* ``to_csv(path)``: one table, the columns of ``table()``, through :func:`write_csv`;
* ``plot(ax=None)``, where a figure makes sense.

:func:`write_csv` and :func:`write_json` are the package's one CSV and one JSON writer.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np

from .errors import CevnsInputError

__all__ = ["Result", "jsonable", "write_csv", "write_json"]


def jsonable(value):
    """``value`` as JSON-ready Python data: arrays to lists, numpy scalars to numbers,
    dataclass results through their ``to_dict``, NaN and infinities to None."""
    if hasattr(value, "to_dict") and not isinstance(value, dict):
        value = value.to_dict()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_json(value, path: str | Path | None = None, indent: int = 2) -> str:
    """Strict JSON text of ``value`` (see :func:`jsonable`); also written to ``path``."""
    text = json.dumps(jsonable(value), indent=indent, allow_nan=False)
    if path is not None:
        Path(path).write_text(text + "\n")
    return text


def _cell(value) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.10g}"
    return str(value)


def write_csv(path: str | Path, columns: dict, comment: str | None = None) -> Path:
    """Write a table given as {column name: values} (equal lengths) as CSV with a header,
    after a ``# comment`` line when given."""
    names = list(columns)
    cols = [np.asarray(columns[n]).ravel() if np.ndim(columns[n]) else [columns[n]] for n in names]
    if len({len(c) for c in cols}) > 1:
        lengths = {n: len(c) for n, c in zip(names, cols, strict=True)}
        raise CevnsInputError(f"CSV columns of different lengths: {lengths}")
    path = Path(path)
    with path.open("w", newline="") as fh:
        if comment:
            fh.write(f"# {comment}\n")
        writer = csv.writer(fh)
        writer.writerow(names)
        for row in zip(*cols, strict=True):
            writer.writerow([_cell(v) for v in row])
    return path


class Result:
    """Base of the result types: JSON and CSV from ``to_dict`` and ``table``."""

    def to_dict(self) -> dict:  # pragma: no cover - every result defines it
        raise NotImplementedError

    def table(self) -> dict:
        """The result as one table: {column name (unit in the name): values}. By default one
        row of the scalar entries of :meth:`to_dict`."""
        return {
            k: [v]
            for k, v in self.to_dict().items()
            if v is None or isinstance(v, (str, bool, int, float, np.generic))
        }

    def to_json(self, path: str | Path | None = None, indent: int = 2) -> str:
        """The result as strict JSON text; also written to ``path`` when given."""
        return write_json(self.to_dict(), path, indent)

    def to_csv(self, path: str | Path) -> Path:
        """The result's :meth:`table` as CSV."""
        return write_csv(path, self.table())
