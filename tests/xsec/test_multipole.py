"""The multipole cross-section formula, on hand-made responses: the allowed limit, current
conservation, the pion pole, and the sign of weak magnetism."""

import numpy as np
import pytest

from cevns import constants as c
from cevns.errors import CevnsInputError
from cevns.nuclear.nucleon import NUCLEON_MASS, isovector_form_factors
from cevns.nuclear.skyrme.response import BILINEARS, WeakResponse
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
        # charged currents: the magnetic and axial couplings are both 1
        for spin in ("Sigma", "Sigma_p"):
            if name == f"{spin}*{spin}":
                products[f"{spin}_mu*{spin}_mu" if spin == "Sigma" else "Sigma_p_mu*Sigma_p_mu"][
                    0, index
                ] = value
                products[f"{spin}_mu*{spin}" if spin == "Sigma" else "Sigma_p_mu*Sigma_p"][
                    0, index
                ] = value
    return WeakResponse(18, 22, "test", direction, 1, omega, q, products, analog, 0, 0, 0, 0)


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


# ν_e CC on 40Ar of E. Kolbe, K. Langanke, G. Martínez-Pinedo, P. Vogel, J. Phys. G 29, 2569
# (2003), arXiv:nucl-th/0311022 (shell-model Gamow-Teller strength, RPA forbidden multipoles),
# as tabulated in SNOwGLoBES (xscns/xs_nue_Ar40_klmv.dat, rows at these energies; σ = column
# × E/GeV × 1e-38 cm²), in 1e-42 cm²
KOLBE_ARGON = [
    (19.975, 53.592),
    (24.953, 102.976),
    (30.038, 170.375),
    (39.987, 394.946),
    (49.953, 760.638),
    (60.131, 1340.754),
    (80.049, 3031.135),
    (100.0, 5412.75),
]


def test_argon_reproduces_kolbe_et_al():
    """Our Skyrme (SLy4) HF + RPA, with the Gamow-Teller strength quenched by 0.64 as in
    shell-model calculations and the lowest state put at the 40K ground state, against the
    RPA + shell-model cross section of Kolbe et al.: within 15 % from 20 to 100 MeV (we find
    0.95-1.07; the residue is the RPA's Gamow-Teller distribution, which puts more strength
    low than the shell model). Without the quenching we are 30-45 % above below 50 MeV."""
    E = np.array([e for e, _ in KOLBE_ARGON])
    ref = np.array([v for _, v in KOLBE_ARGON]) * 1e-42
    xs = MultipoleCrossSection("40Ar", "nue", gt_quenching=0.64)
    assert xs(E) / ref == pytest.approx(np.ones(E.size), rel=0.15)
    free = MultipoleCrossSection("40Ar", "nue", response=xs.response)
    assert np.all(free(E[:4]) / ref[:4] > 1.25)


def test_argon_response_sum_rules_and_analog_state():
    """The response keeps the RPA's Fermi and Ikeda sum rules (N - Z = 4, 3(N - Z) = 12); its
    analog state lies at ω_RPA = 5.68 MeV, E_x(40K) = 3.4 MeV against the measured 4.38 MeV
    (A. Bhattacharya et al., PRC 58, 3677 (1998)): the missing momentum-dependent residual
    terms leave isospin symmetry broken by about an MeV."""
    r = MultipoleCrossSection("40Ar", "nue").response
    assert r.fermi == pytest.approx(4.0, rel=1e-5)
    assert r.gamow_teller == pytest.approx(12.0, rel=2e-5)
    ex = r.analog_MeV - NP - (0.99336)  # nuclear mass difference 40K - 40Ar (AME2020), MeV
    assert 2.4 < ex < 4.4


# ν_e CC on 16O, continuum RPA of E. Kolbe, K. Langanke, P. Vogel, Phys. Rev. D 66, 013007
# (2002), as tabulated in SNOwGLoBES (xscns/xs_nue_O16.dat, rows at these energies), 1e-42 cm²
KOLBE_OXYGEN = [
    (29.991, 1.246),
    (39.983, 12.764),
    (50.056, 52.444),
    (59.913, 139.937),
    (80.116, 555.409),
    (100.0, 1320.0),
]


def test_oxygen_reproduces_the_continuum_rpa_of_kolbe_langanke_vogel():
    """16O is doubly magic and its response is forbidden (first-forbidden 0⁻, 1⁻, 2⁻ above a
    15.4 MeV threshold): with the lowest state put at the 16F ground state (AME2020) our RPA is
    within 10 % of the continuum RPA from 30 to 100 MeV (we find 0.91-0.99). Near threshold
    the discrete box states make the difference larger (+24 % at 25 MeV)."""
    E = np.array([e for e, _ in KOLBE_OXYGEN])
    ref = np.array([v for _, v in KOLBE_OXYGEN]) * 1e-42
    xs = MultipoleCrossSection("16O", "nue")
    assert xs(E) / ref == pytest.approx(np.ones(E.size), rel=0.10)


@pytest.mark.slow
def test_measured_rows_the_rpa_describes():
    """The RPA (Gamow-Teller strength × 0.64) against the decay-at-rest measurements it should
    describe, within two standard deviations: 12N* (the 12C continuum, all forbidden), 56Fe
    (KARMEN), and the bound 127Xe states (LSND radiochemical). Minutes the first time (127I);
    12C's ground state (RPA 21, measured 9) and 127I inclusive (RPA 20e-40, COHERENT 9.2e-40)
    are far off and are stated, not tested, in the README."""
    from cevns.xsec.inelastic.measurements import RPA_GT_QUENCHING, comparison_table

    rows = [r for r in comparison_table(rpa=True) if r.rpa_cm2 is not None]
    assert {r.reaction for r in rows} == {
        "12C(nue,e-)12N g.s.", "12C(nue,e-)12N*", "56Fe(nue,e-)56Co",
        "127I(nue,e-)127Xe", "127I(nue,e-)X", "12C(numu,numu')12C*(15.11)",
        "12C(nu,nu')12C*(15.11)",
    }  # fmt: skip
    assert RPA_GT_QUENCHING == 0.64
    for r in rows:
        if r.reaction in ("12C(nue,e-)12N*", "56Fe(nue,e-)56Co", "127I(nue,e-)127Xe"):
            pull = (r.rpa_quenched_cm2 - r.measured_cm2) / r.measured_uncertainty_cm2
            assert abs(pull) < 2, (r.reaction, r.experiment, pull)


def test_missing_energy_shells_at_their_removal_energies():
    """KDAR ν_μ on 12C resolved by hole: the parts add up to the free response of the whole
    nucleus (a second calculation), and the continuum of each shell sits at E_m = ω - T_p =
    -ε_h - (m_n - m_p) + shift, the HF removal energy (up to the 0.5 MeV bins)."""
    from cevns.constants import kaon_dar_numu_energy
    from cevns.nuclear.skyrme.response import weak_response
    from cevns.nuclear.skyrme.store import hartree_fock
    from cevns.xsec.inelastic.multipole import missing_energy_distribution

    E = kaon_dar_numu_energy()
    edges = np.arange(-150.0, 150.0, 1.0)
    parts = missing_energy_distribution("12C", E, edges)
    assert set(parts) == {"1s1/2", "1p3/2"}
    full = MultipoleCrossSection("12C", "numu", j_max=10)
    free = MultipoleCrossSection(
        "12C", "numu", shift_MeV=full.shift_MeV,
        response=weak_response(6, 6, j_max=10, residual=False),
    )  # fmt: skip
    assert sum(p.sum() for p in parts.values()) / free(E)[0] == pytest.approx(1.0, rel=1e-10)
    levels = {lv.label: lv.energy_MeV for lv in hartree_fock(6, 6).levels if lv.kind == "neutron"}
    for label, part in parts.items():
        removal = -levels[label] - NP + full.shift_MeV
        inside = (edges[:-1] > removal - 1.0) & (edges[1:] < removal + 1.0)
        assert part[inside].sum() > 0.7 * part.sum()


@pytest.mark.slow
def test_cross_section_to_300_MeV_converges_in_multipoles_and_energy_transfer():
    """σ(E) to 300 MeV: J ≤ 12 and ω ≤ 300 MeV agree with J ≤ 14 and ω ≤ 350 MeV to 1e-3
    (12C); the defaults (J ≤ 8, ω ≤ 150 MeV) hold to 1e-3 at 200 MeV and miss 5-10 % at 300."""
    E = np.array([100.0, 200.0, 300.0])
    wide = MultipoleCrossSection("12C", "nue", j_max=12, omega_max_MeV=300.0)
    wider = MultipoleCrossSection("12C", "nue", j_max=14, omega_max_MeV=350.0)
    assert wide(E) / wider(E) == pytest.approx(np.ones(3), rel=1e-3)
    default = MultipoleCrossSection("12C", "nue")(E) / wider(E)
    assert default[:2] == pytest.approx(np.ones(2), rel=1e-3)
    assert 0.90 < default[2] < 0.95


def test_neutral_current_is_the_charged_current_formula_without_v_ud_and_lepton_mass():
    """The same allowed Gamow-Teller line as NC and as CC (ν_μ-like kinematics far above the
    electron mass, no Coulomb, same ω): NC/CC = 1/|V_ud|² up to O(m_e²/E²); NC is the same
    for every neutrino flavor and differs for antineutrinos (weak magnetism)."""
    lines = {"Sigma_p*Sigma_p": (20, 0.2), "Sigma_pp*Sigma_pp": (20, 0.1)}
    cc = MultipoleCrossSection("40Ar", "nue", response=response("-", 6.0, **lines),
                               coulomb="none", shift_MeV=NP)  # fmt: skip
    neutral = response("-", 0.0, **lines)
    neutral = type(neutral)(**{**neutral.__dict__, "direction": "0"})
    nc = MultipoleCrossSection("40Ar", "numu", channel="nc", response=neutral)
    E = np.array([40.0, 80.0])
    assert nc(E) / cc(E) == pytest.approx(np.full(2, 1 / c.V_UD**2), rel=1e-3)
    assert np.all(nc.total(E, "nutau") == nc(E)) and np.all(nc.total(E, "numubar") == 0)
    nubar = MultipoleCrossSection("40Ar", "numubar", channel="nc", response=neutral)
    assert np.all(nubar(E) < nc(E))


def test_rate_engine_and_sampler_take_the_multipole_model():
    """The RPA bins are the levels of the inelastic rate engine: counts (exact flux average),
    the per-level counts and the lepton spectrum (both from the 0.05 MeV σ table) agree to
    1e-4, the sampled lepton energies follow the lepton spectrum, and the sampled angles
    follow d²σ/dω dcosθ of a bin."""
    from cevns.detectors.experiments import experiment
    from cevns.rates.inelastic import InelasticRate

    xs = MultipoleCrossSection("40Ar", "nue", gt_quenching=0.64)
    exp = experiment("CENNS750")
    rate = InelasticRate(xs, exp.flux(), exp.detector, exp.source, exp.time_window_ns)
    assert rate.reaction.name == "nue-40Ar-cc-rpa"
    assert rate.reaction.excitation_energies[0] == pytest.approx(0.0, abs=0.3)
    total = rate.counts("year").total
    edges = np.linspace(0.0, 60.0, 61)
    spectrum = rate.lepton_spectrum(edges, "year")
    assert rate.level_counts("year").sum() / total == pytest.approx(1.0, rel=1e-4)
    assert spectrum.sum() / total == pytest.approx(1.0, rel=1e-4)
    events = rate.sample(20_000, random_state=3)
    counts = np.histogram(events.lepton_kinetic_energy, edges)[0]
    expected = spectrum / spectrum.sum() * 20_000
    full = expected > 50
    chi2 = np.sum((counts[full] - expected[full]) ** 2 / expected[full])
    assert chi2 < full.sum() + 4 * np.sqrt(2 * full.sum())
    # angles of one bin at one energy against the exact double-differential cross section
    k = int(np.argmax(rate.level_counts("year")))
    E = 40.0
    cos = xs.sample_cos(np.full(200_000, E), np.full(200_000, k), np.random.default_rng(5))
    grid = np.linspace(-1.0, 1.0, 11)
    _, d2 = xs.differential(E, cos_theta=np.linspace(-1, 1, 401))
    pdf = d2[xs._bins[k]]
    exact = np.array([pdf[(np.linspace(-1, 1, 401) >= a) & (np.linspace(-1, 1, 401) <= b)].mean()
                      for a, b in zip(grid[:-1], grid[1:], strict=True)])  # fmt: skip
    exact = exact / exact.sum() * 200_000
    drawn = np.histogram(cos, grid)[0]
    assert np.sum((drawn - exact) ** 2 / exact) < 10 + 4 * np.sqrt(20)


def test_snowglobes_tables_of_the_multipole_model(tmp_path):
    """CC and NC tables of 16O written in the SNOwGLoBES format and read back: the cross
    sections of the model at the table's energies, zero where a flavor does not drive the
    channel, the same NC for every flavor of one helicity."""
    from cevns.io.xscns import multipole_xscns, read_xscns

    E = np.array([20.0, 40.0, 60.0])
    cc = multipole_xscns("16O", energies_MeV=E)
    back = read_xscns(cc.write(tmp_path / "xs_cc_O16.dat"))
    direct = MultipoleCrossSection("16O", "nue")(E)
    assert back.cross_sections["nue"] / direct == pytest.approx(np.ones(3), rel=1e-5)
    assert np.all(back.cross_sections["nutau"] == 0) and np.all(back.cross_sections["nuebar"] > 0)
    nc = multipole_xscns("16O", energies_MeV=E, channel="nc")
    assert np.all(nc.cross_sections["numu"] == nc.cross_sections["nutau"])
    assert np.all(nc.cross_sections["nuebar"] < nc.cross_sections["nue"])


@pytest.mark.slow
def test_box_discretised_continuum_is_converged():
    """The continuum is discretised by the basis box: growing it from the HF box + 10 fm to
    + 30 fm (24 to 44 fm for 16O) changes σ(E) by less than 2 % from 25 to 60 MeV (we find
    at most 1.7 %, at 25-30 MeV)."""
    from cevns.nuclear.skyrme.response import weak_response

    E = np.array([25.0, 30.0, 40.0, 60.0])
    small = MultipoleCrossSection("16O", "nue")
    large = MultipoleCrossSection(
        "16O", "nue", shift_MeV=small.shift_MeV,
        response=weak_response(8, 8, box_margin_fm=30.0),
    )  # fmt: skip
    assert large(E) / small(E) == pytest.approx(np.ones(E.size), rel=0.02)
