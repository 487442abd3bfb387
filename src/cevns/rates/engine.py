"""The rate engine: flux x cross section x detector -> spectra and counts.

The rate (Carey & Pandey, NuFact 2024, arXiv:2412.18055, Eq. 10; Pandey, Prog. Part. Nucl.
Phys. 2024, arXiv:2309.07840, Eq. 50) is::

    dN/dT = sum_isotopes n_i sum_flavors Φ_f ∫ dE pdf_f(E) dσ_i/dT(E, T)

With dσ/dT = a0(T) + a1(T)/E + a2(T)/E^2 (Carey & Pandey, Eq. 4) the energy integral is
a0 Φ_0 + a1 Φ_1 + a2 Φ_2, the spectrum's exact inverse-energy moments above E_min(T), so lines
and continuous spectra are both exact. Integrals over T use Gauss-Legendre rules on intervals
split at every kink (the end points T_max of lines and spectra, thresholds, bin edges) and
refined geometrically above the threshold, where 1/T (magnetic moment) and 1/q^4 (light
mediators, millicharge) terms are steep. New physics enters through the physics model: the
cross sections' coefficients a_k carry every effect but oscillations, which weight the flux
moments (P_αβ of :mod:`cevns.sources.oscillations`). The detector response is
:func:`cevns.detectors.response_matrix`, folded on the recoil nodes
(:meth:`RateCalculator.folding`). The same engine serves neutrino-electron scattering
(``channel="electron"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..constants import (
    KEV,
)
from ..darksector import DarkSector
from ..detectors.detector import Detector
from ..detectors.experiments import Experiment, experiment
from ..errors import CevnsInputError
from ..nuclear.formfactors import FormFactorModel, form_factor_model
from ..physics import PhysicsModel, VectorMediator, lepton_flavor
from ..sources.flux import Flux
from ..sources.oscillations import oscillated_moments, transition_weights
from ..sources.spectra import MixtureSpectrum, line_weights
from ..xsec.coherent import (
    CoherentCrossSection,
    coherent_cross_section,
    max_recoil_energy,
    min_neutrino_energy,
    momentum_transfer,
)
from ..xsec.couplings import vector_mediator_charges
from ..xsec.darkmatter import DarkMatterElectronCrossSection, dark_matter_cross_section
from ..xsec.electron import ElectronCrossSection, electron_cross_section
from ..xsec.material import material_cross_section
from ..xsec.protocol import flux_average
from .exposure import Exposure
from .results import (
    BinnedSpectrum,
    DirectionalSpectrum,
    EventCounts,
    JointSpectrum,
    MediatorGrid,
    RecoilSpectrum,
    TimingSplit,
)

__all__ = [
    "RateCalculator",
    "recoil_spectrum",
    "event_counts",
    "flux_averaged_cross_section",
]

_GL_X, _GL_W = np.polynomial.legendre.leggauss(4)
_MAX_PIECES = 48  # no Gauss-Legendre interval wider than 1/48 of the recoil range


def check_edges(edges) -> np.ndarray:
    """Bin edges as a float array: finite, >= 0, increasing, at least two of them."""
    edges = np.asarray(edges, dtype=float)
    if (
        edges.ndim != 1
        or edges.size < 2
        or not edges[0] >= 0  # also refuses NaN; with increasing edges, all are finite
        or not np.isfinite(edges[-1])
        or not (edges[1:] > edges[:-1]).all()
    ):
        raise CevnsInputError(
            f"bin edges must be finite, increasing, >= 0, at least two of them; got "
            f"{np.ravel(edges)[:6].tolist()}"
        )
    return edges


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
class _Term:
    """One scattering target of the detector: an isotope's nuclei, or all its electrons."""

    xs: CoherentCrossSection | ElectronCrossSection
    count: float  # targets per kg
    tmax_kinks: np.ndarray  # MeV


def _final_flavor(flavor: str, beta: str) -> str:
    """Name of the neutrino of lepton flavor ``beta`` with the same particle/antiparticle
    nature as ``flavor``."""
    return f"nu{beta}" + ("bar" if flavor.endswith("bar") else "")


CHANNELS = ("nuclear", "electron", "darkmatter", "darkmatter_electron")


@dataclass(frozen=True)
class ObservedFolding:
    """Detector responses on shared recoil quadrature nodes (built by
    :meth:`RateCalculator.folding`): ``edges`` of the reconstructed quantity, recoil ``nodes``
    (MeV) per target and, per response name, one matrix per target (bins x nodes) holding
    quadrature weight x :func:`~cevns.detectors.response.response_matrix`."""

    edges: np.ndarray
    nodes: tuple
    matrices: dict

    def counts(self, calc: RateCalculator, model: PhysicsModel | None = None) -> dict:
        """Events per second in each bin, {response: {source flavor: counts}}: the recoil
        rates of ``calc`` (the calculator that built this folding, or the same one with
        another form factor) at the nodes, computed once and folded with every response."""
        rates = calc._node_rates(self.nodes, model)
        out = {}
        for name, per_target in self.matrices.items():
            totals: dict[str, np.ndarray] = {}
            for R, per_flavor in zip(per_target, rates, strict=True):
                for f, v in per_flavor.items():
                    totals[f] = totals.get(f, 0.0) + R @ v
            out[name] = totals
        return out


@dataclass(frozen=True)
class RateCalculator:
    """Event rates for one flux and detector, with cross sections prepared once for scans.

    Build it from an experiment with :meth:`for_experiment`. Recoil energies are in keV
    (nuclear recoils keVnr, or electron recoils for ``channel="electron"``), observed
    energies in keVee, times in ns. ``distance_m`` and ``baseline_spread_m`` (source and
    detector lengths) are needed only for oscillations.
    """

    flux: Flux
    detector: Detector
    form_factor: FormFactorModel
    model: PhysicsModel
    time_window_ns: tuple[float, float] | None = None
    source: object | None = None
    name: str = ""
    channel: str = "nuclear"
    distance_m: float | None = None
    baseline_spread_m: tuple[float, float] = (0.0, 0.0)
    dark: DarkSector | None = None
    _terms: tuple = field(init=False, repr=False, compare=False)
    _node_cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _reuse: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.channel not in CHANNELS:
            raise CevnsInputError(f"unknown channel {self.channel!r}; use {' or '.join(CHANNELS)}")
        kinks = [c.spectrum.max_energy for c in self.flux.components]
        kinks += [e for c in self.flux.components for e in c.spectrum.lines]
        kinks = np.array(kinks)
        mat = self.detector.material
        electrons = sum(
            n * iso.Z for iso, n in zip(mat.isotopes, self.detector.nuclei(), strict=True)
        )
        if self._dark_projectile and self.dark is None:
            raise CevnsInputError(f"the {self.channel} channel needs a DarkSector (dark=...)")
        if self.channel == "electron":
            xs = electron_cross_section(self.model)
            terms = [_Term(xs, float(electrons), max_recoil_energy(kinks, xs.mass))]
        elif self.channel == "darkmatter_electron":
            xs = DarkMatterElectronCrossSection(self.dark)
            terms = [_Term(xs, float(electrons), xs.max_recoil(kinks))]
        elif self.channel == "darkmatter":
            terms = []
            for iso, n in zip(mat.isotopes, self.detector.nuclei(), strict=True):
                xs = dark_matter_cross_section(iso, self.dark, self.form_factor)
                terms.append(_Term(xs, float(n), xs.max_recoil(kinks)))
        else:
            terms = []
            for iso, n in zip(mat.isotopes, self.detector.nuclei(), strict=True):
                xs = coherent_cross_section(iso, self.form_factor, self.model)
                terms.append(_Term(xs, float(n), max_recoil_energy(kinks, xs.mass)))
        object.__setattr__(self, "_terms", tuple(terms))
        self._check_oscillations(self.model)

    @property
    def _electron_target(self) -> bool:
        """Recoils are electrons (not quenched, no nuclear-recoil efficiency)."""
        return self.channel in ("electron", "darkmatter_electron")

    @property
    def _dark_projectile(self) -> bool:
        """The flux is dark matter χ (a massive projectile), not neutrinos."""
        return self.channel in ("darkmatter", "darkmatter_electron")

    @classmethod
    def for_experiment(
        cls,
        exp: Experiment | str,
        form_factor="helm",
        model: PhysicsModel | None = None,
        channel: str = "nuclear",
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
            channel,
            exp.distance_m,
            (exp.source_length_m, exp.detector_length_m),
        )

    def with_model(self, model: PhysicsModel) -> RateCalculator:
        """The same calculator with another physics model."""
        return replace(self, model=model)

    # --- core ----------------------------------------------------------------------------------

    def _check_oscillations(self, model: PhysicsModel) -> None:
        if model.sterile is not None and self.distance_m is None:
            raise CevnsInputError(
                "sterile-neutrino oscillations need the baseline: give distance_m"
            )

    def _xs(self, term: _Term, model: PhysicsModel | None):
        if model is None or model == self.model or self._dark_projectile:
            return term.xs
        if self._electron_target:
            return electron_cross_section(model)
        return coherent_cross_section(term.xs.isotope, self.form_factor, model)

    def _time_factors(self) -> dict[str, float]:
        return {
            c.flavor: self.flux.time_fraction(c.flavor, self.time_window_ns)
            for c in self.flux.components
        }

    def _kinematics(self, term: _Term, T: np.ndarray, model: PhysicsModel | None = None):
        """The cross-section-independent part of dN/dT at recoils T (MeV): form factors and,
        per source flavor, [(detected flavor, flux moments above E_min(T))] times targets,
        flux and time-window share; oscillations split a flavor into several."""
        if self._dark_projectile:
            return T, None, self._dark_matter_rates(term, T)
        e_min = min_neutrino_energy(T, term.xs.mass)
        q = np.sqrt(2.0 * term.xs.mass * T + T * T)
        return T, term.xs.form_factors(q), self._kinematics_at(term, T, e_min, model)

    def _dark_matter_rates(self, term: _Term, T) -> dict:
        """Per χ flux component, [(flavor, dN/dT stacked as (rate, 0, 0))]: the cross section
        of a massive projectile is not a polynomial in 1/E, so the flux integral
        ∫_{E_min(T)} pdf(E) dσ/dT(E, T) dE is done at each recoil with the spectrum's own
        nodes from E_min(T) (split where the spectrum has kinks; all recoils at once); lines
        exactly. The result does not depend on the physics model, so the calculator's node
        cache keeps it."""
        xs = term.xs
        tf = self._time_factors()
        e_min = xs.min_energy(T)
        out = {}
        for c in self.flux.components:
            if isinstance(c.spectrum, MixtureSpectrum):
                raise CevnsInputError("the dark-matter channel takes one χ spectrum, not a mixture")
            scale = term.count * c.rate * tf[c.flavor]
            rate = np.zeros_like(T)
            for line, weight in line_weights(c.spectrum):
                rate = rate + weight * xs.dsigma_dT(line, T)
            if not c.spectrum.lines and T.size:
                E, w = c.spectrum.nodes(lo=e_min)
                rate = np.sum(w * xs.dsigma_dT(E, T[:, None]), axis=1)
            out[c.flavor] = [(c.flavor, np.stack([rate * scale, 0.0 * rate, 0.0 * rate]))]
        return out

    def _kinematics_at(self, term: _Term, T, e_min, model: PhysicsModel | None = None) -> dict:
        """Per source flavor, [(detected flavor, moments of the flux above e_min)]."""
        sterile = (model or self.model).sterile
        tf = self._time_factors()
        moments = {}
        for c in self.flux.components:
            scale = term.count * c.rate * tf[c.flavor]
            plain = c.spectrum.moments(np.minimum(e_min, 1e300)) * scale
            if sterile is None:
                moments[c.flavor] = [(c.flavor, plain)]
                continue
            # the oscillating moments depend on Δm² alone (the mixings weight them below): a
            # scan over mixings at one Δm² computes them once
            osc = self._reused(
                ("oscillated", sterile.dm41_eV2),
                (c.spectrum, T),
                lambda c=c: oscillated_moments(
                    c.spectrum,
                    np.minimum(e_min, 1e300),
                    sterile,
                    self.distance_m,
                    self.baseline_spread_m,
                ),
            )
            moments[c.flavor] = [
                (_final_flavor(c.flavor, beta), const * plain + weight * scale * osc)
                for beta, (const, weight) in transition_weights(sterile, c.flavor).items()
            ]
        return moments

    def _dn_dT_isotope(
        self, term: _Term, T: np.ndarray, kin=None, model: PhysicsModel | None = None
    ) -> dict[str, np.ndarray]:
        """Events per second per MeV on one target, per source flavor, at recoil T (MeV)."""
        T, ffs, moments = self._kinematics(term, T, model) if kin is None else kin
        if self._dark_projectile:
            return {flavor: np.maximum(parts[0][1][0], 0.0) for flavor, parts in moments.items()}
        xs = self._xs(term, model)
        out = {}
        # the cross section's coefficients at these nodes, per flavor label, kept while the
        # same cross section (physics model) is asked again
        coefficients = self._reused(("coefficients",), (xs, T), dict)
        for flavor, parts in moments.items():
            total = 0.0
            for final, m in parts:
                key = xs.key(final)
                if key not in coefficients:
                    coefficients[key] = xs.coefficients(T, final, ffs)
                a0, a1, a2 = coefficients[key]
                total = total + a0 * m[0] + a1 * m[1] + a2 * m[2]
            out[flavor] = np.maximum(total, 0.0)
        return out

    def _dn_dT(self, T: np.ndarray) -> dict[str, np.ndarray]:
        total: dict[str, np.ndarray] = {}
        for term in self._terms:
            for flavor, v in self._dn_dT_isotope(term, T).items():
                total[flavor] = total.get(flavor, 0.0) + v
        return total

    def _reused(self, name: tuple, inputs: tuple, compute):
        """``compute()``, kept for the last few ``inputs`` (objects compared by identity: a
        cross section, node arrays, a physics model) under ``name``, so that a warm
        calculator asked again with the same model recomputes neither couplings nor
        metadata; a scan with a new model at each call just computes."""
        key = (name, *map(id, inputs))
        hit = self._reuse.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], inputs, strict=True)):
            return hit[1]
        value = compute()
        if len(self._reuse) >= 64:
            self._reuse.clear()
        self._reuse[key] = (inputs, value)
        return value

    def _meta(self, model: PhysicsModel | None = None) -> dict:
        """The results' metadata (a copy; built once per model)."""
        use = model or self.model
        return dict(self._reused(("meta",), (use,), lambda: self._build_meta(use)))

    def _build_meta(self, model: PhysicsModel) -> dict:
        meta = {
            "experiment": self.name,
            "channel": self.channel,
            "material": self.detector.material.name,
            "mass_kg": self.detector.mass_kg,
            "form_factor": self.form_factor.shape,
            "physics_model": model.to_dict(),
        }
        meta.update(self.flux.metadata)
        meta["distance_m"] = self.distance_m
        meta["time_window_ns"] = list(self.time_window_ns) if self.time_window_ns else None
        return meta

    def _exposure(self, exposure: Exposure | str) -> tuple[float, Exposure]:
        """Seconds of nominal beam in ``exposure``, and the exposure itself."""
        exposure = Exposure.parse(exposure)
        return exposure.seconds(self.source, self.flux.time_integrated), exposure

    def _threshold_keV(self) -> float:
        """Recoil threshold: keVnr for nuclei; for electrons the keVee threshold when given
        (electron recoils are not quenched), else the keV one."""
        det = self.detector
        if self._electron_target and det.threshold_keVee > 0:
            return det.threshold_keVee
        return det.threshold_keV

    def _efficiency(self, T_keV):
        """Recoil-energy efficiency (nuclear recoils only; electron recoils see none)."""
        if self._electron_target:
            return np.ones_like(np.asarray(T_keV, dtype=float))
        return self.detector.recoil_efficiency(T_keV)

    # --- public --------------------------------------------------------------------------------

    def recoil_spectrum(
        self, recoil_keV, exposure: Exposure | str = "day", apply_efficiency: bool = True
    ) -> RecoilSpectrum:
        """dN/dT in events per keV per exposure at ``recoil_keV``; with ``apply_efficiency``
        the recoil threshold and recoil-energy efficiency are applied."""
        T_keV = np.atleast_1d(np.asarray(recoil_keV, dtype=float))
        if not np.all(np.isfinite(T_keV)) or np.any(T_keV < 0):
            raise CevnsInputError("recoil energies must be finite and >= 0 keV")
        seconds, label = self._exposure(exposure)
        rates = self._dn_dT(T_keV * KEV)
        if apply_efficiency:
            eff = self._efficiency(T_keV) * (T_keV >= self._threshold_keV())
        else:
            eff = 1.0
        per_flavor = {f: v * KEV * seconds * eff for f, v in rates.items()}
        return RecoilSpectrum(T_keV, per_flavor, label, self._meta())

    def _nodes(self, term: _Term, edges_MeV: np.ndarray, extra_MeV=()) -> tuple:
        """Quadrature nodes and weights (MeV) over the bins ``edges_MeV``, only up to the
        largest recoil the flux can give: their number does not grow with the edges' range."""
        top = self._recoil_range()
        high = min(edges_MeV[-1], top)
        if high <= edges_MeV[0]:
            return np.zeros(0), np.zeros(0)
        lo = max(edges_MeV[0], self._threshold_keV() * KEV, top * 1e-6)
        steep = np.geomspace(lo, max(top / _MAX_PIECES, lo), 10)
        breaks = np.concatenate(
            [edges_MeV, [high], term.tmax_kinks, np.asarray(extra_MeV, float), steep]
        )
        breaks = np.unique(np.clip(breaks, edges_MeV[0], high))
        return _gauss_nodes(breaks, top / _MAX_PIECES)

    def _recoil_range(self) -> float:
        return float(max(t.tmax_kinks.max() for t in self._terms))

    @property
    def max_recoil_keV(self) -> float:
        """Largest recoil energy the flux can give on any target (keV)."""
        return self._recoil_range() / KEV

    def _recoil_bins(self, edges: np.ndarray, model: PhysicsModel | None = None) -> list:
        """Per target: bin index, weights (threshold and recoil efficiency) and kinematics
        of the quadrature nodes for recoil bin ``edges`` (keV); cached, so that scans over
        the physics model reuse everything but the couplings."""
        sterile = (model or self.model).sterile
        key = (edges.tobytes(), sterile)
        if key not in self._node_cache:
            if len(self._node_cache) > 16:
                self._node_cache.clear()
            parts = []
            threshold = self._threshold_keV()
            for term in self._terms:
                T, w = self._nodes(term, edges * KEV, [threshold * KEV])
                weights = w * self._efficiency(T / KEV) * (T / KEV >= threshold)
                idx = np.clip(np.searchsorted(edges * KEV, T, side="right") - 1, 0, edges.size - 2)
                parts.append((idx, weights, self._kinematics(term, T, model)))
            self._node_cache[key] = parts
        return self._node_cache[key]

    def _check_divergence(self, lowest_keV: float, model: PhysicsModel) -> None:
        """A 1/T or 1/T^2 term integrated down to T = 0 with non-zero efficiency diverges."""
        if not model.infrared_divergent or lowest_keV > 0:
            return
        det = self.detector
        if det.has_observed_response and not self._electron_target:
            # what the response keeps of a recoil of 1e-9 keV
            kept = max(
                float(det.response(np.array([1e-9]), t.xs.isotope, self.observed_range).sum())
                for t in self._terms
            )
        else:
            kept = float(np.asarray(self._efficiency(np.array([1e-9])))[0])
        if kept > 0:
            raise CevnsInputError(
                "with a neutrino magnetic moment or millicharge the rate diverges as the "
                "recoil energy goes to 0: start the bins above 0 keV or set a recoil threshold"
            )

    def binned(
        self,
        edges_keV,
        exposure: Exposure | str = "day",
        observed: bool = False,
        model: PhysicsModel | None = None,
    ) -> BinnedSpectrum:
        """Counts in bins of recoil energy (keV), or with ``observed=True`` in bins of the
        reconstructed quantity (keVee, or PE for a photoelectron resolution) through the
        detector response (:func:`~cevns.detectors.response.response_matrix`). ``model``
        overrides the calculator's physics model, reusing the cached kinematics: the fast
        path for parameter scans."""
        edges = check_edges(edges_keV)
        seconds, label = self._exposure(exposure)
        use = model or self.model
        self._check_oscillations(use)
        if observed:
            if self._electron_target:
                raise CevnsInputError(
                    "observed-energy spectra are for nuclear recoils; use recoil bins"
                )
            self._check_divergence(self._observed_floor(), use)
            counts = self.folding(edges).counts(self, model)["nominal"]
            variable = "observed"
        else:
            self._check_divergence(max(edges[0], self._threshold_keV()), use)
            counts = {}
            for term, (idx, weights, kin) in zip(
                self._terms, self._recoil_bins(edges, model), strict=True
            ):
                for f, v in self._dn_dT_isotope(term, None, kin, model).items():
                    counts[f] = counts.get(f, 0.0) + np.bincount(
                        idx, weights=v * weights, minlength=edges.size - 1
                    )
            variable = "recoil"
        per_flavor = {f: v * seconds for f, v in counts.items()}
        unit = self.detector.observed_unit if observed else "keV"
        return BinnedSpectrum(edges, per_flavor, variable, label, self._meta(model), unit)

    def folding(self, observed_edges, detectors: dict | None = None) -> ObservedFolding:
        """The response of ``detectors`` (name -> :class:`~cevns.detectors.Detector` of the
        same material; default ``{"nominal": self.detector}``) in bins of the reconstructed
        quantity ``observed_edges``, on shared recoil quadrature nodes; cached. Systematic
        variations of a detector are folded from the same recoil rates
        (:meth:`ObservedFolding.counts`)."""
        edges = check_edges(observed_edges)
        detectors = {"nominal": self.detector} if detectors is None else dict(detectors)
        key = ("folding", edges.tobytes(), tuple(detectors.items()))
        try:
            cached = self._node_cache.get(key)
        except TypeError:  # an unhashable detector part: build without caching
            key, cached = None, None
        if cached is not None:
            return cached
        T_top = self._recoil_range()
        nodes, matrices = [], {name: [] for name in detectors}
        for term in self._terms:
            iso = term.xs.isotope
            extra = [self._threshold_keV() * KEV]
            if any(d.resolution is None for d in detectors.values()):
                # a sharp response is discontinuous where the quenched energy crosses an edge
                for det in detectors.values():
                    extra += list(self._quenching_breaks(det, iso, edges))
            if any(d.resolution is not None for d in detectors.values()):
                # the smearing width ~ sqrt(E) makes the response steep near T = 0
                extra += list(np.geomspace(T_top * 1e-5, T_top / 48, 12))
            T, w = self._nodes(term, np.array([0.0, T_top]), extra)
            nodes.append(T)
            for name, det in detectors.items():
                matrices[name].append(det.response(T / KEV, iso, edges) * w)
        folding = ObservedFolding(edges, tuple(nodes), {n: tuple(m) for n, m in matrices.items()})
        if key is not None:
            if len(self._node_cache) > 16:
                self._node_cache.clear()
            self._node_cache[key] = folding
        return folding

    def _node_kinematics(self, nodes: tuple, model: PhysicsModel | None = None) -> list:
        """Per target, the kinematics at recoil ``nodes`` (MeV, one array per target); cached
        per node set."""
        key = ("nodes", tuple(T.tobytes() for T in nodes), (model or self.model).sterile)
        if key not in self._node_cache:
            if len(self._node_cache) > 16:
                self._node_cache.clear()
            self._node_cache[key] = [
                self._kinematics(term, T, model) for term, T in zip(self._terms, nodes, strict=True)
            ]
        return self._node_cache[key]

    def _node_rates(self, nodes: tuple, model: PhysicsModel | None = None) -> list:
        """Per target, dN/dT (events per MeV per second) per source flavor at recoil
        ``nodes`` (MeV, one array per target)."""
        return [
            self._dn_dT_isotope(term, None, kin, model)
            for term, kin in zip(self._terms, self._node_kinematics(nodes, model), strict=True)
        ]

    def _quenching_breaks(self, detector, iso, observed_edges: np.ndarray) -> np.ndarray:
        """Recoil energies (MeV) whose quenched energy falls on the given edges or on the
        observed threshold (keVee), found by inverting the monotonic quenched energy."""
        T_table = np.geomspace(1e-3, self._recoil_range() / KEV, 4000)
        E_table = detector.quenching.observed(T_table, iso)
        targets = np.append(observed_edges, detector.threshold_keVee)
        return np.interp(targets, E_table, T_table) * KEV

    def _observed_floor(self) -> float:
        """Largest of the recoil threshold and the lower ends of the observed selection; zero
        when nothing cuts the lowest recoils (for the infrared-divergence check)."""
        det = self.detector
        low = det.observed_range[0] if det.observed_range is not None else 0.0
        return max(det.threshold_keV, det.threshold_keVee, low)

    @property
    def observed_range(self) -> np.ndarray:
        """The range :meth:`counts` covers in the detector's reconstructed unit (keVee or PE):
        its ``observed_range``, or from the observed threshold to beyond the largest quenched
        energy."""
        det = self.detector
        if det.observed_range is not None:
            return np.array(det.observed_range)
        E_top = float(
            max(
                det.quenching.observed(self._recoil_range() / KEV, t.xs.isotope)
                for t in self._terms
            )
        )
        if det.resolution is None:
            return np.array([det.threshold_keVee, E_top + 1.0])
        if det.observed_unit == "PE":
            mu = det.resolution.mean_pe(E_top)
            return np.array([0.0, np.ceil(mu + 10.0 * np.sqrt(mu) + 10.0)])
        return np.array([det.threshold_keVee, E_top + 10.0 * float(det.resolution.sigma(E_top))])

    def _count_nodes(self, model: PhysicsModel | None = None) -> list:
        """Per target: (T nodes, weight per node, kinematics) with counts per second
        = Σ weight x dN/dT(T): the detector response folded into one vector."""
        det = self.detector
        if det.has_observed_response and not self._electron_target:
            self._check_divergence(self._observed_floor(), model or self.model)
            folding = self.folding(self.observed_range)
            kins = self._node_kinematics(folding.nodes, model)
            return [
                (T, R[0], kin)
                for T, R, kin in zip(folding.nodes, folding.matrices["nominal"], kins, strict=True)
            ]
        T_top = self._recoil_range() / KEV
        lo = min(self._threshold_keV(), T_top)
        self._check_divergence(lo, model or self.model)
        parts = self._recoil_bins(np.array([lo, T_top]), model)
        return [(kin[0], weights, kin) for _, weights, kin in parts]

    def counts(
        self, exposure: Exposure | str = "day", model: PhysicsModel | None = None
    ) -> EventCounts:
        """Expected events per flavor above threshold, with the detector response.
        ``model`` overrides the physics model, reusing the cached kinematics."""
        seconds, label = self._exposure(exposure)
        self._check_oscillations(model or self.model)
        totals: dict[str, float] = {}
        for term, (_, weights, kin) in zip(self._terms, self._count_nodes(model), strict=True):
            for f, v in self._dn_dT_isotope(term, None, kin, model).items():
                totals[f] = totals.get(f, 0.0) + float(weights @ v) * seconds
        return EventCounts(totals, label, self._meta(model))

    def joint(
        self, recoil_edges_keV, time_edges_ns, exposure: Exposure | str = "day"
    ) -> JointSpectrum:
        """Counts in recoil-energy x arrival-time bins: the energy spectrum of each flavor
        times its arrival-time distribution (they factorise per flavor)."""
        if self.flux.timing is None:
            raise CevnsInputError(
                "a recoil-time spectrum needs a source with an arrival-time model"
            )
        t_edges = np.asarray(time_edges_ns, dtype=float)
        if t_edges.ndim != 1 or t_edges.size < 2 or np.any(np.diff(t_edges) <= 0):
            raise CevnsInputError("time bin edges must be increasing, at least two of them")
        energy = self.binned(recoil_edges_keV, exposure)
        if self.time_window_ns is None:
            shares = self.flux.arrival_fractions(t_edges)
        else:
            # the energy spectrum already carries the window's share; restrict the bins
            inside = self.flux.arrival_fractions(np.clip(t_edges, *self.time_window_ns))
            tf = self._time_factors()
            shares = {f: v / max(tf[f], 1e-300) for f, v in inside.items()}
        out = {f: np.outer(energy.per_flavor[f], shares[f]) for f in energy.per_flavor}
        return JointSpectrum(energy.edges, t_edges, out, energy.exposure, energy.metadata)

    # --- new-physics tools -----------------------------------------------------------------------

    PROMPT_DELAYED_SPLIT_NS = 1000.0
    """Arrival time (ns after the pulse centre) separating the prompt ν_μ from the delayed ν_e
    and ν̄_μ at a pulsed decay-at-rest source (Pandey, Prog. Part. Nucl. Phys. 2024,
    arXiv:2309.07840, Fig. 2)."""

    def _default_windows(self) -> dict:
        """The time window (or every arrival time) split at :data:`PROMPT_DELAYED_SPLIT_NS`."""
        lo, hi = self.time_window_ns or self.flux.timing.support()
        split = min(max(self.PROMPT_DELAYED_SPLIT_NS, lo), hi)
        windows = {"prompt": (lo, split), "delayed": (split, hi)}
        return {name: w for name, w in windows.items() if w[1] > w[0]}

    def timing_split(
        self, windows_ns: dict | None = None, exposure: Exposure | str = "day"
    ) -> TimingSplit:
        """Counts per flavor in arrival-time windows, so that flavor-dependent new physics
        can be told apart by timing (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Sec.
        VII.A-B). By
        default the calculator's
        time window (or every arrival time) is split at 1 μs into "prompt" and "delayed", so
        that the windows add up to :meth:`counts`."""
        if self.flux.timing is None:
            raise CevnsInputError("a timing split needs a source with an arrival-time model")
        windows = dict(windows_ns or self._default_windows())
        for name, (t0, t1) in windows.items():
            if not (np.isfinite(t0) and np.isfinite(t1) and t1 > t0):
                raise CevnsInputError(f"window {name!r} must be [start, stop] ns, got {(t0, t1)}")
        base = self if self.time_window_ns is None else replace(self, time_window_ns=None)
        all_times = base.counts(exposure)
        counts = {
            name: {
                f: n * self.flux.time_fraction(f, window) for f, n in all_times.per_flavor.items()
            }
            for name, window in windows.items()
        }
        return TimingSplit(windows, counts, all_times.exposure, all_times.metadata)

    def vector_mediator_grid(
        self,
        masses_MeV,
        couplings,
        charges="universal",
        exposure: Exposure | str = "day",
    ) -> MediatorGrid:
        """Total counts for a light vector mediator at every (mass, coupling) of a grid,
        added to the calculator's physics model.

        The counts are a quadratic in g^2 per recoil node, N = N_0 + g^2 Σ_n X_n/(q_n^2+M^2)
        + g^4 Σ_n Y_n/(q_n^2+M^2)^2, with X = 2 w K A B and Y = w K B^2 (w: quadrature and
        response weight, K: kinematic flux moment, A: amplitude without the mediator, B: the
        mediator's charge amplitude). X and Y are computed once; each grid point is then
        exact (the same quadrature as :meth:`counts`), with no loop per point.
        """
        masses = np.atleast_1d(np.asarray(masses_MeV, dtype=float))
        gs = np.atleast_1d(np.asarray(couplings, dtype=float))
        if np.any(~np.isfinite(masses)) or np.any(masses <= 0):
            raise CevnsInputError("mediator masses must be positive finite numbers of MeV")
        if np.any(~np.isfinite(gs)):
            raise CevnsInputError("mediator couplings must be finite")
        if self.channel != "nuclear":
            raise CevnsInputError("the mediator grid is for CEvNS (channel 'nuclear')")
        probe = VectorMediator(1.0, 1.0, charges)
        seconds, label = self._exposure(exposure)
        base = self.counts("second")
        q2_all, X_all, Y_all = [], [], []
        for term, (T, weights, kin) in zip(self._terms, self._count_nodes(), strict=True):
            xs = term.xs
            iso = xs.isotope
            _, ffs, moments = kin
            fp, fn = ffs
            q = momentum_transfer(T, xs.mass)
            k0, k1, k2 = xs.vector_kinematics(T)
            X = np.zeros_like(T)
            Y = np.zeros_like(T)
            for parts in moments.values():
                for final, m in parts:
                    b_p, b_n, _ = vector_mediator_charges(probe, lepton_flavor(final))
                    B = b_p * iso.Z * fp + b_n * iso.N * fn
                    A = xs.weak_amplitudes(q, final, ffs)[0]
                    K = k0 * m[0] + k1 * m[1] + k2 * m[2]
                    X += 2.0 * weights * K * A * B
                    Y += weights * K * B * B
            q2_all.append(q * q)
            X_all.append(X)
            Y_all.append(Y)
        q2, X, Y = np.concatenate(q2_all), np.concatenate(X_all), np.concatenate(Y_all)
        D = 1.0 / (q2[None, :] + masses[:, None] ** 2)
        R1, R2 = D @ X, (D * D) @ Y
        g2 = gs * gs
        counts = (base.total + np.outer(R1, g2) + np.outer(R2, g2 * g2)) * seconds
        meta = self._meta()
        meta["mediator_charges"] = probe.to_dict()["charges"]
        return MediatorGrid(masses, gs, counts, base.total * seconds, label, meta)

    def _direction_energies(self, mass: float, T, cos_theta):
        """Neutrino energy that sends a recoil T (MeV) at angle arccos(cos_theta) to the
        neutrino direction: 1/E = (cosθ sqrt((T+2M)/T) - 1)/M, the exact two-body form of
        Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) Eq. (19); infinite where no energy
        reaches the
        angle."""
        inv = (np.asarray(cos_theta) * np.sqrt((T + 2.0 * mass) / T) - 1.0) / mass
        with np.errstate(divide="ignore"):
            return np.where(inv > 0, 1.0 / np.maximum(inv, 1e-300), np.inf)

    def directional_binned(
        self, recoil_edges_keV, cos_edges, exposure: Exposure | str = "day"
    ) -> DirectionalSpectrum:
        """Counts in bins of recoil energy and of cos(theta), the recoil direction relative
        to the incoming neutrino (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eqs.
        18-20), with the
        recoil threshold and
        efficiency. At fixed T each angle belongs to one neutrino energy, so a cos(theta)
        bin is the flux moment between two energies: exact, lines included."""
        if self._dark_projectile:
            raise CevnsInputError("directional spectra are for neutrino channels so far")
        edges = check_edges(recoil_edges_keV)
        c_edges = np.asarray(cos_edges, dtype=float)
        if (
            c_edges.ndim != 1
            or c_edges.size < 2
            or not np.all(np.isfinite(c_edges))
            or np.any(np.diff(c_edges) <= 0)
        ):
            raise CevnsInputError("cos(theta) edges must be increasing, at least two of them")
        if c_edges[0] < -1 or c_edges[-1] > 1:
            raise CevnsInputError("cos(theta) edges must lie in [-1, 1]")
        self._check_divergence(max(edges[0], self._threshold_keV()), self.model)
        seconds, label = self._exposure(exposure)
        n_T, n_c = edges.size - 1, c_edges.size - 1
        out: dict[str, np.ndarray] = {}
        for term, (idx, weights, kin) in zip(self._terms, self._recoil_bins(edges), strict=True):
            T = kin[0]
            E = self._direction_energies(term.xs.mass, T[:, None], c_edges[None, :])
            # moments above each edge energy; a cos bin [c_j, c_j+1] spans E(c_j+1)..E(c_j)
            above = [self._kinematics_at(term, T, E[:, j]) for j in range(c_edges.size)]
            for j in range(n_c):
                lo, hi = above[j + 1], above[j]
                moments = {
                    f: [
                        (fin, m_lo - m_hi)
                        for (fin, m_lo), (_, m_hi) in zip(lo[f], hi[f], strict=True)
                    ]
                    for f in lo
                }
                rates = self._dn_dT_isotope(term, None, (T, kin[1], moments))
                for f, v in rates.items():
                    grid = out.setdefault(f, np.zeros((n_T, n_c)))
                    grid[:, j] += np.bincount(idx, weights=v * weights, minlength=n_T)
        per_flavor = {f: v * seconds for f, v in out.items()}
        return DirectionalSpectrum(edges, c_edges, per_flavor, label, self._meta())

    def directional_density(self, recoil_keV, cos_theta, exposure: Exposure | str = "day") -> dict:
        """d^2N/(dT dcosθ) in events per keV per unit cos(theta) per ``exposure`` for the
        continuous spectra, from Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) Eq. (18)
        with the exact
        Jacobian
        dcosθ/dE = -M sqrt(T/(T+2M)) / E^2: d^2N/dT dcosθ = φ(ε) dσ/dT(ε, T) ε^2 /
        (M sqrt(T/(T+2M))). Lines are omitted: each puts its events on the single curve
        cosθ(E_line, T) (use :meth:`directional_binned`). Arrays shaped (recoil, cos)."""
        if self._dark_projectile:
            raise CevnsInputError("directional spectra are for neutrino channels so far")
        if self.model.sterile is not None:
            raise CevnsInputError("the directional density does not include oscillations")
        T = np.atleast_1d(np.asarray(recoil_keV, dtype=float))[:, None] * KEV
        c = np.atleast_1d(np.asarray(cos_theta, dtype=float))[None, :]
        seconds, _ = self._exposure(exposure)
        tf = self._time_factors()
        out: dict[str, np.ndarray] = {}
        for term in self._terms:
            M = term.xs.mass
            E = self._direction_energies(M, T, c)
            finite = np.isfinite(E) & (E <= self.flux.max_energy)  # no flux beyond
            E_safe = np.where(finite, E, 1.0)
            jac = E_safe**2 / (M * np.sqrt(T / (T + 2.0 * M)))
            for comp in self.flux.components:
                if comp.spectrum.lines:
                    continue
                flux = comp.rate * tf[comp.flavor] * comp.spectrum.pdf(E_safe)
                sigma = term.xs.dsigma_dT(E_safe, T, comp.flavor)
                value = np.where(finite, term.count * flux * sigma * jac, 0.0)
                out[comp.flavor] = out.get(comp.flavor, 0.0) + value * KEV * seconds
        return out


def recoil_spectrum(
    exp: Experiment | str,
    recoil_keV,
    form_factor="helm",
    model: PhysicsModel | None = None,
    exposure: Exposure | str = "day",
) -> RecoilSpectrum:
    """dN/dT (events/keV per ``exposure``) of an experiment preset or object at
    ``recoil_keV``."""
    calc = RateCalculator.for_experiment(exp, form_factor, model)
    return calc.recoil_spectrum(recoil_keV, exposure)


def event_counts(
    exp: Experiment | str,
    form_factor="helm",
    model: PhysicsModel | None = None,
    exposure: Exposure | str = "day",
) -> EventCounts:
    """Expected CEvNS events per flavor for an experiment preset or object."""
    return RateCalculator.for_experiment(exp, form_factor, model).counts(exposure)


def flux_averaged_cross_section(
    target, flux: Flux, form_factor="helm", model: PhysicsModel | None = None, flavors=None
) -> dict[str, float]:
    """Flux-averaged total CEvNS cross section <σ>_f = ∫ Φ_f σ dE / ∫ Φ_f dE per flavor, in
    cm^2 per nucleus; for a material, averaged over its nuclei by number. Also returns
    ``"average"``: the mean over the flavors with equal weight (COHERENT's convention for the
    three decay-at-rest flavors, arXiv:2110.07730)."""
    xs = material_cross_section(target, form_factor, model)
    out = {}
    for comp in flux.components:
        if flavors is not None and comp.flavor not in flavors:
            continue
        out[comp.flavor] = flux_average(xs, comp.spectrum, comp.flavor)
    out["average"] = float(np.mean(list(out.values())))
    return out
