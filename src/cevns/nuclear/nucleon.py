"""Nucleon electric form factors, and nuclear form factors folded with them.

A probe with vector charges (c_p, c_n) on the proton and the neutron sees, in the impulse
approximation with isospin symmetry of the nucleon's quark distributions (Pandey, Prog. Part. Nucl.
Phys. 2024, arXiv:2309.07840, Eqs. 23-25),
the nuclear amplitude

    c_p [Z F_p G_E^p + N F_n G_E^n] + c_n [N F_n G_E^p + Z F_p G_E^n],

with F_p, F_n the point-proton and point-neutron form factors (Pandey, Prog. Part. Nucl. Phys.
2024, arXiv:2309.07840, Eqs. 27-28) and G_E the
nucleon Sachs electric form factors. The first bracket over Z is the charge form factor F_ch
(c_p = 1, c_n = 0); with the weak charges c_p = q_p = 1 - 4 sin²θ_W, c_n = q_n = -1 the sum over
Q_W = Z q_p + N q_n is the weak form factor F_W of Pandey (Prog. Part. Nucl. Phys. 2024,
arXiv:2309.07840) Eq. 26,
F_W(0) = 1. The strange-quark electric form factor G_E^s adds -(Z F_p + N F_n) G_E^s to the weak
amplitude (the strange quark couples to the Z like the d quark, so its coefficient is the
neutron coupling q_n = -1 of the Standard Model; :func:`folded_pair` with ``strange``).
Magnetic (spin-orbit) and meson-exchange contributions are not included: Pandey (Prog. Part.
Nucl. Phys. 2024) Eqs. 24-26 fold the electric form factors only, and the spin-orbit term
(Horowitz & Piekarewicz, Phys. Rev. C 86 (2012) 045503) vanishes for spin-saturated shells.

G_E is the Galster parametrisation (S. Galster et al., Nucl. Phys. B 32 (1971) 221), which
Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) Sec. III.A adopts: G_E^p = G_D = (1 +
Q²/0.71 GeV²)^-2, G_E^n
= -μ_n τ G_D / (1 + 5.6 τ),
τ = Q²/4M² (M the proton mass), with Q² ≈ q² at these energies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..constants import (
    AXIAL_COUPLING,
    CHARGED_PION_MASS,
    HBARC_MEV_FM,
    NEUTRON_MASS,
    PROTON_MASS,
    STRANGE_ELECTRIC_MS_RADIUS_FM2,
)
from ..errors import CevnsInputError

__all__ = [
    "galster",
    "strange_electric",
    "NucleonFolded",
    "folded_pair",
    "charge_form_factor",
    "weak_form_factor",
    "NEUTRON_MAGNETIC_MOMENT",
    "PROTON_MAGNETIC_MOMENT",
    "AXIAL_MASS_MEV",
    "NUCLEON_MASS",
    "isovector_form_factors",
    "GALSTER_PROTON_MS_RADIUS_FM2",
    "GALSTER_NEUTRON_MS_RADIUS_FM2",
]

NEUTRON_MAGNETIC_MOMENT = -1.91304276
"""μ_n in nuclear magnetons (CODATA 2018)."""
PROTON_MAGNETIC_MOMENT = 2.79284734463
"""μ_p in nuclear magnetons (CODATA 2018)."""
_DIPOLE_MASS2_MEV2 = 0.71e6  # Galster et al. 1971
AXIAL_MASS_MEV = 1026.0
"""Axial dipole mass M_A: 1.026 ± 0.021 GeV, world average of neutrino-deuterium and
pion-electroproduction data (Bernard, Elouadrhiri & Meissner, J. Phys. G 28, R1 (2002))."""
NUCLEON_MASS = 0.5 * (PROTON_MASS + NEUTRON_MASS)
"""The average nucleon mass (MeV) of the weak form factors and multipoles."""

GALSTER_PROTON_MS_RADIUS_FM2 = 12.0 * HBARC_MEV_FM**2 / _DIPOLE_MASS2_MEV2
"""<r²> of the Galster (dipole) G_E^p, -6 dG/dq² at 0: 0.658 fm² (r = 0.811 fm)."""
GALSTER_NEUTRON_MS_RADIUS_FM2 = 1.5 * NEUTRON_MAGNETIC_MOMENT * (HBARC_MEV_FM / PROTON_MASS) ** 2
"""<r²> of the Galster G_E^n: 6 μ_n / 4M² = -0.127 fm² (measured: -0.1155, PDG 2022)."""


def galster(q_MeV) -> tuple[np.ndarray, np.ndarray]:
    """(G_E^p, G_E^n) at momentum transfer ``q_MeV`` (Q² ≈ q², elastic, low energy)."""
    q2 = np.asarray(q_MeV, dtype=float) ** 2
    dipole = 1.0 / (1.0 + q2 / _DIPOLE_MASS2_MEV2) ** 2
    tau = q2 / (4.0 * PROTON_MASS**2)
    return dipole, -NEUTRON_MAGNETIC_MOMENT * tau / (1.0 + 5.6 * tau) * dipole


def strange_electric(q_MeV) -> np.ndarray:
    """Strange electric form factor of the nucleon, G_E^s = -(<r²_E>^s / 6) q² G_D(q), with the
    lattice <r²_E>^s = -0.0048(6) fm² (:data:`~cevns.constants.STRANGE_ELECTRIC_MS_RADIUS_FM2`)
    and the Galster dipole G_D for the fall-off. G_E^s(0) = 0; about +2e-4 at 100 MeV."""
    q2 = np.asarray(q_MeV, dtype=float) ** 2
    dipole = 1.0 / (1.0 + q2 / _DIPOLE_MASS2_MEV2) ** 2
    return -STRANGE_ELECTRIC_MS_RADIUS_FM2 / 6.0 * q2 / HBARC_MEV_FM**2 * dipole


@dataclass(frozen=True, eq=False)
class NucleonFolded:
    """Nuclear form factor seen through one nucleon's charge, nucleon sizes included:
    F(q) = G_E^p F_own + (n_other / n_own) G_E^n F_other.

    ``own`` and ``other`` are point form factors (callables of q in MeV with an
    ``rms_radius_fm``) of the ``n_own`` nucleons this charge sits on and the ``n_other`` of
    the other kind. With own = protons it is the charge form factor F_ch; with own = neutrons
    it is its isospin mirror, the neutron's share of a vector probe (module docstring).
    ``strange`` adds the strange form factor's share, G_E^s (F_own + (n_other/n_own) F_other),
    on the neutron side (it enters with the neutron coupling).
    """

    own: object
    other: object
    n_own: int
    n_other: int
    strange: bool = False

    def __post_init__(self):
        if self.n_own <= 0 or self.n_other < 0:
            raise CevnsInputError("folding needs a positive number of nucleons of the kind folded")

    def __call__(self, q):
        g_p, g_n = galster(q)
        own, other = self.own(q), self.own(q) if self.other is self.own else self.other(q)
        ratio = self.n_other / self.n_own
        value = g_p * own + ratio * g_n * other
        if self.strange:
            value = value + strange_electric(q) * (own + ratio * other)
        return value

    @property
    def rms_radius_fm(self) -> float:
        """sqrt(<r²>_own + <r²>_p + (n_other/n_own) <r²>_n [+ (A/n_own) <r²>_s]), with the
        Galster radii (fm)."""
        ms = (
            self.own.rms_radius_fm**2
            + GALSTER_PROTON_MS_RADIUS_FM2
            + self.n_other / self.n_own * GALSTER_NEUTRON_MS_RADIUS_FM2
        )
        if self.strange:
            ms += (self.n_own + self.n_other) / self.n_own * STRANGE_ELECTRIC_MS_RADIUS_FM2
        return float(np.sqrt(ms))


def folded_pair(
    proton, neutron, Z: int, N: int, strange: bool = False
) -> tuple[NucleonFolded, NucleonFolded]:
    """Point (F_p, F_n) → the pair a vector probe sees, c_p Z F_p' + c_n N F_n' reproducing
    the impulse-approximation amplitude of the module docstring for any (c_p, c_n); with
    ``strange`` the neutron side carries the strange form factor too (N > 0)."""
    return (
        NucleonFolded(proton, neutron, Z, N),
        NucleonFolded(neutron, proton, N, Z, strange and N > 0),
    )


def charge_form_factor(proton, neutron, Z: int, N: int, q_MeV) -> np.ndarray:
    """F_ch(q) from point-proton and point-neutron form factors (callables of q in MeV)."""
    return NucleonFolded(proton, neutron, Z, N)(q_MeV)


def weak_form_factor(
    proton, neutron, Z: int, N: int, q_MeV, weak_charges: tuple[float, float]
) -> np.ndarray:
    """F_W(q) = [Z q_p F_p' + N q_n F_n'] / (Z q_p + N q_n), Pandey (Prog. Part. Nucl. Phys. 2024,
    arXiv:2309.07840)
    Eq. 26 with the folded
    pair F' of :func:`folded_pair`; ``weak_charges`` = (q_p, q_n), e.g. (1 - 4 sin²θ_W, -1)
    at tree level. F_W(0) = 1."""
    q_p, q_n = weak_charges
    charge = Z * q_p + N * q_n
    if charge == 0:
        raise CevnsInputError("the weak charge Z q_p + N q_n is zero; F_W is undefined")
    folded_p, folded_n = folded_pair(proton, neutron, Z, N)
    return (Z * q_p * folded_p(q_MeV) + N * q_n * folded_n(q_MeV)) / charge


def isovector_form_factors(Q2, axial_mass: float = AXIAL_MASS_MEV):
    """Isovector weak nucleon form factors at Q² (MeV², spacelike > 0): F1, ξF2 (Dirac and
    Pauli, dipole Sachs G_E^V = G_D, G_M^V = (μ_p - μ_n) G_D with M_V² = 0.71 GeV²), F_A
    (dipole, F_A(0) = g_A > 0) and the dimensionless pseudoscalar F_P = 2M² F_A/(m_π² + Q²)
    (pion pole, PCAC) in the convention of C. H. Llewellyn Smith, Phys. Rep. 3, 261 (1972)."""
    tau = Q2 / (4.0 * NUCLEON_MASS**2)
    dipole = 1.0 / (1.0 + Q2 / _DIPOLE_MASS2_MEV2) ** 2
    ge, gm = dipole, (PROTON_MAGNETIC_MOMENT - NEUTRON_MAGNETIC_MOMENT) * dipole
    f1 = (ge + tau * gm) / (1.0 + tau)
    xf2 = (gm - ge) / (1.0 + tau)
    fa = AXIAL_COUPLING / (1.0 + Q2 / axial_mass**2) ** 2
    fp = 2.0 * NUCLEON_MASS**2 * fa / (CHARGED_PION_MASS**2 + Q2)
    return f1, xf2, fa, fp
