"""Result objects of the rate engine: they hold arrays per flavor, write CSV and JSON, and
draw themselves (plots via :mod:`cevns.plotting`)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = [
    "BinnedSpectrum",
    "DirectionalSpectrum",
    "EventCounts",
    "JointSpectrum",
    "MediatorGrid",
    "RecoilSpectrum",
    "TimingSplit",
]


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


class _Writable:
    def to_dict(self) -> dict:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_json(self, path: str | Path | None = None, indent: int = 2) -> str:
        """The result as JSON text; also written to ``path`` when given."""
        text = json.dumps(_jsonable(self.to_dict()), indent=indent)
        if path is not None:
            Path(path).write_text(text + "\n")
        return text


@dataclass(frozen=True)
class RecoilSpectrum(_Writable):
    """Differential rate dN/dT at recoil energies ``recoil_keV``, per flavor, in events per
    keV per ``per`` (e.g. "day"); ``metadata`` records the experiment and physics inputs."""

    recoil_keV: np.ndarray
    per_flavor: dict[str, np.ndarray]
    per: str = "day"
    metadata: dict = field(default_factory=dict)

    @property
    def total(self) -> np.ndarray:
        """dN/dT summed over flavors."""
        return np.sum(list(self.per_flavor.values()), axis=0)

    @property
    def unit(self) -> str:
        return f"events / keV / {self.per}"

    def to_dict(self) -> dict:
        return {
            "recoil_keV": self.recoil_keV,
            "unit": self.unit,
            "per_flavor": self.per_flavor,
            "total": self.total,
            "metadata": self.metadata,
        }

    def to_csv(self, path: str | Path) -> None:
        """Columns: recoil_keV, one per flavor, total (events/keV/per)."""
        flavors = list(self.per_flavor)
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["recoil_keV", *flavors, "total"])
            for i, T in enumerate(self.recoil_keV):
                w.writerow(
                    [
                        f"{T:.6g}",
                        *(f"{self.per_flavor[k][i]:.6e}" for k in flavors),
                        f"{self.total[i]:.6e}",
                    ]
                )

    def plot(self, ax=None, **kwargs):
        from ..plotting.figures import plot_recoil_spectrum

        return plot_recoil_spectrum(self, ax=ax, **kwargs)


@dataclass(frozen=True)
class BinnedSpectrum(_Writable):
    """Expected counts in bins of recoil energy (``variable="recoil"``, keVnr) or observed
    energy (``"observed"``, keVee), per flavor, per ``per``."""

    edges_keV: np.ndarray
    per_flavor: dict[str, np.ndarray]
    variable: str = "recoil"
    per: str = "day"
    metadata: dict = field(default_factory=dict)

    @property
    def total(self) -> np.ndarray:
        return np.sum(list(self.per_flavor.values()), axis=0)

    @property
    def centers_keV(self) -> np.ndarray:
        return 0.5 * (self.edges_keV[1:] + self.edges_keV[:-1])

    def to_dict(self) -> dict:
        return {
            "variable": self.variable,
            "edges_keV": self.edges_keV,
            "unit": f"events / bin / {self.per}",
            "per_flavor": self.per_flavor,
            "total": self.total,
            "metadata": self.metadata,
        }

    def to_csv(self, path: str | Path) -> None:
        """Columns: low_keV, high_keV, one per flavor, total (events per bin)."""
        flavors = list(self.per_flavor)
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["low_keV", "high_keV", *flavors, "total"])
            for i in range(len(self.edges_keV) - 1):
                w.writerow(
                    [
                        f"{self.edges_keV[i]:.6g}",
                        f"{self.edges_keV[i + 1]:.6g}",
                        *(f"{self.per_flavor[k][i]:.6e}" for k in flavors),
                        f"{self.total[i]:.6e}",
                    ]
                )

    def plot(self, ax=None, **kwargs):
        from ..plotting.figures import plot_binned_spectrum

        return plot_binned_spectrum(self, ax=ax, **kwargs)


@dataclass(frozen=True)
class EventCounts(_Writable):
    """Expected number of events per flavor, per ``per`` (e.g. "day")."""

    per_flavor: dict[str, float]
    per: str = "day"
    metadata: dict = field(default_factory=dict)

    @property
    def total(self) -> float:
        return float(sum(self.per_flavor.values()))

    def to_dict(self) -> dict:
        return {
            f"events_per_{self.per}": self.total,
            "per_flavor": self.per_flavor,
            "metadata": self.metadata,
        }

    def to_csv(self, path: str | Path) -> None:
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["flavor", f"events_per_{self.per}"])
            for k, v in self.per_flavor.items():
                w.writerow([k, f"{v:.6e}"])
            w.writerow(["total", f"{self.total:.6e}"])


def _write_grid_csv(path, rows, cols, header: list[str], per_flavor: dict) -> None:
    """Long-format CSV of per-flavor counts on a (rows x cols) bin grid: the two bin ranges,
    one column per flavor, total."""
    flavors = list(per_flavor)
    total = np.sum(list(per_flavor.values()), axis=0)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([*header, *flavors, "total"])
        for i in range(len(rows) - 1):
            for j in range(len(cols) - 1):
                w.writerow(
                    [f"{rows[i]:.6g}", f"{rows[i + 1]:.6g}", f"{cols[j]:.6g}", f"{cols[j + 1]:.6g}"]
                    + [f"{per_flavor[k][i, j]:.6e}" for k in flavors]
                    + [f"{total[i, j]:.6e}"]
                )


@dataclass(frozen=True)
class JointSpectrum(_Writable):
    """Counts in bins of recoil energy (rows) and arrival time (columns), per flavor."""

    recoil_edges_keV: np.ndarray
    time_edges_ns: np.ndarray
    per_flavor: dict[str, np.ndarray]
    per: str = "day"
    metadata: dict = field(default_factory=dict)

    @property
    def total(self) -> np.ndarray:
        return np.sum(list(self.per_flavor.values()), axis=0)

    def to_dict(self) -> dict:
        return {
            "recoil_edges_keV": self.recoil_edges_keV,
            "time_edges_ns": self.time_edges_ns,
            "unit": f"events / bin / {self.per}",
            "per_flavor": self.per_flavor,
            "total": self.total,
            "metadata": self.metadata,
        }

    def to_csv(self, path: str | Path) -> None:
        """Long format: recoil bin, time bin, one column per flavor, total."""
        _write_grid_csv(
            path,
            self.recoil_edges_keV,
            self.time_edges_ns,
            ["recoil_low_keV", "recoil_high_keV", "time_low_ns", "time_high_ns"],
            self.per_flavor,
        )

    def plot(self, ax=None, **kwargs):
        from ..plotting.figures import plot_joint_spectrum

        return plot_joint_spectrum(self, ax=ax, **kwargs)


@dataclass(frozen=True)
class DirectionalSpectrum(_Writable):
    """Counts in bins of recoil energy (rows) and cosine of the recoil angle to the neutrino
    direction (columns), per flavor (seed 003 Eqs. 18-20)."""

    recoil_edges_keV: np.ndarray
    cos_edges: np.ndarray
    per_flavor: dict[str, np.ndarray]
    per: str = "day"
    metadata: dict = field(default_factory=dict)

    @property
    def total(self) -> np.ndarray:
        return np.sum(list(self.per_flavor.values()), axis=0)

    @property
    def angular(self) -> np.ndarray:
        """Counts per cos(theta) bin, summed over recoil energy and flavors."""
        return self.total.sum(axis=0)

    def to_dict(self) -> dict:
        return {
            "recoil_edges_keV": self.recoil_edges_keV,
            "cos_theta_edges": self.cos_edges,
            "unit": f"events / bin / {self.per}",
            "per_flavor": self.per_flavor,
            "total": self.total,
            "metadata": self.metadata,
        }

    def to_csv(self, path: str | Path) -> None:
        """Long format: recoil bin, cos(theta) bin, one column per flavor, total."""
        _write_grid_csv(
            path,
            self.recoil_edges_keV,
            self.cos_edges,
            ["recoil_low_keV", "recoil_high_keV", "cos_low", "cos_high"],
            self.per_flavor,
        )

    def plot(self, ax=None, **kwargs):
        from ..plotting.figures import plot_directional_spectrum

        return plot_directional_spectrum(self, ax=ax, **kwargs)


@dataclass(frozen=True)
class TimingSplit(_Writable):
    """Counts per flavor in named arrival-time windows (e.g. prompt and delayed)."""

    windows_ns: dict[str, tuple[float, float]]
    counts: dict[str, dict[str, float]]
    per: str = "day"
    metadata: dict = field(default_factory=dict)

    def total(self, window: str) -> float:
        return float(sum(self.counts[window].values()))

    def to_dict(self) -> dict:
        return {
            "windows_ns": {k: list(v) for k, v in self.windows_ns.items()},
            "unit": f"events / {self.per}",
            "counts": self.counts,
            "totals": {w: self.total(w) for w in self.counts},
            "metadata": self.metadata,
        }

    def to_csv(self, path: str | Path) -> None:
        flavors = sorted({f for c in self.counts.values() for f in c})
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["window", "start_ns", "stop_ns", *flavors, "total"])
            for name, (t0, t1) in self.windows_ns.items():
                row = [f"{self.counts[name].get(k, 0.0):.6e}" for k in flavors]
                w.writerow([name, t0, t1, *row, f"{self.total(name):.6e}"])


@dataclass(frozen=True)
class MediatorGrid(_Writable):
    """Total counts on a grid of light-mediator masses (rows) and couplings (columns)."""

    masses_MeV: np.ndarray
    couplings: np.ndarray
    counts: np.ndarray
    standard_model: float
    per: str = "day"
    metadata: dict = field(default_factory=dict)

    @property
    def ratio(self) -> np.ndarray:
        """Counts relative to the model without the mediator."""
        return self.counts / self.standard_model

    def to_dict(self) -> dict:
        return {
            "masses_MeV": self.masses_MeV,
            "couplings": self.couplings,
            "counts": self.counts,
            "counts_without_mediator": self.standard_model,
            "unit": f"events / {self.per}",
            "metadata": self.metadata,
        }

    def to_csv(self, path: str | Path) -> None:
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["mass_MeV", "coupling", f"events_per_{self.per}", "ratio"])
            for i, m in enumerate(self.masses_MeV):
                for j, g in enumerate(self.couplings):
                    w.writerow(
                        [
                            f"{m:.6g}",
                            f"{g:.6g}",
                            f"{self.counts[i, j]:.6e}",
                            f"{self.ratio[i, j]:.6e}",
                        ]
                    )
