"""Charge form factors of Hartree-Fock nuclei, with nucleon electric form factors.

F_ch(q) = [Z G_E^p(q) F_p(q) + N G_E^n(q) F_n(q)] / Z, F_p and F_n the point-proton and
point-neutron form factors (seed 003 Eqs. 27-28) and G_E the Galster nucleon form factors
(S. Galster et al., Nucl. Phys. B 32 (1971) 221), the parametrisation seed 003 Sec. III.A
adopts: G_E^p = G_D = (1 + Q²/0.71 GeV²)^-2, G_E^n = -μ_n τ G_D / (1 + 5.6 τ), τ = Q²/4M².
Spin-orbit and relativistic corrections to the charge density are not included.
"""

from __future__ import annotations

import numpy as np

from ..constants import PROTON_MASS

__all__ = ["galster", "charge_form_factor", "NEUTRON_MAGNETIC_MOMENT"]

NEUTRON_MAGNETIC_MOMENT = -1.91304276
"""μ_n in nuclear magnetons (CODATA 2018)."""
_DIPOLE_MASS2_MEV2 = 0.71e6  # Galster et al. 1971


def galster(q_MeV) -> tuple[np.ndarray, np.ndarray]:
    """(G_E^p, G_E^n) at momentum transfer ``q_MeV`` (Q² ≈ q², elastic, low energy)."""
    q2 = np.asarray(q_MeV, dtype=float) ** 2
    dipole = 1.0 / (1.0 + q2 / _DIPOLE_MASS2_MEV2) ** 2
    tau = q2 / (4.0 * PROTON_MASS**2)
    return dipole, -NEUTRON_MAGNETIC_MOMENT * tau / (1.0 + 5.6 * tau) * dipole


def charge_form_factor(proton, neutron, Z: int, N: int, q_MeV) -> np.ndarray:
    """F_ch(q) from point-proton and point-neutron form factors (callables of q in MeV)."""
    g_p, g_n = galster(q_MeV)
    return g_p * proton(q_MeV) + N / Z * g_n * neutron(q_MeV)
