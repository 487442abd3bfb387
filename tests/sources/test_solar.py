"""Solar neutrinos: spectra against the allowed β shape, the fluxes of the solar model, the MSW
survival limits and measurements, and the 8B CEvNS rate in xenon against XENONnT's."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from cevns import RateCalculator
from cevns.detectors import experiment
from cevns.errors import CevnsInputError
from cevns.sources.solar import (
    SOLAR_MODELS,
    SolarNeutrinos,
    solar_spectrum,
    survival_probability,
)
from cevns.sources.spectra import MixtureSpectrum


@pytest.mark.parametrize(
    "branch, q", [("pp", 0.42341), ("13N", 1.199), ("15O", 1.732), ("17F", 1.740), ("hep", 18.784)]
)
def test_spectra_against_the_allowed_beta_shape(branch, q):
    """Second method: the allowed β⁺ shape E² W sqrt(W² - m²), W = Q - E + m_e. Its mean
    agrees within 1.5 % (the tables include the positron's Coulomb factor, which it lacks);
    the endpoints are the tables' last points."""
    me = 0.51099895
    E = np.linspace(0.0, q, 20001)
    W = q - E + me
    f = E**2 * W * np.sqrt(np.maximum(W**2 - me**2, 0.0))
    mean = np.trapezoid(E * f, E) / np.trapezoid(f, E)
    spectrum = solar_spectrum(branch)
    assert spectrum.mean_energy() == pytest.approx(mean, rel=0.015)
    assert spectrum.max_energy == pytest.approx(q, rel=1e-3)


def test_fluxes_and_flavor_split():
    sun = SolarNeutrinos("B16-GS98")
    flux = sun.flux()
    assert flux.total_rate() == pytest.approx(sum(SOLAR_MODELS["B16-GS98"].values()), rel=1e-9)
    # lines keep their weights: 7Be (0.8613 MeV, 89.7 %) splits into ν_e and ν_μ by P_ee
    lines = dict(flux.lines("nue"))
    p = float(survival_probability(0.8613, "7Be"))
    assert lines[0.8613] == pytest.approx(0.897 * 4.93e9 * p, rel=1e-9)
    nue = flux.component("nue").spectrum
    assert isinstance(nue, MixtureSpectrum)
    # the mixture's exact moments against a fine trapezoid of its continuum plus its lines
    for e_min in (0.1, 1.0, 5.0):
        grid = np.linspace(e_min, 20.0, 400001)
        cont = np.trapezoid(nue.pdf(grid) / grid, grid)
        lines_part = sum(w / e for e, w in nue.line_weights if e >= e_min)
        assert nue.moments(np.array(e_min))[1] == pytest.approx(cont + lines_part, rel=1e-3)
    # the Sun is 1 au away; elsewhere 1/L²
    assert sun.flux(2 * 1.495978707e11).total_rate() == pytest.approx(flux.total_rate() / 4)
    with pytest.raises(CevnsInputError, match="solar model"):
        SolarNeutrinos("SSM-1850")


def test_survival_probability_limits_and_borexino():
    s12, s13 = 0.303, 0.02225
    c13 = 1 - s13
    vacuum = c13**2 * (1 - 0.5 * 4 * s12 * (1 - s12)) + s13**2
    assert float(survival_probability(1e-4, "pp")) == pytest.approx(vacuum, rel=1e-5)
    assert float(survival_probability(1e4, "8B")) == pytest.approx(c13**2 * s12 + s13**2, rel=1e-3)
    # Borexino, Nature 562, 505 (2018): P_ee(7Be) = 0.53(5), P_ee(8B, 8-16 MeV) = 0.37(8)
    assert abs(float(survival_probability(0.8613, "7Be")) - 0.53) < 0.05
    assert abs(float(survival_probability(10.0, "8B")) - 0.37) < 0.08


def test_xenon_8b_rate_against_xenonnt():
    """XENONnT's public 8B CEvNS spectrum (XENONnT/light_wimp_data_release, signal
    cevns_spectrum.json, for arXiv:2408.02877), normalised to the SNO flux 5.25e6 cm⁻²s⁻¹
    (its stated 3.81 % uncertainty): 335.6 events per tonne-year above 0.45 keVnr, 91.6 above
    1 keVnr (read from its cumulative distribution). We agree within 10 % with the B16
    8B shape scaled to the same flux."""
    exp = experiment("SOLAR-Xe-1t")
    e = replace(
        exp,
        source=SolarNeutrinos(branches=("8B",)),
        detector=replace(exp.detector, threshold_keV=0.0),
    )
    counts = RateCalculator.for_experiment(e).binned(np.array([0.45, 1.0, 20.0]), "year").total
    scale = 5.25 / 5.46
    assert counts.sum() * scale == pytest.approx(335.6, rel=0.10)
    assert counts[1] * scale == pytest.approx(91.6, rel=0.10)
