"""Speed of the dark-matter searches (issue 19). Run by hand:
python benchmarks/bench_darkmatter.py [--json out.json]

Cases:
* a 50 x 50 (m_χ, Y) raster scan of the COHERENT CsI 2021 data with CEvNS as a profiled
  background, every nuisance profiled at every point, limits refined by root finding,
  from the loaded analysis (the χ templates, response and relic line excluded);
* the same including the search set-up (the shared detector response) and the analysis;
* the 50 x 50 Asimov scan of the CCM argon preset;
* the scalar thermal-relic Y at one mass (a freeze-out solution and its fixed-point search);
* the ALP reach of the CCM preset on 40 masses x 80 couplings.
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

from cevns.detectors import experiment
from cevns.inference.alp import alp_sensitivity
from cevns.inference.darkmatter import DarkMatterSearch
from cevns.inference.datasets import load_analysis
from cevns.inference.sensitivity import asimov_analysis
from cevns.relic import relic_yield
from cevns.sources.alp import meson_photons

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
MASSES = np.geomspace(1.0, 44.0, 50)
YIELDS = np.geomspace(1e-13, 1e-7, 50)


def csi_scan(with_setup: bool) -> float:
    start = time.perf_counter()
    analysis = load_analysis("coherent-csi-2021", DATA)
    search = DarkMatterSearch(analysis)
    if not with_setup:
        search._shared_folding()
        start = time.perf_counter()
    search.scan(MASSES, YIELDS, progress=False)
    return time.perf_counter() - start


def ccm_scan() -> float:
    start = time.perf_counter()
    DarkMatterSearch(asimov_analysis("CCM")).scan(MASSES, YIELDS, progress=False)
    return time.perf_counter() - start


def alp_reach() -> float:
    exp = experiment("CCM")
    source = exp.source
    start = time.perf_counter()
    alp_sensitivity(
        exp,
        np.geomspace(0.01, 100.0, 40),
        np.geomspace(1e-8, 1e-1, 80),
        2.8e22,
        meson_photons(source.meson_yields),
        source.target_element,
    )
    return time.perf_counter() - start


def relic() -> float:
    start = time.perf_counter()
    relic_yield(20.0)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    csi_scan(True)  # import and first-call costs out of the way
    results = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "csi2021_dm_50x50_s": min(csi_scan(False) for _ in range(3)),
        "csi2021_dm_50x50_with_setup_s": min(csi_scan(True) for _ in range(3)),
        "ccm_asimov_dm_50x50_with_setup_s": min(ccm_scan() for _ in range(2)),
        "relic_yield_one_mass_s": min(relic() for _ in range(3)),
        "alp_reach_ccm_40x80_s": min(alp_reach() for _ in range(3)),
    }
    for key, value in results.items():
        print(f"{key:40s} {value if isinstance(value, str) else f'{value:.2f}'}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
