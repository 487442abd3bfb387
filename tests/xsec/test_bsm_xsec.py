"""New physics in the cross sections: the Standard-Model limit of every effect, and each effect
against an independent number (a published constant, an analytic limit or a second method).

Constants are typed in here from their sources rather than imported from the package, so that
a wrong constant in the package fails a test. The effects are tested on the tree-level
Standard Model (radiative=False), the setting of the formulas they are compared with.
"""

import numpy as np
import pytest
from scipy.integrate import quad

from cevns import PhysicsModel, coherent_cross_section
from cevns.physics import NSI, ScalarMediator, SterileNeutrino, VectorMediator
from cevns.xsec import electron_cross_section
from cevns.xsec.couplings import sin2_theta_w_shift

ALPHA = 1 / 137.035999084  # CODATA 2018
G_F = 1.1663788e-11  # MeV^-2, PDG 2024
HBARC2 = 0.3893793721e-21  # MeV^2 cm^2
M_E = 0.51099895  # MeV
T = np.array([1e-3, 5e-3, 2e-2, 6e-2])  # MeV
E = 35.0  # MeV


def _tree(**kwargs):
    return PhysicsModel(radiative=False, **kwargs)


SM = _tree()


def _ar():
    return coherent_cross_section("40Ar", "helm", SM)


def _with(model, target="40Ar", ff="helm"):
    return coherent_cross_section(target, ff, model)


@pytest.mark.parametrize(
    "model",
    [
        _tree(magnetic_moment={"mu": 0.0}),
        _tree(charge_radius_cm2={"e": 0.0}),
        _tree(millicharge={"all": 0.0}),
        _tree(nsi={"ee_u": 0.0, "emu_d": 0.0}),
        _tree(vector_mediators=[VectorMediator(5.0, 0.0)]),
        _tree(vector_mediators=[VectorMediator(5.0, 0.0, "B-L")]),
        _tree(scalar_mediators=[ScalarMediator(5.0, 0.0)]),
    ],
)
@pytest.mark.parametrize("flavor", ["nue", "numubar", "nutau"])
def test_every_effect_is_the_standard_model_at_zero(model, flavor):
    # fresh objects (not the cached ones), so that both build their σ(E) tables alike
    from cevns.nuclear.formfactors import form_factor_model
    from cevns.nuclei import isotope
    from cevns.xsec.coherent import CoherentCrossSection

    assert model.is_standard_model
    ar, helm = isotope("40Ar"), form_factor_model("helm")
    sm = CoherentCrossSection(ar, helm, SM)
    xs = CoherentCrossSection(ar, helm, model)
    for a, b in zip(xs.coefficients(T, flavor), sm.coefficients(T, flavor), strict=True):
        np.testing.assert_array_equal(a, b)
    assert xs.total(E, flavor) == sm.total(E, flavor)


def test_magnetic_moment_is_one_over_T_with_the_published_scale():
    # (dσ/dT)_EM T -> π α^2 μ^2 Z^2 / m_e^2 F^2 as T -> 0; π α^2 / m_e^2 = 2.495e-25 cm^2
    # (Giunti & Studenikin, Rev. Mod. Phys. 87 (2015) 531, arXiv:1403.6344).
    mu, Z = 1e-10, 18
    xs, sm = _with(_tree(magnetic_moment={"mu": mu})), _ar()
    t = np.array([1e-7, 1e-6])
    extra = (xs.dsigma_dT(E, t, "numu") - sm.dsigma_dT(E, t, "numu")) * t
    assert extra / (mu**2 * Z**2) == pytest.approx([2.495e-25] * 2, rel=2e-3)
    # 1/T: halving T doubles the magnetic term where the form factor is ~1
    assert extra[0] == pytest.approx(extra[1], rel=1e-4)
    # flavor by flavor: nu_e untouched, nu_mu and anti-nu_mu share the moment
    np.testing.assert_array_equal(xs.dsigma_dT(E, T, "nue"), sm.dsigma_dT(E, T, "nue"))
    np.testing.assert_array_equal(xs.dsigma_dT(E, T, "numubar"), xs.dsigma_dT(E, T, "numu"))


def test_magnetic_moment_total_matches_quad_above_a_threshold():
    xs = _with(_tree(magnetic_moment={"e": 3e-10}))
    t_min = 1e-3
    t_max = 2 * E**2 / (xs.mass + 2 * E)
    ref = quad(lambda t: float(xs.dsigma_dT(E, t, "nue")), t_min, t_max, epsrel=1e-11, limit=200)
    # 32 panels of 8-point Gauss-Legendre in log T: 4e-7
    assert float(xs.total(E, "nue", recoil_min=t_min)) == pytest.approx(ref[0], rel=1e-6)
    assert np.isinf(xs.total(E, "nue"))


def test_charge_radius_is_the_quoted_sin2_shift():
    # Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840 Eq. 57: sin^2 -> sin^2 + sqrt(2) pi
    # alpha / (3 G_F) <r^2>
    r2 = 2e-32  # cm^2
    shift = np.sqrt(2) * np.pi * ALPHA / (3 * G_F) * (r2 / HBARC2)
    assert shift == pytest.approx(0.0476, rel=2e-3)  # 0.0238 per 1e-32 cm^2
    with_radius = _with(_tree(charge_radius_cm2={"mu": r2}))
    shifted = _with(_tree(sin2_theta_w=0.23857 + shift))
    np.testing.assert_allclose(
        with_radius.dsigma_dT(E, T, "numubar"), shifted.dsigma_dT(E, T, "numubar"), rtol=1e-12
    )
    np.testing.assert_array_equal(with_radius.dsigma_dT(E, T, "nue"), _ar().dsigma_dT(E, T, "nue"))
    # the same shift in neutrino-electron scattering
    e_radius = electron_cross_section(_tree(charge_radius_cm2={"mu": r2}))
    e_shift = electron_cross_section(_tree(sin2_theta_w=0.23857 + shift))
    t = np.array([0.1, 1.0, 10.0])
    np.testing.assert_allclose(
        e_radius.dsigma_dT(E, t, "numu"), e_shift.dsigma_dT(E, t, "numu"), rtol=1e-12
    )


def test_large_millicharge_gives_rutherford_scattering():
    # photon exchange alone: dσ/dT = 2π α^2 q^2 Z^2 / (M T^2) for T << E (Rutherford)
    q_nu, Z = 1e-4, 18
    xs = _with(_tree(millicharge={"e": q_nu}), ff="point")
    t = np.array([1e-6, 1e-5])
    rutherford = 2 * np.pi * ALPHA**2 * q_nu**2 * Z**2 / (xs.mass * t**2) * HBARC2
    np.testing.assert_allclose(xs.dsigma_dT(E, t, "nue"), rutherford, rtol=2e-3)


def _nsi_point(eps):
    return _with(_tree(nsi=eps), ff="point")


def test_nsi_degeneracy_line_reproduces_the_standard_model():
    # (2Z+N) eps_u + (Z+2N) eps_d = -Q_W flips the weak charge's sign: same rate as the SM.
    # For 40Ar at eps_d = 0: eps_u = (22 - 18 (1 - 4 * 0.23857)) / 58 = 0.3651.
    eps_u = (22 - 18 * (1 - 4 * 0.23857)) / 58
    assert eps_u == pytest.approx(0.3651, abs=1e-4)
    sm = coherent_cross_section("40Ar", "point", SM)
    for eps_d in (0.0, 0.1, -0.2):
        eu = (22 - 18 * (1 - 4 * 0.23857) - (18 + 44) * eps_d) / 58
        xs = _nsi_point({"ee_u": eu, "ee_d": eps_d})
        np.testing.assert_allclose(xs.dsigma_dT(E, T, "nue"), sm.dsigma_dT(E, T, "nue"), 1e-12)
    # off the line the rate changes, and nu_mu does not see eps_ee
    xs = _nsi_point({"ee_u": 0.1})
    assert np.all(xs.dsigma_dT(E, T, "nue") < sm.dsigma_dT(E, T, "nue"))
    np.testing.assert_array_equal(xs.dsigma_dT(E, T, "numu"), sm.dsigma_dT(E, T, "numu"))


def test_flavor_changing_nsi_adds_incoherently():
    # sigma(nu_e) ∝ Q_W^2 + [2((2Z+N) eps_u + (Z+2N) eps_d)]^2 summed over final flavors
    Z, N = 18, 22
    qw = (1 - 4 * 0.23857) * Z - N
    eu, ed = 0.05, -0.02
    off = 2 * ((2 * Z + N) * eu + (Z + 2 * N) * ed)
    sm = coherent_cross_section("40Ar", "point", SM)
    xs = _nsi_point({"etau_u": eu, "etau_d": ed})
    ratio = xs.dsigma_dT(E, T, "nuebar") / sm.dsigma_dT(E, T, "nuebar")
    np.testing.assert_allclose(ratio, (qw**2 + off**2) / qw**2, rtol=1e-12)
    # the matrix is symmetric: tau neutrinos see the same transition
    np.testing.assert_allclose(
        xs.dsigma_dT(E, T, "nutau"), xs.dsigma_dT(E, T, "nuebar"), rtol=1e-12
    )


@pytest.mark.parametrize("charges, eps_factor", [("universal", 1.0), ("B-L", -1.0 / 3.0)])
def test_heavy_vector_mediator_equals_the_nsi(charges, eps_factor):
    # M^2 >> q^2: eps^q = g^2 Q_nu Q_q / (sqrt(2) G_F M^2) (arXiv:2008.05022)
    mass, g = 2.0e5, 0.25
    eps = eps_factor * g**2 / (np.sqrt(2) * G_F * mass**2)
    heavy = _with(_tree(vector_mediators=[VectorMediator(mass, g, charges)]))
    names = [f"{a}{a}_{q}" for a in ("e", "mu", "tau") for q in ("u", "d")]
    nsi = _with(_tree(nsi=dict.fromkeys(names, eps)))
    for flavor in ("nue", "numubar"):
        np.testing.assert_allclose(
            heavy.dsigma_dT(E, T, flavor), nsi.dsigma_dT(E, T, flavor), rtol=1e-5
        )
    assert abs(eps) > 0.01  # a visible effect, not a trivial equality


def test_light_vector_mediator_interferes_and_fades_with_q():
    # universal Z' interferes destructively (adds with the opposite sign to Q_W), B-L
    # constructively (arXiv:2008.05022); its weight falls as 1/(q^2 + M^2)
    g, mass = 5e-6, 10.0
    sm = _ar()
    uni = _with(_tree(vector_mediators=[VectorMediator(mass, g)]))
    bl = _with(_tree(vector_mediators=[VectorMediator(mass, g, "B-L")]))
    t_small = np.array([1e-4])
    assert uni.dsigma_dT(E, t_small, "numu") < sm.dsigma_dT(E, t_small, "numu")
    assert bl.dsigma_dT(E, t_small, "numu") > sm.dsigma_dT(E, t_small, "numu")
    r = uni.dsigma_dT(E, T, "numu") / sm.dsigma_dT(E, T, "numu")
    assert np.all(np.diff(np.abs(1 - r)) < 0)


def test_scalar_mediator_formula_and_no_interference():
    # arXiv:1604.01025: g^4 (14A + 1.1Z)^2 M^2 T / (4 pi E^2 (2MT + m^2)^2), point nucleus
    g, m_phi = 1e-5, 5.0
    model = _tree(scalar_mediators=[ScalarMediator(m_phi, g)])
    xs = _with(model, ff="point")
    sm = coherent_cross_section("40Ar", "point", SM)
    M = xs.mass
    q2 = 2 * M * T + T * T
    by_hand = (
        g**4 * (14 * 40 + 1.1 * 18) ** 2 * M**2 * T / (4 * np.pi * E**2 * (q2 + m_phi**2) ** 2)
    )
    extra = xs.dsigma_dT(E, T, "nue") - sm.dsigma_dT(E, T, "nue")
    np.testing.assert_allclose(extra, by_hand * HBARC2, rtol=1e-10)
    # incoherent: the same addition whatever the weak couplings
    other = _tree(sin2_theta_w=0.20, scalar_mediators=model.scalar_mediators)
    extra2 = _with(other, ff="point").dsigma_dT(E, T, "nue") - coherent_cross_section(
        "40Ar", "point", _tree(sin2_theta_w=0.20)
    ).dsigma_dT(E, T, "nue")
    np.testing.assert_allclose(extra2, extra, rtol=1e-9)


def test_running_sin2_against_vacuum_polarisation():
    # A second method: the one-loop lepton vacuum polarisation Pi(q^2) with its exact mass
    # dependence (Peskin & Schroeder Eq. 7.91), Δsin^2 = (sin^2(0) - 1/4) Δα(q)/α.
    def delta_alpha(q, m):
        integrand = lambda x: x * (1 - x) * np.log(1 + q * q * x * (1 - x) / m**2)  # noqa: E731
        return 2 * ALPHA / np.pi * quad(integrand, 0, 1)[0]

    for q in (10.0, 100.0):
        vp = (0.23857 - 0.25) * sum(delta_alpha(q, m) for m in (M_E, 105.6583755))
        assert float(sin2_theta_w_shift(q)) == pytest.approx(vp, abs=2.5e-5)
    assert float(sin2_theta_w_shift(0.0)) == 0.0
    assert float(sin2_theta_w_shift(100.0)) == pytest.approx(-9.4e-5, abs=0.1e-5)
    running = _with(_tree(running=True))
    ratio = running.dsigma_dT(E, T, "numu") / _ar().dsigma_dT(E, T, "numu")
    assert np.all(np.abs(ratio - 1) < 1e-3) and np.all(ratio != 1)


def test_electron_scattering_high_energy_limit():
    # E >> m_e: sigma = (2 G_F^2 m_e E / pi) (g_L^2 + g_R^2 / 3) ('t Hooft 1971; Vogel & Engel
    # 1989); nu_e: g_L = 1/2 + s2, g_R = s2; nu_mu: -1/2 + s2; antineutrinos swap g_L, g_R
    s2, energy = 0.23857, 5000.0
    xs = electron_cross_section(SM)
    scale = 2 * G_F**2 * M_E * energy / np.pi * HBARC2
    for flavor, gl, gr in [
        ("nue", 0.5 + s2, s2),
        ("numu", -0.5 + s2, s2),
        ("nuebar", s2, 0.5 + s2),
        ("numubar", s2, -0.5 + s2),
    ]:
        expected = scale * (gl**2 + gr**2 / 3)
        assert float(xs.total(energy, flavor)) == pytest.approx(expected, rel=2e-4)


def test_electron_magnetic_moment_scale():
    mu = 1e-10
    xs = electron_cross_section(_tree(magnetic_moment={"e": mu}))
    sm = electron_cross_section(SM)
    t = np.array([1e-6])
    extra = (xs.dsigma_dT(10.0, t, "nue") - sm.dsigma_dT(10.0, t, "nue")) * t / mu**2
    assert float(extra[0]) == pytest.approx(2.495e-25, rel=2e-3)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"magnetic_moment": {"mu": -1e-10}}, ">= 0"),
        ({"magnetic_moment": {"muon": 1e-10}}, "unknown flavor"),
        ({"nsi": {"ex_u": 0.1}}, "unknown NSI parameter"),
        ({"nsi": {"emu_u": 0.1, "mue_u": 0.2}}, "symmetric"),
        ({"sin2_theta_w": 1.5}, "(0, 1)"),
        ({"millicharge": {"e": float("nan")}}, "finite"),
    ],
)
def test_unphysical_model_input_is_a_clear_message(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _tree(**kwargs)


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: VectorMediator(-1.0, 1e-5), "mass must be > 0"),
        (lambda: VectorMediator(1.0, 1e-5, "L_mu"), "unknown vector mediator charges"),
        (lambda: ScalarMediator(0.0, 1e-5), "mass must be > 0"),
        (lambda: SterileNeutrino(1.0, 1.2), r"\[0, 1\]"),
        (lambda: SterileNeutrino(1.0, 0.6, 0.6), "<= 1"),
        (lambda: SterileNeutrino(-1.0, 0.1), ">= 0"),
    ],
)
def test_unphysical_parameters_are_clear_messages(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_nsi_names_and_round_trip():
    nsi = NSI.from_mapping({"emu_u": 0.1, "tautau_d": -0.3})
    assert nsi.get("mu", "e", "u") == 0.1 and nsi.get("nutau", "nutaubar", "d") == -0.3
    model = _tree(
        magnetic_moment={"numu": 1e-10},
        nsi=nsi,
        vector_mediators=[VectorMediator(10.0, 1e-5, "B-L")],
        sterile=SterileNeutrino(1.0, 0.01, 0.02),
    )
    assert PhysicsModel.from_dict(model.to_dict()) == model


def test_half_strength_zprime_convention_maps_to_g_over_sqrt2():
    # The universal light-vector term written as 3 g'^2 / (2 sqrt2 G_F (q^2 + M^2)) added to
    # g_V^p = 1/2 - 2 s^2 and g_V^n = -1/2 (1/2 convention), coded here from that formula
    from cevns.xsec.couplings import coupling_from_half_strength

    g_half, mass = 1e-4, 20.0
    s2 = SM.sin2_theta_w
    xs = _with(_tree(vector_mediators=[VectorMediator(mass, coupling_from_half_strength(g_half))]))
    sm = _ar()
    q2 = 2 * sm.mass * T + T * T
    shift = 3 * g_half**2 / (2 * np.sqrt(2) * G_F * (q2 + mass**2))
    fp, fn = sm.form_factors(np.sqrt(q2))
    half = 18 * (0.5 - 2 * s2 + shift) * fp + 22 * (-0.5 + shift) * fn
    sm_half = 18 * (0.5 - 2 * s2) * fp + 22 * (-0.5) * fn
    np.testing.assert_allclose(
        xs.dsigma_dT(E, T) / sm.dsigma_dT(E, T), (half / sm_half) ** 2, rtol=1e-10
    )
    # and the same g in both formulas differs by the factor 2 in the shift
    same_g = _with(_tree(vector_mediators=[VectorMediator(mass, g_half)]))
    assert np.all(same_g.dsigma_dT(E, T) / xs.dsigma_dT(E, T) > 1.5)


def test_dirac_magnetic_moment_is_the_published_value():
    from cevns.xsec.magnetic import dirac_magnetic_moment

    # Pandey (arXiv:2309.07840) Eq. 54: 3.2e-19 mu_B (m / 1 eV); the formula
    # 3 G_F m_e m_nu / (4 sqrt2 pi^2) with PDG constants gives 3.203e-19
    assert dirac_magnetic_moment(1.0) == pytest.approx(3.2e-19, rel=0.01)
    assert dirac_magnetic_moment(0.05) == pytest.approx(
        3 * G_F * M_E * 0.05e-6 / (4 * np.sqrt(2) * np.pi**2), rel=1e-12
    )


@pytest.mark.parametrize("target", ["208Pb", "40Ar"])
def test_neutrino_angle_distribution(target):
    xs = coherent_cross_section(target)
    c = np.linspace(-1.0, 1.0, 4001)
    for energy in (10.0, 45.0):
        dist = xs.dsigma_dcos(energy, c)
        # second method: the angle distribution integrates to the total cross section
        assert np.trapezoid(dist, c) == pytest.approx(xs.total(energy), rel=1e-6)
    # heavy-nucleus limit: Pandey (arXiv:2309.07840) Eqs. 21-22,
    # dsigma/dcos = G_F^2 Q_W^2 E^2 (1 + cos) F_W^2 / (8 pi), q^2 = 2 E^2 (1 - cos)
    energy = 10.0
    q = np.sqrt(2 * energy**2 * (1 - c))
    qw_fw = xs.weak_charge_form_factor(q)
    eq21 = G_F**2 * qw_fw**2 * energy**2 * (1 + c) / (8 * np.pi) * HBARC2
    rel = energy / xs.mass  # corrections of order E/M
    np.testing.assert_allclose(xs.dsigma_dcos(energy, c), eq21, rtol=0, atol=4 * rel * eq21.max())
    with pytest.raises(ValueError, match="cos_theta"):
        xs.dsigma_dcos(energy, 1.5)
