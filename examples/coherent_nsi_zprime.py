"""New physics from the COHERENT data: allowed regions of the vector NSI couplings
(ε^u_ee, ε^d_ee) and the exclusion of a universal light vector mediator Z', from the full CsI
data set (arXiv:2110.07730), the CENNS-10 argon data (arXiv:2003.10630) and both together.
Every nuisance is profiled at each grid point; the scans run locally with a progress bar.

    python examples/coherent_nsi_zprime.py [DATA_DIR] [output.png]

DATA_DIR holds the releases (default: $CEVNS_DATA_DIR, else the test copies in tests/data).
"""

import os
import sys
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from cevns.inference.datasets import load_analysis  # noqa: E402
from cevns.inference.fit import DCHI2_2D, JointFit  # noqa: E402
from cevns.inference.scan import scan_grid  # noqa: E402

default = os.environ.get("CEVNS_DATA_DIR", Path(__file__).parents[1] / "tests" / "data")
data_dir = sys.argv[1] if len(sys.argv) > 1 else default
output = sys.argv[2] if len(sys.argv) > 2 else "coherent_nsi_zprime.png"

csi = load_analysis("coherent-csi-2021", data_dir)
lar = load_analysis("coherent-lar-2020", data_dir)
sets = {"CsI (full)": [csi], "Ar (CENNS-10)": [lar], "CsI + Ar": [csi, lar]}
colors = {"CsI (full)": "C0", "Ar (CENNS-10)": "C3", "CsI + Ar": "k"}

eps = np.linspace(-1.0, 1.0, 61)
masses = np.geomspace(1.0, 1000.0, 31)
couplings = np.geomspace(1e-6, 1e-3, 61)

fig, (ax_nsi, ax_z) = plt.subplots(1, 2, figsize=(11, 4.8), constrained_layout=True)
for label, analyses in sets.items():
    fit = JointFit(analyses)
    nsi = scan_grid(fit, {"eps_ee_u": eps, "eps_ee_d": eps})
    ax_nsi.contour(eps, eps, nsi.delta_chi2.T, levels=[DCHI2_2D[90]], colors=colors[label])
    ax_nsi.contourf(
        eps, eps, nsi.delta_chi2.T, levels=[0, DCHI2_2D[90]], colors=colors[label], alpha=0.12
    )
    ax_nsi.plot([], [], color=colors[label], label=label)
    sm = float(fit.profiled_chi2([{}])[0])
    zp = scan_grid(fit, {"m_zprime": masses, "g_zprime": couplings}, reference=sm)
    ax_z.plot(masses, zp.limit_curve(), color=colors[label], label=label)
    best = nsi.best_fit
    print(
        f"{label}: NSI grid minimum at eps_u = {best['eps_ee_u']:.3f}, "
        f"eps_d = {best['eps_ee_d']:.3f}; Z' limit g < {zp.limit_curve()[0]:.2g} at 1 MeV, "
        f"g/M < {zp.limit_curve()[-1] / masses[-1]:.2g} /MeV at 1 GeV (90% CL)"
    )

ax_nsi.set_xlabel(r"$\varepsilon^{uV}_{ee}$")
ax_nsi.set_ylabel(r"$\varepsilon^{dV}_{ee}$")
ax_nsi.set_title(r"90% CL allowed (2 d.o.f.), other $\varepsilon$ = 0", fontsize=10)
ax_nsi.legend(fontsize=8)
ax_z.set_xscale("log")
ax_z.set_yscale("log")
ax_z.set_xlabel(r"$M_{Z'}$ [MeV]")
ax_z.set_ylabel(r"$g_{Z'}$ excluded above (90% CL)")
ax_z.set_title(r"universal $Z'$, $\Delta\chi^2$ = 2.71 from the SM at each mass", fontsize=10)
ax_z.legend(fontsize=8)
fig.savefig(output, dpi=130)
