"""COHERENT CENNS-10 liquid argon, Analysis A (arXiv:2003.10630; data release
arXiv:2006.12659)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ...detectors import (
    PolynomialQuenching,
    experiment,
)
from ...rates.engine import RateCalculator
from ...rates.exposure import Exposure
from ..likelihood import Template
from ..releases import Release
from .analysis import Analysis, SignalModel

__all__ = ["LAR_2020", "lar_2020"]


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

    def clock(flux):
        return {
            "nominal": flux.arrival_fractions(t_ns - mean),
            "lar2020_timing": (
                flux.arrival_fractions(t_ns - (mean - dmean)),
                flux.arrival_fractions(t_ns - (mean + dmean)),
            ),
        }

    signal = SignalModel(
        calc,
        e_edges,
        {
            "nominal": nominal,
            "lar2020_quenching_a": (detector(a - da, b), detector(a + da, b)),
            "lar2020_quenching_b": (detector(a, b - db), detector(a, b + db)),
        },
        clock(flux),
        Exposure(p["pot"], "POT").seconds(source),
        {"lar2020_flux": p["flux_uncertainty"], "lar2020_mass": p["mass_uncertainty"]},
        {"lar2020_cevns_f90": f90_shift},
        layout,
        clock,
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
