"""Supernova fluences to and from SNOwGLoBES files and snewpy models.

SNOwGLoBES fluence files (github.com/SNOwGLoBES/snowglobes, ``fluxes/``; manual
``doc/tex_src/snowglobes_1.3.tex``, "Neutrino Fluxes"): no header, seven whitespace-separated
columns, E_ν in GeV then ν_e, ν_μ, ν_τ, ν̄_e, ν̄_μ, ν̄_τ, each the number of neutrinos per cm²
in a bin of 0.2 MeV at the row's energy, for a supernova at 10 kpc; 501 rows from 0 to
0.1 GeV.

snewpy (Baxter et al., JOSS 6, 3772 (2021); Astrophys. J. 925, 107 (2022)) models give the
emission spectra at the source, dN/dE/dt in 1/(erg s), per flavor ν_e, ν̄_e and each ν_x,
ν̄_x (``get_initial_spectra``); :func:`from_snewpy` integrates them over time and dilutes them
by 4πd². snewpy is optional (``pip install 'cevns[snewpy]'``).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from ..constants import CM_PER_M
from ..errors import CevnsInputError, DataFileError
from ..sources.flux import Flux, FluxComponent
from ..sources.spectra import TabulatedSpectrum
from ..sources.supernova import KPC_M, FluenceSource

__all__ = [
    "SNOWGLOBES_FLAVORS",
    "read_snowglobes_fluence",
    "write_snowglobes_fluence",
    "from_snewpy",
]

SNOWGLOBES_FLAVORS = ("nue", "numu", "nutau", "nuebar", "numubar", "nutaubar")
"""Column order of SNOwGLoBES flux and cross-section files."""

_BIN_MEV = 0.2  # width of a SNOwGLoBES fluence bin
_GRID_MEV = np.arange(501) * _BIN_MEV


def _fluence_from_table(energies_MeV, per_MeV: dict, name: str, distance_kpc: float) -> Flux:
    comps = []
    for flavor, values in per_MeV.items():
        values = np.asarray(values, dtype=float)
        if not np.any(values > 0):
            continue
        spectrum = TabulatedSpectrum(tuple(energies_MeV), tuple(values))
        total = float(np.sum(0.5 * (values[1:] + values[:-1]) * np.diff(energies_MeV)))
        comps.append(FluxComponent(flavor, spectrum, total))
    if not comps:
        raise CevnsInputError(f"{name}: the fluence is zero for every flavor")
    meta = {"source": name, "distance_kpc": distance_kpc}
    return Flux(tuple(comps), None, meta, time_integrated=True)


def read_snowglobes_table(path: Path, what: str, columns: int = 7) -> np.ndarray:
    """The numbers of a SNOwGLoBES file (``#`` lines skipped): ``columns`` finite numbers per
    row, at least two rows, the first column increasing and the others >= 0; ``what`` names
    the kind of file in a :class:`~cevns.errors.DataFileError` otherwise."""
    path = Path(path)
    try:
        with warnings.catch_warnings():  # an empty file: reported below, not as a warning
            warnings.simplefilter("ignore", UserWarning)
            data = np.loadtxt(path, ndmin=2)
    except OSError as err:
        raise DataFileError(path, f"cannot read the {what}: {err.strerror or err}") from None
    except ValueError as err:  # not numbers, ragged rows, not text
        raise DataFileError(path, f"not a {what} (a table of numbers): {err}") from None
    if data.shape[1] != columns or data.shape[0] < 2:
        raise DataFileError(
            path,
            f"{data.shape[0]} rows of {data.shape[1]} numbers; a {what} has {columns} "
            "columns and at least two rows",
        )
    rows = np.flatnonzero(~np.all(np.isfinite(data), axis=1))
    if rows.size:
        raise DataFileError(path, f"data row {rows[0] + 1} holds a value that is not finite")
    rows = np.flatnonzero(np.any(data[:, 1:] < 0, axis=1))
    if rows.size:
        raise DataFileError(path, f"data row {rows[0] + 1} holds a negative value")
    if np.any(np.diff(data[:, 0]) <= 0):
        raise DataFileError(path, "the first column (energy) must increase from row to row")
    return data


def read_snowglobes_fluence(path: str | Path, distance_kpc: float = 10.0) -> FluenceSource:
    """A SNOwGLoBES fluence file as a source (the file holds the fluence at
    ``distance_kpc``, 10 kpc for SNOwGLoBES files)."""
    path = Path(path)
    data = read_snowglobes_table(path, "fluence file")
    energies = data[:, 0] * 1e3
    per_MeV = {f: data[:, i + 1] / _BIN_MEV for i, f in enumerate(SNOWGLOBES_FLAVORS)}
    fluence = _fluence_from_table(energies, per_MeV, path.name, distance_kpc)
    return FluenceSource(fluence, distance_kpc, path.name)


def write_snowglobes_fluence(flux: Flux, path: str | Path) -> Path:
    """Write a time-integrated ``flux`` (at 10 kpc, as SNOwGLoBES expects) as a SNOwGLoBES
    fluence file: dΦ/dE at each of the 501 grid energies times the 0.2 MeV bin width."""
    if not flux.time_integrated:
        raise CevnsInputError(
            "SNOwGLoBES fluence files hold time-integrated fluxes (a supernova burst)"
        )
    columns = [_GRID_MEV * 1e-3]
    for flavor in SNOWGLOBES_FLAVORS:
        if flavor not in flux.flavors:
            columns.append(np.zeros_like(_GRID_MEV))
            continue
        if flux.lines(flavor):
            raise CevnsInputError(
                f"{flavor} has a monoenergetic line, which a 0.2 MeV table cannot hold"
            )
        columns.append(flux.differential(flavor, _GRID_MEV) * _BIN_MEV)
    path = Path(path)
    np.savetxt(path, np.column_stack(columns), fmt="%.6g")
    return path


def from_snewpy(
    model,
    distance_kpc: float = 10.0,
    energies_MeV=None,
    times_s=None,
    name: str = "",
) -> FluenceSource:
    """The time-integrated fluence of a snewpy supernova ``model`` at ``distance_kpc``.

    ``model.get_initial_spectra(t, E)`` is integrated over ``times_s`` (default: the model's
    own time grid) with the trapezoidal rule on ``energies_MeV`` (default 0-100 MeV in 0.2 MeV
    steps). snewpy's ν_x and ν̄_x stand for each of ν_μ, ν_τ and ν̄_μ, ν̄_τ. No flavor
    transformation is applied (snewpy's initial spectra).
    """
    try:
        import astropy.units as u
        from snewpy.neutrino import Flavor
    except ImportError:
        raise ImportError("from_snewpy needs snewpy: pip install 'cevns[snewpy]'") from None
    E = _GRID_MEV if energies_MeV is None else np.asarray(energies_MeV, dtype=float)
    if E.ndim != 1 or E.size < 2 or np.any(np.diff(E) <= 0) or E[0] < 0:
        raise CevnsInputError("energies_MeV must be increasing non-negative energies, at least two")
    t = np.asarray(model.time.to_value(u.s) if times_s is None else times_s, dtype=float)
    if t.ndim != 1 or t.size < 2 or np.any(np.diff(t) <= 0):
        raise CevnsInputError("times_s must be increasing times in s, at least two")
    spectra = model.get_initial_spectra(t * u.s, E * u.MeV)
    area_cm2 = 4.0 * np.pi * (distance_kpc * KPC_M * CM_PER_M) ** 2
    ours = {
        Flavor.NU_E: ("nue",),
        Flavor.NU_E_BAR: ("nuebar",),
        Flavor.NU_X: ("numu", "nutau"),
        Flavor.NU_X_BAR: ("numubar", "nutaubar"),
    }
    per_MeV = {}
    for flavor, names in ours.items():
        rate = np.atleast_2d(spectra[flavor].to_value(1 / (u.MeV * u.s)))  # (times, energies)
        step = 0.5 * np.diff(t)[:, None]
        integrated = np.sum(step * (rate[1:] + rate[:-1]), axis=0) / area_cm2  # trapezoid in t
        for n in names:
            per_MeV[n] = integrated
    label = name or f"snewpy {type(model).__name__}"
    fluence = _fluence_from_table(E, per_MeV, label, distance_kpc)
    return FluenceSource(fluence, distance_kpc, label)
