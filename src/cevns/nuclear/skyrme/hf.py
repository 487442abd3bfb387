"""Spherical Skyrme Hartree-Fock on a radial mesh.

Single-particle states ψ = u(r)/r Y_ljm χ solve the radial equation of D. Vautherin and
D. M. Brink, Phys. Rev. C 5 (1972) 626, Eq. 27 (f = ħ²/2m*):

    -(f u')' + [U + f'/r + f l(l+1)/r² + (W/r)(j(j+1) - l(l+1) - 3/4)] u = ε u

with the fields of Chabanat et al., Nucl. Phys. A 635 (1998) 231, Eqs. A1-A4 (our
:mod:`.parameters` gives the energy density), the direct Coulomb potential of the point-proton
density and Slater exchange, -e² (3/π)^(1/3) ρ_p^(1/3). Centre of mass, in the convention
each set was fitted with (``SkyrmeParameters.two_body_cm``): the one-body correction
ħ²/2m -> ħ²/2m (1 - 1/A) in the HF equations (SLy4, SLy5, SkM*, SIII), or the full
correction E_cm = -<P²>/(2mA) of :mod:`.centre_of_mass`, evaluated with the converged state
and added to the energy while the HF equations keep the bare ħ²/2m (SGII, SkI3).

Numerics: the radial functions live on r_i = i h (i = 1..n, u(0) = 0, u = 0 at the box
edge). The kinetic operator is Dᵀ diag(f) D with D the fourth-order staggered first
derivative, so each (l, j) block is a symmetric band matrix (bandwidth 3) whose bound
eigenstates come from LAPACK (bisection, then inverse iteration); the mesh is extended to
r < 0 by the parity (-1)^(l+1) of u. The densities are Anderson-mixed between iterations
(D. G. Anderson, J. ACM 12, 547 (1965)) until the largest change of a single-particle energy
falls below ``tolerance_MeV``: about 20 iterations where linear mixing took 50-70. A solve
stays on one core (band LAPACK routines, no threaded BLAS), so solves can run side by side.

Open shells (pairing="bcs", the default): a kind of nucleon whose last level is partly
filled gets constant-gap BCS occupations, Δ = 12/√A MeV (the systematic odd-even mass
difference, A. Bohr and B. R. Mottelson, Nuclear Structure Vol. I (1969)) in a smooth 5 MeV
window around the Fermi energy, and the pairing energy -Σ (2j+1)/2 Δ_k u_k v_k; closed
shells and subshells stay unpaired, so doubly
(sub)magic nuclei are plain HF. pairing="none" is the filling approximation: the last level
gets an equal share of its 2j+1 substates. Both keep the densities spherical. The filling
approximation oscillates between near-degenerate levels in 132Xe and 133Cs; BCS converges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ...constants import (
    FINE_STRUCTURE,
    HBARC_MEV_FM,
    NEUTRON_MEAN_SQUARE_CHARGE_RADIUS_FM2,
    PROTON_CHARGE_RADIUS_FM,
    PROTON_MASS,
)
from ...errors import CevnsInputError, ConvergenceError
from ...results import Result
from .centre_of_mass import centre_of_mass_energy
from .parameters import SkyrmeParameters, skyrme_parameters

__all__ = ["HartreeFockResult", "Level", "solve"]

E2_MEV_FM = HBARC_MEV_FM * FINE_STRUCTURE  # e² = ħc α (CODATA 2018), MeV fm
_SPECTROSCOPIC = "spdfghiklmnoqrtuv"  # l = 0, 1, ... (no j, no second p or s)
_PAIRING_WINDOW_MEV, _PAIRING_DIFFUSENESS_MEV = 5.0, 0.5  # Krieger et al. 1990


@dataclass(frozen=True)
class Level:
    """A single-particle level: ``kind`` "proton"/"neutron", radial quantum number ``n``
    (1 = nodeless), ``l``, ``j``, ``energy_MeV`` and ``occupation`` (particles in it)."""

    kind: str
    n: int
    l: int  # noqa: E741 - the orbital quantum number
    j: float
    energy_MeV: float
    occupation: float

    @property
    def label(self) -> str:
        return f"{self.n}{_SPECTROSCOPIC[self.l]}{int(2 * self.j)}/2"


@dataclass(frozen=True)
class HartreeFockResult(Result):
    """Converged HF ground state: densities on ``r_fm`` (fm⁻³), levels, energies (MeV)."""

    Z: int
    N: int
    parameters: SkyrmeParameters
    r_fm: np.ndarray
    rho_p: np.ndarray
    rho_n: np.ndarray
    tau_p: np.ndarray
    tau_n: np.ndarray
    J_p: np.ndarray
    J_n: np.ndarray
    levels: tuple
    total_energy_MeV: float
    energy_terms_MeV: dict
    iterations: int
    residual_MeV: float
    mesh_fm: float
    box_fm: float
    extras: dict = field(default_factory=dict, compare=False)

    @property
    def A(self) -> int:
        return self.Z + self.N

    def _rms(self, rho: np.ndarray) -> float:
        w = self.r_fm**2 * rho
        return float(np.sqrt(np.sum(w * self.r_fm**2) / np.sum(w)))

    @property
    def rms_radius_proton_fm(self) -> float:
        """Point-proton rms radius."""
        return self._rms(self.rho_p)

    @property
    def rms_radius_neutron_fm(self) -> float:
        """Point-neutron rms radius."""
        return self._rms(self.rho_n)

    @property
    def rms_radius_charge_fm(self) -> float:
        """Charge rms radius: r_ch² = r_p² + R_p² + (N/Z) <r²>_n + 3/4 (ħ/m_p c)², with the
        PDG 2024 nucleon radii and the Darwin-Foldy term (J. L. Friar, J. Martorell,
        D. W. L. Sprung, Phys. Rev. A 56 (1997) 4579); spin-orbit and centre-of-mass
        corrections to the charge radius are not included."""
        darwin_foldy = 0.75 * (HBARC_MEV_FM / PROTON_MASS) ** 2
        r2 = (
            self.rms_radius_proton_fm**2
            + PROTON_CHARGE_RADIUS_FM**2
            + self.N / self.Z * NEUTRON_MEAN_SQUARE_CHARGE_RADIUS_FM2
            + darwin_foldy
        )
        return float(np.sqrt(r2))

    @property
    def rms_radius_matter_fm(self) -> float:
        return self._rms(self.rho_p + self.rho_n)

    @property
    def neutron_skin_fm(self) -> float:
        return self.rms_radius_neutron_fm - self.rms_radius_proton_fm

    @property
    def binding_energy_per_nucleon_MeV(self) -> float:
        return -self.total_energy_MeV / self.A

    def to_dict(self) -> dict:
        return {
            "Z": self.Z,
            "N": self.N,
            "skyrme": self.parameters.name,
            "iterations": self.iterations,
            "residual_MeV": self.residual_MeV,
            "mesh_fm": self.mesh_fm,
            "box_fm": self.box_fm,
            "total_energy_MeV": self.total_energy_MeV,
            "binding_energy_per_nucleon_MeV": self.binding_energy_per_nucleon_MeV,
            "energy_terms_MeV": self.energy_terms_MeV,
            "rms_radius_proton_fm": self.rms_radius_proton_fm,
            "rms_radius_neutron_fm": self.rms_radius_neutron_fm,
            "rms_radius_matter_fm": self.rms_radius_matter_fm,
            "rms_radius_charge_fm": self.rms_radius_charge_fm,
            "neutron_skin_fm": self.neutron_skin_fm,
            "levels": [
                {
                    "kind": lv.kind,
                    "label": lv.label,
                    "n": lv.n,
                    "l": lv.l,
                    "j": lv.j,
                    "energy_MeV": lv.energy_MeV,
                    "occupation": lv.occupation,
                }
                for lv in self.levels
            ],
            "densities": {"r_fm": self.r_fm, "rho_p_fm3": self.rho_p, "rho_n_fm3": self.rho_n},
        }

    def table(self) -> dict:
        """Radial densities: r_fm, rho_p_fm3, rho_n_fm3, tau_p_fm5, tau_n_fm5, J_p_fm4,
        J_n_fm4."""
        return {
            "r_fm": self.r_fm,
            "rho_p_fm3": self.rho_p,
            "rho_n_fm3": self.rho_n,
            "tau_p_fm5": self.tau_p,
            "tau_n_fm5": self.tau_n,
            "J_p_fm4": self.J_p,
            "J_n_fm4": self.J_n,
        }


# --- mesh operators --------------------------------------------------------------------------


def _staggered_derivative(n: int, h: float, parity: int) -> np.ndarray:
    """(n+1) x n matrix: fourth-order u' at r_{k+1/2} (k = 0..n) from u_1..u_n, with u_0 = 0,
    u_{-1} = parity u_1 and u = 0 beyond r_n."""
    D = np.zeros((n + 1, n))
    c_near, c_far = 27.0 / (24.0 * h), 1.0 / (24.0 * h)
    for k in range(n + 1):
        # 27 (u_{k+1} - u_k) - (u_{k+2} - u_{k-1}), indices of u are 1-based
        for idx, c in ((k + 1, c_near), (k, -c_near), (k + 2, -c_far), (k - 1, c_far)):
            if 1 <= idx <= n:
                D[k, idx - 1] += c
            elif idx == -1:
                D[k, 0] += c * parity
    return D


def _bound_states(band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues below zero (ascending) and unit eigenvectors of the symmetric band matrix
    in lower band storage ``band``: the eigenvalues by LAPACK's dsbevx (bisection), each
    vector by two steps of inverse iteration with a banded LU (half the time of dsbevx's own
    vectors; the two agree to 1e-14)."""
    from scipy.linalg import lapack  # imported here: slow to import

    width, n = band.shape[0] - 1, band.shape[1]
    vals, _, count, _, info = lapack.dsbevx(
        band, -1e4, 0.0, 1, n, compute_v=0, range=1, lower=1, overwrite_ab=0
    )
    if info != 0:
        raise ConvergenceError(f"LAPACK dsbevx failed (info {info})", np.inf)
    vals = vals[:count]
    # the full band of M in LAPACK's general band layout (with room for the LU's fill-in)
    full = np.zeros((3 * width + 1, n))
    for d in range(width + 1):
        full[2 * width + d, : n - d] = band[d, : n - d]
        full[2 * width - d, d:] = band[d, : n - d]
    vecs = np.empty((n, count))
    for k, e in enumerate(vals):
        shifted = full.copy()
        shifted[2 * width] -= e + 1e-12 * max(abs(e), 1.0)  # just off the eigenvalue
        lu, pivots, info = lapack.dgbtrf(shifted, width, width)
        x = np.ones(n)
        for _ in range(2):
            x, info = lapack.dgbtrs(lu, width, width, x, pivots)
            x /= np.linalg.norm(x)
        vecs[:, k] = x
    return vals, vecs


def _radial_hamiltonian(
    kinetic: np.ndarray,
    U,
    f,
    fprime,
    W,
    r,
    l: int,  # noqa: E741
    j: float,
) -> np.ndarray:
    """The (l, j) block of the radial HF Hamiltonian (module docstring) in lower band
    storage: the kinetic band of the parity (-1)^(l+1) plus the local potential."""
    kappa = j * (j + 1) - l * (l + 1) - 0.75
    band = kinetic.copy()
    band[0] += U + fprime / r + f * l * (l + 1) / r**2 + W / r * kappa
    return band


def _kinetic_band(D: np.ndarray, f_half: np.ndarray, width: int = 3) -> np.ndarray:
    """Dᵀ diag(f) D in lower band storage (its bandwidth is 3: D has four points per row),
    one diagonal at a time: no dense product, so no threaded BLAS inside a solve."""
    n = D.shape[1]
    weighted = f_half[:, None] * D
    band = np.zeros((width + 1, n))
    for d in range(width + 1):
        band[d, : n - d] = np.sum(D[:, d:] * weighted[:, : n - d], axis=0)
    return band


def _derivative_even(y: np.ndarray, h: float) -> tuple[np.ndarray, np.ndarray]:
    """First and second derivatives (fourth order) of a function even in r, sampled at
    r = h..nh and vanishing beyond; the value at r = 0 from an even quartic through the
    first three points."""
    y0 = (15 * y[0] - 6 * y[1] + y[2]) / 10  # a + b r² + c r⁴ through r = h, 2h, 3h
    ext = np.concatenate([y[1::-1], [y0], y, [0.0, 0.0]])  # r = -2h .. (n+2)h
    d1 = (ext[:-4] - 8 * ext[1:-3] + 8 * ext[3:-1] - ext[4:]) / (12 * h)
    d2 = (-ext[:-4] + 16 * ext[1:-3] - 30 * ext[2:-2] + 16 * ext[3:-1] - ext[4:]) / (12 * h * h)
    return d1[1:], d2[1:]


def _midpoints_even(y: np.ndarray) -> np.ndarray:
    """Values at r = h/2, 3h/2, ..., (n+1/2)h of a function even in r sampled at r = h..nh
    (cubic interpolation, fourth order; beyond r = nh the last value is held)."""
    y0 = (15 * y[0] - 6 * y[1] + y[2]) / 10
    ext = np.concatenate([[y[0], y0], y, [y[-1], y[-1]]])  # r = -h .. (n+2)h
    return (-ext[:-3] + 9 * ext[1:-2] + 9 * ext[2:-1] - ext[3:]) / 16


def _derivative_odd(y: np.ndarray, h: float) -> np.ndarray:
    """Fourth-order first derivative of a function odd in r (zero at r = 0)."""
    ext = np.concatenate([-y[1::-1], [0.0], y, [0.0, 0.0]])
    d1 = (ext[:-4] - 8 * ext[1:-3] + 8 * ext[3:-1] - ext[4:]) / (12 * h)
    return d1[1:]


def _cumulative(y: np.ndarray, h: float) -> np.ndarray:
    """∫_0^{r_i} y dr at r_i = h..nh for y vanishing at r = 0 (three-point rule per step)."""
    f = np.concatenate([[0.0], y])
    steps = np.empty(f.size - 1)
    steps[:-1] = h / 12 * (5 * f[:-2] + 8 * f[1:-1] - f[2:])
    steps[-1] = h / 12 * (-f[-3] + 8 * f[-2] + 5 * f[-1])
    return np.cumsum(steps)


# --- occupations -----------------------------------------------------------------------------


def _fill(states: list, particles: int, kind: str) -> list:
    """Occupations (filling approximation) of ``states`` [(energy, l, j, n, vector), ...];
    ``kind`` ("protons" or "neutrons") names the particles in errors."""
    out, left = [], float(particles)
    for e, l, j, n, vec in sorted(states, key=lambda s: s[0]):  # noqa: E741
        if left <= 0:
            break
        take = min(2 * j + 1, left)
        out.append((e, l, j, n, vec, take))
        left -= take
    if left > 1e-9:
        raise ConvergenceError(
            f"only {particles - left:g} of {particles} {kind} are bound in the box; the "
            "nucleus is unbound in this model or the box is too small",
            float("nan"),
        )
    return out


def _bcs(states: list, particles: int, gap: float, kind: str) -> tuple[list, float]:
    """Constant-gap BCS occupations of the bound ``states`` and the pairing energy
    -Σ (2j+1)/2 Δ_k u_k v_k, with v_k² = [1 - (ε_k - λ)/sqrt((ε_k - λ)² + Δ_k²)]/2 and the
    Fermi energy λ fixed by the particle number. The gap acts in a window of 5 MeV around λ,
    Δ_k = Δ / (1 + exp((|ε_k - λ| - 5 MeV) / 0.5 MeV)), a smooth cutoff in the manner of
    S. J. Krieger et al., Nucl. Phys. A 517 (1990) 275, so deep states are not smeared."""
    e = np.array([s[0] for s in states])
    degeneracy = np.array([2 * s[2] + 1 for s in states])

    def gaps(lam):
        return gap / (
            1.0 + np.exp((np.abs(e - lam) - _PAIRING_WINDOW_MEV) / _PAIRING_DIFFUSENESS_MEV)
        )

    def v2(lam):
        return 0.5 * (1.0 - (e - lam) / np.sqrt((e - lam) ** 2 + gaps(lam) ** 2))

    def excess(lam):
        return float(degeneracy @ v2(lam)) - particles

    if excess(0.0) < 0:
        raise ConvergenceError(
            f"with pairing, {particles} {kind} do not fit in the bound states with a Fermi "
            "energy below 0: the nucleus is unbound in this model or the box is too small",
            float("nan"),
        )
    from scipy.optimize import brentq

    lam = brentq(excess, float(e.min()) - 10 * gap - 50.0, 0.0, xtol=1e-12)
    occupation = v2(lam)
    uv = np.sqrt(occupation * (1 - occupation))
    pairing = -float(np.sum(degeneracy / 2 * gaps(lam) * uv))
    out = [(*s, float(d * o)) for s, d, o in zip(states, degeneracy, occupation, strict=True)]
    return out, pairing


def _occupy(states: list, particles: int, gap: float, kind: str) -> tuple[list, float]:
    """Filling approximation when the last occupied level is full (a closed shell or
    subshell) or ``gap`` is 0; constant-gap BCS when it is partly filled."""
    filled = _fill(states, particles, kind)
    last = filled[-1]
    if gap == 0 or abs(last[5] - (2 * last[2] + 1)) < 1e-9:
        return filled, 0.0
    return _bcs(states, particles, gap, kind)


# --- the solver ------------------------------------------------------------------------------


def solve(
    Z: int,
    N: int,
    skyrme="SLy4",
    mesh_fm: float = 0.1,
    box_fm: float | None = None,
    tolerance_MeV: float = 1e-7,
    max_iterations: int = 600,
    mixing: float = 0.5,
    mixing_history: int = 6,
    pairing: str = "bcs",
    progress=None,
) -> HartreeFockResult:
    """Self-consistent spherical Skyrme HF ground state of the nucleus (Z, N).

    ``skyrme``: a packaged set name or :class:`~.parameters.SkyrmeParameters`; ``mesh_fm``:
    radial step; ``box_fm``: box radius (default 1.2 A^(1/3) + 10 fm). Raises
    :class:`ConvergenceError` (with the last residual) if the single-particle energies have not
    settled to ``tolerance_MeV`` after ``max_iterations``. ``pairing``: ``"bcs"`` (constant
    gap 12/√A MeV for a kind of nucleon whose last level is partly filled; closed shells and
    subshells stay unpaired) or ``"none"`` (filling approximation throughout). ``mixing``:
    the weight β of the Anderson mixing (module docstring), over the last ``mixing_history``
    iterations (0: plain linear mixing). ``progress``,
    if given, is called as ``progress(iteration, residual_MeV)`` after each iteration."""
    p = skyrme_parameters(skyrme)
    Z, N = int(Z), int(N)
    if Z < 2 or N < 2:
        raise CevnsInputError(f"Hartree-Fock needs Z >= 2 and N >= 2, got Z={Z}, N={N}")
    A = Z + N
    box = box_fm if box_fm is not None else 1.2 * A ** (1 / 3) + 10.0
    if not (0 < mesh_fm <= 0.5 and box >= 20 * mesh_fm and np.isfinite(box)):
        raise CevnsInputError(
            f"mesh {mesh_fm} fm and box {box} fm: need 0 < mesh <= 0.5 fm and a box of at "
            "least 20 mesh steps"
        )
    if pairing not in ("bcs", "none"):
        raise CevnsInputError(f"pairing must be 'bcs' or 'none', got {pairing!r}")
    gap = 12.0 / np.sqrt(Z + N) if pairing == "bcs" else 0.0
    if not (0 < mixing <= 1 and tolerance_MeV > 0 and max_iterations >= 1):
        raise CevnsInputError("need 0 < mixing <= 1, tolerance_MeV > 0 and max_iterations >= 1")
    if int(mixing_history) != mixing_history or mixing_history < 0:
        raise CevnsInputError(f"mixing_history must be an integer >= 0, got {mixing_history!r}")
    n = int(round(box / mesh_fm))
    h = box / n
    r = h * np.arange(1, n + 1)
    f0 = p.hbar2_2m if p.two_body_cm else p.hbar2_2m * (1.0 - 1.0 / A)
    lmax = int(1.6 * A ** (1 / 3)) + 2

    D = {s: _staggered_derivative(n, h, s) for s in (1, -1)}

    # start: Fermi densities, Thomas-Fermi kinetic densities, no spin-orbit density
    def fermi(count):
        R0, a = 1.12 * A ** (1 / 3), 0.55
        shape = 1.0 / (1.0 + np.exp((r - R0) / a))
        return count * shape / (4 * np.pi * h * np.sum(r**2 * shape))

    rho = {"p": fermi(Z), "n": fermi(N)}
    tau = {q: 0.6 * (3 * np.pi**2) ** (2 / 3) * rho[q] ** (5 / 3) for q in rho}
    J = {q: np.zeros(n) for q in rho}
    counts = {"p": Z, "n": N}
    previous = None
    residual = np.inf
    final_states = {}
    mixer = _AndersonMixer(mixing, mixing_history)

    for iteration in range(1, max_iterations + 1):
        fields_ = _mean_fields(p, rho, tau, J, r, h, f0)
        new_rho, new_tau, new_J, levels, energies = {}, {}, {}, [], {}
        pairing_energy = {}
        for q in ("p", "n"):
            U, f, W = fields_[q]
            f_half = _midpoints_even(f)
            K = {s: _kinetic_band(D[s], f_half) for s in (1, -1)}
            fprime = _derivative_even(f - f0, h)[0]  # the stencil takes 0 past the box
            states = []
            for l in range(lmax + 1):  # noqa: E741
                for j in (l + 0.5, l - 0.5) if l > 0 else (0.5,):
                    band = _radial_hamiltonian(K[(-1) ** (l + 1)], U, f, fprime, W, r, l, j)
                    vals, vecs = _bound_states(band)
                    for k, e in enumerate(vals):
                        states.append((float(e), l, j, k + 1, vecs[:, k]))
            filled, pairing_energy[q] = _occupy(
                states, counts[q], gap, "protons" if q == "p" else "neutrons"
            )
            final_states[q] = filled
            rq, tq, jq = np.zeros(n), np.zeros(n), np.zeros(n)
            for e, l, j, nr, vec, occ in filled:  # noqa: E741
                u, du = _radial(vec, l, h)
                w = occ / (4 * np.pi)
                rq += w * u**2 / r**2
                tq += w * ((du - u / r) ** 2 / r**2 + l * (l + 1) * u**2 / r**4)
                jq += w * (j * (j + 1) - l * (l + 1) - 0.75) * u**2 / r**3
                levels.append(Level("proton" if q == "p" else "neutron", nr, l, j, e, float(occ)))
            new_rho[q], new_tau[q], new_J[q] = rq, tq, jq
            energies[q] = np.array([s[0] for s in filled])
        current = np.concatenate([energies["p"], energies["n"]])
        if previous is not None and previous.size == current.size:
            residual = float(np.max(np.abs(current - previous)))
        previous = current
        if progress is not None:
            progress(iteration, residual)
        if residual < tolerance_MeV:
            rho, tau, J = new_rho, new_tau, new_J
            break
        if iteration == 1:
            rho, tau, J = new_rho, new_tau, new_J
            continue
        x = _pack(rho, tau, J)
        step = mixer.step(x, _pack(new_rho, new_tau, new_J) - x)
        rho, tau, J = _unpack(step, n)
    else:
        raise ConvergenceError(
            f"Hartree-Fock for Z={Z}, N={N} with {p.name} did not converge in "
            f"{max_iterations} iterations: last change of the single-particle energies "
            f"{residual:.3g} MeV (tolerance {tolerance_MeV:g} MeV)",
            residual,
        )
    terms = _energy_terms(p, rho, tau, J, r, h, f0)
    if p.two_body_cm:
        kinds = [(_orbitals(final_states[q], h), pairing_energy[q] < 0) for q in ("p", "n")]
        terms["centre_of_mass"] = float(sum(centre_of_mass_energy(kinds, r, h, p.hbar2_2m, A)))
    if any(pairing_energy.values()):
        terms["pairing"] = pairing_energy["p"] + pairing_energy["n"]
    return HartreeFockResult(
        Z,
        N,
        p,
        r,
        rho["p"],
        rho["n"],
        tau["p"],
        tau["n"],
        J["p"],
        J["n"],
        tuple(sorted(levels, key=lambda lv: (lv.kind, lv.energy_MeV))),
        float(sum(terms.values())),
        terms,
        iteration,
        float(residual),
        h,
        box,
    )


def _pack(rho: dict, tau: dict, J: dict) -> np.ndarray:
    """The densities as one vector (the mixer's unknowns)."""
    return np.concatenate([d[q] for d in (rho, tau, J) for q in ("p", "n")])


def _unpack(x: np.ndarray, n: int) -> tuple[dict, dict, dict]:
    parts = x.reshape(6, n)
    rho = {"p": np.maximum(parts[0], 0.0), "n": np.maximum(parts[1], 0.0)}
    tau = {"p": np.maximum(parts[2], 0.0), "n": np.maximum(parts[3], 0.0)}
    return rho, tau, {"p": parts[4], "n": parts[5]}


class _AndersonMixer:
    """Anderson mixing of the densities (D. G. Anderson, J. ACM 12, 547 (1965); in the
    form of V. Eyert, J. Comput. Phys. 124, 271 (1996), Eq. 7.7): the next input is the
    combination of the last ``history`` inputs x and outputs g(x) that minimises the
    residual g(x) - x in the least-squares sense, mixed with weight ``beta``; with no history
    it is linear mixing, x + beta (g(x) - x)."""

    def __init__(self, beta: float, history: int):
        self.beta, self.history = beta, history
        self.inputs: list[np.ndarray] = []
        self.residuals: list[np.ndarray] = []

    def step(self, x: np.ndarray, residual: np.ndarray) -> np.ndarray:
        self.inputs.append(x)
        self.residuals.append(residual)
        keep = int(self.history) + 1
        del self.inputs[:-keep], self.residuals[:-keep]
        if len(self.inputs) == 1:
            return x + self.beta * residual
        dx = np.diff(np.array(self.inputs), axis=0)
        df = np.diff(np.array(self.residuals), axis=0)
        gamma = np.linalg.lstsq(df.T, residual, rcond=None)[0]
        return x + self.beta * residual - (dx + self.beta * df).T @ gamma


def _radial(vec: np.ndarray, l: int, h: float) -> tuple[np.ndarray, np.ndarray]:  # noqa: E741
    """u(r) normalised to ∫ u² dr = 1 from an eigenvector, and u'(r); u has the parity
    (-1)^(l+1) in r."""
    u = vec / np.sqrt(h)
    du = _derivative_odd(u, h) if l % 2 == 0 else _derivative_even(u, h)[0]
    return u, du


def _orbitals(filled: list, h: float) -> list:
    """(l, j, u, u', occupation) of the occupied states, for the centre-of-mass energy."""
    return [
        (l, j, *_radial(vec, l, h), occ)
        for _, l, j, _, vec, occ in filled  # noqa: E741
        if occ > 1e-12
    ]


def _coulomb_direct(rho_p: np.ndarray, r: np.ndarray, h: float) -> np.ndarray:
    """V(r) = 4π e² [ (1/r) ∫_0^r ρ r'² dr' + ∫_r^∞ ρ r' dr' ] (MeV)."""
    inner = _cumulative(rho_p * r**2, h)
    outer_total = _cumulative(rho_p * r, h)
    outer = outer_total[-1] - outer_total
    return 4 * np.pi * E2_MEV_FM * (inner / r + outer)


def _mean_fields(p: SkyrmeParameters, rho, tau, J, r, h, f0) -> dict:
    """(U_q, f_q = ħ²/2m*_q, W_q) for q = p, n (Chabanat et al. 1998, Eqs. A1-A4)."""
    rho_t = rho["p"] + rho["n"]
    tau_t = tau["p"] + tau["n"]
    J_t = J["p"] + J["n"]
    safe = np.maximum(rho_t, 1e-30)
    sum_sq = rho["p"] ** 2 + rho["n"] ** 2
    d1_t, d2_t = _derivative_even(rho_t, h)
    lap_t = d2_t + 2 * d1_t / r
    divJ_t = _derivative_odd(J_t, h) + 2 * J_t / r
    out = {}
    for q in ("p", "n"):
        d1_q, d2_q = _derivative_even(rho[q], h)
        lap_q = d2_q + 2 * d1_q / r
        divJ_q = _derivative_odd(J[q], h) + 2 * J[q] / r
        U = p.t0 * ((1 + p.x0 / 2) * rho_t - (p.x0 + 0.5) * rho[q])
        U = U + p.t3 / 12 * (
            p.alpha * safe ** (p.alpha - 1) * ((1 + p.x3 / 2) * rho_t**2 - (p.x3 + 0.5) * sum_sq)
            + 2 * safe**p.alpha * ((1 + p.x3 / 2) * rho_t - (p.x3 + 0.5) * rho[q])
        )
        U = U + p.a1 * tau_t - p.a2 * tau[q]
        U = U - 2 * p.c1 * lap_t + 2 * p.c2 * lap_q
        U = U - p.b4 * divJ_t - p.b4p * divJ_q
        W = p.b4 * d1_t + p.b4p * d1_q
        if p.j2_terms:
            W = W - (p.t1 * p.x1 + p.t2 * p.x2) / 8 * J_t + (p.t1 - p.t2) / 8 * J[q]
        if q == "p":
            U = U + _coulomb_direct(rho["p"], r, h)
            if p.coulomb_exchange:
                U = U - E2_MEV_FM * (3 / np.pi) ** (1 / 3) * np.maximum(rho["p"], 0) ** (1 / 3)
        f = f0 + p.a1 * rho_t - p.a2 * rho[q]
        out[q] = (U, f, W)
    return out


def _energy_terms(p: SkyrmeParameters, rho, tau, J, r, h, f0) -> dict:
    """Terms of the total energy (MeV): ∫ H d³r by parts (spin-orbit as ∇ρ·J)."""

    def integral(density):
        return float(4 * np.pi * h * np.sum(r**2 * density))

    rho_t = rho["p"] + rho["n"]
    tau_t = tau["p"] + tau["n"]
    J_t = J["p"] + J["n"]
    sum_sq = rho["p"] ** 2 + rho["n"] ** 2
    d1 = {q: _derivative_even(rho[q], h)[0] for q in rho}
    d1_t = d1["p"] + d1["n"]
    terms = {
        "kinetic": integral(f0 * tau_t),
        "t0": integral(p.t0 / 2 * ((1 + p.x0 / 2) * rho_t**2 - (p.x0 + 0.5) * sum_sq)),
        "t3": integral(
            p.t3
            / 12
            * np.maximum(rho_t, 0) ** p.alpha
            * ((1 + p.x3 / 2) * rho_t**2 - (p.x3 + 0.5) * sum_sq)
        ),
        "effective_mass": integral(
            p.a1 * rho_t * tau_t - p.a2 * (rho["p"] * tau["p"] + rho["n"] * tau["n"])
        ),
        "surface": integral(p.c1 * d1_t**2 - p.c2 * (d1["p"] ** 2 + d1["n"] ** 2)),
        "spin_orbit": integral(p.b4 * d1_t * J_t + p.b4p * (d1["p"] * J["p"] + d1["n"] * J["n"])),
    }
    if p.j2_terms:
        terms["spin_current"] = integral(
            -(p.t1 * p.x1 + p.t2 * p.x2) / 16 * J_t**2
            + (p.t1 - p.t2) / 16 * (J["p"] ** 2 + J["n"] ** 2)
        )
    terms["coulomb_direct"] = integral(0.5 * _coulomb_direct(rho["p"], r, h) * rho["p"])
    if p.coulomb_exchange:
        terms["coulomb_exchange"] = integral(
            -0.75 * E2_MEV_FM * (3 / np.pi) ** (1 / 3) * np.maximum(rho["p"], 0) ** (4 / 3)
        )
    return terms
