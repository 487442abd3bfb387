"""The COHERENT analyses: binned likelihood ingredients for each public data release.

Each :class:`Analysis` holds the observed counts, the background :class:`~.likelihood.Template`
and a signal model that turns a physics model and form factor into a CEvNS template through the
package's rate engine and the detector response of :mod:`.response`. The detectors (quenching,
resolution, efficiency) and their variations are stated here with their sources, or taken
from the experiment presets; the raw data come from the releases (:mod:`.releases`).

Numbers marked "assumption" have no published source we could read; they are stated in the
README's list of analysis choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..constants import PION_LIFETIME_NS
from ..detectors import (
    Detector,
    Experiment,
    LogisticEfficiency,
    PhotoelectronResolution,
    PolynomialQuenching,
    experiment,
)
from ..nuclear.formfactors import FormFactorModel, form_factor_model
from ..physics import PhysicsModel
from ..rates.engine import RateCalculator
from ..rates.exposure import Exposure
from ..sources.facilities import facility
from ..sources.pidar import PionDecayAtRest
from .likelihood import BinnedPoissonLikelihood, Template
from .releases import Release, load_release

__all__ = ["Analysis", "SignalModel", "load_analysis", "csi_2017", "csi_2021", "lar_2020"]


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
    ``layout``: (energy vector, time vector) -> counts in the data's shape.
    """

    calculator: RateCalculator
    observed_edges: np.ndarray
    detectors: dict
    times: dict
    seconds: float
    norms: dict = field(default_factory=dict)
    shapes: dict = field(default_factory=dict)
    layout: object = np.outer
    _calculators: dict = field(default_factory=dict, repr=False)
    _folding: object = field(default=None, repr=False)

    def __post_init__(self):
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

    def sm_template(self, form_factor="helm") -> Template:
        """Standard-Model signal (cached per form factor)."""
        key = form_factor if isinstance(form_factor, str) else repr(form_factor)
        if key not in self._sm_cache:
            self._sm_cache[key] = self.signal.template(PhysicsModel(), form_factor)
        return self._sm_cache[key]


# --- helpers ------------------------------------------------------------------------------------


def _project_separable(counts: np.ndarray) -> np.ndarray:
    """Smooth a 2D histogram (energy x time) as the product of its projections / total:
    a steady-state background sampled with few events per bin."""
    total = counts.sum()
    if total <= 0:
        return np.zeros_like(counts, dtype=float)
    return np.outer(counts.sum(axis=1), counts.sum(axis=0)) / total


def _bin_average(func, edges: np.ndarray, points: int = 50) -> np.ndarray:
    x = edges[:-1, None] + np.diff(edges)[:, None] * (np.arange(points) + 0.5) / points
    return func(x).mean(axis=1)


# --- CsI[Na] 2017 -------------------------------------------------------------------------------

CSI_2017 = {
    "preset": "COHERENT-CsI",  # detector, source, distance, time window (experiments.toml)
    "exposure_GWh": 7.47594,  # release YAML (arXiv:1804.09459)
    "quenching_error": 0.0166,  # release YAML: 1σ of QF = 0.0878
    # release YAML: efficiency a = 0.6655 +0.0212 -0.0384, x0 = 10.8507 +0.1838 -0.3995 PE
    "efficiency_a_errors": (0.0212, 0.0384),
    "efficiency_x0_errors": (0.1838, 0.3995),
    "flux_uncertainty": 0.10,  # 0.08 +- 0.008 nu/flavor/proton, release YAML
    "brn_uncertainty": 0.25,  # prompt-neutron normalisation, release YAML
    "form_factor_uncertainty": 0.05,  # assumption (5 %, the size quoted in arXiv:1708.01294)
    "pe_bin": 2,  # PE; analysis bins of arXiv:1708.01294 over the preset's 6-30 PE
}


def release_clock_offset_ns(release: Release) -> float:
    """Time of the proton-pulse centre on the 2017 CsI[Na] release's clock (ns): the mean of
    the released prompt-neutrino arrival PDF minus the pion lifetime. The COHERENT-CsI
    preset's time window is the release's 0-12 μs window on the pulse-centre clock."""
    prompt = release["arrival_prompt_neutrinos"]
    return 1e3 * float(np.sum(prompt[:, 0] * prompt[:, 1])) - PION_LIFETIME_NS


def csi_2017(release: Release) -> Analysis:
    """COHERENT CsI[Na] first observation (arXiv:1708.01294): PE (2-PE bins, 6-30 PE) x
    arrival time (0.5-μs bins, 0-12 μs), beam-on coincidence data; steady-state background from
    the anti-coincidence window, prompt neutrons from the release's PE and time PDFs. The
    detector, source and time window are the COHERENT-CsI experiment preset's, so that
    ``cevns rate COHERENT-CsI --GWh 7.47594`` gives this analysis's SM prediction."""
    p = CSI_2017
    exp = experiment(p["preset"])
    det, source = exp.detector, exp.source
    pot = p["exposure_GWh"] * source.protons_per_GWh()
    lo, hi = det.observed_range
    pe_centres = release["pe_centres"]
    rows = (pe_centres > lo) & (pe_centres < hi)
    pe_edges = np.arange(lo, hi + 1, p["pe_bin"])
    t_centres = release["time_centres_us"]
    t_edges = np.append(t_centres - 0.25, t_centres[-1] + 0.25)
    offset_ns = -exp.time_window_ns[0]

    qf = float(det.quenching.factor(1.0))
    dqf = p["quenching_error"]
    eff = det.efficiency
    (da_hi, da_lo), (dx_hi, dx_lo) = p["efficiency_a_errors"], p["efficiency_x0_errors"]
    # +1σ efficiency: higher plateau and earlier turn-on; -1σ the reverse (release errors)
    eff_hi = replace(eff, a=eff.a + da_hi, c=eff.c - dx_lo)
    eff_lo = replace(eff, a=eff.a - da_lo, c=eff.c + dx_hi)
    flux = exp.flux()
    calc = RateCalculator.for_experiment(replace(exp, time_window_ns=None))
    signal = SignalModel(
        calc,
        pe_edges,
        {
            "nominal": det,
            "csi2017_quenching": (
                replace(det, quenching=PolynomialQuenching((qf - dqf,))),
                replace(det, quenching=PolynomialQuenching((qf + dqf,))),
            ),
            "csi2017_efficiency": (
                replace(det, efficiency=eff_lo),
                replace(det, efficiency=eff_hi),
            ),
        },
        {"nominal": flux.arrival_fractions(t_edges * 1e3 - offset_ns)},
        Exposure(pot, "POT").seconds(source),
        {
            "csi2017_flux": p["flux_uncertainty"],
            "csi2017_form_factor": p["form_factor_uncertainty"],
        },
    )
    # prompt neutrons: PE PDF per GWh in 1-PE bins (release), efficiency applied per 1-PE bin
    brn_pe = release["brn_pe_per_GWh"]
    per_bin = brn_pe[:, 1] * p["exposure_GWh"] * eff(brn_pe[:, 0])
    grouped = np.array(
        [
            per_bin[(brn_pe[:, 0] > a) & (brn_pe[:, 0] < b)].sum()
            for a, b in zip(pe_edges[:-1], pe_edges[1:], strict=True)
        ]
    )
    brn = np.outer(grouped, release["arrival_prompt_neutrons"][:, 1])
    steady = _project_separable(release["anticoincidence"][rows])
    background = Template(
        brn + steady,
        {
            "csi2017_brn": brn * p["brn_uncertainty"],
            "csi2017_steady_state": steady / np.sqrt(max(steady.sum(), 1.0)),
        },
    )
    notes = {
        "csi2017_flux": "neutrino yield 0.08 +- 10 % per flavor per proton (release YAML)",
        "csi2017_quenching": "QF 0.0878 +- 0.0166 (release YAML), response re-computed",
        "csi2017_efficiency": "efficiency parameters a, x0 at their release 1σ errors",
        "csi2017_form_factor": "5 % on the signal normalisation (assumption)",
        "csi2017_brn": "prompt-neutron normalisation 25 % (release YAML)",
        "csi2017_steady_state": "anti-coincidence statistics, 1/sqrt(N)",
    }
    return Analysis(
        "coherent-csi-2017",
        release["coincidence"][rows].astype(float),
        {"pe": pe_edges.astype(float), "time_us": t_edges},
        background,
        signal,
        notes,
        ("arXiv:1708.01294", "arXiv:1804.09459"),
    )


# --- CsI[Na] full data set ----------------------------------------------------------------------

CSI_2021 = {
    "pot": 3.198e23,  # 13.99 GWh; arXiv:2110.07730 (value as used by public re-analyses)
    "yield_per_proton": 0.0848,  # nu/flavor/proton, arXiv:2110.07730 (as above)
    "proton_energy_GeV": 0.984,  # 13.99 GWh / 3.198e23 POT
    "distance_m": 19.3,
    "mass_kg": 14.6,  # arXiv:2110.07730
    "light_yield": 13.35,  # PE/keVee, arXiv:2110.07730 supplement
    "gamma_shape_per_keVee": 9.56,  # gamma smearing b = 9.56 E[keVee], same supplement
    "time_efficiency": (0.52, 0.0494),  # flat to 0.52 μs, then exp(-0.0494/μs (t - 0.52))
    "flux_uncertainty": 0.10,
    "brn_uncertainty": 0.25,  # assumption: the size used by public re-analyses
    "nin_uncertainty": 0.35,  # assumption: as above
    "timing_uncertainty_ns": 50.0,  # assumption (see csi_2021)
    "pe_edges": (0, 8, 12, 16, 20, 24, 32, 40, 50, 60),
    "time_edges_us": (0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0, 2.0, 4.0, 6.0),
}


def _csi2021_quenching(coefficients) -> PolynomialQuenching:
    """Release polynomial E_ee[MeV] = a x + b x^2 + c x^3 + d x^4, x in MeVnr, as keV."""
    a, b, c, d = coefficients
    return PolynomialQuenching((0.0, a, b * 1e-3, c * 1e-6, d * 1e-9), kind="energy")


def csi_2021(release: Release) -> Analysis:
    """COHERENT CsI[Na] full data set (arXiv:2110.07730): events binned in PE (0-60) x
    reconstructed time (0-6 μs). The release gives no arrival-time PDFs for neutrinos: the
    clock is set by the released beam-related-neutron time PDF, whose mean the prompt
    neutrinos share (as in the 2017 release, where the two means agree within 3 ns)."""
    p = CSI_2021
    source = PionDecayAtRest(
        "SNS-CsI-2021",
        p["proton_energy_GeV"],
        1.4,
        p["yield_per_proton"],
        facility("SNS").pulse,
    )
    pe_edges = np.asarray(p["pe_edges"], float)
    t_edges = np.asarray(p["time_edges_us"], float)
    eff_sets = release["efficiency"]
    q_sets = release["quenching"]

    def detector(q, e):
        return Detector(
            "CsI",
            p["mass_kg"],
            quenching=_csi2021_quenching(q),
            resolution=PhotoelectronResolution(p["light_yield"], p["gamma_shape_per_keVee"]),
            efficiency=LogisticEfficiency(*e),
            observed_range=(pe_edges[0], pe_edges[-1]),
        )

    t0, slope = p["time_efficiency"]
    brn_t = release["brn_time"]
    offset = 1e3 * float(np.sum(brn_t[:, 0] * brn_t[:, 1]) / brn_t[:, 1].sum()) - PION_LIFETIME_NS
    flux = source.flux(p["distance_m"])
    dt = p["timing_uncertainty_ns"]

    def times(off):
        # arrival fractions weighted by the time efficiency (μs on the data clock)
        def time_eff(t_ns):
            t = (np.asarray(t_ns) + off) * 1e-3
            return np.where(t < t0, 1.0, np.exp(-slope * (t - t0)))

        return flux.arrival_fractions(t_edges * 1e3 - off, efficiency=time_eff)

    nominal = detector(q_sets[0], eff_sets[0])
    calc = RateCalculator.for_experiment(
        Experiment("COHERENT-CsI-2021", source, nominal, p["distance_m"])
    )
    signal = SignalModel(
        calc,
        pe_edges,
        {
            "nominal": nominal,
            "csi2021_quenching_1": (
                detector(q_sets[2], eff_sets[0]),
                detector(q_sets[1], eff_sets[0]),
            ),
            "csi2021_quenching_2": (
                detector(q_sets[4], eff_sets[0]),
                detector(q_sets[3], eff_sets[0]),
            ),
            # the two released variations bracket the nominal: the later turn-on is -1σ
            "csi2021_efficiency": (
                detector(q_sets[0], eff_sets[2]),
                detector(q_sets[0], eff_sets[1]),
            ),
        },
        {"nominal": times(offset), "csi2021_timing": (times(offset - dt), times(offset + dt))},
        Exposure(p["pot"], "POT").seconds(source),
        {"csi2021_flux": p["flux_uncertainty"]},
    )

    def histogram(events):
        return np.histogram2d(events[:, 0], events[:, 1], bins=(pe_edges, t_edges))[0]

    def neutron_template(key):
        # time PDF normalised to the predicted events at all PE; PE PDF gives the ROI shares
        pe, tt = release[f"{key}_pe"], release[f"{key}_time"]
        pe_share = np.histogram(pe[:, 0], bins=pe_edges, weights=pe[:, 1])[0] / pe[:, 1].sum()
        t_counts = np.histogram(tt[:, 0], bins=t_edges, weights=tt[:, 1])[0]
        return np.outer(pe_share, t_counts)

    brn, nin = neutron_template("brn"), neutron_template("nin")
    steady = _project_separable(histogram(release["anticoincidence"]))
    background = Template(
        brn + nin + steady,
        {
            "csi2021_brn": brn * p["brn_uncertainty"],
            "csi2021_nin": nin * p["nin_uncertainty"],
            "csi2021_steady_state": steady / np.sqrt(max(steady.sum(), 1.0)),
        },
    )
    notes = {
        "csi2021_flux": "neutrino yield 10 %",
        "csi2021_quenching_1": "release quenching variation, model 0 (+-1σ coefficient sets)",
        "csi2021_quenching_2": "release quenching variation, model 1 (+-1σ coefficient sets)",
        "csi2021_efficiency": "release efficiency curves (+-1σ)",
        "csi2021_timing": f"arrival-time offset +-{dt:g} ns (assumption)",
        "csi2021_brn": "beam-related neutrons 25 % (assumption)",
        "csi2021_nin": "neutrino-induced neutrons 35 % (assumption)",
        "csi2021_steady_state": "anti-coincidence statistics, 1/sqrt(N)",
    }
    return Analysis(
        "coherent-csi-2021",
        histogram(release["coincidence"]),
        {"pe": pe_edges, "time_us": t_edges},
        background,
        signal,
        notes,
        ("arXiv:2110.07730",),
    )


# --- CENNS-10 liquid argon ----------------------------------------------------------------------

LAR_2020 = {
    "preset": "COHERENT-LAr",  # detector, source, distance, region (experiments.toml)
    "pot": 13.8e22,  # release YAML (6.12 GWh)
    "distance_m": 27.5,
    "mass_kg": 24.4,  # fiducial, release YAML (+-0.61 kg)
    "quenching": ((0.246, 0.006), (0.00078, 0.00009)),  # QF = a + b T[keVnr], release YAML
    "resolution": 0.58,  # σ/E = 0.58/sqrt(E[keVee]), release YAML
    "pulse_mean_ns": (440.0, 200.0),  # POT trace mean and 1σ, release YAML
    "flux_uncertainty": 0.10,  # 0.09 +- 0.009, release YAML
    "mass_uncertainty": 0.61 / 24.4,
    "brn_uncertainty": 160 / 497,  # release YAML prediction 497 +- 160
    "delayed_brn_uncertainty": 1.0,  # 33 +- 33
    "steady_state_sigma": 25.0,  # 3154 +- 25 events
}


def lar_2020(release: Release) -> Analysis:
    """COHERENT CENNS-10 Analysis A (arXiv:2003.10630): observed energy (keVee) x F90 x
    trigger time, 12 x 8 x 10 bins. The CEvNS energy spectrum and arrival times come from the
    package (flux, cross section, the release's QF, resolution and efficiency, and the POT
    trace folded with the pion and muon lifetimes); the F90 distribution at each energy is the
    release's (from its CEvNS PDF)."""
    p = LAR_2020
    exp = experiment(p["preset"])
    source = exp.source
    centres = release["axes_centres"]
    edges = [np.append(c - 0.5 * (c[1] - c[0]), c[-1] + 0.5 * (c[1] - c[0])) for c in centres]
    e_edges, f_edges, t_edges = edges
    (a, da), (b, db) = p["quenching"]

    def detector(qa, qb):
        return replace(exp.detector, quenching=PolynomialQuenching((qa, qb)))

    flux = exp.flux()
    mean, dmean = p["pulse_mean_ns"]
    cevns = release["cevns"]
    per_energy = cevns.sum(axis=(1, 2), keepdims=True)
    f90_given_e = cevns.sum(axis=2) / np.where(per_energy[:, :, 0] > 0, per_energy[:, :, 0], 1.0)

    def layout(energy, time):
        return energy[:, None, None] * f90_given_e[:, :, None] * time[None, None, :]

    # the release's +-1σ F90 PDFs as a fractional change of the CEvNS template per bin
    safe = np.where(cevns > 0, cevns, 1.0)
    f90_shift = np.where(
        cevns > 0, 0.5 * (release["cevns_f90_plus"] - release["cevns_f90_minus"]) / safe, 0.0
    )
    nominal = exp.detector
    calc = RateCalculator.for_experiment(replace(exp, time_window_ns=None))
    t_ns = t_edges * 1e3
    signal = SignalModel(
        calc,
        e_edges,
        {
            "nominal": nominal,
            "lar2020_quenching_a": (detector(a - da, b), detector(a + da, b)),
            "lar2020_quenching_b": (detector(a, b - db), detector(a, b + db)),
        },
        {
            "nominal": flux.arrival_fractions(t_ns - mean),
            "lar2020_timing": (
                flux.arrival_fractions(t_ns - (mean - dmean)),
                flux.arrival_fractions(t_ns - (mean + dmean)),
            ),
        },
        Exposure(p["pot"], "POT").seconds(source),
        {"lar2020_flux": p["flux_uncertainty"], "lar2020_mass": p["mass_uncertainty"]},
        {"lar2020_cevns_f90": f90_shift},
        layout,
    )
    brn, dbrn, ss = release["brn"], release["delayed_brn"], release["steady_state"]
    background = Template(
        brn + dbrn + ss,
        {
            "lar2020_brn": brn * p["brn_uncertainty"],
            "lar2020_brn_energy": 0.5 * (release["brn_energy_plus"] - release["brn_energy_minus"]),
            "lar2020_brn_timing": 0.5 * (release["brn_timing_plus"] - release["brn_timing_minus"]),
            "lar2020_brn_width": release["brn_timing_width"] - brn,
            "lar2020_delayed_brn": dbrn * p["delayed_brn_uncertainty"],
            "lar2020_steady_state": ss * p["steady_state_sigma"] / ss.sum(),
        },
    )
    notes = {
        "lar2020_flux": "neutrino yield 0.09 +- 10 % (release YAML)",
        "lar2020_mass": "fiducial mass 24.4 +- 0.61 kg (release YAML)",
        "lar2020_quenching_a": "QF constant term 0.246 +- 0.006 (release YAML)",
        "lar2020_quenching_b": "QF slope 0.00078 +- 0.00009 /keVnr (release YAML)",
        "lar2020_timing": "POT trace mean 440 +- 200 ns (release YAML)",
        "lar2020_cevns_f90": "CEvNS F90 energy dependence (release +-1σ PDFs)",
        "lar2020_brn": "prompt BRN 497 +- 160 (release YAML)",
        "lar2020_brn_energy": "BRN energy shape (release +-1σ PDFs)",
        "lar2020_brn_timing": "BRN timing mean (release +-1σ PDFs)",
        "lar2020_brn_width": "BRN timing width (release one-sided PDF)",
        "lar2020_delayed_brn": "delayed BRN 33 +- 33 (release YAML)",
        "lar2020_steady_state": "steady state 3154 +- 25 (release YAML)",
    }
    return Analysis(
        "coherent-lar-2020",
        release["data"],
        {"energy_keVee": e_edges, "f90": f_edges, "time_us": t_edges},
        background,
        signal,
        notes,
        ("arXiv:2003.10630", "arXiv:2006.12659"),
    )


_BUILDERS = {
    "coherent-csi-2017": csi_2017,
    "coherent-csi-2021": csi_2021,
    "coherent-lar-2020": lar_2020,
}


def load_analysis(name: str, data_dir=None) -> Analysis:
    """The analysis of data set ``name`` built from its release in ``data_dir`` (default
    $CEVNS_DATA_DIR)."""
    release = load_release(name, data_dir)
    return _BUILDERS[name](release)
