"""Carey & Pandey (arXiv:2412.18055) Fig. 2 / Pandey (Prog. Part. Nucl. Phys. 2024,
arXiv:2309.07840) Fig. 7: CEvNS
versus inelastic cross sections on argon.

CEvNS on 40Ar (Helm form factor, ν_e) against the inelastic channels:

* ν_e + 40Ar → e⁻ + 40K* and ν + 40Ar → ν + 40Ar* from the Skyrme (SLy4) Hartree-Fock + RPA
  model, every multipole J ≤ 8 (CC: Gamow-Teller strength × 0.64, the lowest state at the 40K
  ground state; NC: isovector residual interaction, energies unshifted);
* the CC allowed approximation with the packaged measured strengths (levels below 8 MeV and
  the isobaric analog state), optionally with a MARLEY-format table that adds the
  Gamow-Teller resonance region (pass its path).

The Michel ν_e spectrum shows where decay-at-rest neutrinos sit.

    python examples/inelastic_argon.py [output.png] [marley.react]
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from cevns.io.marley import read_marley_reaction  # noqa: E402
from cevns.sources.spectra import michel_nue  # noqa: E402
from cevns.xsec import coherent_cross_section  # noqa: E402
from cevns.xsec.inelastic import AllowedCrossSection  # noqa: E402
from cevns.xsec.inelastic.multipole import MultipoleCrossSection  # noqa: E402

E = np.linspace(1.0, 100.0, 1000)
cevns_ar = coherent_cross_section("40Ar", "helm").total(E, "nue")
cc = AllowedCrossSection("nue-40Ar-cc")(E)
cc_rpa = MultipoleCrossSection("40Ar", "nue", gt_quenching=0.64)(E)
nc_rpa = MultipoleCrossSection("40Ar", "nue", channel="nc", gt_quenching=0.64)(E)

fig, ax = plt.subplots(figsize=(6.4, 4.6), constrained_layout=True)
ax.semilogy(E, cevns_ar, label="CEvNS, $^{40}$Ar (Helm)")
ax.semilogy(E, cc_rpa, label="CC $\\nu_e\\,^{40}$Ar, Skyrme HF + RPA, all multipoles")
ax.semilogy(E, nc_rpa, label="NC $\\nu\\,^{40}$Ar, Skyrme HF + RPA, all multipoles")
ax.semilogy(E, cc, ":", label="CC $\\nu_e\\,^{40}$Ar, allowed, measured levels < 8 MeV")
if len(sys.argv) > 2:
    full = AllowedCrossSection(read_marley_reaction(sys.argv[2]))(E)
    ax.semilogy(E, full, "--", label="CC $\\nu_e\\,^{40}$Ar, allowed, " + Path(sys.argv[2]).name)
twin = ax.twinx()
twin.plot(E, michel_nue().pdf(E), color="0.5", lw=1, ls=":")
twin.set_ylabel("Michel $\\nu_e$ spectrum (1/MeV)", color="0.4")
twin.set_ylim(0, 0.2)
ax.set_xlabel("neutrino energy (MeV)")
ax.set_ylabel("cross section (cm$^2$)")
ax.set_ylim(1e-43, 1e-36)
ax.set_xlim(0, 100)
ax.set_zorder(twin.get_zorder() + 1)
ax.patch.set_visible(False)
ax.legend(fontsize=7, loc="upper left")
ax.set_title(
    "CEvNS vs CC vs NC on argon (cf. Carey & Pandey, arXiv:2412.18055, Fig. 2)", fontsize=9
)
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "inelastic_argon.png", dpi=150)
