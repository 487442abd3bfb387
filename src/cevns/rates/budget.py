"""Theory-uncertainty budget of the Standard-Model CEvNS cross section, term by term.

For one isotope, :func:`theory_budget` gives the relative 1σ uncertainty of σ(E) at chosen
neutrino energies, or of the flux-averaged σ of each component of a flux, from each source:

* **nuclear, neutron radius**: the neutron rms radius varied by ±δR_n (default 0.2 fm, the
  size that reproduces Table I of Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840,
  adapted from Tomalak, Machado, Pandey, Plestid, JHEP 02 (2021) 097, arXiv:2011.05960, at
  30 and 50 MeV; it lies inside the 0.29-fm spread of the 40Ar neutron radii of the
  form-factor models compared in that review). Central difference of σ with Helm neutron form
  factors of radius R_n ± δR_n.
* **nuclear, axial structure** (odd-A only): half the two-body-current band of the shell-model
  structure factors (Klos et al., PRD 88, 083516 (2013); :mod:`cevns.nuclear.axial`).
* **nucleon, radii**: proton charge radius 0.8409(4) fm, neutron <r²> -0.1155(17) fm² (PDG
  2024) and strange <r²_E>^s -0.0048(6) fm² (ETMC 2020), propagated at first order,
  δσ/σ = (1/3) <q²> δ<r²>_W, with <q²> the mean q² of the recoil distribution at that energy.
* **nucleon, axial charges** (odd-A only): g_A = 1.2754(13) (PDG 2024) and
  Δs = -0.040(9) (χQCD 2017).
* **hadronic**: light-quark loops coupling the neutrino current to the photon. They shift the
  vector coupling of any charged target by the same δ (opposite sign for the electron and the
  proton), so the 0.2-0.4 % hadronic uncertainty of ν_μ-e scattering (O. Tomalak and
  R. J. Hill, Phys. Rev. D 101 (2020) 033006, arXiv:1907.03379; its midpoint, 0.3 %, with
  dσ/σ = -2.08 δ for ν_μ-e) means δg_V^p = 1.44e-3, and δσ/σ = 2Z(2δ)/``|Q_W|`` for a nucleus
  (0.47 % for 40Ar), the same at every energy. (O. Tomalak, arXiv:2506.03255, puts this
  uncertainty at "3-4 permille" for low-energy neutral-current scattering.)
* **perturbative**: the next order is estimated as (α/π) times the one-loop radiative
  correction, ``|σ/σ_tree - 1|`` α/π.
* **sin²θ_W**: ŝ²(0) = 0.23857(5) (J. Erler and A. Freitas, PDG 2024 electroweak review),
  central difference.

Correlations: each row is fully correlated across energies and flavors (one parameter moves all
of them); rows are independent of each other, so the total is their quadrature sum.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..constants import (
    AXIAL_COUPLING,
    FINE_STRUCTURE,
    HBARC_MEV_FM,
    PROTON_CHARGE_RADIUS_FM,
    STRANGE_AXIAL_CHARGE,
    STRANGE_AXIAL_CHARGE_UNCERTAINTY,
)
from ..errors import CevnsInputError
from ..nuclear.axial import axial_structure
from ..nuclear.formfactors import FormFactorModel, form_factor_model
from ..nuclei import isotope
from ..physics import PhysicsModel
from ..xsec import coherent_cross_section, flux_average, max_recoil_energy, momentum_transfer

__all__ = ["BudgetRow", "TheoryBudget", "theory_budget", "BUDGET_INPUTS"]

BUDGET_INPUTS = {
    "neutron_radius_fm": 0.2,
    "proton_radius_fm": 0.0004,
    "neutron_ms_radius_fm2": 0.0017,
    "strange_ms_radius_fm2": 0.0006,
    "axial_coupling": 0.0013,
    "strange_axial_charge": STRANGE_AXIAL_CHARGE_UNCERTAINTY,
    "hadronic_proton_coupling": 0.003 / 2.08,
    "sin2_theta_w": 0.00005,
}
"""The 1σ inputs of the budget (units in the names; sources in the module docstring)."""


@dataclass(frozen=True)
class BudgetRow:
    """One source of uncertainty: relative 1σ of the observable at each point."""

    name: str
    level: str
    relative: np.ndarray
    source: str
    correlation: str = "fully correlated across energies and flavors"

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "level": self.level,
            "relative": self.relative,
            "source": self.source,
            "correlation": self.correlation,
        }


@dataclass(frozen=True)
class TheoryBudget:
    """Relative uncertainties of σ at ``points`` (energies in MeV, or flux components)."""

    target: str
    points: tuple
    point_label: str
    sigma_cm2: np.ndarray
    rows: tuple[BudgetRow, ...]
    inputs: dict = field(default_factory=dict)

    @property
    def total(self) -> np.ndarray:
        """Quadrature sum of the rows (they are independent)."""
        return np.sqrt(sum(r.relative**2 for r in self.rows))

    def level(self, name: str) -> np.ndarray:
        """Quadrature sum of the rows of one level (``"nuclear"``, ``"nucleon"``, ...)."""
        rows = [r.relative**2 for r in self.rows if r.level == name]
        return np.sqrt(sum(rows)) if rows else np.zeros(len(self.points))

    def to_dict(self) -> dict:
        return {
            "target": self.target,
            self.point_label: list(self.points),
            "sigma_cm2": self.sigma_cm2,
            "rows": [r.to_dict() for r in self.rows],
            "total": self.total,
            "correlations": "rows independent; each row fully correlated across points",
            "inputs": dict(self.inputs),
        }


class _Observable:
    """σ at fixed energies, or flux-averaged over each component of a flux."""

    def __init__(self, energies, flux):
        self.energies = energies
        self.flux = flux

    def __call__(self, xs) -> np.ndarray:
        if self.flux is None:
            return np.asarray(xs.total(self.energies, "numu"), dtype=float)
        return np.array([flux_average(xs, c.spectrum, c.flavor) for c in self.flux.components])

    def mean_q2_fm2(self, xs) -> np.ndarray:
        """<q²> of the recoil distribution (fm⁻²), per point."""
        if self.flux is None:
            return np.array([_mean_q2(xs, E, "numu") for E in self.energies])
        out = []
        for c in self.flux.components:
            E, w = c.spectrum.nodes()
            sig = np.array([xs.total(e, c.flavor) for e in E])
            q2 = np.array([_mean_q2(xs, e, c.flavor) for e in E])
            out.append(np.sum(w * sig * q2) / max(np.sum(w * sig), 1e-300))
        return np.asarray(out)


def _mean_q2(xs, energy: float, flavor: str, n: int = 64) -> float:
    t_max = float(max_recoil_energy(energy, xs.mass))
    if t_max <= 0:
        return 0.0
    x, w = np.polynomial.legendre.leggauss(n)
    T = 0.5 * t_max * (x + 1.0)
    rate = xs.dsigma_dT(energy, T, flavor) * 0.5 * t_max * w
    q2 = (momentum_transfer(T, xs.mass) / HBARC_MEV_FM) ** 2
    return float(np.sum(rate * q2) / np.sum(rate))


class _AxialPart:
    """σ_A(E) = ∫ (G_F² M/4π) F_A(q) (1 - T/E + MT/2E²) dT with chosen axial inputs."""

    def __init__(self, xs, structure, g_a, g_s, band):
        self.xs, self.structure, self.g_a, self.g_s, self.band = xs, structure, g_a, g_s, band

    def kinks(self, flavor="numu"):
        return np.zeros(0)

    def total(self, energy, flavor="numu", n: int = 48):
        E = np.atleast_1d(np.asarray(energy, dtype=float))
        M = self.xs.mass
        t_max = max_recoil_energy(E, M)
        x, w = np.polynomial.legendre.leggauss(n)
        T = 0.5 * t_max[:, None] * (x + 1.0)
        k0 = self.xs.vector_kinematics(T)[0]
        f_a = self.structure.axial_form_factor(
            momentum_transfer(T, M), self.g_a, self.g_s, self.band
        )
        Es = np.where(E > 0, E, 1.0)[:, None]
        integrand = k0 * f_a * (1.0 - T / Es + 0.5 * M * T / Es**2)
        out = np.sum(integrand * w, axis=1) * 0.5 * t_max
        return out.reshape(np.shape(energy))


def theory_budget(
    target,
    energies=(10.0, 30.0, 50.0),
    flux=None,
    form_factor="helm",
    model: PhysicsModel | None = None,
    neutron_radius_uncertainty_fm: float = BUDGET_INPUTS["neutron_radius_fm"],
) -> TheoryBudget:
    """The theory-uncertainty budget of the CEvNS cross section on an isotope ``target``: of
    σ(E) for ν_μ at ``energies`` (MeV), or, with ``flux`` (a :class:`~cevns.sources.flux.Flux`),
    of the flux-averaged σ of each of its components. Rows and sources: module docstring."""
    iso = isotope(target)
    model = model or PhysicsModel()
    if model.running:
        raise CevnsInputError("the budget is for the precision Standard Model (running=False)")
    if not (np.isfinite(neutron_radius_uncertainty_fm) and neutron_radius_uncertainty_fm >= 0):
        raise CevnsInputError(
            f"neutron_radius_uncertainty_fm must be finite and >= 0, got "
            f"{neutron_radius_uncertainty_fm!r}"
        )
    ff = form_factor_model(form_factor)
    if flux is None:
        E = np.atleast_1d(np.asarray(energies, dtype=float))
        if E.size == 0 or np.any(~np.isfinite(E)) or np.any(E <= 0):
            raise CevnsInputError("budget energies must be finite and > 0 MeV")
        points, label = tuple(float(e) for e in E), "energy_MeV"
    else:
        E = None
        points, label = tuple(c.flavor for c in flux.components), "flavor"
    observe = _Observable(E, flux)
    xs = coherent_cross_section(iso, ff, model)
    sigma = observe(xs)
    rows = [_neutron_radius_row(iso, ff, model, observe, sigma, neutron_radius_uncertainty_fm)]
    structure = axial_structure(iso) if model.axial else None
    if structure is not None:
        rows.append(_axial_band_row(xs, structure, observe, sigma))
    rows.append(_nucleon_radius_row(iso, xs, model, observe))
    if structure is not None:
        rows.append(_axial_charge_row(xs, structure, observe, sigma))
    rows.append(_hadronic_row(iso, model, len(points)))
    tree = observe(coherent_cross_section(iso, ff, model.replace(radiative=False)))
    rows.append(
        BudgetRow(
            "higher orders",
            "perturbative",
            FINE_STRUCTURE / np.pi * np.abs(sigma / tree - 1.0),
            "(α/π) times the one-loop correction, abs(σ/σ_tree - 1)",
        )
    )
    rows.append(_sin2_row(iso, ff, model, observe, sigma))
    inputs = dict(BUDGET_INPUTS, neutron_radius_fm=neutron_radius_uncertainty_fm)
    return TheoryBudget(iso.name, points, label, sigma, tuple(rows), inputs)


def _relative_spread(observe, low, high, sigma) -> np.ndarray:
    return np.abs(observe(high) - observe(low)) / (2.0 * sigma)


def _neutron_radius_row(iso, ff, model, observe, sigma, delta) -> BudgetRow:
    neutron = ff.pair(iso)[1]
    radius = float(neutron.rms_radius_fm)
    if delta == 0.0:
        spread = np.zeros(len(sigma))
    else:
        lo = coherent_cross_section(
            iso, FormFactorModel("helm", neutron_rms_fm=radius - delta), model
        )
        hi = coherent_cross_section(
            iso, FormFactorModel("helm", neutron_rms_fm=radius + delta), model
        )
        base = observe(
            coherent_cross_section(iso, FormFactorModel("helm", neutron_rms_fm=radius), model)
        )
        spread = _relative_spread(observe, lo, hi, base)
    return BudgetRow(
        "neutron radius",
        "nuclear",
        spread,
        f"R_n = {radius:.3f} fm ± {delta:g} fm (Helm neutron form factor, central difference)",
    )


def _axial_band_row(xs, structure, observe, sigma) -> BudgetRow:
    def part(band):
        return _AxialPart(xs, structure, AXIAL_COUPLING, STRANGE_AXIAL_CHARGE, band)

    return BudgetRow(
        "axial structure (two-body currents)",
        "nuclear",
        _relative_spread(observe, part("low"), part("high"), sigma),
        "half the two-body-current band of Klos et al., PRD 88, 083516 (2013)",
    )


def _axial_charge_row(xs, structure, observe, sigma) -> BudgetRow:
    central = observe(_AxialPart(xs, structure, AXIAL_COUPLING, STRANGE_AXIAL_CHARGE, "central"))
    squares = 0.0
    for g_a, g_s in (
        (AXIAL_COUPLING + BUDGET_INPUTS["axial_coupling"], STRANGE_AXIAL_CHARGE),
        (AXIAL_COUPLING, STRANGE_AXIAL_CHARGE + BUDGET_INPUTS["strange_axial_charge"]),
    ):
        shifted = observe(_AxialPart(xs, structure, g_a, g_s, "central"))
        squares = squares + ((shifted - central) / sigma) ** 2
    return BudgetRow(
        "axial charges",
        "nucleon",
        np.sqrt(squares),
        "g_A = 1.2754(13) (PDG 2024), Δs = -0.040(9) (Gong et al., PRD 95, 114509 (2017))",
    )


def _nucleon_radius_row(iso, xs, model, observe) -> BudgetRow:
    # weights of the nucleon mean-square radii in the weak mean-square radius, from
    # Q_W <r²>_W = Z g_p (.. + r_p² + (N/Z) r_n²) + N g_n (.. + r_p² + (Z/N) r_n² + (A/N) r_s²)
    g_p, g_n = model.couplings("numu")
    Z, N = iso.Z, iso.N
    charge = Z * g_p + N * g_n
    d_rp2 = 2.0 * PROTON_CHARGE_RADIUS_FM * BUDGET_INPUTS["proton_radius_fm"]
    d_rn2 = BUDGET_INPUTS["neutron_ms_radius_fm2"]
    d_rs2 = BUDGET_INPUTS["strange_ms_radius_fm2"]
    spread = np.sqrt(
        d_rp2**2 + ((N * g_p + Z * g_n) / charge * d_rn2) ** 2 + (iso.A * g_n / charge * d_rs2) ** 2
    )
    return BudgetRow(
        "nucleon radii",
        "nucleon",
        observe.mean_q2_fm2(xs) / 3.0 * spread,
        "r_p = 0.8409(4) fm, <r²>_n = -0.1155(17) fm² (PDG 2024), <r²_E>^s = -0.0048(6) fm² "
        "(ETMC 2020); first order, (1/3)<q²> δ<r²>_W",
    )


def _hadronic_row(iso, model, n: int) -> BudgetRow:
    g_p, g_n = model.couplings("numu")
    delta = 2.0 * BUDGET_INPUTS["hadronic_proton_coupling"]  # doubled convention
    relative = 2.0 * iso.Z * delta / abs(iso.Z * g_p + iso.N * g_n)
    return BudgetRow(
        "light-quark loops",
        "hadronic",
        np.full(n, relative),
        "δg_V^p = 1.44e-3 from the 0.2-0.4 % hadronic uncertainty of ν_μ-e scattering "
        "(Tomalak & Hill, arXiv:1907.03379), which the same loops set",
    )


def _sin2_row(iso, ff, model, observe, sigma) -> BudgetRow:
    d = BUDGET_INPUTS["sin2_theta_w"]
    s2 = model.sin2_theta_w
    lo = coherent_cross_section(iso, ff, model.replace(sin2_theta_w=s2 - d))
    hi = coherent_cross_section(iso, ff, model.replace(sin2_theta_w=s2 + d))
    return BudgetRow(
        "weak mixing angle",
        "electroweak",
        _relative_spread(observe, lo, hi, sigma),
        "sin²θ_W(0) = 0.23857(5) (Erler & Freitas, PDG 2024)",
    )
