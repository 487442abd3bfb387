"""The ``cevns inelastic`` command: allowed-approximation CC/NC cross sections, the measured
vs predicted table, rates and sampled events. No physics here: parsing, calls into
:mod:`cevns.xsec.inelastic`, output."""

from __future__ import annotations

import argparse

import numpy as np

from ..errors import CevnsInputError
from ..io.marley import read_marley_reaction
from ..rates.inelastic import InelasticRate
from ..results import write_json
from ..xsec.inelastic import (
    AllowedCrossSection,
    find_reaction,
    reaction,
    reactions,
)
from ..xsec.inelastic.coulomb import COULOMB_MODELS
from ..xsec.inelastic.measurements import DAR_SPECTRA, comparison_table
from .options import add_progress_option, show_progress

EPILOG = """examples:
  cevns inelastic --list
  cevns inelastic --table                      measured vs predicted flux-averaged cross sections
  cevns inelastic --table --json
  cevns inelastic nue-40Ar-cc --energy 20 --energy 30 --levels
  cevns inelastic nue-12C-cc --flux-average --json
  cevns inelastic --target 12C --channel nc --energy 40
  cevns inelastic nue-40Ar-cc --experiment CENNS750 --per year --sample 100000 --output ev.csv
  cevns inelastic --marley ve40ArCC.react --energy 30"""


def _reaction(args):
    if args.marley:
        return read_marley_reaction(args.marley)
    if args.target:
        return find_reaction(args.target, args.channel, args.flavor)
    if not args.reaction:
        raise CevnsInputError(
            f"name a reaction (one of {', '.join(reactions())}) or give --marley FILE"
        )
    return reaction(args.reaction)


def _print_table(rows) -> None:
    print("Flux-averaged cross sections at stopped-pion sources (1e-42 cm^2)")
    print(f"{'reaction':28s} {'experiment':10s} {'measured':>16s} {'predicted':>10s} {'ratio':>6s}")
    for r in rows:
        meas = "—"
        if r.measured_cm2 is not None:
            meas = f"{r.measured_cm2 / 1e-42:.1f} ± {r.measured_uncertainty_cm2 / 1e-42:.1f}"
        pred = f"{r.predicted_cm2 / 1e-42:.2f}" if r.predicted_cm2 is not None else "—"
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "—"
        print(f"{r.reaction:28s} {r.experiment:10s} {meas:>16s} {pred:>10s} {ratio:>6s}")
    print("\nratio = measured / predicted; prediction: allowed approximation (Fermi + GT)")
    print("Sources:")
    seen = []
    for r in rows:
        for s in r.sources:
            if s not in seen:
                seen.append(s)
                print(f"  - {s}")
    notes = {r.note for r in rows if r.note}
    for note in sorted(notes):
        print(f"  note: {note}")


def cmd_inelastic(args) -> None:
    if args.list:
        rows = [reaction(n) for n in reactions()]
        if args.json:
            print(write_json([_reaction_dict(r) for r in rows]))
            return
        for r in rows:
            print(r.summary())
        return
    if args.table:
        rows = comparison_table(coulomb=args.coulomb)
        if args.json:
            print(write_json([r.to_dict() for r in rows]))
        else:
            _print_table(rows)
        return
    xs = AllowedCrossSection(_reaction(args), coulomb=args.coulomb, gt_quenching=args.quenching)
    r = xs.reaction
    out = {"reaction": _reaction_dict(r), "coulomb": xs.coulomb, "gt_quenching": xs.gt_quenching}
    if args.flux_average:
        out["flux_averaged_cm2"] = {
            flavor: xs.flux_average(spec())
            for flavor, spec in DAR_SPECTRA.items()
            if flavor in r.flavors
        }
    energies = np.array(args.energy or [], dtype=float)
    if energies.size:
        if np.any(~np.isfinite(energies)) or np.any(energies <= 0):
            raise CevnsInputError("--energy must be positive (MeV)")
        levels = xs.level_cross_sections(energies)
        out["energies_MeV"] = energies
        out["sigma_cm2"] = levels.sum(axis=-1)
        if args.levels:
            out["level_sigma_cm2"] = levels
    if args.experiment:
        out.update(_rates(args, r))
    if args.json:
        print(write_json(out))
        return
    print(r.summary())
    if r.notes:
        print("  " + " ".join(r.notes.split()))
    print(f"  Coulomb correction: {xs.coulomb}; extra B(GT) factor: {xs.gt_quenching}")
    if "flux_averaged_cm2" in out:
        for flavor, value in out["flux_averaged_cm2"].items():
            print(f"  <sigma> over the decay-at-rest {flavor} spectrum: {value:.4g} cm^2")
    for i, E in enumerate(energies):
        line = f"  E = {E:8.3f} MeV  sigma = {out['sigma_cm2'][i]:.4e} cm^2"
        print(line)
        if args.levels:
            for lv, s in zip(r.levels, levels[i], strict=True):
                if s > 0:
                    print(f"      Ex = {lv.energy:8.4f} MeV  {s:.4e} cm^2")


def _rates(args, r) -> dict:
    rate = InelasticRate.for_experiment(r, args.experiment, coulomb=args.coulomb)
    if args.per is None:
        args.per = "burst" if rate.flux.time_integrated else "day"
    counts = rate.counts(args.per)
    out = {
        "experiment": args.experiment,
        "exposure": counts.exposure.to_dict(),
        "events": counts.total,
        "events_per_flavor": counts.per_flavor,
        "level_counts": [
            {"ex_MeV": ex, "events": n}
            for ex, n in zip(r.excitation_energies, rate.level_counts(args.per), strict=True)
        ],
    }
    edges = np.linspace(0.0, 60.0, 61)
    out["lepton_kinetic_energy_edges_MeV"] = edges
    out["lepton_spectrum"] = rate.lepton_spectrum(edges, args.per)
    if args.sample:
        from tqdm.auto import tqdm

        show = show_progress(args)
        hidden = None if show is None else not show
        with tqdm(total=2, desc="sampling and writing events", disable=hidden, leave=False) as bar:
            events = rate.sample(args.sample, random_state=args.random_state)
            bar.update(1)
            out["events_file"] = str(events.write(args.output))
            bar.update(1)
    if not args.json:
        print(f"{r.name} in {args.experiment}: {counts.total:.4g} events per {args.per}")
        for flavor, value in counts.per_flavor.items():
            print(f"  {flavor:8s} {value:.4g}")
        if args.sample:
            print(f"  {args.sample} sampled events written to {out['events_file']}")
    return out


def _reaction_dict(r) -> dict:
    return {
        "name": r.name,
        "description": r.description,
        "target": r.target,
        "product": r.product,
        "channel": r.channel,
        "flavors": list(r.flavors),
        "threshold_MeV": float(r.thresholds()[0]),
        "levels": [
            {"ex_MeV": lv.energy, "b_f": lv.b_fermi, "ga2_b_gt": lv.b_gt, "source": lv.source}
            for lv in r.levels
        ],
        "references": r.references,
    }


def add_command(sub) -> None:
    """Add ``inelastic`` to the ``cevns`` sub-command parser."""
    p = sub.add_parser(
        "inelastic",
        help="inelastic CC/NC cross sections (allowed approximation), measured vs predicted",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("reaction", nargs="?", help=f"packaged reaction: {', '.join(reactions())}")
    p.add_argument("--list", action="store_true", help="list the packaged reactions")
    p.add_argument("--table", action="store_true", help="measured vs predicted DAR cross sections")
    p.add_argument("--target", help="choose the reaction by target isotope, e.g. 40Ar")
    p.add_argument("--channel", default="cc", choices=("cc", "nc"), help="with --target")
    p.add_argument("--flavor", help="with --target: the neutrino flavor, e.g. nue")
    p.add_argument("--marley", metavar="FILE", help="read the reaction from a MARLEY .react file")
    p.add_argument("--energy", type=float, action="append", metavar="E", help="MeV (repeat)")
    p.add_argument("--levels", action="store_true", help="also give each level's cross section")
    p.add_argument(
        "--flux-average", action="store_true", help="average over the decay-at-rest spectra"
    )
    p.add_argument(
        "--coulomb", default="auto", choices=COULOMB_MODELS, help="Coulomb correction (CC)"
    )
    p.add_argument(
        "--quenching", type=float, default=1.0, help="extra factor on every B(GT) (default 1)"
    )
    p.add_argument("--experiment", help="event rates in an experiment preset, e.g. CENNS750")
    p.add_argument(
        "--per",
        choices=("second", "day", "year", "burst"),
        help="exposure unit (default day, or burst for a supernova source)",
    )
    p.add_argument("--sample", type=int, metavar="N", help="with --experiment: sample N events")
    p.add_argument(
        "--output", default="events.csv", help="event file, .csv or .parquet (events.csv)"
    )
    p.add_argument("--random-state", type=int, help="state of the random generator for --sample")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_progress_option(p)
    p.set_defaults(func=cmd_inelastic)
