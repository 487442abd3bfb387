"""The rate engine: flux x cross section x detector -> spectra and counts.

dN/dT = sum_isotopes n_i sum_flavors Φ_f ∫ dE pdf_f(E) dσ_i/dT(E, T)      (seed 004 Eq. 10,
                                                                           seed 003 Eq. 50)

With dσ/dT = a0(T) + a1(T)/E + a2(T)/E^2 (seed 004 Eq. 4) the energy integral is
a0 Φ_0 + a1 Φ_1 + a2 Φ_2, the spectrum's exact inverse-energy moments above E_min(T), so lines
and continuous spectra are both exact. Integrals over T use Gauss-Legendre rules on intervals
split at every kink (the end points T_max of lines and spectra, thresholds, bin edges).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import ndtr

from .constants import KEV, SECONDS_PER_DAY, SECONDS_PER_YEAR
from .experiments import Experiment, experiment
from .formfactors import FormFactorModel, form_factor_model
from .nuclei import material
from .physics import PhysicsModel
from .results import BinnedSpectrum, EventCounts, JointSpectrum, RecoilSpectrum
from .sources.flux import Flux
from .xsec.coherent import coherent_cross_section, max_recoil_energy, min_neutrino_energy

__all__ = [
    "RateCalculator",
    "recoil_spectrum",
    "event_counts",
    "flux_averaged_cross_section",
    "exposure_seconds",
]

_GL_X, _GL_W = np.polynomial.legendre.leggauss(4)
_MAX_PIECES = 48  # no Gauss-Legendre interval wider than 1/48 of the recoil range


def exposure_seconds(
    source, per: str = "day", pot: float | None = None, GWh: float | None = None
) -> tuple[float, str]:
    """Seconds of nominal beam that make up the exposure, and its label.

    ``per`` is "second", "day" (24 h of beam) or "year" (the source's beam hours per year, or
    a Julian year of beam when it has none); ``pot`` (protons on target) or ``GWh`` (integrated
    beam energy) give a fixed exposure instead.
    """
    if pot is not None or GWh is not None:
        if not hasattr(source, "protons_per_second"):
            raise ValueError("exposure in POT or GWh needs a beam source (a facility preset)")
        if pot is not None and GWh is not None:
            raise ValueError("give the exposure in POT or in GWh, not both")
        amount = pot if pot is not None else GWh * source.protons_per_GWh()
        if not (np.isfinite(amount) and amount > 0):
            raise ValueError(f"exposure must be a positive number, got {pot or GWh}")
        label = f"{pot:.4g} POT" if pot is not None else f"{GWh:g} GWh"
        return amount / source.protons_per_second, label
    if per == "second":
        return 1.0, "second"
    if per == "day":
        return SECONDS_PER_DAY, "day"
    if per == "year":
        hours = getattr(source, "beam_hours_per_year", None)
        return (hours * 3600.0 if hours else SECONDS_PER_YEAR), "year"
    raise ValueError(f"unknown exposure unit {per!r}; use second, day or year (or pot=, GWh=)")


def _gauss_nodes(breaks: np.ndarray, max_width: float):
    """Nodes and weights of a 4-point Gauss-Legendre rule on each interval of ``breaks``,
    intervals wider than ``max_width`` being split evenly first."""
    widths = np.diff(breaks)
    pieces = np.maximum(np.ceil(widths / max_width).astype(int), 1)
    if np.any(pieces > 1):
        starts = np.repeat(breaks[:-1], pieces)
        steps = np.repeat(widths / pieces, pieces)
        offsets = np.arange(pieces.sum()) - np.repeat(np.cumsum(pieces) - pieces, pieces)
        breaks = np.append(starts + offsets * steps, breaks[-1])
    lo, hi = breaks[:-1, None], breaks[1:, None]
    half = 0.5 * (hi - lo)
    return (0.5 * (hi + lo) + half * _GL_X).ravel(), (half * _GL_W).ravel()


@dataclass(frozen=True)
class _IsotopeTerm:
    xs: object
    nuclei: float
    tmax_kinks: np.ndarray  # MeV


@dataclass(frozen=True)
class RateCalculator:
    """CEvNS rates for one flux and detector, with cross sections prepared once for scans.

    Build it from an experiment with :meth:`for_experiment`. Recoil energies are in keVnr,
    observed energies in keVee, times in ns.
    """

    flux: Flux
    detector: object
    form_factor: FormFactorModel
    model: PhysicsModel
    time_window_ns: tuple[float, float] | None = None
    source: object | None = None
    name: str = ""
    _terms: tuple = field(init=False, repr=False, compare=False)
    _node_cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        terms = []
        for iso, n in zip(self.detector.material.isotopes, self.detector.nuclei(), strict=True):
            xs = coherent_cross_section(iso, self.form_factor, self.model)
            kinks = [c.spectrum.max_energy for c in self.flux.components]
            kinks += [e for c in self.flux.components for e in c.spectrum.lines]
            terms.append(_IsotopeTerm(xs, float(n), max_recoil_energy(np.array(kinks), xs.mass)))
        object.__setattr__(self, "_terms", tuple(terms))

    @classmethod
    def for_experiment(
        cls, exp: Experiment | str, form_factor="helm", model: PhysicsModel | None = None
    ) -> RateCalculator:
        exp = experiment(exp)
        return cls(
            exp.flux(),
            exp.detector,
            form_factor_model(form_factor),
            model or PhysicsModel(),
            exp.time_window_ns,
            exp.source,
            exp.name,
        )

    # --- core ----------------------------------------------------------------------------------

    def _time_factors(self) -> dict[str, float]:
        return {
            c.flavor: self.flux.time_fraction(c.flavor, self.time_window_ns)
            for c in self.flux.components
        }

    def _kinematics(self, term: _IsotopeTerm, T: np.ndarray) -> tuple:
        """The model-independent part of dN/dT at recoils T (MeV): form factors and, per
        flavor, the flux moments above E_min(T) times nuclei, flux and time-window share."""
        xs = term.xs
        e_min = min_neutrino_energy(T, xs.mass)
        tf = self._time_factors()
        moments = {
            c.flavor: c.spectrum.moments(e_min) * (term.nuclei * c.rate * tf[c.flavor])
            for c in self.flux.components
        }
        return T, xs.form_factors(np.sqrt(2.0 * xs.mass * T + T * T)), moments

    def _dn_dT_isotope(
        self, term: _IsotopeTerm, T: np.ndarray, kin=None, model: PhysicsModel | None = None
    ) -> dict[str, np.ndarray]:
        """Events per second per MeV on one isotope, per flavor, at recoil T (MeV)."""
        T, ffs, moments = self._kinematics(term, T) if kin is None else kin
        xs = (
            term.xs
            if model is None
            else coherent_cross_section(term.xs.isotope, self.form_factor, model)
        )
        out = {}
        coeff_cache: dict[tuple, tuple] = {}
        for flavor, m in moments.items():
            key = xs.model.couplings(flavor)
            if key not in coeff_cache:
                coeff_cache[key] = xs.coefficients(T, flavor, ffs)
            a0, a1, a2 = coeff_cache[key]
            out[flavor] = np.maximum(a0 * m[0] + a1 * m[1] + a2 * m[2], 0.0)
        return out

    def _dn_dT(self, T: np.ndarray) -> dict[str, np.ndarray]:
        total: dict[str, np.ndarray] = {}
        for term in self._terms:
            for flavor, v in self._dn_dT_isotope(term, T).items():
                total[flavor] = total.get(flavor, 0.0) + v
        return total

    def _meta(self, per_label: str) -> dict:
        meta = {
            "experiment": self.name,
            "material": self.detector.material.name,
            "mass_kg": self.detector.mass_kg,
            "form_factor": self.form_factor.shape,
            "physics_model": self.model.to_dict(),
            "exposure": per_label,
        }
        meta.update(self.flux.metadata)
        if self.time_window_ns:
            meta["time_window_ns"] = list(self.time_window_ns)
        return meta

    def _exposure(self, per, pot, GWh):
        return exposure_seconds(self.source, per, pot, GWh)

    # --- public --------------------------------------------------------------------------------

    def recoil_spectrum(
        self, recoil_keV, per: str = "day", pot=None, GWh=None, apply_efficiency: bool = True
    ) -> RecoilSpectrum:
        """dN/dT in events per keVnr per exposure at ``recoil_keV``; with
        ``apply_efficiency`` the recoil threshold and recoil-energy efficiency are applied."""
        T_keV = np.atleast_1d(np.asarray(recoil_keV, dtype=float))
        if not np.all(np.isfinite(T_keV)) or np.any(T_keV < 0):
            raise ValueError("recoil energies must be finite and >= 0 keV")
        seconds, label = self._exposure(per, pot, GWh)
        rates = self._dn_dT(T_keV * KEV)
        eff = self.detector.recoil_efficiency(T_keV) if apply_efficiency else 1.0
        per_flavor = {f: v * KEV * seconds * eff for f, v in rates.items()}
        return RecoilSpectrum(T_keV, per_flavor, label, self._meta(label))

    def _nodes(self, term: _IsotopeTerm, edges_MeV: np.ndarray, extra_MeV=()) -> tuple:
        breaks = np.concatenate([edges_MeV, term.tmax_kinks, np.asarray(extra_MeV, float)])
        breaks = np.unique(np.clip(breaks, edges_MeV[0], edges_MeV[-1]))
        return _gauss_nodes(breaks, self._recoil_range() / _MAX_PIECES)

    def _recoil_range(self) -> float:
        return float(max(t.tmax_kinks.max() for t in self._terms))

    @property
    def max_recoil_keV(self) -> float:
        """Largest recoil energy the flux can give on any isotope of the target (keVnr)."""
        return self._recoil_range() / KEV

    def _recoil_bins(self, edges: np.ndarray) -> list:
        """Per isotope: bin index, weights (with recoil efficiency) and kinematics of the
        quadrature nodes for recoil bin ``edges`` (keV); cached, so that scans over the
        physics model reuse everything but the couplings."""
        key = edges.tobytes()
        if key not in self._node_cache:
            if len(self._node_cache) > 16:
                self._node_cache.clear()
            parts = []
            for term in self._terms:
                T, w = self._nodes(term, edges * KEV, [self.detector.threshold_keV * KEV])
                weights = w * self.detector.recoil_efficiency(T / KEV)
                idx = np.clip(np.searchsorted(edges * KEV, T, side="right") - 1, 0, edges.size - 2)
                parts.append((idx, weights, self._kinematics(term, T)))
            self._node_cache[key] = parts
        return self._node_cache[key]

    def binned(
        self,
        edges_keV,
        per: str = "day",
        observed: bool = False,
        pot=None,
        GWh=None,
        model: PhysicsModel | None = None,
    ) -> BinnedSpectrum:
        """Counts in bins of recoil energy (keVnr), or of observed energy (keVee) with
        ``observed=True`` (quenching, resolution and observed-energy efficiency applied).
        ``model`` overrides the calculator's physics model (recoil bins only), reusing the
        cached kinematics: the fast path for parameter scans."""
        edges = np.asarray(edges_keV, dtype=float)
        if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0) or edges[0] < 0:
            raise ValueError("bin edges must be increasing, >= 0 keV, at least two of them")
        seconds, label = self._exposure(per, pot, GWh)
        if observed:
            if model is not None:
                raise ValueError("a model override is supported for recoil bins only")
            counts = self._observed_counts(edges)
            variable = "observed"
        else:
            counts = {}
            for term, (idx, weights, kin) in zip(
                self._terms, self._recoil_bins(edges), strict=True
            ):
                for f, v in self._dn_dT_isotope(term, None, kin, model).items():
                    counts[f] = counts.get(f, 0.0) + np.bincount(
                        idx, weights=v * weights, minlength=edges.size - 1
                    )
            variable = "recoil"
        per_flavor = {f: v * seconds for f, v in counts.items()}
        return BinnedSpectrum(edges, per_flavor, variable, label, self._meta(label))

    def _observed_counts(self, edges_ee: np.ndarray) -> dict[str, np.ndarray]:
        det = self.detector
        if det.quenching is None:
            raise ValueError("an observed-energy spectrum needs a detector with quenching")
        T_top = self._recoil_range()
        n_bins = edges_ee.size - 1
        out: dict[str, np.ndarray] = {}
        if det.resolution is not None:
            # sub-bins in observed energy carry the observed-energy efficiency
            sub = edges_ee[:-1, None] + np.diff(edges_ee)[:, None] * np.linspace(0, 1, 9)
            sub_edges = np.unique(
                np.append(sub.ravel(), np.linspace(edges_ee[0], edges_ee[-1], 201))
            )
            centers = 0.5 * (sub_edges[1:] + sub_edges[:-1])
            eff_obs = det.observed_efficiency(centers)
            owner = np.clip(np.searchsorted(edges_ee, centers, side="right") - 1, 0, n_bins - 1)
        for term in self._terms:
            iso = term.xs.isotope
            if det.resolution is None:
                extra = [det.threshold_keV * KEV, *self._quenching_breaks(iso, edges_ee)]
            else:
                # the smearing width ~ sqrt(E) makes the response steep near T = 0: refine there
                extra = [det.threshold_keV * KEV, *np.geomspace(T_top * 1e-5, T_top / 48, 12)]
            T, w = self._nodes(term, np.array([0.0, T_top]), extra)
            mu = det.quenching.observed(T / KEV, iso)
            weights = w * det.recoil_efficiency(T / KEV)
            if det.resolution is None:
                weights = weights * det.observed_efficiency(mu)
                idx = np.searchsorted(edges_ee, mu, side="right") - 1
                keep = (idx >= 0) & (idx < n_bins)
                idx, weights = idx[keep], weights[keep]
                rates = self._dn_dT_isotope(term, T[keep])
                for f, v in rates.items():
                    out[f] = out.get(f, 0.0) + np.bincount(idx, v * weights, n_bins)
                continue
            sigma = np.maximum(det.resolution.sigma(mu), 1e-12)
            cdf = ndtr((sub_edges[:, None] - mu) / sigma)
            resp = eff_obs[:, None] * np.diff(cdf, axis=0)
            for f, v in self._dn_dT_isotope(term, T).items():
                out[f] = out.get(f, 0.0) + np.bincount(owner, resp @ (v * weights), n_bins)
        return out

    def _quenching_breaks(self, iso, observed_edges: np.ndarray) -> np.ndarray:
        """Recoil energies (MeV) whose observed energy falls on the given edges or on the
        observed threshold (keVee), found by inverting the monotonic quenched energy."""
        T_table = np.geomspace(1e-3, self._recoil_range() / KEV, 4000)
        E_table = self.detector.quenching.observed(T_table, iso)
        targets = np.append(observed_edges, self.detector.threshold_keVee)
        return np.interp(targets, E_table, T_table) * KEV

    def counts(self, per: str = "day", pot=None, GWh=None) -> EventCounts:
        """Expected events per flavor above threshold, with the detector response."""
        seconds, label = self._exposure(per, pot, GWh)
        det = self.detector
        if det.has_observed_response:
            E_top = float(
                max(
                    det.quenching.observed(self._recoil_range() / KEV, t.xs.isotope)
                    for t in self._terms
                )
            )
            top = E_top + (10.0 * float(det.resolution.sigma(E_top)) if det.resolution else 1.0)
            bins = self._observed_counts(np.array([det.threshold_keVee, top]))
            totals = {f: float(v.sum()) * seconds for f, v in bins.items()}
        else:
            T_top = self._recoil_range() / KEV
            lo = min(det.threshold_keV, T_top)
            bins = self.binned(np.array([lo, T_top]), per="second")
            totals = {f: float(v.sum()) * seconds for f, v in bins.per_flavor.items()}
        return EventCounts(totals, label, self._meta(label))

    def joint(
        self, recoil_edges_keV, time_edges_ns, per: str = "day", pot=None, GWh=None
    ) -> JointSpectrum:
        """Counts in recoil-energy x arrival-time bins: the energy spectrum of each flavor
        times its arrival-time distribution (they factorise per flavor)."""
        if self.flux.timing is None:
            raise ValueError("a recoil-time spectrum needs a source with an arrival-time model")
        t_edges = np.asarray(time_edges_ns, dtype=float)
        if t_edges.ndim != 1 or t_edges.size < 2 or np.any(np.diff(t_edges) <= 0):
            raise ValueError("time bin edges must be increasing, at least two of them")
        energy = self.binned(recoil_edges_keV, per, pot=pot, GWh=GWh)
        out = {}
        for comp in self.flux.components:
            cdf = self.flux.timing.cdf(comp.timing_kind, t_edges)
            frac = np.diff(cdf)
            if self.time_window_ns is not None:
                # the energy spectrum already carries the window's share; restrict the bins
                inside = self.flux.timing.cdf(
                    comp.timing_kind, np.clip(t_edges, *self.time_window_ns)
                )
                frac = np.diff(inside) / max(self._time_factors()[comp.flavor], 1e-300)
            out[comp.flavor] = np.outer(energy.per_flavor[comp.flavor], frac)
        return JointSpectrum(energy.edges_keV, t_edges, out, energy.per, energy.metadata)


def recoil_spectrum(
    exp: Experiment | str,
    recoil_keV,
    form_factor="helm",
    model: PhysicsModel | None = None,
    per: str = "day",
) -> RecoilSpectrum:
    """dN/dT (events/keV/``per``) of an experiment preset or object at ``recoil_keV``."""
    return RateCalculator.for_experiment(exp, form_factor, model).recoil_spectrum(recoil_keV, per)


def event_counts(
    exp: Experiment | str, form_factor="helm", model: PhysicsModel | None = None, per: str = "day"
) -> EventCounts:
    """Expected CEvNS events per flavor for an experiment preset or object."""
    return RateCalculator.for_experiment(exp, form_factor, model).counts(per)


def flux_averaged_cross_section(
    target, flux: Flux, form_factor="helm", model: PhysicsModel | None = None, flavors=None
) -> dict[str, float]:
    """Flux-averaged total CEvNS cross section <σ>_f = ∫ Φ_f σ dE / ∫ Φ_f dE per flavor, in
    cm^2 per nucleus; for a material, averaged over its nuclei by number. Also returns
    ``"average"``: the mean over the flavors with equal weight (COHERENT's convention for the
    three decay-at-rest flavors, arXiv:2110.07730)."""
    mat = material(target) if not hasattr(target, "isotopes") else target
    weights = np.asarray(mat.counts) / np.sum(mat.counts)
    model = model or PhysicsModel()
    out = {}
    for comp in flux.components:
        if flavors is not None and comp.flavor not in flavors:
            continue
        E, w = comp.spectrum.quadrature()
        value = 0.0
        for iso, frac in zip(mat.isotopes, weights, strict=True):
            xs = coherent_cross_section(iso, form_factor, model)
            value += frac * float(np.sum(w * xs.total(E, comp.flavor)))
        out[comp.flavor] = value
    out["average"] = float(np.mean(list(out.values())))
    return out
