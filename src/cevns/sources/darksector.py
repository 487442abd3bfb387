"""Dark matter from a proton beam dump: dark photons from meson decays and their decay to χχ̄.

* :func:`meson_branching`: BR(M -> γ A') = 2 ε² (1 - m_V²/m_M²)³ BR(M -> γγ) for M = π0, η
  (B. Batell, M. Pospelov, A. Ritz, Phys. Rev. D 80, 095024 (2009), arXiv:0906.5614;
  P. deNiverville, M. Pospelov, A. Ritz, Phys. Rev. D 84, 075020 (2011), arXiv:1107.4580).
  One photon of the anomaly-driven M -> γγ is replaced by the A' (coupling ε e, either photon:
  factor 2), and the rate of the ε^{μνρσ} vertex goes as the cube of the photon momentum,
  (m_M² - m_V²)³/m_M⁶ of the massless case.
* :func:`mediator_widths`: Γ(A' -> χχ̄) = (α_D m_V/12)(1 - 4x)^{3/2} (complex scalar) or
  (α_D m_V/3)(1 + 2x)(1 - 4x)^{1/2} (Dirac fermion), x = m_χ²/m_V², and
  Γ(A' -> e+e-) = (α ε² m_V/3)(1 + 2y)(1 - 4y)^{1/2}, y = m_e²/m_V² (the vector-boson two-body
  widths; e.g. deNiverville et al. 2011): χχ̄ dominates whenever open, since α_D >> α ε².
* :class:`BoxSpectrum` and :func:`dm_energy_box`: an A' of energy E_V decaying isotropically in
  its rest frame gives χ energies uniform between E± = γ(E* ± β p*), E* = m_V/2 (the "box"):
  an exact, normalised spectrum with closed-form moments, usable by the rate engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..constants import (
    ELECTRON_MASS,
    ETA_GAMMA_GAMMA,
    ETA_MASS,
    FINE_STRUCTURE,
    NEUTRAL_PION_GAMMA_GAMMA,
    NEUTRAL_PION_MASS,
)
from ..darksector import DarkSector
from ..errors import CevnsInputError
from .spectra import NODE_POINTS, LineSpectrum, continuum_nodes

__all__ = [
    "BoxSpectrum",
    "MESONS",
    "dm_energy_box",
    "invisible_fraction",
    "mediator_energy_at_rest",
    "mediator_widths",
    "meson_branching",
]

MESONS = {"pi0": (NEUTRAL_PION_MASS, NEUTRAL_PION_GAMMA_GAMMA), "eta": (ETA_MASS, ETA_GAMMA_GAMMA)}
"""Mass (MeV) and BR(-> γγ) of the neutral mesons that radiate dark photons (PDG 2024)."""


def _meson(name: str) -> tuple[float, float]:
    if name not in MESONS:
        raise CevnsInputError(f"unknown meson {name!r}; use {', '.join(MESONS)}")
    return MESONS[name]


def meson_branching(meson: str, dark: DarkSector) -> float:
    """BR(meson -> γ A') for ``meson`` "pi0" or "eta" (module docstring); 0 when m_V >= m_M."""
    mass, to_gamma_gamma = _meson(meson)
    ratio = dark.mediator_mass_MeV**2 / mass**2
    if ratio >= 1.0:
        return 0.0
    return 2.0 * dark.epsilon**2 * (1.0 - ratio) ** 3 * to_gamma_gamma


def mediator_widths(dark: DarkSector) -> dict[str, float]:
    """Partial widths of the dark photon in MeV: ``"chi"`` (to χχ̄) and ``"ee"`` (to e+e-)."""
    m_v = dark.mediator_mass_MeV
    x = dark.dm_mass_MeV**2 / m_v**2
    if x >= 0.25:
        chi = 0.0
    elif dark.dm_spin == "scalar":
        chi = dark.alpha_dark * m_v / 12.0 * (1.0 - 4.0 * x) ** 1.5
    else:
        chi = dark.alpha_dark * m_v / 3.0 * (1.0 + 2.0 * x) * np.sqrt(1.0 - 4.0 * x)
    y = ELECTRON_MASS**2 / m_v**2
    ee = 0.0
    if y < 0.25:
        ee = FINE_STRUCTURE * dark.epsilon**2 * m_v / 3.0 * (1.0 + 2.0 * y) * np.sqrt(1.0 - 4.0 * y)
    return {"chi": float(chi), "ee": float(ee)}


def invisible_fraction(dark: DarkSector) -> float:
    """BR(A' -> χχ̄) among the two-body channels of :func:`mediator_widths`."""
    widths = mediator_widths(dark)
    total = widths["chi"] + widths["ee"]
    return widths["chi"] / total if total > 0 else 0.0


def mediator_energy_at_rest(meson: str, dark: DarkSector) -> float:
    """Energy (MeV) of the A' from ``meson`` -> γ A' at rest: (m_M² + m_V²)/(2 m_M)."""
    mass, _ = _meson(meson)
    if dark.mediator_mass_MeV >= mass:
        raise CevnsInputError(f"a {dark.mediator_mass_MeV:g} MeV mediator is above the {meson}")
    return (mass**2 + dark.mediator_mass_MeV**2) / (2.0 * mass)


@dataclass(frozen=True)
class BoxSpectrum:
    """pdf(E) = 1/(hi - lo) for lo <= E <= hi (MeV): the total energy of χ from a mediator of
    fixed energy decaying isotropically. Follows the spectrum protocol of
    :mod:`cevns.sources.spectra` (exact inverse-energy moments)."""

    lo: float
    hi: float
    lines: tuple[float, ...] = ()

    def __post_init__(self):
        if not (0 < self.lo < self.hi and np.isfinite(self.hi)):
            raise CevnsInputError(f"a box spectrum needs 0 < lo < hi, got {self.lo}, {self.hi}")

    @property
    def max_energy(self) -> float:
        return self.hi

    def pdf(self, energy):
        E = np.asarray(energy, dtype=float)
        return np.where((E >= self.lo) & (E <= self.hi), 1.0 / (self.hi - self.lo), 0.0)

    def moments(self, e_min):
        """Φ_k = ∫_{max(E_min, lo)}^{hi} E^{-k} dE / (hi - lo), k = 0, 1, 2."""
        lo = np.clip(np.asarray(e_min, dtype=float), self.lo, self.hi)
        width = self.hi - self.lo
        return np.stack(
            [
                (self.hi - lo) / width,
                np.log(self.hi / lo) / width,
                (1.0 / lo - 1.0 / self.hi) / width,
            ]
        )

    def mean_energy(self) -> float:
        return 0.5 * (self.lo + self.hi)

    def nodes(self, breaks=(), lo=0.0, hi=None, points=NODE_POINTS):
        """Integration nodes and weights (see :func:`~cevns.sources.spectra.continuum_nodes`)."""
        return continuum_nodes(self, (self.lo,), breaks, max(lo, self.lo), hi, points)


def dm_energy_box(mediator_energy_MeV: float, dark: DarkSector) -> BoxSpectrum | LineSpectrum:
    """Spectrum of the χ total energy from an A' of energy ``mediator_energy_MeV`` decaying
    isotropically to χχ̄: uniform between γ(E* - β p*) and γ(E* + β p*), E* = m_V/2,
    p* = sqrt(E*² - m_χ²) (two-body decay boosted along the A' momentum)."""
    m_v, m_chi = dark.mediator_mass_MeV, dark.dm_mass_MeV
    if 2.0 * m_chi >= m_v:
        raise CevnsInputError(f"A' of {m_v:g} MeV cannot decay to two χ of {m_chi:g} MeV")
    if mediator_energy_MeV < m_v:
        raise CevnsInputError("the mediator energy must be at least its mass")
    gamma = mediator_energy_MeV / m_v
    beta = np.sqrt(max(1.0 - 1.0 / gamma**2, 0.0))
    e_star = 0.5 * m_v
    p_star = np.sqrt(e_star**2 - m_chi**2)
    if beta == 0.0:  # the A' at rest: every χ has E* exactly
        return LineSpectrum(float(e_star))
    lo, hi = gamma * (e_star - beta * p_star), gamma * (e_star + beta * p_star)
    return BoxSpectrum(float(lo), float(hi))
