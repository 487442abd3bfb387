"""Dark matter from π0 decays at rest: the 90 % CL raster limit in (m_χ, Y) from the COHERENT
CsI[Na] 2021 data (arXiv:2110.07730 release, in tests/data) with CEvNS as a profiled
background, the Asimov sensitivity of CCM (argon preset), and the complex-scalar thermal-relic
target, for m_V = 3 m_χ and α_D = 0.5. The π0 yields are assumptions (facility presets).

    python examples/dark_matter_limits.py [output.png]
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from cevns.inference.darkmatter import DarkMatterSearch  # noqa: E402
from cevns.inference.datasets import load_analysis  # noqa: E402
from cevns.inference.sensitivity import asimov_analysis  # noqa: E402
from cevns.relic import relic_yield  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
masses = np.geomspace(1.0, 44.0, 40)
yields = np.geomspace(1e-13, 1e-7, 60)
csi = DarkMatterSearch(load_analysis("coherent-csi-2021", DATA)).scan(masses, yields)
ccm = DarkMatterSearch(asimov_analysis("CCM")).scan(masses, yields)
relic = np.array([relic_yield(m) for m in masses])
for name, limit in (("CsI 2021", csi), ("CCM Asimov", ccm)):
    ratio = relic / limit.limit
    i = int(np.nanargmax(ratio))
    print(
        f"{name}: Y < {limit.limit[i]:.3g} at m_χ = {masses[i]:.3g} MeV (relic {relic[i]:.3g}); "
        f"relic excluded for α_D < {0.5 * ratio[i] ** 2:.3g}"
    )

ax = csi.plot(relic=(masses, relic))
ax.plot(masses, ccm.limit, color="C0", ls="-.", label="CCM preset, Asimov (90 % CL)")
ax.legend(fontsize="small")
ax.set_ylim(1e-13, 1e-7)
ax.figure.set_size_inches(6.4, 4.6)
ax.figure.savefig(sys.argv[1] if len(sys.argv) > 1 else "dark_matter_limits.png", dpi=130)
plt.close(ax.figure)
