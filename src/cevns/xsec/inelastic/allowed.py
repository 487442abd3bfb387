"""Inelastic cross sections in the allowed approximation.

At momentum transfer q → 0 only the Fermi and Gamow-Teller operators connect the target to a
final level k (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eqs. 37-49 keep all
multipoles; the
allowed limit is the one used by MARLEY, S. Gardiner, Phys. Rev. C 103, 044604 (2021),
arXiv:2010.02393, and J. D. Walecka, *Semileptonic Weak Interactions in Nuclei*, 1975)::

    CC:  dσ_k/dcosθ = (G_F² |V_ud|² / 2π) p_l E_l F_C(Z', E_l)
                      × [B_k(F) (1 + β cosθ) + g_A²B_k(GT) (1 - β cosθ / 3)]
    NC:  dσ_k/dcosθ = (G_F² / 2π) E_ν'² g_A²B_k(GT₃) (1 - cosθ / 3)

with the lepton energy E_l = E_ν - ω_k, ω_k = E_th,k - m_l fixed by the exact threshold
E_th,k of the level (nuclear recoil is kept at threshold and neglected above it: it shifts
E_l by at most 2E_ν²/M, 0.3 % for 12C at 50 MeV and 0.03 % for 40Ar) and F_C the Coulomb
correction of :mod:`cevns.xsec.inelastic.coulomb`. Neutrinos and antineutrinos have the same
allowed NC cross section. The strengths are those measured (β decay, charge exchange), which
already contain the quenching of g_A in nuclei; ``gt_quenching`` scales B(GT) further for
studies.

The allowed approximation is a low-energy one: forbidden multipoles grow as (qR)² and become
comparable to the allowed ones above E_ν ≈ 30-50 MeV (see :func:`allowed_validity`).
"""

from __future__ import annotations

import numpy as np

from ... import constants as c
from ...errors import CevnsInputError
from ..protocol import checked_energies, flux_average
from .coulomb import COULOMB_MODELS, coulomb_factor
from .reactions import Reaction, reaction

__all__ = ["AllowedCrossSection", "allowed_cross_section"]

_PREFACTOR = c.FERMI_CONSTANT_MEV2**2 * c.HBARC2_MEV2_CM2 / np.pi
"""G_F² (ħc)² / π in cm² / MeV²."""


class AllowedCrossSection:
    """σ(E_ν) of one :class:`~cevns.xsec.inelastic.reactions.Reaction`, per level and summed.

    ``coulomb``: ``auto`` (default), ``fermi``, ``mema`` or ``none`` (CC only).
    ``gt_quenching``: factor on every B(GT) (1: the measured strengths as they are).
    Energies in MeV, cross sections in cm² per target nucleus.
    """

    def __init__(self, reaction_, coulomb: str = "auto", gt_quenching: float = 1.0):
        self.reaction: Reaction = reaction(reaction_)
        if coulomb not in COULOMB_MODELS:
            raise CevnsInputError(f"unknown Coulomb model {coulomb!r}; accepted {COULOMB_MODELS}")
        if not (np.isfinite(gt_quenching) and gt_quenching >= 0):
            raise CevnsInputError(f"gt_quenching must be a number >= 0, got {gt_quenching}")
        self.coulomb = coulomb if self.reaction.channel == "cc" else "none"
        self.gt_quenching = float(gt_quenching)
        r = self.reaction
        self.thresholds = r.thresholds()
        self.energy_transfer = self.thresholds - r.lepton_mass
        self.b_fermi = np.array([lv.b_fermi for lv in r.levels])
        self.b_gt = gt_quenching * np.array([lv.b_gt for lv in r.levels])
        strength = self.b_fermi + self.b_gt
        self.strength = strength
        with np.errstate(invalid="ignore", divide="ignore"):
            self.asymmetry = np.where(
                strength > 0, (self.b_fermi - self.b_gt / 3.0) / strength, 0.0
            )
        v2 = c.V_UD**2 if r.channel == "cc" else 1.0
        self._prefactor = _PREFACTOR * v2
        if self.coulomb != "none":
            model = self.coulomb
            self._coulomb_table = _PhaseSpaceTable(lambda T: _coulomb_phase_space(r, T, model))

    @property
    def threshold(self) -> float:
        """Lowest neutrino energy that reaches any level, MeV."""
        return float(self.thresholds[0])

    def _kinetic(self, energy) -> np.ndarray:
        """Lepton kinetic energy E_ν - E_th,k per level (negative below threshold)."""
        return np.asarray(energy, dtype=float)[..., None] - self.thresholds

    def lepton_energy(self, energy) -> np.ndarray:
        """Total energy of the outgoing lepton for each level, shape ``E.shape + (levels,)``;
        NaN below a level's threshold."""
        E = np.asarray(energy, dtype=float)[..., None]
        El = E - self.energy_transfer
        return np.where(E >= self.thresholds, El, np.nan)

    def _phase_space(self, kinetic: np.ndarray) -> np.ndarray:
        """p_l E_l F_C(E_l) at lepton kinetic energies (any shape), zero at or below 0."""
        if self.coulomb == "none":
            m = self.reaction.lepton_mass
            T = np.maximum(kinetic, 0.0)
            return np.sqrt(T * (T + 2.0 * m)) * (T + m)
        return self._coulomb_table(kinetic)

    def level_cross_sections(self, energy) -> np.ndarray:
        """σ_k(E_ν) in cm², shape ``E.shape + (levels,)``."""
        return self._prefactor * self.strength * self._phase_space(self._kinetic(energy))

    def __call__(self, energy) -> np.ndarray:
        """Total σ(E_ν) in cm², summed over levels."""
        return self.level_cross_sections(energy).sum(axis=-1)

    def angular_distribution(self, energy, cos_theta) -> np.ndarray:
        """dσ/dcosθ (cm²) of the lepton, summed over levels, for arrays that broadcast."""
        E = np.asarray(energy, dtype=float)
        cos = np.asarray(cos_theta, dtype=float)
        E, cos = np.broadcast_arrays(E, cos)
        El = self.lepton_energy(E)
        m = self.reaction.lepton_mass
        beta = np.sqrt(np.maximum(1.0 - (m / np.where(El > 0, El, np.inf)) ** 2, 0.0))
        shape = 1.0 + self.asymmetry * beta * cos[..., None]
        return 0.5 * (self.level_cross_sections(E) * shape).sum(axis=-1)

    def sample_cos(self, energy, level, rng) -> np.ndarray:
        """Draw the lepton's cosθ for events of neutrino ``energy`` (MeV) on ``level`` from
        the allowed distribution 1 + a β cosθ (inverse CDF, exact)."""
        E = np.asarray(energy, dtype=float)
        T = E - self.thresholds[level]
        m = self.reaction.lepton_mass
        beta = np.sqrt(np.maximum(T * (T + 2 * m), 0.0)) / np.maximum(T + m, 1e-300)
        slope = self.asymmetry[level] * beta
        r = rng.random(np.size(slope))
        u = (4.0 * r - 2.0 + slope) / (1.0 + np.sqrt((1.0 - slope) ** 2 + 4.0 * slope * r))
        return np.clip(u, -1.0, 1.0)

    def total(self, energy, flavor: str | None = None) -> np.ndarray:
        """σ(E_ν) in cm² for ``flavor`` (default: the first that drives the reaction; zero for
        one that does not)."""
        E = np.atleast_1d(checked_energies(energy))
        if flavor is not None and flavor not in self.reaction.flavors:
            return np.zeros(E.shape)
        return self(E)

    def kinks(self, flavor: str | None = None) -> np.ndarray:
        """The levels' thresholds (MeV), where σ(E) has kinks."""
        return np.asarray(self.thresholds, dtype=float)

    def flux_average(self, spectrum, flavor: str | None = None) -> float:
        """<σ> = ∫ pdf(E) σ(E) dE for a normalised spectrum (cm²); lines are exact."""
        return flux_average(self, spectrum, flavor or self.reaction.flavors[0])


def _coulomb_phase_space(r: Reaction, kinetic, model: str):
    """p E F_C(E) of the charged lepton at kinetic energy ``kinetic`` (MeV)."""
    E = kinetic + r.lepton_mass
    p = np.sqrt(kinetic * (kinetic + 2.0 * r.lepton_mass))
    return p * E * coulomb_factor(r.product_Z, r.A, E, charge=r.lepton_charge, model=model)


class _PhaseSpaceTable:
    """p E F_C of the lepton tabulated once on a uniform grid in kinetic energy (0 to 300 MeV
    in 5 keV steps) and interpolated linearly: relative error below 2e-5 above 0.1 MeV, and an
    index computation instead of complex Gamma functions for every (energy, level) pair.
    ``combine`` picks the Fermi function, the MEMA or the smaller of the two (``auto``); above
    the table the exact function is evaluated."""

    STEP, TOP = 0.005, 300.0

    def __init__(self, exact):
        self.exact = exact
        self.n = int(round(self.TOP / self.STEP)) + 1
        T = np.linspace(0.0, self.TOP, self.n)
        T[0] = 1e-9
        self.values = exact(T)

    def __call__(self, kinetic: np.ndarray) -> np.ndarray:
        x = np.clip(kinetic * (1.0 / self.STEP), 0.0, self.n - 1.000001)
        i = x.astype(np.intp)
        v = self.values
        out = v[i] + (x - i) * (v[i + 1] - v[i])
        out[kinetic <= 0] = 0.0
        high = kinetic > self.TOP
        if np.any(high):
            out[high] = self.exact(kinetic[high])
        return out


def allowed_cross_section(name: str | Reaction, **options) -> AllowedCrossSection:
    """Shorthand for :class:`AllowedCrossSection` of a packaged reaction name."""
    return AllowedCrossSection(name, **options)
