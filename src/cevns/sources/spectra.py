"""Normalised neutrino energy spectra with exact inverse-energy moments.

Each spectrum is a probability density in E (1/MeV, unit integral). Besides ``pdf`` it gives
the moments

    Φ_k(E_min) = ∫_{E_min}^∞ pdf(E) E^{-k} dE,   k = 0, 1, 2,

in closed form, which is all the rate engine needs: the CEvNS cross section is a polynomial in
1/E (Carey & Pandey, NuFact 2024, arXiv:2412.18055, Eq. 4), so the energy integral of Carey &
Pandey (arXiv:2412.18055) Eq. (10) is exact. A monoenergetic
line is a line (:class:`LineSpectrum`), never a narrow bin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from ..constants import MUON_MASS, pion_dar_numu_energy
from ..errors import CevnsInputError

__all__ = [
    "LineSpectrum",
    "PolynomialSpectrum",
    "TabulatedSpectrum",
    "michel_nue",
    "michel_numubar",
    "pion_dar_numu",
]

_TINY_ENERGY = 1e-12  # MeV; E_min is clipped here so that T * Φ_k stays finite at T = 0
NODE_POINTS = 24
"""Gauss-Legendre points per interval of :meth:`nodes` for continuous spectra."""


class Spectrum(Protocol):
    """A normalised neutrino energy spectrum (E in MeV): the largest energy, its lines, the
    continuous density, the exact inverse-energy moments above an energy and integration
    nodes (the one flux-integration layer)."""

    @property
    def max_energy(self) -> float: ...

    @property
    def lines(self) -> tuple[float, ...]: ...

    def pdf(self, energy) -> np.ndarray: ...

    def moments(self, e_min) -> np.ndarray: ...

    def nodes(self, breaks=(), lo=0.0, hi=None, points=NODE_POINTS) -> tuple: ...


def continuum_nodes(spectrum, natural=(), breaks=(), lo=0.0, hi=None, points=NODE_POINTS):
    """Nodes E and weights w with Σ w f(E) = ∫ pdf(E) f(E) dE over [lo, hi] (default: the
    whole spectrum) for a continuous spectrum: ``points``-point Gauss-Legendre rules on the
    intervals between lo, hi, the spectrum's ``natural`` break points (where its pdf has kinks
    or changes scale) and ``breaks`` (where f has kinks: thresholds, bin edges). With the
    lines' own :meth:`LineSpectrum.nodes` this is the package's one numerical integration over
    a spectrum; the exact inverse-energy moments are each spectrum's ``moments``."""
    top = float(spectrum.max_energy) if hi is None else min(float(hi), spectrum.max_energy)
    lo = max(float(lo), 0.0)
    if top <= lo:
        return np.zeros(0), np.zeros(0)
    cuts = np.concatenate([[lo, top], np.ravel(natural), np.ravel(breaks)]).astype(float)
    edges = np.unique(cuts[(cuts >= lo) & (cuts <= top)])
    x, w = np.polynomial.legendre.leggauss(points)
    half = 0.5 * np.diff(edges)[:, None]
    nodes = (0.5 * (edges[1:] + edges[:-1]))[:, None] + half * x
    return nodes.ravel(), (half * w * spectrum.pdf(nodes)).ravel()


@dataclass(frozen=True)
class LineSpectrum:
    """A monoenergetic line at ``energy`` (MeV): pdf = δ(E - energy)."""

    energy: float

    @property
    def max_energy(self) -> float:
        return self.energy

    @property
    def lines(self) -> tuple[float, ...]:
        return (self.energy,)

    def pdf(self, energy):
        """Zero everywhere (the line carries no continuous density)."""
        return np.zeros_like(np.asarray(energy, dtype=float))

    def moments(self, e_min):
        """Φ_k = E0^{-k} for E_min <= E0, else 0; array of shape (3,) + shape(e_min)."""
        e_min = np.asarray(e_min, dtype=float)
        on = (e_min <= self.energy).astype(float)
        return np.stack([on, on / self.energy, on / self.energy**2])

    def mean_energy(self) -> float:
        return self.energy

    def nodes(self, breaks=(), lo=0.0, hi=None, points=NODE_POINTS):
        """The line itself, weight one, when it lies in [lo, hi]: Σ w f(E) = f(E0) exactly."""
        inside = lo <= self.energy and (hi is None or self.energy <= hi)
        return (np.array([self.energy]), np.ones(1)) if inside else (np.zeros(0), np.zeros(0))


@dataclass(frozen=True)
class PolynomialSpectrum:
    """pdf(E) = sum_n c_n E^n on [0, ``max_energy``], zero beyond (E in MeV).

    ``coefficients[n]`` multiplies E^n; they must integrate to one (checked).
    """

    coefficients: tuple[float, ...]
    max_energy: float
    lines: tuple[float, ...] = ()

    def __post_init__(self):
        total = self._integral(0.0, self.max_energy, 0)
        if not np.isclose(total, 1.0, rtol=1e-9):
            raise CevnsInputError(f"polynomial spectrum integrates to {total}, not 1")

    def _integral(self, lo, hi, k):
        """∫_lo^hi pdf E^{-k} dE for scalar bounds."""
        out = 0.0
        for n, cn in enumerate(self.coefficients):
            p = n - k + 1
            if cn != 0.0:
                out += cn * (np.log(hi / lo) if p == 0 else (hi**p - lo**p) / p)
        return out

    def pdf(self, energy):
        E = np.asarray(energy, dtype=float)
        value = np.polynomial.polynomial.polyval(E, self.coefficients)
        return np.where((E >= 0) & (E <= self.max_energy), value, 0.0)

    def moments(self, e_min):
        lo = np.clip(np.asarray(e_min, dtype=float), _TINY_ENERGY, self.max_energy)
        top = self.max_energy
        powers = [np.ones_like(lo), lo]
        for _ in range(len(self.coefficients) - 1):
            powers.append(powers[-1] * lo)
        out = []
        for k in range(3):
            value = 0.0
            for n, cn in enumerate(self.coefficients):
                p = n - k + 1
                if cn == 0.0:
                    continue
                if p == 0:
                    value = value + cn * np.log(top / lo)
                elif p > 0:
                    value = value + cn * (top**p - powers[p]) / p
                else:
                    value = value + cn * (top**p - 1.0 / powers[-p]) / p
            out.append(value + 0.0 * lo)
        return np.stack(out)

    def mean_energy(self) -> float:
        return float(self._integral(0.0, self.max_energy, -1))

    def nodes(self, breaks=(), lo=0.0, hi=None, points=NODE_POINTS):
        """Integration nodes and weights (see :func:`continuum_nodes`)."""
        return continuum_nodes(self, (), breaks, lo, hi, points)


def _segment_moments(alpha, beta, e0, e1):
    """∫_{e0}^{e1} (alpha + beta E) E^{-k} dE for k = 0, 1, 2 (stacked on axis 0)."""
    log = np.log(e1 / e0)
    return np.stack(
        [
            alpha * (e1 - e0) + 0.5 * beta * (e1 * e1 - e0 * e0),
            alpha * log + beta * (e1 - e0),
            alpha * (1.0 / e0 - 1.0 / e1) + beta * log,
        ]
    )


@dataclass(frozen=True)
class TabulatedSpectrum:
    """A spectrum given at points (E_i, f_i), linear between them and zero outside.

    The values are normalised to unit integral; moments are exact for the piecewise-linear
    interpolant.
    """

    energies: tuple[float, ...]
    values: tuple[float, ...]
    lines: tuple[float, ...] = ()
    _cache: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        E = np.asarray(self.energies, dtype=float)
        f = np.asarray(self.values, dtype=float)
        if E.ndim != 1 or E.size < 2 or E.shape != f.shape:
            raise CevnsInputError("a tabulated spectrum needs at least two (energy, value) pairs")
        if not (np.all(np.isfinite(E)) and np.all(np.isfinite(f))):
            raise CevnsInputError("tabulated spectrum energies and values must be finite")
        if np.any(np.diff(E) <= 0) or E[0] < 0:
            raise CevnsInputError("tabulated spectrum energies must be non-negative and increasing")
        if np.any(f < 0) or not np.any(f > 0):
            raise CevnsInputError("tabulated spectrum values must be non-negative, not all zero")
        E_lo = np.maximum(E, _TINY_ENERGY)
        beta = np.diff(f) / np.diff(E)
        alpha = f[:-1] - beta * E[:-1]
        seg = _segment_moments(alpha, beta, E_lo[:-1], E_lo[1:])
        norm = seg[0].sum()
        alpha, beta, seg = alpha / norm, beta / norm, seg / norm
        # tail[k, i] = ∫_{E_i}^{E_last} pdf E^{-k} dE
        tail = np.concatenate([np.cumsum(seg[:, ::-1], axis=1)[:, ::-1], np.zeros((3, 1))], 1)
        object.__setattr__(self, "_cache", (E, f / norm, alpha, beta, tail))

    @property
    def max_energy(self) -> float:
        return float(self.energies[-1])

    def pdf(self, energy):
        E, f = self._cache[:2]
        return np.interp(energy, E, f, left=0.0, right=0.0)

    def moments(self, e_min):
        E, _, alpha, beta, tail = self._cache
        lo = np.clip(np.asarray(e_min, dtype=float), max(E[0], _TINY_ENERGY), E[-1])
        i = np.clip(np.searchsorted(E, lo, side="right") - 1, 0, E.size - 2)
        partial = _segment_moments(alpha[i], beta[i], lo, np.maximum(E[i + 1], lo))
        return tail[:, i + 1] + partial

    def nodes(self, breaks=(), lo=0.0, hi=None, points=NODE_POINTS):
        """Integration nodes and weights, split at every table energy (see
        :func:`continuum_nodes`)."""
        return continuum_nodes(self, self._cache[0], breaks, lo, hi, points)

    def mean_energy(self) -> float:
        E, _, alpha, beta, _ = self._cache
        e0, e1 = E[:-1], E[1:]
        return float(np.sum(alpha * (e1**2 - e0**2) / 2 + beta * (e1**3 - e0**3) / 3))


def pion_dar_numu() -> LineSpectrum:
    """Prompt nu_mu from pi+ -> mu+ nu_mu at rest: a line at 29.79 MeV (Pandey, Prog. Part. Nucl.
    Phys. 2024, arXiv:2309.07840, Eqs. 2, 4)."""
    return LineSpectrum(pion_dar_numu_energy())


def michel_nue() -> PolynomialSpectrum:
    """Delayed nu_e from mu+ decay at rest: (192/m_mu)(E/m_mu)^2 (1/2 - E/m_mu) for
    E <= m_mu/2 (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eq. 5)."""
    m = MUON_MASS
    return PolynomialSpectrum((0.0, 0.0, 96.0 / m**3, -192.0 / m**4), 0.5 * m)


def michel_numubar() -> PolynomialSpectrum:
    """Delayed anti-nu_mu from mu+ decay at rest: (64/m_mu)(E/m_mu)^2 (3/4 - E/m_mu) for
    E <= m_mu/2 (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eq. 6)."""
    m = MUON_MASS
    return PolynomialSpectrum((0.0, 0.0, 48.0 / m**3, -64.0 / m**4), 0.5 * m)
