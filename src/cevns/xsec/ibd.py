"""Inverse beta decay ν̄_e p -> e⁺ n, the reference reaction of reactor spectra.

Zeroth order in 1/M (P. Vogel and J. F. Beacom, Phys. Rev. D 60, 053003 (1999),
arXiv:hep-ph/9903554, Eqs. 9-11): σ = 2π² / (m_e⁵ f^R τ_n) E_e p_e, with E_e = E - Δ,
Δ = m_n - m_p, the phase-space factor f^R = 1.7152 (their value) and the neutron lifetime
τ_n = 878.4 s (PDG 2024). Recoil and weak-magnetism terms of order E/M (a few per cent at
reactor energies) are left out; the threshold is E = Δ + m_e.
"""

from __future__ import annotations

import numpy as np

from ..constants import ELECTRON_MASS, HBARC2_MEV2_CM2, NEUTRON_MASS, PROTON_MASS
from ..sources.reactor import TOP_MEV, fission_spectrum

__all__ = ["NEUTRON_LIFETIME_S", "ibd_cross_section", "ibd_yield_per_fission"]

NEUTRON_LIFETIME_S = 878.4
"""Neutron lifetime in s (PDG 2024: 878.4(5) s)."""

PHASE_SPACE_FACTOR = 1.7152
"""f^R, the neutron-decay phase-space factor with radiative corrections (Vogel & Beacom 1999)."""

HBAR_MEV_S = 6.582119569e-22
"""ħ in MeV s (CODATA 2018)."""


def ibd_cross_section(energy_MeV):
    """σ(ν̄_e p -> e⁺ n) in cm² at ν̄ energy E (MeV), module docstring; zero below threshold."""
    E = np.asarray(energy_MeV, dtype=float)
    positron = E - (NEUTRON_MASS - PROTON_MASS)
    p2 = np.maximum(positron * positron - ELECTRON_MASS**2, 0.0)
    tau = NEUTRON_LIFETIME_S / HBAR_MEV_S  # MeV⁻¹
    norm = 2 * np.pi**2 / (ELECTRON_MASS**5 * PHASE_SPACE_FACTOR * tau) * HBARC2_MEV2_CM2
    return np.where(positron > ELECTRON_MASS, norm * positron * np.sqrt(p2), 0.0)


def ibd_yield_per_fission(isotope: str) -> float:
    """σ_f = ∫ S(E) σ_IBD(E) dE in cm² per fission for a fissile ``isotope``: the quantity the
    reactor experiments measure."""
    from scipy.integrate import simpson

    E = np.linspace(1.8, TOP_MEV, 8201)
    return float(simpson(fission_spectrum(isotope, E) * ibd_cross_section(E), x=E))
