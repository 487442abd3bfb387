"""Speed of large profiled scans. Run by hand:  python benchmarks/bench_scans.py [--json out.json]

Cases:
* the 100 x 100 light vector mediator (mass, coupling) scan of the CsI 2021 data, all eight
  nuisances profiled at every point, in this process (one thread per core), timed from a
  freshly built analysis;
* a four-parameter NSI scan (ε^u_ee, ε^d_ee, ε^u_μμ, ε^d_μμ, ``--per-axis`` values each,
  32 by default: 1,048,576 points) of CsI 2021 and CENNS-10 (argon 2020) together, 20
  nuisances profiled at every point:
  - in one process on one thread (the reference), with its peak memory;
  - on a Dask LocalCluster of two single-threaded worker processes, cluster already
    running, and its results compared bit for bit with the reference;
  - in one process on two threads, written to a Parquet folder, interrupted half way and
    resumed, and its results compared bit for bit with the reference.
The data come from tests/data (copies of the public releases).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from cevns.inference.datasets import load_analysis
from cevns.inference.fit import JointFit
from cevns.inference.scan import scan_grid

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
ZPRIME = {"m_zprime": np.geomspace(1, 1000, 100), "g_zprime": np.geomspace(1e-6, 1e-3, 100)}
NSI = ("eps_ee_u", "eps_ee_d", "eps_mumu_u", "eps_mumu_d")


def zprime_scan() -> float:
    fit = JointFit([load_analysis("coherent-csi-2021", DATA)])
    start = time.perf_counter()
    scan_grid(fit, ZPRIME, progress=False)
    return time.perf_counter() - start


def nsi_fit() -> JointFit:
    return JointFit(
        [load_analysis("coherent-csi-2021", DATA), load_analysis("coherent-lar-2020", DATA)]
    )


class _StopAfter:
    """The NSI fit, raising after ``calls`` chunks: a scan interrupted half way."""

    def __init__(self, fit: JointFit, calls: int):
        self.fit, self.calls, self.datasets = fit, calls, fit.datasets

    def check_point(self, point):
        self.fit.check_point(point)

    def prepare(self, points):
        self.fit.prepare(points)

    def profiled_chi2(self, points):
        if self.calls == 0:
            raise KeyboardInterrupt
        self.calls -= 1
        return self.fit.profiled_chi2(points)


def nsi_scans(per_axis: int, with_dask: bool) -> dict:
    axes = {name: np.linspace(-0.5, 0.5, per_axis) for name in NSI}
    points = per_axis**4
    out: dict = {"nsi_points": points}
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    reference = scan_grid(nsi_fit(), axes, progress=False, workers=1)
    out["nsi_one_thread_s"] = time.perf_counter() - start
    out["nsi_peak_memory_MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["nsi_memory_before_MB"] = rss_before
    if with_dask:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            client.submit(sum, [1]).result()  # workers up
            start = time.perf_counter()
            remote = scan_grid(nsi_fit(), axes, scheduler=client, progress=False)
            out["nsi_dask_2_workers_s"] = time.perf_counter() - start
        out["nsi_dask_speed_up"] = out["nsi_one_thread_s"] / out["nsi_dask_2_workers_s"]
        out["nsi_dask_identical"] = bool(np.array_equal(remote.chi2, reference.chi2))
    chunks = -(-points // 1000)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        try:
            scan_grid(_StopAfter(nsi_fit(), chunks // 2), axes, progress=False, output=folder)
        except KeyboardInterrupt:
            pass
        parts = len(list(Path(folder).glob("part-*.parquet")))
        resumed = scan_grid(nsi_fit(), axes, progress=False, output=folder)
        out["nsi_two_threads_interrupted_and_resumed_s"] = time.perf_counter() - start
        out["nsi_parts_before_interruption"] = parts
        out["nsi_resumed_identical"] = bool(np.array_equal(resumed.chi2, reference.chi2))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--per-axis", type=int, default=32, help="NSI values per axis")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    args = parser.parse_args()
    zprime_scan()  # import and first-call costs out of the way
    results = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "zprime_100x100_s": min(zprime_scan() for _ in range(3)),
    }
    results.update(nsi_scans(args.per_axis, not args.no_dask))
    for key, value in results.items():
        print(f"{key:45s} {value if isinstance(value, str | bool | int) else f'{value:.3g}'}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
