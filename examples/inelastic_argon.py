"""Carey & Pandey (arXiv:2412.18055) Fig. 2 / Pandey (Prog. Part. Nucl. Phys. 2024,
arXiv:2309.07840) Fig. 7: CEvNS
versus inelastic cross sections on argon.

CEvNS on 40Ar (Helm form factor, ν_e) against ν_e + 40Ar → e⁻ + 40K* in the allowed
approximation with the packaged measured strengths (levels below 8 MeV and the isobaric analog
state), optionally with a MARLEY-format table that adds the Gamow-Teller resonance region
(pass its path). The package has no sourced neutral-current strength for 40Ar, so the NC curve
is 12C → 12C*(15.11), labelled as such. The Michel ν_e spectrum shows where decay-at-rest
neutrinos sit; the shaded band marks where forbidden transitions, absent here, grow.

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

E = np.linspace(1.0, 100.0, 1000)
cevns_ar = coherent_cross_section("40Ar", "helm").total(E, "nue")
cc = AllowedCrossSection("nue-40Ar-cc")(E)
nc_c = AllowedCrossSection("nu-12C-nc")(E)

fig, ax = plt.subplots(figsize=(6.4, 4.6), constrained_layout=True)
ax.semilogy(E, cevns_ar, label="CEvNS, $^{40}$Ar (Helm)")
ax.semilogy(E, cc, label="CC $\\nu_e\\,^{40}$Ar, allowed, measured levels < 8 MeV")
if len(sys.argv) > 2:
    full = AllowedCrossSection(read_marley_reaction(sys.argv[2]))(E)
    ax.semilogy(E, full, "--", label="CC $\\nu_e\\,^{40}$Ar, allowed, " + Path(sys.argv[2]).name)
ax.semilogy(E, nc_c, label="NC $^{12}$C$\\to^{12}$C*(15.11), allowed")
ax.axvspan(
    30, 100, color="0.85", alpha=0.4, zorder=0, label="forbidden multipoles grow (E > 30 MeV)"
)
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
ax.set_title("CEvNS vs inelastic (cf. Carey & Pandey, arXiv:2412.18055, Fig. 2)", fontsize=10)
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "inelastic_argon.png", dpi=150)
