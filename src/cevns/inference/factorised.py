"""Signal templates factorised in the couplings, for fast scans.

At fixed masses (every parameter whose :attr:`~cevns.physics.Parameter.coupling` is None:
mediator masses, Δm²_41, the neutron radius) the expected counts of every bin, nominal and
shifted by each nuisance, are a polynomial in the couplings ``x_j = value_j**p_j`` (the powers
and groups of the parameter table): of degree 2 in the amplitude group, 1 in the incoherent
group, and 2 more when sterile mixings multiply the rest. So a template is

    T(x) = Σ_m x^a_m B_m,

a sum over the monomials of that total degree. To keep the linear algebra well conditioned
the monomials are taken in y_j = (x_j - l_j) / w_j, with [l_j, l_j + w_j] the range of x_j
the scan asks for. The basis templates B_m are solved once per mass point from the engine's
templates at the nodes of the principal lattice {y = a / D : a_j ≥ 0 integers, Σ a_j ≤ D},
on which polynomials of total degree D are unisolvent. After that a scan point costs one
small matrix product, and the result equals the engine's template to rounding (tested to
1e-10 of the largest template of the mass point).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..physics import check_parameter

__all__ = ["TemplateBasis", "build_basis", "coupling_range", "split_point"]

_GROUP_DEGREE = {"amplitude": 2, "incoherent": 1}
_MIXING_DEGREE = 2


def split_point(point: dict) -> tuple[tuple, tuple]:
    """(fixed items, coupling names) of a parameter point: the sorted (name, value) pairs of
    its mass-like parameters, and the sorted names of its couplings."""
    fixed_names, couplings = _classify(tuple(point))
    return tuple((name, point[name]) for name in fixed_names), couplings


@cache
def _classify(names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(mass-like names, coupling names) of a point's parameter names, each sorted."""
    couplings = {n for n in names if check_parameter(n).coupling is not None}
    return tuple(sorted(set(names) - couplings)), tuple(sorted(couplings))


def total_degree(names) -> int:
    """Degree of the rate as a polynomial in the couplings ``names`` (module docstring)."""
    groups = {check_parameter(n).coupling[1] for n in names}
    base = max((_GROUP_DEGREE[g] for g in groups if g in _GROUP_DEGREE), default=0)
    return base + (_MIXING_DEGREE if "mixing" in groups else 0)


def monomial_exponents(n: int, degree: int) -> np.ndarray:
    """Exponents (M, n) of all monomials in n variables of total degree <= ``degree``."""
    rows = [a for a in itertools.product(range(degree + 1), repeat=n) if sum(a) <= degree]
    rows = sorted(rows, key=lambda a: (sum(a), a[::-1]))
    return np.array(rows, dtype=int).reshape(len(rows), n)


@dataclass(frozen=True)
class TemplateBasis:
    """The templates of one data set at one mass point as polynomials in the couplings
    ``names`` (with ``powers``): ``exponents`` (M, n) of the monomials in y = (x - ``low``) /
    ``width``, their coefficient templates ``nominal`` (M, bins) and ``shifts`` (M, K, bins,
    nuisances in the likelihood's order)."""

    names: tuple[str, ...]
    powers: np.ndarray
    exponents: np.ndarray
    nominal: np.ndarray
    shifts: np.ndarray
    low: np.ndarray
    width: np.ndarray

    def covers(self, low: np.ndarray, width: np.ndarray) -> bool:
        """Whether the range [low, low + width] lies within 16 widths of the basis's own (the
        polynomial is exact everywhere; far outside, rounding would grow)."""
        reach = 16.0 * self.width
        return bool(np.all(low >= self.low - reach) and np.all(low + width <= self.low + reach))

    def monomials(self, values: np.ndarray) -> np.ndarray:
        """y^a of every monomial at coupling ``values`` (G, n): shape (G, M)."""
        y = (np.asarray(values, dtype=float) ** self.powers - self.low) / self.width
        return np.prod(y[:, None, :] ** self.exponents[None], axis=2)

    def evaluate(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nominal (G, bins) and shifted (G, K, bins) templates at coupling ``values``."""
        weights = self.monomials(values)
        M, K, bins = self.shifts.shape
        nominal = weights @ self.nominal
        shifts = (weights @ self.shifts.reshape(M, K * bins)).reshape(-1, K, bins)
        return nominal, shifts


def build_basis(template_at, names: tuple[str, ...], fixed: dict, low, width, nuisances):
    """The :class:`TemplateBasis` of the couplings ``names`` at the mass point ``fixed``:
    ``template_at(point)`` gives the engine's :class:`~.likelihood.Template` at a parameter
    point; ``x_j = value_j**p_j`` spans [``low``, ``low`` + ``width``] (see :func:`coupling_range`);
    ``nuisances`` is the likelihood's order of shifts."""
    powers = np.array([check_parameter(n).coupling[0] for n in names], dtype=float)
    low, width = np.asarray(low, dtype=float), np.asarray(width, dtype=float)
    exponents = monomial_exponents(len(names), total_degree(names))
    y_nodes = exponents / max(int(exponents.sum(axis=1).max()), 1)  # the principal lattice
    nominal, shifts = [], []
    for y in y_nodes:
        values = (low + width * y) ** (1.0 / powers)
        template = template_at({**fixed, **dict(zip(names, values, strict=True))}).ravel()
        nominal.append(template.nominal)
        shifts.append(template.matrix(nuisances))
    vandermonde = np.prod(y_nodes[:, None, :] ** exponents[None], axis=2)
    M = len(y_nodes)
    nominal_basis = np.linalg.solve(vandermonde, np.array(nominal))
    shift_basis = np.linalg.solve(vandermonde, np.array(shifts).reshape(M, -1))
    return TemplateBasis(
        tuple(names), powers, exponents, nominal_basis,
        shift_basis.reshape(np.shape(shifts)), low, width,
    )  # fmt: skip


def coupling_range(names: tuple[str, ...], values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(low, width) of ``x_j = value_j**p_j`` among ``values`` (G, n). A coupling held at one
    value gets the width of that value, or, at zero, of the top of its default range; the
    positive range of a new-physics coupling that reaches closer to zero than its width
    starts at zero."""
    low, width = [], []
    for j, name in enumerate(names):
        p = check_parameter(name)
        x = np.asarray(values[:, j], dtype=float) ** p.coupling[0]
        lo, hi = float(np.min(x)), float(np.max(x))
        if hi <= lo:
            hi = lo + (abs(lo) or max(abs(v) for v in p.default_range) ** p.coupling[0])
        if p.null == 0.0 and 0.0 < lo < hi - lo:
            lo = 0.0  # start at the Standard Model: that node is the same at every mass
        low.append(lo)
        width.append(hi - lo)
    return np.array(low), np.array(width)
