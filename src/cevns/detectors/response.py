"""Detector response of the COHERENT analyses: recoil energy -> observed-energy bins, and
neutrino arrival times -> time bins.

CsI[Na] (arXiv:1708.01294 with its release arXiv:1804.09459; arXiv:2110.07730): a recoil of
T keVnr gives E_ee = QF(T) T keVee of scintillation, seen as a mean number of photoelectrons
μ = LY E_ee (LY in PE/keVee). The reconstructed charge is Poisson (2017) or gamma (2021)
distributed about μ; an efficiency curve in reconstructed PE weights it.

Liquid argon, CENNS-10 (arXiv:2003.10630, release arXiv:2006.12659): QF(T) = 0.246 + 0.00078 T,
Gaussian resolution σ/E = 0.58/sqrt(E[keVee]), efficiency tabulated in keVee.

Every response here is a matrix R (observed bin x recoil bin): the probability that an event in
a recoil bin is seen in an observed bin, times the efficiency. Counts in observed bins are
R @ (counts in recoil bins). Recoil bins should be fine (<= 0.25 keVnr): the response is
averaged over :data:`SUB_POINTS` points across each bin.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import gammaincc, gammaln, ndtr

__all__ = [
    "PhotoelectronResponse",
    "ScintillationResponse",
    "GammaSmearing",
    "arrival_fractions",
    "SUB_POINTS",
]

SUB_POINTS = 4


def _bin_points(edges: np.ndarray) -> np.ndarray:
    """SUB_POINTS evenly spaced points inside each bin (midpoints of equal sub-bins),
    shape (n_bins, SUB_POINTS)."""
    edges = np.asarray(edges, dtype=float)
    frac = (np.arange(SUB_POINTS) + 0.5) / SUB_POINTS
    return edges[:-1, None] + np.diff(edges)[:, None] * frac


@dataclass(frozen=True)
class GammaSmearing:
    """Gamma-distributed reconstructed charge x (PE) for a recoil of observed energy E keVee:
    P(x) = a^(1+b)/Γ(1+b) x^b exp(-a x), a = (1+b)/(LY E) (mean LY E),
    b = b0 E (keVee), as used for the full CsI[Na] data set (arXiv:2110.07730, supplemental
    material). ``shape_per_keVee`` is b0."""

    shape_per_keVee: float

    def bin_probabilities(self, mean_pe: np.ndarray, energy_keVee: np.ndarray, edges: np.ndarray):
        """P(x in each bin of ``edges``) for each (mean, energy): shape (n_bins, n_points)."""
        b = np.maximum(self.shape_per_keVee * np.asarray(energy_keVee, float), 1e-9)
        k = 1.0 + b
        scale = np.maximum(np.asarray(mean_pe, float), 1e-12) / k
        # upper-tail CDF of the gamma distribution, differenced across the edges
        tail = gammaincc(k[None, :], np.asarray(edges, float)[:, None] / scale[None, :])
        return tail[:-1] - tail[1:]


def _poisson_bin_probabilities(mean_pe: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Integer photoelectron counts n ~ Poisson(μ), each spread uniformly over [n - 1/2,
    n + 1/2] (the charge integral's granularity), binned in ``edges`` (integers, PE)."""
    mu = np.maximum(np.asarray(mean_pe, float), 1e-12)
    top = int(np.ceil(edges[-1])) + 1
    n = np.arange(top + 1)[:, None]
    pmf = np.exp(n * np.log(mu[None, :]) - mu[None, :] - gammaln(n + 1.0))
    # unit bins [k, k+1) receive half of P(k) and half of P(k+1)
    unit = 0.5 * (pmf[:-1] + pmf[1:])
    owner = np.searchsorted(edges, np.arange(top) + 0.5, side="right") - 1
    out = np.zeros((edges.size - 1, mu.size))
    keep = (owner >= 0) & (owner < edges.size - 1)
    np.add.at(out, owner[keep], unit[keep])
    return out


@dataclass(frozen=True)
class PhotoelectronResponse:
    """CsI[Na]-like response in reconstructed photoelectrons.

    ``quenching``: an object with ``observed(T_keV)`` giving E_ee in keVee (see
    :mod:`cevns.detectors`); ``light_yield``: PE per keVee; ``efficiency``: callable of
    reconstructed PE, evaluated at the centres of 1-PE bins (the release's prescription);
    ``smearing``: ``"poisson"`` or a :class:`GammaSmearing`.
    """

    quenching: object
    light_yield: float
    efficiency: object
    smearing: object = "poisson"

    def mean_pe(self, recoil_keV):
        """Mean number of photoelectrons for recoils of ``recoil_keV`` keVnr."""
        T = np.asarray(recoil_keV, dtype=float)
        return self.light_yield * self.quenching.observed(T)

    def matrix(self, recoil_edges_keV, pe_edges) -> np.ndarray:
        """Response matrix (PE bin x recoil bin), efficiency included. ``pe_edges`` must be
        integers: the efficiency is applied per 1-PE bin before grouping."""
        pe_edges = np.asarray(pe_edges, dtype=float)
        if np.any(pe_edges != np.round(pe_edges)) or np.any(np.diff(pe_edges) <= 0):
            raise ValueError("photoelectron bin edges must be increasing integers")
        points = _bin_points(recoil_edges_keV)
        T = points.ravel()
        unit_edges = np.arange(pe_edges[0], pe_edges[-1] + 1.0)
        mu = self.mean_pe(T)
        if self.smearing == "poisson":
            unit = _poisson_bin_probabilities(mu, unit_edges)
        else:
            unit = self.smearing.bin_probabilities(mu, mu / self.light_yield, unit_edges)
        unit = unit * np.asarray(self.efficiency(unit_edges[:-1] + 0.5))[:, None]
        owner = np.searchsorted(pe_edges, unit_edges[:-1], side="right") - 1
        grouped = np.zeros((pe_edges.size - 1, T.size))
        np.add.at(grouped, owner, unit)
        return grouped.reshape(pe_edges.size - 1, *points.shape).mean(axis=2)


@dataclass(frozen=True)
class ScintillationResponse:
    """Liquid-scintillator response in electron-equivalent energy: ``quenching`` (object with
    ``observed(T_keV)``), Gaussian ``resolution`` (object with ``sigma(E_keVee)``) and
    ``efficiency`` (callable of observed keVee), as in the CENNS-10 release."""

    quenching: object
    resolution: object
    efficiency: object

    def matrix(self, recoil_edges_keV, observed_edges_keVee) -> np.ndarray:
        """Response matrix (observed bin x recoil bin), efficiency included. The efficiency is
        evaluated on sub-bins 1/8 of each observed bin wide."""
        edges = np.asarray(observed_edges_keVee, dtype=float)
        points = _bin_points(recoil_edges_keV)
        E = self.quenching.observed(points.ravel())
        sigma = np.maximum(self.resolution.sigma(E), 1e-9)
        fine = np.unique(
            np.concatenate(
                [np.linspace(a, b, 9) for a, b in zip(edges[:-1], edges[1:], strict=True)]
            )
        )
        cdf = ndtr((fine[:, None] - E[None, :]) / sigma[None, :])
        fine_p = (
            np.diff(cdf, axis=0)
            * np.asarray(self.efficiency(0.5 * (fine[1:] + fine[:-1])))[:, None]
        )
        owner = np.searchsorted(edges, fine[:-1], side="right") - 1
        out = np.zeros((edges.size - 1, E.size))
        np.add.at(out, owner, fine_p)
        return out.reshape(edges.size - 1, *points.shape).mean(axis=2)


def arrival_fractions(flux, time_edges_us, offset_ns: float = 0.0) -> dict[str, np.ndarray]:
    """Share of each flavor's neutrinos arriving in each time bin (edges in μs), for a source
    whose arrival-time model puts the proton-pulse centre at ``offset_ns`` on the data's clock.
    Prompt (ν_μ) and delayed (ν_e, anti-ν_μ) shapes come from the pulse and the pion and muon
    lifetimes (:class:`cevns.sources.timing.DecayAtRestTiming`)."""
    if flux.timing is None:
        raise ValueError("arrival-time fractions need a source with a timing model")
    edges_ns = np.asarray(time_edges_us, dtype=float) * 1e3 - offset_ns
    out = {}
    for comp in flux.components:
        if comp.timing_kind is None:
            raise ValueError(f"flux component {comp.flavor} has no arrival-time class")
        out[comp.flavor] = np.diff(flux.timing.cdf(comp.timing_kind, edges_ns))
    return out
