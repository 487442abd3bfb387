"""Expected sensitivity of the future argon detectors of Carey & Pandey (arXiv:2412.18055) Table I
(CENNS-750, CCM,
PIP2-BD) from Asimov data: profile likelihoods of sin²θ_W, R_n(40Ar) and μ_ν, and the 90 %
CL exclusion of a universal light Z'. The assumptions (running time, threshold, backgrounds
scaled from CENNS-10, systematics) are those of cevns.inference.sensitivity and printed here.

    python examples/future_sensitivity.py [output.png]
"""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from cevns.inference.sensitivity import (  # noqa: E402
    SENSITIVITY_EXPERIMENTS,
    SENSITIVITY_PARAMETERS,
    sensitivity,
)
from cevns.plotting.figures import plot_sensitivities  # noqa: E402

results = [sensitivity(name, progress=True) for name in SENSITIVITY_EXPERIMENTS]
for r in results:
    a = r.assumptions
    print(
        f"{r.experiment}: {a.years:g} years, threshold {a.threshold_keVnr:g} keVnr, "
        f"{r.sm_cevns_events:.3g} CEvNS, {r.background_events:.3g} background; "
        f"sin2w 68% {r.curves['sin2w'].interval_68}, R_n 68% {r.curves['rn'].interval_68} fm, "
        f"mu_nu < {r.upper_limit_90('mu_nu'):.3g}e-10 mu_B"
    )

fig, axes = plt.subplots(2, 2, figsize=(10, 8), constrained_layout=True)
for ax, parameter in zip(axes.ravel(), SENSITIVITY_PARAMETERS, strict=True):
    plot_sensitivities(results, parameter, ax)
fig.suptitle("Expected sensitivity (Asimov), argon detectors of Carey & Pandey, arXiv:2412.18055")
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "future_sensitivity.png", dpi=130)
