"""Speed of the spherical Skyrme Hartree-Fock solver (issue 5). Run by hand:

    python benchmarks/bench_skyrme.py [--json out.json]

A converged SLy4 calculation (mesh 0.1 fm, single-particle energies stable to 1e-7 MeV) of
40Ar and 133Cs (constant-gap BCS) and 208Pb from a Fermi-density start, and 208Pb with SkI3
(full centre-of-mass correction evaluated after convergence); best of three, with the number
of iterations.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from cevns.nuclear.skyrme.hf import solve

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
    for key, value in results.items():
        print(f"{key:24s} {value if isinstance(value, str) else f'{value:.4g}'}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
