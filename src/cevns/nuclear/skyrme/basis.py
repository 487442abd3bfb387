"""The single-particle basis of a converged Skyrme Hartree-Fock mean field.

Every eigenstate of the HF Hamiltonian (:mod:`.hf`, Vautherin and Brink 1972, Eq. 27) in a
box, bound and unbound: the unbound ones are the continuum discretised by the box (u = 0 at
its edge), the particle states of a particle-hole response. The fields come from the
converged densities; beyond the HF box the densities vanish, so the fields there are the
Coulomb tail and the bare kinetic term. On the same mesh each (kind, l, j) block is complete,
which makes the non-energy-weighted sum rules of a response exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...errors import CevnsInputError
from .hf import (
    _SPECTROSCOPIC,
    HartreeFockResult,
    _derivative_even,
    _kinetic_band,
    _mean_fields,
    _midpoints_even,
    _radial,
    _radial_hamiltonian,
    _staggered_derivative,
)

__all__ = ["Orbital", "SingleParticleBasis", "mean_fields", "single_particle_basis"]


@dataclass(frozen=True, eq=False)
class Orbital:
    """One single-particle state: ``kind`` "proton"/"neutron", radial quantum number ``n``
    (1 = nodeless), ``l``, ``j``, ``energy_MeV``, ``occupation`` (the filled fraction of its
    2j+1 substates, 0 to 1), the radial function ``u`` (fm^-1/2, ∫u² dr = 1, ψ = u/r Y χ)
    and its derivative ``du`` on the basis mesh."""

    kind: str
    n: int
    l: int  # noqa: E741 - the orbital quantum number
    j: float
    energy_MeV: float
    occupation: float
    u: np.ndarray
    du: np.ndarray

    @property
    def label(self) -> str:
        """Spectroscopic label, e.g. "1p3/2"."""
        return f"{self.n}{_SPECTROSCOPIC[self.l]}{int(2 * self.j)}/2"


@dataclass(frozen=True, eq=False)
class SingleParticleBasis:
    """The states of :func:`single_particle_basis` on the mesh ``r_fm`` (step ``mesh_fm``)."""

    Z: int
    N: int
    r_fm: np.ndarray
    mesh_fm: float
    orbitals: tuple

    def of(self, kind: str) -> list:
        """The orbitals of one kind ("proton" or "neutron"), by (l, j, energy)."""
        return [o for o in self.orbitals if o.kind == kind]

    def occupied(self, kind: str) -> list:
        """The (partly) occupied orbitals of one kind."""
        return [o for o in self.of(kind) if o.occupation > 0]


def mean_fields(hf: HartreeFockResult, n: int) -> tuple[np.ndarray, dict, float]:
    """The converged HF mean fields on the mesh r_k = k h, k = 1..``n`` (n at least the HF
    mesh; beyond the HF box the densities vanish, leaving the Coulomb tail and the bare
    kinetic term): (r, {"p"/"n": (U, f, W)}, f0), f = ħ²/2m* and f0 its value far out."""
    h = hf.mesh_fm
    r = h * np.arange(1, n + 1)
    pad = n - hf.r_fm.size

    def extend(y):
        return np.concatenate([y, np.zeros(pad)])

    rho = {"p": extend(hf.rho_p), "n": extend(hf.rho_n)}
    tau = {"p": extend(hf.tau_p), "n": extend(hf.tau_n)}
    J = {"p": extend(hf.J_p), "n": extend(hf.J_n)}
    p = hf.parameters
    f0 = p.hbar2_2m if p.two_body_cm else p.hbar2_2m * (1.0 - 1.0 / hf.A)
    return r, _mean_fields(p, rho, tau, J, r, h, f0), f0


def single_particle_basis(
    hf: HartreeFockResult,
    box_fm: float | None = None,
    max_energy_MeV: float = 200.0,
    l_max: int | None = None,
) -> SingleParticleBasis:
    """All states of the HF mean field of ``hf`` below ``max_energy_MeV`` in a box of radius
    ``box_fm`` (default: the HF box + 10 fm, for a denser continuum), for l <= ``l_max``
    (default: the largest occupied l + 8). Occupations are those of the HF ground state."""
    h = hf.mesh_fm
    box = hf.box_fm + 10.0 if box_fm is None else float(box_fm)
    if not (np.isfinite(box) and box >= hf.box_fm - 1e-9):
        raise CevnsInputError(f"box_fm must be at least the HF box {hf.box_fm:g} fm, got {box}")
    if not max_energy_MeV > 0:
        raise CevnsInputError(f"max_energy_MeV must be > 0, got {max_energy_MeV}")
    occupied = {(lv.kind, lv.l, lv.j, lv.n): lv.occupation / (2 * lv.j + 1) for lv in hf.levels}
    if l_max is None:
        l_max = max(lv.l for lv in hf.levels) + 8
    n = int(round(box / h))
    r, fields, f0 = mean_fields(hf, n)
    D = {s: _staggered_derivative(n, h, s) for s in (1, -1)}
    from scipy.linalg import eig_banded  # imported here: slow to import

    orbitals = []
    for q, kind in (("p", "proton"), ("n", "neutron")):
        U, f, W = fields[q]
        K = {s: _kinetic_band(D[s], _midpoints_even(f)) for s in (1, -1)}
        fprime = _derivative_even(f - f0, h)[0]  # the stencil takes 0 past the box
        for l in range(int(l_max) + 1):  # noqa: E741
            for j in (l - 0.5, l + 0.5) if l > 0 else (0.5,):
                band = _radial_hamiltonian(K[(-1) ** (l + 1)], U, f, fprime, W, r, l, j)
                vals, vecs = eig_banded(
                    band, lower=True, select="v", select_range=(-1e4, max_energy_MeV)
                )
                for k, e in enumerate(vals):
                    u, du = _radial(vecs[:, k], l, h)
                    if u[np.argmax(np.abs(u[: max(3, n // 10)]))] < 0:
                        u, du = -u, -du  # sign convention: positive near the origin
                    occ = occupied.get((kind, l, j, k + 1), 0.0)
                    orbitals.append(Orbital(kind, k + 1, l, j, float(e), occ, u, du))
    return SingleParticleBasis(hf.Z, hf.N, r, h, tuple(orbitals))
