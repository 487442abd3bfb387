"""Fits to one or several data sets: CEvNS counts, physics parameters, profile likelihoods.

* :func:`count_fit`: the number of CEvNS events (free normalisation, Standard-Model shape),
  its MINOS interval, the SM prediction and the flux-averaged cross section σ_SM N_fit/N_SM,
  COHERENT's definition (arXiv:1708.01294, arXiv:2110.07730).
* :class:`JointFit`: χ² summed over data sets for a parameter point; :meth:`JointFit.fit`
  minimises it over physics parameters and all nuisances with iminuit (MIGRAD, then MINOS for
  the intervals); :meth:`JointFit.profile` scans one parameter on a grid, the nuisances
  profiled at each point (vectorized), giving the curve and its Δχ² = 1 and 2.71 crossings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import CevnsInputError
from ..nuclear.formfactors import FormFactorModel, form_factor_model
from ..physics import PhysicsModel
from ..plotting import figures
from ..rates.engine import flux_averaged_cross_section
from ..results import Result
from .datasets import Analysis
from .factorised import TemplateBasis, build_basis, coupling_range, split_point
from .likelihood import Template
from .parameters import check_parameter, physics_point

__all__ = [
    "count_fit",
    "count_error_bound",
    "CountFit",
    "JointFit",
    "ParameterFit",
    "ProfileCurve",
    "crossings",
]

DCHI2_68 = 1.0  # Δχ² for a 68.27 % CL interval in one parameter (Wilks)
DCHI2_90 = 2.705543  # 90 % CL, one parameter
DCHI2_2D = {68: 2.2958, 90: 4.6052, 95: 5.9915}  # two parameters


def _shape_template(t: Template) -> Template:
    """``t`` normalised to one event in total, each shift made norm-preserving: the signal
    shape with the number of events as a free parameter."""
    total = t.nominal.sum()
    shifts = {}
    for name, s in t.shifts.items():
        shape_change = (s - t.nominal * s.sum() / total) / total
        if np.max(np.abs(shape_change)) > 1e-12 / max(total, 1.0):
            shifts[name] = shape_change
    return Template(t.nominal / total, shifts)


@dataclass(frozen=True)
class CountFit(Result):
    """Fitted CEvNS events with a free normalisation (SM shape)."""

    dataset: str
    cevns_events: float
    cevns_events_error: float
    cevns_events_interval: tuple[float, float]
    sm_prediction_events: float
    sm_prediction_error: float
    cross_section_cm2: float
    cross_section_interval_cm2: tuple[float, float]
    sm_cross_section_cm2: float
    chi2: float
    bins: int
    nuisances: dict
    significance: float

    def to_dict(self) -> dict:
        return {
            "dataset": self.dataset,
            "cevns_events": self.cevns_events,
            "cevns_events_error": self.cevns_events_error,
            "cevns_events_interval_68": list(self.cevns_events_interval),
            "sm_prediction_events": self.sm_prediction_events,
            "sm_prediction_error": self.sm_prediction_error,
            "flux_averaged_cross_section_cm2": self.cross_section_cm2,
            "flux_averaged_cross_section_interval_68_cm2": list(self.cross_section_interval_cm2),
            "sm_flux_averaged_cross_section_cm2": self.sm_cross_section_cm2,
            "chi2": self.chi2,
            "bins": self.bins,
            "significance_sigma": self.significance,
            "nuisances": self.nuisances,
        }


def count_fit(
    analysis: Analysis, form_factor="helm", model: PhysicsModel | None = None
) -> CountFit:
    """Fit the number of CEvNS events in ``analysis`` (shape of the Standard Model ``model``,
    default the precision one; free normalisation), with the background and shape nuisances
    profiled by iminuit; the error is MINOS's (symmetrised).
    Significance: sqrt(χ²(no CEvNS) - χ²_min)."""
    sm = analysis.sm_template(form_factor, model)
    n_sm = float(sm.nominal.sum())
    likelihood = analysis.likelihood()
    result = likelihood.profile(_shape_template(sm), strength=None, minos=True)
    lo, hi = result.strength_interval
    null = likelihood.profile(_shape_template(sm), strength=0.0)
    # SM normalisation error: the quadrature sum of the signal's systematic shifts
    sm_error = float(np.sqrt(sum(np.sum(s) ** 2 for s in sm.shifts.values())))
    sig = analysis.signal
    xs = flux_averaged_cross_section(sig.material, sig.calculator.flux, _ff(form_factor), model)[
        "average"
    ]
    return CountFit(
        analysis.name,
        result.strength,
        0.5 * (hi - lo),
        (lo, hi),
        n_sm,
        sm_error,
        xs * result.strength / n_sm,
        (xs * lo / n_sm, xs * hi / n_sm),
        xs,
        result.chi2,
        analysis.observed.size,
        result.theta,
        float(np.sqrt(max(null.chi2 - result.chi2, 0.0))),
    )


def count_error_bound(
    analysis: Analysis, events: float, form_factor="helm", model: PhysicsModel | None = None
) -> float:
    """Smallest possible 1σ error of a fitted CEvNS count of ``events`` from ``analysis``'s
    binned data: the Cramér-Rao bound 1/sqrt(I), I = Σ_i s_i² / (events s_i + b_i), with s the
    Standard-Model shape (unit sum), b the background, and every nuisance fixed. Any
    systematic, and any coarser binning, only make the error larger."""
    shape = analysis.sm_template(form_factor, model).nominal
    shape = shape / shape.sum()
    expected = events * shape + analysis.background.nominal
    inside = expected > 0
    information = float(np.sum(shape[inside] ** 2 / expected[inside]))
    return 1.0 / np.sqrt(information)


def _ff(form_factor) -> FormFactorModel:
    if isinstance(form_factor, FormFactorModel):
        return form_factor
    return form_factor_model(form_factor)


@dataclass(frozen=True)
class ParameterFit(Result):
    """Best fit of physics parameters with all nuisances profiled: ``best_fit`` and the
    MINOS ``interval_68`` per parameter, the minimum ``chi2``, and the SM ``chi2_sm``."""

    datasets: tuple[str, ...]
    best_fit: dict
    interval_68: dict
    chi2: float
    chi2_sm: float
    nuisances: dict
    valid: bool

    def to_dict(self) -> dict:
        return {
            "datasets": list(self.datasets),
            "best_fit": self.best_fit,
            "interval_68": {k: list(v) for k, v in self.interval_68.items()},
            "chi2": self.chi2,
            "chi2_sm": self.chi2_sm,
            "nuisances": self.nuisances,
            "valid": self.valid,
        }


@dataclass(frozen=True)
class ProfileCurve(Result):
    """Profile likelihood of one parameter: Δχ² (relative to the curve's minimum) at
    ``values``, the refined ``best_fit`` and the 68 % and 90 % CL intervals (each a list of
    (low, high) pieces; None for an end that lies outside the scanned range)."""

    parameter: str
    values: np.ndarray
    delta_chi2: np.ndarray
    best_fit: float
    chi2_min: float
    interval_68: list
    interval_90: list
    datasets: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "parameter": self.parameter,
            "datasets": list(self.datasets),
            "best_fit": self.best_fit,
            "chi2_min": self.chi2_min,
            "interval_68": [list(p) for p in self.interval_68],
            "interval_90": [list(p) for p in self.interval_90],
            "values": self.values,
            "delta_chi2": self.delta_chi2,
        }

    def table(self) -> dict:
        return {
            "parameter": [self.parameter] * len(self.values),
            "value": self.values,
            "delta_chi2": self.delta_chi2,
        }

    def plot(self, ax=None, label: str | None = None):
        return figures.plot_profile(self, label, ax)


def crossings(x: np.ndarray, y: np.ndarray, level: float, func=None) -> list:
    """Pieces (low, high) of {x : y(x) <= level} on the sampled curve, ends refined with
    ``func`` (the exact curve) by Brent's method when given; None for an open end."""
    below = y <= level
    pieces = []
    i = 0
    n = len(x)
    while i < n:
        if not below[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and below[j + 1]:
            j += 1
        ends = []
        for a, b in ((i - 1, i), (j, j + 1)):
            if a < 0 or b >= n:
                ends.append(None)
                continue
            xa, xb, ya, yb = x[a], x[b], y[a] - level, y[b] - level
            guess = xa - ya * (xb - xa) / (yb - ya)
            if func is not None:
                try:
                    from scipy.optimize import brentq

                    guess = brentq(lambda v: func(v) - level, xa, xb, xtol=1e-6 * abs(xb - xa))
                except ValueError:
                    pass
            ends.append(float(guess))
        pieces.append((ends[0], ends[1]))
        i = j + 1
    return pieces


def _group_points(points: list[dict]) -> dict:
    """{(fixed items, coupling names): (row indices, coupling values (G, n))} of ``points``,
    grouped by mass point."""
    groups: dict = {}
    for i, p in enumerate(points):
        fixed, names = split_point(p)
        rows, values = groups.setdefault((fixed, names), ([], []))
        rows.append(i)
        values.append([p[n] for n in names])
    return {
        key: (np.array(rows), np.array(values, dtype=float).reshape(len(rows), len(key[1])))
        for key, (rows, values) in groups.items()
    }


@dataclass
class JointFit:
    """χ² summed over ``analyses`` for parameter points on top of ``base`` (a physics model)
    and ``form_factor``; each data set keeps its own nuisances."""

    analyses: list
    base: PhysicsModel = field(default_factory=PhysicsModel)
    form_factor: object = "helm"
    _likelihoods: list = field(init=False, repr=False)
    _bases: dict = field(default_factory=dict, init=False, repr=False)
    _models: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        if isinstance(self.analyses, Analysis):
            self.analyses = [self.analyses]
        self._likelihoods = [a.likelihood() for a in self.analyses]

    @property
    def datasets(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.analyses)

    @property
    def nuisances(self) -> tuple[str, ...]:
        return tuple(n for lk in self._likelihoods for n in lk.nuisances)

    def templates(self, point: dict) -> list:
        """Signal templates of every data set at parameter ``point`` (cached per model)."""
        return [self._template(k, point) for k in range(len(self.analyses))]

    def _template(self, k: int, point: dict) -> Template:
        """The engine's signal template of data set ``k`` at ``point``."""
        if "rn" in point and len({a.signal.material for a in self.analyses}) > 1:
            raise CevnsInputError(
                "rn is the neutron radius of one target material: fit the CsI and argon "
                "data sets separately"
            )
        model, ff = physics_point(point, self.base, self.form_factor)
        key = (k, model, ff)  # points that make the same model share it (zero couplings)
        if key not in self._models:
            if len(self._models) > 256:
                self._models.clear()
            self._models[key] = self.analyses[k].signal_template(model, ff)
        return self._models[key]

    def prepare(self, points: list[dict]) -> None:
        """Build the factorised templates (:mod:`.factorised`) of every mass point among
        ``points``, with coupling scales from all of them: what a scan does before it cuts
        its grid into chunks, so that the chunks (and Dask workers) share them."""
        self._bases.clear()
        for (fixed, names), (_, values) in _group_points(points).items():
            span = coupling_range(names, values)
            for k in range(len(self.analyses)):
                self._basis(k, fixed, names, span, bounded=False)

    def _basis(
        self, k: int, fixed: tuple, names: tuple, span: tuple, bounded: bool = True
    ) -> TemplateBasis:
        """Data set ``k``'s basis at the mass point ``fixed`` for couplings in ``span``
        (low, width), rebuilt when ``span`` reaches far beyond the one it was solved for.
        Outside :meth:`prepare` (``bounded``) the kept bases are capped at 4096; a scan's
        prepared ones all stay, so its chunks, on any thread, only read them."""
        key = (k, fixed, names)
        basis = self._bases.get(key)
        if basis is None or not basis.covers(*span):
            if bounded and len(self._bases) > 4096:
                self._bases.clear()
            basis = build_basis(
                lambda point: self._template(k, point),
                names,
                dict(fixed),
                *span,
                self._likelihoods[k].nuisances,
            )
            self._bases[key] = basis
        return basis

    def check_point(self, point: dict) -> None:
        """Refuse unknown parameter names or a combination the physics model rejects."""
        for name in point:
            check_parameter(name)
        physics_point(point, self.base, self.form_factor)

    def chi2(self, point: dict, theta=None) -> float:
        """χ² at ``point`` and nuisances ``theta`` (all data sets' nuisances in order)."""
        theta = np.zeros(len(self.nuisances)) if theta is None else np.asarray(theta, float)
        total, k = 0.0, 0
        for lk, t in zip(self._likelihoods, self.templates(point), strict=True):
            K = len(lk.nuisances)
            total += lk.chi2(t, theta[k : k + K])
            k += K
        return total

    def profiled_chi2(self, points: list[dict]) -> np.ndarray:
        """χ² minimised over the nuisances at each of ``points`` (vectorized Newton), the
        templates from the factorised ones of each mass point (:mod:`.factorised`)."""
        groups = _group_points(points)
        total = np.zeros(len(points))
        for k, lk in enumerate(self._likelihoods):
            S0 = np.empty((len(points), lk.observed.size))
            DS = np.empty((len(points), len(lk.nuisances), lk.observed.size))
            for (fixed, names), (rows, values) in groups.items():
                basis = self._basis(k, fixed, names, coupling_range(names, values))
                S0[rows], DS[rows] = basis.evaluate(values)
            total += lk.profile_many(S0, DS)[0]
        return total

    def fit(self, start: dict, limits: dict | None = None, minos: bool = True) -> ParameterFit:
        """Minimise χ² over the physics parameters in ``start`` (name -> starting value) and
        all nuisances with iminuit; MINOS intervals for the physics parameters."""
        names = list(start)
        for n in names:
            check_parameter(n)
        nuis = self.nuisances
        K = len(nuis)

        def fcn(p):
            return self.chi2(dict(zip(names, p[K:], strict=True)), p[:K])

        x0 = np.concatenate([np.zeros(K), [float(start[n]) for n in names]])
        from iminuit import Minuit

        m = Minuit(fcn, x0, name=[*nuis, *names])
        m.errordef = Minuit.LEAST_SQUARES
        for n, lim in (limits or {}).items():
            m.limits[n] = lim
        for n in names:
            m.errors[n] = max(abs(float(start[n])) * 0.05, 1e-3)
        m.migrad()
        intervals = {}
        if minos and m.valid:
            for n in names:
                try:
                    m.minos(n)
                    me = m.merrors[n]
                    intervals[n] = (m.values[n] + me.lower, m.values[n] + me.upper)
                except RuntimeError:
                    intervals[n] = (m.values[n] - m.errors[n], m.values[n] + m.errors[n])
        best = {n: float(m.values[n]) for n in names}
        sm_point = {
            n: check_parameter(n).null for n in names if np.isfinite(check_parameter(n).null)
        }
        chi2_sm = float(self.profiled_chi2([sm_point])[0]) if sm_point else float("nan")
        return ParameterFit(
            self.datasets,
            best,
            intervals,
            float(m.fval),
            chi2_sm,
            {n: float(m.values[n]) for n in nuis},
            bool(m.valid),
        )

    def profile(self, name: str, values, fixed: dict | None = None) -> ProfileCurve:
        """Profile likelihood of parameter ``name`` at ``values`` (other parameters held at
        ``fixed``), nuisances profiled; the minimum and the interval ends are refined between
        grid points."""
        check_parameter(name)
        fixed = dict(fixed or {})
        values = np.asarray(values, dtype=float)
        chi2 = self.profiled_chi2([{**fixed, name: v} for v in values])

        def exact(v):
            return float(self.profiled_chi2([{**fixed, name: v}])[0])

        i = int(np.argmin(chi2))
        best, chi2_min = values[i], chi2[i]
        if 0 < i < len(values) - 1:
            from scipy.optimize import minimize_scalar

            r = minimize_scalar(exact, bracket=(values[i - 1], values[i], values[i + 1]))
            if values[i - 1] <= r.x <= values[i + 1] and r.fun <= chi2_min:
                best, chi2_min = float(r.x), float(r.fun)
        delta = chi2 - chi2_min

        def shifted(v):
            return exact(v) - chi2_min

        return ProfileCurve(
            name,
            values,
            delta,
            float(best),
            float(chi2_min),
            crossings(values, delta, DCHI2_68, shifted),
            crossings(values, delta, DCHI2_90, shifted),
            self.datasets,
        )
