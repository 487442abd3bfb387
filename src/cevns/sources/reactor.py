"""Reactor antineutrinos: fission spectra of 235U, 238U, 239Pu and 241Pu and a reactor core.

**Spectra per fission** (ν̄_e per fission per MeV), S(E) = exp(Σ_k a_k E^k), k = 0..5:
235U, 239Pu and 241Pu from the conversion of the ILL β spectra by P. Huber, Phys. Rev. C 84,
024617 (2011), arXiv:1106.0687, Table III; 238U from Th. A. Mueller et al., Phys. Rev. C 83,
054615 (2011), arXiv:1101.2663, Table VI (together the "Huber-Mueller" model). The fits hold
from 2 to 8 MeV; above 8 MeV they are continued up to 10 MeV, where they have fallen by 10³.
**Below 2 MeV** (stated extension: the published low-energy tables could not be read) the
shape is the three-parameter fit of P. Vogel and J. Engel, Phys. Rev. D 39, 3378 (1989),
Table 1, S = exp(b0 + b1 E + b2 E²), scaled to meet the Huber-Mueller spectrum at 2 MeV.
Below 2 MeV the ν̄ give germanium recoils under 0.12 keVnr, under the thresholds of today's
detectors, so this part matters for the total flux, not for their counts.

**A core** of thermal power P with fission fractions f_i makes P / Σ f_i E_i fissions per
second, E_i the energy released per fission (X. B. Ma, W. L. Zhong, L. Z. Wang, Y. X. Chen,
J. Cao, Phys. Rev. C 88, 014605 (2013), arXiv:1212.6625, Table IX), and emits the mixture
Σ f_i S_i isotropically. Reactors run steadily: a "day" of exposure is a day at full power.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from .._toml import find_preset, packaged_presets, toml_number, toml_text, toml_texts
from ..constants import CM_PER_M, MEV_TO_J
from ..errors import CevnsInputError
from .flux import Flux, FluxComponent, check_distance_m
from .spectra import TabulatedSpectrum

__all__ = [
    "ENERGY_PER_FISSION_MEV",
    "FISSILE",
    "Reactor",
    "antineutrinos_per_fission",
    "fission_spectrum",
    "reactor",
    "reactors",
]

FISSILE = ("U235", "U238", "Pu239", "Pu241")

HUBER_MUELLER = {
    "U235": (4.367, -4.577, 2.100, -5.294e-1, 6.186e-2, -2.777e-3),  # Huber 2011, Table III
    "Pu239": (4.757, -5.392, 2.563, -6.596e-1, 7.820e-2, -3.536e-3),  # Huber 2011, Table III
    "Pu241": (2.990, -2.882, 1.278, -3.343e-1, 3.905e-2, -1.754e-3),  # Huber 2011, Table III
    "U238": (4.833e-1, 1.927e-1, -1.283e-1, -6.762e-3, 2.233e-3, -1.536e-4),  # Mueller, VI
}
"""Coefficients a_0..a_5 of S(E) = exp(Σ a_k E^k), E in MeV, ν̄ per fission per MeV."""

VOGEL_ENGEL = {
    "U235": (0.870, -0.160, -0.0910),
    "U238": (0.976, -0.162, -0.0790),
    "Pu239": (0.896, -0.239, -0.0981),
    "Pu241": (0.793, -0.080, -0.1085),
}
"""Vogel & Engel (1989) Table 1: b_0, b_1, b_2 of exp(b0 + b1 E + b2 E²)."""

ENERGY_PER_FISSION_MEV = {"U235": 202.36, "U238": 205.99, "Pu239": 211.12, "Pu241": 214.26}
"""Energy released per fission in a reactor (MeV): Ma et al. (2013) Table IX."""

JOIN_MEV = 2.0  # below: the Vogel-Engel shape scaled to Huber-Mueller
TOP_MEV = 10.0  # the spectra end here
_GRID = np.linspace(0.0, TOP_MEV, 2001)  # 5 keV: the engine's piecewise-linear spectrum


def _check_isotope(isotope: str) -> str:
    if isotope not in FISSILE:
        raise CevnsInputError(f"unknown fissile isotope {isotope!r}; use {', '.join(FISSILE)}")
    return isotope


def fission_spectrum(isotope: str, energy_MeV):
    """ν̄_e per fission per MeV of ``isotope`` ("U235", "U238", "Pu239", "Pu241") at E (MeV),
    module docstring; zero above 10 MeV."""
    _check_isotope(isotope)
    E = np.asarray(energy_MeV, dtype=float)
    hm = np.exp(np.polyval(HUBER_MUELLER[isotope][::-1], np.clip(E, JOIN_MEV, TOP_MEV)))
    ve = VOGEL_ENGEL[isotope]

    def vogel_engel(x):
        return np.exp(ve[0] + ve[1] * x + ve[2] * x * x)

    join = np.exp(np.polyval(HUBER_MUELLER[isotope][::-1], JOIN_MEV)) / vogel_engel(JOIN_MEV)
    low = join * vogel_engel(np.clip(E, 0.0, JOIN_MEV))
    out = np.where(E < JOIN_MEV, low, hm)
    return np.where((E >= 0.0) & (E <= TOP_MEV), out, 0.0)


@cache
def antineutrinos_per_fission(isotope: str, above_MeV: float = 0.0) -> float:
    """ν̄_e per fission of ``isotope`` above ``above_MeV`` (Simpson's rule on a 1 keV grid)."""
    from scipy.integrate import simpson

    E = np.linspace(above_MeV, TOP_MEV, 10001)
    return float(simpson(fission_spectrum(isotope, E), x=E))


@dataclass(frozen=True)
class Reactor:
    """A reactor core of ``thermal_power_MW`` burning the ``fission_fractions``
    ((isotope, fraction) pairs, normalised here) of the module docstring."""

    name: str
    thermal_power_MW: float
    fission_fractions: tuple
    description: str = ""
    references: tuple[str, ...] = ()

    def __post_init__(self):
        if not (np.isfinite(self.thermal_power_MW) and self.thermal_power_MW > 0):
            raise CevnsInputError(
                f"thermal power must be a positive number of MW, got {self.thermal_power_MW!r}"
            )
        pairs = dict(self.fission_fractions)
        for iso, f in pairs.items():
            _check_isotope(iso)
            if not (np.isfinite(f) and f >= 0):
                raise CevnsInputError(f"fission fraction of {iso} must be >= 0, got {f!r}")
        total = sum(pairs.values())
        if total <= 0:
            raise CevnsInputError("give at least one positive fission fraction")
        object.__setattr__(
            self, "fission_fractions", tuple((i, float(pairs[i]) / total) for i in pairs)
        )

    @property
    def energy_per_fission_MeV(self) -> float:
        return sum(f * ENERGY_PER_FISSION_MEV[i] for i, f in self.fission_fractions)

    @property
    def fissions_per_second(self) -> float:
        return self.thermal_power_MW * 1e6 / (self.energy_per_fission_MeV * MEV_TO_J)

    @property
    def antineutrinos_per_fission(self) -> float:
        return sum(f * antineutrinos_per_fission(i) for i, f in self.fission_fractions)

    def spectrum(self) -> TabulatedSpectrum:
        """The core's normalised ν̄_e spectrum (piecewise linear on a 5 keV grid)."""
        values = sum(f * fission_spectrum(i, _GRID) for i, f in self.fission_fractions)
        return TabulatedSpectrum(tuple(_GRID), tuple(values))

    def flux(self, distance_m: float) -> Flux:
        """The ν̄_e flux at ``distance_m`` from the core (a point source), in ν/cm²/s."""
        L = check_distance_m(distance_m) * CM_PER_M
        rate = self.fissions_per_second * self.antineutrinos_per_fission / (4 * np.pi * L * L)
        meta = {"source": self.name, "distance_m": float(distance_m), "kind": "reactor"}
        return Flux((FluxComponent("nuebar", self.spectrum(), rate),), None, meta)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": "reactor",
            "description": self.description,
            "thermal_power_MW": self.thermal_power_MW,
            "fission_fractions": dict(self.fission_fractions),
            "fissions_per_second": self.fissions_per_second,
            "antineutrinos_per_fission": self.antineutrinos_per_fission,
            "references": list(self.references),
        }


def reactors() -> list[str]:
    """Names of the reactor presets."""
    return list(packaged_presets("reactors.toml"))


@cache
def reactor(name: str) -> Reactor:
    """The reactor preset ``name`` (case-insensitive), e.g. "Leibstadt"."""
    key, spec = find_preset(packaged_presets("reactors.toml"), name, "reactor")
    where = f"reactor {key!r}"
    unknown = set(spec) - {"description", "thermal_power_MW", "fission_fractions", "references"}
    if unknown:
        raise CevnsInputError(f"{where}: unknown keys {sorted(unknown)}")
    fractions = spec.get("fission_fractions")
    if not isinstance(fractions, dict):
        raise CevnsInputError(f"{where}: fission_fractions is a table such as {{ U235 = 0.58 }}")
    return Reactor(
        key,
        toml_number(spec, "thermal_power_MW", where),
        tuple((iso, toml_number(fractions, iso, where)) for iso in fractions),
        toml_text(spec, "description", where, ""),
        toml_texts(spec, "references", where),
    )
