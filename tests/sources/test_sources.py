"""Decay-at-rest spectra, normalisation, timing and tabulated fluxes."""

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.stats import exponnorm

import cevns
from cevns.constants import MEV_TO_J, MUON_LIFETIME_NS, MUON_MASS, PION_LIFETIME_NS
from cevns.errors import DataFileError
from cevns.sources import (
    DecayAtRestTiming,
    GaussianPulse,
    TriangularPulse,
    facility,
    michel_nue,
    michel_numubar,
    tabulated_flux,
)
from cevns.sources.darksector import BoxSpectrum
from cevns.sources.spectra import TabulatedSpectrum
from cevns.sources.timing import exponential_convolution


@pytest.mark.parametrize("spectrum, mean", [(michel_nue(), 0.30), (michel_numubar(), 0.35)])
def test_michel_normalisation_and_mean(spectrum, mean):
    # Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840 Eqs. 5-6: unit integral on [0,
    # m_mu/2]; <E> = 0.30 m_mu and 0.35 m_mu
    assert quad(spectrum.pdf, 0, MUON_MASS / 2)[0] == pytest.approx(1.0, rel=1e-12)
    assert spectrum.mean_energy() == pytest.approx(mean * MUON_MASS, rel=1e-12)


@pytest.mark.parametrize("spectrum", [michel_nue(), michel_numubar()])
def test_moments_against_quad(spectrum):
    for e_min in (0.0, 3.0, 20.0, 50.0, 60.0):
        got = spectrum.moments(np.array(e_min))
        lo = max(e_min, 1e-9)
        for k in range(3):
            ref = quad(lambda E: spectrum.pdf(E) / E**k, min(lo, 52.83), MUON_MASS / 2)[0]
            assert got[k] == pytest.approx(ref, rel=1e-10, abs=1e-14)


def test_flux_normalisation():
    # Phi = r P / (E_p 4 pi L^2) per flavor: 0.09 x 1.4 MW / 1 GeV at 20 m
    src = facility("SNS")
    expected = 0.09 * 1.4e6 / (1e3 * MEV_TO_J) / (4 * np.pi * 2000.0**2)
    flux = src.flux(20.0)
    for comp in flux.components:
        assert comp.rate == pytest.approx(expected, rel=1e-12)
    # COHERENT's 2017 inputs: 4.3e7 nu/cm^2/s of all flavors at 20 m (arXiv:1708.01294)
    assert facility("SNS-2017").flux(20.0).total_rate() == pytest.approx(4.3e7, rel=0.05)
    assert flux.lines("numu")[0][0] == pytest.approx(29.79, abs=0.005)


def test_protons_per_GWh():
    # CENNS-10: 6.12 GWh = 13.8e22 POT at ~1 GeV (COHERENT data release)
    assert facility("SNS").protons_per_GWh() * 6.12 == pytest.approx(13.8e22, rel=0.01)


def _emg(t, sigma, tau):
    # exponentially modified Gaussian: pdf of Gaussian(0, sigma) + Exponential(tau)
    return exponnorm.pdf(t, tau / sigma, scale=sigma)


def test_gaussian_pulse_timing_is_exponentially_modified_gaussian():
    pulse = GaussianPulse(353.2)
    timing = DecayAtRestTiming(pulse, step_ns=0.5)
    t = np.linspace(-800, 8000, 300)
    prompt = _emg(t, pulse.sigma_ns, PION_LIFETIME_NS)
    np.testing.assert_allclose(timing.pdf("prompt", t), prompt, atol=2e-6 * prompt.max())
    tp, tm = PION_LIFETIME_NS, MUON_LIFETIME_NS
    delayed = (tm * _emg(t, pulse.sigma_ns, tm) - tp * _emg(t, pulse.sigma_ns, tp)) / (tm - tp)
    np.testing.assert_allclose(timing.pdf("delayed", t), delayed, atol=2e-6 * delayed.max())


def test_delayed_fraction_after_one_microsecond():
    # short pulse: the delayed share after t is ~ exp(-t/tau_mu) (Pandey, Prog. Part. Nucl. Phys.
    # 2024, arXiv:2309.07840, Fig. 2)
    timing = DecayAtRestTiming(TriangularPulse(10.0))
    assert timing.fraction("delayed", 1000.0, 1e6) == pytest.approx(
        (
            MUON_LIFETIME_NS * np.exp(-1000 / MUON_LIFETIME_NS)
            - PION_LIFETIME_NS * np.exp(-1000 / PION_LIFETIME_NS)
        )
        / (MUON_LIFETIME_NS - PION_LIFETIME_NS),
        rel=1e-3,
    )
    assert timing.fraction("prompt", 1000.0, 1e6) < 1e-12


def test_exponential_convolution_of_a_ramp_is_exact():
    h, tau = 2.0, 26.0
    t = np.arange(0, 200, h)
    f = t.copy()  # f(s) = s
    y = exponential_convolution(f, h, tau)
    exact = t - tau * (1 - np.exp(-t / tau))
    np.testing.assert_allclose(y, exact, atol=1e-10)


def test_tabulated_flux_matches_analytic(tmp_path):
    E = np.linspace(0, MUON_MASS / 2, 2001)
    table = np.column_stack([E, 1e7 * michel_nue().pdf(E), 1e7 * michel_numubar().pdf(E)])
    path = tmp_path / "flux.csv"
    np.savetxt(path, table, delimiter=",", header="energy_MeV,nue,numubar", comments="")
    flux = tabulated_flux(path, reference_distance_m=20.0, distance_m=40.0)
    comp = flux.component("nue")
    assert comp.rate == pytest.approx(0.25e7, rel=1e-5)
    for e_min in (5.0, 30.0):
        np.testing.assert_allclose(
            comp.spectrum.moments(e_min), michel_nue().moments(e_min), rtol=2e-5
        )
    avg = cevns.flux_averaged_cross_section("Ar", flux, flavors=["nue"])
    exact = cevns.flux_averaged_cross_section("Ar", facility("SNS").flux(20), flavors=["nue"])
    assert avg["nue"] == pytest.approx(exact["nue"], rel=1e-5)


def test_bad_flux_table_messages(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("energy,nue\n1,2\n")
    with pytest.raises(DataFileError, match="bad.csv, line 1: the header"):
        tabulated_flux(bad, 20.0)
    bad.write_text("# a comment\nenergy_MeV,nue\n1,2\n3,x\n")
    with pytest.raises(DataFileError, match="bad.csv, line 4: not numbers"):
        tabulated_flux(bad, 20.0)
    bad.write_text("energy_MeV,nu_e\n1,2\n")
    with pytest.raises(DataFileError, match="unknown flavor"):
        tabulated_flux(bad, 20.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty flux table"),
        ("energy_MeV,nue\n", "at least two data rows, found 0"),
        ("energy_MeV,nue\n1,2\n", "at least two data rows, found 1"),
        ("energy_MeV,nue,nue\n1,2,3\n2,2,3\n", r"line 1: flavor column\(s\) \['nue'\] appear"),
        ("energy_MeV,nue\n1,2\n1,3\n", "energies must increase"),
        ("energy_MeV,nue\n-1,2\n1,3\n", "line 2: energies and fluxes must be >= 0"),
        ("energy_MeV,nue,numu\n1,2,1\n2,3,-1\n", "line 3: energies and fluxes must be >= 0"),
        ("energy_MeV,nue\n1,2\n2,nan\n", "line 3: not finite"),
        ("energy_MeV,nue\n1,2\n2\n", "line 3: 1 columns; the header has 2"),
        ("energy_MeV,nue,numu\n1,0,0\n2,0,0\n", "every flux column is zero"),
    ],
)
def test_flux_table_content_is_checked(tmp_path, text, message):
    path = tmp_path / "table.csv"
    path.write_text(text)
    with pytest.raises(DataFileError, match=message) as info:
        tabulated_flux(path, 20.0)
    assert info.value.path == path


def test_flux_table_binary_and_bom(tmp_path):
    path = tmp_path / "table.csv"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(DataFileError, match="table.csv: not a UTF-8 text file"):
        tabulated_flux(path, 20.0)
    path.write_bytes("\ufeffenergy_MeV,nue\n1,2\n2,3\n".encode())
    assert tabulated_flux(path, 20.0).components[0].flavor == "nue"


@pytest.mark.parametrize("name", cevns.facilities())
def test_every_facility_preset_builds(name):
    src = facility(name)
    assert src.references
    flux = src.flux(20.0)
    assert flux.total_rate() > 0
    assert src.timing.fraction("prompt", -1e7, 1e8) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("decay", [np.exp(-0.5 / 26.033), np.exp(-0.5 / 2196.98), 0.004, 1e-20])
def test_decay_recursion_against_lfilter(decay):
    """The numpy first-order recursion y_i = d y_(i-1) + s_i against scipy.signal.lfilter,
    over long grids (136,620 points: the SNS arrival-time grid) and steep decays."""
    from scipy.signal import lfilter

    from cevns.sources.timing import decay_recursion

    s = np.random.default_rng(3).random(136_620)
    ours = decay_recursion(s, decay)
    np.testing.assert_allclose(ours, lfilter([1.0], [1.0, -decay], s), rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize(
    "spectrum",
    [
        michel_numubar(),
        michel_nue(radiative=True),
        TabulatedSpectrum((5.0, 10.0, 30.0, 40.0), (0.0, 2.0, 1.0, 0.5)),
        BoxSpectrum(12.0, 37.0),
    ],
)
def test_nodes_above_many_limits_give_the_exact_moments(spectrum):
    # one row per lower limit: Σ w E^-k equals the closed-form moment above that limit, and
    # every row equals the scalar-limit nodes (rows below, inside and above the spectrum);
    # 1e-8: the O(α) Michel spectrum's logarithmic endpoint is not a polynomial
    lo = np.array([0.5, 7.0, 12.0, 20.0, 33.0, 52.0, 80.0])
    E, w = spectrum.nodes(lo=lo)
    assert E.shape == w.shape and E.shape[0] == lo.size
    exact = spectrum.moments(lo)
    for k in range(3):
        assert np.sum(w / E**k, axis=1) == pytest.approx(exact[k], rel=1e-8, abs=1e-14)
    for i, limit in enumerate(lo):
        e1, w1 = spectrum.nodes(lo=float(limit))
        assert np.sum(w[i] * E[i] ** 2) == pytest.approx(np.sum(w1 * e1**2), rel=1e-12, abs=0)
