"""Quenching: the observed (electron-equivalent) energy E_ee in keVee of a nuclear recoil of
kinetic energy T in keVnr. Each model has ``factor(recoil_keV, iso)`` (E_ee/T) and
``observed(recoil_keV, iso)`` (E_ee)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import CevnsInputError
from ..nuclei import Isotope

__all__ = ["MEASURED_LINDHARD_K", "LindhardQuenching", "PolynomialQuenching", "TabulatedQuenching"]

MEASURED_LINDHARD_K = {
    "bonhomme-2022": 0.162,  # Ge: Bonhomme et al., EPJC 82, 815 (2022), arXiv:2202.03754
    "scholz-2016": 0.179,  # Ge: Scholz et al., PRD 94, 122003 (2016), arXiv:1608.03588
}
"""Lindhard k fitted to germanium quenching measurements, by name. Bonhomme et al. (neutron
beam, 0.4-6.3 keVnr): k = 0.162(4); Scholz et al. (photoneutrons, 0.3-8.5 keVnr, with an
adiabatic correction below ~1 keVnr that :class:`LindhardQuenching` leaves out): 0.179(1).
The Lindhard formula itself gives 0.157 for germanium."""


@dataclass(frozen=True)
class LindhardQuenching:
    """Lindhard quenching factor QF = k g(ε)/(1 + k g(ε)), g = 3ε^0.15 + 0.7ε^0.6 + ε,
    ε = 11.5 Z^(-7/3) T[keV], k = 0.133 Z^(2/3) A^(-1/2) unless ``k`` is given
    (J. Lindhard et al., Mat. Fys. Medd. Dan. Vid. Selsk. 33, no. 10 (1963))."""

    k: float | None = None

    def __post_init__(self):
        if self.k is not None and not (np.isfinite(self.k) and self.k > 0):
            raise CevnsInputError(f"Lindhard k must be a positive finite number, got {self.k!r}")

    @classmethod
    def measured(cls, name: str) -> LindhardQuenching:
        """Lindhard quenching with the k of a named measurement (:data:`MEASURED_LINDHARD_K`)."""
        if name not in MEASURED_LINDHARD_K:
            raise CevnsInputError(
                f"unknown quenching measurement {name!r}; use {', '.join(MEASURED_LINDHARD_K)}"
            )
        return cls(MEASURED_LINDHARD_K[name])

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
            raise CevnsInputError("polynomial quenching kind must be 'factor' or 'energy'")
        coefficients = tuple(float(c) for c in self.coefficients)
        if not coefficients or not all(np.isfinite(coefficients)):
            raise CevnsInputError(
                "polynomial quenching needs at least one finite coefficient, got "
                f"{self.coefficients}"
            )
        object.__setattr__(self, "coefficients", coefficients)

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
            raise CevnsInputError("tabulated quenching needs increasing recoil energies and values")
        if np.any(q <= 0) or np.any(q > 1):
            raise CevnsInputError("quenching factors must lie in (0, 1]")

    def factor(self, recoil_keV, iso: Isotope | None = None):
        return np.interp(recoil_keV, self.recoil_keV, self.values)

    def observed(self, recoil_keV, iso: Isotope | None = None):
        return self.factor(recoil_keV, iso) * np.asarray(recoil_keV, dtype=float)
