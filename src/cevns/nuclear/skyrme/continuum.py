"""Continuum RPA: strength functions, charge exchange and neutral current, with the particle
continuum treated by the single-particle Green's function (outgoing waves) instead of a box.

The free response of a local operator is written with the Green's function of the HF
Hamiltonian, G_lj(r, r'; E) = (E - h_lj)⁻¹, rather than a sum over box states (the continuum
RPA of S. Shlomo and G. F. Bertsch, Nucl. Phys. A 243, 507 (1975); volume and page from
memory, we could not confirm them or an equation number here). For the pairs (a, b) of
:mod:`.rpa` with weight w = n_b - n_a,

    χ₀(z) = Σ_ab w X_ab Y_ab / (z - ε_a + ε_b)
          = Σ_b n_b x_bᵀ G_final(ε_b + z) y_b + Σ_a n_a x_aᵀ G_initial(ε_a - z) y_a,

the first sum over the occupied orbitals b of the initial kind (the particle of either kind
moves in the whole continuum of its (l, j) channel), the second over the occupied orbitals a
of the final kind; the Pauli-forbidden pairs, both occupied, cancel between the two. For the
neutral current both kinds are initial and final at once: the pairs (proton, proton) and
(neutron, neutron) of :func:`.rpa.like_particle_rpa`, each kind in its own block of
channels, the blocks coupled by the isovector interaction τ_q τ_q' 2 C₁. G is
built from the regular solution of the radial equation and the one that decays at infinity
(outgoing for Im E > 0), G = φ_reg(r<) φ_out(r>) / W, solved with Numerov's method on the HF
mesh after the substitution u = φ / √f that removes the effective mass (f = ħ²/2m*):

    φ'' = [(U + f'/r + f l(l+1)/r² + κ W/r - E)/f - f'²/(4f²) + f''/(2f)] φ

(the radial equation of :mod:`.hf`). The outgoing solution starts 60 fm beyond the HF box
from its WKB form, where the fields are the Coulomb tail and the centrifugal term. On the
mesh, ∫ G(r, r') g(r') dr' is a trapezoid sum whose error at the cusp r' = r, where ∂G/∂r'
jumps by 1/f, is h² g(r)/(12 f(r)); it is added to the diagonal of G. Without it χ₀ keeps a
constant part at large ω and the RPA loses 0.2 % of the Fermi sum rule.

The residual interaction is the contact one of :mod:`.rpa` (4 C₁ δ(r₁ - r₂) [1, σ₁·σ₂]), so
the RPA is solved in coordinate space: with x = (channel, r_i) over the density and spin
channels of the multipole and the HF mesh, and v_x = h V_c(r_i) / (2J + 1),

    χ(z) = (1 - χ₀(z) v)⁻¹ χ₀(z),      S(ω) = -Im φᵀ χ(ω + iΓ/2) φ / π,

for an external operator F = Σ_c f_c(r) [Y_L ⊗ σ^S]_J t (φ_x = h r_i f_c(r_i) t, with t = t₋
or t₊ for charge exchange and t₃ = ±1/2 for protons and neutrons for the neutral current).
With χ₀ from the
box states this is exactly the RPA of :mod:`.rpa` (the Woodbury identity of its pencil;
tested); with χ₀ from the Green's function the particle continuum is exact, and each state
above the particle threshold gets its escape width. Γ (``width_MeV``) is a Lorentzian
folding of full width Γ: the states below threshold stay discrete and need it; it stands in
for the spreading width of the many-particle configurations the RPA leaves out.

Only operators local in the channels of the interaction have a continuum response here:
M_J, Σ_J, Σ'_J, Σ''_J at any q, the Fermi and Gamow-Teller operators and the spin dipole.
The weak-response tables of :mod:`cevns.nuclear.skyrme.response`, which also need the
convection currents, sum the box states; :func:`continuum_strength` is their check.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import spherical_jn

from ...errors import CevnsInputError
from ...results import Result
from ..multipoles import density_coefficient, spin_coefficient
from .basis import mean_fields, single_particle_basis
from .hf import _derivative_even
from .parameters import skyrme_parameters
from .rpa import isovector_couplings
from .store import hartree_fock

__all__ = ["OPERATORS", "StrengthFunction", "continuum_strength"]

OPERATORS = ("fermi", "gamow_teller", "spin_dipole", "M", "Sigma", "Sigma_p", "Sigma_pp")
"""The external operators of :func:`continuum_strength`: Σ_k t(k) (J = 0⁺), Σ_k σ(k) t(k)
(J = 1⁺), Σ_k r_k [Y_1(r̂_k) ⊗ σ(k)]_J t(k) (J = 0⁻, 1⁻, 2⁻), and the multipoles of
:mod:`cevns.nuclear.multipoles` at a momentum transfer q."""

_OUTER_FM = 60.0  # where the outgoing solution starts, beyond the HF box


@dataclass(frozen=True, eq=False)
class StrengthFunction(Result):
    """Strength per MeV of an ``operator`` of multipole ``J``, ``parity`` in the
    ``direction`` "-" (t₋), "+" (t₊) or "0" (the operator times t₃, neutral current) of
    (Z, N): ``omega_MeV`` (model excitation energy of the final nucleus, MeV, without the
    neutron-proton mass difference for charge exchange), ``strength`` (RPA,
    MeV⁻¹) and ``free`` (unperturbed, MeV⁻¹), folded with a Lorentzian of full width
    ``width_MeV``; ``q_fm`` the momentum transfer of M, Σ, Σ', Σ'' (fm⁻¹; NaN for the
    others)."""

    Z: int
    N: int
    skyrme: str
    direction: str
    operator: str
    J: int
    parity: int
    q_fm: float
    width_MeV: float
    omega_MeV: np.ndarray
    strength: np.ndarray
    free: np.ndarray

    def integral(self, low: float = -np.inf, high: float = np.inf, free: bool = False) -> float:
        """∫ S dω over [low, high] (MeV) on the grid (trapezoid)."""
        inside = (self.omega_MeV >= low) & (self.omega_MeV <= high)
        y = (self.free if free else self.strength)[inside]
        return float(np.trapezoid(y, self.omega_MeV[inside]))

    def to_dict(self) -> dict:
        return {
            "Z": self.Z,
            "N": self.N,
            "skyrme": self.skyrme,
            "direction": self.direction,
            "operator": self.operator,
            "J": self.J,
            "parity": self.parity,
            "q_fm": None if np.isnan(self.q_fm) else self.q_fm,
            "width_MeV": self.width_MeV,
            "omega_MeV": self.omega_MeV.tolist(),
            "strength_per_MeV": self.strength.tolist(),
            "free_per_MeV": self.free.tolist(),
        }

    def table(self) -> dict:
        return {
            "omega_MeV": self.omega_MeV,
            "strength_per_MeV": self.strength,
            "free_per_MeV": self.free,
        }


def continuum_strength(
    Z: int,
    N: int,
    operator: str = "gamow_teller",
    J: int | None = None,
    parity: int | None = None,
    direction: str = "-",
    omega_MeV=None,
    width_MeV: float = 0.5,
    q_fm: float | None = None,
    skyrme="SLy4",
    residual: bool = True,
    progress=None,
) -> StrengthFunction:
    """The continuum-RPA strength function of ``operator`` (:data:`OPERATORS`) for (Z, N) in
    the ``direction`` "-" (t₋, neutrino CC), "+" (t₊) or "0" (times t₃, neutral current):
    J and parity default to those of the Fermi (0⁺) and Gamow-Teller (1⁺) operators and must
    be given for the others (spin dipole: J = 0, 1, 2, parity -1); ``q_fm`` (fm⁻¹) for M, Σ,
    Σ', Σ''. ``omega_MeV``: the grid of model energies (default -10 to 60 MeV in steps of a
    quarter of ``width_MeV``), ``width_MeV``: the full width of the Lorentzian folding (> 0).
    ``progress(done, total)`` is called over blocks of the grid. Module docstring for the
    method; about 3 s for 40Ar on a grid of 300 energies."""
    if operator not in OPERATORS:
        raise CevnsInputError(f"operator must be one of {', '.join(OPERATORS)}, got {operator!r}")
    if direction not in ("-", "+", "0"):
        raise CevnsInputError(
            f"direction must be '-' (t-), '+' (t+) or '0' (neutral current), got {direction!r}"
        )
    if not (np.isfinite(width_MeV) and 0.01 <= width_MeV <= 20):
        raise CevnsInputError(f"width_MeV must lie in [0.01, 20] MeV, got {width_MeV}")
    J, parity = _multipole(operator, J, parity)
    if operator in ("M", "Sigma", "Sigma_p", "Sigma_pp"):
        if q_fm is None or not (np.isfinite(q_fm) and 0 < q_fm <= 8):
            raise CevnsInputError(f"operator {operator} needs q_fm in (0, 8] fm^-1, got {q_fm}")
    else:
        q_fm = np.nan
    if omega_MeV is None:
        omega_MeV = np.arange(-10.0, 60.0 + 1e-9, width_MeV / 4)
    omega = np.atleast_1d(np.asarray(omega_MeV, dtype=float))
    if omega.ndim != 1 or omega.size == 0 or not np.all(np.isfinite(omega)):
        raise CevnsInputError("omega_MeV must be a non-empty 1-D array of finite energies")
    if np.max(np.abs(omega)) > 400:
        raise CevnsInputError("omega_MeV must lie within ±400 MeV")
    parameters = skyrme_parameters(skyrme)
    hf = hartree_fock(Z, N, parameters)
    channels = _channels(J, parity)
    profile = _operator_profile(operator, J, channels, hf.r_fm, q_fm)
    if not any(np.any(p) for p in profile):
        raise CevnsInputError(f"operator {operator} has no J={J}, parity {parity:+d} part")
    solver = _ContinuumRPA(hf, direction, J, parity, channels, residual)
    z = omega + 0.5j * width_MeV
    rpa, free = solver.response(z, np.concatenate(profile), progress)
    return StrengthFunction(
        hf.Z,
        hf.N,
        hf.parameters.name,
        direction,
        operator,
        J,
        parity,
        float(q_fm),
        float(width_MeV),
        omega,
        -rpa.imag / np.pi,
        -free.imag / np.pi,
    )


def _multipole(operator: str, J, parity) -> tuple[int, int]:
    fixed = {"fermi": (0, 1), "gamow_teller": (1, 1)}
    if operator in fixed:
        if (J, parity) not in ((None, None), fixed[operator]):
            raise CevnsInputError(f"the {operator} operator is J = {fixed[operator][0]}, parity +1")
        return fixed[operator]
    if operator == "spin_dipole" and parity is None:
        parity = -1
    if J is None or parity is None:
        raise CevnsInputError(f"operator {operator} needs J and parity")
    if int(J) != J or not 0 <= J <= 20 or parity not in (1, -1):
        raise CevnsInputError(f"need an integer J in 0..20 and parity +1 or -1, got {J}, {parity}")
    if operator == "spin_dipole" and (J > 2 or parity != -1):
        raise CevnsInputError("the spin dipole has J = 0, 1, 2 and parity -1")
    return int(J), int(parity)


def _channels(J: int, parity: int) -> list[tuple[int, int]]:
    """(S, L) of the density (S = 0) and spin (S = 1) channels of J^parity."""
    out = [(0, J)] if parity == (-1) ** J else []
    spin = [L for L in range(abs(J - 1), J + 2) if (-1) ** L == parity]  # L ⊗ 1 -> J
    return out + [(1, L) for L in spin]


def _operator_profile(operator, J, channels, r, q) -> list[np.ndarray]:
    """f_c(r) of the operator in each channel (S, L), F = Σ_c f_c(r) [Y_L ⊗ σ^S]_J."""
    four_pi = np.sqrt(4 * np.pi)
    wp, wm = np.sqrt(J / (2 * J + 1)), np.sqrt((J + 1) / (2 * J + 1))
    zero = np.zeros(r.size)
    out = []
    for S, L in channels:
        f = zero
        if operator == "fermi" and S == 0:
            f = np.full(r.size, four_pi)
        elif operator == "gamow_teller" and (S, L) == (1, 0):
            f = np.full(r.size, four_pi)
        elif operator == "spin_dipole" and (S, L) == (1, 1):
            f = r.copy()
        elif operator == "M" and S == 0:
            f = spherical_jn(L, q * r)
        elif operator == "Sigma" and (S, L) == (1, J):
            f = spherical_jn(L, q * r)
        elif operator in ("Sigma_p", "Sigma_pp") and S == 1 and L != J:
            if J == 0:
                weight = 1.0 if operator == "Sigma_pp" else 0.0
            elif operator == "Sigma_p":
                weight = -wp if L == J + 1 else wm
            else:
                weight = wm if L == J + 1 else wp
            f = weight * spherical_jn(L, q * r)
        out.append(f)
    return out


class _ContinuumRPA:
    """χ₀ on the coordinate-space channels of one multipole, and its RPA (module docstring).
    Charge exchange ("-", "+"): one block of channels, the pairs (final, initial kind). The
    neutral current ("0"): a block per kind (proton, neutron pairs), coupled by the
    isovector interaction."""

    def __init__(self, hf, direction, J, parity, channels, residual):
        self.J, self.parity, self.channels = J, parity, channels
        self.h = hf.mesh_fm
        self.n = hf.r_fm.size
        self.r = hf.r_fm
        basis = single_particle_basis(hf, box_fm=hf.box_fm, max_energy_MeV=1e-3)
        self.holes = {kind: basis.occupied(kind) for kind in ("proton", "neutron")}
        # (kind of the occupied orbital, sign of z, kind of the particle, block): the first
        # sum of the module docstring (E = ε + z, the orbital is the initial one of the
        # pair) and the second (E = ε - z, the orbital is the final one)
        if direction == "0":
            self.blocks = ("proton", "neutron")
            self.roles = [(k, s, k, b) for b, k in enumerate(self.blocks) for s in (1.0, -1.0)]
        else:
            initial, final = ("neutron", "proton") if direction == "-" else ("proton", "neutron")
            self.blocks = (final,)
            self.roles = [(initial, 1.0, final, 0), (final, -1.0, initial, 0)]
        self.fields = _extended_fields(hf, self.h, hf.box_fm + _OUTER_FM)
        self.v = _interaction(hf, direction, J, channels, self.h) if residual else None

    @property
    def size(self) -> int:
        return len(self.blocks) * len(self.channels) * self.n

    def _terms(self):
        """(hole, occupation, sign of z, kind of the particle, block, [(l, j, coefficients)])."""
        J, parity = self.J, self.parity
        for kind, sign, particle, block in self.roles:
            for hole in self.holes[kind]:
                terms = []
                for l in range(max(hole.l - J - 1, 0), hole.l + J + 2):  # noqa: E741
                    if (-1) ** (l + hole.l) != parity:
                        continue
                    for j in (l - 0.5, l + 0.5) if l > 0 else (0.5,):
                        if not abs(j - hole.j) <= J <= j + hole.j:
                            continue
                        # the final orbital is the left one of ⟨a‖F‖b⟩
                        a, b = (
                            ((l, j), (hole.l, hole.j)) if sign > 0 else ((hole.l, hole.j), (l, j))
                        )
                        A = np.array([_coefficient(a, b, J, S, L) for S, L in self.channels])
                        if np.any(A != 0):
                            terms.append((l, j, A))
                yield hole, hole.occupation, sign, particle, block, terms

    def free_response(self, z: np.ndarray) -> np.ndarray:
        """χ₀(z) on the channels x (z, x, x). Each term of the module docstring is an outer
        product A_c A_d w(r) w(r') φ_reg(r<) φ_out(r>) / W per particle channel; the terms of
        a block are summed as one matrix product of the regular and outgoing factors, and the
        r < r' / r > r' halves taken from it and its transpose."""
        n, C = self.n, len(self.channels)
        width = C * n
        i = np.arange(n)
        upper = np.tile(i[:, None] <= i[None, :], (C, C))[None]
        # ∂G/∂r' jumps by 1/f at r' = r; the trapezoid sum over r' misses h²/(12 f) of it
        cusp = {kind: self.h / 12 * self.fields[kind][3][:n] for kind in self.fields}
        by_channel = {}  # one Numerov run per particle channel, all holes and energies at once
        for hole, occupation, sign, particle, block, terms in self._terms():
            for l, j, A in terms:  # noqa: E741
                member = (hole, occupation, sign, block, A)
                by_channel.setdefault((particle, l, j), []).append(member)
        left = {b: [] for b in range(len(self.blocks))}
        right = {b: [] for b in range(len(self.blocks))}
        local = np.zeros((len(self.blocks), width, width))
        for (particle, l, j), members in by_channel.items():  # noqa: E741
            E = np.concatenate([hole.energy_MeV + sign * z for hole, _, sign, _, _ in members])
            reg, out, wronskian = _numerov_pair(self.fields[particle], l, j, E, n)
            for k, (hole, occupation, _, block, A) in enumerate(members):
                part = slice(k * z.size, (k + 1) * z.size)
                w = hole.u[:n] / self.r
                a = reg[part] * (occupation * w) / wronskian[part, None]
                b = out[part] * w
                left[block].append((A[:, None] * a[:, None, :]).reshape(z.size, width))
                right[block].append((A[:, None] * b[:, None, :]).reshape(z.size, width))
                weight = np.outer(A, A)[:, :, None] * (occupation * w * w * cusp[particle])
                for c in range(C):
                    for d in range(C):
                        local[block, c * n + i, d * n + i] += weight[c, d]
        chi0 = np.zeros((z.size, self.size, self.size), dtype=complex)
        for block in left:
            if not left[block]:
                continue
            L = np.stack(left[block], axis=1)  # (z, terms, x)
            R = np.stack(right[block], axis=1)
            U = np.swapaxes(L, 1, 2) @ R  # U[x, y] = Σ a_x b_y
            rows = slice(block * width, (block + 1) * width)
            chi0[:, rows, rows] = np.where(upper, U, np.swapaxes(U, 1, 2)) + local[block]
        return chi0

    def response(self, z: np.ndarray, profile: np.ndarray, progress=None, block: int = 32):
        """φᵀ χ φ and φᵀ χ₀ φ at the complex energies z for f_c(r) = ``profile``."""
        phi = self.phi(profile)
        rpa = np.empty(z.size, dtype=complex)
        free = np.empty(z.size, dtype=complex)
        starts = range(0, z.size, block)
        for done, start in enumerate(starts):
            part = slice(start, start + block)
            rpa[part], free[part] = _dyson(self.free_response(z[part]), self.v, phi)
            if progress is not None:
                progress(done + 1, len(starts))
        return rpa, free

    def phi(self, profile: np.ndarray) -> np.ndarray:
        """φ_x = h r_i f_c(r_i) t of an operator whose channel profiles are ``profile`` (t: 1
        for charge exchange; t₃ = +1/2 for protons, -1/2 for neutrons for the neutral
        current)."""
        one = self.h * np.tile(self.r, len(self.channels)) * profile
        if len(self.blocks) == 1:
            return one
        return np.concatenate([0.5 * one, -0.5 * one])


def _dyson(chi0: np.ndarray, v, phi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(φᵀ χ φ, φᵀ χ₀ φ) with χ = (1 - χ₀ v)⁻¹ χ₀ for a stack of χ₀ (z, x, x) and the
    interaction v: its diagonal (a vector), a matrix, or None (no interaction)."""
    chi0_phi = chi0 @ phi
    free = chi0_phi @ phi
    if v is None:
        return free, free
    coupled = chi0 * v[None, None, :] if v.ndim == 1 else chi0 @ v
    M = np.eye(phi.size)[None] - coupled
    return np.linalg.solve(M, chi0_phi[..., None])[..., 0] @ phi, free


def _interaction(hf, direction, J, channels, h):
    """v of the module docstring: the isovector contact interaction of :mod:`.rpa` on the
    channel mesh, 4 C₁ (charge exchange, a diagonal) or τ_q τ_q' 2 C₁ between the proton and
    neutron blocks (neutral current, τ = -1 proton, +1 neutron; a matrix)."""
    c_rho, c_spin = isovector_couplings(hf.parameters, hf.rho_p + hf.rho_n)
    per_channel = np.concatenate([c_rho if S == 0 else c_spin for S, _ in channels])
    per_channel = per_channel * h / (2 * J + 1)
    if direction != "0":
        return 4 * per_channel
    diagonal = np.diag(2 * per_channel)
    return np.block([[diagonal, -diagonal], [-diagonal, diagonal]])


def _coefficient(a, b, J, S, L) -> float:
    (la, ja), (lb, jb) = a, b
    if S == 0:
        return density_coefficient(la, ja, lb, jb, J)
    return spin_coefficient(la, ja, lb, jb, J, L)


def _extended_fields(hf, h: float, r_far: float) -> dict:
    """Per kind: the parts of the Numerov Q(r) = base + l(l+1)/r² + κ W/(r f) - E/f on
    r_k = k h, k = 1..K (to ``r_far``), as (base, W/(r f), 1/f)."""
    r, fields, f0 = mean_fields(hf, int(round(r_far / h)))
    out = {}
    for q, kind in (("p", "proton"), ("n", "neutron")):
        U, f, W = fields[q]
        d1, d2 = _derivative_even(f - f0, h)  # the stencil takes the function as 0 past r_K
        base = (U + d1 / r) / f - d1**2 / (4 * f**2) + d2 / (2 * f)
        out[kind] = (r, base, W / (r * f), 1.0 / f, 1.0 / np.sqrt(f))
    return out


def _numerov_pair(fields, l: int, j: float, E: np.ndarray, n: int):  # noqa: E741
    """The regular and decaying solutions u = φ/√f of the (l, j) radial equation at the
    complex energies E on r_1..r_n, and their Wronskian f (u_reg u_out' - u_reg' u_out)."""
    r, base, so, inv_f, sqrt_inv_f = fields
    h = r[1] - r[0]
    kappa = j * (j + 1) - l * (l + 1) - 0.75
    E = np.asarray(E, dtype=complex)

    def Q(k):  # at r_k, k = 1..K (index k - 1)
        return base[k - 1] + l * (l + 1) / r[k - 1] ** 2 + kappa * so[k - 1] - E * inv_f[k - 1]

    c = h * h / 12
    # regular: φ_0 = 0, φ_1 = h^(l+1); for l = 1 the limit Q φ -> 2 φ_1/h² at r = 0
    reg = np.empty((E.size, n + 1), dtype=complex)
    reg[:, 0] = h ** (l + 1)
    q_now = Q(1)
    y_prev = -c * 2 * reg[:, 0] / h**2 if l == 1 else 0.0  # φ_0 - c (Q φ)_0
    y_now = (1 - c * q_now) * reg[:, 0]
    for k in range(1, n + 1):
        q_next = Q(k + 1)
        y_next = 2 * (1 + 5 * c * q_now) / (1 - c * q_now) * y_now - y_prev
        reg[:, k] = y_next / (1 - c * q_next)
        y_prev, y_now, q_now = y_now, y_next, q_next
    # decaying: WKB at r_K, inward
    K = r.size
    k_last = 1j * np.sqrt(Q(K))
    k_before = 1j * np.sqrt(Q(K - 1))
    phi_K = np.ones(E.size, dtype=complex)
    phi_before = np.sqrt(k_last / k_before) * np.exp(-0.5j * (k_last + k_before) * h)
    out = np.empty((E.size, n + 1), dtype=complex)
    y_next = (1 - c * Q(K)) * phi_K
    q_now = Q(K - 1)
    y_now = (1 - c * q_now) * phi_before
    for k in range(K - 1, 1, -1):
        q_prev = Q(k - 1)
        y_prev = 2 * (1 + 5 * c * q_now) / (1 - c * q_now) * y_now - y_next
        if k - 1 <= n + 1:
            out[:, k - 2] = y_prev / (1 - c * q_prev)
        if k % 50 == 0 and k - 1 > n + 1:  # keep the growing solution in range
            scale = np.maximum(np.abs(y_prev), 1.0)
            y_prev, y_now = y_prev / scale, y_now / scale
        y_next, y_now, q_now = y_now, y_prev, q_prev
    # Wronskian of the Numerov solutions: (y_reg,n y_out,n+1 - y_reg,n+1 y_out,n) / h
    m = n - 1
    qa, qb = Q(m + 1), Q(m + 2)
    wronskian = (
        ((1 - c * qa) * (1 - c * qb)) * (reg[:, m] * out[:, m + 1] - reg[:, m + 1] * out[:, m]) / h
    )
    # back to u = φ/√f; f u' Wronskian equals the φ one
    g = sqrt_inv_f[:n]
    return reg[:, :n] * g, out[:, :n] * g, wronskian
