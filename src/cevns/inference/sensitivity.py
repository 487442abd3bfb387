"""Sensitivity of future liquid-argon detectors with Asimov data (Carey & Pandey, NuFact 2024,
arXiv:2412.18055, Table I).

A future experiment is an :class:`~.coherent.Analysis` whose "observed" counts are the
Standard-Model expectation (signal + background, the Asimov data set, arXiv:1007.1727): the
fits of :mod:`.fit` and scans of :mod:`.scan` on it give the median expected intervals and
limits. The analysis is binned in observed energy (keVee) x arrival time (μs after the clock
zero; the proton-pulse centre at ``pulse_offset_ns``).

Assumptions (all stated in :class:`Assumptions`, all replaceable):

* Response: the CENNS-10 argon response (arXiv:2003.10630 release): QF = 0.246 + 0.00078 T,
  σ/E = 0.58/sqrt(E[keVee]); efficiency a step at ``threshold_keVnr`` (converted to keVee)
  with the release's plateau, 0.95.
* Steady-state background: CENNS-10's (3152 events in 24.4 kg over 13.8e22 POT at the SNS in a
  5-μs window, F90 0.5-0.9), as a rate per kg per second of open time window with its
  energy spectrum (packaged ``coherent_lar_2020_backgrounds.csv``), times
  ``steady_state_scale`` (1 for atmospheric argon; 39Ar dominates it), flat in time.
* Beam-related neutrons: ``brn_fraction`` x the SM CEvNS count, CENNS-10's BRN energy
  spectrum, arriving with the proton pulse (the prompt-neutrino time shape).
* Nuisances (Gaussian, profiled): neutrino flux ``flux_uncertainty``; QF constant and slope
  (release errors x ``quenching_scale``); steady state ``steady_state_uncertainty``; BRN
  ``brn_uncertainty``; arrival-time offset ``timing_uncertainty_ns``.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, replace
from functools import cache
from importlib import resources
from typing import ClassVar

import numpy as np

from ..constants import MEV_TO_J
from ..detectors import Detector, GaussianResolution, PolynomialQuenching, experiment
from ..errors import CevnsInputError
from ..rates.engine import RateCalculator
from ..rates.exposure import Exposure
from ..results import Result
from .datasets import LAR_2020, Analysis, SignalModel
from .fit import JointFit
from .likelihood import Template
from .scan import scan_grid

__all__ = [
    "Assumptions",
    "DEFAULT_ASSUMPTIONS",
    "SENSITIVITY_EXPERIMENTS",
    "SENSITIVITY_PARAMETERS",
    "Sensitivity",
    "asimov_analysis",
    "sensitivity",
    "with_overrides",
]

SENSITIVITY_PARAMETERS = ("sin2w", "rn", "mu_nu", "zprime")
"""What :func:`sensitivity` evaluates: intervals on sin²θ_W and R_n(Ar), the 90 % CL upper
limit on a flavor-universal μ_ν, and the 90 % CL exclusion of a universal light Z'."""

_PROFILE_GRIDS = {
    "sin2w": np.linspace(0.17, 0.31, 57),
    "rn": np.linspace(2.0, 5.0, 31),
    "mu_nu": np.linspace(0.0, 40.0, 81),
}
ZPRIME_MASSES_MEV = np.geomspace(1.0, 1000.0, 31)
ZPRIME_COUPLINGS = np.geomspace(1e-6, 1e-3, 61)

SENSITIVITY_EXPERIMENTS = ("CENNS750", "CCM", "PIP2-BD")
"""The future (or running) argon detectors of Carey & Pandey (arXiv:2412.18055) Table I."""

_CENNS10_POT = 13.8e22  # release YAML
_CENNS10_MASS_KG = 24.4  # release YAML
_CENNS10_WINDOW_S = 5.0e-6  # trigger-time range of the release's PDFs (-0.1 to 4.9 μs)
_CENNS10_PROTONS_PER_PULSE = 1.4e6 / (60.0 * 1.0e3 * MEV_TO_J)  # 1.4 MW, 60 Hz, 1 GeV (SNS)
_EFFICIENCY_PLATEAU = 0.95  # CENNS-10 release efficiency above 20 keVee


@dataclass(frozen=True)
class Assumptions:
    """What a sensitivity study assumes beyond the experiment preset (units in the names)."""

    years: float = 3.0
    threshold_keVnr: float = 20.0
    steady_state_scale: float = 1.0
    brn_fraction: float = 0.1
    flux_uncertainty: float = 0.10
    quenching_scale: float = 1.0
    steady_state_uncertainty: float = 0.01
    brn_uncertainty: float = 0.30
    timing_uncertainty_ns: float = 50.0
    pulse_offset_ns: float = 400.0
    energy_bin_keVee: float = 4.0
    max_energy_keVee: float = 60.0
    time_edges_us: tuple = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)

    def __post_init__(self):
        positive = {"years", "threshold_keVnr", "energy_bin_keVee", "max_energy_keVee"}
        for name, value in asdict(self).items():
            if name == "time_edges_us":
                continue
            if name == "pulse_offset_ns":
                value = abs(value)  # any finite clock offset
            if not np.isfinite(value) or value < 0 or (name in positive and value == 0):
                need = "a positive number" if name in positive else "a number >= 0"
                raise CevnsInputError(f"{name} must be {need}, got {value}")
        edges = np.asarray(self.time_edges_us, dtype=float)
        if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
            raise CevnsInputError("time_edges_us must be increasing bin edges in μs")

    def to_dict(self) -> dict:
        out = asdict(self)
        out["time_edges_us"] = list(self.time_edges_us)
        return out


DEFAULT_ASSUMPTIONS = {
    # assumption: 3 SNS years of 5000 h (COHERENT planning convention, facilities.toml)
    "CENNS750": Assumptions(years=3.0),
    # assumption: the 3-year CCM200 run (facilities.toml: 3300 h/yr at 100 kW)
    "CCM": Assumptions(years=3.0),
    # assumption: 5 years of PIP-II beam-dump running (5000 h/yr)
    "PIP2-BD": Assumptions(years=5.0),
}


@cache
def _cenns10_backgrounds() -> dict:
    text = resources.files("cevns").joinpath("data", "coherent_lar_2020_backgrounds.csv")
    rows = list(csv.DictReader(ln for ln in text.read_text().splitlines() if ln[:1] != "#"))
    edges = np.array([float(rows[0]["low_keVee"])] + [float(r["high_keVee"]) for r in rows])
    ss = np.array([float(r["steady_state"]) for r in rows])
    brn = np.array([float(r["prompt_brn"]) for r in rows])
    return {"edges": edges, "steady_state": ss, "brn": brn}


def _rebin(edges_from: np.ndarray, counts: np.ndarray, edges_to: np.ndarray) -> np.ndarray:
    """Counts of a piecewise-flat spectrum (per bin of ``edges_from``) in ``edges_to`` (beyond
    the last bin, the last bin's density continues)."""
    density = counts / np.diff(edges_from)
    cum = np.concatenate([[0.0], np.cumsum(counts)])

    def integral(x):
        x = np.asarray(x, float)
        inside = np.interp(x, edges_from, cum)
        beyond = np.maximum(x - edges_from[-1], 0.0) * density[-1]
        return inside + beyond

    return np.diff(integral(edges_to))


def steady_state_rate_per_kg_s() -> float:
    """CENNS-10 steady-state events per kg per second of open window, 0-120 keVee, F90 cut:
    events / (mass x pulses x window), pulses = POT / protons per SNS pulse."""
    pulses = _CENNS10_POT / _CENNS10_PROTONS_PER_PULSE
    total = _cenns10_backgrounds()["steady_state"].sum()
    return float(total / (_CENNS10_MASS_KG * pulses * _CENNS10_WINDOW_S))


@dataclass(frozen=True)
class _StepEfficiency:
    """Efficiency ``plateau`` above ``threshold_keVee`` (observed energy), zero below."""

    threshold_keVee: float
    plateau: float
    variable: ClassVar[str] = "observed"
    variable: ClassVar[str] = "observed"

    def __call__(self, energy_keVee):
        return np.where(np.asarray(energy_keVee, float) >= self.threshold_keVee, self.plateau, 0.0)


def check_study_experiment(name: str):
    """The experiment preset ``name`` if a sensitivity study can use it (an argon detector at a
    pulsed beam), else a CevnsInputError naming the presets that can."""
    exp = experiment(name)
    if exp.detector.material.name != "Ar":
        raise CevnsInputError(
            f"sensitivity studies use the argon (CENNS-10) response; {name} is "
            f"{exp.detector.material.name}. Argon presets: {', '.join(SENSITIVITY_EXPERIMENTS)}"
        )
    source = exp.source
    if getattr(source, "repetition_Hz", None) is None or not getattr(
        source, "beam_hours_per_year", None
    ):
        raise CevnsInputError(
            f"{name}: a sensitivity study needs a pulsed beam source (repetition rate and beam "
            f"hours per year); its source {source.name} is not one. Argon presets with a beam: "
            f"{', '.join(SENSITIVITY_EXPERIMENTS)}"
        )
    return exp


def asimov_analysis(name: str, assumptions: Assumptions | None = None) -> Analysis:
    """The Asimov (SM-expectation) analysis of argon experiment preset ``name`` (e.g.
    ``"CENNS750"``) under ``assumptions`` (default: :data:`DEFAULT_ASSUMPTIONS` or
    :class:`Assumptions`)."""
    exp = check_study_experiment(name)
    a = assumptions or DEFAULT_ASSUMPTIONS.get(name, Assumptions())
    source = exp.source
    live_s = a.years * source.beam_hours_per_year * 3600.0
    pot = source.protons_per_second * live_s
    pulses = source.repetition_Hz * live_s

    (qa, dqa), (qb, dqb) = LAR_2020["quenching"]
    dqa, dqb = dqa * a.quenching_scale, dqb * a.quenching_scale
    quench = PolynomialQuenching((qa, qb))
    with np.errstate(over="ignore"):  # an absurd threshold overflows to inf: refused below
        threshold_ee = float(quench.observed(a.threshold_keVnr))
    if not (np.isfinite(threshold_ee) and threshold_ee < a.max_energy_keVee):
        raise CevnsInputError(
            f"a {a.threshold_keVnr:g} keVnr threshold ({threshold_ee:g} keVee) leaves no "
            f"observed energy below the analysis's {a.max_energy_keVee:g} keVee"
        )
    n_bins = max(int(np.ceil((a.max_energy_keVee - threshold_ee) / a.energy_bin_keVee)), 1)
    e_edges = threshold_ee + a.energy_bin_keVee * np.arange(n_bins + 1)
    t_edges = np.asarray(a.time_edges_us, dtype=float)
    efficiency = _StepEfficiency(threshold_ee, _EFFICIENCY_PLATEAU)

    def detector(qa_, qb_):
        return Detector(
            "Ar",
            exp.detector.mass_kg,
            quenching=PolynomialQuenching((qa_, qb_)),
            resolution=GaussianResolution(a=LAR_2020["resolution"]),
            efficiency=efficiency,
        )

    detectors = {"nominal": detector(qa, qb)}
    if a.quenching_scale > 0:
        detectors["quenching_a"] = (detector(qa - dqa, qb), detector(qa + dqa, qb))
        detectors["quenching_b"] = (detector(qa, qb - dqb), detector(qa, qb + dqb))
    flux = exp.flux()
    off, dt = a.pulse_offset_ns, a.timing_uncertainty_ns
    t_ns = t_edges * 1e3

    def clock(flux):
        times = {"nominal": flux.arrival_fractions(t_ns - off)}
        if dt > 0:
            times["timing"] = (
                flux.arrival_fractions(t_ns - (off - dt)),
                flux.arrival_fractions(t_ns - (off + dt)),
            )
        return times

    times = clock(flux)
    calc = RateCalculator.for_experiment(replace(exp, detector=detectors["nominal"]))
    signal = SignalModel(
        calc,
        e_edges,
        detectors,
        times,
        Exposure(pot, "POT").seconds(source),
        {"flux": a.flux_uncertainty} if a.flux_uncertainty > 0 else {},
        clock=clock,
    )
    sm = signal.template()

    bkg = _cenns10_backgrounds()
    window_s = (t_edges[-1] - t_edges[0]) * 1e-6
    ss_total = steady_state_rate_per_kg_s() * a.steady_state_scale
    ss_total *= exp.detector.mass_kg * pulses * window_s
    ss_energy = _rebin(bkg["edges"], bkg["steady_state"], e_edges) / bkg["steady_state"].sum()
    steady = ss_total * np.outer(ss_energy, np.diff(t_edges) / (t_edges[-1] - t_edges[0]))
    brn_energy = _rebin(bkg["edges"], bkg["brn"], e_edges)
    brn_energy = brn_energy / brn_energy.sum()
    prompt_time = times["nominal"]["numu"] / max(times["nominal"]["numu"].sum(), 1e-300)
    brn = a.brn_fraction * sm.nominal.sum() * np.outer(brn_energy, prompt_time)
    shifts = {}
    if a.steady_state_uncertainty > 0:
        shifts["steady_state"] = steady * a.steady_state_uncertainty
    if a.brn_uncertainty > 0 and a.brn_fraction > 0:
        shifts["brn"] = brn * a.brn_uncertainty
    background = Template(steady + brn, shifts)

    notes = {
        "flux": f"neutrino flux normalisation {a.flux_uncertainty:.0%} (assumption)",
        "quenching_a": f"QF constant term 0.246 +- {dqa:.2g} (CENNS-10 release x scale)",
        "quenching_b": f"QF slope 0.00078 +- {dqb:.2g} /keVnr (CENNS-10 release x scale)",
        "timing": f"arrival-time offset +-{dt:g} ns (assumption)",
        "steady_state": f"steady state {a.steady_state_uncertainty:.0%} (beam-off sample)",
        "brn": f"beam-related neutrons {a.brn_uncertainty:.0%} (assumption)",
    }
    analysis = Analysis(
        f"asimov-{name}",
        sm.nominal + background.nominal,
        {"energy_keVee": e_edges, "time_us": t_edges},
        background,
        signal,
        {k: v for k, v in notes.items() if k in (*signal.nuisances, *shifts)},
        ("Carey & Pandey (arXiv:2412.18055) Table I", "arXiv:2003.10630 (response, backgrounds)"),
    )
    return analysis


def with_overrides(name: str, **changes) -> Assumptions:
    """The default assumptions of experiment ``name`` with ``changes`` (None values ignored)."""
    base = DEFAULT_ASSUMPTIONS.get(name, Assumptions())
    return replace(base, **{k: v for k, v in changes.items() if v is not None})


@dataclass(frozen=True)
class Sensitivity(Result):
    """Median expected results of one experiment from its Asimov data set: the profile
    ``curves`` per parameter (Δχ², best fit, 68 % and 90 % CL intervals as lists of
    (low, high) pieces) and, when asked, the 90 % CL Z' coupling limit per mass."""

    experiment: str
    assumptions: Assumptions
    protons_on_target: float
    sm_cevns_events: float
    background_events: float
    nuisances: dict
    curves: dict
    zprime_masses_MeV: np.ndarray | None = None
    zprime_g_90: np.ndarray | None = None

    def upper_limit_90(self, parameter: str) -> float | None:
        """The 90 % CL upper limit on ``parameter`` (the top of its first 90 % CL piece)."""
        pieces = self.curves[parameter].interval_90
        return pieces[0][1] if pieces else None

    def to_dict(self) -> dict:
        return {
            "experiment": self.experiment,
            "assumptions": self.assumptions.to_dict(),
            "protons_on_target": self.protons_on_target,
            "sm_cevns_events": self.sm_cevns_events,
            "background_events": self.background_events,
            "nuisances": self.nuisances,
            "parameters": [
                {
                    "name": name,
                    "expected": c.best_fit,
                    "interval_68": [list(piece) for piece in c.interval_68],
                    "interval_90": [list(piece) for piece in c.interval_90],
                    "upper_limit_90": self.upper_limit_90(name),
                }
                for name, c in self.curves.items()
            ],
            "zprime": None
            if self.zprime_masses_MeV is None
            else {"m_zprime_MeV": self.zprime_masses_MeV, "g_zprime_90": self.zprime_g_90},
        }

    def table(self) -> dict:
        """Long format: experiment, quantity, x, y (profiles: value and Δχ²; Z': mass and
        the coupling limit)."""
        quantity, x, y = [], [], []
        for name, c in self.curves.items():
            quantity += [f"{name}_delta_chi2"] * len(c.values)
            x += list(c.values)
            y += list(c.delta_chi2)
        if self.zprime_masses_MeV is not None:
            quantity += ["g_zprime_90cl"] * len(self.zprime_masses_MeV)
            x += list(self.zprime_masses_MeV)
            y += list(self.zprime_g_90)
        return {"experiment": [self.experiment] * len(x), "quantity": quantity, "x": x, "y": y}


def sensitivity(
    name: str,
    assumptions: Assumptions | None = None,
    parameters=SENSITIVITY_PARAMETERS,
    scheduler=None,
    progress: bool | None = False,
) -> Sensitivity:
    """Median expected results of experiment ``name`` from its Asimov data set: for each of
    ``parameters`` (see :data:`SENSITIVITY_PARAMETERS`) the profile likelihood with every
    nuisance profiled, and its 68 % / 90 % CL intervals (Δχ² = 1, 2.71); for ``"zprime"``
    the 90 % CL upper limit on the universal coupling at each mass (Δχ² = 2.71 at fixed
    mass). ``scheduler`` is passed to :func:`~.scan.scan_grid` for the Z' grid."""
    unknown = [p for p in parameters if p not in SENSITIVITY_PARAMETERS]
    if unknown:
        raise CevnsInputError(
            f"unknown sensitivity parameter(s) {', '.join(unknown)}; "
            f"choose from {', '.join(SENSITIVITY_PARAMETERS)}"
        )
    a = assumptions or DEFAULT_ASSUMPTIONS.get(name, Assumptions())
    analysis = asimov_analysis(name, a)
    fit = JointFit([analysis])
    curves, limit = {}, None
    for p in parameters:
        if p == "zprime":
            axes = {"m_zprime": ZPRIME_MASSES_MEV, "g_zprime": ZPRIME_COUPLINGS}
            limit = scan_grid(fit, axes, scheduler=scheduler, progress=progress).limit_curve()
        else:
            curves[p] = fit.profile(p, _PROFILE_GRIDS[p])
    return Sensitivity(
        name,
        a,
        analysis.signal.pot,
        float(analysis.sm_template().nominal.sum()),
        float(analysis.background.nominal.sum()),
        analysis.nuisance_notes,
        curves,
        None if limit is None else ZPRIME_MASSES_MEV,
        limit,
    )
