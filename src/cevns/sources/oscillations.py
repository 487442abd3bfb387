"""Short-baseline oscillations into a sterile neutrino (3+1), averaged over the baseline.

For a mass splitting Δm^2_41 and active-sterile mixings ``|U_α4|^2`` the short-baseline
probabilities are (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Sec. VII.C;
arXiv:1303.3011 Eqs. 3-4)::

    P_αα = 1 - 4|U_α4|^2 (1 - |U_α4|^2) sin^2 Δ,   P_αβ = 4|U_α4|^2 |U_β4|^2 sin^2 Δ (β ≠ α),

with Δ = Δm^2 L / (4E) = 1.267 Δm^2[eV^2] L[m] / E[MeV]. Neutral currents see every active
flavor, so CEvNS measures the disappearance into the sterile state; flavor-dependent new
physics sees each P_αβ. The production and detection points are spread uniformly over the
source and detector lengths a and b around the mean baseline L; averaging gives

    <sin^2 Δ> = [1 - cos(2kL) sinc(ka) sinc(kb)] / 2,   k = Δm^2 / (4E),  sinc x = sin x / x.

The 1/L^2 fall of the flux over the spread is neglected (it is second order in a/L, b/L).
"""

from __future__ import annotations

import numpy as np

from ..constants import HBARC_MEV_FM
from ..physics import LEPTON_FLAVORS, SterileNeutrino, lepton_flavor

__all__ = [
    "OSCILLATION_PHASE_PER_EV2_M_PER_MEV",
    "averaged_sin2",
    "oscillated_moments",
    "transition_weights",
]

OSCILLATION_PHASE_PER_EV2_M_PER_MEV = 1e-12 / (4.0 * HBARC_MEV_FM * 1e-15)
"""Δm^2 L / (4E) per (eV^2 m / MeV): 1.26693 (from ħc, CODATA 2018)."""

_MAX_PANELS = 6000


def _wavenumber(sterile: SterileNeutrino, energy):
    """k = Δm^2/(4E) in 1/m for E in MeV."""
    return OSCILLATION_PHASE_PER_EV2_M_PER_MEV * sterile.dm41_eV2 / np.asarray(energy, float)


def averaged_sin2(sterile: SterileNeutrino, energy, baseline_m, spread_m=(0.0, 0.0)):
    """<sin^2(Δm^2 L / 4E)> over uniform source and detector lengths ``spread_m`` (m) around
    ``baseline_m``; energy in MeV."""
    k = _wavenumber(sterile, energy)
    a, b = spread_m
    damping = np.sinc(k * a / np.pi) * np.sinc(k * b / np.pi)
    return 0.5 * (1.0 - np.cos(2.0 * k * baseline_m) * damping)


def transition_weights(sterile: SterileNeutrino, flavor: str) -> dict[str, tuple[float, float]]:
    """{final lepton flavor β: (c, w)} with P_αβ = c + w <sin^2 Δ> for an incoming ``flavor``
    (ν or ν̄ alike); only flavors with a non-zero probability are listed."""
    alpha = lepton_flavor(flavor)
    ua = sterile.mixing(alpha)
    out = {alpha: (1.0, -4.0 * ua * (1.0 - ua))}
    for beta in LEPTON_FLAVORS:
        if beta != alpha:
            w = 4.0 * ua * sterile.mixing(beta)
            if w != 0.0:
                out[beta] = (0.0, w)
    return out


def oscillated_moments(spectrum, e_min, sterile, baseline_m, spread_m=(0.0, 0.0)):
    """S_k(E_min) = ∫_{E_min} pdf(E) E^{-k} <sin^2 Δ>(E) dE for k = 0, 1, 2, shape
    (3,) + shape(e_min): exact for a line; for a continuous spectrum by Gauss-Legendre in
    u = 1/E, where the oscillation is periodic, on panels shorter than an eighth of a
    period (beyond ~750 periods the oscillating part is averaged, a relative error below
    1e-4 of the envelope there)."""
    e_min = np.asarray(e_min, dtype=float)
    if spectrum.lines:
        (energy,) = spectrum.lines
        return spectrum.moments(e_min) * averaged_sin2(sterile, energy, baseline_m, spread_m)
    plain = spectrum.moments(e_min)
    # S_k = Φ_k / 2 - C_k / 2 with C_k the oscillating part ∫ pdf E^-k cos(2kL) sinc sinc
    u0 = 1.0 / spectrum.max_energy
    u_top = 1.0 / np.maximum(e_min, 1e-9)
    k_per_u = OSCILLATION_PHASE_PER_EV2_M_PER_MEV * sterile.dm41_eV2  # k = k_per_u * u
    period = np.pi / (k_per_u * baseline_m) if k_per_u > 0 else np.inf
    # panels grow by 10% (following the smooth envelope) until they reach period / 8
    u_end = float(np.max(u_top, initial=u0))
    u_switch = min(u_end, 1.25 * period)
    n_geo = int(np.ceil(np.log(u_switch / u0) / np.log(1.1))) if u_switch > u0 else 0
    edges = u0 * 1.1 ** np.arange(n_geo + 1)
    if u_end > edges[-1]:
        step = period / 8.0
        n_lin = min(int(np.ceil((u_end - edges[-1]) / step)), _MAX_PANELS)
        edges = np.append(edges, edges[-1] + step * np.arange(1, n_lin + 1))
    x, w = np.polynomial.legendre.leggauss(6)

    def integrand(u):
        E = 1.0 / u
        k = k_per_u * u
        a, b = spread_m
        osc = np.cos(2.0 * k * baseline_m) * np.sinc(k * a / np.pi) * np.sinc(k * b / np.pi)
        base = spectrum.pdf(E) * osc / (u * u)  # dE = du / u^2
        return np.stack([base, base * u, base * u * u])

    lo, hi = edges[:-1], edges[1:]
    half = 0.5 * (hi - lo)
    nodes = 0.5 * (hi + lo)[:, None] + half[:, None] * x
    panel = (integrand(nodes) * (half[:, None] * w)).sum(-1)  # (3, n_panels)
    cum = np.concatenate([np.zeros((3, 1)), np.cumsum(panel, axis=1)], axis=1)
    u_cap = np.minimum(u_top, edges[-1])
    j = np.clip(np.searchsorted(edges, u_cap, side="right") - 1, 0, edges.size - 2)
    start = edges[j]
    half_p = 0.5 * (u_cap - start)
    nodes_p = (0.5 * (u_cap + start))[..., None] + half_p[..., None] * x
    partial = (integrand(nodes_p) * (half_p[..., None] * w)).sum(-1)
    oscillating = cum[:, j] + partial
    return 0.5 * plain - 0.5 * np.where(u_top > u0, oscillating, 0.0)
