"""Detection efficiencies, as functions of the recoil energy (keVnr) or of the observed
quantity (keVee, or photoelectrons for a photoelectron resolution)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import CevnsInputError

__all__ = ["TabulatedEfficiency", "LogisticEfficiency"]


@dataclass(frozen=True)
class TabulatedEfficiency:
    """Detection efficiency at energies ``energy_keV``, linear in between, held at the end
    values outside; ``variable`` is "recoil" (keVnr) or "observed" (keVee, or PE with a
    photoelectron resolution)."""

    energy_keV: tuple[float, ...]
    values: tuple[float, ...]
    variable: str = "recoil"

    def __post_init__(self):
        _check_variable(self.variable)
        E, v = np.asarray(self.energy_keV, float), np.asarray(self.values, float)
        if E.ndim != 1 or E.size < 2 or E.shape != v.shape or np.any(np.diff(E) <= 0):
            raise CevnsInputError("tabulated efficiency needs increasing energies and values")
        if np.any(v < 0) or np.any(v > 1):
            raise CevnsInputError("efficiencies must lie in [0, 1]")

    def __call__(self, energy_keV):
        return np.interp(energy_keV, self.energy_keV, self.values)


@dataclass(frozen=True)
class LogisticEfficiency:
    """ε(x) = [a / (1 + exp(-b (x - c))) + d] H(x), clipped to [0, 1], in the units of
    ``variable`` ("recoil": keVnr; "observed": keVee, or PE with a photoelectron resolution);
    the form COHERENT uses for CsI[Na] (arXiv:1804.09459, arXiv:2110.07730).

    ``steps`` is the step function H as (x_k, h_k) pairs in increasing x: H = 0 below x_1 and
    h_k from x_k on (the 2017 CsI[Na] release: 0 below 5 PE, 1/2 in [5, 6), 1 above, i.e.
    ``((5, 0.5), (6, 1))``); no steps means H = 1."""

    a: float
    b: float
    c: float
    d: float = 0.0
    variable: str = "observed"
    steps: tuple[tuple[float, float], ...] = ()

    def __post_init__(self):
        _check_variable(self.variable)
        steps = tuple((float(x), float(h)) for x, h in self.steps)
        xs = [x for x, _ in steps]
        if any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
            raise CevnsInputError(f"efficiency steps must be at increasing positions, got {xs}")
        object.__setattr__(self, "steps", steps)

    def __call__(self, energy_keV):
        E = np.asarray(energy_keV, dtype=float)
        value = np.clip(self.a / (1.0 + np.exp(-self.b * (E - self.c))) + self.d, 0.0, 1.0)
        if self.steps:
            xs = np.array([x for x, _ in self.steps])
            hs = np.array([0.0] + [h for _, h in self.steps])
            value = value * hs[np.searchsorted(xs, E, side="right")]
        return value


def _check_variable(variable: str) -> None:
    if variable not in ("recoil", "observed"):
        raise CevnsInputError(
            f"efficiency variable must be 'recoil' or 'observed', got {variable!r}"
        )
