"""The axial-vector term of CEvNS (cevns.nuclear.axial and its use in the cross section).

Independent numbers are typed in here: the shell-model spin expectation values of Klos et al.
(Phys. Rev. D 88, 083516 (2013), arXiv:1304.7684), the 19F transverse axial response fitted by
Hoferichter, Menéndez, Schwenk (Phys. Rev. D 102, 074018 (2020), arXiv:2007.08529), and the
kinematics of the pure-axial limit of the CEvNS formula with G_V and G_A.
"""

import numpy as np
import pytest

from cevns import PhysicsModel, coherent_cross_section
from cevns.nuclear.axial import AXIAL_NUCLEI, axial_structure

HBARC = 197.3269804  # MeV fm

# Klos et al. 2013: J, <S_p>, <S_n> (one-body currents)
SPINS = {
    "19F": (0.5, 0.478, -0.002),
    "23Na": (1.5, 0.224, 0.024),
    "27Al": (2.5, 0.326, 0.038),
    "29Si": (0.5, 0.016, 0.156),
    "73Ge": (4.5, 0.031, 0.439),
    "127I": (2.5, 0.342, 0.031),
    "129Xe": (0.5, 0.010, 0.329),
    "131Xe": (1.5, -0.009, -0.272),
}


@pytest.mark.parametrize("target", ["12C", "40Ar", "76Ge", "208Pb", "132Xe"])
def test_even_even_nuclei_have_exactly_no_axial_term(target):
    assert axial_structure(target) is None
    with_axial = coherent_cross_section(target, model=PhysicsModel(axial=True))
    without = coherent_cross_section(target, model=PhysicsModel(axial=False))
    E, T = np.array([10.0, 30.0, 52.8]), np.array([1e-3, 5e-3, 2e-2])
    assert np.array_equal(with_axial.dsigma_dT(E, T), without.dsigma_dT(E, T))
    # totals come from cached tables whose reach depends on earlier calls: equal to rounding
    np.testing.assert_allclose(with_axial.total(E), without.total(E), rtol=1e-10)


@pytest.mark.parametrize("name", sorted(SPINS))
def test_isoscalar_response_at_zero_momentum_is_the_shell_model_spin(name):
    # S_00(0) = (2J+1)(J+1)/(4 pi J) (<S_p> + <S_n>)^2: no two-body band on S_00, so the fit
    # must reproduce the one-body spins to their three printed digits
    J, sp, sn = SPINS[name]
    expected = (2 * J + 1) * (J + 1) / (4 * np.pi * J) * (sp + sn) ** 2
    s = axial_structure(name).structure_factors(0.0)
    assert s["S00"] == pytest.approx(expected, rel=5e-3)
    # two-body currents reduce the isovector response: both band edges sit below one body
    one_body = (2 * J + 1) * (J + 1) / (4 * np.pi * J) * (sp - sn) ** 2
    low = axial_structure(name).structure_factors(0.0, "low")["S11"]
    high = axial_structure(name).structure_factors(0.0, "high")["S11"]
    assert 0.4 * one_body < low < high < one_body


@pytest.mark.parametrize("u", [0.0, 0.25, 0.5])
def test_fluorine_transverse_response_matches_hoferichter_et_al(u):
    # HMS 2020 19F fits F^Sigma'_{p,n}(u) = exp(-u/2) (c0 + c1 u + c2 u^2), b = 1.7623 fm;
    # S^T_00 = (F_p + F_n)^2; the package uses (2/3) of Klos et al.'s S_00 (transverse share)
    f_p = np.exp(-u / 2) * (0.269513 - 0.18098 * u + 0.0296873 * u**2)
    f_n = np.exp(-u / 2) * (-0.00113172 + 0.00038188 * u + 0.000744991 * u**2)
    structure = axial_structure("19F")
    q = np.sqrt(2 * u) / 1.7623 * HBARC  # MeV, at HMS's b
    q_klos = np.sqrt(2 * u) / structure.b_fm * HBARC  # same u at Klos's b
    ours = 2.0 / 3.0 * structure.structure_factors(q_klos)["S00"]
    assert ours == pytest.approx((f_p + f_n) ** 2, rel=0.01)
    assert q == pytest.approx(q_klos, rel=2e-3)


def test_axial_form_factor_at_zero_momentum():
    # F_A(0) = (4/3)(J+1)/J [g_A(<S_p>-<S_n>) - g_A^s(<S_p>+<S_n>)]^2 (HMS 2020); the
    # isoscalar part alone (g_A = 0, g_A^s = 1) has no two-body band
    for name, (J, sp, sn) in SPINS.items():
        value = axial_structure(name).axial_form_factor(0.0, g_a=0.0, g_a_strange=1.0)
        assert value == pytest.approx(4 / 3 * (J + 1) / J * (sp + sn) ** 2, rel=5e-3)


def test_caesium_borrows_the_iodine_shape_at_its_own_spin():
    cs, iodine = axial_structure("133Cs"), axial_structure("127I")
    J, sp, sn = 3.5, -0.225, 0.002  # Bednyakov & Simkovic, hep-ph/0406218
    value = cs.axial_form_factor(0.0, g_a=0.0, g_a_strange=1.0)
    assert value == pytest.approx(4 / 3 * (J + 1) / J * (sp + sn) ** 2, rel=5e-3)
    # the same function of u = q^2 b^2/2, each nucleus at its own oscillator length
    q = np.array([20.0, 60.0, 100.0])
    q_iodine = q * cs.b_fm / iodine.b_fm
    shape_cs = cs.structure_factors(q)["S00"] / cs.structure_factors(0.0)["S00"]
    shape_i = iodine.structure_factors(q_iodine)["S00"] / iodine.structure_factors(0.0)["S00"]
    np.testing.assert_allclose(shape_cs, shape_i, rtol=1e-12)
    assert "133Cs" in AXIAL_NUCLEI


def test_axial_term_has_the_axial_kinematic_factor():
    # Pure-axial limit of dsigma/dT = (G_F^2 M/pi) F^2 [(G_V+G_A)^2 + (G_V-G_A)^2 (1-T/E)^2
    # - (G_V^2-G_A^2) M T/E^2] at G_V = 0: proportional to 1 - T/E + M T/(2E^2) + O(T^2/E^2)
    # (the T^2/E^2 term is absent from the coherent formula at this order)
    on = coherent_cross_section("127I", model=PhysicsModel(axial=True))
    off = coherent_cross_section("127I", model=PhysicsModel(axial=False))
    T = np.array([1e-3, 3e-3, 6e-3])  # below T_max = 6.8 keV at 20 MeV
    inv_e = np.array([1 / 20.0, 1 / 35.0, 1 / 50.0])
    delta = on.dsigma_dT(1 / inv_e[:, None], T) - off.dsigma_dT(1 / inv_e[:, None], T)
    # fit delta = a (1 + b/E + c/E^2) exactly through three energies
    design = np.stack([np.ones(3), inv_e, inv_e**2], axis=1)
    a, a_b, a_c = np.linalg.solve(design, delta)
    M = on.mass
    np.testing.assert_allclose(a_b / a, -T, rtol=1e-5)  # a difference of close numbers
    np.testing.assert_allclose(a_c / a, M * T / 2, rtol=1e-5)
    assert np.all(a > 0)


def test_axial_share_is_small_and_positive_for_odd_nuclei():
    # q -> 0 share F_A / Q_W^2: per mille for 23Na, 1e-4 or less for 127I and 133Cs
    E = np.array([20.0, 40.0])
    for target, low, high in (("23Na", 3e-4, 3e-3), ("127I", 1e-5, 2e-4), ("133Cs", 5e-6, 1e-4)):
        on = coherent_cross_section(target, model=PhysicsModel(axial=True)).total(E)
        off = coherent_cross_section(target, model=PhysicsModel(axial=False)).total(E)
        share = on / off - 1
        assert np.all((share > low) & (share < high)), (target, share)
