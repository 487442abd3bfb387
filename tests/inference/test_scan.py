"""Grid scans: local and Dask paths, and the command-line fit and scan."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cevns.cli.main import main
from cevns.inference.datasets import load_analysis
from cevns.inference.fit import JointFit
from cevns.inference.scan import scan_grid

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def fit():
    return JointFit([load_analysis("coherent-csi-2021", DATA)])


def test_scan_matches_profile(fit):
    """A one-axis scan is the profile curve (same χ² at the same points)."""
    values = np.linspace(0.18, 0.3, 7)
    scan = scan_grid(fit, {"sin2w": values}, progress=False)
    curve = fit.profile("sin2w", values)
    np.testing.assert_allclose(scan.delta_chi2, curve.delta_chi2 + curve.chi2_min - scan.reference)


def test_dask_scan_is_identical(fit):
    distributed = pytest.importorskip("distributed")
    axes = {"m_zprime": np.geomspace(5, 500, 4), "g_zprime": np.geomspace(1e-5, 1e-3, 3)}
    local = scan_grid(fit, axes, progress=False, chunk_size=5)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = scan_grid(fit, axes, scheduler=client, progress=False, chunk_size=5)
    np.testing.assert_array_equal(local.chi2, remote.chi2)


def test_worker_processes_give_the_same_bits():
    """Several Dask worker processes (a stand-in for a multi-node cluster) and this process
    profile the same chunks with the same prepared templates: identical χ²."""
    distributed = pytest.importorskip("distributed")
    joint = JointFit(
        [load_analysis("coherent-csi-2021", DATA), load_analysis("coherent-lar-2020", DATA)]
    )
    axes = {"eps_ee_u": np.linspace(-0.4, 0.4, 5), "eps_ee_d": np.linspace(-0.4, 0.4, 6)}
    local = scan_grid(joint, axes, progress=False, workers=1, chunk_size=4)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = scan_grid(joint, axes, scheduler=client, progress=False, chunk_size=4)
    np.testing.assert_array_equal(local.chi2, remote.chi2)


def test_threads_and_chunks_give_the_same_bits(fit):
    axes = {
        "eps_ee_u": np.linspace(-0.3, 0.3, 5),
        "eps_ee_d": np.linspace(-0.3, 0.3, 4),
        "eps_mumu_u": np.linspace(-0.2, 0.2, 3),
    }
    one = scan_grid(fit, axes, progress=False, workers=1, chunk_size=7)
    two = scan_grid(fit, axes, progress=False, workers=2, chunk_size=7)
    np.testing.assert_array_equal(one.chi2, two.chi2)
    assert one.chi2.shape == (5, 4, 3)
    # the same points profiled one by one
    point = {"eps_ee_u": 0.15, "eps_ee_d": -0.1, "eps_mumu_u": 0.2}
    assert one.chi2[3, 1, 2] == pytest.approx(fit.profiled_chi2([point])[0], rel=1e-9)


def test_profiled_grid_keeps_the_named_axes_in_order():
    from cevns.inference.scan import GridScan

    axes = {"a": np.arange(2.0), "b": np.arange(3.0), "c": np.arange(4.0)}
    chi2 = np.random.default_rng(3).uniform(0, 10, (2, 3, 4))
    scan = GridScan(axes, chi2, 0.0)
    kept = scan.profiled("c", "a")
    assert list(kept.axes) == ["c", "a"] and kept.chi2.shape == (4, 2)
    np.testing.assert_array_equal(kept.chi2, chi2.min(axis=1).T)
    np.testing.assert_array_equal(scan.profiled("a", "b", "c").chi2, chi2)
    with pytest.raises(Exception, match="distinct"):
        scan.profiled("a", "a")


class _Interrupted(Exception):
    pass


class _StopsAfter:
    """A fit that raises after ``calls`` chunks: an interrupted scan."""

    def __init__(self, fit, calls):
        self.fit, self.calls = fit, calls
        self.datasets = fit.datasets

    def check_point(self, point):
        self.fit.check_point(point)

    def prepare(self, points):
        self.fit.prepare(points)

    def profiled_chi2(self, points):
        if self.calls == 0:
            raise _Interrupted
        self.calls -= 1
        return self.fit.profiled_chi2(points)


def test_scan_written_as_it_goes_resumes_where_it_stopped(fit, tmp_path):
    pytest.importorskip("pyarrow")
    from cevns.errors import CevnsInputError
    from cevns.inference.scan import load_scan

    axes = {"m_zprime": np.geomspace(5, 500, 6), "g_zprime": np.geomspace(1e-5, 1e-3, 5)}
    whole = scan_grid(fit, axes, progress=False, workers=1, chunk_size=4)
    folder = tmp_path / "scan"
    with pytest.raises(_Interrupted):
        scan_grid(_StopsAfter(fit, 3), axes, progress=False, workers=1, chunk_size=4, output=folder)
    parts = sorted(folder.glob("part-*.parquet"))
    assert 0 < len(parts) < 8  # some tasks were written before the interruption
    with pytest.raises(CevnsInputError, match="not done"):
        load_scan(folder)
    resumed = scan_grid(
        _StopsAfter(fit, 8 - len(parts)), axes, progress=False, workers=1, chunk_size=4,
        output=folder,
    )  # fmt: skip
    np.testing.assert_array_equal(resumed.chi2, whole.chi2)
    np.testing.assert_array_equal(load_scan(folder).chi2, whole.chi2)
    import pyarrow.parquet as pq

    table = pq.read_table(folder).to_pydict()  # the folder is one Parquet data set
    assert sorted(table) == ["chi2", "g_zprime", "index", "m_zprime"]
    assert len(table["chi2"]) == 30
    with pytest.raises(CevnsInputError, match="another scan"):
        scan_grid(fit, {"m_zprime": [5.0], "g_zprime": [1e-4]}, progress=False, output=folder)


def test_nsi_degeneracy_line_is_allowed(fit):
    """ε^u_ee, ε^d_ee with (2Z+N) ε_u + (Z+2N) ε_d = 0 leave the ν_e weak charge unchanged
    (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eq. 53) and ν_μ is untouched, so the
    prediction, and χ², stay at the SM's."""
    Z, N = 54.5, 76.0  # mean of Cs (55, 78) and I (53, 74)
    eps_u = 0.1
    eps_d = -(2 * Z + N) * eps_u / (Z + 2 * N)
    sm = fit.profiled_chi2([{}])[0]
    # exact per isotope; with the mean Z, N of Cs and I a small residue: allow 0.05
    assert fit.profiled_chi2([{"eps_ee_u": eps_u, "eps_ee_d": eps_d}])[0] - sm < 0.05


def test_cli_fit_json(capsys):
    assert (
        main(["fit", "coherent-lar-2020", "--data-dir", str(DATA), "--param", "sin2w", "--json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    for key in (
        "cevns_events",
        "cevns_events_error",
        "sm_prediction_events",
        "best_fit",
        "interval_68",
    ):
        assert key in out
    ((lo, hi),) = out["interval_68"]  # always a list of (low, high) pieces
    assert lo < out["best_fit"] < hi


def test_cli_scan_writes_csv(tmp_path, capsys):
    path = tmp_path / "scan.csv"
    args = ["scan", "coherent-csi-2017", "--data-dir", str(DATA), "--axis", "mu_nu=0:60:4"]
    assert main([*args, "--csv", str(path), "--json"]) == 0
    rows = path.read_text().splitlines()
    assert rows[0] == "mu_nu,chi2,delta_chi2" and len(rows) == 5


def test_cli_errors_are_clear(capsys, tmp_path):
    assert main(["fit", "coherent-csi-2017", "--data-dir", str(tmp_path)]) == 2
    assert "data_coincidence_beamOn.txt: not found" in capsys.readouterr().err
    assert main(["scan", "coherent-csi-2017", "--data-dir", str(DATA), "--axis", "mu_nu=0:1"]) == 2
    assert "expected NAME=LO:HI:N" in capsys.readouterr().err
    assert (
        main(
            [
                "fit",
                "coherent-csi-2017",
                "coherent-lar-2020",
                "--data-dir",
                str(DATA),
                "--param",
                "rn",
            ]
        )
        == 2
    )
    assert "fit the CsI and argon" in capsys.readouterr().err


def test_cli_scan_writes_a_folder_and_resumes(tmp_path, capsys):
    pytest.importorskip("pyarrow")
    folder = tmp_path / "zp"
    argv = [
        "scan", "coherent-csi-2021", "--data-dir", str(DATA), "--axis", "m_zprime=5:500:3:log",
        "--axis", "g_zprime=1e-5:1e-3:3:log", "--axis", "sin2w=0.23:0.25:2",
        "--output-dir", str(folder), "--workers", "1", "--json",
    ]  # fmt: skip
    assert main(argv) == 0
    first = json.loads(capsys.readouterr().out)
    assert (folder / "_scan.json").exists() and list(folder.glob("part-*.parquet"))
    assert main(argv) == 0  # again into the same folder: read back, not redone
    assert json.loads(capsys.readouterr().out)["delta_chi2"] == first["delta_chi2"]
    assert main([*argv[:-5], "--axis", "mu_nu=0:10:2", "--output-dir", str(folder)]) == 2
    assert "another scan" in capsys.readouterr().err
    (tmp_path / "file").write_text("x")
    assert main([*argv[:-5], "--output-dir", str(tmp_path / "file")]) == 2
    assert "is a file" in capsys.readouterr().err
