"""Reach for photon-coupled axion-like particles at the Lujan Center (CCM preset, 10 t argon at
20 m, three beam years) and the SNS (CENNS-750 preset): ALPs from the π0 photons of the target
(Primakoff), seen by inverse Primakoff scattering or a -> γγ decays in the detector. Expected
90 % CL reach with no background and with 100 background events. The π0 yields are the
facility presets' (assumptions) and no other photon of the showers is counted, so the reach is
conservative.

    python examples/alp_reach.py [output.png]
"""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from cevns.detectors import experiment  # noqa: E402
from cevns.inference.alp import alp_sensitivity  # noqa: E402
from cevns.plotting.figures import plot_alp_sensitivity  # noqa: E402
from cevns.sources.alp import meson_photons  # noqa: E402

masses = np.geomspace(0.01, 100.0, 80)
couplings = np.geomspace(1e-8, 1e-1, 100)
fig, ax = plt.subplots(figsize=(6.4, 4.6), constrained_layout=True)
for i, (name, background) in enumerate([("CCM", 0.0), ("CCM", 100.0), ("CENNS750", 0.0)]):
    exp = experiment(name)
    source = exp.source
    pot = 3 * source.beam_hours_per_year * 3600 * source.protons_per_second
    photons = meson_photons(source.meson_yields)
    result = alp_sensitivity(
        exp, masses, couplings, pot, photons, source.target_element, background
    )
    j = int(np.nanargmin(result.lower))
    print(
        f"{name}, {background:g} background: {pot:.3g} POT; best g = {result.lower[j]:.3g} /GeV "
        f"at m_a = {masses[j]:.3g} MeV; g at 0.01 MeV = {result.lower[0]:.3g} /GeV"
    )
    plot_alp_sensitivity(result, ax, label=f"{name}, 3 years, {background:g} bkg", color=f"C{i}")
ax.set_ylim(1e-7, 1e-1)
ax.set_title("ALPs from π0 photons: expected 90 % CL reach", fontsize="medium")
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "alp_reach.png", dpi=130)
