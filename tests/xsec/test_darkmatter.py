"""Dark-sector production and χ-nucleus scattering (cevns.darksector, cevns.sources.darksector,
cevns.xsec.darkmatter) against limits, exact kinematics and second methods."""

import numpy as np
import pytest
from scipy.integrate import quad

from cevns import PhysicsModel
from cevns.darksector import DarkSector
from cevns.errors import CevnsInputError
from cevns.sources.darksector import (
    BoxSpectrum,
    dm_energy_box,
    invisible_fraction,
    mediator_energy_at_rest,
    mediator_widths,
    meson_branching,
)
from cevns.xsec import coherent_cross_section
from cevns.xsec.darkmatter import dark_matter_cross_section, dm_max_recoil_energy

ALPHA = 1 / 137.035999084
M_PI0 = 134.9768  # PDG 2024
BR_GG = 0.98823


def test_yield_variable_and_bad_input():
    d = DarkSector(30.0, 10.0, 1e-3, 0.5)
    assert d.yield_variable == pytest.approx(1e-6 * 0.5 / 81)
    for kwargs in ({"epsilon": -1}, {"epsilon": 2.0}, {"dm_spin": "vector"}, {"alpha_dark": 50}):
        with pytest.raises(CevnsInputError):
            DarkSector(30.0, 10.0, **kwargs)


def test_meson_branching_limits():
    eps = 1e-3
    light = DarkSector(1e-3, 1e-4, eps)
    # m_V -> 0: twice the two-photon rate times eps^2
    assert meson_branching("pi0", light) == pytest.approx(2 * eps**2 * BR_GG, rel=1e-9)
    # the cube of the photon momentum: (1 - m^2/m_pi^2)^3
    for m_v in (20.0, 60.0, 120.0):
        ratio = meson_branching("pi0", DarkSector(m_v, 1.0, eps)) / meson_branching("pi0", light)
        assert ratio == pytest.approx((1 - m_v**2 / M_PI0**2) ** 3, rel=1e-6)
    assert meson_branching("pi0", DarkSector(140.0, 1.0, eps)) == 0.0
    assert meson_branching("eta", DarkSector(140.0, 1.0, eps)) > 0.0
    with pytest.raises(CevnsInputError, match="unknown meson"):
        meson_branching("kaon", light)


@pytest.mark.parametrize("spin, factor, power", [("scalar", 1 / 12, 1.5), ("fermion", 1 / 3, 0.5)])
def test_mediator_widths(spin, factor, power):
    m_v = 60.0
    light = DarkSector(m_v, 1e-4, 1e-3, 0.5, spin)
    # massless dark matter: alpha_D m_V / 12 (scalar) or / 3 (fermion)
    assert mediator_widths(light)["chi"] == pytest.approx(factor * 0.5 * m_v, rel=1e-6)
    # threshold behaviour: beta^3 (p-wave, scalar) or beta (s-wave, fermion)
    near = DarkSector(m_v, 0.49 * m_v, 1e-3, 0.5, spin)
    x = 0.49**2
    shape = (1 + 2 * x) if spin == "fermion" else 1.0
    assert mediator_widths(near)["chi"] == pytest.approx(
        factor * 0.5 * m_v * shape * (1 - 4 * x) ** power, rel=1e-9
    )
    assert mediator_widths(DarkSector(m_v, 31.0, 1e-3, 0.5, spin))["chi"] == 0.0
    # e+e-: alpha eps^2 m_V / 3 for m_V >> m_e; invisible whenever chi chi is open
    assert mediator_widths(light)["ee"] == pytest.approx(ALPHA * 1e-6 * m_v / 3, rel=1e-3)
    assert invisible_fraction(light) > 0.9999


def test_isotropic_decay_gives_the_analytic_box():
    dark = DarkSector(40.0, 8.0)
    e_v = mediator_energy_at_rest("pi0", dark)
    assert e_v == pytest.approx((M_PI0**2 + 40.0**2) / (2 * M_PI0))
    box = dm_energy_box(e_v, dark)
    # Monte Carlo: isotropic decays in the A' frame, boosted along z (fixed random state)
    rng = np.random.default_rng(7)
    cos = rng.uniform(-1.0, 1.0, 400_000)
    e_star, p_star = 20.0, np.sqrt(20.0**2 - 8.0**2)
    gamma = e_v / 40.0
    beta = np.sqrt(1 - 1 / gamma**2)
    energies = gamma * (e_star + beta * p_star * cos)
    assert energies.min() >= box.lo - 1e-9 and energies.max() <= box.hi + 1e-9
    counts, edges = np.histogram(energies, bins=20, range=(box.lo, box.hi))
    expected = len(energies) / 20
    assert np.all(np.abs(counts - expected) < 5 * np.sqrt(expected))
    # energy conservation: the mean chi energy is half the mediator's
    assert box.mean_energy() == pytest.approx(e_v / 2, rel=1e-12)
    # exact moments against quadrature
    for e_min in (0.0, 15.0, 30.0):
        for k in range(3):
            lo = max(e_min, box.lo)
            value = quad(lambda E: box.pdf(E) * E**-k, lo, box.hi)[0]
            assert box.moments(e_min)[k] == pytest.approx(value, rel=1e-9)


def test_max_recoil_is_exact_backscatter():
    M, m, E = 37000.0, 20.0, 60.0
    t_max = float(dm_max_recoil_energy(E, m, M))
    # head-on: the nucleus takes momentum P with T = sqrt(P^2 + M^2) - M, and energy and
    # momentum balance with the chi going backwards
    p = np.sqrt(E**2 - m**2)
    P = np.sqrt(t_max**2 + 2 * M * t_max)
    p_back = P - p
    assert E - t_max == pytest.approx(np.sqrt(p_back**2 + m**2), rel=1e-12)
    # massless limit: the CEvNS T_max
    from cevns.xsec import max_recoil_energy

    assert dm_max_recoil_energy(E, 1e-9, M) == pytest.approx(max_recoil_energy(E, M), rel=1e-9)


def _dot(x, y):
    return x[0] * y[0] - x[1] * y[1] - x[2] * y[2] - x[3] * y[3]


def _elastic_four_vectors(E, m, M, cos_theta):
    """(p1, p3, k1, k3) for a projectile of energy E and mass m scattered by theta in the lab
    off a target of mass M at rest, solving energy-momentum conservation (second method)."""
    p = np.sqrt(E * E - m * m)
    a = (E + M) ** 2 - (p * cos_theta) ** 2
    b = -2 * p * cos_theta * (E * M + m * m)
    c = m * m * (E + M) ** 2 - (E * M + m * m) ** 2
    p3 = (-b + np.sqrt(b * b - 4 * a * c)) / (2 * a)
    sin = np.sqrt(1 - cos_theta**2)
    p1 = np.array([E, 0, 0, p])
    p3v = np.array([np.sqrt(p3**2 + m * m), p3 * sin, 0, p3 * cos_theta])
    k1 = np.array([M, 0, 0, 0])
    return p1, p3v, k1, p1 + k1 - p3v


def _four_vector_amplitudes(E, m, M, cos_theta):
    """Recoil T, (p1+p3).(k1+k3) and the spin-averaged Dirac trace from explicit vectors."""
    p1, p3, k1, k3 = _elastic_four_vectors(E, m, M, cos_theta)
    K = k1 + k3
    scalar = _dot(p1 + p3, K)
    trace = 2 * (2 * _dot(p1, K) * _dot(p3, K) - _dot(K, K) * (_dot(p1, p3) - m * m))
    return k3[0] - M, scalar, trace


@pytest.mark.parametrize("cos_theta", [0.9, 0.3, -0.5])
def test_amplitudes_match_explicit_four_vectors(cos_theta):
    E, m, M = 55.0, 15.0, 123800.0
    T, scalar, trace = _four_vector_amplitudes(E, m, M, cos_theta)
    assert scalar == pytest.approx(2 * M * (2 * E - T), rel=1e-9)
    assert trace == pytest.approx(16 * M * M * (E * E - E * T - M * T / 2), rel=1e-6)


def test_massless_dirac_limit_is_the_cevns_form():
    """m_chi -> 0 and m_V^2 >> 2MT: the Dirac form equals CEvNS with G_F Q_W / (2 sqrt2)
    replaced by g_D eps e Z / m_V^2 and the left-handed neutrino's factor 4 removed."""
    dark = DarkSector(5000.0, 1e-6, 1e-3, 0.5, "fermion")
    xs = dark_matter_cross_section("40Ar", dark, "point")
    cevns = coherent_cross_section("40Ar", "point", PhysicsModel(radiative=False))
    E, T = 30.0, np.array([1e-3, 5e-3, 2e-2])
    qw = cevns.weak_charge_form_factor(0.0)
    g_f = 1.1663788e-11
    coupling_dm = 4 * np.pi * np.sqrt(ALPHA * 0.5) * 1e-3 * 18 / 5000.0**2
    ratio_expected = 2 * coupling_dm**2 / (g_f**2 * qw**2)
    ratio = xs.dsigma_dT(E, T) / cevns.dsigma_dT(E, T)
    # the mediator propagator deviates from the contact limit by (1 + 2MT/m_V^2)^-2
    correction = (1 + 2 * xs.mass * T / 5000.0**2) ** -2
    np.testing.assert_allclose(ratio, ratio_expected * correction, rtol=1e-6)


@pytest.mark.parametrize("spin", ["scalar", "fermion"])
def test_total_against_quad_and_coherence(spin):
    dark = DarkSector(30.0, 10.0, 1e-4, 0.5, spin)
    xs = dark_matter_cross_section("133Cs", dark)
    E = 45.0
    t_max = float(xs.max_recoil(E))
    value = quad(lambda t: float(xs.dsigma_dT(E, t)), 0, t_max, points=[1e-4, 1e-3], limit=200)[0]
    assert xs.total(E) == pytest.approx(value, rel=1e-5)
    # Z^2 coherence at small recoil: Cs over Ar per unit of the common factors
    ar = dark_matter_cross_section("40Ar", dark, "point")
    cs = dark_matter_cross_section("133Cs", dark, "point")
    T = 1e-6
    ratio = cs.dsigma_dT(E, T) / ar.dsigma_dT(E, T)
    mass_ratio = cs.mass / ar.mass
    assert ratio == pytest.approx((55 / 18) ** 2 * mass_ratio, rel=1e-3)
    assert xs.total(9.0) == 0.0  # below the chi mass
    assert isinstance(dm_energy_box(60.0, dark), BoxSpectrum)


def test_monte_carlo_flux_normalisation_and_box():
    from cevns.sources.darksector import MesonSample, dm_flux_monte_carlo

    dark = DarkSector(40.0, 8.0, 1e-4, 0.5)
    # ten identical rows of pi0 at rest, 0.1 per POT in all: the decay chain is isotropic, so
    # the chi per POT into a cone of half-angle a is exactly 2 N BR BR_inv (1 - cos a)/2
    mass = M_PI0
    mesons = MesonSample("pi0", np.full(10, mass), np.zeros((10, 3)), np.full(10, 0.01))
    L, R = 20.0, 15.0
    flux = dm_flux_monte_carlo(mesons, dark, L, R, decays_per_meson=100_000, random_state=3)
    exact = 2 * 0.1 * meson_branching("pi0", dark) * invisible_fraction(dark)
    exact *= (1 - np.cos(np.arctan(R / L))) / 2
    assert flux.per_pot == pytest.approx(exact, rel=0.01)
    # energies fill the analytic box of the at-rest A'
    box = dm_energy_box(mediator_energy_at_rest("pi0", dark), dark)
    assert flux.energy.min() >= box.lo - 1e-9 and flux.energy.max() <= box.hi + 1e-9
    assert flux.energy.min() < box.lo + 0.01 * (box.hi - box.lo)
    # bit-identical when repeated, different with another random state
    again = dm_flux_monte_carlo(mesons, dark, L, R, decays_per_meson=100_000, random_state=3)
    assert np.array_equal(flux.energy, again.energy) and np.array_equal(flux.weight, again.weight)
    other = dm_flux_monte_carlo(mesons, dark, L, R, decays_per_meson=100_000, random_state=4)
    assert not np.array_equal(flux.energy[:100], other.energy[:100])
    # delays behind light: L/c (1/beta - 1), positive for massive chi
    assert np.all(flux.delay_ns > 0)
    spectrum = flux.spectrum()
    E, w = spectrum.nodes()
    assert np.sum(w) == pytest.approx(1.0, rel=1e-9)
    empty = dm_flux_monte_carlo(mesons, dark, 1000.0, 0.01, decays_per_meson=10, random_state=3)
    assert empty.per_pot == 0.0
    with pytest.raises(CevnsInputError, match="raise decays_per_meson"):
        empty.spectrum()


def test_boosted_mesons_forward_focus_the_flux():
    from cevns.sources.darksector import MesonSample, dm_flux_monte_carlo

    dark = DarkSector(40.0, 8.0)
    p = 300.0  # MeV along the beam
    E = np.sqrt(p**2 + M_PI0**2)
    mesons = MesonSample("pi0", np.array([E]), np.array([[0.0, 0.0, p]]), np.array([0.1]))
    forward = dm_flux_monte_carlo(
        mesons, dark, 20.0, 2.0, off_axis_deg=0.0, decays_per_meson=50_000
    )
    sideways = dm_flux_monte_carlo(
        mesons, dark, 20.0, 2.0, off_axis_deg=90.0, decays_per_meson=50_000
    )
    assert forward.per_pot > 5 * sideways.per_pot
    assert forward.energy.mean() > sideways.energy.mean()


def test_meson_list_reader(tmp_path):
    from cevns.errors import DataFileError
    from cevns.sources.darksector import read_meson_list

    p = 100.0
    E = np.sqrt(p**2 + M_PI0**2)
    good = tmp_path / "pi0.csv"
    good.write_text(f"E,px,py,pz,weight\n# two mesons\n{E},0,0,{p},0.05\n{M_PI0},0,0,0,0.05\n")
    sample = read_meson_list(good, "pi0")
    assert sample.energy.size == 2 and sample.weight.sum() == pytest.approx(0.1)
    bad = tmp_path / "bad.csv"
    for text, message in (
        ("1,2,3\n", "five"),
        ("a,b,c,d,e\n", "not five numbers"),
        (f"{E},0,0,0,0.1\n", "mass shell"),
        ("", "no meson rows"),
    ):
        bad.write_text(text)
        with pytest.raises(DataFileError, match=message):
            read_meson_list(bad, "pi0")


def test_min_energy_inverts_max_recoil_and_flux_average():
    from cevns.xsec import flux_average, min_neutrino_energy
    from cevns.xsec.darkmatter import dm_min_energy

    M, m = 123800.0, 12.0
    T = np.array([1e-4, 3e-3, 2e-2])
    E = dm_min_energy(T, m, M)
    np.testing.assert_allclose(dm_max_recoil_energy(E, m, M), T, rtol=1e-10)
    np.testing.assert_allclose(dm_min_energy(T, 0.0, M), min_neutrino_energy(T, M), rtol=1e-12)
    # the chi box spectrum through the package's one flux average
    dark = DarkSector(40.0, 8.0, 1e-4, 0.5, "fermion")
    box = dm_energy_box(mediator_energy_at_rest("pi0", dark), dark)
    xs = dark_matter_cross_section("133Cs", dark)
    direct = quad(lambda e: box.pdf(e) * float(xs.total(e)), box.lo, box.hi)[0]
    assert flux_average(xs, box, "chi") == pytest.approx(direct, rel=1e-6)


def test_dark_matter_channel_of_the_rate_engine():
    """χ recoils through the one engine: binned counts equal a direct double integral over
    recoil and χ energy for each isotope (second method); CEvNS-only features refuse."""
    import cevns
    from cevns import RateCalculator
    from cevns.constants import KEV, SECONDS_PER_DAY
    from cevns.nuclear.formfactors import form_factor_model
    from cevns.sources.flux import Flux, FluxComponent

    dark = DarkSector(30.0, 10.0, 1e-4, 0.5, "scalar")
    box = dm_energy_box(mediator_energy_at_rest("pi0", dark), dark)
    flux = Flux((FluxComponent("chi", box, 1e6, "prompt"),))
    detector = cevns.Detector("CsI", 14.6)
    calc = RateCalculator(
        flux, detector, form_factor_model("helm"), PhysicsModel(), channel="darkmatter", dark=dark
    )
    edges = np.array([1.0, 5.0, 20.0, 60.0])
    binned = calc.binned(edges).total
    expected = np.zeros(3)
    for iso, n in zip(detector.material.isotopes, detector.nuclei(), strict=True):
        xs = dark_matter_cross_section(iso, dark)

        def rate(T, xs=xs):
            lo = max(float(xs.min_energy(T)), box.lo)
            if lo >= box.hi:
                return 0.0
            return quad(lambda e: box.pdf(e) * float(xs.dsigma_dT(e, T)), lo, box.hi)[0]

        for i in range(3):
            value = quad(rate, edges[i] * KEV, edges[i + 1] * KEV, limit=100)[0]
            expected[i] += n * 1e6 * value * SECONDS_PER_DAY
    np.testing.assert_allclose(binned, expected, rtol=1e-4)
    assert calc.counts().total == pytest.approx(calc.binned([0.0, 200.0]).total.sum(), rel=1e-6)
    with pytest.raises(CevnsInputError, match="DarkSector"):
        RateCalculator(
            flux, detector, form_factor_model("helm"), PhysicsModel(), channel="darkmatter"
        )
    with pytest.raises(CevnsInputError, match="directional"):
        calc.directional_binned(edges, np.linspace(0, 1, 3))


def test_monte_carlo_flux_becomes_an_engine_flux():
    from cevns.sources.darksector import MesonSample, dm_flux_monte_carlo
    from cevns.sources.facilities import facility

    dark = DarkSector(30.0, 10.0)
    chi = dm_flux_monte_carlo(MesonSample.at_rest("pi0", 0.1), dark, 20.0, 4.0,
                              decays_per_meson=100_000, random_state=2)  # fmt: skip
    sns = facility("SNS")
    flux = chi.flux(sns.protons_per_second, sns.timing)
    component = flux.component("chi")
    area = 2 * np.pi * (1 - np.cos(np.arctan(4.0 / 20.0))) * 2000.0**2  # cm^2
    assert component.rate == pytest.approx(chi.per_pot * sns.protons_per_second / area, rel=1e-12)
    assert area == pytest.approx(np.pi * 400.0**2, rel=0.03)  # ~ pi R^2 for a small detector
    # the mean density of an isotropic source: chi per POT / (4 pi L^2) times 2 N BR
    isotropic = 2 * 0.1 * meson_branching("pi0", dark) * invisible_fraction(dark)
    expected = isotropic * sns.protons_per_second / (4 * np.pi * 2000.0**2)
    assert component.rate == pytest.approx(expected, rel=0.08)  # ~1900 chi: 2.3 % statistics
    assert 0.99 < flux.time_fraction("chi", (-1000.0, 2000.0)) <= 1.0


@pytest.mark.parametrize("cos_theta", [0.95, 0.5, 0.0])
def test_electron_target_trace_matches_four_vectors(cos_theta):
    """(1/2) Tr[(k3 + m_e) g^mu (k1 + m_e) g^nu] P_mu P_nu = 8 m_e [2 m_e E^2 - T(2 m_e E + m^2)]
    for a scalar chi (P = p1 + p3) on an electron at rest, from explicit four-vectors (a chi
    lighter than the electron, so that every angle is reachable)."""
    E, m, me = 40.0, 0.2, 0.51099895
    p1, p3, k1, k3 = _elastic_four_vectors(E, m, me, cos_theta)
    T = k3[0] - me
    P = p1 + p3
    trace = 2 * (2 * _dot(k1, P) * _dot(k3, P) - _dot(P, P) * (_dot(k1, k3) - me * me))
    assert trace == pytest.approx(8 * me * (2 * me * E * E - T * (2 * me * E + m * m)), rel=1e-7)


def test_electron_cross_section_against_quad_and_nucleus_form():
    from cevns.xsec.darkmatter import DarkMatterElectronCrossSection

    dark = DarkSector(20.0, 5.0, 1e-4, 0.5, "scalar")
    xs = DarkMatterElectronCrossSection(dark)
    E = 40.0
    t_max = float(xs.max_recoil(E))
    value = quad(lambda t: float(xs.dsigma_dT(E, t)), 0, t_max, limit=200)[0]
    assert xs.total(E) == pytest.approx(value, rel=1e-5)
    # the electron form applied to a nucleus agrees with the spin-0 nucleus form (Z = 1 per
    # unit charge) to terms of order T/E: check on 133Cs at small recoil
    nucleus = dark_matter_cross_section("133Cs", dark, "point")
    M, m, T = nucleus.mass, 5.0, 1e-3
    p2 = E * E - m * m
    electron_form = (
        4 * np.pi * ALPHA * 0.5 * 1e-8 * 55**2 * (2 * M * E * E - T * (2 * M * E + m * m))
        / (p2 * (2 * M * T + 400.0) ** 2) * 0.3893793721e-21
    )  # fmt: skip
    assert float(nucleus.dsigma_dT(E, T)) == pytest.approx(electron_form, rel=1e-6)
    with pytest.raises(CevnsInputError, match="scalar"):
        DarkMatterElectronCrossSection(DarkSector(20.0, 5.0, dm_spin="fermion"))


def test_darkmatter_command(capsys, tmp_path):
    import json

    from cevns.cli.main import main

    args = ["darkmatter", "COHERENT-CsI", "--mediator-mass", "30", "--dm-mass", "10",
            "--pi0-at-rest", "0.1", "--decays", "5000", "--bins", "5"]  # fmt: skip
    plot, table = tmp_path / "dm.png", tmp_path / "dm.csv"
    assert main([*args, "--json", "--plot", str(plot), "--csv", str(table)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dark_matter_total"] > 0 and len(data["dark_matter_events"]) == 5
    assert plot.stat().st_size > 0 and table.read_text().count("\n") == 7
    # the same random state gives the same numbers
    assert main([*args, "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["dark_matter_events"] == data["dark_matter_events"]
    # without --pi0-at-rest: the facility's π0 per POT (SNS-2017 preset: 0.093)
    assert main([*args[:6], "--decays", "5000", "--bins", "5", "--json"]) == 0
    preset = json.loads(capsys.readouterr().out)["dark_matter_total"]
    assert preset == pytest.approx(data["dark_matter_total"] * 0.93, rel=1e-9)
    from argparse import Namespace

    from cevns.cli.darkmatter import _pi0_per_pot
    from cevns.sources import facility

    with pytest.raises(CevnsInputError, match="no π0 yield"):
        _pi0_per_pot(Namespace(pi0_at_rest=None), facility("ESS"))
    assert main([*args[:6], "--pi0-at-rest", "0.1", "--dm-mass", "20"]) == 2  # 2 m_chi > m_V
    assert "cannot decay to two χ" in capsys.readouterr().err
    assert main([*args[:3], "200", "--dm-mass", "10", "--pi0-at-rest", "0.1"]) == 2
    assert "cannot come from pi0" in capsys.readouterr().err


def test_dark_matter_arrival_times_are_the_pulse_shifted_by_flight():
    from cevns.sources.darksector import DarkMatterTiming
    from cevns.sources.timing import GaussianPulse

    pulse = GaussianPulse(380.0)  # FWHM, ns
    delays = np.array([0.0, 10.0, 50.0])
    weights = np.array([1.0, 2.0, 1.0])
    timing = DarkMatterTiming(pulse, delays, weights, step_ns=0.25)
    t = np.linspace(-1500.0, 2000.0, 14001)
    density = timing.pdf("prompt", t)
    norm = np.trapezoid(density, t)
    mean = np.trapezoid(t * density, t) / norm
    # the pulse is centred at 0: the mean arrival is the weighted mean delay
    assert norm == pytest.approx(1.0, rel=1e-3)
    assert mean == pytest.approx(np.average(delays, weights=weights), abs=0.3)
    # no delay at all: the pulse's own cumulative share (the Gaussian's at 0 is 1/2)
    still = DarkMatterTiming(pulse, np.zeros(1), np.ones(1), step_ns=0.25)
    assert still.cdf("prompt", 0.0) == pytest.approx(0.5, abs=2e-3)
    assert still.fraction("prompt", -5000.0, 5000.0) == pytest.approx(1.0, abs=1e-9)
    with pytest.raises(CevnsInputError, match="prompt"):
        still.cdf("delayed", 0.0)


# --- the leptophobic (baryonic) vector ----------------------------------------------------


def test_baryonic_vector_production_and_widths():
    from cevns.constants import FINE_STRUCTURE, NEUTRAL_PION_GAMMA_GAMMA, NEUTRAL_PION_MASS
    from cevns.sources.darksector import invisible_fraction, mediator_widths, meson_branching

    # BR(π0 -> γ V_B) = 2 (α_B/α)(1 - m_V²/m_π²)³ BR(π0 -> γγ) (Tulin 2014, arXiv:1404.4370)
    dark = DarkSector.baryonic(60.0, 20.0, alpha_baryon=1e-7)
    expected = 2 * (1e-7 / FINE_STRUCTURE) * (1 - 3600 / NEUTRAL_PION_MASS**2) ** 3
    assert meson_branching("pi0", dark) == pytest.approx(expected * NEUTRAL_PION_GAMMA_GAMMA)
    assert dark.alpha_baryon == pytest.approx(1e-7) and dark.mediator == "baryonic"
    # leptophobic: no e+e- width, every V_B below the π0 goes to χχ̄
    assert mediator_widths(dark)["ee"] == 0.0 and invisible_fraction(dark) == 1.0
    with pytest.raises(CevnsInputError, match="η-η'"):
        meson_branching("eta", dark)
    with pytest.raises(CevnsInputError, match="mediator must be"):
        DarkSector(60.0, 20.0, mediator="Z'")


def test_baryonic_vector_scattering_counts_nucleons():
    """Same kinematics as the dark photon at equal g = ε e; the nucleus couples with its
    baryon number: at q -> 0 the ratio is (A/Z)², and it follows (Z F_p + N F_n)/(Z F_p)."""
    from cevns.nuclear.formfactors import form_factor_model
    from cevns.nuclei import isotope
    from cevns.xsec.darkmatter import DarkMatterElectronCrossSection

    cs = isotope("133Cs")
    photon = DarkSector(60.0, 20.0, 1e-4)
    baryon = DarkSector(60.0, 20.0, 1e-4, mediator="baryonic")
    ff = form_factor_model("helm")
    a = dark_matter_cross_section(cs, photon, ff)
    b = dark_matter_cross_section(cs, baryon, ff)
    E = 50.0
    assert float(b.dsigma_dT(E, 1e-9) / a.dsigma_dT(E, 1e-9)) == pytest.approx(
        (133 / 55) ** 2, rel=1e-6
    )
    T = 0.02  # 20 keV
    q = np.sqrt(2 * cs.mass * T + T * T)
    fp, fn = ff.pair(cs)
    ratio = ((55 * fp(q) + 78 * fn(q)) / (55 * fp(q))) ** 2
    assert float(b.dsigma_dT(E, T) / a.dsigma_dT(E, T)) == pytest.approx(float(ratio), rel=1e-9)
    with pytest.raises(CevnsInputError, match="electrons"):
        DarkMatterElectronCrossSection(baryon)


def test_dark_matter_on_electrons_through_the_rate_engine():
    """χ-electron recoils through the one engine (electrons of the target, no quenching):
    binned counts equal a direct double integral (second method)."""
    import cevns
    from cevns import RateCalculator
    from cevns.constants import KEV, SECONDS_PER_DAY
    from cevns.nuclear.formfactors import form_factor_model
    from cevns.sources.flux import Flux, FluxComponent
    from cevns.xsec.darkmatter import DarkMatterElectronCrossSection

    dark = DarkSector(30.0, 10.0, 1e-4, 0.5, "scalar")
    box = dm_energy_box(mediator_energy_at_rest("pi0", dark), dark)
    flux = Flux((FluxComponent("chi", box, 1e6, "prompt"),))
    detector = cevns.Detector("Ar", 1000.0)
    calc = RateCalculator(
        flux,
        detector,
        form_factor_model("helm"),
        PhysicsModel(),
        channel="darkmatter_electron",
        dark=dark,
    )
    edges_keV = np.array([100.0, 1e3, 5e3, 2e4])
    xs = DarkMatterElectronCrossSection(dark)
    electrons = 18 * sum(detector.nuclei())  # every argon isotope has Z = 18

    def rate(T):
        lo = max(float(xs.min_energy(T)), box.lo)
        if lo >= box.hi:
            return 0.0
        return quad(lambda e: box.pdf(e) * float(xs.dsigma_dT(e, T)), lo, box.hi)[0]

    expected = [
        electrons * 1e6 * SECONDS_PER_DAY * quad(rate, a * KEV, b * KEV, limit=200)[0]
        for a, b in zip(edges_keV[:-1], edges_keV[1:], strict=True)
    ]
    np.testing.assert_allclose(calc.binned(edges_keV).total, expected, rtol=1e-4)
    assert calc.max_recoil_keV == pytest.approx(float(xs.max_recoil(box.hi)) / KEV)


def test_recoil_angle_distribution_integrates_to_the_total():
    """dσ/dcos φ over the forward hemisphere equals σ from the recoil-energy integral (a
    change of variable, checked numerically), and cos φ = 1 gives backscatter's T_max."""
    from cevns.xsec.darkmatter import DarkMatterElectronCrossSection, recoil_energy_at_angle

    dark = DarkSector(30.0, 10.0, 1e-4, 0.5)
    for xs in (dark_matter_cross_section("40Ar", dark), DarkMatterElectronCrossSection(dark)):
        E = 40.0
        total = quad(lambda c, xs=xs: float(xs.dsigma_dcos_recoil(E, c)), 0, 1, limit=400,
                     points=[1e-3, 1e-2, 0.1])[0]  # fmt: skip
        assert total == pytest.approx(float(xs.total(E, points=256)), rel=1e-4)
        T_top = recoil_energy_at_angle(E, 1.0, 10.0, xs.mass)
        assert T_top == pytest.approx(float(xs.max_recoil(E)), rel=1e-12)
        assert float(xs.dsigma_dcos_recoil(E, -0.3)) == 0.0


def test_darkmatter_command_on_electrons(capsys):
    import json

    from cevns.cli.main import main

    args = ["darkmatter", "CCM", "--mediator-mass", "30", "--dm-mass", "10", "--electrons",
            "--threshold-keV", "1000", "--max-keV", "40000", "--bins", "4", "--json"]  # fmt: skip
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["neutrino_process"] == "neutrino-electron elastic"
    assert data["dark_matter_total"] > 0 and data["neutrino_total"] > 0
    assert main([*args, "--dm-spin", "fermion"]) == 2
    assert "scalar" in capsys.readouterr().err


def test_dark_model_file(tmp_path, capsys):
    import json

    from cevns.cli.main import main
    from cevns.darksector import load_dark_model
    from cevns.errors import DataFileError

    good = tmp_path / "dark.toml"
    good.write_text(
        'mediator = "baryonic"\nmediator_mass_MeV = 42.0\ndm_mass_MeV = 20.0\n'
        "alpha_baryon = 1e-8\nalpha_dark = 0.4\n"
    )
    assert load_dark_model(good)["alpha_baryon"] == 1e-8
    args = ["darkmatter", "COHERENT-CsI", "--dark-model", str(good), "--bins", "3", "--json"]
    assert main(args) == 0
    dark = json.loads(capsys.readouterr().out)["dark_sector"]
    assert dark["mediator"] == "baryonic" and dark["alpha_baryon"] == pytest.approx(1e-8)
    assert dark["alpha_dark"] == 0.4 and dark["mediator_mass_MeV"] == 42.0
    # the command line wins over the file
    assert main([*args, "--alpha-dark", "0.7"]) == 0
    assert json.loads(capsys.readouterr().out)["dark_sector"]["alpha_dark"] == 0.7
    for text, message in [
        ("epsilon = 1e-4\nmass = 3\n", "unknown key"),
        ('mediator = "baryonic"\nepsilon = 1e-4\n', "alpha_baryon, not epsilon"),
        ("alpha_baryon = 1e-8\n", 'mediator = "baryonic"'),
        ("dm_mass_MeV = -3\n", "positive"),
        ('dm_spin = "vector"\n', "dm_spin"),
        ("dm_spin = 3\n", "string"),
    ]:
        bad = tmp_path / "bad.toml"
        bad.write_text(text)
        with pytest.raises(DataFileError, match=message):
            load_dark_model(bad)
    assert main(["darkmatter", "COHERENT-CsI", "--dark-model", str(bad)]) == 2
    assert "bad.toml" in capsys.readouterr().err


def test_offshell_density_has_the_narrow_width_limit():
    """∫ dBR(π0 -> γχχ̄)/ds ds -> BR(π0 -> γA') BR(A' -> χχ̄) for a narrow on-shell A'
    (small α_D: Γ/m_V ~ 1e-5), to O(Γ/m_V) and the tails."""
    from cevns.sources.darksector import (
        invisible_fraction,
        meson_branching,
        offshell_branching_density,
    )

    dark = DarkSector(60.0, 10.0, 1e-4, alpha_dark=1e-3)
    mpi = 134.9768
    total = quad(
        lambda s: float(offshell_branching_density(s, "pi0", dark)[0]),
        400.0,
        mpi**2,
        points=[3600.0],
        limit=2000,
        epsabs=0,
        epsrel=1e-10,
    )[0]
    on_shell = meson_branching("pi0", dark) * invisible_fraction(dark)
    assert total == pytest.approx(on_shell, rel=2e-3)


def test_offshell_flux_at_rest():
    """For m_V < 2 m_χ the χ come from π0 -> γχχ̄: the flux is 2 N ∫ dBR/ds ds over 4πL²
    (Gauss-Legendre nodes against scipy quad), with energies inside the kinematic range."""
    from cevns.sources.darksector import dm_flux_at_rest, offshell_branching_density

    dark = DarkSector(30.0, 20.0, 1e-4, 0.5)  # m_V = 30 < 40 = 2 m_χ
    flux = dm_flux_at_rest({"pi0": 0.1}, dark, 20.0, 1e16)
    mpi = 134.9768
    branching = quad(
        lambda s: float(offshell_branching_density(s, "pi0", dark)[0]), 1600.0, mpi**2
    )[0]
    expected = 2 * 0.1 * branching * 1e16 / (4 * np.pi * 2000.0**2)
    # 48 nodes: the (s - 4m²)^(3/2) threshold keeps Gauss-Legendre to ~1e-6
    assert flux.component("chi").rate == pytest.approx(expected, rel=1e-5)
    spectrum = flux.component("chi").spectrum
    assert spectrum.edges[0] >= 20.0 and spectrum.max_energy <= mpi / 2 + 1e-9
