"""Charge-exchange random-phase approximation on the Skyrme Hartree-Fock basis.

The excitations of the daughter nucleus reached by a charged-current neutrino (the t₋
direction, a neutron turned into a proton) or antineutrino (t₊) are the RPA states built on
the particle-hole pairs of the HF basis of :mod:`.basis`: for t₋ every pair (proton π,
neutron ν) with occupations n_ν ≠ n_π, of unperturbed energy Δ = ε_π - ε_ν and weight
w = n_ν - n_π (pairs with w < 0 are the backward, t₊, ones). With the free response
χ₀(ω) = Σ w ⟨π‖F‖ν⟩² / ((2J+1)(ω - Δ)) and a residual interaction V, the RPA response is
χ = χ₀ + χ₀ V χ. In the pair space, with s = sign w and K = g V gᵀ (g the transition
densities times √abs(w)), its poles are the eigenvalues of the pencil

    (Δ s + K) Z = ω s Z,      Zᵀ s Z = η = ±1,

and χ_F(ω) = Σ_ν η_ν (Σ_P √abs(w_P) F_P Z_P)² / (ω - ω_ν). Because the pair space is complete
on the mesh, Σ_ν η_ν ⟨ν‖F‖0⟩² = Σ_P w_P F_P² exactly: the Fermi (N - Z) and Ikeda
(3(N - Z)) sum rules of the RPA are those of the HF ground state.

The residual interaction is the isovector part of the same Skyrme functional, in the
isospin-invariant charge-exchange form 4 C₁(ρ₀(r)) δ(r₁ - r₂) [1 and σ₁·σ₂]:

    C₁^ρ = -t₀(1/2 + x₀)/4 - t₃(1/2 + x₃) ρ₀^α / 24,      C₁^s = -t₀/8 - t₃ ρ₀^α / 48

(the coupling constants of the Skyrme energy density in isoscalar-isovector form: M. Bender,
J. Dobaczewski, J. Engel, W. Nazarewicz, Phys. Rev. C 65, 054322 (2002); we could not read
its equation numbers here; the C_t follow from the t₀, t₃ energy density of :mod:`.hf`
rewritten in ρ₀, ρ₁; the factor 4 from ρ_x² + ρ_y² = 4 ρ₊ρ₋ for unit t± matrix elements).
The
momentum-dependent (t₁, t₂), spin-orbit and Coulomb terms of the residual interaction are
left out: the response is then not fully self-consistent, which moves the analog and
Gamow-Teller states by about an MeV but leaves the sum rules exact. For SLy4 the spin-isospin
Landau parameter of this interaction is G₀' = 0.90 at saturation.

Open shells: the ground state is the HF + BCS one with its occupations entering only through
the weights w (an RPA on fractional occupations, not a quasiparticle RPA); the ground state
of an odd nucleus is treated the same way, as a spherical state with J = 0. Near the Fermi
surface of an open shell a few pairs of partly filled orbitals have an energy ordering against
their occupation ordering (w and Δ of opposite sign, abs(Δ) of an MeV or two); they keep their
weight and are given the unperturbed energy s·abs(Δ), on the side of their weight, where a
quasiparticle RPA would put them at E_π + E_ν. With that, Δ s + K is positive definite for
these repulsive couplings and the pencil is solved as a symmetric problem.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...errors import CevnsInputError, ConvergenceError
from ..multipoles import density_coefficient, reduced_elements, spin_coefficient
from .basis import SingleParticleBasis

__all__ = [
    "RPAStates",
    "charge_exchange_rpa",
    "isovector_couplings",
    "like_particle_couplings",
    "like_particle_rpa",
]


def isovector_couplings(parameters, rho0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(C₁^ρ, C₁^s) in MeV fm³ at the isoscalar density ``rho0`` (fm⁻³); module docstring."""
    p = parameters
    dens = np.maximum(rho0, 0.0) ** p.alpha
    c_rho = -p.t0 * (0.5 + p.x0) / 4 - p.t3 * (0.5 + p.x3) * dens / 24
    c_spin = -p.t0 / 8 - p.t3 * dens / 48
    return c_rho, c_spin


@dataclass(frozen=True, eq=False)
class RPAStates:
    """The RPA states of one multipole ``J`` and ``parity`` (+1/-1) in the ``direction`` "-"
    (t₋, neutrino CC) or "+" (t₊): energies ``energies_MeV`` (ω, MeV, the energy of the final
    nucleus above the target's in the model, without the neutron-proton mass difference),
    norms ``norms`` (η = +1 for states of the given direction, -1 for the other), and the
    amplitudes ``Z`` (states × pairs) over ``pairs`` [(final orbital, initial orbital)] with
    weights ``weights``."""

    J: int
    parity: int
    direction: str
    energies_MeV: np.ndarray
    norms: np.ndarray
    Z: np.ndarray
    pairs: tuple
    weights: np.ndarray
    r_fm: np.ndarray

    def amplitudes(self, q_fm, roles=None) -> dict:
        """⟨ν‖O_J(q)‖0⟩ of the seven operators of :mod:`cevns.nuclear.multipoles`, an array
        (states, q) per operator name. ``roles``: {name: (operator, weights per pair)} gives
        instead the amplitudes of those weighted sums (a coupling per nucleon kind)."""
        elements = reduced_elements(self.pairs, self.r_fm, q_fm, self.J)
        scale = np.sqrt(np.abs(self.weights))[:, None]
        if roles is None:
            return {name: self.Z @ (scale * value) for name, value in elements.items()}
        return {
            name: self.Z @ (scale * np.asarray(weights)[:, None] * elements[operator])
            for name, (operator, weights) in roles.items()
        }

    def strength(self, pair_elements: np.ndarray) -> np.ndarray:
        """η_ν ⟨ν‖F‖0⟩² of an operator given by its reduced elements on the pairs."""
        amplitude = self.Z @ (np.sqrt(np.abs(self.weights)) * np.asarray(pair_elements))
        return self.norms * amplitude**2


def _pairs(basis: SingleParticleBasis, J: int, parity: int, direction: str, hole=None) -> list:
    final, initial = ("proton", "neutron") if direction == "-" else ("neutron", "proton")
    out = []
    for a in basis.of(final):
        for b in basis.of(initial):
            if hole is not None and (b.n, b.l, b.j) != (hole.n, hole.l, hole.j):
                continue
            if abs(b.occupation - a.occupation) < 1e-10:
                continue
            if (-1) ** (a.l + b.l) != parity or not abs(a.j - b.j) <= J <= a.j + b.j:
                continue
            out.append((a, b))
    return out


def charge_exchange_rpa(
    basis: SingleParticleBasis,
    parameters,
    rho0: np.ndarray,
    J: int,
    parity: int,
    direction: str = "-",
    residual: bool = True,
    hole=None,
) -> RPAStates:
    """The RPA states of multipole ``J``, ``parity`` on ``basis`` (its Skyrme ``parameters``
    and isoscalar density ``rho0`` on the basis mesh give the residual interaction; with
    ``residual=False`` the unperturbed particle-hole states). ``hole``: an orbital of the
    initial kind; only the pairs it starts from are kept (the free response is the sum of
    these parts, so only with ``residual=False``)."""
    if hole is not None and residual:
        raise CevnsInputError("a response resolved by hole is the free one: residual=False")
    if direction not in ("-", "+"):
        raise CevnsInputError(f"direction must be '-' (t-, neutrino) or '+', got {direction!r}")
    if parity not in (1, -1) or int(J) != J or J < 0:
        raise CevnsInputError(f"need an integer J >= 0 and parity +1 or -1, got {J}, {parity}")
    pairs = _pairs(basis, int(J), int(parity), direction, hole)
    r, h = basis.r_fm, basis.mesh_fm
    if not pairs:
        empty = np.zeros(0)
        return RPAStates(J, parity, direction, empty, empty, np.zeros((0, 0)), (), empty, r)
    weights = np.array([b.occupation - a.occupation for a, b in pairs])
    delta = np.array([a.energy_MeV - b.energy_MeV for a, b in pairs])
    s = np.sign(weights)
    C = np.diag(np.abs(delta))  # Δ s, with abs(Δ) for the few pairs ordered against (docstring)
    if residual:
        C = C + _interaction(pairs, weights, parameters, rho0, r, h, int(J), int(parity))
    energies, Z, norm = _solve(C, s, int(J), int(parity), float(np.max(np.abs(delta))))
    order = np.argsort(energies)
    return RPAStates(
        int(J),
        int(parity),
        direction,
        energies[order],
        norm[order],
        Z[:, order].T,
        tuple(pairs),
        weights,
        r,
    )


def _solve(C: np.ndarray, s: np.ndarray, J: int, parity: int, scale: float):
    """Energies ω, S-normalised vectors Z (columns) and norms η of C Z = ω s Z. When C is
    positive definite (a stable RPA whose unperturbed energies have the signs of their
    weights) C = L Lᵀ turns this into the symmetric problem Lᵀ s L y = ω y, Z = L⁻ᵀ y with
    Zᵀ s Z = 1/ω: several times faster than a general eigensolver. Otherwise the general one."""
    from scipy.linalg import cholesky, eigh, solve_triangular

    try:
        L = cholesky(C, lower=True)
    except np.linalg.LinAlgError:
        L = None
    if L is not None:
        energies, y = eigh(L.T @ (s[:, None] * L), driver="evd")
        Z = solve_triangular(L.T, y, lower=False) * np.sqrt(np.abs(energies))
        return energies, Z, np.sign(energies)
    energies, Z = np.linalg.eig(s[:, None] * C)
    if np.max(np.abs(energies.imag), initial=0.0) > 1e-6 * max(1.0, scale):
        raise ConvergenceError(
            f"the RPA for J={J}, parity {parity:+d} is unstable (complex energies)", np.nan
        )
    energies, Z = energies.real, Z.real
    norm = np.einsum("pk,p,pk->k", Z, s, Z)
    return energies, Z / np.sqrt(np.abs(norm)), np.sign(norm)


def _interaction(pairs, weights, parameters, rho0, r, h, J, parity) -> np.ndarray:
    """K = g V gᵀ of the module docstring: Σ over the density (natural parity) and spin
    channels of the transition densities √abs(w) A u_a u_b / r², with 4 C₁ δ(r₁ - r₂)/(2J+1)."""
    c_rho, c_spin = isovector_couplings(parameters, rho0)
    groups = [np.arange(len(pairs))]
    return _contact_kernel(pairs, weights, groups, {(0, 0): 4 * c_rho}, {(0, 0): 4 * c_spin},
                           r, h, J, parity)  # fmt: skip


def _contact_kernel(pairs, weights, groups, density, spin, r, h, J, parity) -> np.ndarray:
    """Σ_channels g_P V_(group P, group Q)(r) g_Q / (2J+1) integrated over r, for a contact
    interaction whose strengths ``density`` and ``spin`` (MeV fm³, arrays over r) are given per
    pair of groups (index arrays of ``pairs``); g = √abs(w) A u_a u_b / r (A the angular
    factor of the channel)."""
    radial = np.array([a.u * b.u for a, b in pairs]) * np.sqrt(np.abs(weights))[:, None]
    channels = []
    if parity == (-1) ** J:
        angular = [density_coefficient(a.l, a.j, b.l, b.j, J) for a, b in pairs]
        channels.append((density, angular))
    for L in range(max(J - 1, 0), J + 2):
        if (-1) ** L != parity:
            continue
        channels.append((spin, [spin_coefficient(a.l, a.j, b.l, b.j, J, L) for a, b in pairs]))
    K = np.zeros((len(pairs), len(pairs)))
    for strengths, angular in channels:
        g = np.asarray(angular)[:, None] * radial
        for (i, j), strength in strengths.items():
            rows, cols = groups[i], groups[j]
            K[np.ix_(rows, cols)] += (g[rows] * (strength * h / r**2)) @ g[cols].T
    return K / (2 * J + 1)


def like_particle_couplings(parameters, rho0: np.ndarray, rho1: np.ndarray) -> tuple[dict, dict]:
    """The second derivatives of the t₀/t₃ Skyrme energy density with respect to the proton
    and neutron densities (``rho0`` = ρ_n + ρ_p, ``rho1`` = ρ_n - ρ_p, fm⁻³): the residual
    contact strengths {(q, q'): array} of the density and spin channels, q = 0 proton, 1
    neutron (MeV fm³). E = Σ_t C_t^ρ(ρ₀) ρ_t² + C_t^s(ρ₀) s_t² with the couplings of Bender et
    al. (PRC 65, 054322 (2002)), C₀^ρ = 3t₀/8 + t₃ρ₀^α/16, C₀^s = -t₀(1/2 - x₀)/4 -
    t₃(1/2 - x₃)ρ₀^α/24, and C₁ of :func:`isovector_couplings`; with τ_q = -1 (proton), +1
    (neutron), ∂²E/∂ρ_q∂ρ_q' = 2C₀ + 4C₀'ρ₀ + C₀''ρ₀² + C₁''ρ₁² + τ_q τ_q' 2C₁ + (τ_q + τ_q')
    2C₁'ρ₁ (' = d/dρ₀: the rearrangement terms of the density dependence) and 2C₀^s + τ_q τ_q'
    2C₁^s for the spin densities, which vanish in the ground state."""
    p = parameters
    x = np.maximum(rho0, 1e-12)
    a = p.alpha
    d0, d1, d2 = x**a, a * x ** (a - 1), a * (a - 1) * x ** (a - 2)
    c0 = 3 * p.t0 / 8 + p.t3 * d0 / 16
    c0_1, c0_2 = p.t3 * d1 / 16, p.t3 * d2 / 16
    b1 = -p.t3 * (0.5 + p.x3) / 24
    c1_rho, c1_spin = isovector_couplings(p, rho0)
    c1_1, c1_2 = b1 * d1, b1 * d2
    c0_spin = -p.t0 * (0.5 - p.x0) / 4 - p.t3 * (0.5 - p.x3) * d0 / 24
    isoscalar = 2 * c0 + 4 * c0_1 * rho0 + c0_2 * rho0**2 + c1_2 * rho1**2
    tau = (-1.0, 1.0)
    density, spin = {}, {}
    for q in (0, 1):
        for qq in (0, 1):
            density[(q, qq)] = (
                isoscalar + tau[q] * tau[qq] * 2 * c1_rho + (tau[q] + tau[qq]) * 2 * c1_1 * rho1
            )
            spin[(q, qq)] = 2 * c0_spin + tau[q] * tau[qq] * 2 * c1_spin
    return density, spin


def like_particle_rpa(
    basis: SingleParticleBasis,
    parameters,
    rho0: np.ndarray,
    rho1: np.ndarray,
    J: int,
    parity: int,
    residual: bool = True,
    hole=None,
    isoscalar: bool = False,
) -> RPAStates:
    """The RPA states of multipole ``J``, ``parity`` for excitations that keep the charge (the
    neutral current): proton → proton and neutron → neutron pairs, every ordered pair (a, b)
    of one kind with n_b ≠ n_a, weight w = n_b - n_a and energy Δ = ε_a - ε_b (those with w < 0
    are the backward ones), solved as the pencil of the module docstring with the contact
    strengths of :func:`like_particle_couplings` (``rho0`` = ρ_n + ρ_p, ``rho1`` = ρ_n - ρ_p on
    the basis mesh). The Coulomb interaction between the protons of a pair is left out of the
    residual interaction. ``hole`` as in :func:`charge_exchange_rpa` (an orbital; its kind
    counts). The result's ``direction`` is "0".

    ``isoscalar``: by default only the isovector part of the interaction acts (τ_q τ_q' 2C₁).
    The t₀/t₃ isoscalar part alone is too attractive: without the momentum-dependent t₁, t₂
    terms its Landau parameter is F₀ ≈ -1.2 for SLy4 at saturation, past the stability limit
    -1, and the RPA collapses (complex energies). So isoscalar correlations (the collective
    low-lying 2⁺, 3⁻ states) are left out; the neutral current's axial and magnetic parts are
    isovector up to the small strange axial charge."""
    if hole is not None and residual:
        raise CevnsInputError("a response resolved by hole is the free one: residual=False")
    if parity not in (1, -1) or int(J) != J or J < 0:
        raise CevnsInputError(f"need an integer J >= 0 and parity +1 or -1, got {J}, {parity}")
    J, parity = int(J), int(parity)
    pairs, groups = [], ([], [])
    for q, kind in enumerate(("proton", "neutron")):
        orbitals = basis.of(kind)
        for b in orbitals:
            if hole is not None and (b.kind, b.n, b.l, b.j) != (hole.kind, hole.n, hole.l, hole.j):
                continue
            for a in orbitals:
                if a is b or abs(b.occupation - a.occupation) < 1e-10:
                    continue
                if (-1) ** (a.l + b.l) != parity or not abs(a.j - b.j) <= J <= a.j + b.j:
                    continue
                groups[q].append(len(pairs))
                pairs.append((a, b))
    r, h = basis.r_fm, basis.mesh_fm
    if not pairs:
        empty = np.zeros(0)
        return RPAStates(J, parity, "0", empty, empty, np.zeros((0, 0)), (), empty, r)
    weights = np.array([b.occupation - a.occupation for a, b in pairs])
    delta = np.array([a.energy_MeV - b.energy_MeV for a, b in pairs])
    s = np.sign(weights)
    C = np.diag(np.abs(delta))
    if residual:
        density, spin = like_particle_couplings(parameters, rho0, rho1)
        if not isoscalar:
            c1_rho, c1_spin = isovector_couplings(parameters, rho0)
            tau = (-1.0, 1.0)
            density = {k: tau[k[0]] * tau[k[1]] * 2 * c1_rho for k in density}
            spin = {k: tau[k[0]] * tau[k[1]] * 2 * c1_spin for k in spin}
        index = [np.array(g, dtype=np.intp) for g in groups]
        C = C + _contact_kernel(pairs, weights, index, density, spin, r, h, J, parity)
    energies, Z, norm = _solve(C, s, J, parity, float(np.max(np.abs(delta))))
    order = np.argsort(energies)
    return RPAStates(
        J, parity, "0", energies[order], norm[order], Z[:, order].T, tuple(pairs), weights, r
    )
