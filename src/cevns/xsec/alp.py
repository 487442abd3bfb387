"""Photon-ALP conversion on atoms: Primakoff production γ N -> a N and its inverse a N -> γ N.

For a photon of energy ω on an atom at rest (no recoil: the ALP carries ω, momentum
p = sqrt(ω² - m_a²)), the ALP vertex g a E·B and the Coulomb field Z e F(q)/|q|² of the atom
give (derived here: the spin sum |k × p|² = ω² p² sin²θ, averaged over the two photon
polarisations for production and summed for the inverse process, with the potential-scattering
phase space (1/16π²)(p_f/p_i))

    production:  dσ/dΩ = g² Z² α F²(q) ω p³ sin²θ / (8π |q|⁴),
    inverse:     dσ/dΩ = g² Z² α F²(q) ω³ p sin²θ / (4π |q|⁴),

|q|² = (ω - p)² + 2ωp(1 - cosθ). For m_a -> 0 the inverse cross section is twice the direct one
(polarisations), and with the screening factor alone it integrates to the closed form
(g² Z² α / 2)[(2η² + 1)/(4η²) ln(1 + 4η²) - 1], η = aω (checked in the tests).

The form factor is the elastic atomic one of Y.-S. Tsai, Rev. Mod. Phys. 46, 815 (1974):
F(t) = [a²t/(1 + a²t)] [1/(1 + t/d)], t = |q|², a = 111 Z^{-1/3}/m_e (electron screening),
d = 0.164 A^{-2/3} GeV² (nuclear size).

The photons that do not convert are lost to the target's showers: at high energy their
cross section per atom is (7/9) A/(N_A X0) (PDG 2024, Passage of particles through matter,
Eq. 34.31), X0 the radiation length of PDG 2024 Eq. 34.26. At the 67.5 MeV of π0 photons this
high-energy limit overstates the absorption somewhat (the conversion probability is
understated by the same factor).
"""

from __future__ import annotations

import numpy as np

from ..alp import AxionLikeParticle
from ..constants import ELECTRON_MASS, FINE_STRUCTURE, HBARC2_MEV2_CM2
from ..errors import CevnsInputError

__all__ = [
    "atomic_form_factor",
    "inverse_primakoff_cross_section",
    "pair_cross_section",
    "primakoff_cross_section",
    "radiation_length",
]

AVOGADRO = 6.02214076e23
"""Avogadro's number (SI 2019, exact)."""

CLASSICAL_ELECTRON_RADIUS_CM = 2.8179403262e-13
"""r_e in cm (CODATA 2018)."""


def atomic_form_factor(q2_MeV2, Z: int, A: float):
    """Tsai's elastic atomic form factor F(t) at t = |q|² (MeV²) for an atom (Z, A)."""
    t = np.asarray(q2_MeV2, dtype=float)
    a = 111.0 * Z ** (-1.0 / 3.0) / ELECTRON_MASS  # MeV⁻¹
    d = 0.164e6 * A ** (-2.0 / 3.0)  # MeV²
    return (a * a * t / (1.0 + a * a * t)) / (1.0 + t / d)


def radiation_length(Z: int, A: float) -> float:
    """Radiation length X0 in g/cm² (PDG 2024 Eq. 34.26 with the Coulomb correction f(Z) and
    L_rad = ln(184.15 Z^{-1/3}), L'_rad = ln(1194 Z^{-2/3}), valid for Z >= 5)."""
    if Z < 5:
        raise CevnsInputError("the radiation-length formula here holds for Z >= 5")
    a2 = (FINE_STRUCTURE * Z) ** 2
    f = a2 * (1.0 / (1.0 + a2) + 0.20206 - 0.0369 * a2 + 0.0083 * a2**2 - 0.002 * a2**3)
    l_rad = np.log(184.15 * Z ** (-1.0 / 3.0))
    l_rad_prime = np.log(1194.0 * Z ** (-2.0 / 3.0))
    inverse = (
        4.0 * FINE_STRUCTURE * CLASSICAL_ELECTRON_RADIUS_CM**2 * AVOGADRO / A
        * (Z * Z * (l_rad - f) + Z * l_rad_prime)
    )  # fmt: skip
    return float(1.0 / inverse)


def pair_cross_section(Z: int, A: float) -> float:
    """High-energy photon cross section per atom, (7/9) A/(N_A X0), in cm²."""
    return 7.0 / 9.0 * A / (AVOGADRO * radiation_length(Z, A))


_X, _W = np.polynomial.legendre.leggauss(48)


def _angular_integral(alp: AxionLikeParticle, energy, Z: int, A: float, inverse: bool):
    """σ = 2π ∫ du dσ/dΩ, u = 1 - cosθ, Gauss-Legendre in ln u over [1e-16, 2] in pieces
    (the forward peak sits where |q| ~ 1/a or ~ m_a²/2ω)."""
    omega = np.atleast_1d(np.asarray(energy, dtype=float))
    m = alp.mass_MeV
    if np.any(~np.isfinite(omega)) or np.any(omega <= 0):
        raise CevnsInputError("photon/ALP energies must be positive and finite (MeV)")
    p = np.sqrt(np.maximum(omega * omega - m * m, 0.0))
    gap = m * m / (omega + p)  # ω - p without cancellation
    edges = np.geomspace(1e-16, 2.0, 19)
    total = np.zeros_like(omega)
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        s = 0.5 * (np.log(hi) - np.log(lo)) * (_X + 1.0) + np.log(lo)
        u = np.exp(s)[None, :]
        q2 = gap[:, None] ** 2 + 2.0 * omega[:, None] * p[:, None] * u
        form = atomic_form_factor(q2, Z, A)
        sin2 = u * (2.0 - u)
        kinematic = (
            omega[:, None] ** 3 * p[:, None] if inverse else omega[:, None] * p[:, None] ** 3
        )
        dsigma_domega = form**2 * kinematic * sin2 / (q2 * q2)
        weights = _W * u[0] * 0.5 * (np.log(hi) - np.log(lo))
        total += dsigma_domega @ weights
    coupling = alp.coupling_per_MeV**2 * Z * Z * FINE_STRUCTURE
    prefactor = 2.0 * np.pi * coupling / (4.0 * np.pi if inverse else 8.0 * np.pi)
    sigma = np.where(omega > m, prefactor * total * HBARC2_MEV2_CM2, 0.0)
    return sigma.reshape(np.shape(energy))


def primakoff_cross_section(alp: AxionLikeParticle, photon_energy, Z: int, A: float):
    """σ(γ N -> a N) in cm² per atom (Z, A) at photon energy ω (MeV); zero below m_a."""
    return _angular_integral(alp, photon_energy, Z, A, inverse=False)


def inverse_primakoff_cross_section(alp: AxionLikeParticle, alp_energy, Z: int, A: float):
    """σ(a N -> γ N) in cm² per atom (Z, A) at ALP total energy E (MeV)."""
    return _angular_integral(alp, alp_energy, Z, A, inverse=True)
