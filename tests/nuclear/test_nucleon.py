"""Nucleon form factors and their folding with nuclear form factors (cevns.nuclear.nucleon)."""

import numpy as np
import pytest

from cevns.constants import HBARC_MEV_FM
from cevns.nuclear.formfactors import Helm, PointNucleus
from cevns.nuclear.nucleon import (
    GALSTER_NEUTRON_MS_RADIUS_FM2,
    GALSTER_PROTON_MS_RADIUS_FM2,
    NucleonFolded,
    charge_form_factor,
    folded_pair,
    galster,
    weak_form_factor,
)


def test_galster_limits_and_radii():
    """G_E^p(0) = 1, G_E^n(0) = 0; the dipole radius is the textbook 0.81 fm and the Galster
    neutron <r²> is near the measured -0.1155 fm² (PDG 2022); slopes checked numerically."""
    g_p, g_n = galster(0.0)
    assert g_p == 1.0 and g_n == 0.0
    assert np.sqrt(GALSTER_PROTON_MS_RADIUS_FM2) == pytest.approx(0.811, abs=1e-3)
    assert GALSTER_NEUTRON_MS_RADIUS_FM2 == pytest.approx(-0.1155, abs=0.015)
    dq = 1.0  # MeV
    g_p, g_n = galster(dq)
    assert -6 * (g_p - 1) / dq**2 * HBARC_MEV_FM**2 == pytest.approx(
        GALSTER_PROTON_MS_RADIUS_FM2, rel=1e-4
    )
    assert -6 * g_n / dq**2 * HBARC_MEV_FM**2 == pytest.approx(
        GALSTER_NEUTRON_MS_RADIUS_FM2, rel=1e-4
    )
    # the dipole at Q² = 0.71 GeV² is exactly 1/4
    assert galster(np.sqrt(0.71e6))[0] == pytest.approx(0.25)


def test_folded_form_factor_radius_is_its_slope():
    """<r²> of a folded form factor from -6 dF/dq² at 0 equals the quoted sum of radii."""
    own, other = Helm.from_A(40), Helm.from_A(40, s_fm=1.0)
    folded = NucleonFolded(own, other, 18, 22)
    dq = 0.5
    slope_ms = -6 * (folded(dq) - 1) / dq**2 * HBARC_MEV_FM**2
    assert slope_ms == pytest.approx(folded.rms_radius_fm**2, rel=1e-4)
    assert folded(0.0) == pytest.approx(1.0)


def test_weak_form_factor_exact_limits():
    """F_W(0) = 1 for any weak charges; for Z = N and one shared point form factor F,
    F_W = F (G_E^p + G_E^n) exactly; a point nucleus with (q_p, q_n) = (1, 0) sees
    G_E^p + (N/Z) G_E^n, the charge form factor of point nucleons."""
    helm = Helm.from_A(40)
    q = np.array([0.0, 50.0, 150.0, 300.0])
    for charges in [(0.0457, -1.0), (0.0713, -0.9888), (1.0, 1.0)]:
        assert weak_form_factor(helm, helm, 20, 20, 0.0, charges) == pytest.approx(1.0)
    g_p, g_n = galster(q)
    np.testing.assert_allclose(
        weak_form_factor(helm, helm, 20, 20, q, (0.0457, -1.0)), helm(q) * (g_p + g_n), rtol=1e-12
    )
    point = PointNucleus()
    np.testing.assert_allclose(
        weak_form_factor(point, point, 18, 22, q, (1.0, 0.0)), g_p + 22 / 18 * g_n, rtol=1e-12
    )
    np.testing.assert_allclose(
        charge_form_factor(point, point, 18, 22, q), g_p + 22 / 18 * g_n, rtol=1e-12
    )
    with pytest.raises(ValueError, match="weak charge"):
        weak_form_factor(helm, helm, 10, 10, q, (1.0, -1.0))


def test_folded_pair_reproduces_quark_level_amplitude():
    """c_p Z F_p' + c_n N F_n' equals the sum over u and d quarks, G^u = 2G_E^p + G_E^n and
    G^d = G_E^p + 2G_E^n for the proton (isospin mirror for the neutron), with quark charges
    solving c_p = 2c_u + c_d, c_n = c_u + 2c_d."""
    proton, neutron = Helm.from_A(133), Helm.from_A(133, s_fm=1.1)
    Z, N = 55, 78
    q = np.linspace(0.0, 200.0, 9)
    c_p, c_n = 0.0457, -1.0
    c_u, c_d = (2 * c_p - c_n) / 3, (2 * c_n - c_p) / 3
    g_p, g_n = galster(q)
    quark = Z * proton(q) * (c_u * (2 * g_p + g_n) + c_d * (g_p + 2 * g_n)) + N * neutron(q) * (
        c_u * (g_p + 2 * g_n) + c_d * (2 * g_p + g_n)
    )
    fp, fn = folded_pair(proton, neutron, Z, N)
    np.testing.assert_allclose(c_p * Z * fp(q) + c_n * N * fn(q), quark, rtol=1e-12)


def test_folding_needs_nucleons():
    with pytest.raises(ValueError, match="positive number"):
        NucleonFolded(PointNucleus(), PointNucleus(), 0, 2)


def test_strange_form_factor_enters_like_a_quark_with_the_d_coupling():
    """With strange quarks, G^u = 2G_E^p + G_E^n + G^s and G^d = G_E^p + 2G_E^n + G^s in the
    proton (isospin mirror in the neutron), and the s quark itself couples with c_s = c_d (the
    Standard Model): the quark-level sum equals c_p Z F_p' + c_n N F_n' with the strange pair."""
    from cevns.nuclear.nucleon import strange_electric

    proton, neutron = Helm.from_A(40), Helm.from_A(40, s_fm=1.0)
    Z, N = 18, 22
    q = np.linspace(0.0, 300.0, 13)
    c_p, c_n = 0.0596, -1.0234
    c_u, c_d = (2 * c_p - c_n) / 3, (2 * c_n - c_p) / 3
    c_s = c_d
    g_p, g_n = galster(q)
    g_s = strange_electric(q)
    per_proton = c_u * (2 * g_p + g_n + g_s) + c_d * (g_p + 2 * g_n + g_s) + c_s * g_s
    per_neutron = c_u * (g_p + 2 * g_n + g_s) + c_d * (2 * g_p + g_n + g_s) + c_s * g_s
    quark = Z * proton(q) * per_proton + N * neutron(q) * per_neutron
    fp, fn = folded_pair(proton, neutron, Z, N, strange=True)
    np.testing.assert_allclose(c_p * Z * fp(q) + c_n * N * fn(q), quark, rtol=1e-12)
    # G_E^s(0) = 0 with slope -<r^2>_s/6, <r^2>_s = -0.0048 fm^2 (ETMC, arXiv:1909.10744)
    q_small = 1.0  # MeV
    slope = strange_electric(q_small) / (q_small / 197.3269804) ** 2
    assert strange_electric(0.0) == 0.0 and slope == pytest.approx(0.0048 / 6, rel=1e-4)


def test_nucleon_folding_of_any_shape_and_the_defaults():
    from cevns import form_factor_model
    from cevns.nuclei import isotope

    ar = isotope("40Ar")
    helm = form_factor_model("helm")
    assert not helm.folds_nucleons and form_factor_model("hf-sly4").folds_nucleons
    point_p, point_n = helm.pair(ar)
    folded_p, folded_n = form_factor_model("helm", nucleon_size=True).pair(ar)
    R = point_p.rms_radius_fm
    # radii add in quadrature: Galster <r^2>_p = 0.6581, <r^2>_n = -0.1269 fm^2; strange
    # -0.0048 fm^2 weighted A/N on the neutron side
    assert folded_p.rms_radius_fm**2 == pytest.approx(R**2 + 0.6581 + 22 / 18 * -0.1269, abs=2e-4)
    assert folded_n.rms_radius_fm**2 == pytest.approx(
        R**2 + 0.6581 + 18 / 22 * -0.1269 + 40 / 22 * -0.0048, abs=2e-4
    )
    q = np.array([0.0, 50.0, 100.0])
    g_p, g_n = galster(q)
    np.testing.assert_allclose(folded_p(q), point_p(q) * (g_p + 22 / 18 * g_n), rtol=1e-12)
    with pytest.raises(ValueError, match="measured charge distribution"):
        form_factor_model("charge-density", nucleon_size=True)
