"""Effective vector couplings of a neutrino to nucleons and electrons, with new physics.

Every vector-like effect (weak mixing angle and its running, neutrino charge radius and
millicharge, non-standard interactions, light vector mediators) enters CEvNS as a shift of the
nucleon vector couplings, possibly dependent on the momentum transfer q. For an incoming
neutrino of lepton flavor α the amplitude to a final neutrino of flavor β is

    A_αβ(q) = c_p^{αβ}(q) Z F_p(q) + c_n^{αβ}(q) N F_n(q),

and the rate sums ``|A_αβ|^2`` over β (flavor-changing NSI add incoherently, Pandey, Prog.
Part. Nucl. Phys. 2024, arXiv:2309.07840, Eq. 53).
Couplings are in this package's convention (Carey & Pandey, NuFact 2024, arXiv:2412.18055, Eq. 5:
Q_W = g_p Z + g_n N with
g_p = 1 - 4 sin^2θ_W, g_n = -1), twice the common "1/2" convention g_V^p = 1/2 - 2 sin^2θ_W
of most papers. A neutrino and its antineutrino get the same shifts: the
new-physics amplitude changes sign with the weak one (arXiv:1810.05606 Sec. II).
"""

from __future__ import annotations

import numpy as np

from ..constants import (
    ELECTRON_MASS,
    FERMI_CONSTANT_MEV2,
    FINE_STRUCTURE,
    HBARC2_MEV2_CM2,
    MUON_MASS,
    SIN2_THETA_W_LOW_Q,
    TAU_MASS,
)
from ..physics import LEPTON_FLAVORS, PhysicsModel, lepton_flavor

__all__ = [
    "charge_radius_sin2_shift",
    "lepton_loop",
    "lepton_loops",
    "radiative_proton_shift",
    "coupling_from_half_strength",
    "electron_couplings",
    "nucleon_couplings",
    "sin2_theta_w_shift",
    "vector_mediator_charges",
]

_SQRT2 = np.sqrt(2.0)


def sin2_theta_w_shift(q, sin2_at_zero: float = SIN2_THETA_W_LOW_Q):
    """sin^2θ_W(μ = q) - sin^2θ_W(0) in the MS-bar scheme, q in MeV.

    One-loop renormalisation-group running with the charged leptons as the active fermions
    (Erler & Ramsey-Musolf, Phys. Rev. D 72 (2005) 073003, hep-ph/0409169, Sec. II):
    ŝ^2(μ) = λ + [α̂(μ)/α](ŝ^2(0) - λ) with λ = 1/4 for leptons and
    1/α̂(μ) = 1/α - (1/3π) Σ_{ℓ=e,μ} θ(μ - m_ℓ) ln(μ^2/m_ℓ^2). Valid below the hadronic
    thresholds (q ≲ 300 MeV, all of CEvNS at decay-at-rest sources); the change is tiny:
    -5.3e-5 at 10 MeV, -9.4e-5 at 100 MeV.
    """
    q = np.asarray(q, dtype=float)
    logs = 0.0
    for mass in (ELECTRON_MASS, MUON_MASS):
        with np.errstate(divide="ignore"):
            logs = logs + np.where(q > mass, np.log(np.maximum(q, mass) ** 2 / mass**2), 0.0)
    inverse_alpha = 1.0 / FINE_STRUCTURE - logs / (3.0 * np.pi)
    ratio = (1.0 / FINE_STRUCTURE) / inverse_alpha
    return (ratio - 1.0) * (sin2_at_zero - 0.25)


def lepton_loop(q, mass: float):
    """Subtracted one-loop vacuum polarisation of a charged lepton of ``mass`` (MeV) at
    space-like momentum transfer q (MeV): Π̂(q) = Π(q) - Π(0) =
    -2 ∫_0^1 x(1-x) ln[1 + x(1-x) q²/m²] dx
    = 5/9 - 4m²/(3q²) + (1/3)(1 - 2m²/q²) β ln[(β-1)/(β+1)], β = sqrt(1 + 4m²/q²)
    (the standard QED result, e.g. M. E. Peskin and D. V. Schroeder, An Introduction to
    Quantum Field Theory (1995), Sec. 7.5; written for CEvNS by O. Tomalak, P. Machado,
    V. Pandey, R. Plestid, JHEP 02 (2021) 097, arXiv:2011.05960). -q²/(15 m²) for q << m,
    5/9 - (1/3) ln(q²/m²) for q >> m. Below q²/m² = 0.01 the series is used."""
    z = np.asarray(q, dtype=float) ** 2 / mass**2
    small = z < 1e-2
    zs = np.where(small, 1.0, z)
    beta = np.sqrt(1.0 + 4.0 / zs)
    closed = (
        5.0 / 9.0
        - 4.0 / (3.0 * zs)
        + (1.0 - 2.0 / zs) * beta * np.log((beta - 1.0) / (beta + 1.0)) / 3.0
    )
    series = -z / 15.0 + z * z / 140.0 - 2.0 * z**3 / 1890.0 + z**4 / 5544.0
    return np.where(small, series, closed)


_LEPTONS = (("e", ELECTRON_MASS), ("mu", MUON_MASS), ("tau", TAU_MASS))


def lepton_loops(q) -> dict:
    """{"e", "mu", "tau"}: :func:`lepton_loop` of each charged lepton at q (MeV)."""
    return {lepton: lepton_loop(q, mass) for lepton, mass in _LEPTONS}


def radiative_proton_shift(model: PhysicsModel, flavor: str, q, loops: dict | None = None):
    """Momentum dependence of the radiatively corrected proton coupling (doubled
    convention) for a neutrino of lepton ``flavor``; zero at q = 0, q in MeV.

    Photon exchange between the nucleus and a charged-lepton loop closed on the neutrino's
    neutral and charged currents adds 2(α/π) Σ_ℓ' (δ_ℓℓ' - 1/2 + 2 sin²θ_W) Π̂_ℓ'(q) to g_p
    (the flavor-dependent term δ^{νℓ} of Tomalak, Machado, Pandey, Plestid, JHEP 02 (2021) 097,
    arXiv:2011.05960, multiplying the charge form factor as in Pandey, Prog. Part. Nucl. Phys.
    2024, arXiv:2309.07840, Eq. 34; δ_ℓℓ' from W exchange, -1/2 + 2 sin²θ_W from Z exchange).
    Its value at q = 0 is in :meth:`~cevns.physics.PhysicsModel.couplings`. The loops of
    light quarks (flavor independent, rising as q²/m_ρ²) are left out; the budget
    (:mod:`cevns.rates.budget`) counts them as the hadronic uncertainty. ``loops`` may pass
    :func:`lepton_loops` already evaluated at q.
    """
    own = lepton_flavor(flavor)
    loops = lepton_loops(q) if loops is None else loops
    z_coupling = -0.5 + 2.0 * model.sin2_theta_w
    total = loops["e"] + loops["mu"] + loops["tau"]
    return 2.0 * FINE_STRUCTURE / np.pi * (z_coupling * total + loops[own])


def charge_radius_sin2_shift(radius_cm2: float) -> float:
    """Shift of sin^2θ_W equivalent to a neutrino charge radius <r^2> (cm^2):
    Δ sin^2θ_W = (√2 π α / (3 G_F)) <r^2>   (Pandey (Prog. Part. Nucl. Phys. 2024,
    arXiv:2309.07840) Eq. 57; Vogel &
    Engel,
    Phys. Rev. D 39 (1989) 3378). About 0.0238 for <r^2> = 1e-32 cm^2.

    Convention: this is the <r^2> of Vogel & Engel. The review of Giunti & Studenikin
    (arXiv:1403.6344) and the COHERENT-era fits (arXiv:1810.05606) define <r^2> twice as
    large for the same effect (their Standard-Model <r^2_νe> = -0.83e-32 cm^2 is -0.415e-32
    cm^2 here).
    """
    r2 = radius_cm2 / HBARC2_MEV2_CM2  # MeV^-2
    return _SQRT2 * np.pi * FINE_STRUCTURE / (3.0 * FERMI_CONSTANT_MEV2) * r2


def _photon_shift(model: PhysicsModel, alpha: str, q):
    """Shift of the proton coupling from the neutrino's electromagnetic charge form factor
    (charge radius and millicharge) for lepton flavor ``alpha``; q in MeV.

    Charge radius: -4 Δsin^2θ_W (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eq. 57).
    Millicharge q_ν
    (units of e): photon
    exchange adds +4√2 π α q_ν / (G_F q^2), twice the 1/2-convention shift
    (2√2 π α / G_F)[q_ν/q^2 - <r^2>_GS/6] of the neutrino charge form factor
    (arXiv:1403.6344 Sec. 6; arXiv:1908.06045 Eq. 4). When it dominates it reproduces
    Rutherford scattering, dσ/dT = 2π α^2 q_ν^2 Z^2 / (M T^2).
    """
    shift = -4.0 * charge_radius_sin2_shift(model.charge_radius_cm2[alpha])
    charge = model.millicharge[alpha]
    if charge != 0.0:
        with np.errstate(divide="ignore"):
            shift = shift + 4.0 * _SQRT2 * np.pi * FINE_STRUCTURE * charge / (
                FERMI_CONSTANT_MEV2 * q * q
            )
    return shift


def vector_mediator_charges(mediator, alpha: str) -> tuple[float, float, float]:
    """(b_p, b_n, b_e) with coupling shifts g^2 b / (q^2 + M^2) from a light vector mediator
    for a neutrino of lepton flavor ``alpha``; q in MeV.

    Convention, derived from the Lagrangian
    L ⊃ g Z'_μ (Σ_α Q_να ν̄_αL γ^μ ν_αL + Σ_q Q_q q̄ γ^μ q + Q_e ē γ^μ e)
    (the shift is Cadeddu et al., JHEP 01 (2021) 116, arXiv:2008.05022, Eq. 3): t-channel Z'
    exchange gives the four-fermion term -[g^2 Q_ν Q_q / (q^2 + M^2)] (ν̄ γ^μ P_L ν)(q̄ γ_μ q),
    while the
    Standard-Model neutral current is -√2 G_F g_V^q (ν̄ γ^μ P_L ν)(q̄ γ_μ q) with
    g_V^u = 1/2 - 4/3 sin^2θ_W at tree level. So each quark's
    coupling shifts by g^2 Q_ν Q_q / (√2 G_F (q^2 + M^2)), the proton's (Q_p = 2Q_u + Q_d) by
    3 g^2 / (√2 G_F (q^2 + M^2)) for universal charges in the 1/2 convention, and b_f =
    2 Q_ν Q_f / (√2 G_F) in this package's doubled convention (``b_e`` in the 1/2 convention of
    :func:`electron_couplings`). In the heavy limit the shift is the vector NSI
    ε^q = g^2 Q_ν Q_q / (√2 G_F M^2) (Heeck et al., SciPost Phys. 6 (2019) 038,
    arXiv:1812.04067).

    Some talks and papers write the universal term as 3 g'^2 / (2√2 G_F (q^2 + M^2)) added to
    g_V^p and g_V^n (the 1/2 convention): half of the above for the same coupling. That form
    is this one with g' = √2 g; :func:`coupling_from_half_strength` converts.
    """
    scale = 2.0 * mediator.neutrino_charge(alpha) / (_SQRT2 * FERMI_CONSTANT_MEV2)
    u, d = mediator.charge_u, mediator.charge_d
    return scale * (2 * u + d), scale * (u + 2 * d), 0.5 * scale * mediator.charge_e


def coupling_from_half_strength(g_prime: float) -> float:
    """The coupling g of :class:`~cevns.physics.VectorMediator` that reproduces a light-vector
    shift written as 3 g'^2 / (2√2 G_F (q^2 + M^2)) on g_V^p = 1/2 - 2 sin^2θ_W: g = g'/√2
    (see :func:`vector_mediator_charges` for the derivation)."""
    return g_prime / _SQRT2


def _mediator_shift(model: PhysicsModel, alpha: str, q, which: int):
    """Σ over the model's vector mediators of g^2 b / (q^2 + M^2) (b from
    :func:`vector_mediator_charges`, ``which`` = 0 proton, 1 neutron, 2 electron)."""
    total = 0.0
    for m in model.vector_mediators:
        b = vector_mediator_charges(m, alpha)[which]
        if m.coupling != 0.0 and b != 0.0:
            total = total + m.coupling**2 * b / (q * q + m.mass_MeV**2)
    return total


def nucleon_couplings(
    model: PhysicsModel, flavor: str, q, loops: dict | None = None
) -> list[tuple]:
    """Effective (c_p, c_n) for each final neutrino flavor with a non-zero amplitude, for an
    incoming neutrino ``flavor`` at momentum transfer q (MeV). The first pair is the
    flavor-conserving one; the others come from flavor-changing NSI.

    c_p = g_p(q) - 4 Δsin^2 [charge radius, millicharge] + 2(2ε^u_αα + ε^d_αα) + Z' term
    c_n = g_n + 2(ε^u_αα + 2ε^d_αα) + Z' term                (Pandey, Prog. Part. Nucl. Phys. 2024,
    arXiv:2309.07840,
    Eq. 53, doubled)
    """
    alpha = lepton_flavor(flavor)
    g_p, g_n = model.couplings(flavor)
    if model.running:
        g_p = g_p - 4.0 * sin2_theta_w_shift(q, model.sin2_theta_w)
    if model.radiative_couplings:
        g_p = g_p + radiative_proton_shift(model, flavor, q, loops)
    nsi = model.nsi
    with_nsi = nsi.any()
    eu, ed = (nsi.get(alpha, alpha, "u"), nsi.get(alpha, alpha, "d")) if with_nsi else (0.0, 0.0)
    c_p = g_p + 2.0 * (2.0 * eu + ed) + _photon_shift(model, alpha, q)
    c_n = g_n + 2.0 * (eu + 2.0 * ed)
    if model.vector_mediators:
        c_p = c_p + _mediator_shift(model, alpha, q, 0)
        c_n = c_n + _mediator_shift(model, alpha, q, 1)
    out = [(c_p, c_n)]
    for beta in LEPTON_FLAVORS if with_nsi else ():
        if beta == alpha:
            continue
        eu, ed = nsi.get(alpha, beta, "u"), nsi.get(alpha, beta, "d")
        if eu != 0.0 or ed != 0.0:
            out.append((2.0 * (2.0 * eu + ed), 2.0 * (eu + 2.0 * ed)))
    return out


def electron_couplings(model: PhysicsModel, flavor: str, q):
    """(g_V, g_A) of neutrino-electron elastic scattering in the 1/2 convention, with the
    charged-current contribution for ν_e and ν̄_e (Vogel & Engel, Phys. Rev. D 39 (1989)
    3378, Eq. 2; PDG 2024 electroweak review Eq. 10.27): g_V = -1/2 + 2 sin^2θ_W (+1 for
    ν_e), g_A = -1/2 (+1 for ν_e), and g_A -> -g_A for antineutrinos. The charge radius and
    millicharge shift g_V with the opposite sign to the proton (the electron has charge -1);
    light vector mediators add g^2 Q_ν Q_e / (√2 G_F (q^2 + M^2)). q in MeV (q^2 = 2 m_e T).
    """
    alpha = lepton_flavor(flavor)
    s2 = model.sin2_theta_w
    g_v = -0.5 + 2.0 * s2
    g_a = -0.5
    if model.running:
        g_v = g_v + 2.0 * sin2_theta_w_shift(q, s2)
    if alpha == "e":
        g_v, g_a = g_v + 1.0, g_a + 1.0
    if flavor.endswith("bar"):
        g_a = -g_a
    g_v = g_v - 0.5 * _photon_shift(model, alpha, q)
    if model.vector_mediators:
        g_v = g_v + _mediator_shift(model, alpha, q, 2)
    return g_v, g_a
