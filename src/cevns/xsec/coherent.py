"""Coherent elastic neutrino-nucleus scattering cross section.

dσ/dT = (G_F^2 M / π) (1 - T/E - M T / (2E^2)) (Q_W^2/4) F_W^2(q)       (Carey & Pandey, NuFact
2024, arXiv:2412.18055, Eq. 4)

plus, with new physics, the effective couplings of :mod:`cevns.xsec.couplings` in place of
g_p, g_n, and the incoherent magnetic-moment and scalar-mediator terms.

with the weak charge and form factor combined as Q_W F_W(q) = g_p Z F_p(q) + g_n N F_n(q)
(Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eq. 26), and the three-momentum transfer
q^2 = 2 M T + T^2
of the recoiling nucleus
(Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Sec. III.A). Since F_W depends on T only,
the cross section
is a polynomial in 1/E,

dσ/dT = a0(T) + a1(T)/E + a2(T)/E^2   for E >= E_min(T),

and the rate engine integrates it against a flux exactly through the flux's inverse-energy
moments. Energies in MeV, cross sections in cm^2 (per nucleus) and cm^2/MeV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..constants import FERMI_CONSTANT_MEV2, HBARC2_MEV2_CM2, HBARC_MEV_FM
from ..errors import CevnsInputError
from ..nuclear.axial import axial_structure
from ..nuclear.formfactors import FormFactorModel, form_factor_model
from ..nuclei import Isotope, isotope
from ..physics import PhysicsModel
from .couplings import lepton_loops, nucleon_couplings
from .magnetic import nuclear_magnetic_coefficients
from .protocol import checked_energies
from .scalar import scalar_a2

__all__ = [
    "CoherentCrossSection",
    "RecoilFactors",
    "coherent_cross_section",
    "max_recoil_energy",
    "min_neutrino_energy",
    "momentum_transfer",
]


def max_recoil_energy(energy, mass):
    """Largest nuclear recoil energy T_max = E / (1 + M/(2E)) in MeV (Carey & Pandey, NuFact 2024,
    arXiv:2412.18055, Eq. 6)."""
    E = checked_energies(energy)
    return 2.0 * E * E / (mass + 2.0 * E)


def min_neutrino_energy(recoil, mass):
    """Smallest neutrino energy that can give a recoil T: E_min = (T + sqrt(T^2 + 2MT))/2,
    the inverse of Carey & Pandey (arXiv:2412.18055) Eq. 6, in MeV."""
    T = checked_energies(recoil, "recoil energies")
    return 0.5 * (T + np.sqrt(T * T + 2.0 * mass * T))


def momentum_transfer(recoil, mass):
    """Three-momentum transfer q = sqrt(2 M T + T^2) in MeV for recoil T (Pandey, Prog. Part. Nucl.
    Phys. 2024, arXiv:2309.07840, Sec. III.A)."""
    T = np.maximum(np.asarray(recoil, dtype=float), 0.0)
    return np.sqrt(2.0 * mass * T + T * T)


class RecoilFactors(tuple):
    """(F_p(q), F_n(q)) at some momentum transfers, carrying the other functions of q alone
    that a cross section needs, so that a scan re-evaluating the cross section at fixed recoils
    computes them once: ``loops`` (lepton vacuum polarisations Π̂_ℓ(q), for the radiative
    couplings) and ``axial`` (the axial structure factors S_00, S_11, S_01), each None when
    the model does not use it."""

    def __new__(cls, proton, neutron, loops=None, axial=None):
        obj = super().__new__(cls, (proton, neutron))
        obj.loops = loops
        obj.axial = axial
        return obj

    def __getnewargs__(self):  # pickling (a Dask worker receives them with a scan's fit)
        return (self[0], self[1], self.loops, self.axial)


MAX_ENERGY_MEV = 1000.0
"""Largest neutrino energy for which σ(E) is tabulated (MeV). Coherence is lost long before
(q R >> 1 above a few hundred MeV); the cap keeps the table's size bounded."""


@dataclass(frozen=True)
class CoherentCrossSection:
    """The CEvNS cross section on one isotope, for one form-factor model and physics model.

    Build it with :func:`coherent_cross_section` (cached). All methods broadcast over arrays.
    """

    isotope: Isotope
    form_factor: FormFactorModel
    model: PhysicsModel
    _tables: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def mass(self) -> float:
        """Nuclear mass in MeV."""
        return self.isotope.mass

    def key(self, flavor: str) -> str:
        """Flavors with the same label share this cross section (ν and ν̄ always do)."""
        return self.model.flavor_key(flavor)

    def form_factors(self, q) -> RecoilFactors:
        """(F_p(q), F_n(q)) at momentum transfer q (MeV), one array twice when they coincide,
        as :class:`RecoilFactors` with the lepton loops and axial responses the model needs."""
        proton, neutron = _form_factors(self.isotope, self.form_factor)
        fp = proton(q)
        fn = fp if neutron is proton else neutron(q)
        model = self.model
        loops = lepton_loops(q) if model.radiative_couplings else None
        structure = axial_structure(self.isotope) if model.axial else None
        axial = structure.structure_factors(q) if structure is not None else None
        return RecoilFactors(fp, fn, loops, axial)

    def weak_amplitudes(self, q, flavor: str = "numu", form_factors=None) -> list:
        """Amplitudes A_αβ(q) = c_p Z F_p(q) + c_n N F_n(q) to each final flavor (the first
        flavor-conserving), with the effective couplings of :func:`nucleon_couplings`; in the
        Standard Model one amplitude, Q_W F_W(q) (Pandey, Prog. Part. Nucl. Phys. 2024,
        arXiv:2309.07840, Eq. 26
        times Q_W). q in MeV."""
        iso = self.isotope
        fp, fn = self.form_factors(q) if form_factors is None else form_factors
        out = []
        loops = getattr(form_factors, "loops", None)
        for c_p, c_n in nucleon_couplings(self.model, flavor, q, loops):
            if fn is fp and np.ndim(c_p) == 0 and np.ndim(c_n) == 0:
                out.append((c_p * iso.Z + c_n * iso.N) * fp)
            else:
                out.append(c_p * iso.Z * fp + c_n * iso.N * fn)
        return out

    def weak_charge_form_factor(self, q, flavor: str = "numu", form_factors=None):
        """Q_W F_W(q) = g_p Z F_p(q) + g_n N F_n(q) of the flavor-conserving amplitude
        (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eq. 26, times Q_W); q in MeV."""
        return self.weak_amplitudes(q, flavor, form_factors)[0]

    def vector_kinematics(self, recoil):
        """(k0, k1, k2) in cm^2/MeV per unit amplitude squared: the vector cross section is
        dσ/dT = Σ_β ``|A_αβ|²`` (k0 + k1/E + k2/E²), with k0 = G_F² M/(4π), k1 = -k0 T and
        k2 = -k0 M T/2 (Carey & Pandey, NuFact 2024, arXiv:2412.18055, Eq. 4); recoil in MeV.
        The rate engine's light-mediator grid builds its amplitudes on these."""
        T = np.asarray(recoil, dtype=float)
        M = self.mass
        k0 = np.full_like(T, FERMI_CONSTANT_MEV2**2 * M / np.pi * HBARC2_MEV2_CM2 / 4.0)
        return k0, -k0 * T, -0.5 * k0 * M * T

    def coefficients(self, recoil, flavor: str = "numu", form_factors=None):
        """(a0, a1, a2) with dσ/dT = a0 + a1/E + a2/E^2 in cm^2/MeV (E in MeV), valid for
        E >= E_min(T); arrays shaped like ``recoil`` (MeV). ``form_factors`` may pass
        (F_p, F_n) already evaluated at these recoils (the rate engine reuses them).

        Vector part (Carey & Pandey, NuFact 2024, arXiv:2412.18055, Eq. 4 with Σ_β ``|A_αβ|^2`` for
        Q_W^2 F_W^2):
        (G_F^2 M / 4π) ``Σ|A|^2`` (1, -T, -M T/2); for a nucleus with spin the axial term
        (G_F^2 M / 4π) F_A(q) (1, -T, +M T/2) (Pandey (arXiv:2309.07840) Eq. 33; Hoferichter,
        Menéndez, Schwenk, arXiv:2007.08529; :mod:`cevns.nuclear.axial`); plus the
        magnetic-moment term (Carey & Pandey (arXiv:2412.18055) Eq. 13, with the proton form
        factor as charge form factor) and scalar mediators (arXiv:1604.01025), which add
        incoherently.
        """
        T = np.asarray(recoil, dtype=float)
        M = self.mass
        q = momentum_transfer(T, M)
        ffs = self.form_factors(q) if form_factors is None else form_factors
        amps = self.weak_amplitudes(q, flavor, ffs)
        vector = sum(a * a for a in amps)
        k0 = self.vector_kinematics(T)[0]
        a0 = k0 * vector
        a1, a2 = -a0 * T, -0.5 * a0 * M * T
        model = self.model
        if model.axial:
            structure = axial_structure(self.isotope)
            if structure is not None:
                responses = getattr(ffs, "axial", None)
                f_a = k0 * structure.axial_form_factor(q, responses=responses)
                a0, a1, a2 = a0 + f_a, a1 - f_a * T, a2 + 0.5 * f_a * M * T
        moment = model.magnetic_moment[flavor]
        if moment != 0.0:
            m0, m1, m2 = nuclear_magnetic_coefficients(moment, self.isotope.Z, T, ffs[0])
            a0, a1, a2 = a0 + m0, a1 + m1, a2 + m2
        for mediator in model.scalar_mediators:
            if mediator.coupling != 0.0:
                iso = self.isotope
                a2 = a2 + scalar_a2(mediator, iso.Z, iso.N, M, T, ffs)
        return a0, a1, a2

    def dsigma_dT(self, energy, recoil, flavor: str = "numu"):
        """dσ/dT in cm^2/MeV at neutrino energy E and recoil T (MeV, broadcast); zero outside
        0 < T <= T_max(E) (Carey & Pandey, NuFact 2024, arXiv:2412.18055, Eq. 4 plus the model's
        new physics)."""
        E = checked_energies(energy, maximum=MAX_ENERGY_MEV)
        T = checked_energies(recoil, "recoil energies")
        inside = (T > 0) & (E > 0) & (T <= max_recoil_energy(E, self.mass))
        a0, a1, a2 = self.coefficients(np.where(inside, T, 1e-3), flavor)
        E_safe = np.where(E > 0, E, 1.0)
        value = a0 + a1 / E_safe + a2 / E_safe**2
        return np.where(inside, np.maximum(value, 0.0), 0.0)

    def dsigma_dcos(self, energy, cos_theta, flavor: str = "numu"):
        """dσ/dcosθ in cm^2 for the neutrino scattered by θ (lab frame) at energy E (MeV).

        Elastic kinematics on a nucleus at rest give E' = E / (1 + E(1 - cosθ)/M),
        T = E - E' and ``|dT/dcosθ|`` = E'^2/M, so dσ/dcosθ = (E'^2/M) dσ/dT. For M >> E this is
        Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) Eq. 21 with Eq. 22,
        (G_F^2 / 8π) Q_W^2 E^2 (1 + cosθ) F_W^2(q), q^2 = 2E^2(1 - cosθ). The recoil-angle
        distribution is the rate engine's
        :meth:`~cevns.rates.engine.RateCalculator.directional_density`."""
        E = checked_energies(energy, maximum=MAX_ENERGY_MEV)
        c = np.asarray(cos_theta, dtype=float)
        if np.any(~np.isfinite(c) | (np.abs(c) > 1.0)):
            raise CevnsInputError("cos_theta must lie in [-1, 1]")
        M = self.mass
        scattered = E / (1.0 + E * (1.0 - c) / M)
        recoil = np.maximum(E - scattered, 1e-30)  # forward limit: T -> 0+
        return np.where(E > 0, self.dsigma_dT(E, recoil, flavor) * scattered**2 / M, 0.0)

    def kinks(self, flavor: str = "numu") -> np.ndarray:
        """No kinks: σ(E) is smooth from E = 0 (:class:`~cevns.xsec.protocol.CrossSection`)."""
        return np.zeros(0)

    def total(self, energy, flavor: str = "numu", recoil_min: float = 0.0):
        """Total cross section σ(E) = ∫ dσ/dT dT from ``recoil_min`` to T_max, in cm^2
        (energies in MeV).

        σ(E) = J0(u) + J1(u)/E + J2(u)/E^2 between the limits, with the cumulative integrals
        J_k(u) = ∫ a_k dT up to u = q^2. They depend on the nucleus and model only, so they
        are tabulated once (Gauss-Legendre on a fine grid in q^2, exact cumulative sums) and
        interpolated with cubic Hermite polynomials using their known derivatives, which is
        exact in the point-nucleus limit; relative accuracy ~1e-9 from 5 to 150 MeV, ~1e-4 at
        1 MeV (where the whole integral lies inside one table cell) and ~3e-5 at 300 MeV for
        an oscillating form factor. With a magnetic moment or millicharge the integral
        diverges at T = 0: it is infinite for ``recoil_min`` = 0 and otherwise done by
        Gauss-Legendre in log T.
        """
        E = checked_energies(energy, maximum=MAX_ENERGY_MEV)
        M = self.mass
        E_pos = np.where(np.isfinite(E) & (E > 0), E, 0.0)
        t_max = max_recoil_energy(E_pos, M)
        if recoil_min < 0 or not np.isfinite(recoil_min):
            raise CevnsInputError(f"recoil_min must be finite and >= 0 MeV, got {recoil_min}")
        if self.model.infrared_divergent:
            if recoil_min == 0.0:
                return np.where(E_pos > 0, np.inf, 0.0)
            return self._total_log_quadrature(E_pos, flavor, recoil_min)
        u_max = momentum_transfer(t_max, M) ** 2
        u_min = momentum_transfer(recoil_min, M) ** 2
        table = self._cumulative_table(flavor, float(np.max(u_max, initial=0)))
        J = [hi - lo for hi, lo in zip(_hermite(table, u_max), _hermite(table, u_min), strict=True)]
        E_safe = np.where(E_pos > 0, E_pos, 1.0)
        sigma = J[0] + J[1] / E_safe + J[2] / E_safe**2
        return np.where((E_pos > 0) & (t_max > recoil_min), np.maximum(sigma, 0.0), 0.0)

    def _total_log_quadrature(self, E, flavor, recoil_min, panels: int = 32):
        t_max = max_recoil_energy(E, self.mass)
        ok = t_max > recoil_min
        lo = np.log(recoil_min)
        hi = np.log(np.where(ok, t_max, recoil_min * 2))
        x, w = np.polynomial.legendre.leggauss(8)
        edges = lo + (hi - lo)[..., None] * np.linspace(0.0, 1.0, panels + 1)
        half = 0.5 * np.diff(edges, axis=-1)
        nodes = (0.5 * (edges[..., 1:] + edges[..., :-1]))[..., None] + half[..., None] * x
        T = np.exp(nodes)
        value = self.dsigma_dT(np.asarray(E)[..., None, None], T, flavor) * T
        sigma = np.sum(value * half[..., None] * w, axis=(-1, -2))
        return np.where(ok & (E > 0), sigma, 0.0)

    def _cumulative_table(self, flavor: str, u_needed: float):
        key = self.model.flavor_key(flavor)
        table = self._tables.get(key)
        if table is None or table[0][-1] < u_needed:
            u_top = max(u_needed * 2.0, 150.0**2, table[0][-1] * 4 if table else 0.0)
            table = self._build_table(flavor, u_top)
            self._tables[key] = table
        return table

    def _build_table(self, flavor: str, u_top: float):
        # The grid step in q^2 is set by the nuclear size, not by how far the table reaches:
        # h R^2 <= 0.01 keeps the Hermite error below ~1e-6 at every energy.
        M = self.mass
        radius = max(f.rms_radius_fm for f in _form_factors(self.isotope, self.form_factor))
        size = (max(radius, 1.0) / HBARC_MEV_FM) ** 2
        n = max(1024, int(np.ceil(u_top * size / 0.01)))
        for m in self.model.vector_mediators + self.model.scalar_mediators:
            if m.coupling == 0.0:
                continue
            # resolve the mediator propagator 1/(q^2 + m^2) too
            n = max(n, min(int(np.ceil(10.0 * u_top / m.mass_MeV**2)), 200_000))
        u_grid = np.linspace(0.0, u_top, n + 1)
        x, w = np.polynomial.legendre.leggauss(6)
        h = u_top / n
        u = (u_grid[:-1, None] + 0.5 * h * (x + 1.0)).ravel()

        def integrands(uu):
            root = np.sqrt(M * M + uu)
            T = uu / (root + M)  # = root - M without cancellation
            jac = 0.5 / root  # dT/du = 1 / (2 sqrt(M^2 + u))
            return [a * jac for a in self.coefficients(T, flavor)]

        w6 = np.tile(0.5 * h * w, n)
        cumulative = [
            np.concatenate([[0.0], np.cumsum((w6 * f).reshape(n, 6).sum(1))]) for f in integrands(u)
        ]
        return u_grid, cumulative, integrands(u_grid)


def _hermite(table, u):
    """Cubic Hermite interpolation of the cumulative integrals J_k at u = q^2."""
    u_grid, values, slopes = table
    h = u_grid[1] - u_grid[0]
    i = np.clip((u / h).astype(int), 0, u_grid.size - 2)
    t = u / h - i
    h00, h10 = (1 + 2 * t) * (1 - t) ** 2, t * (1 - t) ** 2
    h01, h11 = t * t * (3 - 2 * t), t * t * (t - 1)
    return [
        h00 * f[i] + h * h10 * df[i] + h01 * f[i + 1] + h * h11 * df[i + 1]
        for f, df in zip(values, slopes, strict=True)
    ]


@lru_cache(maxsize=256)
def _form_factors(iso: Isotope, ff: FormFactorModel):
    return ff.pair(iso)


@lru_cache(maxsize=256)
def _cached(iso: Isotope, ff: FormFactorModel, model: PhysicsModel) -> CoherentCrossSection:
    return CoherentCrossSection(iso, ff, model)


def coherent_cross_section(
    target: str | Isotope,
    form_factor: str | FormFactorModel = "helm",
    model: PhysicsModel | None = None,
) -> CoherentCrossSection:
    """The CEvNS cross section of an isotope (``"40Ar"``), with a form factor model name or
    :class:`~cevns.nuclear.formfactors.FormFactorModel` and a
    :class:`~cevns.physics.PhysicsModel`."""
    return _cached(isotope(target), form_factor_model(form_factor), model or PhysicsModel())
