"""The ``cevns darkmatter`` command: dark matter from π0 decays at a beam dump, its flux at an
experiment's detector and its nuclear-recoil spectrum next to the CEvNS one. No physics here
(:mod:`cevns.sources.darksector`, :mod:`cevns.xsec.darkmatter`, the rate engine)."""

from __future__ import annotations

import argparse

import numpy as np

from ..darksector import DM_SPINS, DarkSector
from ..detectors import experiment
from ..errors import CevnsInputError
from ..rates.engine import RateCalculator
from ..results import write_csv
from ..sources.darksector import MesonSample, dm_flux_monte_carlo, read_meson_list
from .options import add_output_options, finite_positive, print_json

EPILOG = """examples:
  cevns darkmatter COHERENT-CsI --mediator-mass 30 --dm-mass 10 --pi0-at-rest 0.1
  cevns darkmatter CENNS750 --mediator-mass 75 --dm-mass 25 --epsilon 1e-4 \\
        --mesons pi0_sns.csv --json
(no meson yield is packaged: give the π0 per proton of your facility's simulation, at rest
with --pi0-at-rest, or as four-momenta with weights with --mesons E,px,py,pz,weight CSV)"""


def cmd_darkmatter(args) -> None:
    if (args.pi0_at_rest is None) == (args.mesons is None):
        raise CevnsInputError("give the π0 source: --pi0-at-rest N (per POT) or --mesons FILE")
    exp = experiment(args.experiment)
    source = exp.source
    if not hasattr(source, "protons_per_second"):
        raise CevnsInputError(f"{exp.name} has no proton beam: dark matter needs a beam dump")
    dark = DarkSector(args.mediator_mass, args.dm_mass, args.epsilon, args.alpha_dark, args.dm_spin)
    mesons = (
        MesonSample.at_rest("pi0", args.pi0_at_rest)
        if args.mesons is None
        else read_meson_list(args.mesons, "pi0")
    )
    if not 0 < args.cone_deg < 45:
        raise CevnsInputError(f"--cone-deg must lie between 0 and 45 degrees, got {args.cone_deg}")
    cone = np.tan(np.radians(args.cone_deg)) * exp.distance_m
    chi = dm_flux_monte_carlo(
        mesons, dark, exp.distance_m, cone, args.off_axis_deg, args.decays, args.random_state
    )
    flux = chi.flux(source.protons_per_second, source.timing)
    edges = np.linspace(args.threshold_keV, args.max_keV, args.bins + 1)
    cevns_calc = RateCalculator.for_experiment(exp)
    dm = RateCalculator(
        flux, exp.detector, cevns_calc.form_factor, cevns_calc.model, exp.time_window_ns,
        source, exp.name, "darkmatter", exp.distance_m, dark=dark,
    )  # fmt: skip
    dm_bins = dm.binned(edges, args.exposure).total
    cevns_bins = cevns_calc.binned(edges, args.exposure).total
    out = {
        "experiment": exp.name,
        "dark_sector": dark.to_dict(),
        "meson_source": "pi0 at rest" if args.mesons is None else str(args.mesons),
        "chi_per_pot_in_cone": chi.per_pot,
        "chi_flux_per_cm2_s": flux.component("chi").rate,
        "acceptance_cone_deg": args.cone_deg,
        "exposure": args.exposure,
        "recoil_edges_keV": edges,
        "dark_matter_events": dm_bins,
        "cevns_events": cevns_bins,
        "dark_matter_total": float(dm_bins.sum()),
        "cevns_total": float(cevns_bins.sum()),
        "monte_carlo": {"decays_per_meson": args.decays, "random_state": args.random_state},
    }
    if args.csv:
        write_csv(
            args.csv,
            {
                "recoil_low_keV": edges[:-1],
                "recoil_high_keV": edges[1:],
                "dark_matter_events": dm_bins,
                "cevns_events": cevns_bins,
            },
            f"{exp.name}: dark matter and CEvNS recoils per {args.exposure}",
        )
    if args.plot:
        from ..plotting.figures import plot_dark_matter_recoils, save

        save(plot_dark_matter_recoils(edges, dm_bins, cevns_bins, exp.name), args.plot)
    if args.json:
        print_json(out)
        return
    print(
        f"{exp.name}: dark photon {dark.mediator_mass_MeV:g} MeV, {dark.dm_spin} χ "
        f"{dark.dm_mass_MeV:g} MeV, ε = {dark.epsilon:g}, α_D = {dark.alpha_dark:g} "
        f"(Y = {dark.yield_variable:.3g})"
    )
    print(f"  χ flux at the detector: {out['chi_flux_per_cm2_s']:.4g} /cm²/s")
    print(f"  {'recoil [keV]':>16s} {'dark matter':>12s} {'CEvNS':>12s}  per {args.exposure}")
    for lo, hi, a, b in zip(edges[:-1], edges[1:], dm_bins, cevns_bins, strict=True):
        print(f"  {lo:7.2f}-{hi:<8.2f} {a:12.4g} {b:12.4g}")
    print(f"  {'total':>16s} {out['dark_matter_total']:12.4g} {out['cevns_total']:12.4g}")


def add_command(sub) -> None:
    p = sub.add_parser(
        "darkmatter",
        help="dark matter from π0 decays at a beam dump: flux and recoils next to CEvNS",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("experiment", help="experiment preset with a proton beam (cevns experiments)")
    p.add_argument("--mediator-mass", type=finite_positive, required=True, metavar="MEV")
    p.add_argument("--dm-mass", type=finite_positive, required=True, metavar="MEV")
    p.add_argument("--epsilon", type=finite_positive, default=1e-4, help="kinetic mixing")
    p.add_argument("--alpha-dark", type=finite_positive, default=0.5, help="α_D (default 0.5)")
    p.add_argument("--dm-spin", default="scalar", choices=DM_SPINS)
    p.add_argument("--pi0-at-rest", type=finite_positive, metavar="N", help="π0 per POT, at rest")
    p.add_argument("--mesons", metavar="CSV", help="π0 four-momenta: E,px,py,pz,weight (MeV)")
    p.add_argument("--off-axis-deg", type=float, default=90.0, help="detector angle to the beam")
    p.add_argument("--cone-deg", type=finite_positive, default=10.0,
                   help="acceptance cone half-angle of the Monte Carlo (default 10)")  # fmt: skip
    p.add_argument("--decays", type=int, default=20_000, help="decays per meson row")
    p.add_argument(
        "--random-state", type=int, default=0, help="state of the Monte Carlo random generator"
    )
    p.add_argument("--threshold-keV", type=float, default=0.0, help="lowest recoil (keV)")
    p.add_argument("--max-keV", type=finite_positive, default=100.0, help="highest recoil (keV)")
    p.add_argument("--bins", type=int, default=20, help="recoil bins")
    p.add_argument("--exposure", default="year", help="exposure (day, year, 1e23 POT, ...)")
    add_output_options(p)
    p.set_defaults(func=cmd_darkmatter)
