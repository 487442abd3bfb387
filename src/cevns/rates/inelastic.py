"""Inelastic event rates and sampled final states for a flux and a detector.

The rate of reaction ``r`` in a detector with N_t target nuclei is (Pandey, Prog. Part. Nucl. Phys.
2024, arXiv:2309.07840, Eq. 50, with the
inelastic σ in place of CEvNS)

    N = exposure × N_t Σ_f Φ_f ∫ pdf_f(E) σ(E) dE,

summed over the flux flavors that drive the reaction. Each level k gives the charged lepton a
kinetic energy T = E_ν - E_th,k, so the electron spectrum is a sum of shifted copies of
Φ(E)σ_k(E) (lines stay lines); the excitation-energy distribution is the rate per level.

The sampler draws (E_ν, level) from Φ(E)σ_k(E) on a fine energy grid (cells of at most
25 keV, uniform within a cell; lines exactly), the lepton angle from the cross section's own
distribution (``sample_cos``: 1 + a_k β cosθ in the allowed approximation, the tabulated
d²σ/dω dcosθ of the multipole model), and the de-excitation gammas of levels with known
decays (each line with its yield per decay). The levels of the multipole model are its energy
bins. Output: CSV (always) or Parquet (with the ``parquet`` extra, pyarrow).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..detectors import Detector
from ..detectors.experiments import Experiment, experiment
from ..errors import CevnsInputError
from ..results import write_csv
from ..sources.flux import Flux
from ..xsec.inelastic.allowed import AllowedCrossSection
from .engine import check_edges
from .exposure import Exposure
from .results import EventCounts

__all__ = ["InelasticRate", "SampledEvents", "inelastic_rate"]

_CELL_MEV = 0.025

MAX_SAMPLED_EVENTS = 10_000_000
"""Most events one :meth:`InelasticRate.sample` draws (about a gigabyte of columns)."""


@dataclass(frozen=True)
class SampledEvents:
    """Sampled inelastic events, one entry per event (energies in MeV)."""

    flavor: np.ndarray
    neutrino_energy: np.ndarray
    excitation_energy: np.ndarray
    lepton_kinetic_energy: np.ndarray
    cos_theta: np.ndarray
    gammas: list
    reaction: str

    def __len__(self) -> int:
        return int(self.neutrino_energy.size)

    def columns(self) -> dict:
        """Columns of the output table (gamma energies joined by ';')."""
        return {
            "flavor": self.flavor,
            "neutrino_energy_MeV": self.neutrino_energy,
            "excitation_energy_MeV": self.excitation_energy,
            "lepton_kinetic_energy_MeV": self.lepton_kinetic_energy,
            "lepton_cos_theta": self.cos_theta,
            "gamma_energies_MeV": [";".join(f"{g:.6g}" for g in gs) for gs in self.gammas],
        }

    def write(self, path: str | Path) -> Path:
        """Write the events as CSV (``.csv``) or Parquet (``.parquet``; needs pyarrow).

        Columns: flavor, neutrino_energy_MeV, excitation_energy_MeV (of the final nucleus),
        lepton_kinetic_energy_MeV (the outgoing e⁻ for CC, ν for NC), lepton_cos_theta
        (angle to the incoming neutrino), gamma_energies_MeV ('; '-separated, empty where the
        level's decay is not in the data). A comment line names the reaction.
        """
        path = Path(path)
        cols = self.columns()
        if path.suffix == ".parquet":
            try:
                import pyarrow as pa
                import pyarrow.parquet as pq
            except ImportError:
                raise CevnsInputError(
                    "Parquet output needs pyarrow: pip install 'cevns[parquet]', or write .csv"
                ) from None
            table = pa.table({k: list(v) if isinstance(v, list) else v for k, v in cols.items()})
            table = table.replace_schema_metadata({"reaction": self.reaction})
            pq.write_table(table, path)
            return path
        if path.suffix != ".csv":
            raise CevnsInputError(f"event file must end in .csv or .parquet, got {path.name!r}")
        write_csv(path, cols, comment=f"cevns inelastic events: reaction {self.reaction}")
        return path


class InelasticRate:
    """Rates of one inelastic reaction for a ``flux`` and a ``detector``.

    ``reaction_``: a packaged reaction name or :class:`~cevns.xsec.inelastic.Reaction` (the
    allowed approximation), or a cross section with final-state levels, such as
    :class:`~cevns.xsec.inelastic.multipole.MultipoleCrossSection` (whose energy bins are the
    levels: rates, excitation-energy and lepton spectra and sampled events of the Skyrme
    HF + RPA model).

    The target isotope of the reaction must be in the detector's material (else the error
    says which isotopes it holds). ``source`` (optional) sets the exposure units as for
    CEvNS rates; ``time_window_ns`` keeps the neutrinos arriving in that window.
    """

    def __init__(
        self,
        reaction_,
        flux: Flux,
        detector: Detector,
        source=None,
        time_window_ns=None,
        coulomb: str = "auto",
    ):
        if hasattr(reaction_, "level_cross_sections"):
            self.xs = reaction_  # a cross section with levels, e.g. the multipole (RPA) model
        else:
            self.xs = AllowedCrossSection(reaction_, coulomb=coulomb)
        self.reaction = self.xs.reaction
        self.flux = flux
        self.detector = detector
        self.source = source
        names = [iso.name for iso in detector.material.isotopes]
        if self.reaction.target not in names:
            raise CevnsInputError(
                f"reaction {self.reaction.name} needs {self.reaction.target}; the detector "
                f"material {detector.material.name} holds {', '.join(names)}"
            )
        self.targets = float(detector.nuclei()[names.index(self.reaction.target)])
        self.flavors = tuple(f for f in flux.flavors if f in self.reaction.flavors)
        self._weights = {
            f: flux.component(f).rate * flux.time_fraction(f, time_window_ns) for f in self.flavors
        }

    @classmethod
    def for_experiment(cls, reaction_, exp: Experiment | str, coulomb: str = "auto"):
        exp = experiment(exp)
        return cls(reaction_, exp.flux(), exp.detector, exp.source, exp.time_window_ns, coulomb)

    def _seconds(self, exposure: Exposure | str) -> float:
        return Exposure.parse(exposure).seconds(self.source, self.flux.time_integrated)

    def counts(self, exposure: Exposure | str = "day") -> EventCounts:
        """Expected events per flavor for the ``exposure``."""
        seconds = self._seconds(exposure)
        per_flavor = {
            f: seconds * self.targets * w * self.xs.flux_average(self.flux.component(f).spectrum, f)
            for f, w in self._weights.items()
        }
        meta = {"reaction": self.reaction.name, "coulomb": self.xs.coulomb}
        return EventCounts(per_flavor, Exposure.parse(exposure), meta)

    def level_counts(self, exposure: Exposure | str = "day") -> np.ndarray:
        """Expected events per final level (the excitation-energy distribution), summed over
        flavors; pairs with ``reaction.excitation_energies``."""
        seconds = self._seconds(exposure)
        total = np.zeros(len(self.reaction.levels))
        for f, w in self._weights.items():
            E, wt = self.flux.component(f).spectrum.nodes(self.xs.thresholds)
            total += w * (wt[:, None] * self.xs.level_cross_sections(E)).sum(axis=0)
        return seconds * self.targets * total

    def lepton_spectrum(self, edges_MeV, exposure: Exposure | str = "day") -> np.ndarray:
        """Events per bin of outgoing-lepton kinetic energy (bin ``edges_MeV``), exact bin
        integrals level by level (lines land in the bin that holds them)."""
        edges = check_edges(edges_MeV)
        seconds = self._seconds(exposure)
        out = np.zeros(edges.size - 1)
        for f, w in self._weights.items():
            spec = self.flux.component(f).spectrum
            for k, threshold in enumerate(self.xs.thresholds):
                # nodes split at the bin edges (in neutrino energy), so each bin is exact
                E, wt = spec.nodes(threshold + edges, lo=threshold)
                idx = np.searchsorted(edges, E - threshold, side="right") - 1
                keep = (idx >= 0) & (idx < out.size) & (E > threshold)
                sigma = self.xs.level_cross_sections(E[keep])[:, k]
                out += w * np.bincount(idx[keep], wt[keep] * sigma, minlength=out.size)
        return seconds * self.targets * out

    def sample(self, n: int, random_state=None) -> SampledEvents:
        """Draw ``n`` events from the rate (flavors in proportion to their counts)."""
        if int(n) != n or not 1 <= n <= MAX_SAMPLED_EVENTS:
            raise CevnsInputError(
                f"number of events must be an integer from 1 to {MAX_SAMPLED_EVENTS:,}, got {n}"
            )
        if isinstance(random_state, int) and random_state < 0:
            raise CevnsInputError(f"the random state must be >= 0, got {random_state}")
        rng = np.random.default_rng(random_state)
        rates = self.counts("burst" if self.flux.time_integrated else "second").per_flavor
        flavors = [f for f in self.flavors if rates[f] > 0]
        if not flavors:
            raise CevnsInputError(f"no {self.reaction.name} events: the flux is below threshold")
        p = np.array([rates[f] for f in flavors])
        which = rng.choice(len(flavors), size=int(n), p=p / p.sum())
        E = np.empty(int(n))
        level = np.empty(int(n), dtype=np.intp)
        for j, f in enumerate(flavors):
            sel = np.flatnonzero(which == j)
            E[sel], level[sel] = self._sample_energy_level(
                self.flux.component(f).spectrum, sel.size, rng
            )
        T = E - self.xs.thresholds[level]
        cos = self.xs.sample_cos(E, level, rng)
        gammas = self._sample_gammas(level, rng)
        return SampledEvents(
            flavor=np.array(flavors, dtype=object)[which],
            neutrino_energy=E,
            excitation_energy=self.reaction.excitation_energies[level],
            lepton_kinetic_energy=T,
            cos_theta=cos,
            gammas=gammas,
            reaction=self.reaction.name,
        )

    def _sample_energy_level(self, spectrum, n: int, rng):
        if spectrum.lines:
            sig = self.xs.level_cross_sections(np.array([spectrum.energy]))[0]
            level = rng.choice(sig.size, size=n, p=sig / sig.sum())
            return np.full(n, spectrum.energy), level
        lo, hi = self.xs.threshold, float(spectrum.max_energy)
        cells = max(int(np.ceil((hi - lo) / _CELL_MEV)), 1)
        edges = np.linspace(lo, hi, cells + 1)
        mid = 0.5 * (edges[1:] + edges[:-1])
        weight = spectrum.pdf(mid)[:, None] * self.xs.level_cross_sections(mid)
        cdf = np.cumsum(weight.ravel())
        idx = np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right")
        idx = np.minimum(idx, cdf.size - 1)
        cell, level = np.divmod(idx, weight.shape[1])
        E = edges[cell] + rng.random(n) * (edges[1] - edges[0])
        return np.maximum(E, self.xs.thresholds[level]), level

    def _sample_gammas(self, level: np.ndarray, rng) -> list:
        lines = [lv.gammas for lv in self.reaction.levels]
        out = [()] * level.size
        for k, gs in enumerate(lines):
            if not gs:
                continue
            sel = np.flatnonzero(level == k)
            energies = np.array([g[0] for g in gs])
            keep = rng.random((sel.size, len(gs))) < np.array([g[1] for g in gs])
            for i, row in zip(sel, keep, strict=True):
                out[i] = tuple(energies[row])
        return out


def inelastic_rate(reaction_, exp: Experiment | str, coulomb: str = "auto") -> InelasticRate:
    """:class:`InelasticRate` of a reaction name in an experiment preset or object."""
    return InelasticRate.for_experiment(reaction_, exp, coulomb)
