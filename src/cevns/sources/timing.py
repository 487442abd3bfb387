"""Arrival-time distributions of decay-at-rest neutrinos.

A proton pulse p(t) makes pions at the rate p(t); the prompt nu_mu follow the pion decay
(mean life τ_π) and the delayed nu_e and anti-nu_mu the muon decay that comes after it
(τ_μ), so (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Sec. II.A, Fig. 2)

    prompt(t)  = p ⊗ E_π,      E_τ(t) = exp(-t/τ)/τ for t >= 0,
    delayed(t) = p ⊗ E_π ⊗ E_μ = [τ_μ (p ⊗ E_μ) - τ_π (p ⊗ E_π)] / (τ_μ - τ_π),

the last line being the Bateman solution of the two-step decay chain. The pulse is sampled on
a grid and treated as piecewise linear, for which the convolution with an exponential is done
exactly by a first-order recursion. Times in ns; t = 0 is the pulse centre (or the start of a
tabulated pulse's own time axis).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..constants import MUON_LIFETIME_NS, PION_LIFETIME_NS
from ..errors import CevnsInputError

__all__ = [
    "GaussianPulse",
    "TriangularPulse",
    "RectangularPulse",
    "TabulatedPulse",
    "DecayAtRestTiming",
    "exponential_convolution",
    "decay_recursion",
]

_FWHM_PER_SIGMA = 2.0 * np.sqrt(2.0 * np.log(2.0))


@dataclass(frozen=True)
class GaussianPulse:
    """Gaussian proton pulse of full width at half maximum ``fwhm_ns``, centred at t = 0."""

    fwhm_ns: float

    def __post_init__(self):
        _check_width(self.fwhm_ns)

    @property
    def sigma_ns(self) -> float:
        return self.fwhm_ns / _FWHM_PER_SIGMA

    def support(self) -> tuple[float, float]:
        return -8.0 * self.sigma_ns, 8.0 * self.sigma_ns

    def pdf(self, t_ns):
        s = self.sigma_ns
        return np.exp(-0.5 * (np.asarray(t_ns, dtype=float) / s) ** 2) / (s * np.sqrt(2 * np.pi))


@dataclass(frozen=True)
class TriangularPulse:
    """Symmetric triangular pulse of full width at half maximum ``fwhm_ns`` (base 2 FWHM),
    centred at t = 0 (e.g. the 280 ns triangular LANSCE pulse, Pandey (Prog. Part. Nucl. Phys.
    2024, arXiv:2309.07840) Sec. V)."""

    fwhm_ns: float

    def __post_init__(self):
        _check_width(self.fwhm_ns)

    def support(self) -> tuple[float, float]:
        return -self.fwhm_ns, self.fwhm_ns

    def pdf(self, t_ns):
        h = self.fwhm_ns
        return np.clip(1.0 - np.abs(np.asarray(t_ns, dtype=float)) / h, 0.0, None) / h


@dataclass(frozen=True)
class RectangularPulse:
    """Flat pulse of length ``width_ns`` starting at t = 0 (e.g. the 2.86 ms ESS pulse)."""

    width_ns: float

    def __post_init__(self):
        _check_width(self.width_ns)

    def support(self) -> tuple[float, float]:
        return 0.0, self.width_ns

    def pdf(self, t_ns):
        t = np.asarray(t_ns, dtype=float)
        return np.where((t >= 0) & (t <= self.width_ns), 1.0 / self.width_ns, 0.0)


@dataclass(frozen=True)
class TabulatedPulse:
    """A pulse shape given at times ``t_ns`` with relative intensities ``weights``, linear in
    between and zero outside; normalised to unit area."""

    t_ns: tuple[float, ...]
    weights: tuple[float, ...]

    def __post_init__(self):
        t, w = np.asarray(self.t_ns, float), np.asarray(self.weights, float)
        if t.ndim != 1 or t.size < 2 or t.shape != w.shape:
            raise CevnsInputError("a tabulated pulse needs at least two (time, weight) pairs")
        if np.any(np.diff(t) <= 0) or np.any(w < 0) or not np.any(w > 0):
            raise CevnsInputError("pulse times must increase and weights be non-negative")

    def support(self) -> tuple[float, float]:
        return float(self.t_ns[0]), float(self.t_ns[-1])

    def pdf(self, t_ns):
        t, w = np.asarray(self.t_ns, float), np.asarray(self.weights, float)
        area = np.sum(0.5 * (w[1:] + w[:-1]) * np.diff(t))
        return np.interp(t_ns, t, w / area, left=0.0, right=0.0)


def _check_width(width: float) -> None:
    if not (np.isfinite(width) and width > 0):
        raise CevnsInputError(f"pulse width must be a positive number of ns, got {width!r}")


def exponential_convolution(values: np.ndarray, step: float, tau: float) -> np.ndarray:
    """(f ⊗ E_τ)(t_i) on a uniform grid of spacing ``step`` for f piecewise linear through
    ``values`` and zero before the first point; E_τ(t) = exp(-t/τ)/τ.

    Exact for the interpolant: y_{i+1} = e^{-h/τ} y_i + f_{i+1}(1 - e^{-h/τ})
    - (f_{i+1} - f_i)(τ/h)[1 - e^{-h/τ}(1 + h/τ)].
    """
    f = np.asarray(values, dtype=float)
    decay = np.exp(-step / tau)
    ramp = (tau / step) * (1.0 - decay * (1.0 + step / tau))
    source = np.empty_like(f)
    source[0] = 0.0
    source[1:] = f[1:] * (1.0 - decay) - (f[1:] - f[:-1]) * ramp
    return decay_recursion(source, decay)


def decay_recursion(source: np.ndarray, decay: float) -> np.ndarray:
    """y_i = decay y_(i-1) + source_i with y_(-1) = 0 (0 < decay < 1), in numpy: by scaled
    cumulative sums inside blocks short enough that decay^-block stays below e^20, then block
    by block, each block starting from the end of the one before."""
    s = np.asarray(source, dtype=float)
    rate = -np.log(decay)
    if rate > 40.0:  # decay < 4e-18: nothing is carried over at double precision
        return s.copy()
    size = int(min(s.size, max(1, 20.0 // rate)))
    n_blocks = -(-s.size // size)
    padded = np.zeros(n_blocks * size)
    padded[: s.size] = s
    k = np.arange(size)
    grow = np.exp(rate * k)
    blocks = np.cumsum(padded.reshape(n_blocks, size) * grow, axis=1) / grow
    carried = np.exp(-rate * (k + 1))  # what the previous block's end leaves at step k
    end = 0.0
    for row in blocks:
        row += end * carried
        end = row[-1]
    return blocks.ravel()[: s.size]


@dataclass(frozen=True)
class DecayAtRestTiming:
    """Prompt (pion-decay) and delayed (muon-decay) arrival-time densities for a pulse.

    ``pdf("prompt", t)`` and ``pdf("delayed", t)`` are in 1/ns; ``fraction(kind, t0, t1)``
    is the share of neutrinos of that kind arriving in [t0, t1] ns.
    """

    pulse: object
    pion_lifetime_ns: float = PION_LIFETIME_NS
    muon_lifetime_ns: float = MUON_LIFETIME_NS
    step_ns: float | None = None

    @cached_property
    def _grid(self) -> tuple:
        """Times (ns) and, per kind, the density and cumulative share on them; built on first
        use, so that a flux carries its timing model at no cost until times are asked for."""
        t0, t1 = self.pulse.support()
        width = t1 - t0
        step = self.step_ns or max(0.5, width / 20000.0)
        t_end = t1 + 30.0 * self.muon_lifetime_ns
        t = np.arange(t0, t_end + step, step)
        p = self.pulse.pdf(t)
        p = p / (np.sum(p) * step)
        tp, tm = self.pion_lifetime_ns, self.muon_lifetime_ns
        prompt = exponential_convolution(p, step, tp)
        via_mu = exponential_convolution(p, step, tm)
        delayed = (tm * via_mu - tp * prompt) / (tm - tp)
        # the grid ends 30 muon lifetimes after the pulse; the e^-30 tail beyond is dropped
        cdfs = {}
        for name, y in (("prompt", prompt), ("delayed", delayed)):
            c = np.concatenate([[0.0], np.cumsum(0.5 * (y[1:] + y[:-1]) * step)])
            cdfs[name] = (y / c[-1], c / c[-1])
        return t, cdfs

    def support(self) -> tuple[float, float]:
        """Times (ns) between which every neutrino arrives: from the pulse's start to 30
        muon lifetimes after its end."""
        t0, t1 = self.pulse.support()
        return float(t0), float(t1 + 30.0 * self.muon_lifetime_ns)

    @staticmethod
    def _check_kind(kind: str) -> str:
        if kind not in ("prompt", "delayed"):
            raise CevnsInputError(f"timing kind must be 'prompt' or 'delayed', got {kind!r}")
        return kind

    def pdf(self, kind: str, t_ns):
        """Arrival-time density (1/ns) of ``kind`` neutrinos at times ``t_ns``."""
        t, cdfs = self._grid
        return np.interp(t_ns, t, cdfs[self._check_kind(kind)][0], left=0.0, right=0.0)

    def cdf(self, kind: str, t_ns):
        """Share of ``kind`` neutrinos that arrived before ``t_ns``."""
        t, cdfs = self._grid
        c = cdfs[self._check_kind(kind)][1]
        return np.interp(t_ns, t, c, left=0.0, right=1.0)

    def fraction(self, kind: str, t_start_ns: float, t_stop_ns: float) -> float:
        """Share of ``kind`` neutrinos arriving between ``t_start_ns`` and ``t_stop_ns``."""
        return float(self.cdf(kind, t_stop_ns) - self.cdf(kind, t_start_ns))
