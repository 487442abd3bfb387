"""COHERENT CsI[Na] first observation (arXiv:1708.01294; data release arXiv:1804.09459).

Numbers marked "assumption" have no published source we could read; they are stated in the
README's list of analysis choices.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ...constants import PION_LIFETIME_NS
from ...detectors import (
    PolynomialQuenching,
    experiment,
)
from ...rates.engine import RateCalculator
from ...rates.exposure import Exposure
from ..likelihood import Template
from ..releases import Release
from .analysis import Analysis, SignalModel, _project_separable

__all__ = ["CSI_2017", "csi_2017", "release_clock_offset_ns"]


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
