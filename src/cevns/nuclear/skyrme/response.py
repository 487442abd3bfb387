"""Weak response tables, charged and neutral current: the RPA of :mod:`.rpa` summed over
multipoles and binned in energy, ready for a lepton tensor.

The weak multipoles of J. D. Walecka (*Semileptonic Weak Interactions in Nuclei*, 1975;
Donnelly and Haxton, At. Data Nucl. Data Tables 23, 103 (1979)) are linear in the seven
elementary operators of :mod:`cevns.nuclear.multipoles` with nucleon form factors as
coefficients. The cross section needs products of them, summed over the final states
(and over J) of each energy bin; they are kept here on a grid of momentum transfer q so the
form factors, which depend on q and ω only, multiply them later:

    natural parity:    M·M, Δ'·Δ', Δ'·Σ, Σ·Σ
    unnatural parity:  Ω'·Ω', Ω'·Σ'', Σ''·Σ'', Σ'·Σ', Δ·Δ, Δ·Σ'     (Ω' = Ω + Σ''/2)

with Σ and Σ' kept twice, once with the magnetic and once with the axial coupling (the
neutral current weighs protons and neutrons differently in each role; :data:`BILINEARS`).

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
from .rpa import charge_exchange_rpa, like_particle_rpa
from .store import cache_dir, hartree_fock

__all__ = ["BILINEARS", "WeakResponse", "weak_response"]

BILINEARS = (
    ("M", "M"),
    ("qDelta_p", "qDelta_p"),
    ("qDelta_p", "Sigma_mu"),
    ("Sigma_mu", "Sigma_mu"),
    ("Sigma", "Sigma"),
    ("qDelta_p", "Sigma"),
    ("Sigma_mu", "Sigma"),
    ("qOmega_p", "qOmega_p"),
    ("qOmega_p", "Sigma_pp"),
    ("Sigma_pp", "Sigma_pp"),
    ("Sigma_p", "Sigma_p"),
    ("qDelta", "qDelta"),
    ("qDelta", "Sigma_p_mu"),
    ("Sigma_p_mu", "Sigma_p_mu"),
    ("qDelta", "Sigma_p"),
    ("Sigma_p_mu", "Sigma_p"),
)
"""The products kept per bin, as pairs of amplitude names. qDelta_p, qDelta and qOmega_p are
q Δ'_J, q Δ_J and q Ω'_J (q in fm⁻¹, Ω' = Ω + Σ''/2), which stay finite as q → 0 where Δ'_1
and Ω_0 grow as 1/q; they enter the multipoles only as (q/M) Δ', (q/M) Δ and (q/M) Ω'. Each
amplitude carries the coupling of its role per nucleon kind: M, qDelta_p, qDelta the vector
charge (convection current), Sigma_mu, Sigma_p_mu the magnetic moment, Sigma, Sigma_p,
Sigma_pp, qOmega_p the axial charge. For charged currents every coupling is 1 (isovector
form factors multiply later); for the neutral current they are the Z couplings of
:func:`neutral_current_couplings`."""


def neutral_current_couplings(sin2_theta_w: float) -> dict:
    """Per-kind (proton, neutron) Z couplings of the roles of :data:`BILINEARS`, relative to
    the isovector form factors that multiply them in the cross section: vector charge
    F₁^Z = ±½ - 2 sin²θ_W F₁^(p,n) (at Q² = 0: ½ - 2 sin²θ_W, -½), magnetic
    G_M^Z = ±½(μ_p - μ_n) - 2 sin²θ_W μ_(p,n) over μ_p - μ_n, axial ±½ g_A - ½ Δs over g_A,
    with Δs the strange axial charge (the Z current J^Z = J³ - 2 sin²θ_W J^em - ½ J^s of
    the Standard Model; e.g. W. M. Alberico, S. M. Bilenky, C. Maieron, Phys. Rep. 358, 227
    (2002))."""
    from ...constants import AXIAL_COUPLING, STRANGE_AXIAL_CHARGE
    from ..nucleon import NEUTRON_MAGNETIC_MOMENT, PROTON_MAGNETIC_MOMENT

    s2 = float(sin2_theta_w)
    mu_p, mu_n = PROTON_MAGNETIC_MOMENT, NEUTRON_MAGNETIC_MOMENT
    mu_v = mu_p - mu_n
    return {
        "charge": (0.5 - 2 * s2, -0.5),
        "magnetic": ((0.5 * mu_v - 2 * s2 * mu_p) / mu_v, (-0.5 * mu_v - 2 * s2 * mu_n) / mu_v),
        "axial": (
            (0.5 * AXIAL_COUPLING - 0.5 * STRANGE_AXIAL_CHARGE) / AXIAL_COUPLING,
            (-0.5 * AXIAL_COUPLING - 0.5 * STRANGE_AXIAL_CHARGE) / AXIAL_COUPLING,
        ),
    }


_ROLES = {
    "M": ("M", "charge"),
    "Delta_p": ("Delta_p", "charge"),
    "Delta": ("Delta", "charge"),
    "Sigma_mu": ("Sigma", "magnetic"),
    "Sigma_p_mu": ("Sigma_p", "magnetic"),
    "Sigma": ("Sigma", "axial"),
    "Sigma_p": ("Sigma_p", "axial"),
    "Sigma_pp": ("Sigma_pp", "axial"),
    "Omega": ("Omega", "axial"),
}

_FORMAT = 6  # bump when the tables change


@dataclass(frozen=True, eq=False)
class WeakResponse(Result):
    """Binned response of (Z, N) in the ``direction`` "-" (t₋: ν CC), "+" (t₊: ν̄ CC) or "0"
    (neutral current, with the Z couplings).

    ``omega_MeV``: bin centres (model energy, MeV); ``q_fm``: momentum transfers (fm⁻¹);
    ``products``: dict from "A*B" names to arrays (2, bins, q) of the :data:`BILINEARS`,
    the first for the allowed multipoles J^π = 0⁺, 1⁺ (Fermi and Gamow-Teller at q → 0, and
    their finite-q forms), the second for all others (the forbidden ones);
    ``analog_MeV``: the Coulomb displacement energy: the model energy of the isobaric analog
    state (the t₋ J = 0⁺ state with the most Fermi strength) for either direction, and for
    N = Z targets, which have none, the mean Coulomb potential of the neutrons (0 for the
    neutral current); ``fermi``, ``gamow_teller``: the RPA's S₋ - S₊ (without g_A) summed
    over all states, and ``*_direction``: the strength of the states of this direction
    (ω > 0); for the neutral current those of Σ t₃ and Σ σ t₃."""

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


def weak_response(
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
    sin2_theta_w: float | None = None,
    box_margin_fm: float = 10.0,
) -> WeakResponse:
    """The response table of (Z, N): multipoles J = 0..``j_max`` of both parities, bins of
    ``bin_MeV`` up to ``omega_max_MeV``, q from 0 to ``q_max_fm`` in steps of 0.025 fm⁻¹;
    from the disk cache when present (``cache=False`` recomputes and does not store).
    ``progress``, if given, is called as ``progress(done, total)`` over the multipoles.
    ``hole``: the label of an occupied orbital of the initial kind (e.g. "1p3/2"): the free
    response (``residual=False``) of the transitions out of it only. ``box_margin_fm``: the
    basis box extends the HF box by this much (the continuum is discretised by it; 10 fm
    converges σ(E) to 2 %)."""
    parameters = skyrme_parameters(skyrme)
    if direction not in ("-", "+", "0"):
        raise CevnsInputError(
            f"direction must be '-' (t-, neutrino CC), '+' (t+, antineutrino CC) or '0' "
            f"(neutral current), got {direction!r}"
        )
    if sin2_theta_w is None:
        from ...constants import SIN2_THETA_W_LOW_Q

        sin2_theta_w = SIN2_THETA_W_LOW_Q
    if not (0 <= int(j_max) == j_max <= 20):
        raise CevnsInputError(f"j_max must be an integer 0..20, got {j_max!r}")
    if not (5 <= box_margin_fm <= 100):
        raise CevnsInputError(f"box_margin_fm must lie in [5, 100] fm, got {box_margin_fm}")
    if not (0.05 <= bin_MeV <= 5 and 10 <= omega_max_MeV <= 400 and 0.5 <= q_max_fm <= 8):
        raise CevnsInputError(
            "need 0.05 <= bin_MeV <= 5, 10 <= omega_max_MeV <= 400 and 0.5 <= q_max_fm <= 8"
        )
    settings = [_FORMAT, parameters.to_dict(), direction, int(j_max), bin_MeV, omega_max_MeV]
    settings += [q_max_fm, bool(residual), hole]
    if box_margin_fm != 10.0:
        settings.append(float(box_margin_fm))
    if direction == "0":
        settings.append(float(sin2_theta_w))
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
        sin2_theta_w,
        box_margin_fm,
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
    sin2_theta_w=None,
    box_margin_fm=10.0,
) -> WeakResponse:
    hf = hartree_fock(Z, N, parameters)
    basis = single_particle_basis(hf, box_fm=hf.box_fm + box_margin_fm)
    rho0 = np.zeros(basis.r_fm.size)
    rho0[: hf.r_fm.size] = hf.rho_p + hf.rho_n
    rho1 = np.zeros(basis.r_fm.size)
    rho1[: hf.r_fm.size] = hf.rho_n - hf.rho_p
    edges = np.arange(0.0, omega_max_MeV + 0.5 * bin_MeV, bin_MeV)
    if hole is not None:
        initial = {"-": "neutron", "+": "proton", "0": "neutron"}[direction]
        if direction == "0" and hole.startswith(("proton ", "neutron ")):
            initial, hole = hole.split(" ", 1)
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
    couplings = neutral_current_couplings(sin2_theta_w) if direction == "0" else None
    for done, (J, parity) in enumerate(channels):
        if direction == "0":
            states = like_particle_rpa(
                basis, hf.parameters, rho0, rho1, J, parity, residual=residual, hole=hole
            )
        else:
            states = charge_exchange_rpa(
                basis, hf.parameters, rho0, J, parity, direction, residual=residual, hole=hole
            )
        if states.energies_MeV.size:
            if couplings is None:
                ones = np.ones(len(states.pairs))
                roles = {name: (op, ones) for name, (op, _) in _ROLES.items()}
            else:
                kind = np.array([a.kind == "neutron" for a, _ in states.pairs], dtype=int)
                roles = {
                    name: (op, np.asarray(couplings[role])[kind])
                    for name, (op, role) in _ROLES.items()
                }
            amplitudes = states.amplitudes(q, roles)
            column = q[None, :]
            amplitudes["qOmega_p"] = column * (amplitudes["Omega"] + 0.5 * amplitudes["Sigma_pp"])
            amplitudes["qDelta_p"] = column * amplitudes["Delta_p"]
            amplitudes["qDelta"] = column * amplitudes["Delta"]
            keep = states.energies_MeV > 0
            if (J, parity) in ((0, 1), (1, 1)):
                # Fermi (Σ t) and Gamow-Teller (Σ σ t) strengths at q → 0, t = t₋, t₊ or t₃
                t = np.ones(len(states.pairs))
                if direction == "0":
                    t = np.array([0.5 if a.kind == "proton" else -0.5 for a, _ in states.pairs])
                elements = reduced_elements(states.pairs, states.r_fm, [1e-4], J)
                small = np.sqrt(4 * np.pi) * t
                if J == 0:
                    strength = states.strength(small * elements["M"][:, 0])
                    sums["fermi"], sums["fermi_dir"] = strength.sum(), strength[keep].sum()
                    if direction != "0":
                        analog = float(states.energies_MeV[np.argmax(strength)])
                else:
                    strength = states.strength(small * elements["Sigma_p"][:, 0])
                    strength = strength + states.strength(small * elements["Sigma_pp"][:, 0])
                    sums["gt"], sums["gt_dir"] = strength.sum(), strength[keep].sum()
            index = np.searchsorted(edges, states.energies_MeV, side="right") - 1
            inside = keep & (index >= 0) & (index < nbins)
            part = 0 if (J, parity) in ((0, 1), (1, 1)) else 1
            for a, b in BILINEARS:
                weighted = (
                    states.norms[inside, None] * amplitudes[a][inside] * amplitudes[b][inside]
                )
                np.add.at(products[f"{a}*{b}"][part], index[inside], weighted)
        if progress is not None:
            progress(done + 1, len(channels))
    if direction == "0":
        analog = 0.0  # the vector current is conserved within the nucleus
    elif hf.N == hf.Z:
        analog = _coulomb_displacement(hf)
    elif direction == "+" or hole is not None:
        analog = _analog(basis, hf.parameters, rho0, True)
    return WeakResponse(
        hf.Z,
        hf.N,
        hf.parameters.name,
        direction,
        j_max,
        0.5 * (edges[1:] + edges[:-1]),
        q,
        products,
        analog,
        float(sums["fermi"]),
        float(sums["gt"]),
        float(sums["fermi_dir"]),
        float(sums["gt_dir"]),
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


def _save(path, r: WeakResponse) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in r.to_dict().items() if k != "bin_MeV"}
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, omega=r.omega_MeV, q=r.q_fm, meta=json.dumps(meta), **r.products)
    tmp.replace(path)


def _load(path) -> WeakResponse:
    with np.load(path) as f:
        meta = json.loads(str(f["meta"]))
        products = {f"{a}*{b}": f[f"{a}*{b}"] for a, b in BILINEARS}
        omega, q = f["omega"], f["q"]
    return WeakResponse(
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
