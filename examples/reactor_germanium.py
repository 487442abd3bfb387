"""CEvNS of reactor antineutrinos in germanium: the CONUS+ preset (2.83 kg at 20.7 m from the
3.6 GW Leibstadt core) per day, in observed (ionisation) energy for three Lindhard k values,
against the 160 eVee threshold, and the predicted counts for the 327 kg d of run 1
(published prediction 347 ± 59; Ackermann et al., Nature 643, 1229 (2025)).

    python examples/reactor_germanium.py [output.png]
"""

import sys
from dataclasses import replace

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from cevns import RateCalculator  # noqa: E402
from cevns.detectors import experiment  # noqa: E402
from cevns.detectors.quenching import LindhardQuenching  # noqa: E402

exp = experiment("CONUS+")
edges = np.linspace(0.0, 0.6, 61)  # keVee
fig, ax = plt.subplots(figsize=(6.4, 4.4), constrained_layout=True)
for k, label in (
    (0.157, "standard"),
    (0.162, "Bonhomme et al. 2022"),
    (0.179, "Scholz et al. 2016"),
):
    det = replace(exp.detector, quenching=LindhardQuenching(k), threshold_keVee=0.0)
    calc = RateCalculator.for_experiment(replace(exp, detector=det))
    binned = calc.binned(edges, "day", observed=True)
    above = binned.total[edges[:-1] >= 0.16].sum()
    print(f"k = {k}: {above / 2.83 * 327:.0f} events in 327 kg d above 160 eVee")
    ax.stairs(binned.total / np.diff(edges), edges, label=f"Lindhard k = {k} ({label})")
ax.axvline(0.16, color="k", ls=":", label="160 eVee threshold")
ax.set_yscale("log")
ax.set_xlabel("ionisation energy [keVee]")
ax.set_ylabel("events per keVee per day (2.83 kg)")
ax.set_title("Reactor CEvNS in germanium, CONUS+ preset", fontsize="medium")
ax.legend(fontsize="small")
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "reactor_germanium.png", dpi=130)
