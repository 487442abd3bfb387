"""The ``cevns alp`` command: axion-like particles from the photons of a beam dump, their
events in an experiment's detector and the reach in (m_a, g_aγγ). No physics here
(:mod:`cevns.sources.alp`, :mod:`cevns.xsec.alp`, :mod:`cevns.rates.alp`,
:mod:`cevns.inference.alp`)."""

from __future__ import annotations

import argparse

from ..alp import AxionLikeParticle
from ..detectors import experiment
from ..errors import CevnsInputError
from ..rates.exposure import Exposure
from ..results import write_csv
from ..sources.alp import TARGET_ELEMENTS, meson_photons
from .options import add_output_options, finite_positive, parse_log_axis, print_json

EPILOG = """examples:
  cevns alp CCM                                    # reach in (m_a, g_aγγ), 3 beam years
  cevns alp CCM --mass 10 --coupling 1e-5 --json   # events at one point
  cevns alp CENNS750 --background 50 --exposure "5 year" --plot alp.png
The photons are the π0 → γγ photons of the facility's π0 yield at rest (an assumption; other
photons of the showers are left out, so the reach is conservative); they convert on the
facility's target element (--target to change it)."""


def cmd_alp(args) -> None:
    exp = experiment(args.experiment)
    source = exp.source
    if not hasattr(source, "protons_per_second"):
        raise CevnsInputError(f"{exp.name} has no proton beam: ALPs need a beam dump")
    target = args.target or getattr(source, "target_element", "")
    if not target:
        raise CevnsInputError(
            f"the source {source.name} states no target element: give --target "
            f"({', '.join(TARGET_ELEMENTS)})"
        )
    yields = {"pi0": args.pi0_per_pot} if args.pi0_per_pot else source.meson_yields
    if not yields:
        raise CevnsInputError(f"the source {source.name} has no π0 yield: give --pi0-per-pot N")
    photons = meson_photons(yields)
    exposure = Exposure.parse(args.exposure)
    pot = exposure.seconds(source) * source.protons_per_second
    assumptions = {
        "photons": "pi0 -> gamma gamma at rest",
        "mesons_per_pot": yields,
        "target_element": target,
        "exposure": args.exposure,
        "efficiency": args.efficiency,
    }
    if (args.mass is None) != (args.coupling is None):
        raise CevnsInputError("give both --mass and --coupling for one point, or neither")
    if args.mass is not None:
        from ..rates.alp import alp_events

        alp = AxionLikeParticle(args.mass, args.coupling)
        events = alp_events(
            alp, photons, target, exp.detector, exp.distance_m, pot, args.efficiency, exp.name
        )
        out = {**events.to_dict(), "assumptions": assumptions}
        if args.json:
            print_json(out)
            return
        print(f"{exp.name}: ALP {alp.mass_MeV:g} MeV, g_aγγ = {alp.g_agg_per_GeV:g} /GeV, "
              f"{pot:.3g} POT ({args.exposure})")  # fmt: skip
        print(f"  ALPs per POT from the {target} target: {events.alps_per_pot:.4g}")
        print(f"  inverse Primakoff events: {events.scattering:.4g}")
        print(f"  decays in the detector:   {events.decays:.4g}")
        return
    from ..inference.alp import alp_sensitivity

    result = alp_sensitivity(
        exp,
        parse_log_axis(args.masses, "--masses", 1000),
        parse_log_axis(args.couplings, "--couplings", 1000),
        pot,
        photons,
        target,
        args.background,
        args.efficiency,
        assumptions,
    )
    if args.csv:
        write_csv(args.csv, result.table(), f"{exp.name}: ALP reach (expected 90 % CL)")
    if args.plot:
        from ..plotting.figures import save

        save(result.plot(), args.plot)
    if args.json:
        print_json(result.to_dict())
        return
    print(f"{exp.name}: expected 90 % CL reach, {pot:.3g} POT ({args.exposure}), "
          f"{args.background:g} background events (s_90 = {result.signal_90:.3g})")  # fmt: skip
    print(f"  {'m_a [MeV]':>10s} {'g lower [1/GeV]':>16s} {'g upper [1/GeV]':>16s}")
    for m, lo, hi in zip(result.masses_MeV, result.lower, result.upper, strict=True):
        print(f"  {m:10.3g} {lo:16.3g} {hi:16.3g}")


def add_command(sub) -> None:
    p = sub.add_parser(
        "alp",
        help="axion-like particles from a beam dump: events and reach in (m_a, g_aγγ)",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("experiment", help="experiment preset with a proton beam (cevns experiments)")
    p.add_argument("--mass", type=finite_positive, metavar="MEV", help="one ALP mass")
    p.add_argument("--coupling", type=finite_positive, metavar="G", help="g_aγγ in 1/GeV")
    p.add_argument("--masses", default="0.01:100:40", metavar="LO:HI:N", help="mass grid (MeV)")
    p.add_argument(
        "--couplings", default="1e-8:1e-1:80", metavar="LO:HI:N", help="g_aγγ grid (1/GeV)"
    )
    p.add_argument("--exposure", default="3 year", help="beam exposure (default '3 year')")
    p.add_argument("--background", type=float, default=0.0, help="background events")
    p.add_argument("--efficiency", type=float, default=1.0, help="signal efficiency (0-1]")
    p.add_argument("--target", choices=sorted(TARGET_ELEMENTS), help="beam-target element")
    p.add_argument("--pi0-per-pot", type=finite_positive, metavar="N", help="π0 per POT")
    add_output_options(p)
    p.set_defaults(func=cmd_alp)
