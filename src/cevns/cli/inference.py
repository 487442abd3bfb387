"""The ``cevns fit``, ``cevns scan`` and ``cevns sensitivity`` commands: fits and grid scans of
the COHERENT data releases, and Asimov sensitivities of future argon detectors. No physics
here: parsing, calls into :mod:`cevns.inference`, output."""

from __future__ import annotations

import argparse

import numpy as np

from ..errors import CevnsInputError
from ..inference.datasets import load_analysis
from ..inference.fit import JointFit, count_fit
from ..inference.parameters import check_parameter
from ..inference.releases import DATA_DIR_VARIABLE, DATASETS
from ..inference.scan import MAX_AXES, MAX_GRID_POINTS, scan_grid
from ..inference.sensitivity import (
    SENSITIVITY_EXPERIMENTS,
    SENSITIVITY_PARAMETERS,
    asimov_analysis,
    check_study_experiment,
    sensitivity,
    with_overrides,
)
from ..results import write_csv, write_json
from .options import add_progress_option, show_progress

EPILOG_FIT = f"""data sets: {", ".join(DATASETS)} (folder from --data-dir or ${DATA_DIR_VARIABLE})
examples:
  cevns fit coherent-csi-2021 --data-dir releases/ --json
  cevns fit coherent-csi-2021 --param sin2w --json
  cevns fit coherent-csi-2017 --param rn --range 3:8:26 --plot rn.png
  cevns fit coherent-csi-2021 coherent-lar-2020 --param mu_nu --range 0:100:41"""

EPILOG_SCAN = f"""data sets: {", ".join(DATASETS)} (folder from --data-dir or ${DATA_DIR_VARIABLE}),
  and the future detectors {", ".join(SENSITIVITY_EXPERIMENTS)} as Asimov data
examples:
  cevns scan coherent-csi-2021 --axis m_zprime=1:1000:100:log --axis g_zprime=1e-6:1e-3:100:log
  cevns scan coherent-csi-2021 coherent-lar-2020 --axis eps_ee_u=-1:1:81 --axis eps_ee_d=-1:1:81 \\
      --dask local --plot nsi.png --csv nsi.csv
  cevns scan coherent-csi-2021 coherent-lar-2020 --axis eps_ee_u=-0.5:0.5:32 \\
      --axis eps_ee_d=-0.5:0.5:32 --axis eps_mumu_u=-0.5:0.5:32 --axis eps_mumu_d=-0.5:0.5:32 \\
      --output-dir nsi-scan/  (written as it goes; run it again to resume)
  cevns scan coherent-csi-2021 CENNS750 --axis sin2w=0.2:0.28:41"""


def _axis(text: str) -> tuple[str, np.ndarray]:
    """NAME=LO:HI:N[:log] -> (name, values)."""
    try:
        name, spec = text.split("=", 1)
        parts = spec.split(":")
        lo, hi, n = float(parts[0]), float(parts[1]), int(parts[2])
        log = len(parts) > 3 and parts[3] == "log"
        if len(parts) > 4 or (len(parts) == 4 and not log):
            raise ValueError
    except (ValueError, IndexError):
        raise CevnsInputError(
            f"scan axis {text!r}: expected NAME=LO:HI:N or NAME=LO:HI:N:log"
        ) from None
    check_parameter(name)
    if n < 2 or not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        raise CevnsInputError(f"scan axis {text!r}: need LO < HI and N >= 2")
    if n > MAX_GRID_POINTS:
        raise CevnsInputError(f"scan axis {text!r}: at most {MAX_GRID_POINTS:,} points")
    if log and lo <= 0:
        raise CevnsInputError(f"scan axis {text!r}: a log axis needs LO > 0")
    return name, (np.geomspace(lo, hi, n) if log else np.linspace(lo, hi, n))


def _fixed(items) -> dict:
    out = {}
    for item in items or []:
        name, _, value = item.partition("=")
        check_parameter(name)
        try:
            out[name] = float(value)
        except ValueError:
            raise CevnsInputError(f"--fixed {item!r}: expected NAME=VALUE") from None
    return out


def _analyses(args, future: bool = False) -> list:
    """The data sets named on the command line; with ``future``, study experiments too, as
    Asimov data (:func:`~cevns.inference.sensitivity.asimov_analysis`)."""
    for name in args.datasets:
        if name not in DATASETS and not (future and name in SENSITIVITY_EXPERIMENTS):
            known = list(DATASETS) + (list(SENSITIVITY_EXPERIMENTS) if future else [])
            raise CevnsInputError(f"unknown data set {name!r}; known: {', '.join(known)}")
    return [
        load_analysis(n, args.data_dir) if n in DATASETS else asimov_analysis(n)
        for n in args.datasets
    ]


def cmd_fit(args) -> None:
    unused = [o for o, v in (("--fixed", args.fixed), ("--range", args.range),
                             ("--plot", args.plot), ("--csv", args.csv)) if v]  # fmt: skip
    if unused and not args.param:
        raise CevnsInputError(f"{', '.join(unused)} act on a profile: give --param NAME")
    if args.param and args.param in _fixed(args.fixed):
        raise CevnsInputError(f"{args.param} cannot be both profiled (--param) and fixed (--fixed)")
    analyses = _analyses(args)
    counts = [count_fit(a, args.form_factor).to_dict() for a in analyses]
    out: dict = dict(counts[0]) if len(counts) == 1 else {"datasets": counts}
    if args.param:
        param = check_parameter(args.param)
        lo, hi = param.default_range
        values = _axis(f"{args.param}={args.range}")[1] if args.range else np.linspace(lo, hi, 41)
        fit = JointFit(analyses, form_factor=args.form_factor)
        curve = fit.profile(args.param, values, _fixed(args.fixed))
        pieces68, pieces90 = curve.interval_68, curve.interval_90
        out.update(
            {
                "parameter": args.param,
                "unit": param.unit,
                "best_fit": curve.best_fit,
                "interval_68": [list(piece) for piece in pieces68],
                "interval_90": [list(piece) for piece in pieces90],
                "profile": {"values": curve.values, "delta_chi2": curve.delta_chi2},
            }
        )
        if args.csv:
            curve.to_csv(args.csv)
        if args.plot:
            from ..plotting.figures import plot_profile, save

            save(
                plot_profile(curve, param.label + (f" [{param.unit}]" if param.unit else "")),
                args.plot,
            )
    if args.json:
        print(write_json(out))
        return
    for c in counts:
        print(
            f"{c['dataset']}: CEvNS {c['cevns_events']:.1f} +- {c['cevns_events_error']:.1f} "
            f"events (SM {c['sm_prediction_events']:.1f} +- {c['sm_prediction_error']:.1f}), "
            f"<sigma> = {c['flux_averaged_cross_section_cm2']:.3g} cm^2 "
            f"(SM {c['sm_flux_averaged_cross_section_cm2']:.3g}), "
            f"{c['significance_sigma']:.1f} sigma"
        )
    if args.param:
        print(f"{args.param}: best fit {out['best_fit']:.4g}")

        def pieces(intervals):
            return ", ".join(f"[{_bound(lo)}, {_bound(hi)}]" for lo, hi in intervals) or "none"

        print(f"  68% CL: {pieces(out['interval_68'])}   90% CL: {pieces(out['interval_90'])}")


def cmd_scan(args) -> None:
    axes = dict(_axis(a) for a in args.axis)
    if len(axes) < len(args.axis):
        raise CevnsInputError("each --axis must scan a different parameter")
    if len(axes) > MAX_AXES:
        raise CevnsInputError(f"at most {MAX_AXES} axes (--axis), got {len(axes)}")
    fixed = _fixed(args.fixed)
    if set(axes) & set(fixed):
        raise CevnsInputError("a scanned parameter cannot also be --fixed")
    if args.workers is not None and args.workers < 1:
        raise CevnsInputError(f"--workers must be at least 1, got {args.workers}")
    analyses = _analyses(args, future=True)
    fit = JointFit(analyses, form_factor=args.form_factor)
    reference = None
    if args.reference == "sm":
        reference = float(fit.profiled_chi2([fixed])[0])
    result = scan_grid(
        fit,
        axes,
        fixed,
        reference,
        scheduler=args.dask,
        progress=show_progress(args),
        output=args.output_dir,
        workers=args.workers,
    )
    if args.csv:
        result.to_csv(args.csv)
    if args.plot:
        from ..plotting.figures import plot_scan, save

        save(plot_scan(result.profiled(*list(axes)[:2])), args.plot)
    if args.json:
        print(write_json(result.to_dict()))
        return
    best = ", ".join(f"{k} = {v:.4g}" for k, v in result.best_fit.items())
    print(f"grid minimum: {best} (chi2 = {np.min(result.chi2):.2f})")
    print(f"points allowed at 90% CL: {int(result.allowed(90).sum())} of {result.chi2.size}")


EPILOG_SENSITIVITY = f"""experiments: {", ".join(SENSITIVITY_EXPERIMENTS)} (any argon preset works)
parameters: {", ".join(SENSITIVITY_PARAMETERS)} (default: all)
examples:
  cevns sensitivity CENNS750 --json
  cevns sensitivity CENNS750 CCM PIP2-BD --param sin2w --param zprime --plot sens.png
  cevns sensitivity PIP2-BD --steady-state-scale 0.001 --flux-uncertainty 0.05 --csv pip2.csv"""


def cmd_sensitivity(args) -> None:
    params = tuple(args.param) if args.param else SENSITIVITY_PARAMETERS
    overrides = {
        "years": args.years,
        "threshold_keVnr": args.threshold_keV,
        "flux_uncertainty": args.flux_uncertainty,
        "steady_state_scale": args.steady_state_scale,
        "brn_fraction": args.brn_fraction,
    }
    plans = []
    for name in args.experiments:  # every name and option checked before any computing
        check_study_experiment(name)
        plans.append((name, with_overrides(name, **overrides)))
    results = [
        sensitivity(
            name,
            assumptions,
            params,
            scheduler=args.dask,
            progress=show_progress(args),
        )
        for name, assumptions in plans
    ]
    if args.csv:
        tables = [r.table() for r in results]
        write_csv(args.csv, {k: sum((list(tb[k]) for tb in tables), []) for k in tables[0]})
    if args.plot:
        _plot_sensitivities(results, params, args.plot)
    if args.json:
        print(write_json(results[0] if len(results) == 1 else results))
        return
    for r in results:
        print(
            f"{r.experiment}: {r.sm_cevns_events:.4g} SM CEvNS events, "
            f"{r.background_events:.4g} background ({r.assumptions.years:g} years)"
        )
        for name, c in r.curves.items():
            if name == "mu_nu":
                print(f"  mu_nu < {_bound(r.upper_limit_90('mu_nu'))} x 1e-10 mu_B (90% CL)")
                continue
            pieces = ", ".join(f"[{_bound(lo)}, {_bound(hi)}]" for lo, hi in c.interval_68)
            print(f"  {name}: expected {c.best_fit:.4g}, 68% CL {pieces}")
        if r.zprime_masses_MeV is not None:
            picks = [
                f"g < {g:.2g} at {m:.3g} MeV"
                for m, g in zip(r.zprime_masses_MeV[::10], r.zprime_g_90[::10], strict=True)
            ]
            print("  Z' (90% CL): " + ", ".join(picks))


def _bound(value) -> str:
    """An interval end, or "open" where it lies outside the scanned range (None)."""
    return "open" if value is None else f"{value:.4g}"


def _plot_sensitivities(results: list, params: tuple, path) -> None:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from ..plotting.figures import plot_sensitivities

    fig, axes = plt.subplots(
        1, len(params), figsize=(4.2 * len(params), 3.8), constrained_layout=True, squeeze=False
    )
    for ax, p in zip(axes[0], params, strict=True):
        plot_sensitivities(results, p, ax)
    fig.savefig(path, dpi=150)


def _add_sensitivity_command(sub) -> None:
    p = sub.add_parser(
        "sensitivity",
        help="expected sensitivity of future argon detectors (Asimov data)",
        epilog=EPILOG_SENSITIVITY,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("experiments", nargs="+", metavar="EXPERIMENT", help="experiment preset(s)")
    p.add_argument(
        "--param",
        action="append",
        choices=SENSITIVITY_PARAMETERS,
        help="what to evaluate (repeat; default all)",
    )
    p.add_argument("--years", type=float, help="running time in beam years")
    p.add_argument("--threshold-keV", type=float, metavar="T", help="recoil threshold (keVnr)")
    p.add_argument("--flux-uncertainty", type=float, metavar="F", help="e.g. 0.05 for 5 %%")
    p.add_argument(
        "--steady-state-scale",
        type=float,
        metavar="S",
        help="steady-state background relative to CENNS-10's per kg and open time",
    )
    p.add_argument("--brn-fraction", type=float, metavar="B", help="BRN events per SM CEvNS")
    p.add_argument("--dask", metavar="SCHEDULER", help="run the Z' grid on Dask")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_progress_option(p)
    p.add_argument("--csv", metavar="FILE", help="write profiles and Z' limits as CSV")
    p.add_argument("--plot", metavar="FILE", help="write a figure")
    p.set_defaults(func=cmd_sensitivity)


def add_commands(sub) -> None:
    """Add ``fit``, ``scan`` and ``sensitivity`` to the ``cevns`` sub-command parser."""
    for name, help_text, epilog, func in (
        ("fit", "fit COHERENT data: CEvNS counts and physics parameters", EPILOG_FIT, cmd_fit),
        ("scan", "profiled chi2 on a parameter grid (optionally with Dask)", EPILOG_SCAN, cmd_scan),
    ):
        p = sub.add_parser(
            name,
            help=help_text,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("datasets", nargs="+", metavar="DATASET", help="data set name(s)")
        p.add_argument(
            "--data-dir", metavar="DIR", help=f"release folder (or ${DATA_DIR_VARIABLE})"
        )
        p.add_argument("--form-factor", default="helm", help="nuclear form factor (default helm)")
        p.add_argument(
            "--fixed", action="append", metavar="NAME=VALUE", help="hold a parameter (repeat)"
        )
        if name == "fit":
            p.add_argument("--param", metavar="NAME", help="profile this physics parameter")
            p.add_argument(
                "--range", metavar="LO:HI:N", help="profile grid (default per parameter)"
            )
        else:
            p.add_argument(
                "--axis",
                action="append",
                required=True,
                metavar="NAME=LO:HI:N[:log]",
                help=f"a scan axis (repeat, up to {MAX_AXES}; a plot shows the first two, "
                "the others profiled)",
            )
            p.add_argument(
                "--reference",
                choices=["min", "sm"],
                default="min",
                help="delta chi2 relative to the grid minimum or to the Standard Model",
            )
            p.add_argument(
                "--dask",
                metavar="SCHEDULER",
                help="run on Dask: 'local' (a LocalCluster) or a scheduler address",
            )
            p.add_argument(
                "--workers",
                type=int,
                metavar="N",
                help="threads of a scan in this process (default one per core)",
            )
            p.add_argument(
                "--output-dir",
                metavar="DIR",
                help="write the grid as it goes (Parquet parts; needs pyarrow); run the same "
                "scan with the same DIR again to resume it",
            )
        p.add_argument("--json", action="store_true", help="print JSON")
        if name == "scan":
            add_progress_option(p)
        p.add_argument("--csv", metavar="FILE", help="write the profile or grid as CSV")
        p.add_argument("--plot", metavar="FILE", help="write a figure")
        p.set_defaults(func=func)
    _add_sensitivity_command(sub)
