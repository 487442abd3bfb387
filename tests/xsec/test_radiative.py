"""Radiatively corrected, flavor-dependent CEvNS couplings (cevns.xsec.couplings and
PhysicsModel.couplings) against independent numbers: the one-loop vacuum polarisation's
integral form and limits, the published Standard-Model neutrino charge radii, the PDG
couplings, and exact tree level with the switch off."""

import numpy as np
import pytest
from scipy.integrate import quad

from cevns import PhysicsModel, coherent_cross_section
from cevns.xsec.couplings import lepton_loop, nucleon_couplings

ALPHA = 1 / 137.035999084  # CODATA 2018
G_F = 1.1663788e-11  # MeV^-2
HBARC2 = 0.3893793721e-21  # MeV^2 cm^2
M_E, M_MU = 0.51099895, 105.6583755  # MeV


def _loop_integral(q, m):
    # Pi(q) - Pi(0) = -2 int_0^1 x(1-x) ln(1 + x(1-x) q^2/m^2) dx
    value, _ = quad(lambda x: x * (1 - x) * np.log1p(x * (1 - x) * q * q / (m * m)), 0, 1)
    return -2 * value


@pytest.mark.parametrize("q", [0.01, 0.05, 0.3, 1.0, 10.0, 50.0, 200.0])
@pytest.mark.parametrize("m", [M_E, M_MU])
def test_lepton_loop_is_the_vacuum_polarisation_integral(q, m):
    assert lepton_loop(q, m) == pytest.approx(_loop_integral(q, m), rel=1e-9, abs=1e-15)


def test_lepton_loop_limits():
    m = M_MU
    assert lepton_loop(0.0, m) == 0.0
    assert lepton_loop(1.0, m) == pytest.approx(-1.0 / (15 * m * m), rel=1e-4)
    q = 1e4 * M_E  # q >> m: 5/9 - (1/3) ln(q^2/m^2)
    assert lepton_loop(q, M_E) == pytest.approx(5 / 9 - np.log(q * q / M_E**2) / 3, rel=1e-6)
    # the series and the closed form meet smoothly at q^2/m^2 = 0.01
    edge = 0.1 * m
    assert lepton_loop(edge * (1 - 1e-9), m) == pytest.approx(lepton_loop(edge, m), rel=1e-7)


def test_flavor_splitting_equals_the_standard_model_charge_radii():
    """Bernabéu et al. / Giunti & Studenikin (RMP 87 (2015) 531): <r^2_nu_e> = -0.83,
    <r^2_nu_mu> = -0.48, <r^2_nu_tau> = -0.30 (1e-32 cm^2, their convention, twice the
    Vogel-Engel one). A radius shifts sin^2 by sqrt2 pi alpha <r^2>_VE / (3 G_F) and the
    proton coupling g_V^p by -2 that; two printed digits leave 2 % (e-mu) and 4 % (tau-mu)."""
    radii = {"nue": -0.83e-32, "numu": -0.48e-32, "nutau": -0.30e-32}
    model = PhysicsModel()

    def expected(flavor):
        dr2 = (radii[flavor] - radii["numu"]) / 2 / HBARC2  # Vogel-Engel, MeV^-2
        ds2 = np.sqrt(2) * np.pi * ALPHA * dr2 / (3 * G_F)
        return 2 * (-2 * ds2)  # doubled convention

    for flavor, rel in (("nue", 0.02), ("nutau", 0.04)):
        got = model.couplings(flavor)[0] - model.couplings("numu")[0]
        assert got == pytest.approx(expected(flavor), rel=rel)
    # antineutrinos share their neutrino's coupling
    assert model.couplings("nuebar") == model.couplings("nue")


def test_momentum_dependence_is_the_loop_of_each_flavor():
    model = PhysicsModel()
    q = np.array([0.0, 1.0, 10.0, 50.0, 100.0])
    s2 = model.sin2_theta_w
    loops = {"e": lepton_loop(q, M_E), "mu": lepton_loop(q, M_MU)}
    for flavor, own in (("nue", "e"), ("numu", "mu")):
        c_p = nucleon_couplings(model, flavor, q)[0][0]
        by_hand = model.couplings(flavor)[0] + 2 * ALPHA / np.pi * (
            loops[own] + (-0.5 + 2 * s2) * (loops["e"] + loops["mu"])
        )
        np.testing.assert_allclose(c_p, by_hand, rtol=0, atol=2e-7)  # tau loop ~ q^2/m_tau^2
    # the electron loop makes nu_e's proton coupling fall by (alpha/pi)(2/3) ln(q/m_e)-ish
    drop = nucleon_couplings(model, "nue", 50.0)[0][0] - model.couplings("nue")[0]
    assert -0.015 < drop < -0.01


def test_tree_level_is_recovered_exactly():
    tree = PhysicsModel(radiative=False)
    s2 = tree.sin2_theta_w
    q = np.array([0.0, 5.0, 80.0])
    for flavor in ("nue", "numubar", "nutau"):
        c_p, c_n = nucleon_couplings(tree, flavor, q)[0]
        assert np.all(c_p == 1 - 4 * s2) and np.all(c_n == -1.0)
    given = PhysicsModel(g_p=1 - 4 * s2, g_n=-1.0)
    a = coherent_cross_section("40Ar", model=tree)
    b = coherent_cross_section("40Ar", model=given)
    E, T = np.array([10.0, 30.0]), np.array([1e-3, 2e-2])
    assert np.array_equal(a.dsigma_dT(E, T, "nue"), b.dsigma_dT(E, T, "nue"))
    with pytest.raises(ValueError, match="running applies to tree-level"):
        PhysicsModel(running=True)
    assert PhysicsModel(radiative=False, running=True).running


def test_radiative_cross_sections_of_argon():
    """At q -> 0 the nu_mu weak charge is that of the PDG couplings, 2.5 % above tree level in
    the cross section; nu_e is below nu_mu (larger g_V^p), nu_tau above, and the electron
    loop shrinks the nu_e-nu_mu gap as q grows."""
    rad = coherent_cross_section("40Ar")
    tree = coherent_cross_section("40Ar", model=PhysicsModel(radiative=False))
    qw_pdg = 18 * 0.0298 - 22 * 0.5117
    qw_tree = 18 * (0.5 - 2 * 0.23857) - 22 * 0.5
    low = np.array([1e-4])  # keV-scale recoil, q ~ 2.7 MeV
    ratio = rad.dsigma_dT(30.0, low, "numu") / tree.dsigma_dT(30.0, low, "numu")
    assert ratio == pytest.approx((qw_pdg / qw_tree) ** 2, rel=2e-4)
    E = np.array([10.0, 30.0, 50.0])
    e_over_mu = rad.total(E, "nue") / rad.total(E, "numu")
    tau_over_mu = rad.total(E, "nutau") / rad.total(E, "numu")
    assert np.all(e_over_mu < 1) and np.all(np.diff(e_over_mu) > 0)
    assert np.all(tau_over_mu > 1)
