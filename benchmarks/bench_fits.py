"""Speed of the fits (issue 4). Run by hand:  python benchmarks/bench_fits.py [--json out.json]

Cases:
* a full CsI 2021 profile fit: build the analysis from the release files, fit the CEvNS count
  (MIGRAD + MINOS), and the weak mixing angle with every nuisance free (MIGRAD + MINOS);
* a 100 x 100 light vector mediator (mass, coupling) scan of the CsI 2021 data, all nuisances
  profiled at every point, in this process;
* the same scan on a Dask LocalCluster with one single-threaded worker per core, timed with
  the cluster already running and, separately, including its start-up;
* a complete Asimov sensitivity of one future detector (CENNS-750: sin²θ_W, R_n, μ_ν
  profiles and the 31 x 61 Z' grid), analysis construction included.
The data come from tests/data (copies of the public releases).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np

from cevns.inference.datasets import load_analysis
from cevns.inference.fit import JointFit, count_fit
from cevns.inference.scan import scan_grid
from cevns.inference.sensitivity import sensitivity

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
AXES = {"m_zprime": np.geomspace(1, 1000, 100), "g_zprime": np.geomspace(1e-6, 1e-3, 100)}


def full_fit() -> float:
    start = time.perf_counter()
    analysis = load_analysis("coherent-csi-2021", DATA)
    count_fit(analysis)
    JointFit([analysis]).fit({"sin2w": 0.238})
    return time.perf_counter() - start


def local_scan() -> float:
    fit = JointFit([load_analysis("coherent-csi-2021", DATA)])
    start = time.perf_counter()
    scan_grid(fit, AXES, progress=False)
    return time.perf_counter() - start


def dask_scan() -> tuple[float, float]:
    from distributed import Client, LocalCluster

    fit = JointFit([load_analysis("coherent-csi-2021", DATA)])
    start = time.perf_counter()
    with (
        LocalCluster(
            n_workers=os.cpu_count(), threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.submit(sum, [1]).result()  # workers up
        warm = time.perf_counter()
        scan_grid(fit, AXES, scheduler=client, progress=False)
        end = time.perf_counter()
    return end - warm, end - start


def asimov_sensitivity() -> float:
    start = time.perf_counter()
    sensitivity("CENNS750")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    full_fit()  # import and first-call costs out of the way
    results = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "csi2021_full_fit_s": min(full_fit() for _ in range(3)),
        "zprime_100x100_local_s": min(local_scan() for _ in range(2)),
        "cenns750_sensitivity_s": min(asimov_sensitivity() for _ in range(2)),
    }
    warm, cold = dask_scan()
    results["zprime_100x100_dask_s"] = warm
    results["zprime_100x100_dask_with_startup_s"] = cold
    for key, value in results.items():
        print(f"{key:40s} {value if isinstance(value, str) else f'{value:.2f}'}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
