"""Rate engine: a second integration method, scaling laws, and published predictions."""

import numpy as np
import pytest
from scipy.integrate import quad

import cevns
from cevns import RateCalculator
from cevns.constants import AVOGADRO, KEV, MEV_TO_J, SECONDS_PER_DAY
from cevns.detectors.experiments import LAR_DETECTORS
from cevns.sources import facility
from cevns.xsec import max_recoil_energy, min_neutrino_energy


def _quad_dn_dT(calc, T_keV):
    """dN/dT (events/keV/s) by direct quad over the neutrino energy, line added by hand."""
    T = T_keV * KEV
    total = 0.0
    for iso, n in zip(calc.detector.material.isotopes, calc.detector.nuclei(), strict=True):
        xs = cevns.coherent_cross_section(iso, calc.form_factor, calc.model)
        e_min = float(min_neutrino_energy(T, xs.mass))
        for comp in calc.flux.components:
            for e_line in comp.spectrum.lines:
                total += n * comp.rate * float(xs.dsigma_dT(e_line, T, comp.flavor))
            if not comp.spectrum.lines and e_min < comp.spectrum.max_energy:
                total += (
                    n
                    * comp.rate
                    * quad(
                        lambda E: comp.spectrum.pdf(E) * float(xs.dsigma_dT(E, T, comp.flavor)),
                        e_min,
                        comp.spectrum.max_energy,
                        epsabs=0,
                        epsrel=1e-12,
                    )[0]
                )
    return total * KEV


@pytest.mark.parametrize("exp_name", ["CENNS10", "COHERENT-NaI"])
def test_dn_dT_against_quad(exp_name):
    calc = RateCalculator.for_experiment(exp_name)
    T = np.array([0.5, 5.0, 20.0, 47.0, 80.0, 120.0])
    fast = calc.recoil_spectrum(T, "second").total
    slow = np.array([_quad_dn_dT(calc, t) for t in T])
    np.testing.assert_allclose(fast, slow, rtol=1e-9)


def test_counts_equal_integral_of_spectrum_and_sum_of_bins():
    calc = RateCalculator.for_experiment("CENNS10")
    T_top = float(max_recoil_energy(facility("SNS").flux(1).max_energy, cevns.isotope("36Ar").mass))
    ref = quad(
        lambda T: float(calc.recoil_spectrum(T, "day").total[0]),
        0,
        T_top / KEV,
        points=[47.6, 149.8],
        limit=400,
        epsrel=1e-10,
    )[0]
    assert calc.counts().total == pytest.approx(ref, rel=1e-6)
    bins = calc.binned(np.linspace(0.0, 160.0, 81))
    assert bins.total.sum() == pytest.approx(ref, rel=1e-6)


def test_scaling_with_mass_distance_power():
    base = cevns.experiment("CENNS10")
    calc = RateCalculator.for_experiment(base)
    n0 = calc.counts().total
    far = cevns.Experiment("far", base.source, cevns.Detector("Ar", 48.0), 55.0)
    assert RateCalculator.for_experiment(far).counts().total == pytest.approx(n0 / 2, rel=1e-12)
    # the Carey & Pandey, arXiv:2412.18055 Table I detectors at the same source scale with mass
    ratio = RateCalculator.for_experiment("CENNS750").counts().total / n0
    assert ratio == pytest.approx(610 / 24, rel=1e-12)


def test_lar_detectors_daily_rate_second_method():
    # N/day = n_Ar sum_f Phi_f <sigma>_f x 86400: flux-averaged total cross sections (a
    # different code path: sigma(E) tables and spectrum quadrature) times the flux
    for name in LAR_DETECTORS:
        exp = cevns.experiment(name)
        flux = exp.flux()
        avg = cevns.flux_averaged_cross_section("Ar", flux)
        n_nuclei = exp.detector.nuclei().sum()
        expected = sum(n_nuclei * c.rate * avg[c.flavor] for c in flux.components)
        got = RateCalculator.for_experiment(exp).counts().total
        assert got == pytest.approx(expected * SECONDS_PER_DAY, rel=1e-6)


def test_lar_detectors_rates_from_published_cross_section():
    """Carey & Pandey, arXiv:2412.18055 prints no rates and no normalisation, so its daily rates
    follow from the
    inputs one chooses (ours: SNS 1.4 MW, 1 GeV, 0.09 nu/flavor/proton, COHERENT 2020; Lujan
    and PIP-II 100 kW, 0.8 GeV, 0.062 nu/flavor/proton, an assumed yield). For those inputs
    the daily rate must equal, by hand, nuclei x 3 flavors x flux x the published SM
    flux-averaged argon cross section 1.8e-39 cm^2 (COHERENT, arXiv:2003.10630), to the 3 %
    that its two-digit rounding allows. COHERENT's number is a tree-level one, so is ours here
    (the precision model is 3 % higher)."""
    sigma = 1.8e-39
    for name, mass_kg, L_m, power_W, E_p_MeV, yield_ in [
        ("CENNS10", 24, 27.5, 1.4e6, 1000.0, 0.09),
        ("CENNS750", 610, 27.5, 1.4e6, 1000.0, 0.09),
        ("CCM", 10000, 20.0, 1.0e5, 800.0, 0.062),
        ("PIP2-BD", 100000, 20.0, 1.0e5, 800.0, 0.062),
    ]:
        nuclei = mass_kg * 1000 / 39.948 * AVOGADRO
        phi = yield_ * power_W / (E_p_MeV * MEV_TO_J) / (4 * np.pi * (L_m * 100) ** 2)
        by_hand = nuclei * 3 * phi * sigma * SECONDS_PER_DAY
        tree = cevns.PhysicsModel(radiative=False)
        daily = RateCalculator.for_experiment(name, model=tree).counts().total
        assert daily == pytest.approx(by_hand, rel=0.03), name


def test_cenns10_published_prediction():
    # COHERENT CENNS-10 Analysis A (arXiv:2003.10630): SM prediction 128 +- 17 CEvNS events
    # for 6.12 GWh, 24.4 kg at 27.5 m, QF = 0.246 + 0.00078 T, released efficiency curve
    calc = RateCalculator.for_experiment("COHERENT-LAr")
    n = calc.counts("6.12 GWh").total
    assert abs(n - 128) < 17


def test_csi_2017_published_prediction():
    # COHERENT CsI[Na] 2017: SM prediction 178 +- 43 events for 308.1 live days / 7.48 GWh
    # (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Sec. V, arXiv:1708.01294), with the
    # 2017 QF, light yield and efficiency
    calc = RateCalculator.for_experiment("COHERENT-CsI")
    n = calc.counts("7.48 GWh").total
    assert abs(n - 178) < 43


def test_flux_averaged_csi_cross_section():
    # COHERENT full CsI data set (arXiv:2110.07730; a talk's slides): SM <sigma> = 189 +- 6 e-40
    # cm^2
    flux = facility("SNS").flux(19.3)
    helm = cevns.flux_averaged_cross_section("CsI", flux, "helm")["average"]
    assert abs(helm / 1e-40 - 189) < 6
    # Klein-Nystrand gives 179e-40: the 5% spread between form factors at CsI's momentum
    # transfers, larger than the quoted +-6 (see README "Validation")
    kn = cevns.flux_averaged_cross_section("CsI", flux, "klein-nystrand")["average"]
    assert 0.93 < kn / helm < 0.97


def test_flux_averaged_argon_cross_section():
    # COHERENT CENNS-10 (arXiv:2003.10630): measured (2.2 +- 0.7) e-39 cm^2, SM 1.8e-39 cm^2
    flux = facility("SNS").flux(27.5)
    avg = cevns.flux_averaged_cross_section("Ar", flux)["average"]
    # ours is 1.86e-39: 3.4 % above the paper's two-digit value (its flux and form factor)
    assert avg == pytest.approx(1.8e-39, rel=0.04)
    assert abs(avg - 2.2e-39) < 0.7e-39
    assert abs(avg - 2.3e-39) < 0.7e-39  # the value a talk's slide quotes for the same measurement


def test_observed_spectrum_against_quad():
    # N(E_obs in [a, b]) = ∫ dT dN/dT [Φ((b - μ)/σ) - Φ((a - μ)/σ)], μ = QF(T) T, by quad
    from scipy.special import ndtr

    q, res = cevns.PolynomialQuenching((0.246, 0.00078)), cevns.GaussianResolution(a=0.58)
    det = cevns.Detector("Ar", 100.0, quenching=q, resolution=res)
    calc = RateCalculator.for_experiment(cevns.Experiment("test", facility("SNS"), det, 20.0))
    edges = np.array([0.0, 5.0, 20.0, 80.0])
    obs = calc.binned(edges, observed=True).total
    iso = cevns.isotope("40Ar")

    def integrand(T, a, b):
        mu = float(q.observed(T, iso))
        s = float(res.sigma(mu))
        return float(calc.recoil_spectrum(T).total[0]) * (ndtr((b - mu) / s) - ndtr((a - mu) / s))

    for i in range(3):
        ref = quad(
            integrand,
            0,
            150,
            args=(edges[i], edges[i + 1]),
            points=[47.6, 149.8],
            limit=400,
            epsrel=1e-9,
        )[0]
        assert obs[i] == pytest.approx(ref, rel=1e-5)


def test_observed_bins_without_resolution_map_edges_exactly():
    q = cevns.PolynomialQuenching((0.25,))
    det = cevns.Detector("Ar", 100.0, quenching=q)
    calc = RateCalculator.for_experiment(cevns.Experiment("q", facility("SNS"), det, 20.0))
    obs = calc.binned(np.array([0.0, 5.0, 10.0, 40.0]), observed=True)
    rec = calc.binned(np.array([0.0, 20.0, 40.0, 160.0]))
    # the observed edges are mapped to recoil energies by inverting a quenching table
    np.testing.assert_allclose(obs.total, rec.total, rtol=1e-7)


def test_time_window_and_joint_spectrum():
    exp = cevns.experiment("CENNS10")
    calc = RateCalculator.for_experiment(exp)
    joint = calc.joint(np.linspace(0, 150, 31), np.linspace(-2000, 20000, 221))
    assert joint.total.sum() == pytest.approx(calc.counts().total, rel=1e-3)
    prompt = cevns.Experiment("prompt", exp.source, exp.detector, exp.distance_m, (-1000, 1000))
    pf = RateCalculator.for_experiment(prompt).counts().per_flavor
    full = calc.counts().per_flavor
    assert pf["numu"] / full["numu"] > 0.99
    assert pf["nue"] / full["nue"] < 0.5


def test_model_override_reuses_kinematics():
    calc = RateCalculator.for_experiment("CENNS10")
    edges = np.linspace(0, 150, 51)
    other = cevns.PhysicsModel(sin2_theta_w=0.2)
    fast = calc.binned(edges, model=other).total
    slow = RateCalculator.for_experiment("CENNS10", model=other).binned(edges).total
    np.testing.assert_allclose(fast, slow, rtol=1e-12)


def test_exposure_units():
    calc = RateCalculator.for_experiment("CENNS10")
    day = calc.counts("day").total
    assert calc.counts("year").total == pytest.approx(day * 5000 / 24, rel=1e-12)
    pot = cevns.rates.Exposure(facility("SNS").protons_per_day(), "POT")
    assert calc.counts(pot).total == pytest.approx(day)
    with pytest.raises(ValueError, match="unknown exposure"):
        calc.counts("week")


@pytest.mark.parametrize(
    "name", [n for n in cevns.experiments() if cevns.experiment(n).flux().timing is not None]
)
def test_default_timing_split_adds_up_to_counts(name):
    """The default prompt/delayed windows tile the calculator's time window (or all times)."""
    calc = RateCalculator.for_experiment(name)
    split = calc.timing_split()
    total = sum(sum(per.values()) for per in split.counts.values())
    assert total == pytest.approx(calc.counts().total, rel=1e-9)


def test_photoelectron_spectrum_against_quad():
    """Counts in photoelectron bins against quad over T of dN/dT x P(bin | μ(T)), with the
    Poisson probabilities from scipy.stats: an integer n spreads evenly over [n - 1/2, n + 1/2],
    so the bin [a, b) holds P(a)/2 + P(a+1) + ... + P(b-1) + P(b)/2."""
    from scipy.stats import poisson

    q = cevns.PolynomialQuenching((0.08,))
    res = cevns.PhotoelectronResolution(13.0)
    det = cevns.Detector("CsI", 10.0, quenching=q, resolution=res)
    calc = RateCalculator.for_experiment(cevns.Experiment("pe", facility("SNS"), det, 20.0))
    edges = np.array([2.0, 6.0, 10.0, 20.0, 40.0])
    obs = calc.binned(edges, observed=True).total
    kinks = [
        float(max_recoil_energy(e, iso.mass)) / KEV
        for iso in det.material.isotopes
        for e in (29.79, 52.83)
    ]

    def integrand(T, a, b):
        mu = 13.0 * 0.08 * T
        p = 0.5 * poisson.pmf(a, mu) + 0.5 * poisson.pmf(b, mu)
        p += poisson.pmf(np.arange(a + 1, b), mu).sum()
        return float(calc.recoil_spectrum(T).total[0]) * p

    for i in range(edges.size - 1):
        ref = quad(
            integrand, 0, max(kinks), args=(int(edges[i]), int(edges[i + 1])),
            points=kinks, limit=400, epsrel=1e-9,
        )[0]  # fmt: skip
        assert obs[i] == pytest.approx(ref, rel=1e-5)


def test_release_efficiency_step():
    """The 2017 CsI[Na] efficiency: logistic x H, H = 0 below 5 PE, 1/2 in [5, 6), 1 above."""
    eff = cevns.experiment("COHERENT-CsI").detector.efficiency
    logistic = 0.6655 / (1.0 + np.exp(-0.4942 * (np.array([5.5, 6.5]) - 10.8507)))
    np.testing.assert_allclose(eff([4.5, 5.5, 6.5]), [0.0, 0.5 * logistic[0], logistic[1]])
