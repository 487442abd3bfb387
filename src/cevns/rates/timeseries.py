"""Events of a time-resolved burst in time bins: the engine's burst counts for the fluence of
each window (:class:`~cevns.sources.supernova_time.TimeResolvedSupernova`), CEvNS through
:class:`~cevns.rates.engine.RateCalculator` and charged/neutral-current reactions through
:class:`~cevns.rates.inelastic.InelasticRate`, so that the bins add up to the whole burst."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..errors import CevnsInputError
from ..results import Result
from .engine import RateCalculator

__all__ = ["TimeBinnedCounts", "time_binned_counts"]


@dataclass(frozen=True)
class TimeBinnedCounts(Result):
    """Events per time bin (``edges_s``, s after bounce) of ``process`` in ``experiment``,
    per flavor at the detector."""

    experiment: str
    process: str
    edges_s: np.ndarray
    per_flavor: dict

    @property
    def total(self) -> np.ndarray:
        return sum(self.per_flavor.values())

    def to_dict(self) -> dict:
        return {
            "experiment": self.experiment,
            "process": self.process,
            "time_edges_s": self.edges_s.tolist(),
            "events": self.total.tolist(),
            "events_per_flavor": {f: v.tolist() for f, v in self.per_flavor.items()},
            "total_events": float(self.total.sum()),
        }

    def table(self) -> dict:
        out = {"t_low_s": self.edges_s[:-1], "t_high_s": self.edges_s[1:], "events": self.total}
        out.update({f"events_{f}": v for f, v in self.per_flavor.items()})
        return out

    def plot(self, ax=None, label: str | None = None):
        from ..plotting.figures import plot_counts_vs_time

        return plot_counts_vs_time(self, ax, label)


def time_binned_counts(
    experiment, edges_s, reaction: str | None = None, calculator_options: dict | None = None
) -> TimeBinnedCounts:
    """Events per time bin of ``experiment`` (its source a time-resolved supernova): CEvNS,
    or the inelastic ``reaction`` (e.g. "nue-40Ar-cc") when given."""
    source = experiment.source
    if not hasattr(source, "times_s"):
        raise CevnsInputError(f"{experiment.name}: its source is not time-resolved")
    edges = np.asarray(edges_s, dtype=float)
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise CevnsInputError("time bins need at least two increasing edges (s)")
    per_flavor: dict[str, np.ndarray] = {}
    for i, (t0, t1) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        if min(t1, source.times_s[-1]) <= max(t0, source.times_s[0]):
            continue  # nothing emitted in this bin
        window = _WindowSource(source, t0, t1)
        exp = replace(experiment, source=window)
        if reaction is None:
            counts = RateCalculator.for_experiment(exp, **(calculator_options or {}))
            counts = counts.counts("burst")
        else:
            from .inelastic import InelasticRate

            counts = InelasticRate.for_experiment(reaction, exp).counts("burst")
        for flavor, value in counts.per_flavor.items():
            per_flavor.setdefault(flavor, np.zeros(edges.size - 1))[i] += value
    return TimeBinnedCounts(experiment.name, reaction or "CEvNS", edges, per_flavor)


class _WindowSource:
    """One time window of a time-resolved source, as a burst source of the engine."""

    def __init__(self, source, t0: float, t1: float):
        self.source, self.t0, self.t1 = source, t0, t1
        self.name = source.name

    def flux(self, distance_m: float):
        return self.source.flux(distance_m, self.t0, self.t1)

    def to_dict(self) -> dict:
        return {**self.source.to_dict(), "time_window_s": [self.t0, self.t1]}
