"""The ``cevns darkmatter`` command: dark matter from π0 decays at a beam dump, its flux at an
experiment's detector and its nuclear-recoil spectrum next to the CEvNS one. No physics here
(:mod:`cevns.sources.darksector`, :mod:`cevns.xsec.darkmatter`, the rate engine)."""

from __future__ import annotations

import argparse

import numpy as np

from ..darksector import DM_SPINS, MEDIATORS, DarkSector, load_dark_model
from ..detectors import experiment
from ..errors import CevnsInputError
from ..inference.releases import DATA_DIR_VARIABLE, DATASETS
from ..inference.sensitivity import SENSITIVITY_EXPERIMENTS
from ..rates.engine import RateCalculator
from ..results import write_csv
from ..sources.darksector import MesonSample, dm_flux_monte_carlo, read_meson_list
from .options import (
    add_output_options,
    add_progress_option,
    finite_positive,
    parse_log_axis,
    print_json,
    show_progress,
)

EPILOG = f"""examples:
  cevns darkmatter COHERENT-CsI --mediator-mass 30 --dm-mass 10
  cevns darkmatter CENNS750 --mediator-mass 75 --dm-mass 25 --epsilon 1e-4 \\
        --mesons pi0_sns.csv --json
  cevns darkmatter coherent-csi-2021 --limit --data-dir releases/ --plot limit.png
  cevns darkmatter CCM --limit --masses 2:40:30 --csv ccm.csv
π0 decay at rest uses the facility's π0 per proton on target (an assumption for every
facility, see `cevns experiments`), or --pi0-at-rest N; --mesons takes your simulation's
four-momenta (E,px,py,pz,weight CSV). --limit scans (m_χ, Y) on a data set
({", ".join(DATASETS)}; release folder from --data-dir or ${DATA_DIR_VARIABLE}) or on the
Asimov analysis of an argon preset ({", ".join(SENSITIVITY_EXPERIMENTS)}), with CEvNS as a
profiled background, and gives the 90 % CL limit and the scalar thermal-relic target."""


_DEFAULTS = {
    "mediator": "dark_photon",
    "epsilon": 1e-4,
    "alpha_dark": 0.5,
    "dm_spin": "scalar",
    "mass_ratio": 3.0,
}


def _apply_model_file(args) -> None:
    """Fill the dark-sector options not given on the command line from --dark-model FILE,
    then from the defaults."""
    values = load_dark_model(args.dark_model) if args.dark_model else {}
    names = {"mediator_mass_MeV": "mediator_mass", "dm_mass_MeV": "dm_mass"}
    for key, value in values.items():
        dest = names.get(key, key)
        if getattr(args, dest, None) is None:
            setattr(args, dest, value)
    for dest, value in _DEFAULTS.items():
        if getattr(args, dest) is None:
            setattr(args, dest, value)


def cmd_darkmatter(args) -> None:
    _apply_model_file(args)
    if args.limit:
        return _cmd_limit(args)
    if args.mediator_mass is None or args.dm_mass is None:
        raise CevnsInputError("give --mediator-mass and --dm-mass (MeV), or --limit for a scan")
    if args.pi0_at_rest is not None and args.mesons is not None:
        raise CevnsInputError("give one π0 source: --pi0-at-rest N (per POT) or --mesons FILE")
    exp = experiment(args.experiment)
    source = exp.source
    if not hasattr(source, "protons_per_second"):
        raise CevnsInputError(f"{exp.name} has no proton beam: dark matter needs a beam dump")
    if args.mediator == "baryonic":
        if args.alpha_baryon is None:
            raise CevnsInputError("a baryonic mediator needs --alpha-baryon (g_B²/4π)")
        dark = DarkSector.baryonic(
            args.mediator_mass, args.dm_mass, args.alpha_baryon, args.alpha_dark, args.dm_spin
        )
    else:
        dark = DarkSector(
            args.mediator_mass, args.dm_mass, args.epsilon, args.alpha_dark, args.dm_spin
        )
    if args.mesons is not None:
        mesons = read_meson_list(args.mesons, "pi0")
    else:
        mesons = MesonSample.at_rest("pi0", _pi0_per_pot(args, source))
    if not 0 < args.cone_deg < 45:
        raise CevnsInputError(f"--cone-deg must lie between 0 and 45 degrees, got {args.cone_deg}")
    cone = np.tan(np.radians(args.cone_deg)) * exp.distance_m
    chi = dm_flux_monte_carlo(
        mesons, dark, exp.distance_m, cone, args.off_axis_deg, args.decays, args.random_state
    )
    flux = chi.flux(source.protons_per_second, source.timing)
    edges = np.linspace(args.threshold_keV, args.max_keV, args.bins + 1)
    # on electrons the neutrino background is ν-e elastic scattering, on nuclei CEvNS
    cevns_calc = RateCalculator.for_experiment(
        exp, channel="electron" if args.electrons else "nuclear"
    )
    channel = "darkmatter_electron" if args.electrons else "darkmatter"
    dm = RateCalculator(
        flux, exp.detector, cevns_calc.form_factor, cevns_calc.model, exp.time_window_ns,
        source, exp.name, channel, exp.distance_m, dark=dark,
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
        "neutrino_process": "neutrino-electron elastic" if args.electrons else "CEvNS",
        "neutrino_events": cevns_bins,
        "dark_matter_total": float(dm_bins.sum()),
        "neutrino_total": float(cevns_bins.sum()),
        "monte_carlo": {"decays_per_meson": args.decays, "random_state": args.random_state},
    }
    if args.csv:
        write_csv(
            args.csv,
            {
                "recoil_low_keV": edges[:-1],
                "recoil_high_keV": edges[1:],
                "dark_matter_events": dm_bins,
                "neutrino_events": cevns_bins,
            },
            f"{exp.name}: dark matter and CEvNS recoils per {args.exposure}",
        )
    if args.plot:
        _plot_spectra(args.plot, exp, edges, dm_bins, cevns_bins, flux, cevns_calc, args)
    if args.json:
        print_json(out)
        return
    if dark.mediator == "baryonic":
        coupling = f"α_B = {dark.alpha_baryon:g}"
    else:
        coupling = f"ε = {dark.epsilon:g}"
    print(
        f"{exp.name}: {dark.mediator.replace('_', ' ')} {dark.mediator_mass_MeV:g} MeV "
        f"({coupling}), {dark.dm_spin} χ {dark.dm_mass_MeV:g} MeV, "
        f"α_D = {dark.alpha_dark:g} (Y = {dark.yield_variable:.3g})"
    )
    print(f"  χ flux at the detector: {out['chi_flux_per_cm2_s']:.4g} /cm²/s")
    label = "ν-e" if args.electrons else "CEvNS"
    print(f"  {'recoil [keV]':>16s} {'dark matter':>12s} {label:>12s}  per {args.exposure}")
    for lo, hi, a, b in zip(edges[:-1], edges[1:], dm_bins, cevns_bins, strict=True):
        print(f"  {lo:7.2f}-{hi:<8.2f} {a:12.4g} {b:12.4g}")
    print(f"  {'total':>16s} {out['dark_matter_total']:12.4g} {out['neutrino_total']:12.4g}")


def _plot_spectra(path, exp, edges, dm_bins, cevns_bins, flux, cevns_calc, args) -> None:
    """Recoil spectra, and the arrival times of the χ (pulse ⊗ flight delays) against the
    CEvNS prompt (ν_μ) and delayed (ν_e, ν̄_μ) neutrinos, each scaled to its events."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from ..plotting.figures import plot_dark_matter_recoils, plot_dark_matter_timing

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.4), constrained_layout=True)
    plot_dark_matter_recoils(edges, dm_bins, cevns_bins, exp.name, left)
    neutrinos = cevns_calc.binned(edges, args.exposure).per_flavor
    timing = cevns_calc.flux.timing
    t = np.linspace(-1000.0, 6000.0, 1401)
    label = "ν-e" if args.electrons else "CEvNS"
    curves = {"dark matter (χ)": dm_bins.sum() * flux.timing.pdf("prompt", t) * 1e3}
    prompt = sum(v.sum() for f, v in neutrinos.items() if f == "numu")
    delayed = sum(v.sum() for f, v in neutrinos.items() if f != "numu")
    curves[f"{label} prompt (ν_μ)"] = prompt * timing.pdf("prompt", t) * 1e3
    curves[f"{label} delayed (ν_e, ν̄_μ)"] = delayed * timing.pdf("delayed", t) * 1e3
    plot_dark_matter_timing(t, curves, f"per {args.exposure}", right)
    fig.savefig(path, dpi=150)
    plt.close(fig)


def _pi0_per_pot(args, source) -> float:
    if args.pi0_at_rest is not None:
        return args.pi0_at_rest
    yields = getattr(source, "meson_yields", {})
    if "pi0" not in yields:
        raise CevnsInputError(
            f"the source {source.name} has no π0 yield: give --pi0-at-rest N (π0 per POT) or "
            "--mesons FILE"
        )
    return yields["pi0"]


def _limit_analysis(args):
    from ..inference.datasets import load_analysis
    from ..inference.releases import DATASETS
    from ..inference.sensitivity import SENSITIVITY_EXPERIMENTS, asimov_analysis

    if args.experiment in DATASETS:
        return load_analysis(args.experiment, args.data_dir)
    for name in SENSITIVITY_EXPERIMENTS:
        if args.experiment.lower() == name.lower():
            return asimov_analysis(name)
    raise CevnsInputError(
        f"--limit needs a data set ({', '.join(DATASETS)}) or an argon preset for an Asimov "
        f"sensitivity ({', '.join(SENSITIVITY_EXPERIMENTS)}), got {args.experiment!r}"
    )


def _relic_line(masses: np.ndarray, ratio: float, alpha_dark: float) -> np.ndarray:
    """The scalar relic Y at ``masses`` (NaN above the π⁺π⁻ threshold), computed at up to
    16 masses and interpolated in log-log (the line is smooth, close to ∝ m²)."""
    from ..constants import CHARGED_PION_MASS
    from ..relic import relic_yield

    out = np.full(masses.size, np.nan)
    ok = masses < CHARGED_PION_MASS
    if not ok.any():
        return out
    lo, hi = masses[ok].min(), masses[ok].max()
    nodes = np.geomspace(lo, hi, min(16, int(ok.sum()))) if hi > lo else np.array([lo])
    values = np.array([relic_yield(m, ratio, alpha_dark) for m in nodes])
    if nodes.size == 1:
        out[ok] = values[0]
    else:
        out[ok] = np.exp(np.interp(np.log(masses[ok]), np.log(nodes), np.log(values)))
    return out


def _cmd_limit(args) -> None:
    from ..inference.darkmatter import DarkMatterSearch

    masses = parse_log_axis(args.masses, "--masses", 400)
    yields = parse_log_axis(args.yields, "--yields", 400)
    analysis = _limit_analysis(args)
    mesons = None if args.pi0_at_rest is None else {"pi0": args.pi0_at_rest}
    search = DarkMatterSearch(
        analysis,
        mesons,
        args.meson_uncertainty,
        args.mass_ratio,
        args.alpha_dark,
        args.dm_spin,
        args.mediator,
    )
    limit = search.scan(masses, yields, progress=show_progress(args))
    relic = None
    if args.dm_spin == "scalar" and args.mediator == "dark_photon":
        relic = _relic_line(masses, args.mass_ratio, args.alpha_dark)
    out = limit.to_dict()
    out["mesons_per_pot"] = search.mesons_per_pot
    out["meson_uncertainty"] = args.meson_uncertainty
    if relic is not None:
        out["relic_yield"] = [None if not np.isfinite(v) else float(v) for v in relic]
        reach = _alpha_dark_reach(limit.limit, relic, args.alpha_dark)
        out["alpha_dark_excluding_relic"] = reach
    table = limit.table()
    if relic is not None:
        table["relic_yield"] = relic
    if args.csv:
        write_csv(args.csv, table, f"{analysis.name}: 90 % CL dark-matter limit (raster)")
    if args.plot:
        from ..plotting.figures import save

        save(limit.plot(relic=None if relic is None else (masses, relic)), args.plot)
    if args.json:
        print_json(out)
        return
    print(
        f"{analysis.name}: 90 % CL limit on Y, {args.dm_spin} χ, m_V = {args.mass_ratio:g} m_χ, "
        f"α_D = {args.alpha_dark:g}, π0 per POT {search.mesons_per_pot}"
    )
    coupling, values = limit.coupling_limit
    label = {"epsilon": "ε limit", "alpha_baryon": "α_B limit"}[coupling]
    print(f"  {'m_χ [MeV]':>10s} {'Y limit':>11s} {label:>11s} {'relic Y':>11s}")
    for i, m in enumerate(masses):
        r = relic[i] if relic is not None else np.nan
        print(f"  {m:10.3g} {limit.limit[i]:11.3g} {values[i]:11.3g} {r:11.3g}")
    if relic is not None and out["alpha_dark_excluding_relic"] is not None:
        reach = out["alpha_dark_excluding_relic"]
        print(
            f"  the relic target is excluded for α_D < {reach['alpha_dark']:.3g} "
            f"(best at m_χ = {masses[reach['index']]:.3g} MeV)"
        )


def _alpha_dark_reach(limit: np.ndarray, relic: np.ndarray, alpha_dark: float):
    """The largest α_D for which the limit excludes the relic target at some mass: at fixed
    Y the χ count goes as Y²/α_D, so the limit scales as sqrt(α_D) while the relic Y does not:
    α_D,max = α_D (Y_relic / Y_limit)², maximised over the masses."""
    ratio = relic / limit
    if not np.any(np.isfinite(ratio)):
        return None
    i = int(np.nanargmax(ratio))
    return {"alpha_dark": float(alpha_dark * ratio[i] ** 2), "index": i}


def add_command(sub) -> None:
    p = sub.add_parser(
        "darkmatter",
        help="dark matter from π0 decays at a beam dump: flux and recoils next to CEvNS",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "experiment",
        help="experiment preset with a proton beam (cevns experiments); with --limit a data "
        "set or an argon preset",
    )
    p.add_argument("--mediator-mass", type=finite_positive, metavar="MEV")
    p.add_argument("--dm-mass", type=finite_positive, metavar="MEV")
    p.add_argument(
        "--dark-model",
        metavar="FILE",
        help="dark-sector model file (TOML; options given here take precedence)",
    )
    p.add_argument("--mediator", choices=MEDIATORS, help="dark_photon (default) or baryonic")
    p.add_argument("--epsilon", type=finite_positive, help="kinetic mixing (default 1e-4)")
    p.add_argument(
        "--alpha-baryon", type=finite_positive, metavar="A", help="α_B of a baryonic mediator"
    )
    p.add_argument("--alpha-dark", type=finite_positive, help="α_D (default 0.5)")
    p.add_argument("--dm-spin", choices=DM_SPINS, help="scalar (default) or fermion")
    p.add_argument(
        "--pi0-at-rest",
        type=finite_positive,
        metavar="N",
        help="π0 per POT, at rest (default: the facility's)",
    )
    p.add_argument("--mesons", metavar="CSV", help="π0 four-momenta: E,px,py,pz,weight (MeV)")
    p.add_argument("--off-axis-deg", type=float, default=90.0, help="detector angle to the beam")
    p.add_argument("--cone-deg", type=finite_positive, default=10.0,
                   help="acceptance cone half-angle of the Monte Carlo (default 10)")  # fmt: skip
    p.add_argument("--decays", type=int, default=20_000, help="decays per meson row")
    p.add_argument(
        "--random-state", type=int, default=0, help="state of the Monte Carlo random generator"
    )
    p.add_argument(
        "--electrons",
        action="store_true",
        help="χ-electron recoils (scalar χ, dark photon), next to ν-e scattering",
    )
    p.add_argument("--threshold-keV", type=float, default=0.0, help="lowest recoil (keV)")
    p.add_argument("--max-keV", type=finite_positive, default=100.0, help="highest recoil (keV)")
    p.add_argument("--bins", type=int, default=20, help="recoil bins")
    p.add_argument("--exposure", default="year", help="exposure (day, year, 1e23 POT, ...)")
    g = p.add_argument_group("limits (--limit)")
    g.add_argument("--limit", action="store_true", help="scan (m_χ, Y): 90 %% CL limit")
    g.add_argument("--data-dir", metavar="DIR", help="release folder of a data set")
    g.add_argument("--masses", default="1:44:40", metavar="LO:HI:N", help="m_χ grid (MeV, log)")
    g.add_argument("--yields", default="1e-13:1e-7:60", metavar="LO:HI:N", help="Y grid (log)")
    g.add_argument("--mass-ratio", type=finite_positive, help="m_V/m_χ (default 3)")
    g.add_argument(
        "--meson-uncertainty", type=float, default=0.10, help="1σ of the π0 yield (default 0.10)"
    )
    add_progress_option(p)
    add_output_options(p)
    p.set_defaults(func=cmd_darkmatter)
