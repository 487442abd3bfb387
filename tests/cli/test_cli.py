"""The command-line interface: documented JSON keys, tables, plots and clear errors."""

import json

import pytest

from cevns.cli.main import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_xsec_json(capsys):
    code, out, _ = run(capsys, "xsec", "40Ar", "--energy", "10", "--energy", "30", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["energy_MeV"] == [10.0, 30.0]
    assert len(data["sigma_cm2"]) == 2 and data["sigma_cm2"][1] > data["sigma_cm2"][0] > 0
    assert data["physics_model"]["sin2_theta_w"] == 0.23857


@pytest.mark.parametrize("ff", ["helm", "klein-nystrand", "symmetrized-fermi", "point"])
def test_xsec_form_factors_and_materials(capsys, ff):
    code, out, _ = run(capsys, "xsec", "CsI", "--energy", "30", "--form-factor", ff, "--json")
    assert code == 0 and json.loads(out)["sigma_cm2"][0] > 0


def test_xsec_flux_average(capsys):
    code, out, _ = run(capsys, "xsec", "CsI", "--flux-average", "pidar", "--json")
    data = json.loads(out)
    assert code == 0
    assert abs(data["flux_averaged_cross_section_cm2"] / 1e-40 - 189) < 6
    assert set(data["flux_averaged_cross_section_per_flavor_cm2"]) == {"numu", "nue", "numubar"}


def test_rate_preset_json(capsys):
    code, out, _ = run(capsys, "rate", "CENNS10", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["events_per_day"] == pytest.approx(sum(data["events_per_flavor"].values()))
    assert data["metadata"]["physics_model"]["g_n"] == -1.0234  # PDG 2024, doubled
    assert data["metadata"]["physics_model"]["couplings"] == "radiative"
    code, out, _ = run(capsys, "rate", "CENNS10", "--json", "--tree-level")
    assert json.loads(out)["metadata"]["physics_model"]["g_n"] == -1.0


def test_rate_lar_detectors_json_and_table(capsys, tmp_path):
    code, out, _ = run(capsys, "rate", "--json")
    data = json.loads(out)
    assert [d["experiment"] for d in data] == ["CENNS10", "CENNS750", "CCM", "PIP2-BD"]
    assert all(d["events_per_day"] > 0 for d in data)
    plot = tmp_path / "fig3.png"
    csv = tmp_path / "fig3.csv"
    code, out, _ = run(capsys, "rate", "--plot", str(plot), "--csv", str(csv))
    assert code == 0 and "events per day" in out
    assert plot.stat().st_size > 10_000
    assert csv.read_text().startswith("recoil_keV,CENNS10")


def test_rate_observed_and_exposure(capsys, tmp_path):
    out_csv = tmp_path / "lar.csv"
    code, out, _ = run(
        capsys,
        "rate",
        "COHERENT-LAr",
        "--GWh",
        "6.12",
        "--observed",
        "--csv",
        str(out_csv),
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and abs(data["events"] - 128) < 17
    assert data["spectrum"]["variable"] == "observed"
    assert out_csv.read_text().startswith("low_keVee,high_keVee")


def test_flux_and_experiments(capsys, tmp_path):
    code, out, _ = run(capsys, "flux", "SNS", "--distance", "20", "--window", "0", "1000", "--json")
    data = json.loads(out)
    assert code == 0 and data["flavors"][0]["line_MeV"][0] == pytest.approx(29.79, abs=0.01)
    code, out, _ = run(capsys, "flux", "Lujan", "--plot", str(tmp_path / "f.png"))
    assert code == 0 and "Lujan" in out
    code, out, _ = run(capsys, "experiments")
    assert code == 0 and "PIP2-BD" in out and "COHERENT-CsI" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (("xsec", "41Ar"), "table holds"),
        (("xsec", "Ar", "--energy", "-3"), "energies"),
        (("xsec", "Ar", "--energy", "nan"), "energies"),
        (("rate", "NOPE"), "presets: CENNS10"),
        (("flux", "Nowhere"), "presets: SNS"),
    ],
)
def test_bad_input_is_a_clear_message(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_bad_numbers_rejected_by_parser(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["flux", "SNS", "--distance", "-5"])
    assert exc.value.code == 2
    assert "positive" in capsys.readouterr().err


def test_user_toml(capsys, tmp_path):
    good = tmp_path / "mine.toml"
    good.write_text(
        '[MyXe]\nsource = "ESS"\nmaterial = "Xe"\nmass_kg = 20\ndistance_m = 20\n'
        "threshold_keV = 1.0\n"
    )
    code, out, _ = run(capsys, "rate", "MyXe", "--experiments-file", str(good), "--json")
    assert code == 0 and json.loads(out)["events_per_day"] > 0
    bad = tmp_path / "bad.toml"
    bad.write_text('[MyXe]\nsource = "ESS"\nmaterial = \n')
    code, _, err = run(capsys, "rate", "MyXe", "--experiments-file", str(bad))
    assert code == 2 and "line 3" in err
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[MyXe]\nsource = "ESS"\nmaterial = "Xe"\nmass_kg = -1\ndistance_m = 20\n')
    code, _, err = run(capsys, "rate", "MyXe", "--experiments-file", str(wrong))
    assert code == 2 and "MyXe" in err and "mass" in err
    typo = tmp_path / "typo.toml"
    typo.write_text('[MyXe]\nsource = "ESS"\nmaterial = "Xe"\nmass = 1\ndistance_m = 20\n')
    code, _, err = run(capsys, "rate", "MyXe", "--experiments-file", str(typo))
    assert code == 2 and "unknown keys ['mass']" in err


def test_user_toml_with_tabulated_flux(capsys, tmp_path):
    import numpy as np

    from cevns.sources import michel_nue

    E = np.linspace(0, 52.83, 500)
    np.savetxt(
        tmp_path / "flux.csv",
        np.column_stack([E, 1e7 * michel_nue().pdf(E)]),
        delimiter=",",
        header="energy_MeV,nue",
        comments="",
    )
    (tmp_path / "t.toml").write_text(
        '[TabAr]\nsource = { table = "flux.csv", reference_distance_m = 20 }\n'
        'material = "Ar"\nmass_kg = 1000\ndistance_m = 40\n'
    )
    code, out, err = run(
        capsys, "rate", "TabAr", "--experiments-file", str(tmp_path / "t.toml"), "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert list(data["events_per_flavor"]) == ["nue"] and data["events_per_day"] > 0
    code, _, err = run(
        capsys, "rate", "TabAr", "--experiments-file", str(tmp_path / "t.toml"), "--GWh", "1"
    )
    assert code == 2 and "beam source" in err
    (tmp_path / "flux.csv").write_text("energy_MeV,nue,nue\n1,2,2\n2,3,3\n")
    code, _, err = run(capsys, "rate", "TabAr", "--experiments-file", str(tmp_path / "t.toml"))
    assert code == 2 and "appear more than once" in err and "Traceback" not in err


# --- new physics -------------------------------------------------------------------------------


def test_xsec_dsigma_json_with_effects(capsys):
    args = ["xsec", "40Ar", "--energy", "30", "--recoil-keV", "5", "--recoil-keV", "20"]
    code, out, _ = run(capsys, *args, "--json")
    assert code == 0
    sm = json.loads(out)
    assert sm["recoil_keV"] == [5.0, 20.0] and len(sm["dsigma_dT_cm2_per_keV"]) == 2
    assert sm["physics_model"]["standard_model"] is True
    code, out, _ = run(capsys, *args, "--param", "mu_nu_mu=10", "--json")
    mm = json.loads(out)
    assert mm["physics_model"]["magnetic_moment"] == {"mu": 1e-9}
    # the magnetic term grows toward low recoil (1/T)
    gain = [
        b / a for a, b in zip(sm["dsigma_dT_cm2_per_keV"], mm["dsigma_dT_cm2_per_keV"], strict=True)
    ]
    assert gain[0] > gain[1] > 1
    code, out, _ = run(capsys, *args, "--flavor", "nue", "--param", "eps_ee_u=0.1", "--json")
    model = json.loads(out)["physics_model"]
    assert model["nsi"] == {"ee_u": 0.1}
    assert model["parameters"]["eps_ee_u"] == 0.1  # the table's names in the output too


@pytest.mark.parametrize(
    "extra",
    [
        ["--zprime", "10,1e-5,B-L"],
        ["--param", "m_scalar=10", "--param", "g_scalar=1e-6"],
        ["--param", "charge_radius_e=1"],
        ["--param", "millicharge_mu=10", "--threshold-keV", "10"],
        ["--param", "dm41=1", "--param", "ue4_sq=0.01", "--param", "umu4_sq=0.02"],
        ["--tree-level", "--running", "--neutron-skin", "0.2"],
        ["--no-axial"],
        ["--channel", "electron"],
    ],
)
def test_rate_json_records_the_model(capsys, extra):
    code, out, err = run(capsys, "rate", "CENNS10", *extra, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert "physics_model" in data["metadata"] and data["events_per_day"] > 0


def test_rate_timing_split(capsys):
    code, out, _ = run(capsys, "rate", "CENNS10", "--timing-split", "--json")
    split = json.loads(out)["timing_split"]
    windows = {w["name"]: w["events_per_flavor"] for w in split["windows"]}
    assert windows["prompt"]["numu"] > 100 * windows["delayed"]["numu"]
    code, out, _ = run(capsys, "rate", "CENNS10", "--timing-split")
    assert "prompt" in out and "delayed" in out


def test_compare(capsys, tmp_path):
    plot, table = tmp_path / "cmp.png", tmp_path / "cmp.csv"
    args = ["compare", "PIP2-BD", "--param", "mu_nu_mu=10", "--threshold-keV", "5", "--bins", "10"]
    code, out, _ = run(capsys, *args, "--json", "--plot", str(plot), "--csv", str(table))
    assert code == 0 and plot.stat().st_size > 0 and table.read_text().count("\n") == 11
    data = json.loads(out)
    assert data["total_ratio"] > 1 and data["ratio"][0] > data["ratio"][2] > 1
    assert data["reference_model"]["standard_model"] is True
    code, out, _ = run(capsys, *args)
    assert "ratio" in out
    code, _, err = run(capsys, "compare", "PIP2-BD")
    assert code == 2 and "needs new physics" in err


@pytest.mark.parametrize(
    ("name", "flavor"),
    [("CONUS+", "e"), ("CONNIE-2016", "e"), ("BDX-Ar-1t", "mu"), ("SOLAR-Xe-1t", "e")],
)
def test_rate_and_compare_on_every_new_source(capsys, name, flavor):
    """Reactor, beam-dump and solar experiments go through rate and compare unchanged; a
    magnetic moment of the flavor the source carries only adds events."""
    code, out, _ = run(capsys, "rate", name, "--json")
    assert code == 0 and json.loads(out)["events"] > 0
    args = ["compare", name, "--param", f"mu_nu_{flavor}=10", "--threshold-keV", "0.05"]
    code, out, err = run(capsys, *args, "--bins", "5", "--json")
    assert code == 0, err
    assert json.loads(out)["total_ratio"] > 1


def test_flux_of_every_source_preset(capsys):
    from cevns.sources.presets import source_presets

    for name in source_presets():
        code, out, err = run(capsys, "flux", name, "--json")
        assert code == 0, (name, err)
        data = json.loads(out)
        assert sum(row["flux_per_cm2_s"] for row in data["flavors"]) > 0
        assert "None" not in json.dumps(data["source"])


def test_model_file(capsys, tmp_path):
    f = tmp_path / "bsm.toml"
    f.write_text(
        """
[parameters]
sin2w = 0.24
mu_nu_mu = 1
eps_ee_u = 0.05
dm41 = 1.0
ue4_sq = 0.01
[[vector_mediators]]
mass_MeV = 20.0
coupling = 1e-5
charges = "B-L"
"""
    )
    code, out, err = run(capsys, "rate", "COHERENT-LAr", "--model", str(f), "--json")
    assert code == 0, err
    model = json.loads(out)["metadata"]["physics_model"]
    assert model["sin2_theta_w"] == 0.24 and model["nsi"] == {"ee_u": 0.05}
    assert model["vector_mediators"][0]["charges"] == "B-L"
    assert model["magnetic_moment"] == {"mu": 1e-10} and model["sterile"]["Ue4_sq"] == 0.01
    f.write_text("[parameters]\neps_ex_u = 0.1\n")
    code, _, err = run(capsys, "rate", "CENNS10", "--model", str(f))
    assert code == 2 and "unknown parameter" in err
    f.write_text("sin2_theta_w = 0.24\n")
    code, _, err = run(capsys, "rate", "CENNS10", "--model", str(f))
    assert code == 2 and "[parameters]" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["rate", "CENNS10", "--param", "mu_nu_mu=-1"], ">= 0"),
        (["rate", "CENNS10", "--param", "mu_nu_x=1"], "unknown parameter"),
        (["rate", "CENNS10", "--param", "eps_ee_s=0.1"], "unknown parameter"),
        (["rate", "CENNS10", "--param", "sin2w"], "NAME=VALUE"),
        (["rate", "CENNS10", "--zprime=-5,1e-5"], "mass must be > 0"),
        (["rate", "CENNS10", "--zprime", "5"], "comma-separated"),
        (["rate", "CENNS10", "--param", "mu_nu_mu=1"], "diverges"),
        (["rate", "CENNS10", "--param", "dm41=1", "--param", "ue4_sq=2"], r"[0, 1]"),
        (["xsec", "Ar", "--recoil-keV", "5"], "--energy"),
    ],
)
def test_bad_new_physics_input(capsys, args, message):
    code, _, err = run(capsys, *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_rate_and_fit_agree_on_the_csi_2017_prediction(capsys):
    """One engine: `cevns rate COHERENT-CsI --GWh 7.47594` and the SM prediction of
    `cevns fit coherent-csi-2017` are the same number (1e-6), inside the published 173 ± 48
    events (Akimov et al., Science 357, 1123 (2017), arXiv:1708.01294)."""
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data"
    code, out, _ = run(capsys, "rate", "COHERENT-CsI", "--GWh", "7.47594", "--json")
    assert code == 0
    rate = json.loads(out)
    assert rate["exposure"] == {"amount": 7.47594, "unit": "GWh"}
    per_exposure = rate["events"]
    code, out, _ = run(capsys, "fit", "coherent-csi-2017", "--data-dir", str(data), "--json")
    assert code == 0
    fit = json.loads(out)
    assert per_exposure == pytest.approx(fit["sm_prediction_events"], rel=1e-6)
    assert abs(per_exposure - 173) < 48


def test_one_parameter_vocabulary(capsys, tmp_path):
    """The parameter table drives the fits (check_parameter), the command line (--param,
    cevns parameters), model files ([parameters]) and JSON outputs (physics_model.parameters):
    the same names with the same units give the same model everywhere."""
    from cevns.inference.parameters import physics_point
    from cevns.physics import PARAMETERS, PhysicsModel, load_model

    values = {"sin2w": 0.25, "mu_nu_e": 3.0, "eps_mumu_d": -0.1, "dm41": 2.0, "umu4_sq": 0.02}
    fit_model, _ = physics_point(values)
    f = tmp_path / "m.toml"
    f.write_text("[parameters]\n" + "".join(f"{k} = {v}\n" for k, v in values.items()))
    assert load_model(f) == fit_model
    cli = [arg for k, v in values.items() for arg in ("--param", f"{k}={v}")]
    code, out, err = run(capsys, "rate", "CENNS10", "--threshold-keV", "5", *cli, "--json")
    assert code == 0, err
    written = json.loads(out)["metadata"]["physics_model"]
    assert PhysicsModel.from_dict(written) == fit_model
    assert {k: written["parameters"][k] for k in values} == pytest.approx(values)
    code, out, _ = run(capsys, "parameters", "--json")
    listed = {r["name"] for r in json.loads(out)}
    assert set(PARAMETERS) <= listed


def test_inelastic_rpa_model(capsys):
    """``--model rpa``: the Skyrme HF + RPA cross sections of a target, with their sum rules
    and the threshold alignment; refused without a target or for rates."""
    code, out, _ = run(
        capsys, "inelastic", "--model", "rpa", "--target", "16O", "--energy", "40", "--levels",
        "--json",
    )  # fmt: skip
    data = json.loads(out)
    width = data["omega_MeV"][1] - data["omega_MeV"][0]
    assert sum(data["dsigma_domega_cm2_per_MeV"][0]) * width == pytest.approx(
        data["sigma_cm2"][0], rel=1e-9
    )
    assert code == 0 and data["flavor"] == "nue" and data["shift"] == "final ground state"
    assert abs(data["threshold_MeV"] - 15.41) < 0.01  # 16F - 16O atomic masses (AME2020)
    assert 10e-42 < data["sigma_cm2"][0] < 16e-42
    assert abs(data["response"]["fermi_sum_rule"]) < 1e-4
    code, _, err = run(capsys, "inelastic", "--model", "rpa", "nue-40Ar-cc")
    assert code == 2 and "--target" in err
    code, _, err = run(
        capsys, "inelastic", "--model", "rpa", "--target", "16O", "--experiment", "CENNS750"
    )
    assert code == 2 and "allowed model" in err
