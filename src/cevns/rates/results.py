"""Result types of the rate engine: arrays per flavor for an :class:`~.exposure.Exposure`,
with the package's result contract (:class:`cevns.results.Result`: ``to_dict`` with fixed
keys, strict JSON, one CSV table) and a ``plot``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from ..plotting import figures
from ..results import Result
from .exposure import Exposure

__all__ = [
    "BinnedSpectrum",
    "DirectionalSpectrum",
    "EventCounts",
    "JointSpectrum",
    "MediatorGrid",
    "RecoilSpectrum",
    "TimingSplit",
]


def _total(per_flavor: dict) -> np.ndarray:
    return np.sum(list(per_flavor.values()), axis=0)


@dataclass(frozen=True)
class RecoilSpectrum(Result):
    """Differential rate dN/dT at recoil energies ``recoil_keV``, per flavor, in events per
    keV for the ``exposure``; ``metadata`` records the experiment and physics inputs."""

    recoil_keV: np.ndarray
    per_flavor: dict[str, np.ndarray]
    exposure: Exposure = field(default_factory=Exposure)
    metadata: dict = field(default_factory=dict)

    @property
    def total(self) -> np.ndarray:
        """dN/dT summed over flavors."""
        return _total(self.per_flavor)

    def to_dict(self) -> dict:
        return {
            "recoil_keV": self.recoil_keV,
            "exposure": self.exposure.to_dict(),
            "events_per_keV_per_flavor": self.per_flavor,
            "events_per_keV": self.total,
            "metadata": self.metadata,
        }

    def table(self) -> dict:
        table = {"recoil_keV": self.recoil_keV}
        table.update({f"{f}_events_per_keV": v for f, v in self.per_flavor.items()})
        table["events_per_keV"] = self.total
        return table

    def plot(self, ax=None, **kwargs):
        return figures.plot_recoil_spectrum(self, ax=ax, **kwargs)


@dataclass(frozen=True)
class BinnedSpectrum(Result):
    """Expected counts in bins ``edges`` of recoil energy (``variable="recoil"``, keV) or of
    the reconstructed quantity (``"observed"``: keVee, or PE for photoelectron counting;
    ``edges_unit`` says which), per flavor, for the ``exposure``."""

    edges: np.ndarray
    per_flavor: dict[str, np.ndarray]
    variable: str = "recoil"
    exposure: Exposure = field(default_factory=Exposure)
    metadata: dict = field(default_factory=dict)
    edges_unit: str = "keV"

    @property
    def total(self) -> np.ndarray:
        return _total(self.per_flavor)

    @property
    def centers(self) -> np.ndarray:
        return 0.5 * (self.edges[1:] + self.edges[:-1])

    def to_dict(self) -> dict:
        return {
            "variable": self.variable,
            "edges": self.edges,
            "edges_unit": self.edges_unit,
            "exposure": self.exposure.to_dict(),
            "events_per_flavor": self.per_flavor,
            "events": self.total,
            "metadata": self.metadata,
        }

    def table(self) -> dict:
        u = self.edges_unit
        table = {f"low_{u}": self.edges[:-1], f"high_{u}": self.edges[1:]}
        table.update({f"{f}_events": v for f, v in self.per_flavor.items()})
        table["events"] = self.total
        return table

    def plot(self, ax=None, **kwargs):
        return figures.plot_binned_spectrum(self, ax=ax, **kwargs)


@dataclass(frozen=True)
class EventCounts(Result):
    """Expected number of events per flavor for the ``exposure``."""

    per_flavor: dict[str, float]
    exposure: Exposure = field(default_factory=Exposure)
    metadata: dict = field(default_factory=dict)

    @property
    def total(self) -> float:
        return float(sum(self.per_flavor.values()))

    def to_dict(self) -> dict:
        return {
            "exposure": self.exposure.to_dict(),
            "events_per_flavor": self.per_flavor,
            "events": self.total,
            "metadata": self.metadata,
        }

    def table(self) -> dict:
        return {
            "flavor": [*self.per_flavor, "total"],
            "events": [*self.per_flavor.values(), self.total],
        }


class _GridSpectrum(Result):
    """Counts per flavor on a grid of recoil-energy bins (rows) and bins of a second variable
    (columns): ``_columns`` is (attribute, JSON key, CSV low/high names) of that variable."""

    _columns: ClassVar[tuple[str, str, str, str]]

    @property
    def total(self) -> np.ndarray:
        return _total(self.per_flavor)

    def to_dict(self) -> dict:
        attribute, key, _, _ = self._columns
        return {
            "recoil_edges_keV": self.recoil_edges_keV,
            key: getattr(self, attribute),
            "exposure": self.exposure.to_dict(),
            "events_per_flavor": self.per_flavor,
            "events": self.total,
            "metadata": self.metadata,
        }

    def table(self) -> dict:
        attribute, _, low, high = self._columns
        rows, cols = self.recoil_edges_keV, getattr(self, attribute)
        r, c = np.meshgrid(np.arange(len(rows) - 1), np.arange(len(cols) - 1), indexing="ij")
        r, c = r.ravel(), c.ravel()
        table = {
            "recoil_low_keV": rows[r], "recoil_high_keV": rows[r + 1],
            low: cols[c], high: cols[c + 1],
        }  # fmt: skip
        table.update({f"{f}_events": v.ravel() for f, v in self.per_flavor.items()})
        table["events"] = self.total.ravel()
        return table


@dataclass(frozen=True)
class JointSpectrum(_GridSpectrum):
    """Counts in bins of recoil energy (rows) and arrival time (columns), per flavor."""

    recoil_edges_keV: np.ndarray
    time_edges_ns: np.ndarray
    per_flavor: dict[str, np.ndarray]
    exposure: Exposure = field(default_factory=Exposure)
    metadata: dict = field(default_factory=dict)

    _columns: ClassVar = ("time_edges_ns", "time_edges_ns", "time_low_ns", "time_high_ns")

    def plot(self, ax=None, **kwargs):
        return figures.plot_joint_spectrum(self, ax=ax, **kwargs)


@dataclass(frozen=True)
class DirectionalSpectrum(_GridSpectrum):
    """Counts in bins of recoil energy (rows) and cosine of the recoil angle to the neutrino
    direction (columns), per flavor (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eqs.
    18-20)."""

    recoil_edges_keV: np.ndarray
    cos_edges: np.ndarray
    per_flavor: dict[str, np.ndarray]
    exposure: Exposure = field(default_factory=Exposure)
    metadata: dict = field(default_factory=dict)

    _columns: ClassVar = ("cos_edges", "cos_theta_edges", "cos_low", "cos_high")

    @property
    def angular(self) -> np.ndarray:
        """Counts per cos(theta) bin, summed over recoil energy and flavors."""
        return self.total.sum(axis=0)

    def plot(self, ax=None, **kwargs):
        return figures.plot_directional_spectrum(self, ax=ax, **kwargs)


@dataclass(frozen=True)
class TimingSplit(Result):
    """Counts per flavor in named arrival-time windows (e.g. prompt and delayed)."""

    windows_ns: dict[str, tuple[float, float]]
    counts: dict[str, dict[str, float]]
    exposure: Exposure = field(default_factory=Exposure)
    metadata: dict = field(default_factory=dict)

    def total(self, window: str) -> float:
        return float(sum(self.counts[window].values()))

    def to_dict(self) -> dict:
        return {
            "exposure": self.exposure.to_dict(),
            "windows": [
                {
                    "name": name,
                    "start_ns": t0,
                    "stop_ns": t1,
                    "events_per_flavor": self.counts[name],
                    "events": self.total(name),
                }
                for name, (t0, t1) in self.windows_ns.items()
            ],
            "metadata": self.metadata,
        }

    def table(self) -> dict:
        flavors = sorted({f for c in self.counts.values() for f in c})
        names = list(self.windows_ns)
        table = {
            "window": names,
            "start_ns": [self.windows_ns[n][0] for n in names],
            "stop_ns": [self.windows_ns[n][1] for n in names],
        }
        for f in flavors:
            table[f"{f}_events"] = [self.counts[n].get(f, 0.0) for n in names]
        table["events"] = [self.total(n) for n in names]
        return table


@dataclass(frozen=True)
class MediatorGrid(Result):
    """Total counts on a grid of light-mediator masses (rows) and couplings (columns)."""

    masses_MeV: np.ndarray
    couplings: np.ndarray
    counts: np.ndarray
    standard_model: float
    exposure: Exposure = field(default_factory=Exposure)
    metadata: dict = field(default_factory=dict)

    @property
    def ratio(self) -> np.ndarray:
        """Counts relative to the model without the mediator."""
        return self.counts / self.standard_model

    def to_dict(self) -> dict:
        return {
            "masses_MeV": self.masses_MeV,
            "couplings": self.couplings,
            "exposure": self.exposure.to_dict(),
            "events": self.counts,
            "events_without_mediator": self.standard_model,
            "metadata": self.metadata,
        }

    def table(self) -> dict:
        m, g = np.meshgrid(self.masses_MeV, self.couplings, indexing="ij")
        return {
            "mass_MeV": m.ravel(),
            "coupling": g.ravel(),
            "events": self.counts.ravel(),
            "ratio": self.ratio.ravel(),
        }
