"""Centre-of-mass energy -<P²>/2mA against exact results: harmonic-oscillator closed shells,
a BCS state built explicitly in Fock space, and closed forms of 6j symbols."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.special import eval_genlaguerre

from cevns.nuclear.skyrme.centre_of_mass import (
    centre_of_mass_energy,
    gradient_reduced_squared,
    momentum_squared,
    wigner_6j,
)

HBAR2_2M = 20.73553  # MeV fm²


def test_6j_closed_forms():
    # {a b c; 0 c b} = (-1)^(a+b+c) / sqrt((2b+1)(2c+1))  (Edmonds 1957, Eq. 6.3.2)
    for a, b, c in [(1, 1, 1), (0.5, 1.5, 1), (2, 1.5, 0.5), (3, 2, 2)]:
        expected = (-1) ** round(a + b + c) / np.sqrt((2 * b + 1) * (2 * c + 1))
        assert wigner_6j(a, b, c, 0, c, b) == pytest.approx(expected, rel=1e-12)
    assert wigner_6j(1, 1, 1, 1, 1, 1) == pytest.approx(1 / 6, rel=1e-12)
    assert wigner_6j(1, 1, 3, 1, 1, 1) == 0.0  # (1, 1, 3) is no triad


def test_6j_orthogonality():
    # Σ_x (2x+1)(2f+1) {a b x; c d f}{a b x; c d g} = δ_fg  (Edmonds 1957, Eq. 6.2.9)
    a, b, c, d = 2, 1.5, 1.5, 1
    fs = [1, 2, 3]
    for f, g in itertools.product(fs, fs):
        total = sum(
            (2 * x + 1) * (2 * f + 1) * wigner_6j(a, b, x, c, d, f) * wigner_6j(a, b, x, c, d, g)
            for x in np.arange(0.5, 4.0, 1.0)
        )
        assert total == pytest.approx(float(f == g), abs=1e-12)


def _oscillator_shells(n_max: int, b: float, r: np.ndarray, h: float) -> list:
    """Filled HO shells N = 0..n_max as (l, j, u, u', occupation), u ∝ r^(l+1) e^(-r²/2b²)
    L_n^(l+1/2)(r²/b²)."""
    out = []
    for shell in range(n_max + 1):
        for l in range(shell % 2, shell + 1, 2):  # noqa: E741

            def radial(x, n=(shell - l) // 2, l=l):  # noqa: E741
                return x ** (l + 1) * np.exp(-x * x / 2) * eval_genlaguerre(n, l + 0.5, x * x)

            norm = np.sqrt(h * np.sum(radial(r / b) ** 2))
            u = radial(r / b) / norm
            step = 1e-5  # central difference of the closed form, error ~ step²
            du = (radial((r + step) / b) - radial((r - step) / b)) / (2 * step * norm)
            for j in (l + 0.5, l - 0.5) if l else (0.5,):
                out.append((l, j, u, du, 2 * j + 1))
    return out


@pytest.mark.parametrize("n_max, A", [(1, 16), (2, 40), (3, 80)])
def test_oscillator_closed_shells_give_three_quarters_hbar_omega(n_max, A):
    """A closed-shell HO determinant has its centre of mass in the 0s state, so
    E_cm = -3/4 ħω exactly, while the one-body part alone is -<T>/A = -Σ(N+3/2)ħω/2A."""
    h, b = 0.005, 1.8
    r = h * np.arange(1, 4001)
    hbar_omega = 2 * HBAR2_2M / b**2
    shells = _oscillator_shells(n_max, b, r, h)
    one, two = centre_of_mass_energy([(shells, False), (shells, False)], r, h, HBAR2_2M, A)
    kinetic = sum(
        2 * (2 * j + 1) * (shell + 1.5) * hbar_omega / 2
        for shell in range(n_max + 1)
        for l in range(shell % 2, shell + 1, 2)  # noqa: E741
        for j in ((l + 0.5, l - 0.5) if l else (0.5,))
    )
    assert one == pytest.approx(-kinetic / A, rel=1e-6)
    assert one + two == pytest.approx(-0.75 * hbar_omega, rel=1e-6)


def _fock_operators(modes: int) -> list:
    """Annihilation operators of ``modes`` fermion modes (Jordan-Wigner), dense matrices."""
    lower = np.array([[0.0, 1.0], [0.0, 0.0]])
    sign = np.diag([1.0, -1.0])
    ops = []
    for k in range(modes):
        m = np.array([[1.0]])
        for i in range(modes):
            m = np.kron(m, sign if i < k else (lower if i == k else np.eye(2)))
        ops.append(m)
    return ops


@pytest.mark.parametrize("seed", [1, 2])
def test_bcs_formula_matches_fock_space(seed):
    """<P²> of a BCS state Π(u + v a†_k↑ a†_k↓)|0> computed by brute force in Fock space
    (P = Σ p_kl a†_k a_l with a Hermitian, purely imaginary p, as for real orbitals) equals
    the canonical-basis formula, pairing term included; without pairing (v = 0 or 1) it is
    the Slater-determinant formula."""
    rng = np.random.default_rng(seed)
    orbitals = 3
    c = _fock_operators(2 * orbitals)
    antisymmetric = rng.normal(size=(orbitals, orbitals))
    p = -1j * (antisymmetric - antisymmetric.T)
    P = sum(
        p[a, b] * c[2 * a + s].T @ c[2 * b + s]
        for a in range(orbitals)
        for b in range(orbitals)
        for s in (0, 1)
    )
    p_states = np.kron(p, np.eye(2))  # state k = (orbital, spin)
    for v, paired in ((rng.uniform(0.2, 0.9, orbitals), True), (np.array([1.0, 0, 1]), False)):
        u = np.sqrt(1 - v**2)
        psi = np.zeros(2 ** (2 * orbitals))
        psi[0] = 1.0
        for a in range(orbitals):
            psi = u[a] * psi + v[a] * (c[2 * a].T @ c[2 * a + 1].T @ psi)
        exact = float(np.real(psi @ P @ P @ psi))
        v2 = np.repeat(v**2, 2)
        one_body = float(np.sum(v2 * np.real(np.diag(p_states @ p_states))))
        formula = momentum_squared(one_body, v2, np.abs(p_states) ** 2, paired)
        assert formula == pytest.approx(exact, rel=1e-12)


def test_gradient_matrix_element_is_symmetric():
    h = 0.01
    r = h * np.arange(1, 2001)
    shells = _oscillator_shells(2, 2.0, r, h)
    for (la, ja, ua, dua, _), (lb, jb, ub, dub, _) in itertools.product(shells, shells):
        if la == lb + 1:
            ab = gradient_reduced_squared(ua, la, ja, ub, lb, jb, dub, r, h)
            ba = gradient_reduced_squared(ub, lb, jb, ua, la, ja, dua, r, h)
            assert ab == pytest.approx(ba, rel=1e-3)
