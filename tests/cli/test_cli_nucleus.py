"""The ``cevns nucleus`` command: report, JSON, files, cache and errors."""

import csv
import json
from pathlib import Path

import pytest

from cevns.cli.main import main
from cevns.nuclear.skyrme.parameters import skyrme_parameters

REFERENCE = (
    Path(__file__).resolve().parents[1] / "data" / "skyrme-hf-reference" / "skyrme_hf_results.csv"
)
SLY4_16O = next(
    r for r in csv.DictReader(open(REFERENCE)) if (r["set"], r["nucleus"]) == ("SLy4", "16O")
)


@pytest.fixture(autouse=True)
def _isolated_cache(cache):
    return cache


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_json_has_the_documented_keys_and_published_values(capsys):
    """16O with SLy4: E and point radii against the published HF values (arXiv:2209.03257
    inputs/outputs), the charge radius near Angeli & Marinova's 2.6991 fm."""
    rep = _json(capsys, ["nucleus", "16O", "--skyrme", "SLy4", "--json", "--q-fm", "0.5"])
    assert rep["total_energy_MeV"] == pytest.approx(float(SLY4_16O["E_MeV"]), abs=0.05)
    assert rep["rms_radius_proton_fm"] == pytest.approx(float(SLY4_16O["col8_rp_fm"]), abs=1e-3)
    assert rep["rms_radius_neutron_fm"] == pytest.approx(float(SLY4_16O["col7_rn_fm"]), abs=1e-3)
    assert rep["rms_radius_charge_fm"] == pytest.approx(2.6991, abs=0.12)
    assert rep["measured_charge_radius_fm"] == pytest.approx(2.6991, abs=1e-4)
    assert sum(lv["occupation"] for lv in rep["levels"] if lv["kind"] == "proton") == 8
    assert rep["form_factors"]["q_fm"] == [0.5]
    assert len(rep["densities"]["r_fm"]) == len(rep["densities"]["rho_n_fm3"])
    assert rep["pves"] == []


def test_second_run_reads_the_cache(capsys, monkeypatch):
    from cevns.nuclear.skyrme import store

    first = _json(capsys, ["nucleus", "16O", "--json"])
    monkeypatch.setattr(store, "solve", lambda *a, **k: pytest.fail("solved again"))
    second = _json(capsys, ["nucleus", "O-16", "--json"])
    assert second["total_energy_MeV"] == first["total_energy_MeV"]


def test_table_plot_csv_and_pves_line(capsys, tmp_path):
    plot, table = tmp_path / "ca48.png", tmp_path / "ca48.csv"
    assert main(["nucleus", "48Ca", "--plot", str(plot), "--csv", str(table)]) == 0
    out = capsys.readouterr().out
    assert "CREX at q = 0.8733/fm" in out and "no Coulomb distortion" in out
    assert "1f7/2" in out
    assert plot.stat().st_size > 10_000
    rows = list(csv.DictReader(open(table)))
    assert list(rows[0]) == ["r_fm", "rho_p_fm3", "rho_n_fm3"]


def test_user_defined_set_from_toml(capsys, tmp_path):
    """A TOML file with SLy4's numbers gives SLy4's nucleus."""
    fields = skyrme_parameters("SLy4").to_dict()
    lines = []
    for key, value in fields.items():
        if key == "name":
            continue
        lines.append(f"{key} = {json.dumps(value)}")
    path = tmp_path / "mine.toml"
    path.write_text("\n".join(lines) + "\n")
    mine = _json(capsys, ["nucleus", "16O", "--skyrme", str(path), "--json"])
    packaged = _json(capsys, ["nucleus", "16O", "--skyrme", "sly4", "--json"])
    assert mine["skyrme"] == "mine"
    assert mine["total_energy_MeV"] == pytest.approx(packaged["total_energy_MeV"], abs=1e-9)
    path.write_text("t0 = -2488.91\nt7 = 1.0\n")
    assert main(["nucleus", "16O", "--skyrme", str(path)]) == 2
    err = capsys.readouterr().err
    assert "unknown keys t7" in err and "missing" in err


def test_two_body_centre_of_mass_set(capsys, tmp_path, monkeypatch):
    """SkI3 (fitted with the full centre-of-mass correction) runs and reports E_cm."""
    monkeypatch.setenv("CEVNS_CACHE_DIR", str(tmp_path))
    assert main(["nucleus", "16O", "--skyrme", "SkI3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert -11 < out["energy_terms_MeV"]["centre_of_mass"] < -8
    assert out["total_energy_MeV"] == pytest.approx(sum(out["energy_terms_MeV"].values()))


@pytest.mark.parametrize(
    "argv, message",
    [
        (["nucleus", "Ar"], "cannot read a nuclide"),
        (["nucleus", "40Xx"], "cannot read a nuclide"),
        (["nucleus", "1H"], "Z >= 2 and N >= 2"),
        (["nucleus", "40Ar", "--skyrme", "SkE2"], "unknown Skyrme set"),
        (["nucleus", "40Ar", "--q-fm", "-1"], "non-negative"),
    ],
)
def test_errors_are_one_line(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
