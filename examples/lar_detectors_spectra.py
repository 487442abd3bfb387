"""Carey & Pandey (arXiv:2412.18055) Fig. 3: CEvNS events per day per keV versus recoil energy for
the four
liquid-argon detectors of its Table I (CENNS10, CENNS750, CCM, PIP2-BD), Helm form factor,
sin^2(theta_W) = 0.23857, ideal detectors.

    python examples/lar_detectors_spectra.py [output.png]
"""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from cevns.plotting.figures import plot_recoil_spectra  # noqa: E402
from cevns.rates.studies import lar_detectors_study  # noqa: E402

spectra, counts = lar_detectors_study()
fig, ax = plt.subplots(figsize=(6.4, 4.6), constrained_layout=True)
plot_recoil_spectra(spectra, ax=ax)
for line, (name, c) in zip(ax.get_lines(), counts.items(), strict=True):
    line.set_label(f"{name}: {c.total:.3g} / day")
ax.legend()
ax.set_ylim(1e-4, 100)
ax.set_xlim(0, 150)
ax.set_title("CEvNS on argon (Helm), Carey & Pandey (arXiv:2412.18055)", fontsize=10)
ax.annotate(
    "prompt $\\nu_\\mu$ endpoint", xy=(47.6, 0.6), xytext=(60, 5), arrowprops={"arrowstyle": "->"}
)
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "lar_detectors_spectra.png", dpi=150)
for name, c in counts.items():
    print(f"{name:9s} {c.total:10.3f} events/day")
