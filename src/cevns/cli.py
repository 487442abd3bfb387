"""The ``cevns`` command-line interface. No physics here: it parses, calls the library and
prints tables, JSON (a documented interface, see README) or plots."""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from . import __version__
from .experiments import SEED004_EXPERIMENTS, experiment, experiments, load_experiments
from .formfactors import FORM_FACTOR_MODELS
from .nuclei import material
from .physics import FLAVORS, PhysicsModel
from .rates import RateCalculator, flux_averaged_cross_section
from .results import _jsonable
from .sources import facilities, facility
from .studies import seed004_study
from .xsec import coherent_cross_section

EPILOG_XSEC = """examples:
  cevns xsec 40Ar --energy 10 --energy 30 --energy 50
  cevns xsec CsI --flux-average pidar --form-factor klein-nystrand --json
  cevns xsec Ar --plot sigma_ar.png"""

EPILOG_RATE = """examples:
  cevns rate                        the seed 004 study: four LAr detectors, Fig. 3 and totals
  cevns rate CENNS10 --json         events per day, per flavor
  cevns rate COHERENT-LAr --GWh 6.12 --observed --bins 40 --csv lar.csv
  cevns rate MyDet --experiments-file mine.toml --per year"""


def _finite_positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not np.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive finite number, got {text!r}")
    return value


def _model(args) -> PhysicsModel:
    if getattr(args, "radiative", False):
        return PhysicsModel.radiatively_corrected()
    return PhysicsModel(sin2_theta_w=args.sin2w)


def _add_physics_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--form-factor",
        default="helm",
        choices=FORM_FACTOR_MODELS,
        help="nuclear form factor (default: helm, seed 004 Eq. 11)",
    )
    p.add_argument(
        "--sin2w",
        type=_finite_positive,
        default=PhysicsModel().sin2_theta_w,
        help="weak mixing angle sin^2(theta_W) (default 0.23857)",
    )
    p.add_argument(
        "--radiative",
        action="store_true",
        help="use radiatively corrected nucleon couplings (seed 002)",
    )


def _add_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--plot", metavar="FILE", help="write a figure (png, pdf, svg)")
    p.add_argument("--csv", metavar="FILE", help="write the table as CSV")


def _print_json(obj) -> None:
    print(json.dumps(_jsonable(obj), indent=2))


# --- xsec ---------------------------------------------------------------------------------------


def cmd_xsec(args) -> None:
    model = _model(args)
    mat = material(args.target)
    if args.flux_average:
        flux = facility("SNS").flux(20.0)
        avg = flux_averaged_cross_section(mat, flux, args.form_factor, model)
        out = {
            "target": mat.name,
            "flux": "pion decay at rest (prompt nu_mu, delayed nu_e and anti-nu_mu)",
            "form_factor": args.form_factor,
            "physics_model": model.to_dict(),
            "flux_averaged_sigma_cm2": avg["average"],
            "per_flavor_cm2": {k: v for k, v in avg.items() if k != "average"},
            "definition": "flavor-averaged (equal weights) <sigma> per nucleus, averaged over "
            "the nuclei of the target by number",
        }
        if args.json:
            _print_json(out)
        else:
            print(f"flux-averaged CEvNS cross section on {mat.name} ({args.form_factor}):")
            for k, v in out["per_flavor_cm2"].items():
                print(f"  {k:8s} {v:.4e} cm^2")
            print(f"  average  {avg['average']:.4e} cm^2")
        return
    energies = np.asarray(args.energy if args.energy else np.linspace(1.0, 60.0, 60))
    if not np.all(np.isfinite(energies)) or np.any(energies < 0):
        raise ValueError("energies must be finite and >= 0 MeV")
    weights = np.asarray(mat.counts) / np.sum(mat.counts)
    sigma = sum(
        w * coherent_cross_section(iso, args.form_factor, model).total(energies, args.flavor)
        for iso, w in zip(mat.isotopes, weights, strict=True)
    )
    out = {
        "target": mat.name,
        "form_factor": args.form_factor,
        "flavor": args.flavor,
        "physics_model": model.to_dict(),
        "energy_MeV": energies,
        "sigma_cm2": sigma,
        "definition": "total CEvNS cross section per nucleus (averaged over the target's "
        "nuclei by number)",
    }
    if args.csv:
        np.savetxt(
            args.csv,
            np.column_stack([energies, sigma]),
            delimiter=",",
            header="energy_MeV,sigma_cm2",
            comments="",
            fmt="%.6e",
        )
    if args.plot:
        from .plotting import plot_cross_section, save

        ax = plot_cross_section(energies, {f"{mat.name} ({args.form_factor})": sigma})
        save(ax, args.plot)
    if args.json:
        _print_json(out)
    else:
        print(f"CEvNS cross section on {mat.name}, {args.form_factor} form factor")
        print(f"{'E [MeV]':>10s} {'sigma [cm^2]':>14s}")
        for e, s in zip(energies, sigma, strict=True):
            print(f"{e:10.3f} {s:14.4e}")


# --- flux ---------------------------------------------------------------------------------------


def cmd_flux(args) -> None:
    src = facility(args.facility)
    flux = src.flux(args.distance)
    rows = []
    for comp in flux.components:
        rows.append(
            {
                "flavor": comp.flavor,
                "flux_per_cm2_s": comp.rate,
                "mean_energy_MeV": comp.spectrum.mean_energy(),
                "line_MeV": list(comp.spectrum.lines),
                "timing": comp.timing_kind,
            }
        )
    out = {"source": src.to_dict(), "distance_m": args.distance, "flavors": rows}
    if args.window:
        t0, t1 = args.window
        out["time_window_ns"] = [t0, t1]
        for row in rows:
            row["fraction_in_window"] = flux.time_fraction(row["flavor"], (t0, t1))
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from .plotting import plot_flux, plot_timing

        fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
        plot_flux(flux, ax=a1)
        plot_timing(flux.timing, ax=a2)
        a1.set_title(f"{src.name} at {args.distance:g} m")
        fig.savefig(args.plot, dpi=150)
    if args.csv:
        E = np.linspace(0.0, flux.max_energy, 201)
        cols = [E] + [flux.differential(r["flavor"], E) for r in rows]
        np.savetxt(
            args.csv,
            np.column_stack(cols),
            delimiter=",",
            comments="",
            fmt="%.6e",
            header="energy_MeV," + ",".join(r["flavor"] for r in rows),
        )
    if args.json:
        _print_json(out)
        return
    print(f"{src.name}: {src.description}")
    print(
        f"  {src.proton_energy_GeV:g} GeV protons, {src.power_MW:g} MW, "
        f"{src.protons_per_second:.4g} protons/s, {src.yield_per_proton:g} nu/flavor/proton"
    )
    print(f"flux at {args.distance:g} m:")
    for r in rows:
        line = f", line at {r['line_MeV'][0]:.3f} MeV" if r["line_MeV"] else ""
        frac = f", {r['fraction_in_window']:.4f} in window" if "fraction_in_window" in r else ""
        print(
            f"  {r['flavor']:8s} {r['flux_per_cm2_s']:.4e} nu/cm^2/s, <E> = "
            f"{r['mean_energy_MeV']:.2f} MeV ({r['timing']}){line}{frac}"
        )
    print(f"  total    {flux.total_rate():.4e} nu/cm^2/s")


# --- rate ---------------------------------------------------------------------------------------


def _rate_summary(calc: RateCalculator, per: str, pot, GWh) -> dict:
    counts = calc.counts(per, pot=pot, GWh=GWh)
    daily = counts if counts.per == "day" else calc.counts("day")
    out = {"experiment": calc.name, "events_per_day": daily.total, "per_flavor": daily.per_flavor}
    if counts.per != "day":
        out[f"events_per_{counts.per.replace(' ', '_')}"] = counts.total
        out[f"per_flavor_per_{counts.per.replace(' ', '_')}"] = counts.per_flavor
    out["metadata"] = counts.metadata
    return out


def _seed004(args) -> None:
    spectra, counts = seed004_study(form_factor=args.form_factor, model=_model(args))
    if args.plot:
        from .plotting import plot_recoil_spectra, save

        ax = plot_recoil_spectra(spectra)
        ax.set_title("CEvNS on argon, seed 004 detectors (Helm, ideal response)")
        ax.set_ylim(bottom=1e-4)
        save(ax, args.plot)
    if args.csv:
        names = list(spectra)
        T = spectra[names[0]].recoil_keV
        np.savetxt(
            args.csv,
            np.column_stack([T] + [spectra[n].total for n in names]),
            delimiter=",",
            comments="",
            fmt="%.6e",
            header="recoil_keV," + ",".join(f"{n}_events_per_keV_per_day" for n in names),
        )
    if args.json:
        _print_json(
            [
                {
                    "experiment": n,
                    "events_per_day": c.total,
                    "per_flavor": c.per_flavor,
                    "metadata": c.metadata,
                }
                for n, c in counts.items()
            ]
        )
        return
    names = list(spectra)
    print("CEvNS on argon, seed 004 Table I detectors (Helm form factor, no threshold)")
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


def cmd_rate(args) -> None:
    if args.experiment is None:
        _seed004(args)
        return
    exp = experiment(args.experiment, args.experiments_file)
    calc = RateCalculator.for_experiment(exp, args.form_factor, _model(args))
    summary = _rate_summary(calc, args.per, args.pot, args.GWh)
    T_top = calc.max_recoil_keV
    if args.observed:
        q = exp.detector.quenching
        if q is None:
            raise ValueError(f"{exp.name} has no quenching model: drop --observed")
        top = float(max(q.observed(T_top, iso) for iso in exp.detector.material.isotopes))
        spec = calc.binned(
            np.linspace(0.0, top * 1.05, args.bins + 1),
            args.per,
            observed=True,
            pot=args.pot,
            GWh=args.GWh,
        )
    else:
        spec = calc.binned(
            np.linspace(0.0, T_top, args.bins + 1), args.per, pot=args.pot, GWh=args.GWh
        )
    summary["spectrum"] = {
        "variable": spec.variable,
        "edges_keV": spec.edges_keV,
        "counts": spec.total,
        "unit": f"events / bin / {spec.per}",
    }
    if args.csv:
        spec.to_csv(args.csv)
    if args.plot:
        from .plotting import save

        ax = spec.plot()
        ax.set_title(exp.name)
        save(ax, args.plot)
    if args.json:
        _print_json(summary)
        return
    print(f"{exp.name}: {exp.description}")
    print(
        f"  {exp.detector.mass_kg:g} kg {exp.detector.material.name} at {exp.distance_m:g} m "
        f"from {exp.source.name}; form factor {args.form_factor}"
    )
    print(f"  events per day: {summary['events_per_day']:.4g}")
    for k, v in summary["per_flavor"].items():
        print(f"    {k:8s} {v:.4g}")
    for key, value in summary.items():
        if key.startswith("events_per_") and key != "events_per_day":
            print(f"  {key.replace('_', ' ')}: {value:.4g}")


# --- experiments ----------------------------------------------------------------------------


def cmd_experiments(args) -> None:
    exps = {n: experiment(n) for n in experiments()}
    if args.file:
        exps.update(load_experiments(args.file))
    if args.json:
        _print_json([e.to_dict() for e in exps.values()])
        return
    print(f"{'name':16s} {'target':7s} {'mass [kg]':>10s} {'L [m]':>6s} {'source':10s} description")
    for e in exps.values():
        print(
            f"{e.name:16s} {e.detector.material.name:7s} {e.detector.mass_kg:10.4g} "
            f"{e.distance_m:6.1f} {e.source.name:10s} {e.description}"
        )
    print(f"\nfacilities: {', '.join(facilities())}")
    print(f"seed 004 study (cevns rate with no argument): {', '.join(SEED004_EXPERIMENTS)}")


# --- entry point ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cevns",
        description="Coherent elastic neutrino-nucleus scattering at stopped-pion sources: "
        "cross sections, fluxes and event rates.",
    )
    parser.add_argument("--version", action="version", version=f"cevns {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "xsec",
        help="CEvNS cross section of an isotope or material",
        epilog=EPILOG_XSEC,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("target", help="isotope (40Ar, 133Cs) or material (Ar, CsI, Ge, C3F8)")
    p.add_argument(
        "--energy",
        type=float,
        action="append",
        metavar="E",
        help="neutrino energy in MeV (repeat for several; default 1-60 MeV)",
    )
    p.add_argument("--flavor", default="numu", choices=FLAVORS, help="neutrino flavor")
    p.add_argument(
        "--flux-average",
        choices=["pidar"],
        help="average over the pion decay-at-rest flux (three flavors, equal weight)",
    )
    _add_physics_options(p)
    _add_output_options(p)
    p.set_defaults(func=cmd_xsec)

    p = sub.add_parser("flux", help="neutrino flux and timing of a facility")
    p.add_argument("facility", nargs="?", default="SNS", help="facility preset (default SNS)")
    p.add_argument(
        "--distance",
        type=_finite_positive,
        default=20.0,
        help="distance from the target in m (default 20)",
    )
    p.add_argument(
        "--window",
        type=float,
        nargs=2,
        metavar=("T0", "T1"),
        help="arrival-time window in ns after the pulse centre",
    )
    _add_output_options(p)
    p.set_defaults(func=cmd_flux)

    p = sub.add_parser(
        "rate",
        help="CEvNS event rates and spectra for an experiment",
        epilog=EPILOG_RATE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "experiment",
        nargs="?",
        help="experiment preset or name in --experiments-file; none: seed 004 study",
    )
    p.add_argument("--experiments-file", metavar="TOML", help="user experiment definitions")
    p.add_argument(
        "--per",
        default="day",
        choices=["second", "day", "year"],
        help="exposure unit (year = the facility's beam hours per year)",
    )
    p.add_argument("--GWh", type=_finite_positive, help="exposure in GWh of beam energy")
    p.add_argument("--pot", type=_finite_positive, help="exposure in protons on target")
    p.add_argument("--bins", type=int, default=50, help="number of spectrum bins (default 50)")
    p.add_argument(
        "--observed",
        action="store_true",
        help="bin in observed energy (keVee) with the detector response",
    )
    _add_physics_options(p)
    _add_output_options(p)
    p.set_defaults(func=cmd_rate)

    p = sub.add_parser("experiments", help="list experiment and facility presets")
    p.add_argument("--file", metavar="TOML", help="also list the experiments of this file")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_experiments)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "bins", 1) < 1:
            raise ValueError("--bins must be at least 1")
        args.func(args)
    except (ValueError, OSError) as err:
        print(f"cevns {args.command}: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
