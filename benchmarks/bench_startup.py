"""Whole-process start-up of the command line, as a ratio to importing numpy and scipy.special
in the same run (the floor any cevns command pays). Run by hand:

    python benchmarks/bench_startup.py [--runs 15] [--json out.json]

Each command is run ``--runs`` times in a fresh interpreter, alternating with the others so
that machine load affects all alike; the medians and their ratios to the reference are
printed. Target: each command's median at most twice the reference's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

CEVNS = (shutil.which("cevns") or f"{sys.executable} -m cevns.cli.main").split()
COMMANDS = {
    "reference: python -c 'import numpy, scipy.special'": [
        sys.executable, "-c", "import numpy, scipy.special",
    ],
    "cevns xsec 40Ar --energy 30 --json": [*CEVNS, "xsec", "40Ar", "--energy", "30", "--json"],
    "cevns rate --json": [*CEVNS, "rate", "--json"],
    "cevns rate COHERENT-CsI --json": [*CEVNS, "rate", "COHERENT-CsI", "--json"],
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, cmd in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(t) for name, t in times.items()}
    reference = next(iter(medians.values()))
    results = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "runs": args.runs,
        "median_s": medians,
        "ratio_to_reference": {name: m / reference for name, m in medians.items()},
    }
    for name, m in medians.items():
        print(f"{name:55s} {m:6.3f} s   ratio {m / reference:5.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
