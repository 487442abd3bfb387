"""The multipole cross-section formula, on hand-made responses: the allowed limit, current
conservation, the pion pole, and the sign of weak magnetism."""

import numpy as np
import pytest

from cevns import constants as c
from cevns.errors import CevnsInputError
from cevns.nuclear.nucleon import NUCLEON_MASS, isovector_form_factors
from cevns.nuclear.skyrme.response import BILINEARS, ChargeExchangeResponse
from cevns.xsec.inelastic.multipole import MultipoleCrossSection

NP = c.NEUTRON_MASS - c.PROTON_MASS
G2 = c.FERMI_CONSTANT_MEV2**2 * c.HBARC2_MEV2_CM2 * c.V_UD**2


def response(direction="-", analog=6.0, /, **lines):
    """A response of 40Ar with the given products, each {name: (bin index, value)},
    constant in q (a point-like transition density: the allowed limit)."""
    omega = 0.25 + 0.5 * np.arange(60)
    q = np.arange(0.0, 3.2 + 1e-9, 0.025)
    q[0] = 1e-4
    products = {f"{a}*{b}": np.zeros((2, omega.size, q.size)) for a, b in BILINEARS}
    for name, (index, value) in lines.items():
        products[name][0, index] = value
    return ChargeExchangeResponse(
        18, 22, "test", direction, 1, omega, q, products, analog, 0, 0, 0, 0
    )


def test_allowed_limit_fermi_and_gamow_teller():
    """A Fermi line at the analog state and a Gamow-Teller line give the allowed cross section
    dσ/dcosθ = G_F²|V_ud|²/(2π) k E F_C [F₁² (1 + β cosθ) B(F) + F_A² (1 - β cosθ/3) B(GT)]
    (the formula of MARLEY and of the allowed model), with the form factors at each angle:
    the longitudinal, transverse and interference factors must combine into it. Beyond it
    the multipoles keep weak magnetism, O(q/M), which the average of ν and ν̄ at the same
    lepton kinematics cancels, and the magnetic term (q/M)² μ_V²/4 |Σ'|² v^T, added here."""
    b_f, b_gt = 4.0, 3.0
    analog_bin, gt_bin = 11, 20  # ω_RPA = 5.75 and 10.25 MeV
    lines = {
        "M*M": (analog_bin, b_f / (4 * np.pi)),
        "Sigma_p*Sigma_p": (gt_bin, 2 / 3 * b_gt / (4 * np.pi)),
        "Sigma_pp*Sigma_pp": (gt_bin, 1 / 3 * b_gt / (4 * np.pi)),
    }
    options = {"coulomb": "none", "induced_pseudoscalar": False}
    nu = MultipoleCrossSection("40Ar", "nue", response=response("-", 5.75, **lines),
                               shift_MeV=0.0, **options)  # fmt: skip
    # the same ω for ν̄ (t₊ moves the bins by +2(m_n - m_p)); its analog shift is -5.75
    nubar = MultipoleCrossSection("40Ar", "nuebar", response=response("+", -5.75, **lines),
                                  shift_MeV=-2 * NP, **options)  # fmt: skip
    cos, w = np.polynomial.legendre.leggauss(64)
    for E in (20.0, 45.0):
        expected = 0.0
        for omega_rpa, kind in ((5.75, "F"), (10.25, "GT")):
            omega = omega_rpa - NP
            El = E - omega
            k = np.sqrt(El**2 - c.ELECTRON_MASS**2)
            beta = k / El
            q2 = E**2 + k**2 - 2 * E * k * cos
            f1, xf2, fa, _ = isovector_form_factors(q2 - omega**2)
            if kind == "F":
                shape = f1**2 * (1 + beta * cos) * b_f
            else:
                vt = 1 - beta * cos + E * El * beta**2 * (1 - cos**2) / q2
                magnetic = q2 / NUCLEON_MASS**2 * (f1 + xf2) ** 2 / 4 * 2 / 3 * vt
                shape = (fa**2 * (1 - beta * cos / 3) + magnetic) * b_gt
            expected += G2 / (2 * np.pi) * k * El * (shape @ w)
        average = 0.5 * (nu(E)[0] + nubar(E)[0])
        assert average / expected == pytest.approx(1.0, rel=2e-4)


def test_conserved_vector_current_decouples_forward_for_massless_leptons():
    """With L = (ω/q) M (no Coulomb displacement), the lepton current of a massless lepton at
    θ = 0 is ∝ q^μ and sees nothing: d²σ/dω dcosθ vanishes forward (up to m_e²)."""
    resp = response("-", 0.0, **{"M*M": (30, 0.3)})
    xs = MultipoleCrossSection("40Ar", "nue", response=resp, coulomb="none", shift_MeV=NP)
    _, d2 = xs.differential(40.0, cos_theta=[1.0, 0.0])
    assert d2[30, 0] < 1e-3 * d2[30, 1]


def test_pion_pole_decouples_from_massless_leptons():
    """The induced pseudoscalar (∝ q^μ) cancels between the axial charge and longitudinal
    multipoles for a massless lepton: for ν_e it changes a longitudinal axial line by O(m_e²)
    only, while for ν_μ (m_μ² not small) it changes it visibly."""
    lines = {"Sigma_pp*Sigma_pp": (30, 0.2), "Sigma_p*Sigma_p": (30, 0.3)}
    ratios = {}
    for flavor in ("nue", "numu"):
        with_fp, without = (
            MultipoleCrossSection("40Ar", flavor, response=response("-", 6.0, **lines),
                                  coulomb="none", shift_MeV=0.0, induced_pseudoscalar=p)
            for p in (True, False)
        )  # fmt: skip
        E = 150.0
        cos = np.array([-0.5, 0.3, 0.9, 1.0])
        ratios[flavor] = with_fp.differential(E, cos)[1][30] / without.differential(E, cos)[1][30]
    assert ratios["nue"] == pytest.approx(np.ones(4), rel=1e-4)
    assert np.max(np.abs(ratios["numu"] - 1)) > 0.01


def test_weak_magnetism_raises_neutrino_and_lowers_antineutrino_cross_sections():
    """The same Gamow-Teller line for ν (t₋) and ν̄ (t₊): the T^el-T^mag interference (weak
    magnetism × axial) has opposite signs, ν above ν̄ (Horowitz, PRD 65, 043001 (2002))."""
    lines = {
        "Sigma_p*Sigma_p": (20, 2 / 3 / (4 * np.pi)),
        "Sigma_pp*Sigma_pp": (20, 1 / 3 / (4 * np.pi)),
    }
    options = {"coulomb": "none", "shift_MeV": 0.0}
    nu = MultipoleCrossSection("40Ar", "nue", response=response("-", **lines), **options)
    nubar = MultipoleCrossSection("40Ar", "nuebar", response=response("+", **lines), **options)
    # same lepton energy: the t₊ bin sits 2 (m_n - m_p) higher
    for E in (30.0, 60.0):
        ratio = nu(E)[0] / nubar(E + 2 * NP)[0]
        assert ratio > 1.02


def test_response_of_another_nucleus_is_refused():
    with pytest.raises(CevnsInputError, match="not for nue on 12C"):
        MultipoleCrossSection("12C", "nue", response=response())
    with pytest.raises(CevnsInputError, match="flavor"):
        MultipoleCrossSection("40Ar", "nux", response=response())
