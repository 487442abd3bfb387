"""COHERENT CsI[Na] full data set (arXiv:2110.07730).

Numbers marked "assumption" have no published source we could read; they are stated in the
README's list of analysis choices.
"""

from __future__ import annotations

import numpy as np

from ...constants import PION_LIFETIME_NS
from ...detectors import (
    Detector,
    Experiment,
    LogisticEfficiency,
    PhotoelectronResolution,
    PolynomialQuenching,
)
from ...rates.engine import RateCalculator
from ...rates.exposure import Exposure
from ...sources.facilities import facility
from ...sources.pidar import PionDecayAtRest
from ..likelihood import Template
from ..releases import Release
from .analysis import Analysis, SignalModel, _project_separable

__all__ = ["CSI_2021", "csi_2021"]


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
        mesons_per_pot=facility("SNS").mesons_per_pot,
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

    def times(flux, off):
        # arrival fractions weighted by the time efficiency (μs on the data clock)
        def time_eff(t_ns):
            t = (np.asarray(t_ns) + off) * 1e-3
            return np.where(t < t0, 1.0, np.exp(-slope * (t - t0)))

        return flux.arrival_fractions(t_edges * 1e3 - off, efficiency=time_eff)

    def clock(flux):
        return {
            "nominal": times(flux, offset),
            "csi2021_timing": (times(flux, offset - dt), times(flux, offset + dt)),
        }

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
        clock(flux),
        Exposure(p["pot"], "POT").seconds(source),
        {"csi2021_flux": p["flux_uncertainty"]},
        clock=clock,
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
