"""New physics in the rate engine: oscillations, timing split, directional spectra, mediator
scans and the neutrino-electron channel, each against a second method or an exact limit."""

from dataclasses import replace

import numpy as np
import pytest
from scipy.integrate import quad

import cevns
from cevns import PhysicsModel, RateCalculator, experiment
from cevns.constants import KEV
from cevns.physics import ScalarMediator, SterileNeutrino, VectorMediator
from cevns.sources.oscillations import oscillated_moments
from cevns.sources.spectra import michel_nue
from cevns.xsec import electron_cross_section, min_neutrino_energy

E_LINE = (139.57039**2 - 105.6583755**2) / (2 * 139.57039)  # prompt nu_mu, PDG masses


@pytest.fixture(scope="module")
def csi():
    return RateCalculator.for_experiment("COHERENT-CsI")


@pytest.fixture(scope="module")
def lar():
    return RateCalculator.for_experiment("CENNS10")


def test_counts_with_a_model_override_equal_a_fresh_calculator(csi):
    model = PhysicsModel(magnetic_moment={"mu": 1e-9}, nsi={"ee_d": 0.1})
    fresh = RateCalculator.for_experiment("COHERENT-CsI", model=model).counts()
    assert csi.counts(model=model).per_flavor == pytest.approx(fresh.per_flavor, rel=1e-12)


def test_sterile_disappearance_of_the_prompt_line(lar):
    # P(nu_mu -> active) = 1 - 4|U_mu4|^2 |U_s4|^2 sin^2(1.267 dm^2 L / E) for the 29.79 MeV line
    # (a talk's slides); the cross section is flavor blind, so the prompt rate scales with it.
    dm2, um = 1.7, 0.08
    model = PhysicsModel(sterile=SterileNeutrino(dm2, Umu4_sq=um))
    L = lar.distance_m
    phase = 1.2669 * dm2 * L / E_LINE
    expected = 1 - 4 * um * (1 - um) * np.sin(phase) ** 2
    ratio = lar.counts(model=model).per_flavor["numu"] / lar.counts().per_flavor["numu"]
    assert ratio == pytest.approx(expected, rel=2e-4)


def test_sterile_fast_oscillations_average_to_one_half(lar):
    # dm^2 = 1000 eV^2 over 27.5 m: sin^2 averages to 1/2 for every flavor; tree level, where
    # the cross section is flavor blind (radiative corrections make nu_e 1-2 % smaller)
    ue, um = 0.05, 0.1
    tree = PhysicsModel(radiative=False)
    model = tree.replace(sterile=SterileNeutrino(1000.0, ue, um))
    sm, osc = lar.counts(model=tree).per_flavor, lar.counts(model=model).per_flavor
    us = 1 - ue - um
    # the line does not average: its exact phase, with 1/(4 hbar c) = 1.266932 eV^-2 m^-1 MeV
    phase = 1e-12 / (4 * 197.3269804e-15) * 1000.0 * lar.distance_m / E_LINE
    line = 1 - 4 * um * (1 - um) * np.sin(phase) ** 2 + 4 * um * ue * np.sin(phase) ** 2
    assert osc["numu"] / sm["numu"] == pytest.approx(line, rel=1e-6)
    assert osc["nue"] / sm["nue"] == pytest.approx(1 - 2 * ue * us, rel=2e-3)
    assert osc["numubar"] / sm["numubar"] == pytest.approx(1 - 2 * um * us, rel=2e-3)


def test_oscillated_moments_against_quad():
    sterile = SterileNeutrino(2.0, Ue4_sq=0.1)
    spec = michel_nue()
    L, spread = 20.0, (0.5, 2.0)

    def sin2(E):
        k = 1e-12 / (4 * 197.3269804e-15) * sterile.dm41_eV2 / E  # Δm^2/(4E) per m
        a, b = spread
        return 0.5 * (1 - np.cos(2 * k * L) * np.sin(k * a) / (k * a) * np.sin(k * b) / (k * b))

    e_min = np.array([2.0, 15.0, 40.0])
    got = oscillated_moments(spec, e_min, sterile, L, spread)
    for j, e0 in enumerate(e_min):
        for k in range(3):
            ref = quad(
                lambda E: spec.pdf(E) * E**-k * sin2(E),
                e0,
                spec.max_energy,
                limit=1000,
                epsabs=0,
                epsrel=1e-12,
            )
            assert got[k, j] == pytest.approx(ref[0], rel=1e-7)


def test_baseline_spread_averages_the_oscillation(lar):
    # the prompt line seen by a 3 m source and a 10 m detector: P averaged over the baseline
    # by direct integration of sin^2 over the two uniform spreads
    model = PhysicsModel(sterile=SterileNeutrino(5.0, Umu4_sq=0.1))
    spread = replace(lar, baseline_spread_m=(3.0, 10.0))
    k = 1e-12 / (4 * 197.3269804e-15) * 5.0 / E_LINE
    L = lar.distance_m
    mean_sin2 = (
        quad(lambda x: quad(lambda y: np.sin(k * (L + x + y)) ** 2, -5.0, 5.0)[0], -1.5, 1.5)[0]
        / 30.0
    )
    osc = spread.counts(model=model).per_flavor["numu"]
    expected = 1 - 4 * 0.1 * 0.9 * mean_sin2
    assert osc / lar.counts().per_flavor["numu"] == pytest.approx(expected, rel=1e-6)


def test_sterile_needs_a_baseline(lar):
    calc = replace(lar, distance_m=None)
    with pytest.raises(ValueError, match="baseline"):
        calc.counts(model=PhysicsModel(sterile=SterileNeutrino(1.0, 0.1)))


def test_timing_split(csi):
    split = csi.timing_split()
    total = replace(csi, time_window_ns=None).counts().per_flavor
    # the default windows cover essentially all prompt nu_mu
    assert split.counts["prompt"]["numu"] == pytest.approx(total["numu"], rel=1e-3)
    # complementary windows add up to the whole
    whole = csi.timing_split({"a": (-5e3, 300.0), "b": (300.0, 1e6)})
    for f, n in total.items():
        assert whole.counts["a"][f] + whole.counts["b"][f] == pytest.approx(n, rel=1e-6)
    # delayed flavors: ~exp(-t/tau_mu) between the window edges for a short pulse
    tau = 2196.98
    ratio = split.counts["delayed"]["nue"] / total["nue"]
    assert ratio == pytest.approx(np.exp(-1000 / tau) - np.exp(-12000 / tau), rel=0.05)
    # a flavor-dependent effect shows up where its flavor arrives
    mm = csi.with_model(PhysicsModel(magnetic_moment={"mu": 5e-9})).timing_split()
    assert mm.counts["prompt"]["numu"] > split.counts["prompt"]["numu"]
    assert mm.counts["delayed"]["nue"] == pytest.approx(split.counts["delayed"]["nue"], 1e-12)


def test_directional_bins_add_up_to_the_recoil_spectrum(lar):
    edges = np.linspace(5.0, 100.0, 8)
    d = lar.directional_binned(edges, np.linspace(-1.0, 1.0, 41))
    b = lar.binned(edges)
    for f in b.per_flavor:
        np.testing.assert_allclose(d.per_flavor[f].sum(axis=1), b.per_flavor[f], rtol=1e-9)
    # recoils go forward: nothing at cos(theta) < 0
    assert d.total[:, :20].sum() == 0


def test_directional_density_integrates_to_dN_dT(lar):
    # Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840 Eq. 18 integrated over cos(theta)
    # gives dN/dT (continuous flavors)
    T_keV = 30.0
    density = lambda c: lar.directional_density(T_keV, c)["nue"][0, 0]  # noqa: E731
    integral = quad(density, 0.0, 1.0, limit=200, points=[0.001, 0.01])[0]
    direct = lar.recoil_spectrum(T_keV, apply_efficiency=False).per_flavor["nue"][0]
    assert integral == pytest.approx(direct, rel=1e-6)


def test_prompt_line_recoils_at_the_two_body_angle(lar):
    # cos(theta) = (E + M)/E sqrt(T/(T + 2M)) for the 29.79 MeV line (Pandey, Prog. Part. Nucl.
    # Phys. 2024, arXiv:2309.07840, Eq. 20)
    M = cevns.isotope("40Ar").mass
    T_keV = 20.0
    cos = (E_LINE + M) / E_LINE * np.sqrt(T_keV * KEV / (T_keV * KEV + 2 * M))
    c_edges = np.linspace(0.0, 1.0, 201)
    d = lar.directional_binned([19.99, 20.01], c_edges)
    counts = d.per_flavor["numu"][0]
    main = int(np.argmax(counts))  # 40Ar; the 0.3% of 36Ar and 38Ar recoil elsewhere
    assert c_edges[main] <= cos < c_edges[main + 1]
    assert counts[main] > 0.99 * counts.sum()


def test_mediator_grid_points_are_exact(csi):
    masses = np.geomspace(0.5, 500.0, 7)
    couplings = np.array([0.0, 1e-6, 3e-5, 1e-4])
    grid = csi.vector_mediator_grid(masses, couplings, "B-L")
    assert np.all(grid.counts[:, 0] == grid.standard_model)
    for i, j in [(0, 1), (3, 2), (6, 3)]:
        model = PhysicsModel(vector_mediators=[VectorMediator(masses[i], couplings[j], "B-L")])
        assert grid.counts[i, j] == pytest.approx(csi.counts(model=model).total, rel=1e-10)


def test_magnetic_moment_needs_a_threshold(lar):
    with pytest.raises(ValueError, match="diverges"):
        lar.counts(model=PhysicsModel(magnetic_moment={"mu": 1e-10}))
    calc = RateCalculator.for_experiment("COHERENT-LAr")
    assert calc.counts(model=PhysicsModel(magnetic_moment={"mu": 1e-10})).total > 0


def test_electron_channel_against_quad():
    exp = experiment("CENNS10")
    calc = RateCalculator.for_experiment(exp, channel="electron")
    xs = electron_cross_section(PhysicsModel())
    T = 2.0  # MeV
    e_min = float(min_neutrino_energy(T, xs.mass))
    electrons = sum(
        n * iso.Z
        for iso, n in zip(exp.detector.material.isotopes, exp.detector.nuclei(), strict=True)
    )
    comp = calc.flux.component("nue")
    ref = quad(lambda E: comp.spectrum.pdf(E) * float(xs.dsigma_dT(E, T, "nue")), e_min, 52.83)
    expected = electrons * comp.rate * ref[0] * KEV * 86400
    got = calc.recoil_spectrum(T / KEV).per_flavor["nue"][0]
    assert got == pytest.approx(expected, rel=1e-7)


def test_all_effects_together(csi):
    model = PhysicsModel(
        magnetic_moment={"e": 1e-10},
        charge_radius_cm2={"mu": 1e-33},
        nsi={"ee_u": 0.05, "emu_d": 0.02},
        vector_mediators=[VectorMediator(20.0, 1e-5)],
        scalar_mediators=[ScalarMediator(20.0, 1e-6)],
        sterile=SterileNeutrino(1.0, 0.01, 0.01),
    )
    spec = csi.binned(np.linspace(5.0, 50.0, 20), model=model)
    assert np.all(np.isfinite(spec.total)) and spec.total.sum() > 0
    assert spec.metadata["physics_model"]["standard_model"] is False


def test_baseline_scan_for_identical_detectors():
    from cevns.rates.studies import baseline_scan

    # prompt-line disappearance at each baseline, SM falling as 1/L^2 (Pandey, Prog. Part. Nucl.
    # Phys. 2024, arXiv:2309.07840, Sec. VII.C)
    model = PhysicsModel(sterile=SterileNeutrino(1.0, Umu4_sq=0.1))
    scan = baseline_scan("CENNS10", [20.0, 30.0, 40.0], model)
    sm20, sm40 = scan[20.0][0], scan[40.0][0]
    assert sm20 / sm40 == pytest.approx(4.0, rel=1e-12)
    ratios = [bsm / sm for sm, bsm in scan.values()]
    assert len(set(np.round(ratios, 6))) == 3 and all(r < 1 for r in ratios)
