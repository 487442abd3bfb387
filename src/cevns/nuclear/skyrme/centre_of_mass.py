"""Centre-of-mass energy of a spherical Hartree-Fock (+BCS) ground state.

The spurious kinetic energy of the centre of mass, E_cm = -<P²>/(2 m A) with P = Σ_i p_i
(M. Bender, P.-H. Heenen, P.-G. Reinhard, Rev. Mod. Phys. 75 (2003) 121, arXiv:nucl-th/0210037;
M. Bender, K. Rutz, P.-G. Reinhard, J. A. Maruhn, Eur. Phys. J. A 7 (2000) 467,
arXiv:nucl-th/9910025). For a Slater determinant or a BCS state in its canonical basis, Wick's
theorem gives (the pairing term's sign is checked against an explicit Fock-space calculation
in tests/test_centre_of_mass.py)

    <P²> = Σ_k v_k² (p²)_kk - Σ_kl (v_k² v_l² + u_k v_k u_l v_l) |<k|p|l>|²,

where the first (one-body) term is ħ² ∫ τ d³r and the second (two-body, exchange and
pairing) runs over pairs of states of the same kind of nucleon. In a spherical basis the sum
over magnetic substates of |<k|p|l>|² is ħ² |<a||∇||b>|², the reduced matrix element in the
(l 1/2) j coupling (A. R. Edmonds, Angular Momentum in Quantum Mechanics (1957), Eqs. 5.7.1
and 7.1.7):

    <(l_a ½) j_a || ∇ || (l_b ½) j_b> = ± sqrt((2j_a+1)(2j_b+1)) {l_a j_a ½; j_b l_b 1}
                                        <l_a || ∇ || l_b>,
    <l+1 || ∇ || l> = sqrt(l+1) ∫ u_a (u_b' - (l+1) u_b / r) dr,
    <l-1 || ∇ || l> = -sqrt(l)  ∫ u_a (u_b' + l u_b / r) dr,

for radial functions u = r R normalised to ∫ u² dr = 1.
"""

from __future__ import annotations

from math import factorial, sqrt

import numpy as np

__all__ = ["wigner_6j", "momentum_squared", "gradient_reduced_squared", "centre_of_mass_energy"]


def _triangle(a2: int, b2: int, c2: int) -> float | None:
    """Δ(abc) of Racah's formula for doubled arguments, or None if (a, b, c) is no triad."""
    s = (a2 + b2 + c2) // 2
    if (a2 + b2 + c2) % 2 or min(s - a2, s - b2, s - c2) < 0:
        return None
    return sqrt(factorial(s - a2) * factorial(s - b2) * factorial(s - c2) / factorial(s + 1))


def wigner_6j(a: float, b: float, c: float, d: float, e: float, f: float) -> float:
    """The 6j symbol {a b c; d e f} for integer or half-integer arguments (Racah's formula,
    Edmonds 1957, Eq. 6.3.7)."""
    a2, b2, c2, d2, e2, f2 = (round(2 * x) for x in (a, b, c, d, e, f))
    triads = [(a2, b2, c2), (a2, e2, f2), (d2, b2, f2), (d2, e2, c2)]
    deltas = [_triangle(*t) for t in triads]
    if any(x is None for x in deltas):
        return 0.0
    sums = [sum(t) // 2 for t in triads]
    caps = [(a2 + b2 + d2 + e2) // 2, (b2 + c2 + e2 + f2) // 2, (c2 + a2 + f2 + d2) // 2]
    total = 0.0
    for t in range(max(sums), min(caps) + 1):
        denominator = 1
        for x in [t - s for s in sums] + [cap - t for cap in caps]:
            denominator *= factorial(x)
        total += (-1) ** t * factorial(t + 1) / denominator
    return float(np.prod(deltas) * total)


def momentum_squared(one_body: float, v2, overlap2, paired: bool) -> float:
    """<P²> (in the units of the inputs) of a BCS state or Slater determinant.

    ``one_body`` = Σ_k v_k² (p²)_kk; ``v2``: occupation probabilities v² of groups of states
    with a common occupation (single states or spherical shells); ``overlap2[a, b]``: Σ
    |<k|p|l>|² over k in group a and l in group b; ``paired``: include the u v u v pairing
    term (BCS) or not (Slater determinant, filling approximation)."""
    v2 = np.asarray(v2, dtype=float)
    weights = np.outer(v2, v2)
    if paired:
        uv = np.sqrt(np.clip(v2 * (1.0 - v2), 0.0, None))
        weights = weights + np.outer(uv, uv)
    return float(one_body - np.sum(weights * np.asarray(overlap2)))


def gradient_reduced_squared(
    u_a: np.ndarray, l_a: int, j_a: float, u_b: np.ndarray, l_b: int, j_b: float, du_b, r, h
) -> float:
    """|<a||∇||b>|² (fm⁻²) of two spherical orbitals with radial functions u_a, u_b on the
    mesh r (step h; ``du_b`` = u_b'), summed over all magnetic substates of both."""
    if abs(l_a - l_b) != 1:
        return 0.0
    if l_a == l_b + 1:
        radial = (l_b + 1) * (h * np.sum(u_a * (du_b - (l_b + 1) * u_b / r))) ** 2
    else:
        radial = l_b * (h * np.sum(u_a * (du_b + l_b * u_b / r))) ** 2
    angular = (2 * j_a + 1) * (2 * j_b + 1) * wigner_6j(l_a, j_a, 0.5, j_b, l_b, 1) ** 2
    return float(angular * radial)


def centre_of_mass_energy(kinds, r, h: float, hbar2_2m: float, A: int) -> tuple[float, float]:
    """(one-body, two-body) parts of E_cm = -<P²>/(2 m A) in MeV.

    ``kinds``: for each kind of nucleon, ``(orbitals, paired)`` with orbitals a list of
    ``(l, j, u, du, occupation)`` (u normalised to ∫ u² dr = 1 on the mesh r of step h, du
    its derivative, occupation the number of nucleons in the shell, at most 2j+1) and paired
    whether the occupations are BCS ones. ``hbar2_2m`` in MeV fm²."""
    one_body = two_body = 0.0
    for orbitals, paired in kinds:
        v2 = np.array([occ / (2 * j + 1) for _, j, _, _, occ in orbitals])
        kinetic = sum(  # ∫ |∇φ|² d³r, in the form that vanishes at r = 0 (as τ does)
            occ * h * np.sum((du - u / r) ** 2 + l * (l + 1) * u**2 / r**2)
            for l, _, u, du, occ in orbitals  # noqa: E741
        )
        overlap2 = np.zeros((len(orbitals), len(orbitals)))
        for a, (la, ja, ua, _, _) in enumerate(orbitals):
            for b, (lb, jb, ub, dub, _) in enumerate(orbitals):
                if la == lb + 1:  # the (b, a) element is the same number
                    overlap2[a, b] = overlap2[b, a] = gradient_reduced_squared(
                        ua, la, ja, ub, lb, jb, dub, r, h
                    )
        one_body += kinetic
        two_body += momentum_squared(kinetic, v2, overlap2, paired) - kinetic
    scale = -hbar2_2m / A
    return scale * one_body, scale * two_body
