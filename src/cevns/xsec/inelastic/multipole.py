"""Charged-current neutrino-nucleus cross sections from all multipoles of an RPA response.

The cross section of ν + (Z, N) → l⁻ + (Z+1, N-1)* (and ν̄ → l⁺) to final states at energy
transfer ω, summed over multipoles J (Walecka, *Semileptonic Weak Interactions in Nuclei*,
1975; in the form of E. Kolbe, K. Langanke, G. Martínez-Pinedo, P. Vogel, J. Phys. G 29, 2569
(2003), arXiv:nucl-th/0311022, whose equation numbers we could not read here, and of
Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eqs. 38-49)::

    dσ/dΩ = G_F² |V_ud|² / π · k_l E_l F_C · Σ_J [ v^M |M_J|² + v^L |L_J|² + 2 v^ML Re L_J M_J*
              + v^T (|T^el_J|² + |T^mag_J|²) ± 2 v^TT Re T^el_J T^mag_J* ]

    v^M = 1 + κ cosθ                   v^L = 1 + κ cosθ - 2 (E_ν E_l / q²) κ² sin²θ
    v^ML = -[(ω/q)(1 + κ cosθ) + m_l²/(E_l q)]
    v^T = 1 - κ cosθ + (E_ν E_l / q²) κ² sin²θ
    v^TT = ((E_ν + E_l)/q)(1 - κ cosθ) - m_l²/(E_l q),      κ = k_l/E_l,

with Edmonds-reduced matrix elements between the J = 0 target and the final states (an even
target; see :mod:`cevns.nuclear.skyrme.rpa` for others). Our normalisation reproduces the
allowed formula of :mod:`.allowed` at q → 0 and the free-nucleon (1 + 3g_A²) law (tested).
The weak multipoles in terms of the Donnelly-Haxton operators (:mod:`cevns.nuclear.multipoles`),
with the isovector form factors of :func:`cevns.nuclear.nucleon.isovector_form_factors`
(F_P here 2M F_A/(m_π² + Q²), of dimension 1/mass) and M the nucleon mass:

    natural parity:    M_J = F₁ M_J,  L_J = (ω_C/q) F₁ M_J,
                       T^el_J = (q/M)[F₁ Δ'_J + ½ μ^V Σ_J],  T^mag_J = F_A Σ_J
    unnatural parity:  M_J = -i (q/M)[F_A Ω'_J - ½ ω F_P Σ''_J],  L_J = -i [F_A - q² F_P/2M] Σ''_J,
                       T^el_J = i F_A Σ'_J,  T^mag_J = -i (q/M)[F₁ Δ_J - ½ μ^V Σ'_J]

The signs are fixed by three conditions checked in the tests: a conserved vector current and
the pion-pole term ∝ q^μ decouple from massless leptons, and weak magnetism raises the
neutrino and lowers the antineutrino cross section (C. J. Horowitz, Phys. Rev. D 65, 043001
(2002)). The upper sign of the TT term is for neutrinos. The longitudinal vector multipole
comes from current conservation with the Coulomb displacement removed: ω_C = ω_RPA - ω_IAS,
the model energy above the isobaric analog state, which the isospin-symmetric strong
interaction leaves degenerate with the target; so the analog state's Fermi strength keeps the
allowed (1 + κ cosθ) law.

Neutral current (``channel="nc"``): the same formula with G_F²/π (no V_ud), a massless
outgoing neutrino, no Coulomb factor and no pion pole (it decouples), the Z couplings of each
nucleon inside the response (:func:`cevns.nuclear.skyrme.response.neutral_current_couplings`)
and ω_C = ω, the vector current being conserved within the nucleus.

Energies: the model energies ω_RPA of the response are shifted to the lepton energy transfer
by the neutron-proton mass difference, ω = ω_RPA ∓ (m_n - m_p) for ν (t₋) and ν̄ (t₊), and by
an optional ``shift_MeV``. Nuclear recoil is neglected. The Coulomb factor F_C of the
outgoing lepton is that of :mod:`.coulomb` (Fermi function or MEMA), applied as a factor.
"""

from __future__ import annotations

import numpy as np

from ... import constants as c
from ...errors import CevnsInputError
from ...nuclear.nucleon import NUCLEON_MASS, isovector_form_factors
from ...nuclear.skyrme.response import weak_response
from ...nuclei import ELEMENT_SYMBOLS, nuclide
from ..protocol import checked_energies, flux_average
from .coulomb import COULOMB_MODELS, coulomb_factor

__all__ = ["MultipoleCrossSection"]

_FLAVORS = {
    "nue": ("-", c.ELECTRON_MASS),
    "numu": ("-", c.MUON_MASS),
    "nuebar": ("+", c.ELECTRON_MASS),
    "numubar": ("+", c.MUON_MASS),
}
_NC_FLAVORS = ("nue", "numu", "nutau", "nuebar", "numubar", "nutaubar")
_NP = c.NEUTRON_MASS - c.PROTON_MASS
_PREFACTOR = c.FERMI_CONSTANT_MEV2**2 * c.HBARC2_MEV2_CM2 / np.pi * c.V_UD**2
_COS, _COS_WEIGHTS = np.polynomial.legendre.leggauss(48)


def lepton_factors(E, El, k, cos, q, omega, m):
    """The kinematic factors (v^M, v^L, v^ML, v^T, v^TT) of the module docstring (MeV,
    arrays that broadcast)."""
    kappa = k / El
    sin2 = 1.0 - cos**2
    b = E * El * kappa**2 * sin2 / q**2
    vm = 1.0 + kappa * cos
    vl = vm - 2.0 * b
    vml = -(omega / q * vm + m**2 / (El * q))
    vt = 1.0 - kappa * cos + b
    vtt = (E + El) / q * (1.0 - kappa * cos) - m**2 / (El * q)
    return vm, vl, vml, vt, vtt


class MultipoleCrossSection:
    """CC cross sections of a ``target`` nucleus (e.g. "40Ar") for ``flavor`` "nue", "numu",
    "nuebar" or "numubar", or with ``channel="nc"`` NC cross sections for any flavor (ν and
    ν̄ differ by weak magnetism), from the Skyrme HF + RPA response of
    :func:`~cevns.nuclear.skyrme.response.weak_response` (``skyrme``, ``j_max``,
    ``bin_MeV``, ``omega_max_MeV``; computed once and cached on disk). The defaults (J ≤ 8,
    ω ≤ 150 MeV) converge σ(E) to 0.1 % up to 200 MeV; at 300 MeV they miss 8 % (12C), and
    ``j_max=12, omega_max_MeV=300`` is needed.

    ``ga_quenching``: factor on F_A in every multipole (1: the free g_A). ``gt_quenching``:
    factor on the axial strength of the allowed multipoles J^π = 0⁺, 1⁺ only (on B(GT) at
    q → 0, as in :class:`.allowed.AllowedCrossSection`; (0.77-0.8)² is the usual quenching of
    Gamow-Teller strength in sd- and pf-shell nuclei, E. Caurier et al., Rev. Mod. Phys. 77,
    427 (2005)), so forbidden multipoles keep the free g_A. ``coulomb``:
    ``auto``, ``fermi``, ``mema`` or ``none``. ``shift_MeV``: added to every excitation
    energy; by default (None) the shift that puts the model's lowest final state at the
    measured ground state of the final nucleus (from the atomic masses; no shift where that
    mass is not packaged), since the HF single-particle gaps set the model's thresholds only
    to a few MeV. ``omega_range``: (low, high), keep only the final states with lepton energy
    transfer ω in [low, high) MeV (for instance the bound ones). ``induced_pseudoscalar``:
    False drops F_P (for comparisons; it matters for muons only). ``response``: a ready
    :class:`~cevns.nuclear.skyrme.response.WeakResponse` of the target instead of
    the Skyrme calculation. Energies in MeV, cross sections in cm² per target nucleus."""

    def __init__(
        self,
        target: str,
        flavor: str = "nue",
        skyrme="SLy4",
        j_max: int = 8,
        bin_MeV: float = 0.5,
        omega_max_MeV: float = 150.0,
        ga_quenching: float = 1.0,
        gt_quenching: float = 1.0,
        coulomb: str = "auto",
        shift_MeV: float | None = None,
        omega_range=None,
        induced_pseudoscalar: bool = True,
        channel: str = "cc",
        response=None,
        progress=None,
    ):
        if channel not in ("cc", "nc"):
            raise CevnsInputError(f"channel must be 'cc' or 'nc', got {channel!r}")
        flavors = _FLAVORS if channel == "cc" else _NC_FLAVORS
        if flavor not in flavors:
            raise CevnsInputError(
                f"unknown {channel.upper()} flavor {flavor!r}; accepted: {', '.join(flavors)}"
            )
        if coulomb not in COULOMB_MODELS:
            raise CevnsInputError(f"unknown Coulomb model {coulomb!r}; accepted {COULOMB_MODELS}")
        quenching = np.array([ga_quenching, gt_quenching], dtype=float)
        if not np.all(np.isfinite(quenching) & (quenching >= 0)):
            raise CevnsInputError("ga_quenching and gt_quenching must be numbers >= 0")
        if shift_MeV is not None and not np.isfinite(shift_MeV):
            raise CevnsInputError(f"shift_MeV must be a finite number or None, got {shift_MeV}")
        self.gt_quenching = float(gt_quenching)
        self.induced_pseudoscalar = bool(induced_pseudoscalar)
        self.Z, self.N = nuclide(target)
        self.target, self.flavor, self.channel = target, flavor, channel
        if channel == "cc":
            self.direction, self.lepton_mass = _FLAVORS[flavor]
            self._helicity = 1.0 if self.direction == "-" else -1.0
        else:
            self.direction, self.lepton_mass = "0", 0.0
            self._helicity = -1.0 if flavor.endswith("bar") else 1.0
            coulomb = "none"
        self.ga_quenching, self.coulomb = float(ga_quenching), coulomb
        if response is None:
            response = weak_response(
                self.Z, self.N, skyrme, self.direction, j_max=j_max, bin_MeV=bin_MeV,
                omega_max_MeV=omega_max_MeV, progress=progress,
            )  # fmt: skip
        elif (response.Z, response.N, response.direction) != (self.Z, self.N, self.direction):
            raise CevnsInputError(
                f"the response is for Z={response.Z}, N={response.N}, direction "
                f"{response.direction!r}, not for {flavor} on {target}"
            )
        self.response = r = response
        self.product_Z = self.Z + {"-": 1, "+": -1, "0": 0}[self.direction]
        self._charge = {"-": -1, "+": 1, "0": 0}[self.direction]
        sign = {"-": -1.0, "+": 1.0, "0": 0.0}[self.direction]
        self.omega = r.omega_MeV + sign * _NP  # lepton energy transfer per bin, unshifted
        self.shift_source = "given"
        if shift_MeV is None:
            shift_MeV = self._threshold_shift() if channel == "cc" else None
            self.shift_source = "final ground state" if shift_MeV is not None else "none"
            if channel == "nc":
                self.shift_source = "neutral current"
        self.shift_MeV = float(shift_MeV or 0.0)
        self.omega = self.omega + self.shift_MeV
        # the conserved-current energy: above the analog state (t-), below its mirror (t+);
        # within the nucleus (NC) the excitation energy itself
        self.omega_conserved = r.omega_MeV + sign * r.analog_MeV
        if channel == "nc":
            self.omega_conserved = self.omega.copy()
        self._prefactor = _PREFACTOR if channel == "cc" else _PREFACTOR / c.V_UD**2
        strength = sum(np.abs(v[..., 0]) + np.abs(v[..., -1]) for v in r.products.values())
        strength = strength.sum(axis=0)
        lo, hi = omega_range if omega_range is not None else (-np.inf, np.inf)
        if not lo < hi:
            raise CevnsInputError(
                f"omega_range must be (low, high) with low < high, got {omega_range}"
            )
        self.omega_range = (float(lo), float(hi))
        self._bins = np.flatnonzero((strength > 0) & (self.omega >= lo) & (self.omega < hi))

    @property
    def threshold(self) -> float:
        """The lowest neutrino energy with a final state (MeV)."""
        return float(self.omega[self._bins].min() + self.lepton_mass)

    def _contract(self, E, bins, cos):
        """dσ/dΩ (cm²/sr) for neutrino energy E (scalar), the given bins (array) and cosθ
        values (array): shape (bins, cos)."""
        m = self.lepton_mass
        omega = self.omega[bins][:, None]
        El = E - omega
        open_ = El > m
        El = np.where(open_, El, m + 1.0)
        k = np.sqrt(El**2 - m**2)
        q2 = E**2 + k**2 - 2.0 * E * k * cos[None, :]
        q = np.sqrt(np.maximum(q2, 1e-12))
        Q2 = np.maximum(q2 - omega**2, 0.0)
        f1, xf2, fa, fp = isovector_form_factors(Q2)
        fa = fa * self.ga_quenching
        fp = fp * self.ga_quenching / NUCLEON_MASS  # Walecka's F_P (1/MeV)
        if not self.induced_pseudoscalar or self.channel == "nc":
            fp = 0.0 * fp  # the NC pion pole decouples exactly from massless neutrinos
        factors = lepton_factors(E, El, k, cos[None, :], q, omega, m)
        wc = self.omega_conserved[bins][:, None]
        P = self._products(bins, q / c.HBARC_MEV_FM)
        gt = np.sqrt(self.gt_quenching)
        total = sum(
            self._hadronic({n: v[part] for n, v in P.items()}, f1, f1 + xf2, scale * fa,
                           scale * fp, q, omega, wc, factors)
            for part, scale in ((0, gt), (1, 1.0))
        )  # fmt: skip
        F = coulomb_factor(self.product_Z, self.Z + self.N, El, self._charge, self.coulomb)
        return np.where(open_, self._prefactor * k * El * F * total, 0.0)

    # --- the interface of the rate engine (rates.inelastic): bins as levels ---------------

    @property
    def thresholds(self) -> np.ndarray:
        """Neutrino energy at which each final-state bin opens (MeV)."""
        return np.asarray(self.omega[self._bins] + self.lepton_mass, dtype=float)

    @property
    def reaction(self):
        """The final-state bins as a :class:`~.reactions.Reaction` (one level per bin with
        strength, at the excitation energy of the final nucleus E_x = ω - ω_gs, ω_gs the
        ground-state energy transfer from the masses, or the lowest bin where that mass is
        not packaged; no gamma lines), so that the rate engine and the event sampler of
        :mod:`cevns.rates.inelastic` take this model as they take the allowed one."""
        if getattr(self, "_reaction", None) is None:
            self._reaction = self._as_reaction()
        return self._reaction

    def _as_reaction(self):
        from .reactions import Level, Reaction, known_atomic_mass

        A = self.Z + self.N
        target = f"{A}{ELEMENT_SYMBOLS[self.Z - 1]}"
        product = f"{A}{ELEMENT_SYMBOLS[self.product_Z - 1]}"
        target_mass = known_atomic_mass(target)
        product_mass = known_atomic_mass(product) if self.channel == "cc" else target_mass
        omega = self.omega[self._bins]
        if self.channel == "nc":
            ground = 0.0
        elif product_mass is not None and target_mass is not None:
            ground = (product_mass - target_mass) * c.ATOMIC_MASS_UNIT_MEV + self._charge * (
                c.ELECTRON_MASS
            )
        else:
            ground = float(omega.min())
        levels = tuple(Level(float(max(w - ground, 0.0))) for w in omega)
        helicity_flavors = [
            f for f in _NC_FLAVORS if f.endswith("bar") == self.flavor.endswith("bar")
        ]
        flavors = (self.flavor,) if self.channel == "cc" else tuple(helicity_flavors)
        return Reaction(
            f"{self.flavor}-{target}-{self.channel}-rpa",
            target,
            product,
            self.channel,
            flavors,
            float(product_mass if product_mass is not None else target_mass or A),
            levels,
            f"Skyrme HF + RPA, {len(levels)} bins of {self._bin_width:g} MeV",
        )

    @property
    def _bin_width(self) -> float:
        return float(self.response.omega_MeV[1] - self.response.omega_MeV[0])

    _TABLE_STEP_MEV = 0.05

    def level_cross_sections(self, energy) -> np.ndarray:
        """σ of each final-state bin (cm²), shape ``E.shape + (bins,)``: interpolated
        linearly in E from a table in 0.05 MeV steps, built once up to the highest energy
        asked (the exact values are ``_contract``'s; within 1e-3 of them away from each bin's
        threshold)."""
        E = np.asarray(checked_energies(energy), dtype=float)
        top = float(np.max(E, initial=0.0))
        table = getattr(self, "_sigma_table", None)
        if table is None or table[0][-1] < top:
            grid = np.arange(0.0, max(top, 1.0) * 1.2 + 2 * self._TABLE_STEP_MEV,
                             self._TABLE_STEP_MEV)  # fmt: skip
            values = np.zeros((grid.size, self._bins.size))
            for i, e in enumerate(grid):
                open_ = self.omega[self._bins] + self.lepton_mass < e
                if np.any(open_):
                    values[i, open_] = (
                        2 * np.pi * (self._contract(e, self._bins[open_], _COS) @ _COS_WEIGHTS)
                    )
            self._sigma_table = table = (grid, values)
        grid, values = table
        x = np.clip(E / self._TABLE_STEP_MEV, 0.0, grid.size - 1.000001)
        i = x.astype(np.intp)
        t = (x - i)[..., None]
        out = (1 - t) * values[i] + t * values[i + 1]
        return np.where(E[..., None] > self.thresholds, out, 0.0)

    _ANGLE_STEP_MEV = 1.0
    _ANGLES = np.linspace(-1.0, 1.0, 41)

    def sample_cos(self, energy, level, rng) -> np.ndarray:
        """Draw the lepton's cosθ for events of neutrino ``energy`` (MeV) and final-state bin
        ``level`` (index into :attr:`thresholds`) from d²σ/dω dcosθ, tabulated on 41 angles
        and in 1 MeV steps of E (linear in both)."""
        E = np.asarray(energy, dtype=float)
        level = np.asarray(level, dtype=np.intp)
        top = float(np.max(E, initial=0.0))
        table = getattr(self, "_angle_table", None)
        if table is None or table[0][-1] < top:
            grid = np.arange(0.0, top + 2 * self._ANGLE_STEP_MEV, self._ANGLE_STEP_MEV)
            values = np.zeros((grid.size, self._bins.size, self._ANGLES.size))
            for i, e in enumerate(grid):
                if e > self.threshold:
                    values[i] = self._contract(e, self._bins, self._ANGLES)
            self._angle_table = table = (grid, values)
        grid, values = table
        out = np.empty(E.size)
        for start in range(0, E.size, 100_000):
            sl = slice(start, start + 100_000)
            x = E[sl] / self._ANGLE_STEP_MEV
            i = np.minimum(x.astype(np.intp), grid.size - 2)
            t = (x - i)[:, None]
            pdf = (1 - t) * values[i, level[sl]] + t * values[i + 1, level[sl]]
            pdf = np.maximum(pdf, 0.0)
            cdf = np.concatenate(
                [np.zeros((pdf.shape[0], 1)), np.cumsum(0.5 * (pdf[:, 1:] + pdf[:, :-1]), 1)], 1
            )
            total = cdf[:, -1:]
            flat = total[:, 0] <= 0
            cdf = np.where(flat[:, None], np.linspace(0, 1, self._ANGLES.size), cdf / np.where(
                total > 0, total, 1.0))  # fmt: skip
            r = rng.random(pdf.shape[0])
            k = np.clip((cdf < r[:, None]).sum(axis=1) - 1, 0, self._ANGLES.size - 2)
            rows = np.arange(pdf.shape[0])
            lo, hi = cdf[rows, k], cdf[rows, k + 1]
            frac = np.where(hi > lo, (r - lo) / np.where(hi > lo, hi - lo, 1.0), 0.5)
            out[sl] = self._ANGLES[k] + frac * (self._ANGLES[1] - self._ANGLES[0])
        return np.clip(out, -1.0, 1.0)

    def _threshold_shift(self) -> float | None:
        """The shift that puts the lowest final state of the model (the lowest bin with at
        least 1e-3 of the largest bin's strength) at the ground state of the final nucleus,
        from the measured atomic masses; None when the final nucleus's mass is not packaged."""
        from .reactions import known_atomic_mass

        A = self.Z + self.N
        product = f"{A}{ELEMENT_SYMBOLS[self.product_Z - 1]}"
        masses = known_atomic_mass(product), known_atomic_mass(f"{A}{ELEMENT_SYMBOLS[self.Z - 1]}")
        if None in masses:
            return None
        # nuclear mass difference: one electron more (t-) or fewer (t+) in the atomic masses
        ground = (masses[0] - masses[1]) * c.ATOMIC_MASS_UNIT_MEV + self._charge * c.ELECTRON_MASS
        strength = sum(np.abs(v).sum(axis=0).max(axis=1) for v in self.response.products.values())
        lowest = self.omega[np.flatnonzero(strength >= 1e-3 * strength.max())[0]]
        return float(ground - lowest)

    def _hadronic(self, P, f1, mu, fa, fp, q, omega, wc, factors):
        """The bracket of the module docstring from the response products P."""
        x = q / NUCLEON_MASS
        y = c.HBARC_MEV_FM / NUCLEON_MASS  # x = q/M = y q_fm
        # natural parity
        mm = f1**2 * P["M*M"]
        ll = (wc / q) ** 2 * mm
        lm = (wc / q) * mm
        tel = (
            y**2 * f1**2 * P["qDelta_p*qDelta_p"]
            + x * y * f1 * mu * P["qDelta_p*Sigma_mu"]
            + 0.25 * x**2 * mu**2 * P["Sigma_mu*Sigma_mu"]
        )
        tmag = fa**2 * P["Sigma*Sigma"]
        tt = fa * (y * f1 * P["qDelta_p*Sigma"] + 0.5 * x * mu * P["Sigma_mu*Sigma"])
        # unnatural parity
        mm5 = (
            y**2 * fa**2 * P["qOmega_p*qOmega_p"]
            - x * y * omega * fa * fp * P["qOmega_p*Sigma_pp"]
            + 0.25 * x**2 * (omega * fp) ** 2 * P["Sigma_pp*Sigma_pp"]
        )
        long5 = fa - 0.5 * q**2 * fp / NUCLEON_MASS
        ll5 = long5**2 * P["Sigma_pp*Sigma_pp"]
        lm5 = long5 * (
            y * fa * P["qOmega_p*Sigma_pp"] - 0.5 * x * omega * fp * P["Sigma_pp*Sigma_pp"]
        )
        tel5 = fa**2 * P["Sigma_p*Sigma_p"]
        tmag5 = (
            y**2 * f1**2 * P["qDelta*qDelta"]
            - x * y * f1 * mu * P["qDelta*Sigma_p_mu"]
            + 0.25 * x**2 * mu**2 * P["Sigma_p_mu*Sigma_p_mu"]
        )
        tt5 = fa * (0.5 * x * mu * P["Sigma_p_mu*Sigma_p"] - y * f1 * P["qDelta*Sigma_p"])
        vm, vl, vml, vt, vtt = factors
        helicity = self._helicity
        return (
            vm * (mm + mm5)
            + vl * (ll + ll5)
            + 2.0 * vml * (lm + lm5)
            + vt * (tel + tmag + tel5 + tmag5)
            + helicity * 2.0 * vtt * (tt + tt5)
        )

    def _products(self, bins, q_fm) -> dict:
        """The response products at the bins and momenta q_fm (bins, cos), linear in q."""
        grid = self.response.q_fm
        step = grid[2] - grid[1]
        x = np.clip(q_fm / step, 0.0, grid.size - 1.000001)
        i = x.astype(np.intp)
        t = x - i
        rows = bins[:, None]
        return {
            name: (1 - t) * table[:, rows, i] + t * table[:, rows, i + 1]
            for name, table in self.response.products.items()
        }

    def differential(self, energy: float, cos_theta=None) -> tuple[np.ndarray, np.ndarray]:
        """(ω, dσ/dω) for one neutrino energy: the lepton energy transfer ω of each bin (MeV)
        and dσ/dω (cm²/MeV), integrated over the lepton angle; with ``cos_theta`` given,
        d²σ/dω dcosθ (cm²/MeV) at those angles, shape (bins, angles)."""
        E = float(checked_energies(energy))
        bins = np.arange(self.omega.size)
        width = self.response.omega_MeV[1] - self.response.omega_MeV[0]
        if cos_theta is not None:
            cos = np.atleast_1d(np.asarray(cos_theta, dtype=float))
            if np.any(np.abs(cos) > 1):
                raise CevnsInputError("cos_theta must lie in [-1, 1]")
            return self.omega, 2 * np.pi * self._contract(E, bins, cos) / width
        per_bin = 2 * np.pi * self._contract(E, bins, _COS) @ _COS_WEIGHTS
        return self.omega, per_bin / width

    def __call__(self, energy) -> np.ndarray:
        """σ(E_ν) in cm²."""
        E = np.atleast_1d(checked_energies(energy))
        out = np.zeros(E.shape)
        for index, e in np.ndenumerate(E):
            bins = self._bins[self.omega[self._bins] + self.lepton_mass < e]
            if bins.size:
                out[index] = 2 * np.pi * (self._contract(e, bins, _COS) @ _COS_WEIGHTS).sum()
        return out

    def total(self, energy, flavor: str | None = None) -> np.ndarray:
        """σ(E_ν) for ``flavor`` (zero for another flavor; NC: the same for every flavor of
        the same helicity), cm²."""
        same = flavor == self.flavor
        if self.channel == "nc" and flavor is not None:
            same = flavor.endswith("bar") == self.flavor.endswith("bar")
        if flavor is not None and not same:
            return np.zeros(np.atleast_1d(checked_energies(energy)).shape)
        return self(energy)

    def kinks(self, flavor: str | None = None) -> np.ndarray:
        """The bins' thresholds (MeV): σ(E) opens a new bin at each."""
        return np.asarray(self.omega[self._bins] + self.lepton_mass, dtype=float)

    def flux_average(self, spectrum, flavor: str | None = None) -> float:
        """<σ> = ∫ pdf(E) σ(E) dE over a normalised spectrum (cm²)."""
        return flux_average(self, spectrum, flavor or self.flavor)


def missing_energy_distribution(
    target: str, energy: float, edges_MeV, flavor: str = "numu", skyrme="SLy4", j_max: int = 10
) -> dict:
    """dσ per bin of missing energy E_m = ω - T_p (cm², the JSNS² definition) of CC knockout
    from each occupied orbital of ``target`` at neutrino ``energy`` (MeV): the free
    (Hartree-Fock) response out of each hole, without the residual interaction, which at a few
    hundred MeV mixes little. A final state in the continuum (particle energy ε_p = ε_h + ω_RPA
    > 0) carries T_p = ε_p, so its E_m = ω - ε_p sits at the hole's removal energy; a bound one
    has T_p = 0. The energies are shifted as in :class:`MultipoleCrossSection`. No spreading
    width of the hole states and no final-state interactions: each shell is a line at its
    removal energy. Returns {hole label: array per bin}."""
    from ...nuclear.skyrme.store import hartree_fock

    edges = np.asarray(edges_MeV, dtype=float)
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise CevnsInputError("missing-energy bin edges must be increasing, at least two")
    full = MultipoleCrossSection(target, flavor, skyrme=skyrme, j_max=j_max)
    Z, N = nuclide(target)
    initial = "neutron" if full.direction == "-" else "proton"
    out = {}
    for level in hartree_fock(Z, N, skyrme).levels:
        if level.kind != initial or level.occupation <= 0:
            continue
        response = weak_response(
            Z, N, skyrme, full.direction, j_max=j_max, residual=False, hole=level.label
        )
        xs = MultipoleCrossSection(
            target, flavor, skyrme=skyrme, shift_MeV=full.shift_MeV, response=response
        )
        omega, per_MeV = xs.differential(energy)
        width = response.omega_MeV[1] - response.omega_MeV[0]
        kinetic = np.maximum(level.energy_MeV + response.omega_MeV, 0.0)
        out[level.label] = np.histogram(omega - kinetic, edges, weights=per_MeV * width)[0]
    return out
