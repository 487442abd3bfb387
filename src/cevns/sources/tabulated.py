"""Fluxes read from a table: energy and differential flux per flavor.

File format (CSV, ``#`` comment lines allowed): a header ``energy_MeV,<flavor>,...`` with
flavor names from :data:`cevns.physics.FLAVORS`, then rows of energy (MeV) and dΦ/dE in
nu/cm^2/s/MeV at the reference distance given to :func:`tabulated_flux`; the flux is scaled
to other distances as 1/L^2. Values are linear between rows and zero outside them.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import numpy as np

from .._files import read_text_file
from ..errors import CevnsInputError, DataFileError
from ..physics import FLAVORS
from .flux import Flux, FluxComponent
from .spectra import TabulatedSpectrum

__all__ = ["tabulated_flux", "read_flux_table", "TabulatedSource"]


def read_flux_table(path: str | Path) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Read a flux table; returns (energies MeV, {flavor: dΦ/dE}). Errors are
    :class:`~cevns.errors.DataFileError` naming the file and line."""
    path = Path(path)
    text = read_text_file(path, "flux table")
    numbered = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not numbered:
        raise DataFileError(path, "empty flux table; expected 'energy_MeV,<flavor>,...' rows")
    header_line, header_text = numbered[0]
    header = [h.strip() for h in next(csv.reader([header_text]))]
    if len(header) < 2 or header[0] != "energy_MeV":
        raise DataFileError(
            path, f"the header must be 'energy_MeV,<flavor>,...', got {header}", header_line
        )
    for flavor in header[1:]:
        if flavor not in FLAVORS:
            raise DataFileError(
                path,
                f"unknown flavor column {flavor!r}; accepted: {', '.join(FLAVORS)}",
                header_line,
            )
    repeated = sorted({f for f in header[1:] if header[1:].count(f) > 1})
    if repeated:
        raise DataFileError(path, f"flavor column(s) {repeated} appear more than once", header_line)
    rows = []
    for number, line in numbered[1:]:
        row = next(csv.reader([line]))
        try:
            values = [float(x) for x in row]
        except ValueError:
            raise DataFileError(path, f"not numbers: {row}", number) from None
        if len(values) != len(header):
            raise DataFileError(
                path, f"{len(values)} columns; the header has {len(header)}", number
            )
        if not all(np.isfinite(values)):
            raise DataFileError(path, f"not finite numbers: {row}", number)
        if min(values) < 0:
            raise DataFileError(path, f"energies and fluxes must be >= 0, got {row}", number)
        rows.append(values)
    if len(rows) < 2:
        raise DataFileError(path, f"needs at least two data rows, found {len(rows)}")
    data = np.asarray(rows)
    if np.any(np.diff(data[:, 0]) <= 0):
        raise DataFileError(path, "energies must increase from row to row")
    if not np.any(data[:, 1:] > 0):
        raise DataFileError(path, "every flux column is zero")
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
        raise CevnsInputError("distances must be positive numbers of metres")
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
            raise CevnsInputError("distances must be positive numbers of metres")
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
