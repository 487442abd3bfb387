"""Resolution: how the true observed signal of a recoil is smeared into what is reconstructed.

* :class:`GaussianResolution`: Gaussian smearing of the electron-equivalent energy (keVee).
* :class:`PhotoelectronResolution`: photoelectron counting (reconstructed unit: PE), with the
  mean number of photoelectrons μ = LY E_ee; the number seen is Poisson distributed about μ
  (COHERENT CsI[Na] 2017, arXiv:1804.09459) or gamma distributed (full CsI[Na] data set,
  arXiv:2110.07730).

Each has ``unit`` (the reconstructed quantity) and ``bin_probabilities(energy_keVee, edges,
efficiency)``: the probability to be reconstructed in each bin, weighted by an efficiency
given as a function of the reconstructed quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy.special import gammaincc, gammaln, ndtr

from ..errors import CevnsInputError

__all__ = ["GaussianResolution", "PhotoelectronResolution"]


def _group(p_fine: np.ndarray, owner: np.ndarray, n_bins: int) -> np.ndarray:
    """Sum the rows of ``p_fine`` (fine bin x point) into the ``n_bins`` bins that own them
    (``owner`` per fine bin; rows owned by no bin are dropped)."""
    keep = (owner >= 0) & (owner < n_bins)
    out = np.zeros((n_bins, p_fine.shape[1]))
    np.add.at(out, owner[keep], p_fine[keep])
    return out


@dataclass(frozen=True)
class GaussianResolution:
    """Gaussian smearing of the observed energy E (keVee) with
    σ(E) = sqrt(a^2 E + b^2 + c^2 E^2) keVee: ``a`` stochastic (keV^1/2), ``b`` noise (keV),
    ``c`` constant term (e.g. CENNS-10: σ = 0.58 sqrt(E), COHERENT arXiv:2006.12659)."""

    a: float = 0.0
    b: float = 0.0
    c: float = 0.0

    def __post_init__(self):
        if min(self.a, self.b, self.c) < 0 or not (self.a or self.b or self.c):
            raise CevnsInputError("resolution terms a, b, c must be >= 0 and not all zero")

    unit: ClassVar[str] = "keVee"

    def sigma(self, observed_keV):
        E = np.maximum(np.asarray(observed_keV, dtype=float), 0.0)
        return np.sqrt(self.a**2 * E + self.b**2 + (self.c * E) ** 2)

    def bin_probabilities(self, energy_keVee, edges, efficiency) -> np.ndarray:
        """P(observed energy in each bin of ``edges``) x ``efficiency`` (a callable of the
        observed keVee) for true observed energies ``energy_keVee``: shape (bins, energies).
        The efficiency is averaged over sub-bins on a grid of round steps: a power of ten at
        most 1/1000 of the range and 1/8 of the narrowest bin (but not below 1/20000 of the
        range), so that bins cut from the same grid give sums of each other exactly."""
        edges = np.asarray(edges, dtype=float)
        E = np.asarray(energy_keVee, dtype=float)
        span = edges[-1] - edges[0]
        wanted = max(min(span / 1000.0, np.min(np.diff(edges)) / 8.0), span / 20000.0)
        step = 10.0 ** np.floor(np.log10(wanted))
        grid = step * np.arange(np.ceil(edges[0] / step), np.floor(edges[-1] / step) + 1)
        sub_edges = np.unique(np.concatenate([grid, edges]))
        centres = 0.5 * (sub_edges[1:] + sub_edges[:-1])
        sigma = np.maximum(self.sigma(E), 1e-12)
        p_sub = np.diff(ndtr((sub_edges[:, None] - E[None, :]) / sigma[None, :]), axis=0)
        p_sub *= np.asarray(efficiency(centres), dtype=float)[:, None]
        return _group(p_sub, np.searchsorted(edges, centres, side="right") - 1, edges.size - 1)


@dataclass(frozen=True)
class PhotoelectronResolution:
    """Photoelectron counting: a recoil of observed energy E_ee (keVee) gives on average
    μ = ``light_yield_PE_per_keVee`` x E_ee photoelectrons.

    Without ``gamma_shape_per_keVee`` the count n is Poisson(μ), each integer spread evenly
    over [n - 1/2, n + 1/2] (the charge integral's granularity), as in the CsI[Na] 2017
    analysis (arXiv:1708.01294, release arXiv:1804.09459). With it the reconstructed charge x
    is gamma distributed, P(x) = a^(1+b)/Γ(1+b) x^b exp(-a x), a = (1+b)/μ, b = b0 E_ee
    (b0 = ``gamma_shape_per_keVee``), as for the full CsI[Na] data set (arXiv:2110.07730,
    supplemental material). Bin edges are integers of PE; the efficiency (a function of the
    reconstructed PE) is taken at the centre of each 1-PE bin, the releases' prescription.
    """

    light_yield_PE_per_keVee: float
    gamma_shape_per_keVee: float | None = None

    unit: ClassVar[str] = "PE"

    def __post_init__(self):
        if not (np.isfinite(self.light_yield_PE_per_keVee) and self.light_yield_PE_per_keVee > 0):
            raise CevnsInputError(
                "light yield must be a positive number of photoelectrons per keVee, got "
                f"{self.light_yield_PE_per_keVee}"
            )
        g = self.gamma_shape_per_keVee
        if g is not None and not (np.isfinite(g) and g > 0):
            raise CevnsInputError(f"gamma shape must be a positive number per keVee, got {g}")

    def mean_pe(self, energy_keVee):
        """Mean number of photoelectrons for observed energies ``energy_keVee``."""
        return self.light_yield_PE_per_keVee * np.asarray(energy_keVee, dtype=float)

    def unit_probabilities(self, energy_keVee, unit_edges: np.ndarray) -> np.ndarray:
        """P(reconstructed PE in each 1-PE bin of ``unit_edges``), shape (bins, energies)."""
        E = np.asarray(energy_keVee, dtype=float)
        mu = np.maximum(self.mean_pe(E), 1e-12)
        if self.gamma_shape_per_keVee is None:
            top = int(np.ceil(unit_edges[-1])) + 1
            n = np.arange(top + 1)[:, None]
            pmf = np.exp(n * np.log(mu[None, :]) - mu[None, :] - gammaln(n + 1.0))
            # the unit bin [k, k+1) receives half of P(k) and half of P(k+1)
            unit = 0.5 * (pmf[:-1] + pmf[1:])
            owner = np.searchsorted(unit_edges, np.arange(top) + 0.5, side="right") - 1
            return _group(unit, owner, unit_edges.size - 1)
        k = 1.0 + np.maximum(self.gamma_shape_per_keVee * E, 1e-9)
        tail = gammaincc(k[None, :], unit_edges[:, None] / (mu / k)[None, :])
        return tail[:-1] - tail[1:]

    def bin_probabilities(self, energy_keVee, edges, efficiency) -> np.ndarray:
        """P(reconstructed PE in each bin of ``edges``) x ``efficiency`` (a callable of PE,
        taken at 1-PE bin centres): shape (bins, energies). ``edges`` must be integers."""
        edges = np.asarray(edges, dtype=float)
        if np.any(edges != np.round(edges)) or np.any(np.diff(edges) <= 0):
            raise CevnsInputError(
                f"photoelectron bin edges must be increasing integers, got {edges.tolist()}"
            )
        unit_edges = np.arange(edges[0], edges[-1] + 1.0)
        centres = unit_edges[:-1] + 0.5
        unit = self.unit_probabilities(energy_keVee, unit_edges)
        unit *= np.asarray(efficiency(centres), dtype=float)[:, None]
        owner = np.searchsorted(edges, unit_edges[:-1], side="right") - 1
        return _group(unit, owner, edges.size - 1)
