"""Detectors: target material, mass, and response (threshold, quenching, resolution,
efficiency).

Energies follow the usual convention: nuclear recoil energy T in keVnr, observed (electron
equivalent) energy in keVee. Quenching maps T to the observed energy, resolution smears it,
efficiency weights events by recoil or observed energy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..nuclei import Isotope, Material, material

__all__ = [
    "Detector",
    "LindhardQuenching",
    "PolynomialQuenching",
    "TabulatedQuenching",
    "GaussianResolution",
    "TabulatedEfficiency",
    "LogisticEfficiency",
]


# --- quenching -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LindhardQuenching:
    """Lindhard quenching factor QF = k g(ε)/(1 + k g(ε)), g = 3ε^0.15 + 0.7ε^0.6 + ε,
    ε = 11.5 Z^(-7/3) T[keV], k = 0.133 Z^(2/3) A^(-1/2) unless ``k`` is given
    (J. Lindhard et al., Mat. Fys. Medd. Dan. Vid. Selsk. 33, no. 10 (1963))."""

    k: float | None = None

    def factor(self, recoil_keV, iso: Isotope):
        """Quenching factor (observed/recoil energy) for recoils of ``iso``."""
        T = np.maximum(np.asarray(recoil_keV, dtype=float), 0.0)
        k = 0.133 * iso.Z ** (2 / 3) / np.sqrt(iso.A) if self.k is None else self.k
        eps = 11.5 * iso.Z ** (-7 / 3) * T
        g = 3.0 * eps**0.15 + 0.7 * eps**0.6 + eps
        return k * g / (1.0 + k * g)

    def observed(self, recoil_keV, iso: Isotope):
        """Observed energy in keVee."""
        return self.factor(recoil_keV, iso) * np.asarray(recoil_keV, dtype=float)


@dataclass(frozen=True)
class PolynomialQuenching:
    """Quenching from a polynomial in the recoil energy T (keVnr).

    ``kind="factor"``: QF(T) = sum_n c_n T^n (e.g. argon, QF = 0.246 + 0.00078 T, COHERENT
    arXiv:2003.10630); ``kind="energy"``: E_ee(T) = sum_n c_n T^n in keVee (e.g. the CsI[Na]
    fit of COHERENT arXiv:2111.02477). ``valid_keV`` is the range of the fit; outside it the
    polynomial is held at its end value of QF.
    """

    coefficients: tuple[float, ...]
    kind: str = "factor"
    valid_keV: tuple[float, float] = (0.0, np.inf)

    def __post_init__(self):
        if self.kind not in ("factor", "energy"):
            raise ValueError("polynomial quenching kind must be 'factor' or 'energy'")

    def factor(self, recoil_keV, iso: Isotope | None = None):
        T = np.asarray(recoil_keV, dtype=float)
        lo, hi = self.valid_keV
        Tc = np.clip(T, max(lo, 1e-9), hi)
        value = np.polynomial.polynomial.polyval(Tc, self.coefficients)
        return value if self.kind == "factor" else value / Tc

    def observed(self, recoil_keV, iso: Isotope | None = None):
        return self.factor(recoil_keV, iso) * np.asarray(recoil_keV, dtype=float)


@dataclass(frozen=True)
class TabulatedQuenching:
    """Quenching factor given at recoil energies (keVnr), linear in between, held constant
    beyond the table."""

    recoil_keV: tuple[float, ...]
    values: tuple[float, ...]

    def __post_init__(self):
        T, q = np.asarray(self.recoil_keV, float), np.asarray(self.values, float)
        if T.ndim != 1 or T.size < 2 or T.shape != q.shape or np.any(np.diff(T) <= 0):
            raise ValueError("tabulated quenching needs increasing recoil energies and values")
        if np.any(q <= 0) or np.any(q > 1):
            raise ValueError("quenching factors must lie in (0, 1]")

    def factor(self, recoil_keV, iso: Isotope | None = None):
        return np.interp(recoil_keV, self.recoil_keV, self.values)

    def observed(self, recoil_keV, iso: Isotope | None = None):
        return self.factor(recoil_keV, iso) * np.asarray(recoil_keV, dtype=float)


# --- resolution and efficiency -----------------------------------------------------------------


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
            raise ValueError("resolution terms a, b, c must be >= 0 and not all zero")

    def sigma(self, observed_keV):
        E = np.maximum(np.asarray(observed_keV, dtype=float), 0.0)
        return np.sqrt(self.a**2 * E + self.b**2 + (self.c * E) ** 2)


@dataclass(frozen=True)
class TabulatedEfficiency:
    """Detection efficiency at energies ``energy_keV``, linear in between, held at the end
    values outside; ``variable`` is "recoil" (keVnr) or "observed" (keVee)."""

    energy_keV: tuple[float, ...]
    values: tuple[float, ...]
    variable: str = "recoil"

    def __post_init__(self):
        _check_variable(self.variable)
        E, v = np.asarray(self.energy_keV, float), np.asarray(self.values, float)
        if E.ndim != 1 or E.size < 2 or E.shape != v.shape or np.any(np.diff(E) <= 0):
            raise ValueError("tabulated efficiency needs increasing energies and values")
        if np.any(v < 0) or np.any(v > 1):
            raise ValueError("efficiencies must lie in [0, 1]")

    def __call__(self, energy_keV):
        return np.interp(energy_keV, self.energy_keV, self.values)


@dataclass(frozen=True)
class LogisticEfficiency:
    """ε(E) = a / (1 + exp(-b (E - c))) + d, clipped to [0, 1], in the units of ``variable``
    ("recoil" keVnr or "observed" keVee); the form COHERENT uses for CsI[Na]
    (arXiv:1804.09459, arXiv:2110.07730)."""

    a: float
    b: float
    c: float
    d: float = 0.0
    variable: str = "observed"

    def __post_init__(self):
        _check_variable(self.variable)

    def __call__(self, energy_keV):
        E = np.asarray(energy_keV, dtype=float)
        return np.clip(self.a / (1.0 + np.exp(-self.b * (E - self.c))) + self.d, 0.0, 1.0)


def _check_variable(variable: str) -> None:
    if variable not in ("recoil", "observed"):
        raise ValueError(f"efficiency variable must be 'recoil' or 'observed', got {variable!r}")


# --- the detector ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Detector:
    """A CEvNS detector: ``material`` (name or :class:`~cevns.nuclei.Material`), ``mass_kg``
    (target mass), and optionally a recoil threshold ``threshold_keV`` (keVnr), an observed-energy
    threshold ``threshold_keVee``, ``quenching``, ``resolution`` and ``efficiency``."""

    material: Material | str
    mass_kg: float
    threshold_keV: float = 0.0
    threshold_keVee: float = 0.0
    quenching: object | None = None
    resolution: GaussianResolution | None = None
    efficiency: object | None = None

    def __post_init__(self):
        if not isinstance(self.material, Material):
            object.__setattr__(self, "material", material(self.material))
        if not (np.isfinite(self.mass_kg) and self.mass_kg > 0):
            raise ValueError(f"detector mass must be a positive number of kg, got {self.mass_kg}")
        for name in ("threshold_keV", "threshold_keVee"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a number >= 0, got {value}")
        needs_quenching = (
            self.resolution is not None
            or self.threshold_keVee > 0
            or (self.efficiency is not None and self.efficiency.variable == "observed")
        )
        if needs_quenching and self.quenching is None:
            raise ValueError(
                "resolution, threshold_keVee and observed-energy efficiency act on observed "
                "energy: give a quenching model too"
            )

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

    def observed_efficiency(self, observed_keV):
        """Efficiency as a function of observed energy (keVee), with ``threshold_keVee``."""
        E = np.asarray(observed_keV, dtype=float)
        eff = np.where(E >= self.threshold_keVee, 1.0, 0.0)
        if self.efficiency is not None and self.efficiency.variable == "observed":
            eff = eff * self.efficiency(E)
        return eff

    @property
    def has_observed_response(self) -> bool:
        """True when events are selected or smeared in observed energy."""
        return self.quenching is not None and (
            self.resolution is not None
            or self.threshold_keVee > 0
            or (self.efficiency is not None and self.efficiency.variable == "observed")
        )

    def to_dict(self) -> dict:
        return {
            "material": self.material.name,
            "mass_kg": self.mass_kg,
            "threshold_keV": self.threshold_keV,
            "threshold_keVee": self.threshold_keVee,
            "quenching": repr(self.quenching) if self.quenching else None,
            "resolution": repr(self.resolution) if self.resolution else None,
            "efficiency": repr(self.efficiency) if self.efficiency else None,
        }
