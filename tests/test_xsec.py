"""CEvNS cross section: kinematics, exact limits, a second integration method, properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

import cevns
from cevns.constants import FERMI_CONSTANT_MEV2, HBARC2_MEV2_CM2
from cevns.nuclei import Isotope
from cevns.xsec import max_recoil_energy, min_neutrino_energy
from cevns.xsec.coherent import CoherentCrossSection


def test_tmax_prompt_line_on_argon():
    # seed 004: the prompt-line recoil endpoint on argon is "roughly 50 keV"; exactly
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
    # seed 004 Eq. 4 with F = 1 integrated analytically over 0 <= T <= T_max
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
    xs = cevns.coherent_cross_section(name, "point")
    iso = xs.isotope
    Q = cevns.PhysicsModel().weak_charge(iso.Z, iso.N)
    E = np.array([0.5, 5.0, 30.0, 52.8, 300.0])
    np.testing.assert_allclose(xs.total(E), _point_total(E, iso.mass, Q), rtol=1e-9)


def test_heavy_nucleus_limit_freedman():
    # M -> infinity, F = 1: sigma = G_F^2 E^2 Q_W^2 / (4 pi) (Freedman 1974)
    iso = Isotope("X", 50, 120, 1e6, 0.0, 1, 1.0, float("nan"))
    xs = CoherentCrossSection(iso, cevns.form_factor_model("point"), cevns.PhysicsModel())
    Q = cevns.PhysicsModel().weak_charge(50, 70)
    E = 30.0
    expected = FERMI_CONSTANT_MEV2**2 * E**2 * Q**2 / (4 * np.pi) * HBARC2_MEV2_CM2
    assert xs.total(E) == pytest.approx(expected, rel=1e-4)


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
        assert xs.total(E) == pytest.approx(ref, rel=1e-7)


def test_argon_cross_section_scale():
    # sigma(40Ar, 30 MeV) ~ 1.5e-39 cm^2 (seed 003 Fig. 7 / seed 004 Fig. 2 show ~1e-39 at
    # 30 MeV); N^2 scaling from the point formula within the form-factor suppression
    xs = cevns.coherent_cross_section("40Ar")
    point = cevns.coherent_cross_section("40Ar", "point")
    ratio = xs.total(30.0) / point.total(30.0)
    assert 0.85 < ratio < 0.95
    assert xs.total(30.0) == pytest.approx(1.5e-39, rel=0.05)


def test_weak_charge_options():
    m = cevns.PhysicsModel(sin2_theta_w=0.25)
    assert m.couplings() == (0.0, -1.0)
    rc = cevns.PhysicsModel.radiatively_corrected()
    assert rc.couplings() == pytest.approx((0.0596, -1.0234))
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
    assert xs.dsigma_dT(10.0, -1e-6) == 0.0
    assert xs.dsigma_dT(-10.0, 1e-6) == 0.0
    assert xs.total(np.array([0.0, -3.0])).tolist() == [0.0, 0.0]
