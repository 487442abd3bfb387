"""The detector: target material and mass, thresholds, and the parts of its response
(quenching, resolution, efficiency) that :mod:`cevns.detectors.response` folds together.

Energies follow the usual convention: nuclear recoil energy T in keVnr, observed (electron
equivalent) energy in keVee; with a :class:`~.resolution.PhotoelectronResolution` the
reconstructed quantity is a number of photoelectrons (PE).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..errors import CevnsInputError
from ..nuclei import Isotope, Material, material

__all__ = ["Detector", "Quenching", "Resolution", "Efficiency", "MAX_MASS_KG"]

MAX_MASS_KG = 1e15
"""Largest accepted target mass (kg): a thousand times a cubic kilometre of water, so that
event counts stay far from floating-point overflow."""


class Quenching(Protocol):
    """Observed energy (keVee) of nuclear recoils of ``recoil_keV`` (keVnr) on ``iso``."""

    def observed(self, recoil_keV, iso: Isotope) -> np.ndarray: ...


class Resolution(Protocol):
    """Smearing of the observed energy into the reconstructed quantity ``unit``."""

    unit: str

    def bin_probabilities(self, energy_keVee, edges, efficiency) -> np.ndarray: ...


class Efficiency(Protocol):
    """Efficiency as a function of the recoil energy or of the reconstructed quantity."""

    variable: str

    def __call__(self, value) -> np.ndarray: ...


@dataclass(frozen=True)
class Detector:
    """A detector: ``material`` (name or :class:`~cevns.nuclei.Material`), ``mass_kg``
    (target mass), and optionally a recoil threshold ``threshold_keV`` (keVnr), an
    observed-energy threshold ``threshold_keVee``, ``quenching``, ``resolution``,
    ``efficiency`` and ``observed_range``: the analysis region in the reconstructed unit
    (``observed_unit``: keVee, or PE with a photoelectron resolution) over which
    :meth:`~cevns.rates.RateCalculator.counts` counts."""

    material: Material | str
    mass_kg: float
    threshold_keV: float = 0.0
    threshold_keVee: float = 0.0
    quenching: Quenching | None = None
    resolution: Resolution | None = None
    efficiency: Efficiency | None = None
    observed_range: tuple[float, float] | None = None

    def __post_init__(self):
        if not isinstance(self.material, Material):
            object.__setattr__(self, "material", material(self.material))
        if not (np.isfinite(self.mass_kg) and 0 < self.mass_kg <= MAX_MASS_KG):
            raise CevnsInputError(
                f"detector mass must be a number of kg in (0, {MAX_MASS_KG:g}], got {self.mass_kg}"
            )
        for name in ("threshold_keV", "threshold_keVee"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value >= 0):
                raise CevnsInputError(f"{name} must be a number >= 0, got {value}")
        if self.observed_range is not None:
            lo, hi = (float(v) for v in self.observed_range)
            if not (np.isfinite(lo) and np.isfinite(hi) and 0 <= lo < hi):
                raise CevnsInputError(
                    f"observed_range must be [low, high] with 0 <= low < high, got "
                    f"{list(self.observed_range)}"
                )
            object.__setattr__(self, "observed_range", (lo, hi))
        if self.observed_unit == "PE" and self.threshold_keVee > 0:
            raise CevnsInputError(
                "with a photoelectron resolution give the threshold as observed_range in PE, "
                "not threshold_keVee"
            )
        if self.has_observed_response and self.quenching is None:
            raise CevnsInputError(
                "resolution, threshold_keVee, observed_range and observed-energy efficiency "
                "act on observed energy: give a quenching model too"
            )

    @property
    def observed_unit(self) -> str:
        """The reconstructed quantity: "keVee", or "PE" with a photoelectron resolution."""
        return "keVee" if self.resolution is None else self.resolution.unit

    def nuclei(self) -> np.ndarray:
        """Number of target nuclei of each isotope of the material."""
        return self.mass_kg * self.material.nuclei_per_kg()

    def recoil_efficiency(self, recoil_keV):
        """Efficiency as a function of recoil energy (1 without a recoil-energy curve), with
        the recoil threshold applied."""
        T = np.asarray(recoil_keV, dtype=float)
        eff = np.where(T >= self.threshold_keV, 1.0, 0.0)
        if self.efficiency is not None and self.efficiency.variable == "recoil":
            eff = eff * self.efficiency(T)
        return eff

    def observed_efficiency(self, observed):
        """Efficiency as a function of the reconstructed quantity (``observed_unit``), with
        ``threshold_keVee`` applied."""
        E = np.asarray(observed, dtype=float)
        eff = np.where(E >= self.threshold_keVee, 1.0, 0.0)
        if self.efficiency is not None and self.efficiency.variable == "observed":
            eff = eff * self.efficiency(E)
        return eff

    @property
    def has_observed_response(self) -> bool:
        """True when events are selected or smeared in observed energy."""
        return (
            self.resolution is not None
            or self.threshold_keVee > 0
            or self.observed_range is not None
            or (self.efficiency is not None and self.efficiency.variable == "observed")
        )

    def response(self, recoil_keV, iso: Isotope, observed_edges) -> np.ndarray:
        """Probability x efficiency that a recoil of ``recoil_keV`` on ``iso`` is seen in each
        bin of ``observed_edges`` (``observed_unit``): shape (bins, recoils). See
        :func:`~cevns.detectors.response.response_matrix`."""
        from .response import response_matrix

        return response_matrix(self, recoil_keV, iso, observed_edges)

    def to_dict(self) -> dict:
        return {
            "material": self.material.name,
            "mass_kg": self.mass_kg,
            "threshold_keV": self.threshold_keV,
            "threshold_keVee": self.threshold_keVee,
            "quenching": repr(self.quenching) if self.quenching else None,
            "resolution": repr(self.resolution) if self.resolution else None,
            "efficiency": repr(self.efficiency) if self.efficiency else None,
            "observed_range": list(self.observed_range) if self.observed_range else None,
            "observed_unit": self.observed_unit,
        }
