"""Carey & Pandey (arXiv:2412.18055) Fig. 4: CEvNS recoil spectrum at PIP2-BD (100 t of argon, 20 m
from the
Fermilab PIP-II beam dump) in the Standard Model and with a neutrino magnetic moment
(Carey & Pandey, NuFact 2024, arXiv:2412.18055, Eq. 13, the same μ_ν for every flavor), Helm form
factor, ideal detector.

    python examples/lar_magnetic_moment.py [output.png]
"""

import sys

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from cevns import PhysicsModel, RateCalculator  # noqa: E402

MOMENTS = (1e-8, 3e-9, 1e-9, 3e-10)  # Bohr magnetons
calc = RateCalculator.for_experiment("PIP2-BD")
T = np.geomspace(0.01, calc.max_recoil_keV, 400)
fig, ax = plt.subplots(figsize=(6.4, 4.6), constrained_layout=True)
sm = calc.recoil_spectrum(T).total
ax.plot(T, sm, lw=2, label="Standard Model")
print(f"{'mu_nu [mu_B]':>12s}  rate above 5 keV [/day]  ratio to SM at 1 keV, 10 keV")
above = [5.0, calc.max_recoil_keV]
sm_counts = calc.binned(above).total.sum()
for mu in MOMENTS:
    model = PhysicsModel(magnetic_moment={"all": mu})
    spec = calc.with_model(model).recoil_spectrum(T).total
    mantissa, exponent = f"{mu:.0e}".split("e")
    label = rf"$\mu_\nu = {mantissa}\times 10^{{{int(exponent)}}}\,\mu_B$"
    ax.plot(T, spec, ls="--", label=label)
    n = calc.binned(above, model=model).total.sum()
    r1, r10 = np.interp([1.0, 10.0], T, spec / sm)
    print(f"{mu:12.1e}  {n:10.1f} (SM {sm_counts:.1f})        {r1:7.3f}, {r10:7.3f}")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("nuclear recoil energy T [keVnr]")
ax.set_ylabel("dN/dT [events / keV / day]")
ax.set_title("PIP2-BD (100 t Ar, 20 m): neutrino magnetic moment")
ax.set_ylim(1e-2, None)
ax.legend()
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "lar_magnetic_moment.png", dpi=150)
