"""The ``cevns supernova`` and ``cevns xscns`` commands: supernova fluences and burst event
counts, and cross sections exported as SNOwGLoBES tables. No physics here: parsing, calls into
the package, output."""

from __future__ import annotations

import argparse
from dataclasses import replace

from ..detectors.experiments import experiment
from ..errors import CevnsInputError
from ..io.snowglobes import write_snowglobes_fluence
from ..io.xscns import xscns_table
from ..nuclear.formfactors import FORM_FACTOR_MODELS, form_factor_model
from ..physics import PhysicsModel, apply_parameters
from ..rates.engine import RateCalculator
from ..rates.inelastic import InelasticRate
from ..results import write_json
from ..sources.supernova import KPC_M, supernova_model, supernova_models
from ..xsec.inelastic.coulomb import COULOMB_MODELS
from .options import parse_pairs

EPILOG_SUPERNOVA = """examples:
  cevns supernova                                the 'standard' burst at 10 kpc
  cevns supernova snowglobes-example-1 --distance-kpc 8.5 --json
  cevns supernova --threshold-keV 1 --threshold-keV 5
  cevns supernova --fluence-output pinched_0.dat  SNOwGLoBES fluence file (at 10 kpc)
  cevns rate SN-Xe-1t --threshold-keV 1          the full rate output for one detector
  cevns supernova --time-bins 0:10:20 --ordering normal --plot burst.png
                                                 events vs time (e^(-t/3 s) emission)"""

EPILOG_XSCNS = """examples:
  cevns xscns 40Ar --output xs_coh_Ar40.dat      CEvNS on 40Ar
  cevns xscns Xe --threshold-keV 1 --output xs_coh_Xe.dat
  cevns xscns nue-40Ar-cc --output xs_nue_Ar40.dat
  cevns xscns 40Ar --param sin2w=0.2312 --output xs.dat   SNOwGLoBES's mixing angle"""

# detectors of the burst summary: (experiment preset, what it counts)
_DETECTORS = ("DUNE-SN", "SN-Ar-1t", "SN-Xe-1t")
_CC_REACTION = ("DUNE-SN", "nue-40Ar-cc")


def _burst_counts(model_name: str, distance_kpc: float, thresholds_keV: list[float]) -> dict:
    source = supernova_model(model_name)
    rows = []
    for name in _DETECTORS:
        exp = replace(experiment(name), source=source, distance_m=distance_kpc * KPC_M)
        for threshold in thresholds_keV:
            det = replace(exp.detector, threshold_keV=threshold)
            calc = RateCalculator.for_experiment(replace(exp, detector=det))
            counts = calc.counts("burst")
            rows.append(
                {
                    "detector": name,
                    "mass_kg": det.mass_kg,
                    "material": det.material.name,
                    "process": "CEvNS",
                    "recoil_threshold_keV": threshold,
                    "events": counts.total,
                    "events_per_flavor": counts.per_flavor,
                }
            )
    name, reaction_name = _CC_REACTION
    exp = replace(experiment(name), source=source, distance_m=distance_kpc * KPC_M)
    counts = InelasticRate.for_experiment(reaction_name, exp).counts("burst")
    rows.append(
        {
            "detector": name,
            "mass_kg": exp.detector.mass_kg,
            "material": exp.detector.material.name,
            "process": reaction_name,
            "recoil_threshold_keV": None,
            "events": counts.total,
            "events_per_flavor": counts.per_flavor,
        }
    )
    return {"model": source.to_dict(), "distance_kpc": distance_kpc, "counts": rows}


def cmd_supernova(args) -> None:
    if args.list:
        out = [supernova_model(n).to_dict() | {"description": supernova_model(n).description}
               for n in supernova_models()]  # fmt: skip
        if args.json:
            print(write_json(out))
            return
        for n in supernova_models():
            print(f"{n:22s} {supernova_model(n).description}")
        return
    if not (args.distance_kpc > 0):
        raise CevnsInputError(f"--distance-kpc must be positive, got {args.distance_kpc:g}")
    if args.time_bins:
        return _cmd_time_bins(args)
    if args.plot or args.csv or args.ordering:
        raise CevnsInputError("--plot, --csv and --ordering go with --time-bins")
    thresholds = args.threshold_keV or [0.0, 1.0, 5.0]
    if any(t < 0 for t in thresholds):
        raise CevnsInputError("--threshold-keV must be >= 0")
    source = supernova_model(args.model)
    fluence = source.fluence(args.distance_kpc)
    out = _burst_counts(args.model, args.distance_kpc, thresholds)
    out["fluence_per_cm2"] = {c.flavor: c.rate for c in fluence.components}
    if args.fluence_output:
        out["fluence_file"] = str(
            write_snowglobes_fluence(source.fluence(10.0), args.fluence_output)
        )
    if args.json:
        print(write_json(out))
        return
    print(f"supernova '{source.name}' at {args.distance_kpc:g} kpc: {source.description}")
    print(
        f"  {'flavor':8s} {'<E> MeV':>8s} {'alpha':>6s} {'energy erg':>11s} {'fluence /cm2':>13s}"
    )
    for c in fluence.components:
        p = source.parameters(c.flavor)
        print(
            f"  {c.flavor:8s} {p.mean_energy:8.2f} {p.alpha:6.2f} {p.energy_erg:11.3g} "
            f"{c.rate:13.4g}"
        )
    print("\nevents per burst (ideal detectors; no oscillations)")
    for row in out["counts"]:
        cut = row["recoil_threshold_keV"]
        what = f"{row['process']}, T > {cut:g} keV" if cut is not None else row["process"]
        print(
            f"  {row['detector']:9s} {row['mass_kg']:9.3g} kg {row['material']:3s} "
            f"{what:24s} {row['events']:11.4g}"
        )
    if args.fluence_output:
        print(f"\nfluence at 10 kpc written to {out['fluence_file']} (SNOwGLoBES format)")


def _cmd_time_bins(args) -> None:
    import numpy as np

    from ..rates.timeseries import time_binned_counts
    from ..sources.supernova_time import cooling_supernova

    parts = args.time_bins.split(":")
    try:
        lo, hi, n = float(parts[0]), float(parts[1]), int(parts[2])
    except (ValueError, IndexError):
        raise CevnsInputError(f"--time-bins {args.time_bins!r}: expected LO:HI:N") from None
    if len(parts) != 3 or not (np.isfinite(hi) and lo < hi) or not 1 <= n <= 10_000:
        raise CevnsInputError("--time-bins: need LO < HI and 1 <= N <= 10000")
    edges = np.linspace(lo, hi, n + 1)
    source = cooling_supernova(
        args.model, args.cooling_time_s, max(hi, 20.0), ordering=args.ordering
    )
    rows = []
    for name, reaction in (("SN-Ar-1t", None), ("SN-Xe-1t", None), _CC_REACTION):
        exp = replace(experiment(name), source=source, distance_m=args.distance_kpc * KPC_M)
        rows.append(time_binned_counts(exp, edges, reaction))
    out = {
        "model": source.to_dict(),
        "distance_kpc": args.distance_kpc,
        "series": [r.to_dict() for r in rows],
    }
    if args.csv:
        from ..results import write_csv

        table = {"t_low_s": edges[:-1], "t_high_s": edges[1:]}
        table.update({f"{r.experiment}_{r.process}": r.total for r in rows})
        write_csv(args.csv, table, f"events per time bin, {source.name} at {args.distance_kpc} kpc")
    if args.plot:
        from ..plotting.figures import plot_counts_vs_time, save

        ax = None
        for r in rows:
            ax = plot_counts_vs_time(r, ax, f"{r.experiment}: {r.process}")
        ax.set_ylabel("events per second")
        save(ax, args.plot)
    if args.json:
        print(write_json(out))
        return
    print(f"{source.name} at {args.distance_kpc:g} kpc, MSW: {args.ordering or 'none'}")
    print(f"  {'t [s]':>13s} " + " ".join(f"{r.experiment + ' ' + r.process:>22s}" for r in rows))
    for i in range(n):
        values = " ".join(f"{r.total[i]:22.4g}" for r in rows)
        print(f"  {edges[i]:6.2f}-{edges[i + 1]:<6.2f} {values}")


def cmd_xscns(args) -> None:
    options = {}
    if args.name.endswith(("-cc", "-nc")):
        options["coulomb"] = args.coulomb
    else:
        model = apply_parameters(PhysicsModel(), parse_pairs(args.param, "--param"))
        form_factor_model(args.form_factor)
        options.update(
            form_factor=args.form_factor, model=model, recoil_threshold_keV=args.threshold_keV
        )
    table = xscns_table(args.name, **options)
    path = table.write(args.output)
    if args.json:
        print(
            write_json(
                {
                    "file": str(path),
                    "description": table.description,
                    "rows": len(table.energies_MeV),
                }
            )
        )
        return
    print(f"{table.description}: {len(table.energies_MeV)} energies written to {path}")


def add_commands(sub) -> None:
    """Add ``supernova`` and ``xscns`` to the ``cevns`` sub-command parser."""
    p = sub.add_parser(
        "supernova",
        help="supernova burst: pinched fluences and CEvNS/inelastic events per burst",
        epilog=EPILOG_SUPERNOVA,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("model", nargs="?", default="standard", help="supernova preset (--list)")
    p.add_argument("--list", action="store_true", help="list the supernova presets")
    p.add_argument("--distance-kpc", type=float, default=10.0, help="distance (default 10 kpc)")
    p.add_argument(
        "--threshold-keV",
        type=float,
        action="append",
        metavar="T",
        help="CEvNS recoil threshold in keV (repeat; default 0, 1 and 5)",
    )
    p.add_argument("--fluence-output", metavar="FILE", help="write a SNOwGLoBES fluence file")
    g = p.add_argument_group("time-resolved burst (--time-bins)")
    g.add_argument(
        "--time-bins",
        metavar="LO:HI:N",
        help="events in N time bins from LO to HI s (the preset emitted as e^(-t/tau))",
    )
    g.add_argument("--cooling-time-s", type=float, default=3.0, help="tau (s; default 3)")
    g.add_argument("--ordering", choices=["normal", "inverted"], help="adiabatic MSW in the star")
    g.add_argument("--plot", metavar="FILE", help="with --time-bins: counts vs time figure")
    g.add_argument("--csv", metavar="FILE", help="with --time-bins: counts per bin as CSV")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_supernova)

    p = sub.add_parser(
        "xscns",
        help="export a CEvNS or inelastic cross section as a SNOwGLoBES xscns table",
        epilog=EPILOG_XSCNS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", help="CEvNS target (40Ar, Xe) or inelastic reaction (nue-40Ar-cc)")
    p.add_argument("--output", required=True, help="file to write")
    p.add_argument("--form-factor", default="helm", choices=FORM_FACTOR_MODELS)
    p.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="a parameter of the parameter table (cevns parameters), e.g. sin2w=0.2312",
    )
    p.add_argument("--threshold-keV", type=float, default=0.0, help="CEvNS recoil threshold (keV)")
    p.add_argument("--coulomb", default="auto", choices=COULOMB_MODELS, help="CC Coulomb model")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_xscns)
