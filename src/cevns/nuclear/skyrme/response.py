"""Charge-exchange response tables: the RPA of :mod:`.rpa` summed over multipoles and binned
in energy, ready for a lepton tensor.

The weak multipoles of J. D. Walecka (*Semileptonic Weak Interactions in Nuclei*, 1975;
Donnelly and Haxton, At. Data Nucl. Data Tables 23, 103 (1979)) are linear in the seven
elementary operators of :mod:`cevns.nuclear.multipoles` with nucleon form factors as
coefficients. The cross section needs ten products of them, summed over the final states
(and over J) of each energy bin; they are kept here on a grid of momentum transfer q so the
form factors, which depend on q and ω only, multiply them later:

    natural parity:    M·M, Δ'·Δ', Δ'·Σ, Σ·Σ
    unnatural parity:  Ω'·Ω', Ω'·Σ'', Σ''·Σ'', Σ'·Σ', Δ·Δ, Δ·Σ'     (Ω' = Ω + Σ''/2)

each Σ_ν η_ν ⟨ν‖A_J‖0⟩⟨ν‖B_J‖0⟩ per bin of the model excitation energy ω (the energy of
the final nucleus above the target in the HF energy scale, without the neutron-proton mass
difference). The tables are kept on disk next to the HF results.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np

from ...errors import CevnsInputError
from ...results import Result
from ..multipoles import reduced_elements
from .basis import single_particle_basis
from .parameters import skyrme_parameters
from .rpa import charge_exchange_rpa
from .store import cache_dir, hartree_fock

__all__ = ["BILINEARS", "ChargeExchangeResponse", "charge_exchange_response"]

BILINEARS = (
    ("M", "M"),
    ("qDelta_p", "qDelta_p"),
    ("qDelta_p", "Sigma"),
    ("Sigma", "Sigma"),
    ("qOmega_p", "qOmega_p"),
    ("qOmega_p", "Sigma_pp"),
    ("Sigma_pp", "Sigma_pp"),
    ("Sigma_p", "Sigma_p"),
    ("qDelta", "qDelta"),
    ("qDelta", "Sigma_p"),
)
"""The products kept per bin, as pairs of operator names: qDelta_p, qDelta and qOmega_p are
q Δ'_J, q Δ_J and q Ω'_J (q in fm⁻¹, Ω' = Ω + Σ''/2), which stay finite as q → 0 where Δ'_1
and Ω_0 grow as 1/q; they enter the multipoles only as (q/M) Δ', (q/M) Δ and (q/M) Ω'."""

_FORMAT = 4  # bump when the tables change


@dataclass(frozen=True, eq=False)
class ChargeExchangeResponse(Result):
    """Binned response of (Z, N) in the ``direction`` "-" (t₋: ν CC) or "+" (t₊: ν̄ CC).

    ``omega_MeV``: bin centres (model energy, MeV); ``q_fm``: momentum transfers (fm⁻¹);
    ``products``: dict from "A*B" names to arrays (2, bins, q) of the :data:`BILINEARS`,
    the first for the allowed multipoles J^π = 0⁺, 1⁺ (Fermi and Gamow-Teller at q → 0, and
    their finite-q forms), the second for all others (the forbidden ones);
    ``analog_MeV``: the Coulomb displacement energy: the model energy of the isobaric analog
    state (the t₋ J = 0⁺ state with the most Fermi strength) for either direction, and for
    N = Z targets, which have none, the mean Coulomb potential of the neutrons; ``fermi``,
    ``gamow_teller``: the RPA's
    S₋ - S₊ (without g_A) summed over all states, and ``*_direction``: the strength of the
    states of this direction (ω > 0)."""

    Z: int
    N: int
    skyrme: str
    direction: str
    j_max: int
    omega_MeV: np.ndarray
    q_fm: np.ndarray
    products: dict
    analog_MeV: float
    fermi: float
    gamow_teller: float
    fermi_direction: float
    gamow_teller_direction: float

    def product(self, first: str, second: str) -> np.ndarray:
        """The product table of two operators summed over all multipoles, (bins, q)."""
        return self.products[f"{first}*{second}"].sum(axis=0)

    def to_dict(self) -> dict:
        return {
            "Z": self.Z,
            "N": self.N,
            "skyrme": self.skyrme,
            "direction": self.direction,
            "j_max": self.j_max,
            "analog_MeV": self.analog_MeV,
            "fermi_sum_rule": self.fermi,
            "ikeda_sum_rule": self.gamow_teller,
            "fermi_strength": self.fermi_direction,
            "gamow_teller_strength": self.gamow_teller_direction,
            "bin_MeV": float(self.omega_MeV[1] - self.omega_MeV[0]),
        }


def charge_exchange_response(
    Z: int,
    N: int,
    skyrme="SLy4",
    direction: str = "-",
    j_max: int = 8,
    bin_MeV: float = 0.5,
    omega_max_MeV: float = 150.0,
    q_max_fm: float = 3.2,
    residual: bool = True,
    cache: bool = True,
    progress=None,
    hole: str | None = None,
) -> ChargeExchangeResponse:
    """The response table of (Z, N): multipoles J = 0..``j_max`` of both parities, bins of
    ``bin_MeV`` up to ``omega_max_MeV``, q from 0 to ``q_max_fm`` in steps of 0.025 fm⁻¹;
    from the disk cache when present (``cache=False`` recomputes and does not store).
    ``progress``, if given, is called as ``progress(done, total)`` over the multipoles.
    ``hole``: the label of an occupied orbital of the initial kind (e.g. "1p3/2"): the free
    response (``residual=False``) of the transitions out of it only."""
    parameters = skyrme_parameters(skyrme)
    if direction not in ("-", "+"):
        raise CevnsInputError(f"direction must be '-' (t-, neutrino) or '+', got {direction!r}")
    if not (0 <= int(j_max) == j_max <= 20):
        raise CevnsInputError(f"j_max must be an integer 0..20, got {j_max!r}")
    if not (0.05 <= bin_MeV <= 5 and 10 <= omega_max_MeV <= 400 and 0.5 <= q_max_fm <= 8):
        raise CevnsInputError(
            "need 0.05 <= bin_MeV <= 5, 10 <= omega_max_MeV <= 400 and 0.5 <= q_max_fm <= 8"
        )
    settings = [_FORMAT, parameters.to_dict(), direction, int(j_max), bin_MeV, omega_max_MeV]
    settings += [q_max_fm, bool(residual), hole]
    key = hashlib.sha1(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()
    path = cache_dir() / f"cxrpa_Z{Z}_N{N}_{parameters.name}_{key[:12]}.npz"
    if hole is not None and residual:
        raise CevnsInputError("a response resolved by hole is the free one: residual=False")
    if cache and path.is_file():
        try:
            return _load(path)
        except (OSError, ValueError, KeyError):
            pass
    result = _compute(
        Z,
        N,
        parameters,
        direction,
        int(j_max),
        bin_MeV,
        omega_max_MeV,
        q_max_fm,
        residual,
        progress,
        hole,
    )
    if cache:
        try:
            _save(path, result)
        except OSError:
            pass
    return result


def _compute(
    Z,
    N,
    parameters,
    direction,
    j_max,
    bin_MeV,
    omega_max_MeV,
    q_max_fm,
    residual,
    progress,
    hole=None,
) -> ChargeExchangeResponse:
    hf = hartree_fock(Z, N, parameters)
    basis = single_particle_basis(hf)
    rho0 = np.zeros(basis.r_fm.size)
    rho0[: hf.r_fm.size] = hf.rho_p + hf.rho_n
    edges = np.arange(0.0, omega_max_MeV + 0.5 * bin_MeV, bin_MeV)
    if hole is not None:
        initial = "neutron" if direction == "-" else "proton"
        holes = {o.label: o for o in basis.occupied(initial)}
        if hole not in holes:
            raise CevnsInputError(
                f"no occupied {initial} orbital {hole!r}; occupied: {', '.join(holes)}"
            )
        hole = holes[hole]
    q = np.arange(0.0, q_max_fm + 1e-9, 0.025)
    q[0] = 1e-4  # the q → 0 limit
    nbins = edges.size - 1
    products = {f"{a}*{b}": np.zeros((2, nbins, q.size)) for a, b in BILINEARS}
    sums = {"fermi": 0.0, "gt": 0.0, "fermi_dir": 0.0, "gt_dir": 0.0}
    analog = np.nan
    channels = [(J, parity) for J in range(j_max + 1) for parity in (1, -1)]
    for done, (J, parity) in enumerate(channels):
        states = charge_exchange_rpa(
            basis, hf.parameters, rho0, J, parity, direction, residual=residual, hole=hole
        )
        if states.energies_MeV.size:
            amplitudes = states.amplitudes(q)
            column = q[None, :]
            amplitudes["qOmega_p"] = column * (amplitudes["Omega"] + 0.5 * amplitudes["Sigma_pp"])
            amplitudes["qDelta_p"] = column * amplitudes["Delta_p"]
            amplitudes["qDelta"] = column * amplitudes["Delta"]
            small = np.sqrt(4 * np.pi)
            if (J, parity) == (0, 1):
                fermi = states.norms * (small * amplitudes["M"][:, 0]) ** 2
                sums["fermi"] = float(fermi.sum())
                keep = states.energies_MeV > 0
                sums["fermi_dir"] = float(fermi[keep].sum())
                analog = float(states.energies_MeV[np.argmax(fermi)])
            if (J, parity) == (1, 1):
                gt = (
                    states.norms
                    * small**2
                    * (amplitudes["Sigma_p"][:, 0] ** 2 + amplitudes["Sigma_pp"][:, 0] ** 2)
                )
                sums["gt"] = float(gt.sum())
                sums["gt_dir"] = float(gt[states.energies_MeV > 0].sum())
            index = np.searchsorted(edges, states.energies_MeV, side="right") - 1
            inside = (states.energies_MeV > 0) & (index >= 0) & (index < nbins)
            for a, b in BILINEARS:
                weighted = (
                    states.norms[inside, None] * amplitudes[a][inside] * amplitudes[b][inside]
                )
                part = 0 if (J, parity) in ((0, 1), (1, 1)) else 1
                np.add.at(products[f"{a}*{b}"][part], index[inside], weighted)
        if progress is not None:
            progress(done + 1, len(channels))
    if hf.N == hf.Z:
        analog = _coulomb_displacement(hf)
    elif direction == "+" or hole is not None:
        analog = _analog(basis, hf.parameters, rho0, True)
    return ChargeExchangeResponse(
        hf.Z,
        hf.N,
        hf.parameters.name,
        direction,
        j_max,
        0.5 * (edges[1:] + edges[:-1]),
        q,
        products,
        analog,
        sums["fermi"],
        sums["gt"],
        sums["fermi_dir"],
        sums["gt_dir"],
    )


def _analog(basis, parameters, rho0, residual) -> float:
    """The model energy of the t₋ state with the most Fermi strength."""
    states = charge_exchange_rpa(basis, parameters, rho0, 0, 1, "-", residual=residual)
    fermi = states.strength(reduced_elements(states.pairs, states.r_fm, [1e-4], 0)["M"][:, 0])
    return float(states.energies_MeV[np.argmax(fermi)])


def _coulomb_displacement(hf) -> float:
    """The mean direct Coulomb potential felt by the neutrons, ∫ V_C ρ_n d³r / N (MeV): the
    energy a neutron gains on becoming a proton, for N = Z targets whose t₋ Fermi strength
    vanishes (3.4 MeV for 12C; the 12N ground state lies 3.0 MeV above the 15.11 MeV analog
    level of 12C once the neutron-proton mass difference is removed)."""
    from .hf import _coulomb_direct

    r, h = hf.r_fm, hf.mesh_fm
    potential = _coulomb_direct(hf.rho_p, r, h)
    return float(4 * np.pi * h * np.sum(potential * hf.rho_n * r**2) / hf.N)


def _save(path, r: ChargeExchangeResponse) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in r.to_dict().items() if k != "bin_MeV"}
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, omega=r.omega_MeV, q=r.q_fm, meta=json.dumps(meta), **r.products)
    tmp.replace(path)


def _load(path) -> ChargeExchangeResponse:
    with np.load(path) as f:
        meta = json.loads(str(f["meta"]))
        products = {f"{a}*{b}": f[f"{a}*{b}"] for a, b in BILINEARS}
        omega, q = f["omega"], f["q"]
    return ChargeExchangeResponse(
        meta["Z"],
        meta["N"],
        meta["skyrme"],
        meta["direction"],
        meta["j_max"],
        omega,
        q,
        products,
        meta["analog_MeV"],
        meta["fermi_sum_rule"],
        meta["ikeda_sum_rule"],
        meta["fermi_strength"],
        meta["gamow_teller_strength"],
    )
