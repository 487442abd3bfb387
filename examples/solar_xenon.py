"""The solar "neutrino fog" in xenon: CEvNS recoil spectra of the 8B and hep neutrinos (B16-GS98
standard solar model) per tonne-year, and the XENONnT 8B rates above a threshold for
comparison (their public spectrum, normalised to the SNO flux; scaled here to B16).

    python examples/solar_xenon.py [output.png]
"""

import sys
from dataclasses import replace

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from cevns import RateCalculator  # noqa: E402
from cevns.detectors import experiment  # noqa: E402
from cevns.sources.solar import SolarNeutrinos  # noqa: E402

exp = experiment("SOLAR-Xe-1t")
exp = replace(exp, detector=replace(exp.detector, threshold_keV=0.0))
T = np.geomspace(0.003, 6.0, 300)
fig, ax = plt.subplots(figsize=(6.4, 4.4), constrained_layout=True)
for branches, label in (
    (("8B",), "8B"),
    (("hep",), "hep"),
    (("pp", "7Be", "pep"), "pp + 7Be + pep"),
):
    calc = RateCalculator.for_experiment(replace(exp, source=SolarNeutrinos(branches=branches)))
    spectrum = calc.recoil_spectrum(T, "year")
    ax.plot(T, spectrum.total, label=label)
# XENONnT public 8B spectrum, cumulative rates above 0.45/1/1.5/2 keV (SNO flux), x 5.46/5.25
for t, n in ((0.45, 335.6), (1.0, 91.6), (1.5, 23.6), (2.0, 4.57)):
    print(f"XENONnT 8B above {t} keVnr: {n * 5.46 / 5.25:.1f} per t yr at the B16 flux")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_ylim(1e-3, 1e7)
ax.set_xlabel("nuclear recoil energy T [keVnr]")
ax.set_ylabel("dN/dT [events / keV / tonne-year]")
ax.set_title("Solar-neutrino CEvNS in xenon (B16-GS98, MSW)", fontsize="medium")
ax.legend(fontsize="small")
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "solar_xenon.png", dpi=130)
