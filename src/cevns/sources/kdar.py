"""Kaon decay-at-rest neutrino sources.

A K⁺ that stops and decays through K⁺ → μ⁺ν_μ (branching ratio 63.56 %, PDG 2024) gives a
monoenergetic ν_μ of E = (m_K² − m_μ²)/(2 m_K) = 235.5 MeV (Spitz, PRD 85, 093020
(2012), arXiv:1203.6050): a line, never a narrow bin. Proton beams above about 3 GeV make
enough kaons (J-PARC MLF, the NuMI absorber). With ``yield_per_proton`` r such ν_μ per proton on
target the isotropic flux at a distance L is Φ = r P / (E_p 4π L²).

No yield is packaged: we found no published number we could read (it depends on the target and
beam energy and comes from each facility's simulation), so the user gives it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..constants import CM_PER_M, MEV_TO_J, kaon_dar_numu_energy
from ..errors import CevnsInputError
from .flux import Flux, FluxComponent, check_distance_m
from .spectra import LineSpectrum

__all__ = ["KaonDecayAtRest", "kaon_dar_numu"]


def kaon_dar_numu() -> LineSpectrum:
    """The 235.5 MeV ν_μ line of K⁺ → μ⁺ν_μ at rest."""
    return LineSpectrum(kaon_dar_numu_energy())


@dataclass(frozen=True)
class KaonDecayAtRest:
    """A proton beam of ``proton_energy_GeV`` and ``power_MW`` making ``yield_per_proton``
    235.5 MeV ν_μ per proton on target (from K⁺ decay at rest)."""

    name: str
    proton_energy_GeV: float
    power_MW: float
    yield_per_proton: float
    beam_hours_per_year: float | None = None
    description: str = ""
    references: tuple[str, ...] = ()

    def __post_init__(self):
        for label, value in (
            ("proton energy (GeV)", self.proton_energy_GeV),
            ("beam power (MW)", self.power_MW),
            ("KDAR nu_mu yield per proton", self.yield_per_proton),
        ):
            if not (np.isfinite(value) and value > 0):
                raise CevnsInputError(f"{label} must be a positive finite number, got {value!r}")

    @property
    def protons_per_second(self) -> float:
        return self.power_MW * 1e6 / (self.proton_energy_GeV * 1e3 * MEV_TO_J)

    def protons_per_GWh(self) -> float:
        return 3.6e12 / (self.proton_energy_GeV * 1e3 * MEV_TO_J)

    def flux(self, distance_m: float) -> Flux:
        """The ν_μ line flux at ``distance_m`` in nu/cm²/s."""
        distance_m = check_distance_m(distance_m)
        L = distance_m * CM_PER_M
        rate = self.yield_per_proton * self.protons_per_second / (4.0 * np.pi * L * L)
        meta = {"source": self.name, "distance_m": float(distance_m), "kind": "KDAR"}
        return Flux((FluxComponent("numu", kaon_dar_numu(), rate),), None, meta)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": "kaon decay at rest",
            "proton_energy_GeV": self.proton_energy_GeV,
            "power_MW": self.power_MW,
            "yield_per_proton": self.yield_per_proton,
            "beam_hours_per_year": self.beam_hours_per_year,
            "references": list(self.references),
        }
