"""Speed of the Skyrme Hartree-Fock + RPA charge-exchange response and of the multipole cross
sections built on it. Run by hand:  python benchmarks/bench_rpa.py [--heavy] [--json out.json]

Cases (issue 22): the 40Ar ν_e CC response on a 1 MeV ω grid to 100 MeV (J ≤ 8, both
parities, q to 3.2 fm⁻¹) from scratch (HF solve included, nothing cached), the default
0.5 MeV / 150 MeV table, reading it back from the disk cache, σ(E) at 1000 energies, and the
average over the Michel ν_e spectrum; the continuum-RPA (Green's function) Gamow-Teller and
spin-dipole 1⁻ strength functions of 40Ar on 500 energies. ``--heavy`` adds 56Fe, 127I and
208Pb from scratch.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time

import numpy as np


def timed(function):
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heavy", action="store_true", help="also 56Fe, 127I, 208Pb")
    parser.add_argument("--json", help="write the timings here")
    args = parser.parse_args()
    os.environ["CEVNS_CACHE_DIR"] = tempfile.mkdtemp(prefix="cevns-bench-rpa-")
    from cevns.nuclear.skyrme.continuum import continuum_strength
    from cevns.nuclear.skyrme.response import weak_response
    from cevns.sources.spectra import michel_nue
    from cevns.xsec.inelastic.multipole import MultipoleCrossSection

    out = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}"}
    out["argon_1MeV_100MeV_cold_s"], _ = timed(
        lambda: weak_response(18, 22, bin_MeV=1.0, omega_max_MeV=100.0)
    )
    out["argon_default_table_s"], _ = timed(lambda: weak_response(18, 22))
    out["argon_from_cache_s"], _ = timed(lambda: weak_response(18, 22))
    xs = MultipoleCrossSection("40Ar", "nue")
    energies = np.linspace(5.0, 100.0, 1000)
    out["sigma_1000_energies_s"], _ = timed(lambda: xs(energies))
    out["michel_average_s"], _ = timed(lambda: xs.flux_average(michel_nue()))
    grid = np.linspace(-5.0, 45.0, 500)
    out["continuum_gt_500_energies_s"], _ = timed(
        lambda: continuum_strength(18, 22, "gamow_teller", omega_MeV=grid)
    )
    out["continuum_spin_dipole_1minus_500_energies_s"], _ = timed(
        lambda: continuum_strength(18, 22, "spin_dipole", J=1, omega_MeV=grid)
    )
    if args.heavy:
        for name, (Z, N) in {"56Fe": (26, 30), "127I": (53, 74), "208Pb": (82, 126)}.items():
            out[f"{name}_default_table_cold_s"], _ = timed(lambda Z=Z, N=N: weak_response(Z, N))
        out["208Pb_continuum_gt_500_energies_s"], _ = timed(
            lambda: continuum_strength(82, 126, "gamow_teller", omega_MeV=grid)
        )
    for key, value in out.items():
        print(f"{key:44s} {value if isinstance(value, str) else f'{value:.3f}'}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
