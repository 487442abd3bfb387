"""Neutrino magnetic-moment scattering: the helicity-flipping electromagnetic cross section,
which adds incoherently to the weak one (Carey & Pandey, NuFact 2024, arXiv:2412.18055, Eq. 13,
Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) Eq. 56).

Like the weak cross section it is a polynomial in 1/E, so it is returned as the coefficients
(a0, a1, a2) of dσ/dT = a0 + a1/E + a2/E^2 (cm^2/MeV) that the rate engine integrates exactly.
μ_ν is in Bohr magnetons; π α^2 / m_e^2 = 2.495e-25 cm^2 sets the scale (arXiv:1403.6344).
"""

from __future__ import annotations

import numpy as np

from ..constants import ELECTRON_MASS, FERMI_CONSTANT_MEV2, FINE_STRUCTURE, HBARC2_MEV2_CM2
from .protocol import checked_energies

__all__ = [
    "DIRAC_MAGNETIC_MOMENT_PER_EV",
    "MAGNETIC_SCALE_CM2",
    "dirac_magnetic_moment",
    "electron_magnetic_coefficients",
    "nuclear_magnetic_coefficients",
]

MAGNETIC_SCALE_CM2 = np.pi * FINE_STRUCTURE**2 / ELECTRON_MASS**2 * HBARC2_MEV2_CM2
"""π α^2 / m_e^2 in cm^2 (CODATA 2018 α and m_e): the magnetic-moment cross-section scale."""


DIRAC_MAGNETIC_MOMENT_PER_EV = (
    3.0 * FERMI_CONSTANT_MEV2 * ELECTRON_MASS * 1e-6 / (4.0 * np.sqrt(2.0) * np.pi**2)
)
"""Magnetic moment of a Dirac neutrino of mass 1 eV in the Standard Model extended by
right-handed neutrinos, in Bohr magnetons: μ_ν = 3 e G_F m_ν / (8√2 π^2) = 3.20e-19 μ_B
(m_ν / 1 eV) (K. Fujikawa and R. E. Shrock, Phys. Rev. Lett. 45 (1980) 963; Pandey, Prog. Part.
Nucl. Phys. 2024, arXiv:2309.07840, Eq. 54). A Majorana neutrino has no diagonal magnetic moment
(CPT forbids it), only transition moments between flavors (J. Schechter and J. W. F. Valle,
Phys. Rev. D 24 (1981) 1883)."""


def dirac_magnetic_moment(mass_eV):
    """Standard-Model magnetic moment (Bohr magnetons) of a Dirac neutrino of mass ``mass_eV``
    (eV): :data:`DIRAC_MAGNETIC_MOMENT_PER_EV` times the mass. Some 1e-19 μ_B, eight orders
    below the reach of CEvNS; any measured moment above it is new physics."""
    return DIRAC_MAGNETIC_MOMENT_PER_EV * checked_energies(mass_eV, "neutrino masses")


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
