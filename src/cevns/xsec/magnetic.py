"""Neutrino magnetic-moment scattering: the helicity-flipping electromagnetic cross section,
which adds incoherently to the weak one (Carey & Pandey, NuFact 2024, arXiv:2412.18055, Eq. 13,
Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) Eq. 56).

Like the weak cross section it is a polynomial in 1/E, so it is returned as the coefficients
(a0, a1, a2) of dσ/dT = a0 + a1/E + a2/E^2 (cm^2/MeV) that the rate engine integrates exactly.
μ_ν is in Bohr magnetons; π α^2 / m_e^2 = 2.495e-25 cm^2 sets the scale (arXiv:1403.6344).
"""

from __future__ import annotations

import numpy as np

from ..constants import ELECTRON_MASS, FINE_STRUCTURE, HBARC2_MEV2_CM2

__all__ = ["MAGNETIC_SCALE_CM2", "electron_magnetic_coefficients", "nuclear_magnetic_coefficients"]

MAGNETIC_SCALE_CM2 = np.pi * FINE_STRUCTURE**2 / ELECTRON_MASS**2 * HBARC2_MEV2_CM2
"""π α^2 / m_e^2 in cm^2 (CODATA 2018 α and m_e): the magnetic-moment cross-section scale."""


def nuclear_magnetic_coefficients(moment_muB: float, Z: int, recoil, charge_form_factor):
    """(a0, a1, a2) of (dσ/dT)_EM = (π α^2 μ_ν^2 Z^2 / m_e^2)(1/T - 1/E + T/(4E^2)) F_ch^2(q)
    on a nucleus of charge Z (Carey & Pandey, NuFact 2024, arXiv:2412.18055, Eq. 13); T in MeV,
    F_ch evaluated at the recoil."""
    T = np.asarray(recoil, dtype=float)
    c = MAGNETIC_SCALE_CM2 * moment_muB**2 * Z * Z * charge_form_factor**2
    with np.errstate(divide="ignore"):
        return c / T, -c, 0.25 * c * T


def electron_magnetic_coefficients(moment_muB: float, recoil):
    """(a0, a1, a2) of (dσ/dT)_EM = (π α^2 μ_ν^2 / m_e^2)(1/T - 1/E) per electron
    (Vogel & Engel, Phys. Rev. D 39 (1989) 3378, Eq. 3); T in MeV."""
    T = np.asarray(recoil, dtype=float)
    c = MAGNETIC_SCALE_CM2 * moment_muB**2
    with np.errstate(divide="ignore"):
        return c / T, -c * np.ones_like(T), np.zeros_like(T)
