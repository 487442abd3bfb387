"""The ``cevns xsec`` and ``cevns flux`` commands: cross sections and fluxes. No physics."""

from __future__ import annotations

import argparse

import numpy as np

from ..constants import KEV
from ..errors import CevnsInputError
from ..nuclei import material
from ..physics import FLAVORS
from ..rates.engine import flux_averaged_cross_section
from ..results import write_csv
from ..sources.presets import source_preset
from ..xsec.material import material_cross_section
from .options import (
    add_channel_option,
    add_output_options,
    add_physics_options,
    finite_positive,
    form_factor,
    form_factor_label,
    physics_model,
    print_json,
)

EPILOG_XSEC = """examples:
  cevns xsec 40Ar --energy 10 --energy 30 --energy 50
  cevns xsec CsI --flux-average pidar --form-factor klein-nystrand --json
  cevns xsec Ar --plot sigma_ar.png
  cevns xsec 40Ar --energy 30 --recoil-keV 5 --recoil-keV 20 --param mu_nu_mu=1 --json
  cevns xsec Ar --channel electron --energy 30 --flavor nue"""


def cmd_xsec(args) -> None:
    model = physics_model(args)
    ff = form_factor(args)
    mat = material(args.target)
    per = "nucleus" if args.channel == "nuclear" else "atom (all its electrons)"
    if args.flux_average:
        if args.channel != "nuclear" or args.recoil_keV:
            raise CevnsInputError("--flux-average is for the total CEvNS cross section only")
        flux = source_preset("SNS").flux(20.0)
        avg = flux_averaged_cross_section(mat, flux, ff, model)
        out = {
            "target": mat.name,
            "flux": "pion decay at rest (prompt nu_mu, delayed nu_e and anti-nu_mu)",
            "form_factor": form_factor_label(ff),
            "physics_model": model.to_dict(),
            "flux_averaged_cross_section_cm2": avg["average"],
            "flux_averaged_cross_section_per_flavor_cm2": {
                k: v for k, v in avg.items() if k != "average"
            },
            "definition": "flavor-averaged (equal weights) <sigma> per nucleus, averaged over "
            "the nuclei of the target by number",
        }
        if args.json:
            print_json(out)
        else:
            print(f"flux-averaged CEvNS cross section on {mat.name} ({form_factor_label(ff)}):")
            for k, v in out["flux_averaged_cross_section_per_flavor_cm2"].items():
                print(f"  {k:8s} {v:.4e} cm^2")
            print(f"  average  {avg['average']:.4e} cm^2")
        return
    energies = np.asarray(args.energy if args.energy else np.linspace(1.0, 60.0, 60))
    if not np.all(np.isfinite(energies)) or np.any(energies < 0):
        raise CevnsInputError("energies must be finite and >= 0 MeV")
    xs = material_cross_section(mat, ff, model, args.channel)
    out = {
        "target": mat.name,
        "channel": args.channel,
        "form_factor": form_factor_label(ff) if args.channel == "nuclear" else None,
        "flavor": args.flavor,
        "physics_model": model.to_dict(),
        "energy_MeV": energies,
    }
    if args.recoil_keV:
        if not args.energy:
            raise CevnsInputError("--recoil-keV needs the neutrino energy: give --energy")
        T = np.asarray(args.recoil_keV, dtype=float)
        if not np.all(np.isfinite(T)) or np.any(T < 0):
            raise CevnsInputError("recoil energies must be finite and >= 0 keV")
        dsig = xs.dsigma_dT(energies[:, None], T[None, :] * KEV, args.flavor) * KEV
        out["recoil_keV"] = T
        out["dsigma_dT_cm2_per_keV"] = dsig[0] if energies.size == 1 else dsig
        out["definition"] = (
            f"differential cross section per {per} in cm^2/keV; a list over the recoil "
            "energies (one list per neutrino energy when several are given)"
        )
        if args.json:
            print_json(out)
            return
        print(f"dsigma/dT on {mat.name} ({args.channel}, {args.flavor}) [cm^2/keV per {per}]")
        print(f"{'E [MeV]':>9s} {'T [keV]':>10s} {'dsigma/dT':>13s}")
        for i, e in enumerate(energies):
            for j, t in enumerate(T):
                print(f"{e:9.3f} {t:10.4g} {dsig[i, j]:13.4e}")
        return
    t_min = args.recoil_min_keV * KEV
    if model.infrared_divergent and t_min <= 0:
        raise CevnsInputError(
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
        print_json(out)
    else:
        what = "CEvNS" if args.channel == "nuclear" else "neutrino-electron"
        print(f"{what} cross section on {mat.name} per {per}")
        print(f"{'E [MeV]':>10s} {'sigma [cm^2]':>14s}")
        for e, s_ in zip(energies, sigma, strict=True):
            print(f"{e:10.3f} {s_:14.4e}")


def cmd_flux(args) -> None:
    src = source_preset(args.facility)
    if args.distance is None:  # the Sun's flux is at 1 au; beam sources 20 m away
        args.distance = getattr(src, "default_distance_m", 20.0)
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
        if flux.timing is not None:
            plot_timing(flux.timing, ax=a2)
        else:
            a2.set_axis_off()
            a2.text(0.5, 0.5, "no arrival-time model\n(continuous beam)", ha="center")
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
        print_json(out)
        return
    print(f"{src.name}: {src.description}")
    if hasattr(src, "protons_per_second"):
        print(
            f"  {src.proton_energy_GeV:g} GeV protons, {src.power_MW:g} MW, "
            f"{src.protons_per_second:.4g} protons/s, {src.yield_per_proton:g} nu/flavor/proton"
        )
    if hasattr(src, "electrons_per_second"):
        print(
            f"  {src.beam_energy_GeV:g} GeV electrons, {src.electrons_per_second:.4g} "
            f"electrons/s, {src.neutrinos_per_eot_per_m2:g} nu/EOT/m^2 at "
            f"{src.reference_distance_m:g} m"
        )
    print(f"flux at {args.distance:g} m:")
    for r in rows:
        line = f", line at {r['line_MeV'][0]:.3f} MeV" if r["line_MeV"] else ""
        frac = f", {r['fraction_in_window']:.4f} in window" if "fraction_in_window" in r else ""
        timing = f" ({r['timing']})" if r["timing"] else ""
        print(
            f"  {r['flavor']:8s} {r['flux_per_cm2_s']:.4e} nu/cm^2/s, <E> = "
            f"{r['mean_energy_MeV']:.2f} MeV{timing}{line}{frac}"
        )
    print(f"  total    {flux.total_rate():.4e} nu/cm^2/s")


def add_commands(sub) -> None:
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
    add_channel_option(p)
    p.add_argument(
        "--flux-average",
        choices=["pidar"],
        help="average over the pion decay-at-rest flux (three flavors, equal weight)",
    )
    add_physics_options(p)
    add_output_options(p)
    p.set_defaults(func=cmd_xsec)

    p = sub.add_parser("flux", help="neutrino flux and timing of a source preset")
    p.add_argument(
        "facility",
        nargs="?",
        default="SNS",
        metavar="SOURCE",
        help="source preset: a facility or an electron beam dump (default SNS)",
    )
    p.add_argument(
        "--distance",
        type=finite_positive,
        help="distance from the source in m (default 20, or 1 au for the Sun)",
    )
    p.add_argument(
        "--window",
        type=float,
        nargs=2,
        metavar=("T0", "T1"),
        help="arrival-time window in ns after the pulse centre",
    )
    add_output_options(p)
    p.set_defaults(func=cmd_flux)
