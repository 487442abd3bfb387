"""Fluxes read from a table: energy and differential flux per flavor.

File format (CSV, ``#`` comment lines allowed): a header ``energy_MeV,<flavor>,...`` with
flavor names from :data:`cevns.physics.FLAVORS`, then rows of energy (MeV) and dΦ/dE in
nu/cm^2/s/MeV at the reference distance given to :func:`tabulated_flux`; the flux is scaled
to other distances as 1/L^2. Values are linear between rows and zero outside them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import numpy as np

from .._files import read_text_file
from ..physics import check_flavor
from .flux import Flux, FluxComponent
from .spectra import TabulatedSpectrum

__all__ = ["tabulated_flux", "read_flux_table", "TabulatedSource"]


def read_flux_table(path: str | Path) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Read a flux table; returns (energies MeV, {flavor: dΦ/dE}). Errors say which line."""
    path = Path(path)
    text = read_text_file(path, "flux table")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise ValueError(f"flux table {path} is empty")
    reader = csv.reader(io.StringIO("\n".join(lines)))
    header = [h.strip() for h in next(reader)]
    if len(header) < 2 or header[0] != "energy_MeV":
        raise ValueError(
            f"flux table {path}: the header must be 'energy_MeV,<flavor>,...', got {header}"
        )
    for flavor in header[1:]:
        check_flavor(flavor)
    repeated = sorted({f for f in header[1:] if header[1:].count(f) > 1})
    if repeated:
        raise ValueError(f"flux table {path}: flavor column(s) {repeated} appear more than once")
    rows = []
    for lineno, row in enumerate(reader, start=2):
        try:
            values = [float(x) for x in row]
        except ValueError:
            raise ValueError(f"flux table {path}, data row {lineno}: not numbers: {row}") from None
        if len(values) != len(header):
            raise ValueError(
                f"flux table {path}, data row {lineno}: {len(values)} columns, "
                f"header has {len(header)}"
            )
        rows.append(values)
    if len(rows) < 2:
        raise ValueError(f"flux table {path}: needs at least two data rows, found {len(rows)}")
    data = np.asarray(rows)
    if not np.all(np.isfinite(data)):
        raise ValueError(f"flux table {path} holds non-finite numbers")
    if data[0, 0] < 0 or np.any(np.diff(data[:, 0]) <= 0):
        raise ValueError(f"flux table {path}: energies must be non-negative and increasing")
    if np.any(data[:, 1:] < 0):
        raise ValueError(f"flux table {path}: fluxes must be non-negative")
    if not np.any(data[:, 1:] > 0):
        raise ValueError(f"flux table {path}: every flux column is zero")
    return data[:, 0], {f: data[:, i + 1] for i, f in enumerate(header[1:])}


def tabulated_flux(
    path: str | Path,
    reference_distance_m: float,
    distance_m: float | None = None,
    timing=None,
    timing_kinds: dict[str, str] | None = None,
) -> Flux:
    """A :class:`~cevns.sources.flux.Flux` from a table measured at ``reference_distance_m``,
    scaled to ``distance_m`` (default: the reference distance). ``timing`` and
    ``timing_kinds`` (flavor -> "prompt"/"delayed") attach an arrival-time model."""
    energies, columns = read_flux_table(path)
    L = reference_distance_m if distance_m is None else distance_m
    if not (np.isfinite(L) and L > 0 and reference_distance_m > 0):
        raise ValueError("distances must be positive numbers of metres")
    scale = (reference_distance_m / L) ** 2
    comps = []
    kinds = timing_kinds or {}
    for flavor, values in columns.items():
        if not np.any(values > 0):
            continue
        spectrum = TabulatedSpectrum(tuple(energies), tuple(values))
        E = energies
        rate = float(np.sum(0.5 * (values[1:] + values[:-1]) * np.diff(E))) * scale
        comps.append(FluxComponent(flavor, spectrum, rate, kinds.get(flavor)))
    meta = {"source": f"table {Path(path).name}", "distance_m": float(L)}
    return Flux(tuple(comps), timing, meta)


class TabulatedSource:
    """A source defined by a flux table measured at ``reference_distance_m``; ``flux(L)``
    scales it to other distances as 1/L^2. Used for ``source = { table = ..., ... }`` in
    experiment TOML files. The table is read (and checked) once."""

    def __init__(self, path: str | Path, reference_distance_m: float, name: str = ""):
        self.path = Path(path)
        self.reference_distance_m = float(reference_distance_m)
        self.name = name or self.path.name
        self._reference = tabulated_flux(self.path, self.reference_distance_m)

    def flux(self, distance_m: float) -> Flux:
        if not (np.isfinite(distance_m) and distance_m > 0):
            raise ValueError("distances must be positive numbers of metres")
        scale = (self.reference_distance_m / distance_m) ** 2
        ref = self._reference
        comps = tuple(replace(c, rate=c.rate * scale) for c in ref.components)
        return Flux(comps, ref.timing, {**ref.metadata, "distance_m": float(distance_m)})

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "table": str(self.path),
            "reference_distance_m": self.reference_distance_m,
        }
