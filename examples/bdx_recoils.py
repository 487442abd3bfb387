"""CEvNS recoils in a 1 t argon detector at the JLab BDX electron beam dump: the four source
presets (11 and 22 GeV, off- and on-axis, 10 m from the dump; Battaglieri et al., Instruments
8, 1 (2024), Table 2) per 10^22 electrons on target, with the stated decay-at-rest spectrum.

    python examples/bdx_recoils.py [output.png]
"""

import sys
from dataclasses import replace

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from cevns import RateCalculator  # noqa: E402
from cevns.detectors import experiment  # noqa: E402
from cevns.sources.beamdump import beam_dump, beam_dumps  # noqa: E402

base = experiment("BDX-Ar-1t")
edges = np.linspace(0.0, 120.0, 41)
fig, ax = plt.subplots(figsize=(6.4, 4.4), constrained_layout=True)
for name in beam_dumps():
    exp = replace(base, source=beam_dump(name), name=name)
    binned = RateCalculator.for_experiment(exp).binned(edges, "1e22 EOT")
    print(f"{name}: {binned.total.sum():.4g} CEvNS events per 1e22 EOT in 1 t of argon")
    ax.stairs(binned.total, edges, label=name)
ax.set_xlabel("nuclear recoil energy T [keVnr]")
ax.set_ylabel("events per 3 keV per 10²² EOT")
ax.set_yscale("log")
ax.set_title("CEvNS in 1 t of argon, 10 m from the BDX dump", fontsize="medium")
ax.legend(fontsize="small")
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "bdx_recoils.png", dpi=130)
