"""Elastic scattering of dark matter χ on a nucleus through a dark photon (kinetic mixing).

The dark photon couples to the nucleus as ε e Z F(q) (the charge form factor: the package's
proton form factor) and to χ with g_D. For a χ of total energy E, momentum p, mass m on a
spin-0 nucleus of mass M at rest, with recoil T (q² = 2MT), the invariant amplitudes give
(derived here from the Feynman rules; the forms agree with P. deNiverville, M. Pospelov,
A. Ritz, Phys. Rev. D 92, 095005 (2015), arXiv:1505.07805, and the kinematics of Pandey, Prog.
Part. Nucl. Phys. 2024, arXiv:2309.07840, Sec. VII.D)

    scalar χ:   dσ/dT = 8π α α_D ε² Z² F²(q) M (E² - E T + T²/4) / [p² (2MT + m_V²)²]
    Dirac χ:    dσ/dT = 8π α α_D ε² Z² F²(q) M (E² - E T - M T/2) / [p² (2MT + m_V²)²]

from (p1+p3)·(k1+k3) = 2M(2E - T) (scalar) and (1/2) Tr[...] = 16 M² (E² - ET - MT/2) (fermion),
with dσ/dT = ``|M|²`` / (32π M p²). For m → 0 and m_V² >> 2MT the Dirac form is the CEvNS
kinematic factor (1 - T/E - MT/2E²) with the coupling (g_D ε e Z / m_V²) in place of
G_F Q_W/(2√2), doubled for the left-handed neutrino current. The largest recoil is exact for a
massive projectile: T_max = 2M p² / (M² + m² + 2ME).

On an electron (a spin-1/2 target of mass m_e, charge -e) the scalar-χ amplitude gives, with
(1/2) Tr[(k̸3 + m_e) γ^μ (k̸1 + m_e) γ^ν] P_μ P_ν = 8 m_e [2 m_e E² - T(2 m_e E + m²)],

    scalar χ on e:  dσ/dT = 4π α α_D ε² [2 m_e E² - T (2 m_e E + m²)] / [p² (2 m_e T + m_V²)²],

the form deNiverville et al. (2015) write for nuclei; for a nucleus it differs from the spin-0
form above only by terms of relative order T/E and m²/M², far below a part per million.

A leptophobic vector (``mediator="baryonic"``, coupling g_B = ε e to baryon number) gives the
same forms with the nuclear charge Z F_p(q) replaced by Z F_p(q) + N F_n(q) ≈ A F(q)
(:meth:`DarkMatterNucleusCrossSection.charge`).

The cross section follows the package's cross-section protocol with E the χ total energy (MeV)
and a single "flavor", ``"chi"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..constants import ELECTRON_MASS, FINE_STRUCTURE, HBARC2_MEV2_CM2
from ..darksector import DarkSector
from ..errors import CevnsInputError
from ..nuclear.formfactors import FormFactorModel, form_factor_model
from ..nuclei import Isotope, isotope
from .coherent import momentum_transfer
from .protocol import checked_energies

__all__ = [
    "DarkMatterElectronCrossSection",
    "DarkMatterNucleusCrossSection",
    "dark_matter_cross_section",
    "dm_max_recoil_energy",
    "dm_min_energy",
    "recoil_energy_at_angle",
]


def dm_max_recoil_energy(energy, dm_mass: float, nucleus_mass: float):
    """Largest recoil (MeV) of a nucleus of mass M hit by a projectile of total energy E and
    mass m: 2M(E² - m²)/(M² + m² + 2ME), zero below E = m (two-body kinematics, backscatter)."""
    E = checked_energies(energy)
    p2 = np.maximum(E * E - dm_mass**2, 0.0)
    return 2.0 * nucleus_mass * p2 / (nucleus_mass**2 + dm_mass**2 + 2.0 * nucleus_mass * E)


def dm_min_energy(recoil, dm_mass: float, nucleus_mass: float):
    """Smallest total energy (MeV) of a projectile of mass m that can give a nucleus of mass M
    the recoil T, the inverse of :func:`dm_max_recoil_energy`:
    E_min = [T + sqrt(T² + 2(2m² + T(M² + m²)/M))]/2, which is (T + sqrt(T² + 2MT))/2 for
    m = 0."""
    T = checked_energies(recoil, "recoil energies")
    M, m = nucleus_mass, dm_mass
    return 0.5 * (T + np.sqrt(T * T + 2.0 * (2.0 * m * m + T * (M * M + m * m) / M)))


def _recoil_integral(xs, energy, recoil_min: float, points: int):
    """∫ xs.dsigma_dT dT from ``recoil_min`` (at least 1e-9 MeV) to T_max(E), by
    ``points``-point Gauss-Legendre in ln T; cm², shaped like ``energy``."""
    E = np.atleast_1d(checked_energies(energy))
    t_max = xs.max_recoil(np.maximum(E, xs.dark.dm_mass_MeV))
    lo = max(recoil_min, 1e-9)
    ok = t_max > lo
    x, w = np.polynomial.legendre.leggauss(points)
    a, b = np.log(lo), np.log(np.where(ok, t_max, 2.0 * lo))
    T = np.exp(0.5 * (b - a)[:, None] * (x + 1.0) + a)
    values = xs.dsigma_dT(E[:, None], T) * T * (0.5 * (b - a))[:, None] * w
    return np.where(ok, values.sum(axis=1), 0.0).reshape(np.shape(energy))


def recoil_energy_at_angle(energy, cos_recoil, dm_mass: float, target_mass: float):
    """Recoil T (MeV) of a target of mass M at rest struck by a projectile of total energy E
    and mass m, recoiling at angle φ to the projectile: T = 2M p² cos²φ / ((E + M)² - p²
    cos²φ) (two-body elastic kinematics); zero for cos φ <= 0, where no recoil goes."""
    E = np.asarray(energy, dtype=float)
    c = np.clip(np.asarray(cos_recoil, dtype=float), 0.0, 1.0)
    p2 = np.maximum(E * E - dm_mass**2, 0.0)
    return 2.0 * target_mass * p2 * c * c / ((E + target_mass) ** 2 - p2 * c * c)


def _dsigma_dcos_recoil(xs, energy, cos_recoil):
    """dσ/dcos φ = dσ/dT |dT/dcos φ| with dT/dcos φ = 4M p² c (E+M)² / ((E+M)² - p²c²)²."""
    E = checked_energies(energy)
    c = np.asarray(cos_recoil, dtype=float)
    if np.any(~np.isfinite(c) | (np.abs(c) > 1.0)):
        raise CevnsInputError("cos_recoil must lie in [-1, 1]")
    M = xs.mass
    p2 = np.maximum(E * E - xs.dark.dm_mass_MeV**2, 0.0)
    cc = np.clip(c, 0.0, 1.0)
    denominator = (E + M) ** 2 - p2 * cc * cc
    jacobian = 4.0 * M * p2 * cc * (E + M) ** 2 / denominator**2
    T = np.maximum(recoil_energy_at_angle(E, cc, xs.dark.dm_mass_MeV, M), 1e-30)
    return np.where(c > 0, xs.dsigma_dT(E, T) * jacobian, 0.0)


@dataclass(frozen=True)
class DarkMatterNucleusCrossSection:
    """χ-nucleus elastic scattering through a dark photon on one isotope (module docstring)."""

    isotope: Isotope
    form_factor: FormFactorModel
    dark: DarkSector

    @property
    def mass(self) -> float:
        return self.isotope.mass

    def kinks(self, flavor: str = "chi") -> np.ndarray:
        """No kinks above threshold (σ is smooth from E = m_χ)."""
        return np.zeros(0)

    def max_recoil(self, energy):
        """Largest recoil (MeV) at χ total energy E (MeV)."""
        return dm_max_recoil_energy(energy, self.dark.dm_mass_MeV, self.mass)

    def min_energy(self, recoil):
        """Smallest χ total energy (MeV) giving the recoil T (MeV)."""
        return dm_min_energy(recoil, self.dark.dm_mass_MeV, self.mass)

    def charge(self, q):
        """The nucleus's coupling in units of the mediator's at momentum transfer q (MeV):
        Z F_p(q) for a dark photon, Z F_p(q) + N F_n(q) (baryon number) for a baryonic
        vector."""
        proton, neutron = self.form_factor.pair(self.isotope)
        charge = self.isotope.Z * proton(q)
        if self.dark.mediator == "baryonic":
            charge = charge + self.isotope.N * neutron(q)
        return charge

    def dsigma_dT(self, energy, recoil, flavor: str = "chi"):
        """dσ/dT in cm²/MeV at χ total energy E and recoil T (MeV, broadcast); zero outside
        0 < T <= T_max(E)."""
        E = checked_energies(energy)
        T = checked_energies(recoil, "recoil energies")
        d = self.dark
        M, m = self.mass, d.dm_mass_MeV
        inside = (T > 0) & (E > m) & (T <= self.max_recoil(np.maximum(E, m)))
        Ts = np.where(inside, T, 0.0)
        p2 = np.where(inside, E * E - m * m, 1.0)
        if d.dm_spin == "scalar":
            kinematic = E * E - E * Ts + 0.25 * Ts * Ts
        else:
            kinematic = E * E - E * Ts - 0.5 * M * Ts
        charge = self.charge(momentum_transfer(Ts, M))
        propagator = 2.0 * M * Ts + d.mediator_mass_MeV**2
        value = (
            8.0 * np.pi * FINE_STRUCTURE * d.alpha_dark * d.epsilon**2 * charge**2 * M
            * np.maximum(kinematic, 0.0) / (p2 * propagator**2)
        )  # fmt: skip
        return np.where(inside, value * HBARC2_MEV2_CM2, 0.0)

    def total(self, energy, flavor: str = "chi", recoil_min: float = 0.0, points: int = 64):
        """σ(E) = ∫ dσ/dT dT from ``recoil_min`` to T_max in cm² (Gauss-Legendre in ln T over
        the range, where the 1/(2MT + m_V²)² propagator is steep)."""
        return _recoil_integral(self, energy, recoil_min, points)

    def dsigma_dcos_recoil(self, energy, cos_recoil):
        """dσ/dcos φ in cm² for the nucleus recoiling at angle φ to the χ direction (one
        recoil energy per angle: :func:`recoil_energy_at_angle`), at χ total energy E."""
        return _dsigma_dcos_recoil(self, energy, cos_recoil)


@lru_cache(maxsize=128)
def _cached(iso: Isotope, ff: FormFactorModel, dark: DarkSector) -> DarkMatterNucleusCrossSection:
    return DarkMatterNucleusCrossSection(iso, ff, dark)


def dark_matter_cross_section(
    target: str | Isotope, dark: DarkSector, form_factor: str | FormFactorModel = "helm"
) -> DarkMatterNucleusCrossSection:
    """The χ-nucleus elastic cross section of an isotope for a :class:`DarkSector` model."""
    return _cached(isotope(target), form_factor_model(form_factor), dark)


@dataclass(frozen=True)
class DarkMatterElectronCrossSection:
    """Elastic χ-electron scattering through a dark photon, per electron (scalar χ; module
    docstring). Energies in MeV (E the χ total energy), cross sections in cm² and cm²/MeV."""

    dark: DarkSector

    def __post_init__(self):
        if self.dark.dm_spin != "scalar":
            raise CevnsInputError("χ-electron scattering is implemented for scalar χ")
        if self.dark.mediator != "dark_photon":
            raise CevnsInputError("a leptophobic (baryonic) vector does not couple to electrons")

    @property
    def mass(self) -> float:
        return ELECTRON_MASS

    def kinks(self, flavor: str = "chi") -> np.ndarray:
        return np.zeros(0)

    def max_recoil(self, energy):
        return dm_max_recoil_energy(energy, self.dark.dm_mass_MeV, ELECTRON_MASS)

    def min_energy(self, recoil):
        return dm_min_energy(recoil, self.dark.dm_mass_MeV, ELECTRON_MASS)

    def dsigma_dT(self, energy, recoil, flavor: str = "chi"):
        E = checked_energies(energy)
        T = checked_energies(recoil, "recoil energies")
        d = self.dark
        m, me = d.dm_mass_MeV, ELECTRON_MASS
        inside = (T > 0) & (E > m) & (T <= self.max_recoil(np.maximum(E, m)))
        Ts = np.where(inside, T, 0.0)
        p2 = np.where(inside, E * E - m * m, 1.0)
        kinematic = 2.0 * me * E * E - Ts * (2.0 * me * E + m * m)
        propagator = 2.0 * me * Ts + d.mediator_mass_MeV**2
        value = (
            4.0 * np.pi * FINE_STRUCTURE * d.alpha_dark * d.epsilon**2
            * np.maximum(kinematic, 0.0) / (p2 * propagator**2)
        )  # fmt: skip
        return np.where(inside, value * HBARC2_MEV2_CM2, 0.0)

    def total(self, energy, flavor: str = "chi", recoil_min: float = 0.0, points: int = 64):
        """σ(E) above ``recoil_min`` (MeV) in cm² (Gauss-Legendre in ln T)."""
        return _recoil_integral(self, energy, recoil_min, points)

    def dsigma_dcos_recoil(self, energy, cos_recoil):
        """dσ/dcos φ in cm² for the electron recoiling at angle φ to the χ direction."""
        return _dsigma_dcos_recoil(self, energy, cos_recoil)
