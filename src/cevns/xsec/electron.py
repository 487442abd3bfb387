"""Neutrino-electron elastic scattering with the same physics model as CEvNS.

dσ/dT = (G_F^2 m_e / 2π) [(g_V + g_A)^2 + (g_V - g_A)^2 (1 - T/E)^2 - (g_V^2 - g_A^2) m_e T/E^2]

per electron, at tree level (Vogel & Engel, Phys. Rev. D 39 (1989) 3378, Eq. 2), with the
flavor-dependent couplings of :func:`cevns.xsec.couplings.electron_couplings` (charge radius,
millicharge and light vector mediators shift g_V) and the incoherent magnetic-moment term
(π α^2 μ_ν^2 / m_e^2)(1/T - 1/E) (ibid. Eq. 3). Electrons are taken as free and at rest
(atomic binding matters only for recoils below a few keV). The cross section is a polynomial
in 1/E, so it plugs into the rate engine as a0 + a1/E + a2/E^2. The radiative corrections of
the model's ``radiative`` switch belong to CEvNS; neutrino-electron scattering stays at tree
level (its own O(α) corrections, O. Tomalak and R. J. Hill, Phys. Rev. D 101 (2020) 033006,
arXiv:1907.03379, are not included).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..constants import ELECTRON_MASS, FERMI_CONSTANT_MEV2, HBARC2_MEV2_CM2
from ..physics import PhysicsModel
from .coherent import max_recoil_energy
from .couplings import electron_couplings
from .magnetic import electron_magnetic_coefficients
from .protocol import checked_energies

__all__ = ["ElectronCrossSection", "electron_cross_section"]


@dataclass(frozen=True)
class ElectronCrossSection:
    """Neutrino-electron elastic scattering per electron for a physics model."""

    model: PhysicsModel

    @property
    def mass(self) -> float:
        """Electron mass in MeV (the recoiling target)."""
        return ELECTRON_MASS

    def key(self, flavor: str) -> str:
        """Flavors with this label share a cross section (here every flavor is distinct)."""
        return flavor

    def form_factors(self, q):
        """A point-like target: unit form factors (interface shared with nuclei)."""
        one = np.ones_like(np.asarray(q, dtype=float))
        return one, one

    def coefficients(self, recoil, flavor: str = "numu", form_factors=None):
        """(a0, a1, a2) with dσ/dT = a0 + a1/E + a2/E^2 in cm^2/MeV; T in MeV."""
        T = np.asarray(recoil, dtype=float)
        m = ELECTRON_MASS
        q = np.sqrt(2.0 * m * T + T * T)
        g_v, g_a = electron_couplings(self.model, flavor, q)
        scale = FERMI_CONSTANT_MEV2**2 * m / (2.0 * np.pi) * HBARC2_MEV2_CM2
        plus, minus = (g_v + g_a) ** 2, (g_v - g_a) ** 2
        a0 = scale * (plus + minus) * np.ones_like(T)
        a1 = -2.0 * scale * minus * T
        a2 = scale * (minus * T * T - (g_v * g_v - g_a * g_a) * m * T)
        moment = self.model.magnetic_moment[flavor]
        if moment != 0.0:
            m0, m1, m2 = electron_magnetic_coefficients(moment, T)
            a0, a1, a2 = a0 + m0, a1 + m1, a2 + m2
        return a0, a1, a2

    def dsigma_dT(self, energy, recoil, flavor: str = "numu"):
        """dσ/dT in cm^2/MeV per electron; zero outside 0 < T <= T_max(E)."""
        E = checked_energies(energy)
        T = checked_energies(recoil, "recoil energies")
        inside = (T > 0) & (E > 0) & (T <= max_recoil_energy(E, ELECTRON_MASS))
        a0, a1, a2 = self.coefficients(np.where(inside, T, 1e-3), flavor)
        E_safe = np.where(E > 0, E, 1.0)
        return np.where(inside, np.maximum(a0 + a1 / E_safe + a2 / E_safe**2, 0.0), 0.0)

    def kinks(self, flavor: str = "numu") -> np.ndarray:
        """No kinks: σ(E) is smooth from E = 0 (:class:`~cevns.xsec.protocol.CrossSection`)."""
        return np.zeros(0)

    def total(self, energy, flavor: str = "numu", recoil_min: float = 0.0):
        """σ(E) = ∫ dσ/dT dT from ``recoil_min`` to T_max in cm^2 per electron.

        By Gauss-Legendre quadrature (exact for the tree-level polynomial in T; in log T
        when a magnetic moment or millicharge makes it diverge as T -> 0, where it is
        infinite for ``recoil_min`` = 0)."""
        E = checked_energies(energy)
        E_pos = np.where(np.isfinite(E) & (E > 0), E, 0.0)
        t_max = max_recoil_energy(E_pos, ELECTRON_MASS)
        divergent = self.model.infrared_divergent
        if divergent and recoil_min == 0.0:
            return np.where(E_pos > 0, np.inf, 0.0)
        ok = (E_pos > 0) & (t_max > recoil_min)
        top = np.where(ok, t_max, recoil_min + 1.0)
        x, w = np.polynomial.legendre.leggauss(64)
        s = 0.5 * (x + 1.0)
        if divergent:
            span = np.log(top / recoil_min)
            T = recoil_min * np.exp(span[..., None] * s)
            jac = T * span[..., None]
        else:
            span = top - recoil_min
            T = recoil_min + span[..., None] * s
            jac = span[..., None] * np.ones_like(s)
        value = self.dsigma_dT(E_pos[..., None], T, flavor) * jac
        return np.where(ok, np.sum(value * 0.5 * w, axis=-1), 0.0)


@lru_cache(maxsize=64)
def electron_cross_section(model: PhysicsModel | None = None) -> ElectronCrossSection:
    """The neutrino-electron cross section for a physics model (cached)."""
    return ElectronCrossSection(model or PhysicsModel())
