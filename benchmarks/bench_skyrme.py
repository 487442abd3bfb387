"""Speed of the spherical Skyrme Hartree-Fock solver (issue 5). Run by hand:

    python benchmarks/bench_skyrme.py [--json out.json]

A converged SLy4 calculation (mesh 0.1 fm, single-particle energies stable to 1e-7 MeV) of
40Ar and 133Cs (constant-gap BCS) and 208Pb from a Fermi-density start, and 208Pb with SkI3
(full centre-of-mass correction evaluated after convergence); best of three, with the number
of iterations. Then the use of a solution: the CEvNS σ(E) table of 133Cs with the
hf-sly4 form factor (solution from the disk cache) up to the KDAR line (235.5 MeV) and up to
1 GeV, with the peak memory that table takes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
import tracemalloc
from pathlib import Path

from cevns.nuclear.skyrme.hf import solve
from cevns.xsec.coherent import CoherentCrossSection

CASES = {
    "40Ar": (18, 22, "SLy4"),
    "133Cs": (55, 78, "SLy4"),
    "208Pb": (82, 126, "SLy4"),
    "208Pb_SkI3": (82, 126, "SkI3"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    results = {"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"}
    for name, (Z, N, skyrme) in CASES.items():
        times = []
        for _ in range(3):
            start = time.perf_counter()
            r = solve(Z, N, skyrme)
            times.append(time.perf_counter() - start)
        results[f"{name}_s"] = min(times)
        results[f"{name}_iterations"] = r.iterations
        results[f"{name}_energy_MeV"] = r.total_energy_MeV
    for energy in (235.5, 1000.0):
        _table_cost(energy, results)
    for key, value in results.items():
        print(f"{key:24s} {value if isinstance(value, str) else f'{value:.4g}'}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


def _table_cost(energy_MeV: float, results: dict) -> None:
    """Time and peak memory of a fresh σ(E) table of 133Cs with hf-sly4 up to ``energy_MeV``."""
    from cevns.nuclear.formfactors import form_factor_model
    from cevns.nuclei import isotope
    from cevns.physics import PhysicsModel

    model = form_factor_model("hf-sly4")
    model.pair(isotope("133Cs"))  # the HF solution, from the disk cache after the first run
    tracemalloc.start()
    start = time.perf_counter()
    CoherentCrossSection(isotope("133Cs"), model, PhysicsModel()).total(energy_MeV)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    results[f"sigma_table_hf_133Cs_{energy_MeV:g}MeV_s"] = elapsed
    results[f"sigma_table_hf_133Cs_{energy_MeV:g}MeV_peak_MB"] = peak / 1e6


if __name__ == "__main__":
    main()
