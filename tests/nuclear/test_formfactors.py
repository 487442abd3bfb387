"""Form factors: exact limits, rms radii, and analytic versus numerical transforms."""

import numpy as np
import pytest

import cevns
from cevns.constants import HBARC_MEV_FM
from cevns.errors import CevnsInputError
from cevns.nuclear.formfactors import (
    FourierBessel,
    Helm,
    KleinNystrand,
    MeshDensity,
    PointNucleus,
    RadialDensity,
    SumOfGaussians,
    SymmetrizedFermi,
    form_factor_model,
    measured_charge_density,
)
from cevns.nuclei import isotope

ANALYTIC = [
    Helm.from_A(40),
    KleinNystrand.from_A(40),
    SymmetrizedFermi.from_A(40),
    KleinNystrand.from_rms(3.427),
    Helm.from_rms(4.8),
]


@pytest.mark.parametrize(
    "ff", ANALYTIC + [measured_charge_density("40Ar"), measured_charge_density("208Pb", "sog")]
)
def test_unity_at_zero_and_small_q_expansion(ff):
    assert ff(0.0) == 1.0
    assert np.all(np.isfinite(ff(np.array([0.0, 1e-12, 1e-6]))))
    # F(q) = 1 - q^2 <r^2>/6 + O(q^4), with the model's own rms radius
    q = 2.0  # MeV: q R ~ 0.04
    qf = q / HBARC_MEV_FM
    expected = 1.0 - qf**2 * ff.rms_radius_fm**2 / 6.0
    assert ff(q) == pytest.approx(expected, abs=5e-6)


def test_helm_radius_lar_detectors():
    # Carey & Pandey, arXiv:2412.18055 Eq. 11: R0^2 = (1.23 A^1/3 - 0.6)^2 + 7/3 pi^2 0.52^2 - 5
    # 0.9^2 for 40Ar
    c = 1.23 * 40 ** (1 / 3) - 0.6
    R0 = np.sqrt(c**2 + 7 / 3 * np.pi**2 * 0.52**2 - 5 * 0.81)
    assert Helm.from_A(40).R0_fm == pytest.approx(R0, rel=1e-12)
    # Helm and symmetrized Fermi built from the same (c, a) share the rms radius
    assert Helm.from_A(40).rms_radius_fm == pytest.approx(
        SymmetrizedFermi.from_A(40).rms_radius_fm, rel=1e-12
    )


def test_adapted_kn_reproduces_measured_radius():
    # Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840: R_A = sqrt(5/3 r^2 - 10 a^2) so that
    # the rms radius is the measured 3.427 fm
    ff = cevns.form_factor_model("adapted-klein-nystrand").proton(cevns.isotope("40Ar"))
    assert ff.rms_radius_fm == pytest.approx(3.4274, abs=1e-4)


def test_symmetrized_fermi_against_numerical_transform():
    sf = SymmetrizedFermi(4.0, 0.55)

    def density(r):
        return np.sinh(4.0 / 0.55) / (np.cosh(r / 0.55) + np.cosh(4.0 / 0.55))

    numeric = RadialDensity(density, r_max_fm=20.0, n_nodes=400)
    q = np.linspace(0.0, 400.0, 41)
    np.testing.assert_allclose(sf(q), numeric(q), atol=1e-9)
    assert sf.rms_radius_fm == pytest.approx(numeric.rms_radius_fm, rel=1e-9)


def test_helm_against_numerical_transform_of_its_density():
    # Helm density: a uniform sphere of radius R0 folded with a Gaussian of width s
    from scipy.special import erf

    R0, s = 3.9, 0.9

    def density(r):
        r = np.maximum(r, 1e-9)
        a, b = (r + R0) / s, (r - R0) / s
        return 0.5 * (erf(a / np.sqrt(2)) - erf(b / np.sqrt(2))) - s / (r * np.sqrt(2 * np.pi)) * (
            np.exp(-(b**2) / 2) - np.exp(-(a**2) / 2)
        )

    numeric = RadialDensity(density, r_max_fm=12.0, n_nodes=400)
    q = np.linspace(0.0, 500.0, 51)
    np.testing.assert_allclose(Helm(R0, s)(q), numeric(q), atol=1e-8)


@pytest.mark.parametrize("name, rms", [("40Ar", 3.4235), ("40Ca", 3.4500), ("208Pb", 5.5032)])
def test_fourier_bessel_analytic_versus_numerical(name, rms):
    fb = measured_charge_density(name, "fb")
    numeric = RadialDensity(fb.density, r_max_fm=fb.R_fm, n_nodes=400)
    q = np.linspace(0.0, 600.0, 121)
    q = np.append(q, [np.pi * HBARC_MEV_FM / fb.R_fm * k for k in (1, 2, 3)])  # q = q_v exactly
    np.testing.assert_allclose(fb(q), numeric(q), atol=1e-8)
    # rms radius of the de Vries density (value from integrating the published parameters)
    assert fb.rms_radius_fm == pytest.approx(rms, abs=2e-3)


def test_sum_of_gaussians_radius_and_transform():
    sog = measured_charge_density("12C", "sog")
    assert sog.rms_radius_fm == pytest.approx(2.469, abs=2e-3)  # de Vries 1987 table
    numeric = RadialDensity(sog.density, r_max_fm=15.0, n_nodes=400)
    q = np.linspace(0.0, 600.0, 61)
    np.testing.assert_allclose(sog(q), numeric(q), atol=1e-8)


def test_measured_density_close_to_measured_charge_radius():
    # de Vries (1987) and Angeli-Marinova (2013) radii agree to a few 0.01 fm
    for name in ("40Ca", "48Ca", "208Pb", "40Ar"):
        ff = measured_charge_density(name)
        assert ff.rms_radius_fm == pytest.approx(cevns.isotope(name).charge_radius_fm, abs=0.03)


def test_missing_measured_density_is_a_clear_error():
    with pytest.raises(ValueError, match="available"):
        measured_charge_density("133Cs")


def test_neutron_skin_changes_neutron_radius_only():
    model = cevns.form_factor_model("helm", neutron_skin_fm=0.2)
    iso = cevns.isotope("208Pb")
    p, n = model.pair(iso)
    assert n.rms_radius_fm - p.rms_radius_fm == pytest.approx(0.2, abs=1e-12)
    assert isinstance(PointNucleus()(np.ones(3)), np.ndarray)
    with pytest.raises(ValueError, match="unknown form factor"):
        cevns.form_factor_model("gaussian")


def test_sog_and_fb_unit_normalisation_independent_of_scale():
    sog = SumOfGaussians(1.0, (0.5, 1.5), (0.2, 0.6))  # fractions not summing to 1
    assert sog(0.0) == pytest.approx(1.0)
    fb = FourierBessel(8.0, (0.02, 0.04, 0.03))
    assert fb(0.0) == pytest.approx(1.0)


def test_tabulated_bessel_transform_matches_direct_sum():
    """Mesh and radial densities read F(q) from a Hermite table of F and F'; the direct
    sum of w_i j0(q r_i) (second method) agrees to 1e-8 everywhere up to 4 GeV."""
    r = np.linspace(0.05, 14.0, 280)
    rho = 1.0 / (1.0 + np.exp((r - 4.0) / 0.55))
    mesh = MeshDensity(r, rho)
    q = np.concatenate([np.linspace(0.0, 4000.0, 5001), [1e-6, HBARC_MEV_FM, 3999.999]])
    weights = r**2 * rho / np.sum(r**2 * rho)
    x = np.multiply.outer(q / HBARC_MEV_FM, r)
    direct = np.where(x > 0, np.sin(x) / np.where(x > 0, x, 1.0), 1.0) @ weights
    np.testing.assert_allclose(mesh(q), direct, rtol=0, atol=1e-8)
    assert mesh(0.0) == pytest.approx(1.0, abs=1e-14)


def test_tabulated_transform_refuses_q_beyond_its_range():
    ff = form_factor_model("hf-sly4").pair(isotope("40Ar"))[0]
    with pytest.raises(CevnsInputError, match="outside the tabulated form factors"):
        ff(np.array([1.0, 1e6]))
    with pytest.raises(CevnsInputError, match="momentum transfer must be finite"):
        ff(np.nan)
