"""Reproducers of the hardening issue: every bad input ends in one clear line and exit 2, and
every JSON output is strict (RFC 8259: no NaN or Infinity)."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

import cevns
from cevns.cli.main import main


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sensitivity", "DUNE-SN", "--param", "sin2w"], "pulsed beam source"),
        (["xscns", "nue-Ar40-cc", "--output", "x.dat"], "unknown reaction"),
        (["flux", "SNS", "--distance", "1e-300", "--json"], "from 0.01 m"),
        (["supernova", "--distance-kpc", "1e-300", "--json"], "from 0.01 m"),
        (["compare", "DUNE-SN", "--distance", "1e300", "--zprime", "10,1e-4"], "to 1e+26 m"),
        (["flux", "SNS", "--window", "100", "-100"], "start <= stop"),
        (["flux", "SNS", "--window", "nan", "nan", "--json"], "finite"),
        (["flux", "SNS", "--window", "0", "inf", "--json"], "finite"),
        (["xsec", "40Ar", "--energy", "30", "--neutron-skin", "nan", "--json"], "neutron_skin_fm"),
        (["xsec", "40Ar", "--energy", "30", "--neutron-skin=-100", "--json"], "neutron_skin_fm"),
        (["xsec", "40Ar", "--energy", "30", "--neutron-skin", "1e6", "--json"], "neutron_skin_fm"),
        (["xsec", "40Ar", "--energy", "1e6", "--json"], "<= 1000 MeV"),
        (["xsec", "40Ar", "--energy", "1e300", "--json"], "<= 1000 MeV"),
        (["xsec", "40Ar", "--energy", "10000", "--json"], "<= 1000 MeV"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, *argv)
    assert code == 2 and message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_sensitivity_prints_open_interval_ends(capsys):
    """An interval end outside the scanned range is printed as "open", not a TypeError."""
    code, out, _ = _run(capsys, "sensitivity", "CENNS10", "--param", "rn")
    assert code == 0 and "rn: expected" in out


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ('quenching = "lindhard"', "quenching must be a table"),
        ('efficiency = "high"', "efficiency must be a table"),
        ('quenching = { model = "polynomial", coefficients = [] }', "at least one finite"),
    ],
)
def test_experiment_file_types_are_checked(capsys, tmp_path, spec, message):
    f = tmp_path / "e.toml"
    f.write_text(f'[X]\nsource = "SNS"\nmaterial = "Ar"\nmass_kg = 1\ndistance_m = 20\n{spec}\n')
    code, _, err = _run(capsys, "rate", "X", "--experiments-file", str(f), "--observed")
    assert code == 2 and message in err


def test_library_refuses_nan_and_unbounded_energies():
    """NaN, infinite, negative and > 1 GeV energies are refused (a recoil above T_max or an
    energy of 0 is a valid point with σ = 0)."""
    xs = cevns.coherent_cross_section("40Ar")
    for bad in ([np.nan], [np.inf], [2000.0], [-1.0]):
        with pytest.raises(ValueError, match="energies"):
            xs.total(np.array(bad))
    with pytest.raises(ValueError, match="energies"):
        xs.dsigma_dT(30.0, np.nan)
    with pytest.raises(ValueError, match="Lindhard k"):
        cevns.LindhardQuenching(k=np.nan)
    with pytest.raises(ValueError, match="Lindhard k"):
        cevns.LindhardQuenching(k=-0.1)
    with pytest.raises(ValueError, match="neutron_rms_fm"):
        cevns.FormFactorModel("helm", neutron_rms_fm=np.nan)


def test_compare_json_is_strict(capsys):
    """Bins where the Standard Model predicts nothing give a null ratio, never NaN."""
    code, out, _ = _run(
        capsys, "compare", "COHERENT-CsI", "--param", "eps_ee_u=0.1", "--observed", "--json"
    )
    assert code == 0
    json.loads(out, parse_constant=lambda c: pytest.fail(f"non-strict JSON constant {c}"))


@pytest.mark.parametrize(
    "argv",
    [
        ["rate", "--threshold-keV", "5"],
        ["rate", "--observed"],
        ["rate", "--GWh", "1"],
        ["fit", "coherent-csi-2017", "--fixed", "rn=100"],
        ["fit", "coherent-csi-2017", "--param", "sin2w", "--fixed", "sin2w=0.2"],
        ["fit", "coherent-csi-2017", "--param", "m_zprime"],
        ["scan", "coherent-csi-2017", "--axis", "sin2w=0.2:0.3:3", "--axis", "sin2w=0.2:0.3:3"],
    ],
)
def test_options_act_or_are_refused(capsys, data_dir, argv):
    if argv[0] in ("fit", "scan"):
        argv = [*argv, "--data-dir", str(data_dir)]
    code, _, err = _run(capsys, *argv)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_lar_study_header_names_its_form_factor(capsys):
    code, out, _ = _run(capsys, "rate", "--form-factor", "klein-nystrand")
    assert code == 0 and "klein-nystrand form factor" in out.splitlines()[0]


def test_binary_files_are_named(capsys, tmp_path):
    f = tmp_path / "model.toml"
    f.write_bytes(b"\xff\xfe\x00binary")
    code, _, err = _run(capsys, "rate", "CENNS10", "--model", str(f))
    assert code == 2 and str(f) in err and "UTF-8" in err


def test_supernova_presets_list_their_distance_in_kpc(capsys):
    code, out, _ = _run(capsys, "experiments")
    line = next(ln for ln in out.splitlines() if ln.startswith("DUNE-SN"))
    assert "10 kpc" in line


def test_negative_option_values_are_values():
    from cevns.cli.main import attach_negative_values

    argv = ["fit", "d", "--param", "eps_ee_u", "--range", "-0.5:0.5:5", "--energy", "-1e-3"]
    assert attach_negative_values(argv) == [
        "fit",
        "d",
        "--param",
        "eps_ee_u",
        "--range=-0.5:0.5:5",
        "--energy=-1e-3",
    ]
    assert attach_negative_values(["--x=-1:1:3", "--", "-2"]) == ["--x=-1:1:3", "--", "-2"]


def test_negative_energy_reaches_the_physics_check(capsys):
    code, err = main(["xsec", "Ar", "--energy", "-1e-3"]), capsys.readouterr().err
    assert code == 2 and "energies must be finite and >= 0" in err


def test_closed_pipe_stops_quietly():
    """`cevns experiments | head -0`: the reader is gone before the first write."""
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)
    code = "import sys; from cevns.cli.main import main; sys.exit(main(['experiments']))"
    proc = subprocess.run(
        [sys.executable, "-c", code], stdout=write_end, stderr=subprocess.PIPE, text=True
    )
    os.close(write_end)
    assert proc.returncode == 141 and proc.stderr == ""


def test_unbound_nucleus_names_the_unbound_kind(capsys):
    """999Ar has N = 981; the message counts neutrons, not nucleons."""
    code, err = main(["nucleus", "999Ar"]), capsys.readouterr().err
    assert code == 2 and "of 981 neutrons are bound" in err


def test_scan_refuses_a_bad_point_before_its_progress_bar(capsys, data_dir):
    argv = ["scan", "coherent-csi-2021", "--data-dir", str(data_dir)]
    code = main([*argv, "--axis", "g_zprime=1e-5:1e-3:3"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("cevns scan: error: g_zprime and m_zprime go together")
    code = main([*argv, "--axis", "g_zprime=1e-5:1e-3:3", "--fixed", "bogus=1"])
    assert code == 2 and "unknown parameter 'bogus'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["flux", "SNS", "--plot", "flux.csv"], "cannot write a .csv figure"),
        (["flux", "SNS", "--csv", "no-such-folder/flux.csv"], "does not exist"),
        (["flux", "SNS", "--csv", "."], "is a folder"),
        (["xsec", "Ar", "--energy", "30", "--plot", "x"], "suffix-less"),
    ],
)
def test_outputs_are_checked_before_computing(capsys, tmp_path, monkeypatch, argv, message):
    """A plot or file that cannot be written is refused at once, not after the work (it
    used to end in matplotlib's ValueError)."""
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, *argv)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_unknown_dask_scheduler_is_refused(capsys, data_dir):
    code, _, err = _run(
        capsys, "scan", "coherent-lar-2020", "--data-dir", str(data_dir),
        "--axis", "sin2w=0.2:0.3:2", "--dask", "synchronous",
    )  # fmt: skip
    assert code == 2 and "give 'local', a scheduler address" in err


def test_internal_errors_are_one_line_and_exit_3(capsys, monkeypatch):
    """A bug (any exception but the package's own input errors) is reported in one line with
    exit status 3; CEVNS_DEBUG=1 shows the traceback instead."""
    from cevns.cli import xsec

    def broken(args):
        raise TypeError("a bug")

    monkeypatch.setattr(xsec, "cmd_xsec", broken)  # the parser is built at each main()
    argv = ["xsec", "Ar", "--energy", "30"]
    code, _, err = _run(capsys, *argv)
    assert code == 3 and "internal error (TypeError: a bug)" in err
    assert len(err.strip().splitlines()) == 1
    monkeypatch.setenv("CEVNS_DEBUG", "1")
    with pytest.raises(TypeError, match="a bug"):
        main(argv)


def test_json_keeps_stderr_quiet_unless_progress_is_asked(capsys, data_dir):
    argv = ["scan", "coherent-lar-2020", "--data-dir", str(data_dir), "--axis", "sin2w=0.2:0.3:2"]
    code, out, err = _run(capsys, *argv, "--json")
    assert code == 0 and json.loads(out)["axes"] and err == ""
    code, out, err = _run(capsys, *argv, "--json", "--progress")
    assert code == 0 and json.loads(out)["axes"] and "scan" in err


def test_wide_bins_cost_no_more_than_the_recoil_range():
    """Bins far beyond the largest recoil add no quadrature nodes (1e9 keV used to allocate
    2 GiB): the counts equal those up to the kinematic limit."""
    calc = cevns.RateCalculator.for_experiment("CENNS10")
    top = calc.max_recoil_keV
    wide = calc.binned([0.0, 1e9]).per_flavor
    tight = calc.binned([0.0, top]).per_flavor
    for flavor in tight:
        assert wide[flavor][0] == pytest.approx(tight[flavor][0], rel=1e-12)
    assert calc.binned([2 * top, 1e9]).per_flavor["numu"][0] == 0.0
    for bad in ([0.0, np.nan, 10.0], [0.0, np.inf], [-1.0, 5.0]):
        with pytest.raises(cevns.CevnsInputError, match="bin edges must be finite"):
            calc.binned(bad)


def test_absurd_detector_mass_is_refused():
    with pytest.raises(cevns.CevnsInputError, match="detector mass"):
        cevns.Detector("Ar", 1e308)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["rate", "CENNS10", "--bins", "1000000000"], "between 1 and 100000"),
        (["scan", "coherent-lar-2020", "--axis", "sin2w=0:1:100000000"], "at most 10,000,000"),
        (
            ["scan", "coherent-lar-2020", "--axis", "sin2w=0:1:4001", "--axis", "rn=3:5:4001"],
            "more than 10,000,000",
        ),
        (
            ["inelastic", "nue-40Ar-cc", "--experiment", "CENNS750", "--sample", "100000000"],
            "from 1 to 10,000,000",
        ),
        (
            [
                "inelastic",
                "nue-40Ar-cc",
                "--experiment",
                "CENNS750",
                "--sample",
                "5",
                "--random-state",
                "-1",
            ],
            "random state must be >= 0",
        ),  # fmt: skip
    ],
)
def test_sizes_are_bounded(capsys, tmp_path, monkeypatch, data_dir, argv, message):
    """Found by the command-line fuzzer: 1e9 bins asked for 7.5 GiB and a 1e8-point scan
    grid ran out of memory (MemoryErrors), a negative random state reached numpy's own
    ValueError."""
    monkeypatch.chdir(tmp_path)
    if argv[0] == "scan":
        argv = [*argv, "--data-dir", str(data_dir)]
    code, _, err = _run(capsys, *argv)
    assert code == 2 and message in err


@pytest.mark.slow
def test_hartree_fock_cross_section_at_1_gev_is_bounded():
    """`xsec CsI --form-factor hf-sgii --energy 1000` needed 3.5 GiB: it now runs in a child
    process under the fuzzer's limits (60 s, 2 GiB above the loaded package)."""
    from test_fuzz import FILES, _files, check_command_line  # the fuzzer, next to this one

    _files()
    try:
        check_command_line(
            ["xsec", "CsI", "--form-factor", "hf-sgii", "--energy", "1000", "--json"]
        )
    finally:
        shutil.rmtree(FILES, ignore_errors=True)


def test_compare_without_standard_model_events_prints_no_ratio(capsys):
    """Found by the fuzzer: a threshold above every recoil left no SM events, and the text
    table crashed formatting the missing total ratio."""
    code, out, err = _run(capsys, "compare", "CENNS10", "--threshold-keV", "1e300",
                          "--zprime", "10,1e-4")  # fmt: skip
    assert code == 0 and "ratio n/a (no Standard-Model events)" in out and err == ""
