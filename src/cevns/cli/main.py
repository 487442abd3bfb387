"""The ``cevns`` command-line interface. No physics here: it parses, calls the library and
prints tables, JSON (a documented interface, see README) or plots."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

import numpy as np

from .. import __version__
from ..constants import KEV
from ..detectors.experiments import LAR_DETECTORS, experiment, experiments, load_experiments
from ..nuclear.formfactors import FORM_FACTOR_MODELS, FormFactorModel, form_factor_model
from ..nuclear.skyrme.hf import ConvergenceError
from ..nuclei import material
from ..physics import (
    FLAVORS,
    PARAMETERS,
    PhysicsModel,
    VectorMediator,
    apply_parameters,
    check_parameter,
    load_model,
)
from ..rates.engine import RateCalculator, flux_averaged_cross_section
from ..rates.exposure import Exposure
from ..rates.studies import lar_detectors_study
from ..results import write_csv, write_json
from ..sources import facilities, facility
from ..xsec.material import material_cross_section
from .inelastic import add_command as add_inelastic_command
from .inference import add_commands as add_inference_commands
from .kdar import add_command as add_kdar_command
from .nucleus import add_command as add_nucleus_command
from .options import parse_pairs
from .supernova import add_commands as add_supernova_commands

EPILOG_XSEC = """examples:
  cevns xsec 40Ar --energy 10 --energy 30 --energy 50
  cevns xsec CsI --flux-average pidar --form-factor klein-nystrand --json
  cevns xsec Ar --plot sigma_ar.png
  cevns xsec 40Ar --energy 30 --recoil-keV 5 --recoil-keV 20 --param mu_nu_mu=1 --json
  cevns xsec Ar --channel electron --energy 30 --flavor nue"""

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


def _finite_positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not np.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive finite number, got {text!r}")
    return value


def _numbers(text: str, what: str, count: tuple[int, int]) -> list[str]:
    parts = [p.strip() for p in text.split(",")]
    if not count[0] <= len(parts) <= count[1]:
        raise ValueError(
            f"{what} expects {count[0]} to {count[1]} comma-separated values, got {text!r}"
        )
    return parts


def _float(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{what}: not a number: {text!r}") from None


def _parameters(args) -> dict[str, float]:
    """The --param NAME=VALUE options (names and units of the parameter table)."""
    values = parse_pairs(getattr(args, "param", None), "--param")
    for name in values:
        check_parameter(name)
    return values


def _model(args) -> PhysicsModel:
    """The physics model from --model FILE, then the command-line options on top of it."""
    base = load_model(args.model) if getattr(args, "model", None) else PhysicsModel()
    changes: dict = {}
    if getattr(args, "radiative", False):
        changes.update(
            g_p=PhysicsModel.radiatively_corrected().g_p,
            g_n=PhysicsModel.radiatively_corrected().g_n,
        )
    if getattr(args, "running", False):
        changes["running"] = True
    vectors = []
    for text in getattr(args, "zprime", None) or ():
        parts = _numbers(text, "--zprime", (2, 3))
        vectors.append(
            VectorMediator(
                _float(parts[0], "--zprime mass"),
                _float(parts[1], "--zprime coupling"),
                parts[2] if len(parts) > 2 else "universal",
            )
        )
    if vectors:
        changes["vector_mediators"] = base.vector_mediators + tuple(vectors)
    model = base.replace(**changes) if changes else base
    values = {k: v for k, v in _parameters(args).items() if k != "rn"}
    return apply_parameters(model, values)


def _reference_model(model: PhysicsModel) -> PhysicsModel:
    """The Standard Model with the same electroweak parameters as ``model``."""
    return PhysicsModel(model.sin2_theta_w, model.running, model.g_p, model.g_n)


def _form_factor(args) -> FormFactorModel:
    skin = getattr(args, "neutron_skin", None)
    rn = _parameters(args).get("rn")
    if rn is not None:
        if skin is not None:
            raise ValueError("give the neutron radius by --param rn or by --neutron-skin, not both")
        return FormFactorModel(args.form_factor, neutron_rms_fm=rn)
    return form_factor_model(args.form_factor, neutron_skin_fm=skin)


def _add_physics_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("Standard Model and nuclear physics")
    g.add_argument(
        "--form-factor",
        default="helm",
        choices=FORM_FACTOR_MODELS,
        help="nuclear form factor (default: helm, Carey & Pandey (arXiv:2412.18055) Eq. 11)",
    )
    g.add_argument(
        "--neutron-skin",
        type=float,
        metavar="FM",
        help="neutron skin R_n - R_p in fm (neutron form factor from the proton one)",
    )
    g.add_argument("--running", action="store_true", help="let sin^2(theta_W) run with q (MS-bar)")
    g.add_argument(
        "--radiative",
        action="store_true",
        help="use the radiatively corrected nucleon couplings of the PDG electroweak review",
    )
    g.add_argument(
        "--model", metavar="TOML", help="physics model file; the options below add to it"
    )
    g.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="a parameter of the parameter table, in its unit (the names of cevns fit --param; "
        "cevns parameters lists them), e.g. sin2w=0.24, mu_nu_mu=10 (1e-10 mu_B), "
        "eps_ee_u=0.1, charge_radius_e=-0.4 (1e-32 cm^2), dm41=1 with umu4_sq=0.01, "
        "g_zprime=1e-5 with m_zprime=20, rn=4.8 (fm)",
    )
    g.add_argument(
        "--zprime",
        action="append",
        metavar="MASS,G[,CHARGES]",
        help="a light vector mediator with its charges: mass in MeV, coupling, universal "
        "(default) or B-L (repeat for several)",
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
        _print_json(rows)
        return
    print(f"{'name':18s} {'unit':12s} {'SM':>9s}  description")
    for r in rows:
        sm = "" if r["standard_model"] is None else f"{r['standard_model']:g}"
        print(f"{r['name']:18s} {r['unit']:12s} {sm:>9s}  {r['description']}")


def _add_channel_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--channel",
        default="nuclear",
        choices=["nuclear", "electron"],
        help="coherent scattering on nuclei (default) or elastic scattering on electrons",
    )


def _add_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--plot", metavar="FILE", help="write a figure (png, pdf, svg)")
    p.add_argument("--csv", metavar="FILE", help="write the table as CSV")


def _print_json(obj) -> None:
    print(write_json(obj))


# --- xsec ---------------------------------------------------------------------------------------


def _ff_label(ff: FormFactorModel) -> str:
    if ff.neutron_skin_fm is not None:
        return f"{ff.shape} (neutron skin {ff.neutron_skin_fm:g} fm)"
    return ff.shape


def cmd_xsec(args) -> None:
    model = _model(args)
    ff = _form_factor(args)
    mat = material(args.target)
    per = "nucleus" if args.channel == "nuclear" else "atom (all its electrons)"
    if args.flux_average:
        if args.channel != "nuclear" or args.recoil_keV:
            raise ValueError("--flux-average is for the total CEvNS cross section only")
        flux = facility("SNS").flux(20.0)
        avg = flux_averaged_cross_section(mat, flux, ff, model)
        out = {
            "target": mat.name,
            "flux": "pion decay at rest (prompt nu_mu, delayed nu_e and anti-nu_mu)",
            "form_factor": _ff_label(ff),
            "physics_model": model.to_dict(),
            "flux_averaged_cross_section_cm2": avg["average"],
            "flux_averaged_cross_section_per_flavor_cm2": {
                k: v for k, v in avg.items() if k != "average"
            },
            "definition": "flavor-averaged (equal weights) <sigma> per nucleus, averaged over "
            "the nuclei of the target by number",
        }
        if args.json:
            _print_json(out)
        else:
            print(f"flux-averaged CEvNS cross section on {mat.name} ({_ff_label(ff)}):")
            for k, v in out["flux_averaged_cross_section_per_flavor_cm2"].items():
                print(f"  {k:8s} {v:.4e} cm^2")
            print(f"  average  {avg['average']:.4e} cm^2")
        return
    energies = np.asarray(args.energy if args.energy else np.linspace(1.0, 60.0, 60))
    if not np.all(np.isfinite(energies)) or np.any(energies < 0):
        raise ValueError("energies must be finite and >= 0 MeV")
    xs = material_cross_section(mat, ff, model, args.channel)
    out = {
        "target": mat.name,
        "channel": args.channel,
        "form_factor": _ff_label(ff) if args.channel == "nuclear" else None,
        "flavor": args.flavor,
        "physics_model": model.to_dict(),
        "energy_MeV": energies,
    }
    if args.recoil_keV:
        if not args.energy:
            raise ValueError("--recoil-keV needs the neutrino energy: give --energy")
        T = np.asarray(args.recoil_keV, dtype=float)
        if not np.all(np.isfinite(T)) or np.any(T < 0):
            raise ValueError("recoil energies must be finite and >= 0 keV")
        dsig = xs.dsigma_dT(energies[:, None], T[None, :] * KEV, args.flavor) * KEV
        out["recoil_keV"] = T
        out["dsigma_dT_cm2_per_keV"] = dsig[0] if energies.size == 1 else dsig
        out["definition"] = (
            f"differential cross section per {per} in cm^2/keV; a list over the recoil "
            "energies (one list per neutrino energy when several are given)"
        )
        if args.json:
            _print_json(out)
            return
        print(f"dsigma/dT on {mat.name} ({args.channel}, {args.flavor}) [cm^2/keV per {per}]")
        print(f"{'E [MeV]':>9s} {'T [keV]':>10s} {'dsigma/dT':>13s}")
        for i, e in enumerate(energies):
            for j, t in enumerate(T):
                print(f"{e:9.3f} {t:10.4g} {dsig[i, j]:13.4e}")
        return
    t_min = args.recoil_min_keV * KEV
    if model.infrared_divergent and t_min <= 0:
        raise ValueError(
            "with a magnetic moment or millicharge the total cross section diverges: give "
            "--recoil-min-keV"
        )
    sigma = xs.total(energies, args.flavor, t_min)
    out["recoil_min_keV"] = args.recoil_min_keV
    out["sigma_cm2"] = sigma
    out["definition"] = (
        f"total cross section per {per} (averaged over the target's nuclei by number)"
    )
    if args.csv:
        write_csv(args.csv, {"energy_MeV": energies, "sigma_cm2": sigma})
    if args.plot:
        from ..plotting.figures import plot_cross_section, save

        ax = plot_cross_section(energies, {f"{mat.name} ({args.channel})": sigma})
        save(ax, args.plot)
    if args.json:
        _print_json(out)
    else:
        what = "CEvNS" if args.channel == "nuclear" else "neutrino-electron"
        print(f"{what} cross section on {mat.name} per {per}")
        print(f"{'E [MeV]':>10s} {'sigma [cm^2]':>14s}")
        for e, s_ in zip(energies, sigma, strict=True):
            print(f"{e:10.3f} {s_:14.4e}")


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

        from ..plotting.figures import plot_flux, plot_timing

        fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
        plot_flux(flux, ax=a1)
        plot_timing(flux.timing, ax=a2)
        a1.set_title(f"{src.name} at {args.distance:g} m")
        fig.savefig(args.plot, dpi=150)
    if args.csv:
        E = np.linspace(0.0, flux.max_energy, 201)
        table = {"energy_MeV": E}
        table.update(
            {f"{r['flavor']}_per_cm2_s_MeV": flux.differential(r["flavor"], E) for r in rows}
        )
        write_csv(args.csv, table)
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


def _exposure(args) -> Exposure:
    """The exposure of --GWh, --pot or --per."""
    if args.GWh is not None and args.pot is not None:
        raise ValueError("give the exposure in --GWh or in --pot, not both")
    if args.GWh is not None:
        return Exposure(args.GWh, "GWh")
    if args.pot is not None:
        return Exposure(args.pot, "POT")
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
    spectra, counts = lar_detectors_study(form_factor=args.form_factor, model=_model(args))
    if args.plot:
        from ..plotting.figures import plot_recoil_spectra, save

        ax = plot_recoil_spectra(spectra)
        ax.set_title(
            "CEvNS on argon, Carey & Pandey (arXiv:2412.18055) detectors (Helm, ideal response)"
        )
        ax.set_ylim(bottom=1e-4)
        save(ax, args.plot)
    if args.csv:
        names = list(spectra)
        table = {"recoil_keV": spectra[names[0]].recoil_keV}
        table.update({f"{n}_events_per_keV_per_day": spectra[n].total for n in names})
        write_csv(args.csv, table)
    if args.json:
        _print_json(
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
    print(
        "CEvNS on argon, the detectors of Carey & Pandey (arXiv:2412.18055) Table I "
        "(Helm form factor, no threshold)"
    )
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
            raise ValueError(f"--threshold-keV must be >= 0, got {args.threshold_keV:g}")
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
            raise ValueError(f"{exp.name}: no quenching model for this channel: drop --observed")
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
    calc = RateCalculator.for_experiment(exp, _form_factor(args), _model(args), args.channel)
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
        _print_json(summary)
        return
    print(f"{exp.name}: {exp.description}")
    print(
        f"  {exp.detector.mass_kg:g} kg {exp.detector.material.name} at {exp.distance_m:g} m "
        f"from {exp.source.name}; {args.channel} channel; form factor {_ff_label(calc.form_factor)}"
    )
    if not calc.model.is_standard_model:
        print(f"  new physics: {_model_summary(calc.model)}")
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


def _model_summary(model: PhysicsModel) -> str:
    d = model.to_dict()
    skip = {"sin2_theta_w", "running", "g_p", "g_n", "couplings", "standard_model"}
    return "; ".join(f"{k} {write_json(v, indent=None)}" for k, v in d.items() if k not in skip)


def cmd_compare(args) -> None:
    exp = _experiment(args)
    model = _model(args)
    if model.is_standard_model:
        raise ValueError("compare needs new physics: give an effect (e.g. --param mu_nu_mu=1)")
    reference = _reference_model(model)
    calc = RateCalculator.for_experiment(exp, _form_factor(args), reference, args.channel)
    other_calc = calc.with_model(model)
    ref_spec = _spectrum(calc, exp, args, model)
    new_spec = _spectrum(other_calc, exp, args, model)
    if not np.array_equal(ref_spec.edges, new_spec.edges):  # pragma: no cover
        raise ValueError("internal error: spectra on different bins")
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
        top.set_title(f"{exp.name}: {_model_summary(model)}", fontsize=8)
        top.figure.savefig(args.plot, dpi=150)
    if args.json:
        _print_json(out)
        return
    print(f"{exp.name}: Standard Model vs {_model_summary(model)}")
    print(
        f"  total per {exposure.label}: SM {ref_counts.total:.4g}, new physics "
        f"{new_counts.total:.4g}, ratio {out['total_ratio']:.4g}"
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
            f"{ratio[i]:8.4f}"
        )


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
    print(
        "Carey & Pandey (arXiv:2412.18055) study (cevns rate with no argument): "
        f"{', '.join(LAR_DETECTORS)}"
    )


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
    p.add_argument(
        "--recoil-keV",
        type=float,
        action="append",
        metavar="T",
        help="recoil energy in keV (repeat): print dsigma/dT instead of sigma",
    )
    p.add_argument(
        "--recoil-min-keV",
        type=float,
        default=0.0,
        metavar="T",
        help="lower recoil limit of the total cross section (needed with a magnetic moment or "
        "millicharge)",
    )
    p.add_argument("--flavor", default="numu", choices=FLAVORS, help="neutrino flavor")
    _add_channel_option(p)
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
        p.add_argument("--GWh", type=_finite_positive, help="exposure in GWh of beam energy")
        p.add_argument("--pot", type=_finite_positive, help="exposure in protons on target")
        p.add_argument("--bins", type=int, default=50, help="number of spectrum bins (default 50)")
        p.add_argument(
            "--observed",
            action="store_true",
            help="bin in observed energy (keVee) with the detector response",
        )
        p.add_argument("--distance", type=_finite_positive, metavar="M", help="baseline in m")
        p.add_argument("--threshold-keV", type=float, metavar="T", help="recoil threshold in keV")
        _add_channel_option(p)
        if not compare:
            p.add_argument(
                "--timing-split",
                action="store_true",
                help="counts per flavor in the prompt and delayed time windows",
            )
        _add_physics_options(p)
        _add_output_options(p)
        p.set_defaults(func=cmd_compare if compare else cmd_rate)

    add_inference_commands(sub)
    add_nucleus_command(sub)
    add_inelastic_command(sub)
    add_supernova_commands(sub)
    add_kdar_command(sub)

    p = sub.add_parser(
        "parameters", help="the parameter table: names, units and Standard-Model values"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_parameters)

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
    except (ValueError, OSError, ConvergenceError) as err:
        print(f"cevns {args.command}: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
