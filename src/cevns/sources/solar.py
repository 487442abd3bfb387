"""Solar neutrinos: the branches of the pp chain and CNO cycle, their fluxes at the Earth from a
standard solar model, and their ν_e survival through the Sun's matter.

**Fluxes** (cm⁻² s⁻¹ at 1 au): the B16 standard solar models of N. Vinyoles et al., Astrophys.
J. 835, 202 (2017), arXiv:1611.09867, Table 6: B16-GS98 (high metallicity) and B16-AGSS09met
(low), as transcribed in the authors' public flux table.

**Spectra** (normalised, ``data/solar_spectra.csv``): 8B from W. T. Winter et al., Phys. Rev.
C 73, 025503 (2006) (tabulated to 15.3 MeV); pp and hep from J. N. Bahcall, Phys. Rev. C 56,
3391 (1997); 13N, 15O and 17F from J. N. Bahcall and R. K. Ulrich, Rev. Mod. Phys. 60, 297
(1988) (Bahcall's public SNdata tables, hep and CNO thinned to 150-250 points). The 7Be and pep
neutrinos are lines: 7Be at 0.8613 MeV (89.7 %) and 0.3843 MeV (10.3 %), pep at 1.442 MeV
(the solar line energies as used by C. A. J. O'Hare, Phys. Rev. Lett. 127, 251802 (2021),
arXiv:2109.03116, in its public code; the 7Be branching of J. N. Bahcall, Neutrino
Astrophysics (Cambridge University Press, 1989), as usually quoted: not re-read here).

**Survival** of ν_e (adiabatic large-mixing-angle MSW, averaged over the oscillation phase;
e.g. Particle Data Group 2024, "Neutrino mixing", solar neutrinos):

    P_ee = cos⁴θ13 (1/2 + 1/2 cos 2θ12^m cos 2θ12) + sin⁴θ13,
    cos 2θ12^m = (cos 2θ12 - β) / sqrt((cos 2θ12 - β)² + sin² 2θ12),
    β = 2√2 G_F cos²θ13 n_e E / Δm²21,

with n_e the electron density where each branch is made, averaged over its production region
in the B16-GS98 model (in N_A cm⁻³: pp 60.6, pep 66.5, hep 51.4, 7Be 79.6, 8B 87.9,
13N 73.8, 15O 86.2, 17F 87.1) and the oscillation parameters of NuFIT 5.2 (I. Esteban et al.,
JHEP 09 (2020) 178, arXiv:2007.14792, 2022 update): sin²θ12 = 0.303, sin²θ13 = 0.02225,
Δm²21 = 7.41e-5 eV². The rest arrives as ν_μ and ν_τ, counted here as ν_μ (they differ only by
their charge radii). With ``oscillate=False`` every neutrino arrives as ν_e.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from ..errors import CevnsInputError
from .flux import Flux, FluxComponent, check_distance_m
from .spectra import LineSpectrum, MixtureSpectrum, TabulatedSpectrum

__all__ = [
    "ASTRONOMICAL_UNIT_M",
    "SOLAR_BRANCHES",
    "SOLAR_MODELS",
    "SolarNeutrinos",
    "solar_spectrum",
    "survival_probability",
]

ASTRONOMICAL_UNIT_M = 1.495978707e11
"""The astronomical unit in m (IAU 2012, exact)."""

SOLAR_MODELS = {
    "B16-GS98": {
        "pp": 5.98e10, "pep": 1.44e8, "hep": 7.98e3, "7Be": 4.93e9, "8B": 5.46e6,
        "13N": 2.78e8, "15O": 2.05e8, "17F": 5.28e6,
    },
    "B16-AGSS09met": {
        "pp": 6.03e10, "pep": 1.46e8, "hep": 8.25e3, "7Be": 4.50e9, "8B": 4.50e6,
        "13N": 2.04e8, "15O": 1.44e8, "17F": 3.26e6,
    },
}  # fmt: skip
"""Fluxes at 1 au in cm⁻² s⁻¹ per branch (Vinyoles et al. 2017, Table 6)."""

SOLAR_BRANCHES = ("pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F")

_LINES = {"7Be": ((0.8613, 0.897), (0.3843, 0.103)), "pep": ((1.442, 1.0),)}

PRODUCTION_DENSITY = {
    "pp": 60.6, "pep": 66.5, "hep": 51.4, "7Be": 79.6, "8B": 87.9,
    "13N": 73.8, "15O": 86.2, "17F": 87.1,
}  # fmt: skip
"""Electron density where each branch is made, in N_A cm⁻³ (module docstring)."""

SIN2_THETA12, SIN2_THETA13, DM2_21_EV2 = 0.303, 0.02225, 7.41e-5

_MATTER_EV2_PER_MEV = 1.5265e-7  # 2√2 G_F (ħc)³ N_A: eV² per (MeV x N_A cm⁻³)


@cache
def _tables() -> dict:
    text = resources.files("cevns").joinpath("data", "solar_spectra.csv").read_text()
    rows: dict = {}
    for branch, energy, value in csv.reader(
        line for line in text.splitlines() if line and not line.startswith("#")
    ):
        rows.setdefault(branch, []).append((float(energy), float(value)))
    return {b: np.array(v) for b, v in rows.items()}


def solar_spectrum(branch: str):
    """The normalised spectrum of a solar branch (a tabulated spectrum or lines)."""
    if branch not in SOLAR_BRANCHES:
        raise CevnsInputError(f"unknown solar branch {branch!r}; use {', '.join(SOLAR_BRANCHES)}")
    if branch in _LINES:
        return [LineSpectrum(e) for e, _ in _LINES[branch]]
    table = _tables()[branch]
    return TabulatedSpectrum(tuple(table[:, 0]), tuple(table[:, 1]))


def survival_probability(energy_MeV, branch: str):
    """P(ν_e -> ν_e) at the Earth for ν_e of energy E (MeV) made in ``branch`` (module
    docstring: adiabatic LMA with the branch's mean production density)."""
    E = np.asarray(energy_MeV, dtype=float)
    c13 = 1.0 - SIN2_THETA13
    cos2 = 1.0 - 2.0 * SIN2_THETA12
    sin2_2 = 1.0 - cos2 * cos2
    beta = _MATTER_EV2_PER_MEV * c13 * PRODUCTION_DENSITY[branch] * E / DM2_21_EV2
    cos2m = (cos2 - beta) / np.sqrt((cos2 - beta) ** 2 + sin2_2)
    return c13**2 * (0.5 + 0.5 * cos2m * cos2) + SIN2_THETA13**2


@dataclass(frozen=True)
class SolarNeutrinos:
    """Solar neutrinos of the standard solar ``model`` ("B16-GS98", "B16-AGSS09met") from
    ``branches`` (default all), with MSW survival unless ``oscillate`` is False."""

    model: str = "B16-GS98"
    branches: tuple = SOLAR_BRANCHES
    oscillate: bool = True

    def __post_init__(self):
        if self.model not in SOLAR_MODELS:
            raise CevnsInputError(
                f"unknown solar model {self.model!r}; use {', '.join(SOLAR_MODELS)}"
            )
        for b in self.branches:
            solar_spectrum(b)

    @property
    def name(self) -> str:
        return f"Sun ({self.model})"

    @property
    def default_distance_m(self) -> float:
        return ASTRONOMICAL_UNIT_M

    @property
    def description(self) -> str:
        return f"solar neutrinos, {self.model} standard solar model, {', '.join(self.branches)}"

    def flux(self, distance_m: float = ASTRONOMICAL_UNIT_M) -> Flux:
        """A ν_e and a ν_μ (for ν_μ + ν_τ) component at ``distance_m`` from the Sun (1 au by
        default; 1/L² elsewhere), each a :class:`~cevns.sources.spectra.MixtureSpectrum` of
        the branches: a continuous branch's spectrum weighted by P_ee(E) or 1 - P_ee(E), a
        line split by its P_ee."""
        scale = (ASTRONOMICAL_UNIT_M / check_distance_m(distance_m)) ** 2
        parts = {"nue": [], "numu": []}
        for branch in self.branches:
            total = SOLAR_MODELS[self.model][branch] * scale
            for spectrum, share in self._pieces(branch):
                for flavor, piece, rate in self._split(spectrum, total * share, branch):
                    if rate > 0:
                        parts[flavor].append((piece, rate))
        comps = []
        for flavor, pieces in parts.items():
            if pieces:
                rate = sum(r for _, r in pieces)
                mix = MixtureSpectrum(tuple(p for p, _ in pieces), tuple(r for _, r in pieces))
                comps.append(FluxComponent(flavor, mix, rate))
        meta = {"source": self.name, "distance_m": float(distance_m), "kind": "solar"}
        return Flux(tuple(comps), None, meta)

    @staticmethod
    def _pieces(branch):
        if branch in _LINES:
            return [(LineSpectrum(e), w) for e, w in _LINES[branch]]
        return [(solar_spectrum(branch), 1.0)]

    def _split(self, spectrum, rate, branch) -> list:
        """[(flavor, spectrum, rate)] of one branch piece at the Earth."""
        if not self.oscillate:
            return [("nue", spectrum, rate)]
        if spectrum.lines:
            p = float(survival_probability(spectrum.lines[0], branch))
            return [("nue", spectrum, rate * p), ("numu", spectrum, rate * (1.0 - p))]
        E = np.asarray(spectrum.energies)
        pdf = np.asarray(spectrum.pdf(E))
        p = survival_probability(E, branch)
        share = float(np.trapezoid(pdf * p, E))
        return [
            ("nue", TabulatedSpectrum(tuple(E), tuple(pdf * p)), rate * share),
            ("numu", TabulatedSpectrum(tuple(E), tuple(pdf * (1 - p))), rate * (1 - share)),
        ]

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": "solar",
            "model": self.model,
            "branches": list(self.branches),
            "oscillate": self.oscillate,
            "fluxes_at_1au_per_cm2_s": {b: SOLAR_MODELS[self.model][b] for b in self.branches},
        }
