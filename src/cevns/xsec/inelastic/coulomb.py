"""Coulomb corrections for the charged lepton of a charged-current reaction.

The outgoing electron (or positron) of ν_e + (Z, A) → e⁻ + (Z+1, A) moves in the Coulomb
field of the final nucleus, which changes its density at the nucleus and so the cross section
(Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) Eq. 37, the factor ζ²(Z', E_f)). Two
standard approximations:

* the Fermi function F(Z, E) of β decay, accurate for slow leptons;
* the modified effective momentum approximation (MEMA) of J. Engel, Phys. Rev. C 57, 2004
  (1998), arXiv:nucl-th/9711045, accurate for fast ones.

For allowed transitions the multipole operators do not depend on the lepton momentum, so
EMA and MEMA give the same factor, p_eff E_eff / (p E).
"""

from __future__ import annotations

import numpy as np
from scipy.special import loggamma

from ...constants import ELECTRON_MASS, FINE_STRUCTURE, HBARC_MEV_FM
from ...errors import CevnsInputError

__all__ = [
    "COULOMB_MODELS",
    "coulomb_factor",
    "fermi_function",
    "mema_factor",
    "nuclear_radius_fm",
]

COULOMB_MODELS = ("auto", "fermi", "mema", "none")
"""Accepted Coulomb prescriptions: ``auto`` (the smaller of the two at each energy, the choice
of MARLEY, S. Gardiner, arXiv:2010.02393), ``fermi``, ``mema``, ``none``."""


def nuclear_radius_fm(A: int) -> float:
    """Radius of the uniformly charged sphere, R = 1.2 A^{1/3} fm, used by both corrections
    (the convention of Engel 1998, arXiv:nucl-th/9711045)."""
    return 1.2 * A ** (1.0 / 3.0)


def _momentum(energy):
    return np.sqrt(np.maximum(energy * energy - ELECTRON_MASS**2, 0.0))


def fermi_function(Z: int, A: int, energy, charge: int = -1):
    """Relativistic Fermi function F(Z, E) for a lepton of total ``energy`` (MeV).

    F = 2(1+γ) (2pR)^{2γ-2} e^{πη} |Γ(γ+iη)|² / Γ(2γ+1)², with γ = √(1-(αZ)²) and
    η = ∓αZE/p (attractive for an electron, ``charge=-1``); R = 1.2 A^{1/3} fm
    (the standard relativistic Fermi function of allowed β decay, e.g. E. Konopinski, *The
    Theory of Beta Radioactivity*, 1966; the form compared with the MEMA by Engel 1998,
    arXiv:nucl-th/9711045). ``Z`` is the charge of the final nucleus.
    Zero below the lepton mass.
    """
    energy = np.asarray(energy, dtype=float)
    p = _momentum(energy)
    alpha_z = FINE_STRUCTURE * Z
    gamma = np.sqrt(1.0 - alpha_z**2)
    safe_p = np.where(p > 0, p, 1.0)
    eta = -charge * alpha_z * energy / safe_p
    two_pr = 2.0 * safe_p * nuclear_radius_fm(A) / HBARC_MEV_FM
    log_f = (
        np.log(2.0 * (1.0 + gamma))
        + (2.0 * gamma - 2.0) * np.log(two_pr)
        + np.pi * eta
        + 2.0 * loggamma(gamma + 1j * eta).real
        - 2.0 * loggamma(2.0 * gamma + 1.0).real
    )
    return np.where(p > 0, np.exp(log_f), 0.0)


def mema_factor(Z: int, A: int, energy, charge: int = -1):
    """MEMA Coulomb factor p_eff E_eff / (p E) for a lepton of total ``energy`` (MeV).

    E_eff = E - q V_C(0) with the potential at the centre of a uniformly charged sphere,
    V_C(0) = 3αZ/(2R) × ħc, R = 1.2 A^{1/3} fm, and p_eff = √(E_eff² - m²) (J. Engel,
    Phys. Rev. C 57, 2004 (1998), arXiv:nucl-th/9711045). ``Z`` is the charge of the final
    nucleus.
    """
    energy = np.asarray(energy, dtype=float)
    p = _momentum(energy)
    potential = 1.5 * FINE_STRUCTURE * Z * HBARC_MEV_FM / nuclear_radius_fm(A)
    e_eff = energy - charge * potential
    p_eff = _momentum(e_eff)
    safe = np.where(p > 0, p * energy, 1.0)
    return np.where(p > 0, p_eff * e_eff / safe, 0.0)


def coulomb_factor(Z: int, A: int, energy, charge: int = -1, model: str = "auto"):
    """The Coulomb correction multiplying p E in an allowed cross section.

    ``model``: ``auto`` takes the smaller of the Fermi function and the MEMA factor at each
    energy (the Fermi function for slow leptons, the MEMA for fast ones, switching where they
    cross: 41 MeV electron kinetic energy for 40K, 65 MeV for 12N; MARLEY's choice,
    arXiv:2010.02393), ``fermi``, ``mema`` or
    ``none`` (1, for neutral-current reactions or a check).
    """
    if model == "none":
        return np.ones_like(np.asarray(energy, dtype=float))
    if model == "fermi":
        return fermi_function(Z, A, energy, charge)
    if model == "mema":
        return mema_factor(Z, A, energy, charge)
    if model == "auto":
        return np.minimum(fermi_function(Z, A, energy, charge), mema_factor(Z, A, energy, charge))
    raise CevnsInputError(f"unknown Coulomb model {model!r}; accepted: {', '.join(COULOMB_MODELS)}")
