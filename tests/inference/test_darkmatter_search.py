"""Dark-matter searches: the exact at-rest χ flux, the χ template on a data set's detector and
clock, and the raster limit with CEvNS as a profiled background."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scipy.integrate import quad

from cevns.constants import NEUTRAL_PION_GAMMA_GAMMA, NEUTRAL_PION_MASS
from cevns.darksector import DarkSector
from cevns.errors import CevnsInputError
from cevns.inference.darkmatter import DarkMatterSearch
from cevns.inference.datasets import load_analysis
from cevns.inference.likelihood import BinnedPoissonLikelihood
from cevns.sources.darksector import (
    BoxSpectrum,
    MesonSample,
    StepSpectrum,
    dm_flux_at_rest,
    dm_flux_monte_carlo,
    invisible_fraction,
)

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def csi():
    return load_analysis("coherent-csi-2021", DATA)


@pytest.fixture(scope="module")
def search(csi):
    return DarkMatterSearch(csi)  # the SNS preset's 0.105 π0 per POT


def test_step_spectrum_moments_and_mixture():
    boxes = [BoxSpectrum(10.0, 30.0), BoxSpectrum(20.0, 70.0)]
    mix = StepSpectrum.of_boxes(boxes, [3.0, 1.0])
    assert quad(mix.pdf, 0, 100, points=mix.edges)[0] == pytest.approx(1.0, rel=1e-12)
    # the mixture is 3/4 of the first box and 1/4 of the second, point by point
    E = np.linspace(5.3, 75.3, 141)  # off the edges, where the pdf steps
    np.testing.assert_allclose(mix.pdf(E), 0.75 * boxes[0].pdf(E) + 0.25 * boxes[1].pdf(E))
    for e_min in (0.0, 15.0, 25.0, 50.0, 80.0):
        got = mix.moments(np.array(e_min))
        for k in range(3):
            ref = quad(lambda x: mix.pdf(x) / x**k, e_min, 100, points=mix.edges, limit=200)[0]
            assert got[k] == pytest.approx(ref, rel=1e-9, abs=1e-15)


def test_at_rest_flux_is_the_isotropic_formula():
    dark = DarkSector(30.0, 10.0, 1e-4, 0.5)
    flux = dm_flux_at_rest({"pi0": 0.1}, dark, 20.0, 1e16)
    ratio = 30.0**2 / NEUTRAL_PION_MASS**2
    per_pot = 2 * 0.1 * 2e-8 * (1 - ratio) ** 3 * NEUTRAL_PION_GAMMA_GAMMA  # 2 χ per decay
    assert flux.component("chi").rate == pytest.approx(
        per_pot * invisible_fraction(dark) * 1e16 / (4 * np.pi * 2000.0**2), rel=1e-12
    )
    # the A' energy (m_π² + m_V²)/2m_π sets the box (exact kinematics)
    E_v = (NEUTRAL_PION_MASS**2 + 900.0) / (2 * NEUTRAL_PION_MASS)
    gamma, p_v = E_v / 30.0, np.sqrt(E_v**2 - 900.0)
    spread = p_v / 30.0 * np.sqrt(225.0 - 100.0)
    box = flux.component("chi").spectrum
    assert (box.lo, box.hi) == pytest.approx((gamma * 15 - spread, gamma * 15 + spread))


def test_at_rest_flux_agrees_with_the_monte_carlo():
    # second method: the Monte Carlo's mean density over a 10 degree cone at rest
    dark = DarkSector(60.0, 20.0, 1e-4, 0.5)
    exact = dm_flux_at_rest({"pi0": 0.2}, dark, 19.3, 1e16).component("chi").rate
    sample = dm_flux_monte_carlo(
        MesonSample.at_rest("pi0", 0.2), dark, 19.3, 19.3 * np.tan(np.radians(10)), 90.0, 100_000
    )
    assert sample.flux(1e16).component("chi").rate == pytest.approx(exact, rel=0.01)


def test_at_rest_flux_refuses_what_cannot_decay():
    with pytest.raises(CevnsInputError, match="no meson"):
        dm_flux_at_rest({"pi0": 0.1}, DarkSector(150.0, 10.0), 20.0, 1e16)
    with pytest.raises(CevnsInputError, match="unknown meson"):
        dm_flux_at_rest({"kaon": 0.1}, DarkSector(30.0, 10.0), 20.0, 1e16)


def test_from_yield_round_trip():
    dark = DarkSector.from_yield(12.0, 3e-11, 3.0, 0.5)
    assert dark.yield_variable == pytest.approx(3e-11, rel=1e-12)
    assert dark.mediator_mass_MeV == pytest.approx(36.0)
    offshell = DarkSector.from_yield(12.0, 3e-11, 1.5)  # m_V < 2 m_χ: off shell
    assert offshell.yield_variable == pytest.approx(3e-11, rel=1e-12)


def test_signal_equals_a_template_built_from_scratch(search, csi):
    """The search's template (one per mass at a reference mixing, scaled as ε⁴, on recoil
    nodes shared by all masses) equals one built directly at that ε with its own nodes, to
    the quadrature's 2e-5 of the total per bin."""
    for m, y in ((3.0, 5e-11), (12.0, 2e-10), (35.0, 1e-9)):
        scaled = search.signal_template(m, y)
        dark = search.dark_sector(m, y)
        source = csi.signal.calculator.source
        flux = dm_flux_at_rest({"pi0": 0.105}, dark, 19.3, source.protons_per_second, source.timing)
        direct = csi.signal.for_flux(flux, "darkmatter", dark, {"dm_meson_yield": 0.1}).template()
        total = direct.nominal.sum()
        assert np.abs(scaled.nominal - direct.nominal).max() < 2e-5 * total
        for name, shift in direct.shifts.items():
            assert np.abs(scaled.shifts[name] - shift).max() < 2e-5 * total


def test_signal_is_prompt(search):
    counts = search.signal_template(10.0, 1e-10).nominal
    times = np.asarray([0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0, 2.0, 4.0, 6.0])
    share = counts.sum(axis=0) / counts.sum()
    # χ arrive with the proton pulse (~360 ns wide) on the data's clock: all before 2 μs
    assert share[times[1:] > 2.0].sum() < 1e-6
    assert search.expected_events(50.0, 1e-10) == 0.0  # m_V = 150 MeV: no π0 can make it


def test_raster_limit_has_the_wilks_level(csi):
    """On the Asimov background (CEvNS + backgrounds, no χ), the χ² at the limit, found
    by iminuit with every nuisance free, is 2.71 above the background-only fit."""
    asimov = replace(csi, observed=csi.sm_template().nominal + csi.background.nominal)
    search = DarkMatterSearch(asimov, {"pi0": 0.1})
    masses = np.array([5.0, 20.0])
    limit = search.scan(masses, np.geomspace(1e-12, 1e-8, 80), progress=False)
    lk = BinnedPoissonLikelihood(
        asimov.observed, search._likelihood.background, search._likelihood.nuisances
    )
    null = lk.profile(search.signal_template(5.0, 1e-30)).chi2
    for m, y in zip(masses, limit.limit, strict=True):
        assert lk.profile(search.signal_template(m, y)).chi2 - null == pytest.approx(2.71, abs=0.03)
    assert limit.limit[1] > limit.limit[0]  # heavier χ: fewer π0 decays, higher limit
    assert limit.null_chi2 == pytest.approx(0.0, abs=1e-6)


def test_scan_refuses_a_bad_point(search):
    with pytest.raises(CevnsInputError, match="dm_mass and Y"):
        search.check_point({"dm_mass": 10.0, "epsilon": 1e-4})
    with pytest.raises(CevnsInputError, match="increasing"):
        search.scan([10.0], [1e-10], progress=False)


# --- the thermal-relic target -----------------------------------------------------------


def test_plasma_degrees_of_freedom_limits():
    from cevns.relic import plasma_degrees_of_freedom

    # Kolb & Turner (1990) Sec. 3.4: photons, e± and three neutrinos at 1-10 MeV (10.75);
    # after e± annihilation g = 2 + 5.25 (4/11)^(4/3) = 3.363, h = 2 + 5.25 (4/11) = 3.909.
    # Decoupling at 2 MeV, where the e± are not quite massless, lifts both by 0.25 %.
    g, h = plasma_degrees_of_freedom([5.0, 1e-3])
    assert g[0] == pytest.approx(10.75, rel=2e-3) and h[0] == pytest.approx(10.75, rel=2e-3)
    assert g[1] == pytest.approx(2 + 5.25 * (4 / 11) ** (4 / 3), rel=5e-3)
    assert h[1] == pytest.approx(2 + 5.25 * 4 / 11, rel=5e-3)


def test_thermal_average_has_the_p_wave_limit():
    from cevns.constants import FINE_STRUCTURE
    from cevns.relic import thermal_cross_section

    # σ v_rel -> (8π/3) α α_D ε² m² v² / [(4m² - m_V²)² + m_V² Γ_V²] and <v²> = 6/x
    # (Maxwell-Boltzmann): <σv> -> 6 b / x, with relativistic corrections O(1/x)
    dark = DarkSector.from_yield(10.0, 1e-10)
    width = dark.alpha_dark * 30.0 / 12 * (1 - 4 / 9) ** 1.5
    coupling = 8 * np.pi / 3 * FINE_STRUCTURE * dark.alpha_dark * dark.epsilon**2
    b = coupling * 100.0 / ((400 - 900) ** 2 + (30 * width) ** 2)
    x = np.array([500.0, 5000.0])
    ratio = thermal_cross_section(x, dark) / (6 * b / x)
    assert abs(ratio[1] - 1) < 2e-3
    assert ratio[0] - 1 == pytest.approx(10 * (ratio[1] - 1), rel=0.05)


def test_freeze_out_agrees_with_a_stiff_ode_solver():
    """Second method: the same equation by scipy's Radau."""
    from scipy.integrate import solve_ivp
    from scipy.special import kve

    from cevns.constants import CRITICAL_DENSITY_MEV_CM3, ENTROPY_DENSITY_TODAY_CM3, PLANCK_MASS_MEV
    from cevns.relic import (
        _g_star_half,
        plasma_degrees_of_freedom,
        relic_density,
        thermal_cross_section,
    )

    dark = DarkSector.from_yield(20.0, 6e-11)
    m = 20.0

    def y_eq(x):
        return (
            45
            * x
            * x
            * kve(2, x)
            * np.exp(-x)
            / (4 * np.pi**4 * plasma_degrees_of_freedom(m / x)[1])
        )

    def rhs(x, w):
        k = (
            np.sqrt(np.pi / 45)
            * PLANCK_MASS_MEV
            * m
            * _g_star_half(m / x)
            * thermal_cross_section(x, dark)[0]
            / x**2
        )
        y = np.exp(w[0])
        return [-k * (y - y_eq(x) ** 2 / y)]

    sol = solve_ivp(rhs, (1.0, 1e4), [np.log(y_eq(1.0))], method="Radau", rtol=1e-8, atol=1e-10)
    radau = 2 * m * np.exp(sol.y[0, -1]) * ENTROPY_DENSITY_TODAY_CM3 / CRITICAL_DENSITY_MEV_CM3
    assert relic_density(dark) == pytest.approx(radau, rel=1e-3)


def test_relic_yield_against_the_kolb_turner_estimate():
    """Kolb & Turner (1990) Eqs. 5.43-5.45 for <σv> = σ0/x (n = 1): x_f from the
    iteration, Ω h² = 1.07e9 GeV⁻¹ 2 x_f² / (sqrt(g*) M_Pl σ0) per species; the
    approximation and the solution agree to its accuracy (~10 %)."""
    from cevns.constants import FINE_STRUCTURE
    from cevns.relic import relic_yield

    # m_V = 10 m_χ: far from the resonance, whose tail lifts <σv> above the p-wave form at
    # freeze-out for m_V = 3 m_χ (by 34 % at x = 20)
    m = 10.0
    y = relic_yield(m, mass_ratio=10.0)
    dark = DarkSector.from_yield(m, y, 10.0)
    coupling = 8 * np.pi / 3 * FINE_STRUCTURE * dark.alpha_dark * dark.epsilon**2
    b = coupling * m * m / (4 * m * m - 100 * m * m) ** 2
    sigma0 = 6 * b * 1e6  # GeV⁻²
    g_star, m_pl, mass = 10.7, 1.22089e19, m * 1e-3
    c = 0.038 * 2 * m_pl * mass * sigma0 / np.sqrt(g_star)  # g = 1
    x_f = np.log(c) - 1.5 * np.log(np.log(c))
    omega = 2 * 1.07e9 * 2 * x_f**2 / (np.sqrt(g_star) * m_pl * sigma0)  # χ and χ*
    assert omega == pytest.approx(0.120, rel=0.15)


def test_relic_refuses_what_it_does_not_cover():
    from cevns.relic import relic_density

    with pytest.raises(CevnsInputError, match="complex-scalar"):
        relic_density(DarkSector(30.0, 10.0, dm_spin="fermion"))
    with pytest.raises(CevnsInputError, match="threshold"):
        relic_density(DarkSector(600.0, 200.0))
    with pytest.raises(CevnsInputError, match="leptophobic"):
        relic_density(DarkSector.baryonic(30.0, 10.0, 1e-8))


def test_limit_command(capsys, tmp_path):
    import json

    from cevns.cli.main import main

    args = ["darkmatter", "coherent-csi-2021", "--limit", "--data-dir", str(DATA),
            "--masses", "5:40:4", "--yields", "1e-12:1e-8:30"]  # fmt: skip
    plot, table = tmp_path / "limit.png", tmp_path / "limit.csv"
    assert main([*args, "--json", "--plot", str(plot), "--csv", str(table)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["yield_limit"]) == 4 and all(y > 0 for y in data["yield_limit"])
    # the ε limit is the Y limit at m_V = 3 m_χ, α_D = 0.5: ε² = Y 3⁴ / 0.5
    eps = np.sqrt(np.array(data["yield_limit"]) * 81 / 0.5)
    np.testing.assert_allclose(data["epsilon_limit"], eps, rtol=1e-12)
    assert data["mesons_per_pot"] == {"pi0": 0.105}
    assert 0 < data["alpha_dark_excluding_relic"]["alpha_dark"] < 4 * np.pi
    assert plot.stat().st_size > 0 and table.read_text().count("\n") == 6
    assert main([*args, "--pi0-at-rest", "0.21"]) == 0
    assert "{'pi0': 0.21}" in capsys.readouterr().out
    # a leptophobic vector: α_B = α ε² limits and no (leptonic) relic line
    assert main([*args, "--mediator", "baryonic", "--mass-ratio", "2.1", "--json"]) == 0
    baryonic = json.loads(capsys.readouterr().out)
    alpha_b = np.array(baryonic["alpha_baryon_limit"])
    y = np.array(baryonic["yield_limit"])
    np.testing.assert_allclose(alpha_b, y * 2.1**4 / 0.5 / 137.035999084, rtol=1e-9)
    assert "relic_yield" not in baryonic
    assert main(["darkmatter", "COHERENT-Ge", "--limit"]) == 2
    assert "Asimov" in capsys.readouterr().err
    assert main([*args[:5], "--masses", "40:5:3"]) == 2
    assert "0 < LO < HI" in capsys.readouterr().err
    assert main(["darkmatter", "COHERENT-CsI"]) == 2
    assert "--mediator-mass" in capsys.readouterr().err


def test_dask_scan_of_a_search_is_identical(search):
    distributed = pytest.importorskip("distributed")
    masses, yields = np.array([4.0, 15.0, 30.0]), np.geomspace(1e-12, 1e-9, 5)
    local = search.scan(masses, yields, progress=False)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = search.scan(masses, yields, scheduler=client, progress=False)
    np.testing.assert_array_equal(local.chi2, remote.chi2)
    np.testing.assert_array_equal(local.limit, remote.limit)


def test_limit_lies_above_an_excess(csi):
    """Data with a χ excess: χ² is lowest at Y > 0 and Y -> 0 is disfavoured, yet the upper
    limit is the crossing above the best fit (not the grid's lowest Y)."""
    truth = DarkMatterSearch(csi).signal_template(10.0, 1.2e-10).nominal
    excess = replace(csi, observed=csi.sm_template().nominal + csi.background.nominal + truth)
    search = DarkMatterSearch(excess)
    limit = search.scan([10.0], np.geomspace(1e-12, 1e-8, 60), progress=False)
    assert limit.null_chi2 - limit.best_chi2[0] > 2.71  # the excess is significant
    assert limit.limit[0] > 1.2e-10
    # the χ² rises by 2.71 there (iminuit, all nuisances free)
    lk = search._likelihood
    at_limit = lk.profile(search.signal_template(10.0, limit.limit[0])).chi2
    assert at_limit - limit.best_chi2[0] == pytest.approx(2.71, abs=0.03)
