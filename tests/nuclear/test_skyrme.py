"""Spherical Skyrme Hartree-Fock against published HF results and experiment.

Reference HF results (tests/data/skyrme-hf-reference, from arXiv:2209.03257's public inputs
and outputs): total energy E, point-neutron and point-proton rms radii with SLy4 and SkM*
(one-body centre-of-mass correction, Slater Coulomb exchange, no J² terms), SLy5 (J² terms),
and SIII, SGII, SkI3 (two-body centre-of-mass correction; the reference lists their energy
before E_cm is added, see tests/data/skyrme-hf-reference/README.md). Experiment: binding
energies and charge radii of the same file; 40Ar's charge radius from the package's isotope
table (Angeli & Marinova 2013).
"""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from cevns.constants import HBARC_MEV_FM
from cevns.errors import ConvergenceError
from cevns.nuclear.formfactors import form_factor_model, measured_charge_density
from cevns.nuclear.nucleon import charge_form_factor
from cevns.nuclear.skyrme.formfactors import point_form_factors
from cevns.nuclear.skyrme.hf import solve
from cevns.nuclear.skyrme.parameters import SkyrmeParameters, skyrme_parameters
from cevns.nuclei import isotope

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "skyrme-hf-reference"
ISSUE_NUCLEI = ("16O", "40Ca", "48Ca", "90Zr", "132Sn", "208Pb")


def _rows(path):
    return list(csv.DictReader(open(path)))


HF_ROWS = {(r["set"], r["nucleus"]): r for r in _rows(REFERENCE / "skyrme_hf_results.csv")}
EXPERIMENT = {r["nucleus"]: r for r in _rows(REFERENCE / "experiment_binding_radii.csv")}


# The reference computed SIII with the two-body centre-of-mass correction; the packaged SIII
# uses the one-body factor it was fitted with (see test_siii_convention_from_binding_energies).
SIII_TWO_BODY = replace(skyrme_parameters("SIII"), name="SIII-2body", two_body_cm=True)
_SETS = {"SIII-2body": SIII_TWO_BODY}


@pytest.fixture(scope="module")
def results():
    cache = {}

    def get(skyrme, nucleus):
        if (skyrme, nucleus) not in cache:
            row = HF_ROWS[(skyrme.removesuffix("-2body"), nucleus)]
            Z, A = int(row["Z"]), int(row["A"])
            cache[(skyrme, nucleus)] = solve(Z, A - Z, _SETS.get(skyrme, skyrme))
        return cache[(skyrme, nucleus)]

    return get


def _check_against_reference(result, row):
    # the issue's bar: energies within 0.3 MeV, radii within 0.01 fm (same conventions);
    # achieved: <= 0.05 MeV and 1e-4 fm for doubly magic nuclei
    assert result.total_energy_MeV == pytest.approx(float(row["E_MeV"]), abs=0.3)
    assert result.rms_radius_proton_fm == pytest.approx(float(row["col8_rp_fm"]), abs=0.01)
    assert result.rms_radius_neutron_fm == pytest.approx(float(row["col7_rn_fm"]), abs=0.01)


@pytest.mark.parametrize("skyrme", ["SLy4", "SkMs"])
@pytest.mark.parametrize("nucleus", ISSUE_NUCLEI)
def test_energies_and_radii_match_published_hf(results, skyrme, nucleus):
    _check_against_reference(results(skyrme, nucleus), HF_ROWS[(skyrme, nucleus)])


@pytest.mark.slow
@pytest.mark.parametrize(
    "key", [k for k in HF_ROWS if k[0] in ("SLy4", "SkMs") and k[1] not in ISSUE_NUCLEI]
)
def test_other_reference_nuclei(results, key):
    """The remaining reference nuclei (34Si, 52,54Ca, 48,56,78Ni, 100Sn). The SkM* 34Si
    and 54Ca references carry a pairing energy (0.68, 0.57 MeV) that ours lacks."""
    _check_against_reference(results(*key), HF_ROWS[key])


TWO_BODY_CM_SETS = ("SIII-2body", "SGII", "SkI3")


def _check_other_set(result, row):
    """Energies within 0.3 MeV, radii within 0.002 fm. For the two-body c.m. sets the
    reference lists E - E_cm (its radii are those of HF equations with the bare ħ²/2m)."""
    energy = result.total_energy_MeV - result.energy_terms_MeV.get("centre_of_mass", 0.0)
    assert energy == pytest.approx(float(row["E_MeV"]), abs=0.3)
    assert result.rms_radius_proton_fm == pytest.approx(float(row["col8_rp_fm"]), abs=0.002)
    assert result.rms_radius_neutron_fm == pytest.approx(float(row["col7_rn_fm"]), abs=0.002)


@pytest.mark.parametrize("skyrme", [*TWO_BODY_CM_SETS, "SLy5"])
@pytest.mark.parametrize("nucleus", ["16O", "48Ca", "208Pb"])
def test_other_sets_match_published_hf(results, skyrme, nucleus):
    """SIII, SGII, SkI3 and SLy5 against the same reference (achieved: < 0.2 MeV, 2e-4 fm)."""
    _check_other_set(results(skyrme, nucleus), HF_ROWS[(skyrme.removesuffix("-2body"), nucleus)])


@pytest.mark.slow
@pytest.mark.parametrize(
    "key",
    [
        (s + "-2body" if s == "SIII" else s, n)
        for (s, n), row in HF_ROWS.items()
        if s in ("SIII", "SGII", "SkI3", "SLy5")
        and n not in ("16O", "48Ca", "208Pb")
        and float(row["col10"]) == float(row["col11"]) == 0  # no pairing in the reference
    ],
)
def test_other_sets_other_nuclei(results, key):
    _check_other_set(results(*key), HF_ROWS[(key[0].removesuffix("-2body"), key[1])])


@pytest.mark.parametrize("skyrme", TWO_BODY_CM_SETS)
def test_centre_of_mass_energy_of_16O_is_the_oscillator_one(results, skyrme):
    """16O's HF orbitals are close to oscillator ones, for which E_cm = -3/4 ħω exactly with
    <r²> = (9/4) b² and ħω = ħ²/(m b²): with b from the HF point-matter radius, E_cm agrees
    within 3 % (the one-body part alone is 1.5 times larger)."""
    r = results(skyrme, "16O")
    b2 = r.rms_radius_matter_fm**2 / 2.25
    oscillator = -0.75 * 2 * r.parameters.hbar2_2m / b2
    assert r.energy_terms_MeV["centre_of_mass"] == pytest.approx(oscillator, rel=0.03)
    assert "centre_of_mass" not in results("SLy5", "16O").energy_terms_MeV


def test_ski3_with_its_centre_of_mass_correction_matches_experiment(results):
    """SkI3 was fitted with the full centre-of-mass correction (Reinhard & Flocard 1995):
    with it the binding energies of 16O, 48Ca and 208Pb are within 1 % of experiment (0.6,
    0.2, 0.1 %); without it 16O would be 7 % under-bound."""
    for nucleus in ("16O", "48Ca", "208Pb"):
        r, measured = results("SkI3", nucleus), float(EXPERIMENT[nucleus]["B"])
        assert r.total_energy_MeV == pytest.approx(measured, rel=0.01), nucleus
    r16 = results("SkI3", "16O")
    without = r16.total_energy_MeV - r16.energy_terms_MeV["centre_of_mass"]
    assert without / float(EXPERIMENT["16O"]["B"]) < 0.94


def test_siii_convention_from_binding_energies(results):
    """SIII was fitted with the one-body factor (1 - 1/A): so packaged, it reproduces the
    measured 16O, 48Ca and 208Pb binding energies within 0.6 %, while with the two-body
    correction (the reference's flag) 16O and 208Pb are under-bound by 3.8 and 0.8 %."""
    for nucleus in ("16O", "48Ca", "208Pb"):
        measured = float(EXPERIMENT[nucleus]["B"])
        assert results("SIII", nucleus).total_energy_MeV == pytest.approx(measured, rel=0.006)
    for nucleus, shortfall in (("16O", 0.03), ("208Pb", 0.006)):
        ratio = results("SIII-2body", nucleus).total_energy_MeV / float(EXPERIMENT[nucleus]["B"])
        assert ratio < 1 - shortfall, nucleus


def test_tight_agreement_for_doubly_magic_nuclei(results):
    """How close the solver really is (mesh 0.1 fm): 16O and 208Pb within 0.05 MeV and
    0.001 fm of the reference, a tighter bar than the issue's."""
    for nucleus in ("16O", "208Pb"):
        r, row = results("SLy4", nucleus), HF_ROWS[("SLy4", nucleus)]
        assert r.total_energy_MeV == pytest.approx(float(row["E_MeV"]), abs=0.05)
        assert r.rms_radius_neutron_fm == pytest.approx(float(row["col7_rn_fm"]), abs=1e-3)


def test_charge_radius_of_spin_saturated_nuclei(results):
    """For N = Z spin-saturated nuclei (16O, 40Ca) the reference's first charge-radius
    column equals r_p² + R_p² + (N/Z)<r²>_n + Darwin-Foldy within 0.002 fm (nucleon radii
    may differ by the CODATA/PDG edition); elsewhere it also holds a spin-orbit term."""
    for nucleus in ("16O", "40Ca"):
        r, row = results("SLy4", nucleus), HF_ROWS[("SLy4", nucleus)]
        assert r.rms_radius_charge_fm == pytest.approx(float(row["col5_rch_fm"]), abs=0.002)


@pytest.mark.parametrize("skyrme", ["SLy4", "SkMs"])
def test_against_experiment(results, skyrme):
    """Binding energies within 1 % of experiment (SLy4 and SkM* were fitted to such data;
    the worst are SkM* 48Ca, +0.97 %, and SLy4 16O, +0.69 %) and charge radii within
    0.11 fm (16O is overestimated by 0.10-0.11 fm by both sets, a known shortfall of these
    functionals; the rest by 0.002-0.06 fm)."""
    for nucleus in ISSUE_NUCLEI:
        r, exp = results(skyrme, nucleus), EXPERIMENT[nucleus]
        assert r.total_energy_MeV == pytest.approx(float(exp["B"]), rel=0.01), nucleus
        if exp["Rch"]:
            limit = 0.11 if nucleus == "16O" else 0.06
            assert abs(r.rms_radius_charge_fm - float(exp["Rch"])) < limit, nucleus


@pytest.mark.parametrize("skyrme", ["SLy4", "SkMs"])
def test_argon_40_filling_approximation(skyrme):
    """40Ar with pairing="none" (2 protons in 1d3/2, 2 neutrons in 1f7/2): charge radius
    within 0.02 fm of the measured 3.4274 fm (Angeli & Marinova 2013) and the binding energy
    within 1 % of AME2020 (343.81 MeV)."""
    r = solve(18, 22, skyrme, pairing="none")
    assert abs(r.rms_radius_charge_fm - isotope("40Ar").charge_radius_fm) < 0.02
    assert -r.total_energy_MeV == pytest.approx(343.81, rel=0.01)
    partial = {
        (lv.kind, lv.label): lv.occupation for lv in r.levels if lv.occupation < 2 * lv.j + 1
    }
    assert partial == {("proton", "1d3/2"): 2.0, ("neutron", "1f7/2"): 2.0}


@pytest.mark.parametrize("skyrme", ["SLy4", "SkMs"])
def test_argon_40_with_pairing(skyrme):
    """40Ar with constant-gap BCS (the default): charge radius within 0.01 fm of 3.4274 fm
    (3.436 SLy4, 3.427 SkM*); the pairing energy (-6.4, -8.1 MeV) over-binds by 1.0 %
    (347.3 MeV against 343.81); occupations are fractional around the Fermi energy."""
    r = solve(18, 22, skyrme)
    assert abs(r.rms_radius_charge_fm - isotope("40Ar").charge_radius_fm) < 0.01
    assert -r.total_energy_MeV == pytest.approx(343.81, rel=0.011)
    assert -12 < r.energy_terms_MeV["pairing"] < -5
    for kind, count in (("proton", 18), ("neutron", 22)):
        levels = [lv for lv in r.levels if lv.kind == kind]
        assert sum(lv.occupation for lv in levels) == pytest.approx(count, abs=1e-8)
    d32 = next(lv for lv in r.levels if (lv.kind, lv.label) == ("proton", "1d3/2"))
    assert 1.0 < d32.occupation < 3.5


def _ame_binding_energy(name):
    """B = Z M(1H) + N m_n - M(atom) from the package's AME2020 atomic masses (electron
    binding neglected, < 0.1 MeV here)."""
    from cevns.constants import ATOMIC_MASS_UNIT_MEV, NEUTRON_MASS

    iso, hydrogen = isotope(name), isotope("1H")
    return (
        iso.Z * hydrogen.atomic_mass_u * ATOMIC_MASS_UNIT_MEV
        + iso.N * NEUTRON_MASS
        - iso.atomic_mass_u * ATOMIC_MASS_UNIT_MEV
    )


@pytest.mark.parametrize("nucleus", ["132Xe", "127I", "133Cs"])
def test_open_shell_csi_and_xenon_targets(nucleus):
    """The open-shell CEvNS targets converge with constant-gap BCS (the filling approximation
    oscillates for 132Xe and 133Cs): SLy4 charge radii within 0.01 fm of Angeli & Marinova
    and binding energies within 0.5 % of AME2020."""
    iso = isotope(nucleus)
    r = solve(iso.Z, iso.N, "SLy4")
    assert abs(r.rms_radius_charge_fm - iso.charge_radius_fm) < 0.01
    assert -r.total_energy_MeV == pytest.approx(_ame_binding_energy(nucleus), rel=0.005)


def test_filling_approximation_oscillation_is_reported():
    with pytest.raises(ConvergenceError, match="did not converge") as err:
        solve(54, 78, "SLy4", pairing="none", max_iterations=80)
    assert err.value.residual_MeV > 1e-3


def test_levels_of_16O_are_the_shell_model_ones(results):
    r = results("SLy4", "16O")
    labels = sorted(lv.label for lv in r.levels if lv.kind == "neutron")
    assert labels == ["1p1/2", "1p3/2", "1s1/2"]
    assert sum(lv.occupation for lv in r.levels) == pytest.approx(16)


def test_anderson_mixing_reaches_the_linear_mixing_solution():
    """Anderson and plain linear mixing converge to the same self-consistent state: total
    energy and every single-particle level of 40Ar (open shells, BCS) agree to 1e-6 MeV,
    the Anderson one in under half the iterations."""
    fast = solve(18, 22, "SLy4", tolerance_MeV=1e-9)
    slow = solve(18, 22, "SLy4", tolerance_MeV=1e-9, mixing=0.4, mixing_history=0)
    assert fast.total_energy_MeV == pytest.approx(slow.total_energy_MeV, abs=1e-6)
    levels = [(lv.kind, lv.label) for lv in fast.levels]
    assert levels == [(lv.kind, lv.label) for lv in slow.levels]
    for a, b in zip(fast.levels, slow.levels, strict=True):
        assert a.energy_MeV == pytest.approx(b.energy_MeV, abs=1e-6)
    assert fast.iterations < 0.5 * slow.iterations


def test_non_convergence_is_reported_with_the_residual():
    with pytest.raises(ConvergenceError, match="did not converge in 3 iterations") as info:
        solve(8, 8, "SLy4", max_iterations=3)
    assert info.value.residual_MeV > 1e-3


def test_unsupported_input_says_why():
    with pytest.raises(ValueError, match="Z >= 2"):
        solve(1, 0, "SLy4")
    with pytest.raises(ValueError, match="unknown Skyrme set"):
        skyrme_parameters("SkX")
    with pytest.raises(ValueError, match="alpha"):
        SkyrmeParameters("bad", -2000, 400, -100, 13000, 0.5, 0, 0, 1, 0.0, 60, 60)


def test_skm_star_alias():
    assert skyrme_parameters("SkM*") is skyrme_parameters("skms")


# --- form factors ---------------------------------------------------------------------------


def _first_zero(qfm, f):
    i = int(np.argmax(np.diff(np.sign(f)) != 0))
    return qfm[i] - f[i] * (qfm[i + 1] - qfm[i]) / (f[i + 1] - f[i])


@pytest.mark.parametrize(
    "nucleus, max_diff",
    # tolerance: the HF charge radius error (experiment vs SLy4, above) moves F by
    # q² Δ<r²>/6 at most ~0.02 for 16O (+0.10 fm) and below 0.015 for the others
    [("16O", 0.025), ("40Ca", 0.015), ("48Ca", 0.02), ("208Pb", 0.01), ("40Ar", 0.01)],
)
def test_charge_form_factor_matches_de_vries(tmp_path, monkeypatch, nucleus, max_diff):
    """HF (SLy4) charge form factor with Galster nucleon form factors against the measured
    de Vries charge density for q < 2 fm⁻¹, including the first diffraction minimum (within
    0.05 fm⁻¹ of the measured one; 0.07 for 16O, whose radius SLy4 overestimates)."""
    monkeypatch.setenv("CEVNS_CACHE_DIR", str(tmp_path))
    iso = isotope(nucleus)
    qfm = np.linspace(0.02, 2.0, 199)
    q = qfm * HBARC_MEV_FM
    hf = form_factor_model("hf-sly4").pair(iso)[0](q)  # the folded proton form factor is F_ch
    measured = measured_charge_density(iso)(q)
    assert np.max(np.abs(hf - measured)) < max_diff
    limit = 0.07 if nucleus == "16O" else 0.05
    assert abs(_first_zero(qfm, hf) - _first_zero(qfm, measured)) < limit


def test_hf_form_factor_is_cached_on_disk(tmp_path, monkeypatch):
    """A second process-level request reads the stored result: same densities, no solve."""
    from cevns.nuclear.skyrme import store

    monkeypatch.setenv("CEVNS_CACHE_DIR", str(tmp_path))
    first = store.hartree_fock(8, 8, "SLy4")
    assert len(list(tmp_path.glob("hf_Z8_N8_SLy4_*.npz"))) == 1
    monkeypatch.setattr(store, "solve", lambda *a, **k: pytest.fail("solved again"))
    second = store.hartree_fock(8, 8, "SLy4")
    np.testing.assert_array_equal(first.rho_n, second.rho_n)
    assert second.total_energy_MeV == first.total_energy_MeV
    assert second.levels == first.levels


def test_hf_form_factors_in_cross_sections(tmp_path, monkeypatch):
    """hf-sly4 works wherever a form factor is chosen: its proton form factor is F_ch, F(0) = 1,
    the rms radii are the HF point radii with the Galster nucleon radii and the lattice strange
    radius (-0.0048 fm², ETMC 2020, on the neutron side, weighted A/N) added, and σ(40Ar)
    differs from Helm's by < 1 % at 30 MeV (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840,
    Fig. 5 shows spreads of that size)."""
    import cevns

    monkeypatch.setenv("CEVNS_CACHE_DIR", str(tmp_path))
    proton, neutron = form_factor_model("hf-sly4").pair(isotope("40Ar"))
    assert proton(0.0) == pytest.approx(1.0)
    hf = solve(18, 22, "SLy4")
    q = np.linspace(0.0, 400.0, 41)
    np.testing.assert_allclose(proton(q), charge_form_factor(*point_form_factors(hf), 18, 22, q))
    folded_n2 = hf.rms_radius_neutron_fm**2 + 0.6581 + 18 / 22 * (-0.1269) + 40 / 22 * (-0.0048)
    assert neutron.rms_radius_fm == pytest.approx(np.sqrt(folded_n2), abs=1e-4)
    E = np.array([30.0])
    ratio = cevns.coherent_cross_section("40Ar", form_factor="hf-sly4").total(E) / (
        cevns.coherent_cross_section("40Ar", form_factor="helm").total(E)
    )
    assert abs(ratio[0] - 1) < 0.01


def test_bad_solver_settings_and_cli_errors(capsys, monkeypatch):
    from cevns.cli.main import main
    from cevns.nuclear.skyrme import store

    with pytest.raises(ValueError, match="mesh"):
        solve(8, 8, "SLy4", mesh_fm=0.0)
    with pytest.raises(ValueError, match="mixing"):
        solve(8, 8, "SLy4", mixing=1.5)

    def fail(*args, **kwargs):
        raise ConvergenceError("Hartree-Fock did not converge: last change 0.1 MeV", 0.1)

    # a non-converged nucleus reaches the command line as a one-line error, exit status 2
    # (forget form factors other tests of this process computed)
    from cevns.nuclear.formfactors import _hartree_fock_pair
    from cevns.xsec.coherent import _form_factors

    _hartree_fock_pair.cache_clear()
    _form_factors.cache_clear()
    monkeypatch.setattr(store, "solve", fail)
    monkeypatch.setenv("CEVNS_CACHE_DIR", "/nonexistent-cevns-cache")
    assert main(["xsec", "36Ar", "--energy", "30", "--form-factor", "hf-sly5"]) == 2
    assert "did not converge" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('t0 = "x"', "t0 must be a finite number"),
        ("t0 = nan", "t0 must be a finite number"),
        ("alpha = [1]", "alpha must be a finite number"),
        ("j2_terms = 1", "j2_terms must be true or false"),
        ("reference = 3", "reference must be text"),
    ],
)
def test_skyrme_file_values_are_checked(tmp_path, line, message):
    """A user's Skyrme set: a value of the wrong type is a DataFileError naming the file."""
    from cevns.errors import DataFileError
    from cevns.nuclear.skyrme.parameters import load_skyrme_parameters

    sly4 = skyrme_parameters("SLy4")
    keys = ("t0", "t1", "t2", "t3", "x0", "x1", "x2", "x3", "alpha", "b4", "b4p")
    table = {key: f"{key} = {getattr(sly4, key)!r}" for key in keys}
    key = line.split(" =")[0]
    table[key] = line
    path = tmp_path / "mine.toml"
    path.write_text("\n".join(table.values()) + "\n")
    with pytest.raises(DataFileError, match=message) as info:
        load_skyrme_parameters(path)
    assert info.value.path == path
    table[key] = f"{key} = {getattr(sly4, key)!r}" if key in keys else ""
    path.write_text("\n".join(table.values()) + "\n")
    assert load_skyrme_parameters(path).t0 == sly4.t0
