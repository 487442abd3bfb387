"""NSI degeneracy (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Sec. VII.A, Eq. 53):
CEvNS counts relative
to the Standard Model
in the plane of the flavor-diagonal couplings ε^u_ee, ε^d_ee, for the COHERENT CsI and argon
detectors. The rate equals the SM on two lines: ε = 0 and the line where the weak charge
changes sign, (2Z+N) ε^u + (Z+2N) ε^d = -Q_W (our convention). Targets with different N/Z
have lines of different slope, so two targets break the degeneracy.

    python examples/nsi_degeneracy.py [output.png]
"""

import sys

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from cevns import PhysicsModel, RateCalculator, isotope  # noqa: E402

EPS = np.linspace(-0.6, 1.0, 81)
fig, ax = plt.subplots(figsize=(6.0, 5.2), constrained_layout=True)
for name, color, nucleus in [("COHERENT-CsI", "C0", "133Cs"), ("COHERENT-LAr", "C3", "40Ar")]:
    calc = RateCalculator.for_experiment(name)
    sm = calc.counts().total
    ratio = (
        np.array(
            [
                [calc.counts(model=PhysicsModel(nsi={"ee_u": u, "ee_d": d})).total for u in EPS]
                for d in EPS
            ]
        )
        / sm
    )
    ax.contour(EPS, EPS, ratio, levels=[1.0], colors=color, linewidths=2.5)
    ax.contourf(EPS, EPS, ratio, levels=[0.9, 1.1], colors=color, alpha=0.15)
    iso = isotope(nucleus)
    qw = PhysicsModel().weak_charge(iso.Z, iso.N)
    line = (-qw - (2 * iso.Z + iso.N) * EPS) / (iso.Z + 2 * iso.N)
    ax.plot(EPS, line, color="k", ls=":", lw=1)
    ax.plot([], [], color=color, lw=2.5, label=f"{name}: rate = SM (±10% band)")
    u0 = -qw / (2 * iso.Z + iso.N)
    print(f"{name}: degeneracy line crosses eps_d = 0 at eps_u = {u0:.3f} ({nucleus})")
ax.plot([], [], color="k", ls=":", lw=1, label="(2Z+N)ε$^u$ + (Z+2N)ε$^d$ = −Q$_W$")
ax.set_xlim(EPS[0], EPS[-1])
ax.set_ylim(EPS[0], EPS[-1])
ax.set_xlabel(r"$\varepsilon^{uV}_{ee}$")
ax.set_ylabel(r"$\varepsilon^{dV}_{ee}$")
ax.set_title("CEvNS rate equal to the Standard Model")
ax.legend(loc="upper right", fontsize=8)
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "nsi_degeneracy.png", dpi=150)
