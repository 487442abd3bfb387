"""Single-particle reduced matrix elements of the elementary multipole operators.

The semileptonic multipoles of Walecka (*Semileptonic Weak Interactions in Nuclei*, 1975)
are built from seven one-body operators of T. W. Donnelly and W. C. Haxton, At. Data Nucl.
Data Tables 23, 103 (1979), with M_JL^M = j_L(qr) Y^M_JL1(r̂) (vector spherical harmonic):

    M_J = j_J(qr) Y_J             Σ_J = M_JJ·σ          Δ_J = M_JJ·∇/q
    Σ'_J  = -i (∇/q × M_JJ)·σ  = -√(J/(2J+1)) M_J,J+1·σ + √((J+1)/(2J+1)) M_J,J-1·σ
    Σ''_J = (∇/q M_J)·σ        =  √((J+1)/(2J+1)) M_J,J+1·σ + √(J/(2J+1)) M_J,J-1·σ
    Δ'_J  = -i (∇/q × M_JJ)·∇/q (the Σ' combination with σ -> ∇/q)
    Ω_J   = M_J σ·∇/q

Matrix elements are Edmonds-reduced, ⟨a m_a|O_JM|b m_b⟩ = (-1)^(j_a-m_a) (j_a J j_b; -m_a M
m_b) ⟨a‖O_J‖b⟩, between states u(r)/r [Y_l χ]_jm (A. R. Edmonds, *Angular Momentum in
Quantum Mechanics*, 1957: its recoupling formulas for tensor products, for operators on one
or on two subsystems, and its reduced elements of Y_L and of the gradient; the equation
numbers given below are from memory, and the signs were fixed by the 3D test), with
numerical radial integrals on the mesh of the radial functions: so they hold for
Hartree-Fock states, bound or box-discretised, as well as for the harmonic-oscillator ones of
the tables. The tests compare every operator with a direct three-dimensional integration.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.special import spherical_jn

from .angular import wigner_3j, wigner_6j, wigner_9j

__all__ = ["OPERATORS", "density_coefficient", "reduced_elements", "spin_coefficient"]

OPERATORS = ("M", "Sigma", "Sigma_p", "Sigma_pp", "Delta", "Delta_p", "Omega")
"""Names of the seven operators: M_J, Σ_J, Σ'_J, Σ''_J, Δ_J, Δ'_J, Ω_J."""

_SQRT6 = np.sqrt(6.0)  # <1/2‖σ‖1/2>


@cache
def _y(l1: int, L: int, l2: int) -> float:
    """<l1‖Y_L‖l2> (Edmonds 5.4.5)."""
    if L < 0 or l1 < 0 or l2 < 0:
        return 0.0
    return (
        (-1) ** l1
        * np.sqrt((2 * l1 + 1) * (2 * L + 1) * (2 * l2 + 1) / (4 * np.pi))
        * wigner_3j(l1, L, l2, 0, 0, 0)
    )


@cache
def _orbital_to_j(la: int, ja: float, lb: int, jb: float, J: int) -> float:
    """<(la 1/2) ja‖X_J‖(lb 1/2) jb> / <la‖X_J‖lb> for X acting on orbital motion only
    (Edmonds 7.1.7)."""
    return (
        (-1) ** round(la + 0.5 + jb + J)
        * np.sqrt((2 * ja + 1) * (2 * jb + 1))
        * wigner_6j(la, ja, 0.5, jb, lb, J)
    )


@cache
def _spin_coefficient(la: int, ja: float, lb: int, jb: float, J: int, L: int) -> float:
    """<a‖[Y_L ⊗ σ]_J‖b> without the radial integral (Edmonds 7.1.5)."""
    return (
        np.sqrt((2 * ja + 1) * (2 * jb + 1) * (2 * J + 1))
        * wigner_9j(la, lb, L, 0.5, 0.5, 1, ja, jb, J)
        * _y(la, L, lb)
        * _SQRT6
    )


@cache
def _gradient_coefficients(la: int, lb: int, J: int, L: int) -> tuple[float, float]:
    """<la‖[Y_L ⊗ ∇]_J‖lb> as c₊ ∫ u_a j_L (u_b' - (lb+1) u_b/r) dr + c₋ ∫ u_a j_L (u_b' +
    lb u_b/r) dr, the intermediate orbital being lb + 1 and lb - 1 (Edmonds 7.1.1, with
    <lb+1‖∇‖lb> = √(lb+1) (d/dr - lb/r) and <lb-1‖∇‖lb> = -√lb (d/dr + (lb+1)/r),
    Edmonds 5.9.16-17, on the radial function u_b/r)."""
    phase = (-1) ** (J + la + lb) * np.sqrt(2 * J + 1)
    up = phase * wigner_6j(L, 1, J, lb, la, lb + 1) * _y(la, L, lb + 1) * np.sqrt(lb + 1)
    down = 0.0
    if lb > 0:
        down = phase * wigner_6j(L, 1, J, lb, la, lb - 1) * _y(la, L, lb - 1) * -np.sqrt(lb)
    return up, down


def density_coefficient(la: int, ja: float, lb: int, jb: float, J: int) -> float:
    """<a‖Y_J‖b>: the angular part of <a‖M_J‖b> (its radial integral left out)."""
    return _orbital_to_j(la, ja, lb, jb, J) * _y(la, J, lb)


def spin_coefficient(la: int, ja: float, lb: int, jb: float, J: int, L: int) -> float:
    """<a‖[Y_L ⊗ σ]_J‖b>: the angular part of <a‖M_JL·σ‖b>."""
    return _spin_coefficient(la, ja, lb, jb, J, L)


def _kappa(l: int, j: float) -> float:  # noqa: E741
    """The eigenvalue of σ·L on [Y_l χ]_j."""
    return j * (j + 1) - l * (l + 1) - 0.75


def reduced_elements(pairs, r_fm: np.ndarray, q_fm: np.ndarray, J: int) -> dict:
    """<a‖O_J(q)‖b> for the pairs [(a, b), ...] of orbitals (objects with ``l``, ``j``,
    ``u``, ``du`` on the mesh ``r_fm``, as :class:`~cevns.nuclear.skyrme.basis.Orbital`), the
    momentum transfers ``q_fm`` (fm⁻¹, > 0) and the multipole ``J``: a dict from the names of
    :data:`OPERATORS` to arrays (pairs, q). Operators without a J = 0 form (Σ, Σ', Δ, Δ')
    vanish there."""
    q = np.atleast_1d(np.asarray(q_fm, dtype=float))
    h = float(r_fm[1] - r_fm[0])
    P = len(pairs)
    ua = np.array([a.u for a, _ in pairs]).reshape(P, -1)
    ub = np.array([b.u for _, b in pairs]).reshape(P, -1)
    dub = np.array([b.du for _, b in pairs]).reshape(P, -1)
    lb = np.array([b.l for _, b in pairs], dtype=float)[:, None]
    kb = np.array([_kappa(b.l, b.j) for _, b in pairs])[:, None]
    over_r = ub / r_fm
    bessel = {L: spherical_jn(L, np.outer(r_fm, q)) * h for L in range(max(J - 1, 0), J + 2)}

    def radial(g, L):  # ∫ u_a j_L(qr) g dr, shape (P, q)
        return (ua * g) @ bessel[L]

    plain = {L: radial(ub, L) for L in bessel}
    grad_up = {L: radial(dub - (lb + 1) * over_r, L) for L in bessel}
    grad_down = {L: radial(dub + lb * over_r, L) for L in bessel}
    omega = radial(dub - (1 + kb) * over_r, J)

    out = {name: np.zeros((P, q.size)) for name in OPERATORS}
    wp, wm = np.sqrt(J / (2 * J + 1)), np.sqrt((J + 1) / (2 * J + 1))
    for k, (a, b) in enumerate(pairs):
        la, ja, lb_, jb = a.l, a.j, b.l, b.j
        out["M"][k] = density_coefficient(la, ja, lb_, jb, J) * plain[J][k]
        # Ω: σ·∇ (u/r Ω_lj) = -(u' - (1 + κ) u/r)/r Ω_l̄j with l̄ = 2j - l
        lbar = round(2 * jb - lb_)
        out["Omega"][k] = -_orbital_to_j(la, ja, lbar, jb, J) * _y(la, J, lbar) * omega[k] / q
        spin, grad = {}, {}
        for L in range(max(J - 1, 0), J + 2):
            spin[L] = _spin_coefficient(la, ja, lb_, jb, J, L) * plain[L][k]
            up, down = _gradient_coefficients(la, lb_, J, L)
            orbital = _orbital_to_j(la, ja, lb_, jb, J)
            grad[L] = orbital * (up * grad_up[L][k] + down * grad_down[L][k]) / q
        if J == 0:
            out["Sigma_pp"][k] = spin[1]
            continue
        out["Sigma"][k] = spin[J]
        out["Sigma_p"][k] = -wp * spin[J + 1] + wm * spin[J - 1]
        out["Sigma_pp"][k] = wm * spin[J + 1] + wp * spin[J - 1]
        out["Delta"][k] = grad[J]
        out["Delta_p"][k] = -wp * grad[J + 1] + wm * grad[J - 1]
    return out
