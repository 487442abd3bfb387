"""O(α) QED corrections to the muon-decay-at-rest neutrino spectra (cevns.sources.spectra)."""

import dataclasses

import numpy as np
import pytest
from scipy.integrate import quad

from cevns.sources.facilities import facility
from cevns.sources.spectra import michel_nue, michel_numubar, muon_decay_correction
from cevns.xsec import flux_average, material_cross_section

ALPHA = 1 / 137.035999084
TREE = {"nue": lambda x: 12 * x * x * (1 - x), "numubar": lambda x: 2 * x * x * (3 - 2 * x)}


@pytest.mark.parametrize("flavor", ["nue", "numubar"])
def test_spectrum_correction_integrates_to_the_muon_lifetime_correction(flavor):
    # (alpha/2pi)(25/4 - pi^2): Behrends, Finkelstein, Sirlin 1956; Kinoshita, Sirlin 1959
    total, _ = quad(
        lambda x: TREE[flavor](x) * muon_decay_correction(x, flavor),
        0, 1, limit=200, points=[0.9, 0.99, 0.999],
    )  # fmt: skip
    assert total == pytest.approx(ALPHA / (2 * np.pi) * (25 / 4 - np.pi**2), rel=1e-9)


def test_correction_is_three_to_four_per_mille_around_the_peak():
    # Tomalak (arXiv:2112.12395, abstract): 3-4 permille around the peak region
    x = np.linspace(0.55, 0.8, 11)
    for flavor in ("nue", "numubar"):
        delta = muon_decay_correction(x, flavor)
        assert np.all((delta < -3e-3) & (delta > -4.6e-3)), (flavor, delta)
    # near the endpoint the Sudakov logarithm takes over (-(alpha/2pi) ln^2(1-x))
    assert muon_decay_correction(0.999, "numubar") < -0.02


@pytest.mark.parametrize("make", [michel_nue, michel_numubar])
def test_corrected_spectra_stay_normalised_per_decay(make):
    spectrum = make(radiative=True)
    E, w = spectrum.nodes()
    assert np.sum(w) == pytest.approx(1.0, abs=1e-9)
    assert spectrum.moments(0.0)[0] == pytest.approx(1.0, abs=1e-9)
    # second method: the tabulated moments against the nodes, above several thresholds, to
    # 1e-8 of the whole spectrum's moments (the last MeV below the endpoint holds ~1e-3)
    scale = spectrum.moments(0.0)
    for e_min in (3.0, 20.0, 45.0, 52.0, 52.8):
        E, w = spectrum.nodes(lo=e_min)
        by_nodes = [np.sum(w * E**-k) for k in range(3)]
        np.testing.assert_allclose(spectrum.moments(e_min) / scale, by_nodes / scale, atol=1e-8)
    # the shape moves by per mille: mean energy down by about 2e-4 relative
    shift = spectrum.mean_energy() / make().mean_energy() - 1
    assert -4e-4 < shift < -1e-4


def test_effect_on_flux_averaged_cross_section_is_a_few_tenths_per_mille():
    source = facility("SNS")
    xs = material_cross_section("40Ar")
    ratio = {}
    flux_tree = source.flux(20.0)
    flux_rad = dataclasses.replace(source, radiative=True).flux(20.0)
    for tree, rad in zip(flux_tree.components, flux_rad.components, strict=True):
        ratio[tree.flavor] = flux_average(xs, rad.spectrum, rad.flavor) / flux_average(
            xs, tree.spectrum, tree.flavor
        )
    assert ratio["numu"] == 1.0  # the prompt line is untouched
    assert -5e-4 < ratio["nue"] - 1 < -2e-4
    assert -5e-4 < ratio["numubar"] - 1 < -2e-4
    assert flux_rad.components[1].rate == flux_tree.components[1].rate
