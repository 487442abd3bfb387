"""Dark-matter searches at a beam dump: χ recoils on top of CEvNS and a data set's backgrounds.

In every bin of a data set (:class:`~cevns.inference.datasets.Analysis`) the expectation is

    μ_i = S^χ_i(m_χ, Y; θ) + S^CEvNS_i(θ) + B_i(θ),

with the χ signal from the rate engine's dark-matter channel on the data set's own detector,
variations and clock (:meth:`~cevns.inference.datasets.SignalModel.for_flux`), the CEvNS
prediction of the precision Standard Model as a background that keeps all its nuisances, and
the data set's backgrounds. The χ come from π0 (and η) decaying at rest
(:func:`~cevns.sources.darksector.dm_flux_at_rest`), with a normalisation nuisance for the
meson yield. Along the search's line of models, m_V = r m_χ at fixed α_D, the χ count grows as
ε⁴ BR(A' -> χχ̄) = Y² (m_V/m_χ)⁸ BR / α_D², so one template per mass serves every Y.

The limit is a raster scan (the convention of the COHERENT CsI search, arXiv:2110.11453): at
each mass, the Y where χ²(Y) - min_{Y' >= 0} χ² first exceeds 2.71 (90 % CL, one parameter;
Wilks), nuisances profiled with
:meth:`~cevns.inference.likelihood.BinnedPoissonLikelihood.profile_many`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..constants import FINE_STRUCTURE
from ..darksector import DarkSector
from ..errors import CevnsInputError
from ..physics import PhysicsModel
from ..results import Result
from ..sources.darksector import dm_flux_at_rest, invisible_fraction, meson_branching
from .fit import DCHI2_90
from .likelihood import BinnedPoissonLikelihood, Template

__all__ = ["DarkMatterLimit", "DarkMatterSearch"]

_REFERENCE_EPSILON = 1e-4  # the template of each mass is built at this mixing, then scaled
_REFERENCE_MASS = 0.5  # MeV: the χ whose recoil nodes every mass shares


def _produced(meson: str, dark: DarkSector) -> bool:
    """Can ``meson`` at rest make χ pairs of this sector (on or off shell)?"""
    from ..sources.darksector import MESONS

    if dark.mediator_mass_MeV <= 2.0 * dark.dm_mass_MeV:
        return MESONS[meson][0] > 2.0 * dark.dm_mass_MeV
    return meson_branching(meson, dark) > 0


@dataclass(frozen=True)
class DarkMatterLimit(Result):
    """A raster scan in (m_χ, Y): profiled ``chi2`` (masses x yields), the background-only
    ``null_chi2`` and the line of models (``mass_ratio`` m_V/m_χ, ``alpha_dark``,
    ``dm_spin``); ``best_chi2`` is each mass's minimum over Y >= 0 and ``limit`` the 90 % CL
    upper limit on Y at each mass (NaN where the grid excludes nothing, the lowest Y where it
    excludes everything)."""

    dm_masses_MeV: np.ndarray
    yields: np.ndarray
    chi2: np.ndarray
    null_chi2: float
    mass_ratio: float
    alpha_dark: float
    dm_spin: str
    dataset: str
    best_chi2: np.ndarray
    limit: np.ndarray
    mediator: str = "dark_photon"

    @property
    def delta_chi2(self) -> np.ndarray:
        """χ² minus, at each mass, its minimum over Y >= 0."""
        return self.chi2 - self.best_chi2[:, None]

    @property
    def epsilon_limit(self) -> np.ndarray:
        """The limit as kinetic mixing ε at m_V = r m_χ: ε = sqrt(Y r⁴ / α_D) (for a
        baryonic vector the equivalent sqrt(α_B/α))."""
        return np.sqrt(self.limit * self.mass_ratio**4 / self.alpha_dark)

    @property
    def coupling_limit(self) -> tuple[str, np.ndarray]:
        """The limit on the mediator's own coupling: ("epsilon", ε) for a dark photon,
        ("alpha_baryon", α_B = α ε²) for a baryonic vector."""
        if self.mediator == "baryonic":
            return "alpha_baryon", FINE_STRUCTURE * self.epsilon_limit**2
        return "epsilon", self.epsilon_limit

    def to_dict(self) -> dict:
        return {
            "dataset": self.dataset,
            "line_of_models": {
                "mass_ratio": self.mass_ratio,
                "alpha_dark": self.alpha_dark,
                "dm_spin": self.dm_spin,
                "mediator": self.mediator,
            },
            "confidence_level": "90 % (raster, Δχ² = 2.71)",
            "dm_mass_MeV": self.dm_masses_MeV.tolist(),
            "mediator_mass_MeV": (self.mass_ratio * self.dm_masses_MeV).tolist(),
            "yield_limit": _nan_to_none(self.limit),
            f"{self.coupling_limit[0]}_limit": _nan_to_none(self.coupling_limit[1]),
            "yields": self.yields.tolist(),
            "delta_chi2": self.delta_chi2.tolist(),
            "null_chi2": self.null_chi2,
        }

    def table(self) -> dict:
        return {
            "dm_mass_MeV": self.dm_masses_MeV,
            "mediator_mass_MeV": self.mass_ratio * self.dm_masses_MeV,
            "yield_limit": self.limit,
            f"{self.coupling_limit[0]}_limit": self.coupling_limit[1],
        }

    def plot(self, ax=None, relic=None, published=None):
        from ..plotting.figures import plot_dark_matter_limit

        return plot_dark_matter_limit(self, ax, relic=relic, published=published)


def _nan_to_none(values) -> list:
    return [None if not np.isfinite(v) else float(v) for v in values]


@dataclass
class DarkMatterSearch:
    """A χ search on one data set ``analysis`` with mesons decaying at rest,
    ``mesons_per_pot`` (meson -> mesons per proton on target; default: the source preset's)
    known to
    ``meson_uncertainty`` (fractional 1σ), along the line m_V = ``mass_ratio`` x m_χ at fixed
    ``alpha_dark`` and ``dm_spin``. CEvNS (``model``, ``form_factor``) is background."""

    analysis: object
    mesons_per_pot: dict | None = None
    meson_uncertainty: float = 0.10
    mass_ratio: float = 3.0
    alpha_dark: float = 0.5
    dm_spin: str = "scalar"
    mediator: str = "dark_photon"
    model: PhysicsModel = field(default_factory=PhysicsModel)
    form_factor: object = "helm"
    _likelihood: BinnedPoissonLikelihood = field(init=False, repr=False)
    _templates: dict = field(default_factory=dict, init=False, repr=False)
    _folding: object = field(default=None, init=False, repr=False)

    def __post_init__(self):
        if not (np.isfinite(self.meson_uncertainty) and 0 <= self.meson_uncertainty < 1):
            raise CevnsInputError(
                f"meson_uncertainty must lie in [0, 1), got {self.meson_uncertainty!r}"
            )
        DarkSector.from_yield(
            10.0, 1e-10, self.mass_ratio, self.alpha_dark, self.dm_spin, self.mediator
        )
        calc = self.analysis.signal.calculator
        if calc.distance_m is None or not hasattr(calc.source, "protons_per_second"):
            raise CevnsInputError(
                f"{self.analysis.name}: a dark-matter search needs a proton beam and the "
                "detector's distance"
            )
        if self.mesons_per_pot is None:
            self.mesons_per_pot = calc.source.meson_yields
            if not self.mesons_per_pot:
                raise CevnsInputError(
                    f"{self.analysis.name}: its source {calc.source.name} has no meson yields; "
                    "give mesons_per_pot, e.g. {'pi0': 0.1}"
                )
        cevns = self.analysis.sm_template(self.form_factor, self.model)
        background = cevns + self.analysis.background
        names = [*self.analysis.nuisances]
        if self.meson_uncertainty > 0:
            names.append("dm_meson_yield")
        self._likelihood = BinnedPoissonLikelihood(self.analysis.observed, background, names)

    @property
    def datasets(self) -> tuple[str, ...]:
        return (self.analysis.name,)

    def dark_sector(self, dm_mass_MeV: float, yield_variable: float) -> DarkSector:
        """The model of the search's line at (m_χ, Y)."""
        return DarkSector.from_yield(
            dm_mass_MeV,
            yield_variable,
            self.mass_ratio,
            self.alpha_dark,
            self.dm_spin,
            self.mediator,
        )

    def _reference(self, dm_mass_MeV: float) -> tuple[Template, DarkSector]:
        key = float(dm_mass_MeV)
        if key not in self._templates:
            if len(self._templates) > 512:
                self._templates.clear()
            ratio = self.mass_ratio
            dark = DarkSector(
                ratio * key, key, _REFERENCE_EPSILON, self.alpha_dark, self.dm_spin, self.mediator
            )
            signal = self.analysis.signal
            if not any(_produced(m, dark) for m in self.mesons_per_pot):
                # no meson is heavy enough for this A': no signal
                zero = np.zeros_like(self.analysis.observed, dtype=float)
                self._templates[key] = (Template(zero), dark)
                return self._templates[key]
            flux = self._flux(dark)
            norms = {"dm_meson_yield": self.meson_uncertainty} if self.meson_uncertainty else {}
            model = signal.for_flux(flux, "darkmatter", dark, norms, self._shared_folding())
            self._templates[key] = (model.template(), dark)
        return self._templates[key]

    def _flux(self, dark: DarkSector):
        calc = self.analysis.signal.calculator
        source = calc.source
        return dm_flux_at_rest(
            self.mesons_per_pot, dark, calc.distance_m, source.protons_per_second, source.timing
        )

    def _shared_folding(self):
        """The detector response on recoil nodes for the lightest χ (the widest recoil
        range: every A' here comes from a meson at rest, so no χ is more energetic), shared
        by every mass: the response matrices are the costly part of a template, and the
        shared nodes change the binned counts by < 2e-5 of the total (tested)."""
        if self._folding is None:
            dark = DarkSector(
                self.mass_ratio * _REFERENCE_MASS,
                _REFERENCE_MASS,
                _REFERENCE_EPSILON,
                mediator=self.mediator,
            )
            model = self.analysis.signal.for_flux(self._flux(dark), "darkmatter", dark)
            self._folding = model._folding
        return self._folding

    def signal_template(self, dm_mass_MeV: float, yield_variable: float) -> Template:
        """Expected χ events per bin with their nuisance shifts at (m_χ, Y)."""
        reference, dark = self._reference(dm_mass_MeV)
        target = self.dark_sector(dm_mass_MeV, yield_variable)
        factor = (target.epsilon / dark.epsilon) ** 4
        if dark.mediator_mass_MeV > 2.0 * dark.dm_mass_MeV:  # on shell: times BR(V -> χχ̄)
            factor *= invisible_fraction(target) / invisible_fraction(dark)
        return reference.scaled(factor)

    def expected_events(self, dm_mass_MeV: float, yield_variable: float) -> float:
        """Total χ events of the exposure at (m_χ, Y), nominal systematics."""
        return float(self.signal_template(dm_mass_MeV, yield_variable).nominal.sum())

    # --- the scan protocol of cevns.inference.scan ------------------------------------------

    def check_point(self, point: dict) -> None:
        """Refuse a point that is not {"dm_mass": MeV, "Y": yield variable} of the line."""
        if set(point) != {"dm_mass", "Y"}:
            raise CevnsInputError(
                f"a dark-matter scan point has dm_mass and Y, got {sorted(point)}"
            )
        self.dark_sector(point["dm_mass"], point["Y"])

    def prepare(self, points: list[dict]) -> None:
        """Build the reference template of every dark-matter mass among ``points`` (the
        others are rescaled copies), so that scan chunks only read them."""
        for mass in sorted({p["dm_mass"] for p in points}):
            self._reference(mass)

    def profiled_chi2(self, points: list[dict]) -> np.ndarray:
        """χ² minimised over all nuisances at each point {"dm_mass", "Y"}."""
        lk = self._likelihood
        temps = [self.signal_template(p["dm_mass"], p["Y"]) for p in points]
        S0 = np.array([t.nominal.ravel() for t in temps])
        DS = np.array([t.matrix(lk.nuisances) for t in temps])
        return lk.profile_many(S0, DS)[0]

    def null_chi2(self) -> float:
        """χ² of the background-only hypothesis (CEvNS and backgrounds), profiled."""
        lk = self._likelihood
        shape = (1, len(lk.nuisances), lk.observed.size)
        return float(lk.profile_many(np.zeros(shape[::2]), np.zeros(shape))[0][0])

    def scan(
        self, dm_masses_MeV, yields, scheduler=None, progress: bool | None = True
    ) -> DarkMatterLimit:
        """Profiled χ² on the (m_χ, Y) grid and its raster limit; ``scheduler`` as in
        :func:`~cevns.inference.scan.scan_grid` (None, "local" or a Dask address)."""
        from .scan import scan_grid

        masses = np.asarray(dm_masses_MeV, dtype=float).ravel()
        ys = np.asarray(yields, dtype=float).ravel()
        if ys.size < 2 or np.any(np.diff(ys) <= 0):
            raise CevnsInputError("give at least two increasing Y values to scan")
        grid = scan_grid(self, {"dm_mass": masses, "Y": ys}, scheduler=scheduler, progress=progress)
        null = self.null_chi2()
        best = np.empty(masses.size)
        limit = np.full(masses.size, np.nan)
        for i, (mass, row) in enumerate(zip(masses, grid.chi2, strict=True)):
            best[i], limit[i] = self._raster_point(mass, ys, row, null)
        return DarkMatterLimit(
            masses,
            ys,
            grid.chi2,
            null,
            self.mass_ratio,
            self.alpha_dark,
            self.dm_spin,
            self.analysis.name,
            best,
            limit,
            self.mediator,
        )

    def _chi2_at(self, mass: float, log_y: float) -> float:
        return float(self.profiled_chi2([{"dm_mass": mass, "Y": float(np.exp(log_y))}])[0])

    def _raster_point(self, mass, ys, row, null) -> tuple[float, float]:
        """The minimum over Y >= 0 at one mass (refined between grid points when it lies
        inside the grid) and the 90 % CL upper limit, the root of χ²(Y) - min = 2.71 in ln Y
        above the best fit, between the bracketing grid points (χ² grows like Y⁴ there: no
        interpolation)."""
        from scipy.optimize import brentq, minimize_scalar

        log_y = np.log(ys)
        j = int(np.argmin(row))
        best = min(float(row[j]), null)
        if row[j] < null and 0 < j < ys.size - 1:
            fit = minimize_scalar(
                lambda t: self._chi2_at(mass, t),
                bounds=(log_y[j - 1], log_y[j + 1]),
                method="bounded",
            )
            best = min(best, float(fit.fun))
        # the upper limit lies above the best fit (with an excess, small Y are excluded too)
        start = j if row[j] < null else 0
        above = start + np.nonzero(row[start:] - best > DCHI2_90)[0]
        if above.size == 0:
            return best, np.nan
        k = int(above[0])
        if k == 0:
            return best, float(ys[0])
        root = brentq(
            lambda t: self._chi2_at(mass, t) - best - DCHI2_90,
            log_y[k - 1],
            log_y[k],
            xtol=1e-6,
        )
        return best, float(np.exp(root))
