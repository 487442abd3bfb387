"""Form factors of a Hartree-Fock ground state: point-proton and point-neutron (Pandey (Prog. Part.
Nucl. Phys. 2024, arXiv:2309.07840)
Eqs. 27-28), charge, and weak (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eq. 26) with
the Galster
nucleon form factors of
:mod:`cevns.nuclear.nucleon`."""

from __future__ import annotations

import numpy as np

from ..formfactors import MeshDensity
from ..nucleon import charge_form_factor, weak_form_factor
from .hf import HartreeFockResult

__all__ = ["point_form_factors", "form_factor_table"]


def point_form_factors(result: HartreeFockResult) -> tuple[MeshDensity, MeshDensity]:
    """(F_p, F_n) of the point-proton and point-neutron densities of ``result``."""
    return MeshDensity(result.r_fm, result.rho_p), MeshDensity(result.r_fm, result.rho_n)


def form_factor_table(
    result: HartreeFockResult, q_MeV, weak_charges: tuple[float, float]
) -> dict[str, np.ndarray]:
    """F_p, F_n (point), F_ch and F_W at ``q_MeV``; ``weak_charges`` = (q_p, q_n)."""
    proton, neutron = point_form_factors(result)
    Z, N = result.Z, result.N
    return {
        "proton_point": proton(q_MeV),
        "neutron_point": neutron(q_MeV),
        "charge": charge_form_factor(proton, neutron, Z, N, q_MeV),
        "weak": weak_form_factor(proton, neutron, Z, N, q_MeV, weak_charges),
    }
