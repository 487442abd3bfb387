"""The thermal-relic target of the dark sector: the Y at which a complex-scalar χ, annihilating
through the dark photon, freezes out with the observed dark-matter density.

**Annihilation** χχ* -> A'* -> ℓ⁺ℓ⁻ (derived here from the Feynman rules: the scalar current
(p1 - p2)^μ, the vector current of ℓ, with the spin sum of the lepton trace):

    σ(s) = (4π α)(4π α_D) ε² p E / (3π [(s - m_V²)² + m_V² Γ_V²]) Σ_ℓ β_ℓ (1 + 2 m_ℓ²/s),

E = √s/2, p the χ momentum and β_ℓ the lepton velocity in the centre of mass. At low velocity
σ v_rel = (8π/3) α α_D ε² m_χ² v_rel² / (4 m_χ² - m_V²)²: a p-wave, which for m_V >> m_χ is
(8π/3) α Y v_rel²/m_χ², why Y sets the relic density (E. Izaguirre, G. Krnjaic, P. Schuster,
N. Toro, Phys. Rev. Lett. 115, 251301 (2015), arXiv:1505.00011). Valid below the π⁺π⁻
threshold, m_χ < m_π±, where leptons are the only final states.

**Thermal average** (P. Gondolo, G. Gelmini, Nucl. Phys. B 360, 145 (1991), Eq. 3.8):
⟨σv⟩ = ∫_{4m²} σ (s - 4m²) √s K1(√s/T) ds / (8 m⁴ T K2²(m/T)).

**Freeze-out** (Gondolo & Gelmini 1991, Sec. 4, with Y = n/s and x = m/T):

    dY/dx = -sqrt(π/45) M_Pl m g_*^{1/2} ⟨σv⟩ (Y² - Y_eq²) / x²,
    g_*^{1/2} = (h_eff / sqrt(g_eff)) (1 + (T / 3 h_eff) dh_eff/dT),
    Y_eq = 45 x² K2(x) / (4π⁴ h_eff)   (one degree of freedom each for χ and χ*).

The plasma is photons, e± and μ± as ideal gases; the three neutrinos decouple at
T = 2 MeV (instantaneous decoupling, an approximation), after which T_ν/T follows from the
plasma's entropy (E. W. Kolb, M. S. Turner, The Early Universe (1990), Sec. 3.4). The
density today is Ω h² = 2 m Y_∞ s0 / (ρ_c/h²), χ and χ* together.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .constants import (
    CHARGED_PION_MASS,
    CRITICAL_DENSITY_MEV_CM3,
    DARK_MATTER_DENSITY_H2,
    ELECTRON_MASS,
    ENTROPY_DENSITY_TODAY_CM3,
    FINE_STRUCTURE,
    MUON_MASS,
    PLANCK_MASS_MEV,
)
from .darksector import DarkSector
from .errors import CevnsInputError

__all__ = [
    "NEUTRINO_DECOUPLING_MEV",
    "annihilation_cross_section",
    "plasma_degrees_of_freedom",
    "relic_density",
    "relic_yield",
    "thermal_cross_section",
]

NEUTRINO_DECOUPLING_MEV = 2.0
"""Temperature at which the neutrinos are taken to decouple instantly (MeV; approximation)."""

_LEPTONS = (ELECTRON_MASS, MUON_MASS)
_Y_GRID = np.linspace(0.0, 60.0, 3001)  # p/T for the ideal-gas integrals


def _check_scalar(dark: DarkSector) -> None:
    if dark.mediator != "dark_photon":
        raise CevnsInputError(
            "the relic target is computed for a dark photon (annihilation to leptons); a "
            "leptophobic vector annihilates to hadrons"
        )
    if dark.dm_spin != "scalar":
        raise CevnsInputError(
            "the relic target is computed for a complex-scalar χ (the p-wave benchmark of the "
            f"accelerator searches), got dm_spin={dark.dm_spin!r}"
        )
    if dark.dm_mass_MeV >= CHARGED_PION_MASS:
        raise CevnsInputError(
            f"the relic target is computed below the π+π- threshold, m_χ < "
            f"{CHARGED_PION_MASS:g} MeV (leptons only), got {dark.dm_mass_MeV:g} MeV"
        )


def annihilation_cross_section(s, dark: DarkSector):
    """σ(χχ* -> ℓ⁺ℓ⁻) in MeV⁻² at centre-of-mass energy squared ``s`` (MeV²), summed over
    e and μ (module docstring); zero below 4 m_χ²."""
    s = np.asarray(s, dtype=float)
    m, m_v = dark.dm_mass_MeV, dark.mediator_mass_MeV
    p = np.sqrt(np.maximum(0.25 * s - m * m, 0.0))
    x = (m / m_v) ** 2
    width = dark.alpha_dark * m_v / 12.0 * max(1.0 - 4.0 * x, 0.0) ** 1.5
    leptons = 0.0
    for m_l in _LEPTONS:
        r = np.where(s > 4.0 * m_l * m_l, 4.0 * m_l * m_l / np.maximum(s, 1e-300), 1.0)
        leptons = leptons + np.sqrt(1.0 - r) * (1.0 + 0.5 * r)
    coupling = 16.0 * np.pi * FINE_STRUCTURE * dark.alpha_dark * dark.epsilon**2 / 3.0
    propagator = (s - m_v * m_v) ** 2 + (m_v * width) ** 2
    return coupling * p * 0.5 * np.sqrt(s) * leptons / propagator


_LAGUERRE = np.polynomial.laguerre.laggauss(80)


def thermal_cross_section(x, dark: DarkSector):
    """⟨σ v_rel⟩ in MeV⁻² at x = m_χ/T (Gondolo & Gelmini 1991, Eq. 3.8; module
    docstring), by Gauss-Laguerre quadrature in u = (√s - 2m)/T."""
    from scipy.special import k1e, kve

    x = np.atleast_1d(np.asarray(x, dtype=float))
    m = dark.dm_mass_MeV
    u, w = _LAGUERRE
    T = m / x[:, None]
    root_s = 2.0 * m + u * T
    s = root_s * root_s
    sigma = annihilation_cross_section(s, dark)
    # K1(√s/T)/K2(x)² with the exponentials taken out: e^{-√s/T}/e^{-2x} = e^{-u}
    bessel = k1e(root_s / T) / kve(2, x[:, None]) ** 2
    integrand = sigma * (s - 4.0 * m * m) * root_s * bessel * 2.0 * root_s * T
    return np.sum(w * integrand, axis=1) / (8.0 * m**4 * T[:, 0])


def _ideal_gas(z: np.ndarray, fermion: bool) -> tuple[np.ndarray, np.ndarray]:
    """Energy and entropy densities of one degree of freedom of mass m = z T, in units of
    the massless boson's (π²/30 T⁴ and 2π²/45 T³)."""
    y = _Y_GRID[None, :]
    E = np.sqrt(y * y + z[:, None] ** 2)
    boltzmann = np.exp(-E)
    occupation = boltzmann / (1.0 + (1.0 if fermion else -1.0) * boltzmann)
    rho = np.trapezoid(y * y * E * occupation, _Y_GRID, axis=1) / (2 * np.pi**2)
    pressure = np.trapezoid(y**4 / E * occupation, _Y_GRID, axis=1) / (6 * np.pi**2)
    return rho / (np.pi**2 / 30), (rho + pressure) / (2 * np.pi**2 / 45)


@lru_cache(maxsize=1)
def _plasma_table():
    T = np.geomspace(1e-4, 1e3, 700)
    energy = np.full_like(T, 2.0)
    entropy = np.full_like(T, 2.0)  # photons
    for m in _LEPTONS:
        rho, s = _ideal_gas(m / T, fermion=True)
        energy, entropy = energy + 4 * rho, entropy + 4 * s
    coupled_at_decoupling = np.interp(np.log(NEUTRINO_DECOUPLING_MEV), np.log(T), entropy)
    ratio = np.where(
        T < NEUTRINO_DECOUPLING_MEV, (entropy / coupled_at_decoupling) ** (1.0 / 3.0), 1.0
    )
    g_eff = energy + 5.25 * ratio**4
    h_eff = entropy + 5.25 * ratio**3
    slope = np.gradient(np.log(h_eff), np.log(T))
    return T, g_eff, h_eff, slope


def plasma_degrees_of_freedom(T_MeV):
    """(g_eff, h_eff): the energy and entropy degrees of freedom of the Standard-Model plasma
    at temperature T (MeV), module docstring."""
    T, g, h, _ = _plasma_table()
    t = np.log(np.clip(np.asarray(T_MeV, dtype=float), T[0], T[-1]))
    return np.interp(t, np.log(T), g), np.interp(t, np.log(T), h)


def _g_star_half(T_MeV):
    T, g, h, slope = _plasma_table()
    t = np.log(np.clip(T_MeV, T[0], T[-1]))
    g_, h_, d = (np.interp(t, np.log(T), v) for v in (g, h, slope))
    return h_ / np.sqrt(g_) * (1.0 + d / 3.0)


def relic_density(
    dark: DarkSector, x_start: float = 1.0, x_end: float = 1e4, steps: int = 4000
) -> float:
    """Ω h² of χ and χ* today for ``dark`` (a complex scalar below the π⁺π⁻ threshold), from
    the freeze-out equation of the module docstring, solved from equilibrium at ``x_start``
    with the implicit trapezoidal rule on ``steps`` equal steps in ln x (each step a
    quadratic in Y, solved exactly: stable where the equation is stiff)."""
    from scipy.special import kve

    _check_scalar(dark)
    m = dark.dm_mass_MeV
    x = np.geomspace(x_start, x_end, steps + 1)
    T = m / x
    _, h_eff = plasma_degrees_of_freedom(T)
    y_eq = 45.0 * x * x * kve(2, x) * np.exp(-x) / (4 * np.pi**4 * h_eff)
    # dY/dln x = -k (Y² - Y_eq²)
    k = np.sqrt(np.pi / 45.0) * PLANCK_MASS_MEV * m * _g_star_half(T)
    k = k * thermal_cross_section(x, dark) / x
    half = 0.5 * np.log(x_end / x_start) / steps
    a = (half * k).tolist()
    eq2 = (y_eq * y_eq).tolist()
    y = float(y_eq[0])
    for n in range(steps):
        c = y - a[n] * (y * y - eq2[n]) + a[n + 1] * eq2[n + 1]
        y = 2.0 * c / (1.0 + np.sqrt(1.0 + 4.0 * a[n + 1] * c))
    return 2.0 * m * y * ENTROPY_DENSITY_TODAY_CM3 / CRITICAL_DENSITY_MEV_CM3


def relic_yield(
    dm_mass_MeV: float,
    mass_ratio: float = 3.0,
    alpha_dark: float = 0.5,
    density_h2: float = DARK_MATTER_DENSITY_H2,
) -> float:
    """The Y = ε² α_D (m_χ/m_V)⁴ of a complex-scalar χ of mass ``dm_mass_MeV`` with
    m_V = ``mass_ratio`` m_χ that freezes out with Ω h² = ``density_h2`` (Planck 2018);
    Ω ∝ 1/⟨σv⟩ ∝ 1/Y up to logarithms, so a few fixed-point steps converge to 1e-5."""
    y = 1e-10
    for _ in range(30):
        dark = DarkSector.from_yield(dm_mass_MeV, y, mass_ratio, alpha_dark, "scalar")
        ratio = relic_density(dark) / density_h2
        y *= ratio
        if abs(ratio - 1.0) < 1e-5:
            return float(y)
    raise RuntimeError("the relic yield did not converge")  # pragma: no cover
