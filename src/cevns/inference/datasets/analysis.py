"""One COHERENT analysis: observed counts, background template and a signal model that turns a
physics model and form factor into a CEvNS template through the package's rate engine (the
folding of the data set's detector and its systematic variations, times arrival-time shares).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ...errors import CevnsInputError
from ...nuclear.formfactors import FormFactorModel, form_factor_model
from ...physics import PhysicsModel
from ...rates.engine import RateCalculator
from ..likelihood import BinnedPoissonLikelihood, Template

__all__ = ["Analysis", "SignalModel"]


@dataclass
class SignalModel:
    """CEvNS template for one data set, from the rate engine: counts in bins of the
    reconstructed quantity for the nominal detector and its systematic variations (one
    :class:`~cevns.rates.engine.ObservedFolding`), times arrival-time fractions per flavor.

    ``calculator``: the rate calculator of the nominal detector (no time window);
    ``observed_edges``: bins of the reconstructed quantity (keVee or PE);
    ``detectors``: "nominal" -> detector, nuisance -> (detector at -1σ, detector at +1σ);
    ``times``: "nominal" -> {flavor: fractions}, nuisance -> (-1σ, +1σ) dicts;
    ``seconds``: the exposure in seconds of nominal beam;
    ``norms``: nuisance -> fractional 1σ on the signal normalisation;
    ``shapes``: nuisance -> fractional change per bin per +1σ (template shape);
    ``layout``: (energy vector, time vector) -> counts in the data's shape;
    ``clock``: flux -> ``times`` (the data set's arrival-time shares, with their variations,
    for any flux with a timing model), which :meth:`for_flux` needs.
    """

    calculator: RateCalculator
    observed_edges: np.ndarray
    detectors: dict
    times: dict
    seconds: float
    norms: dict = field(default_factory=dict)
    shapes: dict = field(default_factory=dict)
    layout: object = np.outer
    clock: object = None
    _calculators: dict = field(default_factory=dict, repr=False)
    _folding: object = field(default=None, repr=False)

    def __post_init__(self):
        if self._folding is not None:
            return
        flat = {}
        for name, value in self.detectors.items():
            if name == "nominal":
                flat[name] = value
            else:
                flat[f"{name}:-"], flat[f"{name}:+"] = value
        self._folding = self.calculator.folding(self.observed_edges, flat)

    @property
    def material(self) -> str:
        return self.calculator.detector.material.name

    @property
    def pot(self) -> float:
        """Protons on target of the exposure."""
        return self.seconds * self.calculator.source.protons_per_second

    @property
    def nuisances(self) -> tuple[str, ...]:
        names = [k for k in self.detectors if k != "nominal"]
        names += [k for k in self.times if k != "nominal"]
        return (*names, *self.norms, *self.shapes)

    def for_flux(
        self, flux, channel: str = "nuclear", dark=None, norms: dict | None = None, folding=None
    ) -> SignalModel:
        """The same detector, variations, exposure and clock for another ``flux`` and
        ``channel`` (dark matter: ``channel="darkmatter"`` with its ``dark`` sector), with the
        normalisation nuisances ``norms`` (name -> fractional 1σ; default none). ``folding``:
        the response of another such model to reuse (its recoil nodes must cover this
        flux's recoils), else it is built for this flux."""
        if self.clock is None:
            raise CevnsInputError(
                f"the {self.calculator.name or 'data set'} signal model has no arrival-time "
                "model for another flux"
            )
        calc = replace(self.calculator, flux=flux, channel=channel, dark=dark)
        return replace(
            self,
            calculator=calc,
            times=self.clock(flux),
            norms=dict(norms or {}),
            shapes={},
            _calculators={},
            _folding=folding,
        )

    def calculator_for(self, form_factor: FormFactorModel) -> RateCalculator:
        """The calculator with ``form_factor`` (cached per form factor)."""
        if form_factor == self.calculator.form_factor:
            return self.calculator
        if form_factor not in self._calculators:
            if len(self._calculators) > 32:
                self._calculators.clear()
            self._calculators[form_factor] = replace(self.calculator, form_factor=form_factor)
        return self._calculators[form_factor]

    def observed_counts(self, model: PhysicsModel, form_factor: FormFactorModel) -> dict:
        """Events per observed bin, {detector variant: {source flavor: counts}}; variants
        are "nominal" and "<nuisance>:-", "<nuisance>:+"."""
        per_second = self._folding.counts(self.calculator_for(form_factor), model)
        return {
            name: {f: v * self.seconds for f, v in counts.items()}
            for name, counts in per_second.items()
        }

    def template(self, model: PhysicsModel | None = None, form_factor=None) -> Template:
        """The signal template for ``model`` (default: Standard Model) and ``form_factor``
        (name or :class:`~cevns.nuclear.formfactors.FormFactorModel`; default Helm)."""
        model = model or PhysicsModel()
        ff = (
            form_factor
            if isinstance(form_factor, FormFactorModel)
            else form_factor_model(form_factor or "helm")
        )
        counts = self.observed_counts(model, ff)
        energy = counts["nominal"]
        T = self.times["nominal"]
        nominal = sum(self.layout(energy[f], T[f]) for f in energy)
        shifts = {}
        for name in self.detectors:
            if name == "nominal":
                continue
            lo, hi = counts[f"{name}:-"], counts[f"{name}:+"]
            shifts[name] = sum(self.layout(0.5 * (hi[f] - lo[f]), T[f]) for f in energy)
        for name, value in self.times.items():
            if name == "nominal":
                continue
            lo, hi = value
            shifts[name] = sum(self.layout(energy[f], 0.5 * (hi[f] - lo[f])) for f in energy)
        for name, sigma in self.norms.items():
            shifts[name] = nominal * sigma
        for name, fraction in self.shapes.items():
            shifts[name] = nominal * fraction
        return Template(nominal, shifts)


@dataclass
class Analysis:
    """One data set: ``observed`` counts on the grid of ``axes`` (bin edges per axis), the
    ``background`` template, the ``signal`` model and a description of each nuisance."""

    name: str
    observed: np.ndarray
    axes: dict
    background: Template
    signal: SignalModel
    nuisance_notes: dict
    references: tuple[str, ...] = ()
    _sm_cache: dict = field(default_factory=dict, repr=False)

    @property
    def nuisances(self) -> tuple[str, ...]:
        names = list(self.signal.nuisances)
        names += [n for n in self.background.shifts if n not in names]
        return tuple(names)

    def likelihood(self) -> BinnedPoissonLikelihood:
        return BinnedPoissonLikelihood(self.observed, self.background, self.nuisances)

    def signal_template(self, model: PhysicsModel | None = None, form_factor=None) -> Template:
        return self.signal.template(model, form_factor)

    def sm_template(self, form_factor="helm", model: PhysicsModel | None = None) -> Template:
        """Standard-Model signal (cached per form factor and model; default: the precision
        Standard Model, :class:`~cevns.physics.PhysicsModel`)."""
        model = model or PhysicsModel()
        key = (form_factor if isinstance(form_factor, str) else repr(form_factor), model)
        if key not in self._sm_cache:
            self._sm_cache[key] = self.signal.template(model, form_factor)
        return self._sm_cache[key]


# --- helpers ------------------------------------------------------------------------------------


def _project_separable(counts: np.ndarray) -> np.ndarray:
    """Smooth a 2D histogram (energy x time) as the product of its projections / total:
    a steady-state background sampled with few events per bin."""
    total = counts.sum()
    if total <= 0:
        return np.zeros_like(counts, dtype=float)
    return np.outer(counts.sum(axis=1), counts.sum(axis=0)) / total
