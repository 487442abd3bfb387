"""The ``cevns strength`` command: report, JSON, files and errors."""

import csv
import json

import numpy as np
import pytest

from cevns.cli.main import main


def test_json_strength_integrates_to_the_fermi_sum_rule(capsys):
    """48Ca: the t₋ Fermi strength (all in the analog state) integrates to N - Z = 8, less
    the Lorentzian tails outside the grid ((Γ/2π)(1/15 + 1/25) of it: 0.3 %)."""
    argv = ["strength", "48Ca", "--operator", "fermi", "--omega", "-10:30", "--step", "0.05"]
    assert main([*argv, "--width", "0.2", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["nucleus"] == "48Ca" and rep["J"] == 0 and rep["parity"] == 1
    omega = np.array(rep["omega_MeV"])
    total = np.trapezoid(rep["strength_per_MeV"], omega)
    assert total == pytest.approx(8.0 * (1 - 0.1 / np.pi * (1 / 15 + 1 / 25)), rel=1e-3)


def test_report_csv_and_plot(capsys, tmp_path):
    table, plot = tmp_path / "sd.csv", tmp_path / "sd.png"
    argv = ["strength", "16O", "--operator", "spin_dipole", "--J", "2", "--omega", "5:40"]
    assert main([*argv, "--step", "0.5", "--csv", str(table), "--plot", str(plot)]) == 0
    out = capsys.readouterr().out
    assert "spin_dipole strength (J = 2-)" in out and "RPA peak at" in out
    rows = list(csv.DictReader(open(table)))
    assert len(rows) == 71 and set(rows[0]) == {"omega_MeV", "strength_per_MeV", "free_per_MeV"}
    assert plot.stat().st_size > 10_000


@pytest.mark.parametrize(
    "extra",
    [
        ["--omega", "5:1"],
        ["--omega", "x"],
        ["--operator", "M", "--J", "2", "--parity", "1"],
        ["--step", "0"],
        ["--omega", "0:400", "--step", "0.01"],
        ["--operator", "spin_dipole"],
    ],
)
def test_bad_input_is_one_line(capsys, extra):
    assert main(["strength", "16O", *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err
