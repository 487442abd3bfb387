"""Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) Figs. 4 and 5 for 40Ar: relative
differences of the weak
form factor (q up to
0.5 fm⁻¹) and of the CEvNS cross section (E up to 55 MeV) of Helm, Klein-Nystrand, adapted
Klein-Nystrand, symmetrized Fermi and the measured charge density (de Vries et al. 1987) with
respect to Skyrme Hartree-Fock (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eqs.
31-32). Pandey (Prog.
Part. Nucl. Phys. 2024, arXiv:2309.07840) uses HF with SkE2, whose
parameters are not available here; the reference is SLy4 (hf-sly4, Galster nucleon form
factors), and the other Skyrme sets (SkM*, SLy5, SIII, SGII, SkI3) are dashed lines.

    python examples/formfactor_differences_ar40.py [output.png]
"""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from cevns.rates.uncertainty import COMPARED_MODELS, model_differences  # noqa: E402

skyrme = ("hf-skms", "hf-sly5", "hf-siii", "hf-sgii", "hf-ski3")
d = model_differences("40Ar", models=COMPARED_MODELS + skyrme, reference="hf-sly4")

fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
for name in d.form_factor:
    style = "--" if name in skyrme else "-"
    a1.plot(d.q_fm, 100 * d.form_factor[name], style, label=name)
    a2.plot(d.energy_MeV, 100 * d.cross_section[name], style, label=name)
a1.set_xlabel("q [fm$^{-1}$]")
a1.set_ylabel(r"$|F_W - F_W^{\rm HF}| / F_W^{\rm HF}$ [%]")
a1.set_title(r"$^{40}$Ar weak form factor vs HF (SLy4)")
a2.set_xlabel(r"$E_\nu$ [MeV]")
a2.set_ylabel(r"$|\sigma - \sigma^{\rm HF}| / \sigma^{\rm HF}$ [%]")
a2.set_title(r"$^{40}$Ar CEvNS cross section vs HF (SLy4)")
for a in (a1, a2):
    a.legend(fontsize=8)
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "formfactor_differences_ar40.png", dpi=150)
print(f"{'model':24s} {'max dF_W (q<=0.5/fm)':>22s} {'max dsigma (E<=55 MeV)':>24s}")
for name, v in d.largest().items():
    print(f"{name:24s} {100 * v['form_factor']:21.2f}% {100 * v['cross_section']:23.2f}%")
