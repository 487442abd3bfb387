"""Charged-current quasi-elastic scattering at hundreds of MeV: a simple relativistic Fermi gas.

This is the textbook model, not a state-of-the-art one: nucleons fill a Fermi sphere, the struck
one is knocked out with a fixed removal energy and Pauli blocking, and nothing else happens (no
final-state interactions, no shell structure, no two-nucleon currents). It is meant for orders
of magnitude and for showing what those missing effects do, e.g. against the JSNS² missing-energy
measurement with 235.5 MeV kaon decay-at-rest ν_μ (arXiv:2409.01383).

* Free nucleon: Llewellyn Smith, Phys. Rept. 3, 261 (1972),
  dσ/dQ² = M²G_F²V_ud²/(8πE²) [A ± B w + C w²], w = (s − u)/M² (+ for ν with F_A > 0), with
  dipole vector form factors (M_V² = 0.71 GeV²), isovector magnetic moment μ_p − μ_n, a dipole
  axial form factor F_A = g_A/(1 + Q²/M_A²)² and the pion-pole F_P = 2M²F_A/(m_π² + Q²). It is
  used through the invariant ``|M|²`` = 8 G_F²V_ud² M⁴ [A ± B w + C w²].
* Fermi gas: Smith & Moniz, Nucl. Phys. B 43, 605 (1972). Integrating over the Fermi sphere with
  energy conservation E_p' = E_p + ω − ε (ε the removal energy plus the final-initial nucleon
  mass difference) leaves one integral over the initial nucleon energy,

      d²σ/dE_l dcosθ = N k'/(16 E V_F q) ∫ dE_p ``⟨|M|²⟩_φ``,   V_F = 4π k_F³/3,

  from E_lo = max[(q √(1 + 4M²/Q̃²) − ω̃)/2, E_F' − ω̃] to E_F, with ω̃ = ω − ε and Q̃² = q² − ω̃²
  in the form factors (a de Forest-like prescription; w = (k+k')·(p+p')/M², which is s − u for
  a free nucleon). The azimuthal average of ``|M|²`` is done in closed form.
* Fermi momenta and removal energies: the GENIE/NeuGEN defaults (GENIE
  config/FermiMomentumTables.xml, "Default" table, and CommonParam.xml "FermiGas"), which for
  carbon are the quasi-elastic electron-scattering values of Moniz et al., PRL 26, 445 (1971).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..constants import (
    ELECTRON_MASS,
    FERMI_CONSTANT_MEV2,
    HBARC2_MEV2_CM2,
    MUON_MASS,
    NEUTRON_MASS,
    PROTON_MASS,
    V_UD,
)
from ..errors import CevnsInputError
from ..nuclear.nucleon import AXIAL_MASS_MEV, NUCLEON_MASS, isovector_form_factors
from .protocol import checked_energies

__all__ = ["FermiGas", "FERMI_GASES", "FreeNucleonQE", "RelativisticFermiGas"]

_NUCLEON_MASS = NUCLEON_MASS
_LEPTON_MASS = {"e": ELECTRON_MASS, "mu": MUON_MASS}
_GL8 = np.polynomial.legendre.leggauss(8)


@dataclass(frozen=True)
class FermiGas:
    """A nucleus as a Fermi gas: ``Z``, ``N``, Fermi momenta of protons and neutrons (MeV) and
    the removal energy ``binding`` (MeV) of the struck nucleon."""

    name: str
    Z: int
    N: int
    kf_proton: float
    kf_neutron: float
    binding: float
    source: str


FERMI_GASES = {
    "12C": FermiGas(
        "12C", 6, 6, 221.0, 221.0, 25.0,
        "k_F 221 MeV, removal energy 25 MeV: Moniz et al., PRL 26, 445 (1971), as in GENIE's "
        "Default Fermi-momentum table and FermiGas parameters",
    ),
    "40Ar": FermiGas(
        "40Ar", 18, 22, 242.0, 259.0, 29.5,
        "k_F 242 (p) / 259 (n) MeV, removal energy 29.5 MeV: GENIE defaults "
        "(config/FermiMomentumTables.xml, CommonParam.xml); no electron-scattering fit for argon",
    ),
}  # fmt: skip
"""The packaged Fermi-gas nuclei."""


def _abc(Q2, lepton_mass, axial_mass):
    """Llewellyn Smith's A, B, C (dimensionless; B for F_A > 0)."""
    M2 = _NUCLEON_MASS**2
    x, m2 = Q2 / M2, lepton_mass**2 / M2
    f1, xf2, fa, fp = isovector_form_factors(Q2, axial_mass)
    a = (
        0.25
        * (m2 + x)
        * (
            (4.0 + x) * fa**2
            - (4.0 - x) * f1**2
            + x * xf2**2 * (1.0 - 0.25 * x)
            + 4.0 * x * f1 * xf2
            - m2 * ((f1 + xf2) ** 2 + (fa + 2.0 * fp) ** 2 - (x + 4.0) * fp**2)
        )
    )
    b = x * fa * (f1 + xf2)
    c = 0.25 * (fa**2 + f1**2 + 0.25 * x * xf2**2)
    return a, b, c


def _matrix_element_squared(Q2, w, w2, lepton_mass, axial_mass, neutrino: bool):
    """Spin-averaged ``|M|²`` = 8 G_F² V_ud² M⁴ [A ± B⟨w⟩ + C⟨w²⟩]."""
    a, b, c = _abc(Q2, lepton_mass, axial_mass)
    sign = 1.0 if neutrino else -1.0
    G2 = (FERMI_CONSTANT_MEV2 * V_UD) ** 2
    return 8.0 * G2 * _NUCLEON_MASS**4 * (a + sign * b * w + c * w2)


def _check_lepton(lepton: str) -> float:
    if lepton not in _LEPTON_MASS:
        raise CevnsInputError(f"unknown lepton {lepton!r}; use 'e' or 'mu'")
    return _LEPTON_MASS[lepton]


@dataclass(frozen=True)
class FreeNucleonQE:
    """ν_l n → l⁻ p (``neutrino``) or ν̄_l p → l⁺ n on a nucleon at rest (Llewellyn Smith 1972);
    ``lepton`` "e" or "mu", ``axial_mass`` in MeV."""

    lepton: str = "mu"
    neutrino: bool = True
    axial_mass: float = AXIAL_MASS_MEV

    def _masses(self):
        m = _check_lepton(self.lepton)
        return (NEUTRON_MASS, PROTON_MASS, m) if self.neutrino else (PROTON_MASS, NEUTRON_MASS, m)

    def q2_range(self, energy):
        """(Q²_min, Q²_max) in MeV² from two-body kinematics with the physical masses (NaN
        below threshold)."""
        Mi, Mf, m = self._masses()
        E = np.asarray(energy, dtype=float)
        s = Mi * Mi + 2.0 * Mi * E
        root_s = np.sqrt(s)
        k_cm = (s - Mi * Mi) / (2.0 * root_s)
        lam = (s - (m + Mf) ** 2) * (s - (m - Mf) ** 2)
        ok = lam > 0
        p_cm = np.sqrt(np.where(ok, lam, 0.0)) / (2.0 * root_s)
        El_cm = (s + m * m - Mf * Mf) / (2.0 * root_s)
        lo = -(m * m) + 2.0 * k_cm * (El_cm - p_cm)
        hi = -(m * m) + 2.0 * k_cm * (El_cm + p_cm)
        return np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)

    def dsigma_dQ2(self, energy, Q2):
        """dσ/dQ² in cm²/MeV² (s − u from the physical masses, which matters near threshold)."""
        E, Q2 = np.broadcast_arrays(np.asarray(energy, float), np.asarray(Q2, float))
        Mi, Mf, m = self._masses()
        M = _NUCLEON_MASS
        lepton_energy = E - (Q2 + Mf * Mf - Mi * Mi) / (2.0 * Mi)
        w = (2.0 * Mi * (E + lepton_energy) - m * m) / M**2  # (s - u)/M², physical masses
        msq = _matrix_element_squared(Q2, w, w * w, m, self.axial_mass, self.neutrino)
        return msq / (64.0 * np.pi * M**2 * E**2) * HBARC2_MEV2_CM2

    @property
    def flavor(self) -> str:
        """The neutrino that drives the reaction (ν_l or ν̄_l)."""
        return f"nu{self.lepton}" + ("" if self.neutrino else "bar")

    def kinks(self, flavor: str | None = None) -> np.ndarray:
        """The threshold E = ((m_l + M_f)² − M_i²)/(2 M_i) (MeV)."""
        Mi, Mf, m = self._masses()
        return np.array([((m + Mf) ** 2 - Mi * Mi) / (2.0 * Mi)])

    def total(self, energy, flavor: str | None = None, points: int = 64) -> np.ndarray:
        """σ(E) in cm² (Gauss-Legendre in Q²; zero below threshold, and for a ``flavor``
        other than :attr:`flavor`)."""
        E = np.atleast_1d(checked_energies(energy))
        if flavor is not None and flavor != self.flavor:
            return np.zeros(E.shape)
        lo, hi = self.q2_range(E)
        ok = np.isfinite(lo)
        x, wt = np.polynomial.legendre.leggauss(points)
        half = 0.5 * np.where(ok, hi - lo, 0.0)[:, None]
        Q2 = 0.5 * np.where(ok, hi + lo, 0.0)[:, None] + half * x
        value = np.sum(half * wt * self.dsigma_dQ2(E[:, None], Q2), axis=1)
        return np.where(ok, value, 0.0)


class RelativisticFermiGas:
    """CC quasi-elastic ν_l (``neutrino``) or ν̄_l scattering on a Fermi-gas nucleus (a key of
    :data:`FERMI_GASES` or a :class:`FermiGas`); cross sections per nucleus in cm².

    ``pauli_blocking`` and ``binding`` (MeV, default the nucleus's removal energy) can be changed
    to see their effect; with k_F → 0, no binding and no blocking it is the free nucleon times
    the number of target nucleons.
    """

    def __init__(
        self,
        nucleus="12C",
        lepton: str = "mu",
        neutrino: bool = True,
        axial_mass: float = AXIAL_MASS_MEV,
        binding: float | None = None,
        pauli_blocking: bool = True,
    ):
        if not isinstance(nucleus, FermiGas):
            if nucleus not in FERMI_GASES:
                raise CevnsInputError(
                    f"no Fermi-gas parameters for {nucleus!r}; packaged: {', '.join(FERMI_GASES)}"
                )
            nucleus = FERMI_GASES[nucleus]
        self.nucleus = nucleus
        self.lepton_mass = _check_lepton(lepton)
        self.neutrino = neutrino
        self.axial_mass = float(axial_mass)
        self.binding = nucleus.binding if binding is None else float(binding)
        self.pauli_blocking = pauli_blocking
        # ν: n -> p; ν̄: p -> n. ε = removal energy + (M_final - M_initial)
        if neutrino:
            self.targets, kf_i, kf_f, dm = nucleus.N, nucleus.kf_neutron, nucleus.kf_proton, -1
        else:
            self.targets, kf_i, kf_f, dm = nucleus.Z, nucleus.kf_proton, nucleus.kf_neutron, 1
        self.kf_initial, self.kf_final = kf_i, kf_f
        self.epsilon = self.binding + dm * (NEUTRON_MASS - PROTON_MASS)

    def _nucleon_integral(self, E, El, cos_theta):
        """Nodes (E_p) and integrand weights of ∫ dE_p ``⟨|M|²⟩`` times the prefactor, on broadcast
        (El, cosθ) arrays: returns (E_p nodes [..., 8], d²σ/dE_l dcosθ contributions [..., 8])."""
        M, m = _NUCLEON_MASS, self.lepton_mass
        k2 = np.maximum(El * El - m * m, 0.0)
        kp = np.sqrt(k2)
        q2 = E * E + k2 - 2.0 * E * kp * cos_theta
        q = np.sqrt(np.maximum(q2, 1e-12))
        omega = E - El
        wt_ = omega - self.epsilon  # ω̃
        Q2t = q2 - wt_ * wt_  # Q̃²
        EF = np.sqrt(M * M + self.kf_initial**2)
        EFf = np.sqrt(M * M + self.kf_final**2)
        valid = (Q2t > 0) & (kp > 0)
        Q2s = np.where(valid, Q2t, 1.0)
        e_lo = 0.5 * (q * np.sqrt(1.0 + 4.0 * M * M / Q2s) - wt_)
        if self.pauli_blocking:
            e_lo = np.maximum(e_lo, EFf - wt_)
        e_lo = np.maximum(e_lo, M)
        valid &= e_lo < EF
        lo = np.where(valid, e_lo, EF)
        x, w = _GL8
        half = (0.5 * (EF - lo))[..., None]
        Ep = (0.5 * (EF + lo))[..., None] + half * x
        p = np.sqrt(np.maximum(Ep * Ep - M * M, 0.0))
        qn, wtn, Q2n = q[..., None], wt_[..., None], Q2s[..., None]
        cos_a = np.clip((2.0 * Ep * wtn - Q2n) / (2.0 * np.maximum(p, 1e-9) * qn), -1.0, 1.0)
        sin_a = np.sqrt(1.0 - cos_a**2)
        # K = k + k' and P = p + p' = 2p + q̃: components along q and across it
        K0 = (E + El)[..., None]
        K_par = ((E * E - k2) / q)[..., None]
        K_perp = np.sqrt(np.maximum(E * E + k2 + 2.0 * E * kp * cos_theta - (K_par[..., 0]) ** 2,
                                    0.0))[..., None]  # fmt: skip
        a = (2.0 * Ep + wtn) * K0 - (2.0 * p * cos_a + qn) * K_par
        b = -2.0 * p * sin_a * K_perp
        w1 = a / M**2
        w2 = (a * a + 0.5 * b * b) / M**4
        msq = _matrix_element_squared(Q2n, w1, w2, m, self.axial_mass, self.neutrino)
        VF = 4.0 * np.pi * self.kf_initial**3 / 3.0
        pref = (self.targets * kp / (16.0 * E * VF * q))[..., None]
        contrib = np.where(valid[..., None], pref * half * w * msq, 0.0) * HBARC2_MEV2_CM2
        return Ep, contrib

    def double_differential(self, energy: float, lepton_kinetic, cos_theta) -> np.ndarray:
        """d²σ/dT_l dcosθ in cm²/MeV per nucleus (broadcast over T_l in MeV and cosθ)."""
        El = np.asarray(lepton_kinetic, dtype=float) + self.lepton_mass
        cos_theta = np.asarray(cos_theta, dtype=float)
        El, cos_theta = np.broadcast_arrays(El, cos_theta)
        return self._nucleon_integral(float(energy), El, cos_theta)[1].sum(axis=-1)

    def _grid(self, energy: float, n_t: int = 160, n_cos: int = 96):
        """Gauss-Legendre nodes and weights over (T_l, cosθ) covering the allowed region."""
        top = energy - self.lepton_mass - self.epsilon + self.kf_initial**2 / (2 * _NUCLEON_MASS)
        if top <= 0:
            return None
        xt, wt = np.polynomial.legendre.leggauss(n_t)
        xc, wc = np.polynomial.legendre.leggauss(n_cos)
        T = 0.5 * top * (xt + 1.0)
        return T[:, None], xc[None, :], (0.5 * top * wt)[:, None] * wc[None, :]

    @property
    def flavor(self) -> str:
        """The neutrino that drives the reaction (ν_l or ν̄_l)."""
        lepton = {ELECTRON_MASS: "e", MUON_MASS: "mu"}[self.lepton_mass]
        return f"nu{lepton}" + ("" if self.neutrino else "bar")

    def kinks(self, flavor: str | None = None) -> np.ndarray:
        """No kinks are marked (σ(E) rises smoothly from its threshold in a Fermi gas)."""
        return np.zeros(0)

    def total(self, energy, flavor: str | None = None) -> np.ndarray:
        """σ(E) per nucleus in cm² (zero for a ``flavor`` other than :attr:`flavor`)."""
        energies = np.atleast_1d(checked_energies(energy))
        if flavor is not None and flavor != self.flavor:
            return np.zeros(energies.shape)
        out = []
        for E in energies:
            grid = self._grid(E)
            if grid is None:
                out.append(0.0)
                continue
            T, c, w = grid
            out.append(float(np.sum(w * self.double_differential(E, T, c))))
        return np.array(out)

    def missing_energy_distribution(self, energy: float, edges_MeV) -> np.ndarray:
        """dσ per bin of missing energy E_m = ω − T_p (the JSNS² definition), in cm². In the
        Fermi gas E_m = ε − T_i, with T_i the struck nucleon's initial kinetic energy, so it lies
        between ε − T_F and ε."""
        edges = np.asarray(edges_MeV, dtype=float)
        if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
            raise CevnsInputError("missing-energy bin edges must be increasing, at least two")
        grid = self._grid(float(energy))
        if grid is None:
            return np.zeros(edges.size - 1)
        T, c, w = grid
        El, c = np.broadcast_arrays(T + self.lepton_mass, c)
        Ep, contrib = self._nucleon_integral(float(energy), El, c)
        e_miss = self.epsilon - (Ep - _NUCLEON_MASS)
        return np.histogram(e_miss.ravel(), edges, weights=(w[..., None] * contrib).ravel())[0]
