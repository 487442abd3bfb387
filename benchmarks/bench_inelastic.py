"""Speed of the inelastic (allowed-approximation) cross sections and event sampler.

Run by hand:  python benchmarks/bench_inelastic.py  [--json results.json]

Cases (issue 6): σ(E) of ν_e CC on 40Ar at 1000 energies with all packaged levels, and with
the 85 levels of a MARLEY-format table (a toy file with the same number of levels is written,
so the benchmark runs without external data); the flux average over the Michel ν_e spectrum;
10⁶ sampled CENNS-750 events (neutrino energy, level, lepton energy and angle, gammas); the
same events written to CSV. The targets: < 5 ms for σ(E), < 5 s for 10⁶ events. Also the
supernova burst in the DUNE-like detector (CEvNS and ν_e CC on 40Ar, cold start), a
SNOwGLoBES table export, and the Fermi-gas quasi-elastic σ at the KDAR energy.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import timeit
from pathlib import Path

import numpy as np

import cevns
from cevns.constants import kaon_dar_numu_energy
from cevns.io.marley import read_marley_reaction
from cevns.io.xscns import xscns_table
from cevns.rates.engine import RateCalculator
from cevns.rates.inelastic import inelastic_rate
from cevns.sources.spectra import michel_nue
from cevns.xsec.inelastic import AllowedCrossSection
from cevns.xsec.quasielastic import RelativisticFermiGas


def best_time(func, number: int, repeat: int = 5) -> float:
    """Best mean time per call (s) over ``repeat`` runs of ``number`` calls."""
    return min(timeit.repeat(func, number=number, repeat=repeat)) / number


def toy_marley_file(folder: Path, levels: int = 85) -> Path:
    """A MARLEY-format 40Ar CC table with ``levels`` GT levels from 2 to 22 MeV (toy
    strengths summing to about 25, the size of the tables in use)."""
    rows = sorted([(e, 0.3, 1) for e in np.linspace(2.0, 22.0, levels)] + [(4.3837, 4.0, 0)])
    path = folder / "toy.react"
    path.write_text(
        "# toy table for timing\n0 1000180400\n"
        + "".join(f"{e:.5f} {b:.3f} {kind}\n" for e, b, kind in rows)
    )
    return path


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    energies = np.linspace(1.0, 100.0, 1000)
    results = {}
    packaged = AllowedCrossSection("nue-40Ar-cc")
    results["sigma_1000_energies_packaged_15_levels_ms"] = 1e3 * best_time(
        lambda: packaged(energies), 200
    )
    with tempfile.TemporaryDirectory() as tmp:
        big = AllowedCrossSection(read_marley_reaction(toy_marley_file(Path(tmp))))
        results["sigma_1000_energies_86_levels_ms"] = 1e3 * best_time(lambda: big(energies), 50)
        results["flux_average_86_levels_ms"] = 1e3 * best_time(
            lambda: big.flux_average(michel_nue()), 20
        )
        rate = inelastic_rate("nue-40Ar-cc", "CENNS750")
        results["sample_1e6_events_s"] = best_time(lambda: rate.sample(10**6, random_state=1), 1, 3)
        events = rate.sample(10**6, random_state=1)
        results["write_1e6_events_csv_s"] = best_time(
            lambda: events.write(Path(tmp) / "events.csv"), 1, 1
        )
    results["supernova_burst_cevns_and_cc_dune_ms"] = 1e3 * best_time(
        lambda: (
            RateCalculator.for_experiment("DUNE-SN").counts("burst"),
            inelastic_rate("nue-40Ar-cc", "DUNE-SN").counts("burst"),
        ),
        5,
    )
    results["xscns_table_40Ar_cevns_ms"] = 1e3 * best_time(lambda: xscns_table("40Ar"), 5)
    rfg = RelativisticFermiGas("12C")
    results["rfg_total_kdar_12C_ms"] = 1e3 * best_time(
        lambda: rfg.total(kaon_dar_numu_energy()), 10
    )
    results["machine"] = f"{platform.processor() or platform.machine()}, {platform.system()}"
    results["python"] = platform.python_version()
    results["numpy"] = np.__version__
    results["cevns"] = cevns.__version__
    for key, value in results.items():
        print(f"{key:45s} {value:.4g}" if isinstance(value, float) else f"{key:45s} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
