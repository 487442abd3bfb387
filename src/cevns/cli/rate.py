"""The ``cevns rate``, ``compare``, ``experiments`` and ``parameters`` commands: event rates and
spectra, the Standard Model against new physics, and the presets. No physics here."""

from __future__ import annotations

import argparse
from dataclasses import replace

import numpy as np

from ..detectors.experiments import LAR_DETECTORS, experiment, experiments, load_experiments
from ..errors import CevnsInputError
from ..physics import PARAMETERS
from ..rates.engine import RateCalculator
from ..rates.exposure import Exposure
from ..rates.studies import lar_detectors_study
from ..results import write_csv
from ..sources.presets import source_presets
from ..sources.solar import ASTRONOMICAL_UNIT_M
from ..sources.supernova import KPC_M
from .options import (
    add_channel_option,
    add_output_options,
    add_physics_options,
    finite_positive,
    form_factor,
    form_factor_label,
    model_summary,
    physics_model,
    print_json,
)

EPILOG_RATE = """examples:
  cevns rate                        the Carey & Pandey (arXiv:2412.18055) study: four LAr
  detectors, Fig. 3 and totals
  cevns rate CENNS10 --json         events per day, per flavor
  cevns rate COHERENT-LAr --GWh 6.12 --observed --bins 40 --csv lar.csv
  cevns rate MyDet --experiments-file mine.toml --per year
  cevns rate CENNS10 --param mu_nu_mu=1 --param eps_ee_u=0.1 --timing-split
  cevns rate CENNS750 --param dm41=1 --param umu4_sq=0.1 --distance 40
  cevns rate CENNS10 --channel electron --threshold-keV 50"""


EPILOG_COMPARE = """examples:
  cevns compare PIP2-BD --param mu_nu_mu=10 --threshold-keV 5 --plot mm.png
  cevns compare COHERENT-CsI --param eps_ee_u=0.1 --param eps_ee_d=-0.05 --json
  cevns compare COHERENT-CsI --zprime 20,1e-4,B-L --observed
  cevns compare CENNS750 --model bsm.toml --csv ratio.csv"""


def _exposure(args) -> Exposure:
    """The exposure of --GWh, --pot, --eot or --per."""
    options = ((args.GWh, "GWh"), (args.pot, "POT"), (getattr(args, "eot", None), "EOT"))
    given = [(v, u) for v, u in options if v is not None]
    if len(given) > 1:
        raise CevnsInputError("give the exposure in one of --GWh, --pot or --eot")
    if given:
        return Exposure(*given[0])
    return Exposure(1.0, args.per)


def _rate_summary(calc: RateCalculator, exposure: Exposure) -> dict:
    counts = calc.counts(exposure)
    daily = None
    if exposure.unit != "burst":
        daily = counts if exposure == Exposure(1.0, "day") else calc.counts("day")
    return {
        "experiment": calc.name,
        "exposure": exposure.to_dict(),
        "events": counts.total,
        "events_per_flavor": counts.per_flavor,
        "events_per_day": None if daily is None else daily.total,
        "metadata": counts.metadata,
    }


def _lar_detectors(args) -> None:
    """The four LAr detectors of Carey & Pandey: options that shape one experiment are
    refused rather than ignored."""
    given = [
        option
        for option, value in (
            ("--experiments-file", args.experiments_file),
            ("--threshold-keV", args.threshold_keV),
            ("--distance", args.distance),
            ("--GWh", args.GWh),
            ("--pot", args.pot),
            ("--eot", args.eot),
            ("--observed", args.observed),
            ("--timing-split", args.timing_split),
            ("--channel electron", args.channel != "nuclear"),
            ("--per", args.per not in (None, "day")),
        )
        if value
    ]
    if given:
        raise CevnsInputError(
            f"{', '.join(given)} apply to one experiment: name it (cevns rate EXPERIMENT ...); "
            "without one, cevns rate shows the four LAr detectors of Carey & Pandey per day"
        )
    model = physics_model(args)
    ff = form_factor(args)
    spectra, counts = lar_detectors_study(form_factor=ff, model=model)
    label = f"{form_factor_label(ff)} form factor, ideal detectors" + (
        "" if model.is_standard_model else f"; {model_summary(model)}"
    )
    if args.plot:
        from ..plotting.figures import plot_recoil_spectra, save

        ax = plot_recoil_spectra(spectra)
        ax.set_title(f"CEvNS on argon, Carey & Pandey (arXiv:2412.18055) detectors\n{label}")
        ax.set_ylim(bottom=1e-4)
        save(ax, args.plot)
    if args.csv:
        names = list(spectra)
        table = {"recoil_keV": spectra[names[0]].recoil_keV}
        table.update({f"{n}_events_per_keV_per_day": spectra[n].total for n in names})
        write_csv(args.csv, table)
    if args.json:
        print_json(
            [
                {
                    "experiment": n,
                    "exposure": c.exposure.to_dict(),
                    "events": c.total,
                    "events_per_flavor": c.per_flavor,
                    "events_per_day": c.total,
                    "metadata": c.metadata,
                }
                for n, c in counts.items()
            ]
        )
        return
    names = list(spectra)
    print(f"CEvNS on argon, the detectors of Carey & Pandey (arXiv:2412.18055) Table I ({label})")
    print("dN/dT [events / keV / day]")
    print(f"{'T [keV]':>8s} " + " ".join(f"{n:>11s}" for n in names))
    T = spectra[names[0]].recoil_keV
    for i in range(0, T.size, 10):
        print(f"{T[i]:8.1f} " + " ".join(f"{spectra[n].total[i]:11.4e}" for n in names))
    print("\nevents per day (all recoils)")
    for n in names:
        exp = experiment(n)
        pf = counts[n].per_flavor
        print(
            f"  {n:9s} {exp.detector.mass_kg:>9.0f} kg at {exp.distance_m:4.1f} m "
            f"({exp.source.name}): {counts[n].total:10.3f}   "
            + "  ".join(f"{k} {v:.3f}" for k, v in pf.items())
        )


def _experiment(args):
    """The experiment with the command line's --distance and --threshold-keV applied."""
    exp = experiment(args.experiment, args.experiments_file)
    if args.threshold_keV is not None:
        if args.threshold_keV < 0:
            raise CevnsInputError(f"--threshold-keV must be >= 0, got {args.threshold_keV:g}")
        exp = replace(exp, detector=replace(exp.detector, threshold_keV=args.threshold_keV))
    if args.distance is not None:
        exp = replace(exp, distance_m=args.distance)
    if args.per is None:
        args.per = "burst" if exp.flux().time_integrated else "day"
    return exp


def _spectrum(calc: RateCalculator, exp, args, model=None):
    """The binned spectrum the rate and compare commands show; bins start at the threshold
    when ``model`` (default the calculator's) diverges at zero recoil."""
    if args.observed:
        q = exp.detector.quenching
        if q is None or calc.channel != "nuclear":
            raise CevnsInputError(
                f"{exp.name}: no quenching model for this channel: drop --observed"
            )
        lo, hi = calc.observed_range
        if not (model or calc.model).infrared_divergent and exp.detector.observed_range is None:
            lo = 0.0
        edges = np.linspace(lo, hi, args.bins + 1)
        if exp.detector.observed_unit == "PE":  # whole photoelectrons
            edges = np.unique(np.round(edges))
        return calc.binned(edges, _exposure(args), observed=True)
    lo = exp.detector.threshold_keV if (model or calc.model).infrared_divergent else 0.0
    if calc.channel == "electron" and (model or calc.model).infrared_divergent:
        lo = max(exp.detector.threshold_keV, exp.detector.threshold_keVee)
    return calc.binned(
        np.linspace(lo, calc.max_recoil_keV, args.bins + 1),
        _exposure(args),
    )


def cmd_rate(args) -> None:
    if args.experiment is None:
        _lar_detectors(args)
        return
    exp = _experiment(args)
    calc = RateCalculator.for_experiment(exp, form_factor(args), physics_model(args), args.channel)
    exposure = _exposure(args)
    summary = _rate_summary(calc, exposure)
    spec = _spectrum(calc, exp, args)
    summary["spectrum"] = {
        "variable": spec.variable,
        "edges": spec.edges,
        "edges_unit": spec.edges_unit,
        "events": spec.total,
    }
    split = None
    if args.timing_split:
        split = calc.timing_split(exposure=exposure)
        summary["timing_split"] = split.to_dict()
    if args.csv:
        spec.to_csv(args.csv)
    if args.plot:
        from ..plotting.figures import save

        ax = spec.plot()
        ax.set_title(exp.name)
        save(ax, args.plot)
    if args.json:
        print_json(summary)
        return
    print(f"{exp.name}: {exp.description}")
    print(
        f"  {exp.detector.mass_kg:g} kg {exp.detector.material.name} at {exp.distance_m:g} m "
        f"from {exp.source.name}; {args.channel} channel; form factor "
        f"{form_factor_label(calc.form_factor)}"
    )
    if not calc.model.is_standard_model:
        print(f"  new physics: {model_summary(calc.model)}")
    print(f"  events per {exposure.label}: {summary['events']:.4g}")
    for k, v in summary["events_per_flavor"].items():
        print(f"    {k:8s} {v:.4g}")
    if summary["events_per_day"] is not None and exposure.label != "day":
        print(f"  events per day: {summary['events_per_day']:.4g}")
    if split is not None:
        flavors = list(summary["events_per_flavor"])
        print(f"  timing split (events per {split.exposure.label}):")
        print(f"    {'window':8s} {'ns':>16s} " + " ".join(f"{f:>10s}" for f in flavors))
        for name, (t0, t1) in split.windows_ns.items():
            row = " ".join(f"{split.counts[name].get(f, 0.0):10.4g}" for f in flavors)
            print(f"    {name:8s} {t0:7.0f}..{t1:<7.0f} {row}")


def cmd_compare(args) -> None:
    exp = _experiment(args)
    model = physics_model(args)
    if model.is_standard_model:
        raise CevnsInputError("compare needs new physics: give an effect (e.g. --param mu_nu_mu=1)")
    reference = model.standard_model()
    calc = RateCalculator.for_experiment(exp, form_factor(args), reference, args.channel)
    other_calc = calc.with_model(model)
    ref_spec = _spectrum(calc, exp, args, model)
    new_spec = _spectrum(other_calc, exp, args, model)
    if not np.array_equal(ref_spec.edges, new_spec.edges):  # pragma: no cover
        raise CevnsInputError("internal error: spectra on different bins")
    exposure = _exposure(args)
    ref_counts = calc.counts(exposure)
    new_counts = other_calc.counts(exposure)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(ref_spec.total > 0, new_spec.total / ref_spec.total, np.nan)
    out = {
        "experiment": exp.name,
        "variable": ref_spec.variable,
        "edges": ref_spec.edges,
        "edges_unit": ref_spec.edges_unit,
        "exposure": exposure.to_dict(),
        "standard_model": ref_spec.total,
        "new_physics": new_spec.total,
        "ratio": ratio,
        "total_standard_model": ref_counts.total,
        "total_new_physics": new_counts.total,
        "total_ratio": new_counts.total / ref_counts.total if ref_counts.total else None,
        "reference_model": reference.to_dict(),
        "physics_model": model.to_dict(),
        "metadata": new_spec.metadata,
    }
    if args.csv:
        u = ref_spec.edges_unit
        table = {f"low_{u}": ref_spec.edges[:-1], f"high_{u}": ref_spec.edges[1:]}
        table.update(standard_model=ref_spec.total, new_physics=new_spec.total, ratio=ratio)
        write_csv(args.csv, table)
    if args.plot:
        from ..plotting.figures import plot_comparison

        top, _ = plot_comparison(ref_spec, new_spec, ("Standard Model", "new physics"))
        top.set_title(f"{exp.name}: {model_summary(model)}", fontsize=8)
        top.figure.savefig(args.plot, dpi=150)
    if args.json:
        print_json(out)
        return
    print(f"{exp.name}: Standard Model vs {model_summary(model)}")
    total_ratio = out["total_ratio"]
    shown = "n/a (no Standard-Model events)" if total_ratio is None else f"{total_ratio:.4g}"
    print(
        f"  total per {exposure.label}: SM {ref_counts.total:.4g}, new physics "
        f"{new_counts.total:.4g}, ratio {shown}"
    )
    unit = ref_spec.edges_unit
    print(
        f"{'low':>9s} {'high':>9s} {'SM':>11s} {'new':>11s} {'ratio':>8s}   "
        f"[{unit}, events per bin per {exposure.label}]"
    )
    e = ref_spec.edges
    for i in range(e.size - 1):
        print(
            f"{e[i]:9.3f} {e[i + 1]:9.3f} {ref_spec.total[i]:11.4e} {new_spec.total[i]:11.4e} "
            + (f"{ratio[i]:8.4f}" if np.isfinite(ratio[i]) else f"{'n/a':>8s}")
        )


def _distance_text(distance_m: float, burst: bool) -> str:
    """A baseline in the unit that reads best: kpc for a burst, au for the Sun, else m."""
    if burst:
        return f"{distance_m / KPC_M:g} kpc"
    if distance_m > 1e9:
        return f"{distance_m / ASTRONOMICAL_UNIT_M:.3g} au"
    return f"{distance_m:.1f} m"


def cmd_experiments(args) -> None:
    exps = {n: experiment(n) for n in experiments()}
    if args.file:
        exps.update(load_experiments(args.file))
    if args.json:
        print_json([e.to_dict() for e in exps.values()])
        return
    print(f"{'name':16s} {'target':7s} {'mass [kg]':>10s} {'L':>9s} {'source':10s} description")
    for e in exps.values():
        burst = e.flux().time_integrated
        distance = _distance_text(e.distance_m, burst)
        print(
            f"{e.name:16s} {e.detector.material.name:7s} {e.detector.mass_kg:10.4g} "
            f"{distance:>9s} {e.source.name:10s} {e.description}"
        )
    print(f"\nsources (cevns flux NAME): {', '.join(source_presets())}")
    print(
        "Carey & Pandey (arXiv:2412.18055) study (cevns rate with no argument): "
        f"{', '.join(LAR_DETECTORS)}"
    )


def cmd_parameters(args) -> None:
    rows = [
        {
            "name": p.name,
            "unit": p.unit,
            "standard_model": None if p.null != p.null else p.null,
            "description": p.description,
        }
        for p in PARAMETERS.values()
    ]
    rows.append(
        {
            "name": "eps_<ab>_<q>",
            "unit": "",
            "standard_model": 0.0,
            "description": "vector NSI, a, b in e, mu, tau and q in u, d (e.g. eps_ee_u)",
        }
    )
    if args.json:
        print_json(rows)
        return
    print(f"{'name':18s} {'unit':12s} {'SM':>9s}  description")
    for r in rows:
        sm = "" if r["standard_model"] is None else f"{r['standard_model']:g}"
        print(f"{r['name']:18s} {r['unit']:12s} {sm:>9s}  {r['description']}")


def add_commands(sub) -> None:
    for name in ("rate", "compare"):
        compare = name == "compare"
        p = sub.add_parser(
            name,
            help="Standard Model vs new physics: spectra, totals and their ratio"
            if compare
            else "event rates and spectra for an experiment",
            epilog=EPILOG_COMPARE if compare else EPILOG_RATE,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument(
            "experiment",
            nargs=None if compare else "?",
            help="experiment preset or name in --experiments-file"
            + ("" if compare else "; none: Carey & Pandey (arXiv:2412.18055) study"),
        )
        p.add_argument("--experiments-file", metavar="TOML", help="user experiment definitions")
        p.add_argument(
            "--per",
            choices=["second", "day", "year", "burst"],
            help="exposure unit (year = the facility's beam hours per year; burst = one "
            "supernova); default day, or burst for a supernova source",
        )
        p.add_argument("--GWh", type=finite_positive, help="exposure in GWh of beam energy")
        p.add_argument("--pot", type=finite_positive, help="exposure in protons on target")
        p.add_argument(
            "--eot", type=finite_positive, help="exposure in electrons on target (beam dumps)"
        )
        p.add_argument("--bins", type=int, default=50, help="number of spectrum bins (default 50)")
        p.add_argument(
            "--observed",
            action="store_true",
            help="bin in observed energy (keVee) with the detector response",
        )
        p.add_argument("--distance", type=finite_positive, metavar="M", help="baseline in m")
        p.add_argument("--threshold-keV", type=float, metavar="T", help="recoil threshold in keV")
        add_channel_option(p)
        if not compare:
            p.add_argument(
                "--timing-split",
                action="store_true",
                help="counts per flavor in the prompt and delayed time windows",
            )
        add_physics_options(p)
        add_output_options(p)
        p.set_defaults(func=cmd_compare if compare else cmd_rate)

    p = sub.add_parser(
        "parameters", help="the parameter table: names, units and Standard-Model values"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_parameters)

    p = sub.add_parser("experiments", help="list experiment and facility presets")
    p.add_argument("--file", metavar="TOML", help="also list the experiments of this file")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_experiments)
