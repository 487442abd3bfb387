"""The ``cevns budget`` command: the theory-uncertainty budget of the CEvNS cross section. No
physics here (:mod:`cevns.rates.budget`)."""

from __future__ import annotations

import argparse

import numpy as np

from ..errors import CevnsInputError
from ..rates.budget import theory_budget
from ..results import write_csv
from ..sources import facility
from .options import add_output_options, finite_positive, print_json

EPILOG = """examples:
  cevns budget 40Ar                       # sigma(E) at 10, 30, 50 MeV (Pandey 2024 Table I)
  cevns budget 133Cs --energy 20 --energy 40 --json
  cevns budget 23Na --flux-average pidar  # flux-averaged sigma per DAR flavor
  cevns budget 40Ar --energy-range 5:55:51 --plot budget_ar.png"""


def _energies(args) -> np.ndarray:
    if args.energy_range:
        try:
            lo, hi, n = args.energy_range.split(":")
            lo, hi, n = float(lo), float(hi), int(n)
        except ValueError:
            raise CevnsInputError(
                f"--energy-range expects LO:HI:N (MeV, MeV, points), got {args.energy_range!r}"
            ) from None
        if not (0 < lo < hi and np.isfinite(hi) and 2 <= n <= 10_000):
            raise CevnsInputError("--energy-range needs 0 < LO < HI and 2 <= N <= 10000")
        return np.linspace(lo, hi, n)
    return np.asarray(args.energy or [10.0, 30.0, 50.0], dtype=float)


def cmd_budget(args) -> None:
    flux = facility("SNS").flux(20.0) if args.flux_average else None
    if flux is not None and (args.energy or args.energy_range):
        raise CevnsInputError("give energies or --flux-average, not both")
    budget = theory_budget(
        args.target,
        energies=_energies(args),
        flux=flux,
        form_factor=args.form_factor,
        neutron_radius_uncertainty_fm=args.neutron_radius_uncertainty,
    )
    points = list(budget.points)
    if args.csv:
        columns = {budget.point_label: points, "sigma_cm2": budget.sigma_cm2}
        for row in budget.rows:
            columns[f"{row.level}: {row.name}"] = row.relative
        columns["total"] = budget.total
        write_csv(args.csv, columns, f"relative 1-sigma theory uncertainties, {budget.target}")
    if args.plot:
        from ..plotting.figures import plot_budget, save

        if flux is not None:
            raise CevnsInputError("--plot draws the budget against energy; drop --flux-average")
        rows = {f"{r.level}: {r.name}": r.relative for r in budget.rows}
        save(plot_budget(np.asarray(points), rows, budget.total, budget.target), args.plot)
    if args.json:
        print_json(budget.to_dict())
        return
    head = "E [MeV]" if flux is None else "flavor"
    print(f"theory uncertainty of the CEvNS cross section on {budget.target} (relative, 1 sigma)")
    print(
        f"{'source / ' + head:46s}"
        + "".join(f"{p:>10g}" if flux is None else f"{p:>10s}" for p in points)
    )
    for row in budget.rows:
        name = f"{row.level}: {row.name}"
        print(f"{name:46s}" + "".join(f"{100 * v:9.3f}%" for v in row.relative))
    print(f"{'total (quadrature; rows independent)':46s}" + "".join(
        f"{100 * v:9.3f}%" for v in budget.total
    ))  # fmt: skip


def add_command(sub) -> None:
    p = sub.add_parser(
        "budget",
        help="theory-uncertainty budget of the CEvNS cross section, term by term",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("target", help="isotope, e.g. 40Ar, 133Cs, 208Pb")
    p.add_argument(
        "--energy", type=float, action="append", metavar="E",
        help="neutrino energy in MeV (repeat; default 10, 30, 50)",
    )  # fmt: skip
    p.add_argument("--energy-range", metavar="LO:HI:N", help="N energies from LO to HI MeV")
    p.add_argument(
        "--flux-average", choices=["pidar"],
        help="budget of the flux-averaged cross section of each pion-DAR flavor",
    )  # fmt: skip
    p.add_argument(
        "--form-factor", default="helm",
        help="form factor of the central value (default helm)",
    )  # fmt: skip
    p.add_argument(
        "--neutron-radius-uncertainty", type=finite_positive, default=0.2, metavar="FM",
        help="1-sigma uncertainty of the neutron rms radius in fm (default 0.2)",
    )  # fmt: skip
    add_output_options(p)
    p.set_defaults(func=cmd_budget)
