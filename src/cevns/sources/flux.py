"""Neutrino fluxes at a detector: per-flavor spectra, normalisations and arrival times."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import CevnsInputError
from ..physics import check_flavor
from .spectra import Spectrum
from .timing import DecayAtRestTiming

__all__ = ["FluxComponent", "Flux", "check_distance_m", "MIN_DISTANCE_M", "MAX_DISTANCE_M"]

MIN_DISTANCE_M = 0.01
"""Smallest distance from a source (m): the flux of a point source diverges at the source, and
every source here is point-like."""

MAX_DISTANCE_M = 1e26
"""Largest distance from a source (m), about 3 Gpc: far beyond any neutrino source one could
detect, and far from overflow in the 4π L² of a flux."""


def check_distance_m(distance_m) -> float:
    """``distance_m`` as a float, or a CevnsInputError unless it is finite and between
    :data:`MIN_DISTANCE_M` and :data:`MAX_DISTANCE_M`."""
    try:
        value = float(distance_m)
    except (TypeError, ValueError):
        raise CevnsInputError(f"distance must be a number of m, got {distance_m!r}") from None
    if not (np.isfinite(value) and MIN_DISTANCE_M <= value <= MAX_DISTANCE_M):
        raise CevnsInputError(
            f"distance must be a finite number from {MIN_DISTANCE_M} m (a point source's flux "
            f"diverges at the source) to {MAX_DISTANCE_M:g} m, got {distance_m!r}"
        )
    return value


@dataclass(frozen=True)
class FluxComponent:
    """One flavor's flux: a normalised ``spectrum``, its integral ``rate`` (nu/cm^2/s, or nu/cm^2
    for a time-integrated flux) and the
    arrival-time class ``timing_kind`` ("prompt", "delayed" or None when unknown)."""

    flavor: str
    spectrum: Spectrum
    rate: float
    timing_kind: str | None = None

    def __post_init__(self):
        if self.flavor != "chi":  # "chi": dark matter from a beam dump (cevns.sources.darksector)
            check_flavor(self.flavor)
        if not (np.isfinite(self.rate) and self.rate >= 0):
            raise CevnsInputError(f"flux of {self.flavor} must be finite and >= 0, got {self.rate}")


@dataclass(frozen=True)
class Flux:
    """The neutrino flux at one detector position.

    ``components`` lists the flavors (one entry each); ``timing`` (optional) gives the
    arrival-time densities of the prompt and delayed classes; ``metadata`` records where the
    flux came from (source, distance, beam) for outputs. With ``time_integrated`` the
    components' ``rate`` is a fluence (nu/cm^2 over a burst, e.g. a supernova) and events are
    counted per burst.
    """

    components: tuple[FluxComponent, ...]
    timing: DecayAtRestTiming | None = None
    metadata: dict = field(default_factory=dict, compare=False)
    time_integrated: bool = False

    @property
    def flavors(self) -> tuple[str, ...]:
        return tuple(c.flavor for c in self.components)

    def component(self, flavor: str) -> FluxComponent:
        for comp in self.components:
            if comp.flavor == flavor:
                return comp
        raise CevnsInputError(f"this flux has no {flavor!r}; it has {', '.join(self.flavors)}")

    def total_rate(self) -> float:
        """Total flux summed over flavors in nu/cm^2/s."""
        return float(sum(c.rate for c in self.components))

    def differential(self, flavor: str, energy):
        """Continuous part of dΦ/dE for ``flavor`` in nu/cm^2/s/MeV (lines excluded)."""
        comp = self.component(flavor)
        return comp.rate * comp.spectrum.pdf(energy)

    def lines(self, flavor: str) -> list[tuple[float, float]]:
        """Monoenergetic lines of ``flavor`` as (energy MeV, flux nu/cm^2/s)."""
        from .spectra import line_weights

        comp = self.component(flavor)
        return [(e, comp.rate * w) for e, w in line_weights(comp.spectrum)]

    @property
    def max_energy(self) -> float:
        return max(c.spectrum.max_energy for c in self.components)

    def time_fraction(self, flavor: str, window_ns: tuple[float, float] | None) -> float:
        """Share of ``flavor`` neutrinos arriving in ``window_ns`` (1 with no window)."""
        if window_ns is None:
            return 1.0
        t0, t1 = (float(t) for t in window_ns)
        if not (np.isfinite(t0) and np.isfinite(t1) and t1 >= t0):
            raise CevnsInputError(
                f"a time window is [start, stop] ns, finite, start <= stop; got {window_ns}"
            )
        comp = self.component(flavor)
        if self.timing is None or comp.timing_kind is None:
            raise CevnsInputError("a timing window needs a source with an arrival-time model")
        return self.timing.fraction(comp.timing_kind, *window_ns)

    def arrival_fractions(
        self, edges_ns, efficiency=None, sub_bins: int = 50
    ) -> dict[str, np.ndarray]:
        """Share of each flavor's neutrinos arriving in each bin of ``edges_ns`` (ns after the
        proton-pulse centre). With ``efficiency`` (a callable of the arrival time in ns) the
        shares are weighted by it, averaged over ``sub_bins`` equal parts of each bin."""
        edges = np.asarray(edges_ns, dtype=float)
        if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) < 0):
            raise CevnsInputError("time bin edges must be increasing, at least two of them")
        if self.timing is None:
            raise CevnsInputError("arrival-time fractions need a source with an arrival-time model")
        fine, owner, weight = edges, np.arange(edges.size - 1), None
        if efficiency is not None:
            sub = np.linspace(0.0, 1.0, sub_bins + 1)
            fine = np.unique((edges[:-1, None] + np.diff(edges)[:, None] * sub).ravel())
            owner = np.searchsorted(edges, fine[:-1], side="right") - 1
            weight = np.asarray(efficiency(0.5 * (fine[1:] + fine[:-1])), dtype=float)
        out = {}
        for comp in self.components:
            if comp.timing_kind is None:
                raise CevnsInputError(f"flux component {comp.flavor} has no arrival-time class")
            share = np.diff(self.timing.cdf(comp.timing_kind, fine))
            if weight is not None:
                share = np.bincount(owner, share * weight, edges.size - 1)
            out[comp.flavor] = share
        return out
