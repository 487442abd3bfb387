"""CEvNS cross section: kinematics, exact limits, a second integration method, properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

import cevns
from cevns.constants import FERMI_CONSTANT_MEV2, HBARC2_MEV2_CM2
from cevns.errors import CevnsInputError
from cevns.nuclei import Isotope
from cevns.xsec import max_recoil_energy, min_neutrino_energy
from cevns.xsec.coherent import CoherentCrossSection


def test_tmax_prompt_line_on_argon():
    # Carey & Pandey, arXiv:2412.18055: the prompt-line recoil endpoint on argon is "roughly 50
    # keV"; exactly
    # T_max = 2E^2/(M + 2E) from backscattering kinematics
    M = cevns.isotope("40Ar").mass
    E = 29.792
    T = float(max_recoil_energy(E, M))
    assert T == pytest.approx(2 * E**2 / (M + 2 * E), rel=1e-14)
    assert T * 1e3 == pytest.approx(47.6, abs=0.1)
    # elastic kinematics: at T_max the outgoing neutrino goes backwards with E' = E - T
    p_nucleus = np.sqrt(2 * M * T + T**2)
    assert p_nucleus == pytest.approx(E + (E - T), rel=1e-12)
    assert min_neutrino_energy(T, M) == pytest.approx(E, rel=1e-12)


def _point_total(E, M, Q):
    # Carey & Pandey, arXiv:2412.18055 Eq. 4 with F = 1 integrated analytically over 0 <= T <= T_max
    Tm = 2 * E**2 / (M + 2 * E)
    return (
        FERMI_CONSTANT_MEV2**2
        * M
        / np.pi
        * Q**2
        / 4
        * (Tm - Tm**2 / (2 * E) - M * Tm**2 / (4 * E**2))
        * HBARC2_MEV2_CM2
    )


@pytest.mark.parametrize("name", ["12C", "40Ar", "133Cs", "208Pb"])
def test_point_nucleus_total_is_analytic(name):
    tree = cevns.PhysicsModel(radiative=False, axial=False)
    xs = cevns.coherent_cross_section(name, "point", tree)
    iso = xs.isotope
    Q = tree.weak_charge(iso.Z, iso.N)
    E = np.array([0.5, 5.0, 30.0, 52.8, 300.0])
    np.testing.assert_allclose(xs.total(E), _point_total(E, iso.mass, Q), rtol=1e-9)


def test_total_does_not_depend_on_table_history():
    # the cached sigma(E) table is rebuilt wider when higher energies are asked; low-energy
    # values must stay accurate afterwards
    iso = cevns.isotope("208Pb")
    xs = CoherentCrossSection(iso, cevns.form_factor_model("helm"), cevns.PhysicsModel())
    xs.total(300.0)
    for E in (1.0, 5.0, 10.0, 30.0):
        Tm = float(max_recoil_energy(E, xs.mass))
        ref = quad(lambda T: float(xs.dsigma_dT(E, T)), 0, Tm, epsabs=0, epsrel=1e-12)[0]
        # the tabulated total is good to ~1e-4 at 1 MeV and ~1e-9 above 5 MeV
        assert xs.total(E) == pytest.approx(ref, rel=1e-4 if E < 5 else 1e-7)


def test_heavy_nucleus_limit_freedman():
    # M -> infinity, F = 1: sigma = G_F^2 E^2 Q_W^2 / (4 pi) (Freedman 1974)
    iso = Isotope("X", 50, 120, 1e6, 0.0, 1, 1.0, float("nan"))
    xs = CoherentCrossSection(iso, cevns.form_factor_model("point"), cevns.PhysicsModel())
    Q = cevns.PhysicsModel().weak_charge(50, 70)
    E = 30.0
    expected = FERMI_CONSTANT_MEV2**2 * E**2 * Q**2 / (4 * np.pi) * HBARC2_MEV2_CM2
    # Q_W is the q = 0 value; the radiative couplings depend on q (here up to 2E = 60 MeV),
    # which lowers σ by 1e-4 at 3 MeV and 2.8e-4 at 30 MeV
    assert xs.total(E) == pytest.approx(expected, rel=5e-4)


@pytest.mark.parametrize(
    "name, ff",
    [
        ("40Ar", "helm"),
        ("133Cs", "klein-nystrand"),
        ("208Pb", "symmetrized-fermi"),
        ("40Ca", "charge-density"),
    ],
)
def test_total_against_quad(name, ff):
    xs = cevns.coherent_cross_section(name, ff)
    for E in (1.0, 10.0, 29.79, 52.8, 150.0, 300.0):
        Tm = float(max_recoil_energy(E, xs.mass))
        ref = quad(lambda T: float(xs.dsigma_dT(E, T)), 0, Tm, epsabs=0, epsrel=1e-11, limit=400)[0]
        # the tabulated total: ~1e-4 at 1 MeV (the whole integral inside one table cell),
        # 1e-9 from 5 to 150 MeV; at 300 MeV the Klein-Nystrand form factor of Cs oscillates
        # past its zeros and quad and a 2e6-point Simpson rule differ from the table by
        # 2.9e-5 and 1.4e-5
        assert xs.total(E) == pytest.approx(ref, rel=1e-7 if 5 < E < 200 else 2e-4)


def test_form_factor_suppression_small_q_limit():
    # With F^2 ~ 1 - q^2 R^2/3 and, for F = 1, dσ/dT ∝ 1 - T/T_max (heavy-nucleus limit),
    # <q^2> = 2M <T> = 2M T_max/3, so σ/σ_point ~ 1 - 2 M T_max R^2 / 9 (R the rms radius).
    # The neglected q^4 terms grow as E^4: at 5 MeV on 40Ar the first-order term is 3.3e-3
    # and the next one ~2e-5 (it is ~3e-4 at 10 MeV).
    from cevns.constants import HBARC_MEV_FM

    iso = cevns.isotope("40Ar")
    helm = cevns.form_factor_model("helm").proton(iso)
    E = 5.0
    Tm = float(max_recoil_energy(E, iso.mass))
    expected = 1 - 2 * iso.mass * Tm * (helm.rms_radius_fm / HBARC_MEV_FM) ** 2 / 9
    ratio = cevns.coherent_cross_section(iso).total(E) / cevns.coherent_cross_section(
        iso, "point"
    ).total(E)
    assert ratio == pytest.approx(expected, abs=5e-5)


def test_weak_charge_options():
    m = cevns.PhysicsModel(sin2_theta_w=0.25, radiative=False)
    assert m.couplings() == (0.0, -1.0)
    # radiative: PDG 2024 g_V^p = 0.0298, g_V^n = -0.5117 (nu_mu), doubled
    rc = cevns.PhysicsModel()
    assert rc.couplings("numu") == pytest.approx((0.0596, -1.0234), rel=1e-12)
    # their tree-level part follows sin^2(theta_W): d g_V^p / d sin^2 = -2
    shifted = cevns.PhysicsModel(sin2_theta_w=0.23857 + 0.01)
    assert shifted.couplings("numu")[0] == pytest.approx(0.0596 - 0.04, rel=1e-12)
    given = cevns.PhysicsModel(g_p=0.1, g_n=-0.9)
    assert given.couplings("nue") == (0.1, -0.9)
    with pytest.raises(ValueError, match="unknown flavor"):
        m.couplings("nu_e")


def _isotopes_with_any_A():
    return st.integers(1, 250).flatmap(
        lambda A: st.integers(max(1, A // 3), max(1, (2 * A) // 3)).map(
            lambda Z: Isotope("X", Z, A, A * 1.0, 0.0, 1, 1.0, float("nan"))
        )
    )


@settings(max_examples=150, deadline=None)
@given(
    iso=_isotopes_with_any_A(),
    E=st.floats(0.1, 300.0),
    x=st.floats(0.0, 3.0),
    ff=st.sampled_from(["helm", "klein-nystrand", "symmetrized-fermi", "point"]),
)
def test_properties_over_physical_domain(iso, E, x, ff):
    xs = CoherentCrossSection(iso, cevns.form_factor_model(ff), cevns.PhysicsModel())
    M = iso.mass
    Tm = float(max_recoil_energy(E, M))
    T = x * Tm
    value = xs.dsigma_dT(E, T)
    assert np.isfinite(value) and value >= 0
    if x > 1.0 + 1e-12:
        assert value == 0.0
    total = xs.total(E)
    assert np.isfinite(total) and total >= 0
    q = np.sqrt(2 * M * T + T * T)
    p, n = xs.form_factors(q)
    assert abs(p) <= 1.0 + 1e-12 and abs(n) <= 1.0 + 1e-12


def test_outside_kinematic_range_is_zero():
    xs = cevns.coherent_cross_section("40Ar")
    t_max = cevns.max_recoil_energy(10.0, xs.mass)
    assert xs.dsigma_dT(10.0, 1.0001 * t_max) == 0.0
    assert xs.dsigma_dT(10.0, 0.0) == 0.0
    assert xs.dsigma_dT(0.0, 1e-6) == 0.0
    assert xs.total(np.array([0.0])).tolist() == [0.0]


@pytest.mark.parametrize("channel", ["nuclear", "electron"])
@pytest.mark.parametrize("bad", [-1e-6, -3.0, np.nan, np.inf, -np.inf])
def test_meaningless_energies_are_refused(channel, bad):
    """A negative, NaN or infinite energy is an error, not a zero cross section."""
    from cevns.xsec.material import material_cross_section

    xs = material_cross_section("Ar", channel=channel)
    with pytest.raises(CevnsInputError, match="must be finite, >= 0"):
        xs.total(np.array([10.0, bad]))
    with pytest.raises(CevnsInputError, match="neutrino energies"):
        xs.dsigma_dT(bad, 1e-3)
    with pytest.raises(CevnsInputError, match="recoil energies"):
        xs.dsigma_dT(10.0, bad)


def test_material_cross_section_averages_nuclei_and_counts_electrons():
    """CsI per nucleus is the mean of 133Cs and 127I; per atom, the electron channel holds
    (55 + 53)/2 electrons' worth of ν-e scattering."""
    from cevns.xsec import electron_cross_section
    from cevns.xsec.material import material_cross_section

    E = np.array([10.0, 30.0])
    csi = material_cross_section("CsI").total(E)
    cs, i = (cevns.coherent_cross_section(n).total(E) for n in ("133Cs", "127I"))
    np.testing.assert_allclose(csi, 0.5 * (cs + i), rtol=1e-12)
    electrons = material_cross_section("CsI", channel="electron").total(E, recoil_min=1e-3)
    one = electron_cross_section().total(E, recoil_min=1e-3)
    np.testing.assert_allclose(electrons, 54.0 * one, rtol=1e-12)
    with pytest.raises(ValueError, match="unknown channel"):
        material_cross_section("Ar", channel="muon")


def test_every_channel_is_a_cross_section_with_one_flux_average():
    """CEvNS (isotope and material), ν-e, allowed inelastic and quasi-elastic follow one
    protocol; the one flux average is exact on a line and matches quad over the Michel ν_e
    spectrum (second method)."""
    from cevns.sources.spectra import LineSpectrum, michel_nue
    from cevns.xsec import CrossSection, electron_cross_section, flux_average
    from cevns.xsec.inelastic import AllowedCrossSection
    from cevns.xsec.material import material_cross_section
    from cevns.xsec.quasielastic import FreeNucleonQE, RelativisticFermiGas

    channels = {
        "nue": [
            cevns.coherent_cross_section("40Ar"),
            material_cross_section("CsI"),
            electron_cross_section(),
            AllowedCrossSection("nue-40Ar-cc"),
            FreeNucleonQE("e"),
        ],
        "numu": [RelativisticFermiGas("12C")],
    }
    michel = michel_nue()
    for flavor, xss in channels.items():
        for xs in xss:
            assert isinstance(xs, CrossSection)
            line = LineSpectrum(40.0)
            assert flux_average(xs, line, flavor) == pytest.approx(
                float(xs.total(np.array([40.0]), flavor)[0]), rel=1e-12
            )
            if flavor == "numu":
                continue  # the Fermi gas is slow; its line average above suffices
            kinks = [k for k in xs.kinks(flavor) if k < michel.max_energy]
            ref = quad(
                lambda E, xs=xs: michel.pdf(E) * float(xs.total(np.array([E]), flavor)[0]),
                0.0, michel.max_energy, points=kinks or None, limit=400, epsrel=1e-10,
            )[0]  # fmt: skip
            # the allowed model's Coulomb phase space is a table good to 2e-5
            assert flux_average(xs, michel, flavor) == pytest.approx(ref, rel=2e-5), xs
    assert flux_average(AllowedCrossSection("nue-40Ar-cc"), michel, "numu") == 0.0
