"""Theory-uncertainty budget of the CEvNS cross section on 40Ar, stacked by source, with the
totals and nuclear entries of Table I of Pandey, Prog. Part. Nucl. Phys. 2024
(arXiv:2309.07840; adapted from Tomalak et al., JHEP 02 (2021) 097), and the budget at 10, 30,
50 MeV for the other targets of the README.

    python examples/theory_budget.py [output.png]
"""

import sys

import matplotlib
import numpy as np

matplotlib.use("Agg")

from cevns.plotting.figures import plot_budget, save  # noqa: E402
from cevns.rates.budget import theory_budget  # noqa: E402

output = sys.argv[1] if len(sys.argv) > 1 else "theory_budget_ar40.png"

energies = np.linspace(5.0, 55.0, 51)
budget = theory_budget("40Ar", energies)
rows = {f"{r.level}: {r.name}": r.relative for r in budget.rows}
ax = plot_budget(energies, rows, budget.total, "40Ar")
table_e = [10.0, 30.0, 50.0]
ax.plot(table_e, [0.58, 1.65, 4.05], "ko", mfc="w", label="Table I total (Pandey 2024)")
ax.plot(table_e, [0.04, 1.5, 4.0], "ks", mfc="w", label="Table I nuclear")
ax.legend(fontsize="small")
save(ax, output)
print(f"wrote {output}")

columns = ("nuclear", "nucleon", "hadronic", "total")
print(f"{'target':8s} {'E [MeV]':>8s} " + " ".join(f"{c:>9s}" for c in columns))
for target in ("40Ar", "133Cs", "127I", "73Ge", "23Na", "208Pb"):
    b = theory_budget(target)
    for i, e in enumerate(b.points):
        cells = [b.level(level)[i] for level in ("nuclear", "nucleon", "hadronic")]
        cells.append(b.total[i])
        print(f"{target:8s} {e:8.0f} " + " ".join(f"{100 * c:8.3f}%" for c in cells))
