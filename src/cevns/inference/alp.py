"""Sensitivity to axion-like particles in (m_a, g_aγγ) at a beam-dump experiment.

At each mass the events are N(g) = Σ_lines c x² e^{-k x}, x = (g / 1 GeV⁻¹)², from the
pieces of :func:`~cevns.rates.alp.alp_line_terms` at g = 1 GeV⁻¹ (yield and detection each
∝ g², decay length ∝ 1/g²). A coupling is within reach when N(g) reaches the median expected
90 % CL limit s_90(b) for a background of b events: the Asimov likelihood ratio
2[s - b ln(1 + s/b)] = 2.71 (G. Cowan, K. Cranmer, E. Gross, O. Vitells, Eur. Phys. J. C 71,
1554 (2011), arXiv:1007.1727), and never below 2.30, the Poisson limit with no background and no
event. The region is bounded below (too few ALPs) and above (they decay before the detector).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..alp import AxionLikeParticle
from ..errors import CevnsInputError
from ..rates.alp import alp_line_terms
from ..results import Result
from .fit import DCHI2_90
from .likelihood import poisson_deviance

__all__ = ["AlpSensitivity", "alp_sensitivity", "signal_for_limit"]

_POISSON_90 = 2.302585  # -ln(0.1): 90 % CL upper limit on a Poisson mean with none observed


def signal_for_limit(background: float) -> float:
    """s_90(b): the signal the median experiment with background ``background`` excludes at
    90 % CL (module docstring)."""
    from scipy.optimize import brentq

    b = float(background)
    if not (np.isfinite(b) and b >= 0):
        raise CevnsInputError(f"the background must be a number of events >= 0, got {background!r}")
    if b == 0:
        return _POISSON_90

    def q(s):
        return float(poisson_deviance(np.array([b]), np.array([s + b]))) - DCHI2_90

    return max(_POISSON_90, brentq(q, 1e-9, 10.0 * (b + 10.0)))


@dataclass(frozen=True)
class AlpSensitivity(Result):
    """Reach in g_aγγ (GeV⁻¹) at each ALP mass (MeV): ``lower`` and ``upper`` edges of the
    region where the expected events reach ``signal_90`` within the scanned couplings (an edge
    beyond them is the range's end; NaN where nothing is reached), and the ``events`` on the
    (mass, coupling) grid."""

    experiment: str
    masses_MeV: np.ndarray
    couplings_per_GeV: np.ndarray
    events: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    signal_90: float
    pot: float
    background: float
    assumptions: dict

    def to_dict(self) -> dict:
        def clean(values):
            return [None if not np.isfinite(v) else float(v) for v in values]

        return {
            "experiment": self.experiment,
            "pot": self.pot,
            "background_events": self.background,
            "signal_for_90_cl": self.signal_90,
            "assumptions": self.assumptions,
            "mass_MeV": self.masses_MeV.tolist(),
            "g_agg_lower_per_GeV": clean(self.lower),
            "g_agg_upper_per_GeV": clean(self.upper),
        }

    def table(self) -> dict:
        return {
            "mass_MeV": self.masses_MeV,
            "g_agg_lower_per_GeV": self.lower,
            "g_agg_upper_per_GeV": self.upper,
        }

    def plot(self, ax=None):
        from ..plotting.figures import plot_alp_sensitivity

        return plot_alp_sensitivity(self, ax)


def _events(x, terms, pot, efficiency):
    """N at x = g² (GeV⁻²) from the per-line pieces at g = 1 GeV⁻¹."""
    x = np.asarray(x, dtype=float)
    total = np.zeros_like(x)
    for _, fluence, sigma, volume_per_length, depth in terms:
        total = total + fluence * (sigma + volume_per_length) * x * x * np.exp(-depth * x)
    return pot * efficiency * total


def _edges(terms, pot, efficiency, target, g_range) -> tuple[float, float]:
    """The g (GeV⁻¹) where N(g) crosses ``target`` going up and coming down, searched within
    ``g_range``; an edge beyond the range is returned as the range's end."""
    from scipy.optimize import brentq

    if not terms:
        return np.nan, np.nan
    log_x = np.linspace(2 * np.log(g_range[0]), 2 * np.log(g_range[1]), 2000)
    n = _events(np.exp(log_x), terms, pot, efficiency)
    i = int(np.argmax(n))
    if n[i] < target:
        return np.nan, np.nan

    def f(t):
        events = float(_events(np.exp(t), terms, pot, efficiency))
        return float(np.log(max(events, 1e-300)) - np.log(target))

    lo = brentq(f, log_x[0], log_x[i]) if n[0] < target else log_x[0]
    hi = brentq(f, log_x[i], log_x[-1]) if n[-1] < target else log_x[-1]
    return float(np.exp(0.5 * lo)), float(np.exp(0.5 * hi))


def alp_sensitivity(
    experiment,
    masses_MeV,
    couplings_per_GeV,
    pot: float,
    photons,
    target: str,
    background: float = 0.0,
    efficiency: float = 1.0,
    assumptions: dict | None = None,
) -> AlpSensitivity:
    """Reach of ``experiment`` (an :class:`~cevns.detectors.Experiment`) in (m_a, g_aγγ) for
    ``pot`` protons on target, ``photons`` ((energy MeV, photons per POT) pairs) converting
    in the element ``target``, ``background`` events and the signal ``efficiency``."""
    masses = np.asarray(masses_MeV, dtype=float).ravel()
    couplings = np.asarray(couplings_per_GeV, dtype=float).ravel()
    if masses.size == 0 or np.any(~np.isfinite(masses)) or np.any(masses <= 0):
        raise CevnsInputError("ALP masses must be positive (MeV)")
    if couplings.size == 0 or np.any(~np.isfinite(couplings)) or np.any(couplings <= 0):
        raise CevnsInputError("couplings must be positive (GeV⁻¹)")
    if not (np.isfinite(pot) and pot > 0):
        raise CevnsInputError(f"protons on target must be positive, got {pot!r}")
    if not 0 < efficiency <= 1:
        raise CevnsInputError(f"efficiency must lie in (0, 1], got {efficiency!r}")
    s90 = signal_for_limit(background)
    events = np.zeros((masses.size, couplings.size))
    lower = np.full(masses.size, np.nan)
    upper = np.full(masses.size, np.nan)
    for i, m in enumerate(masses):
        terms = alp_line_terms(
            AxionLikeParticle(m, 1.0), photons, target, experiment.detector, experiment.distance_m
        )
        events[i] = _events(couplings**2, terms, pot, efficiency)
        lower[i], upper[i] = _edges(terms, pot, efficiency, s90, (couplings.min(), couplings.max()))
    return AlpSensitivity(
        experiment.name,
        masses,
        couplings,
        events,
        lower,
        upper,
        s90,
        float(pot),
        float(background),
        dict(assumptions or {}),
    )
