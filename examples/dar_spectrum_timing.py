"""Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) Figs. 1 and 2: the pion decay-at-rest
neutrino spectrum
(the 29.8 MeV nu_mu line and
the nu_e and anti-nu_mu Michel spectra) and the prompt/delayed arrival times at the SNS.

    python examples/dar_spectrum_timing.py [output.png]
"""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from cevns.plotting.figures import plot_flux, plot_timing  # noqa: E402
from cevns.sources import facility  # noqa: E402

sns = facility("SNS")
flux = sns.flux(20.0)
fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
plot_flux(flux, ax=a1)
a1.set_title("SNS pion decay at rest, 20 m")
plot_timing(sns.timing, ax=a2, t_max_ns=8000)
a2.set_title("arrival times (353 ns FWHM Gaussian pulse)")
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "dar_spectrum_timing.png", dpi=150)
print(
    f"prompt share within 1 us: {sns.timing.fraction('prompt', -1000, 1000):.4f}; "
    f"delayed share after 1 us: {sns.timing.fraction('delayed', 1000, 1e6):.4f}"
)
