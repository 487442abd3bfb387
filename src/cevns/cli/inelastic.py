"""The ``cevns inelastic`` command: allowed-approximation CC/NC cross sections and the Skyrme
HF + RPA multipole model (CC), the measured vs predicted table, rates and sampled events. No
physics here: parsing, calls into :mod:`cevns.xsec.inelastic`, output."""

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
from ..xsec.inelastic.measurements import DAR_SPECTRA, RPA_GT_QUENCHING, comparison_table
from ..xsec.inelastic.multipole import MultipoleCrossSection
from .options import add_progress_option, show_progress

EPILOG = """examples:
  cevns inelastic --list
  cevns inelastic --table                      measured vs predicted flux-averaged cross sections
  cevns inelastic --table --json
  cevns inelastic nue-40Ar-cc --energy 20 --energy 30 --levels
  cevns inelastic nue-12C-cc --flux-average --json
  cevns inelastic --target 12C --channel nc --energy 40
  cevns inelastic nue-40Ar-cc --experiment CENNS750 --per year --sample 100000 --output ev.csv
  cevns inelastic --marley ve40ArCC.react --energy 30
  cevns inelastic --model rpa --target 40Ar --energy 30 --energy 50 --flux-average
  cevns inelastic --model rpa --target 40Ar --flavor nuebar --quenching 0.64 --json
  cevns inelastic --model rpa --target 40Ar --energy 40 --levels --json   with dσ/dω
  cevns inelastic --table --model rpa          adds the Skyrme HF + RPA columns (minutes once)"""


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


def _print_table(rows, rpa: bool = False) -> None:
    def value(x):
        return f"{x / 1e-42:.2f}" if x is not None else "—"

    print("Flux-averaged cross sections at stopped-pion sources (1e-42 cm^2)")
    head = f"{'reaction':28s} {'experiment':10s} {'measured':>16s} {'predicted':>10s} {'ratio':>6s}"
    print(head + (f" {'RPA':>9s} {'RPA q':>9s}" if rpa else ""))
    for r in rows:
        meas = "—"
        if r.measured_cm2 is not None:
            meas = f"{r.measured_cm2 / 1e-42:.1f} ± {r.measured_uncertainty_cm2 / 1e-42:.1f}"
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "—"
        line = f"{r.reaction:28s} {r.experiment:10s} {meas:>16s} {value(r.predicted_cm2):>10s}"
        line += f" {ratio:>6s}"
        if rpa:
            line += f" {value(r.rpa_cm2):>9s} {value(r.rpa_quenched_cm2):>9s}"
        print(line)
    print("\nratio = measured / predicted; prediction: allowed approximation (Fermi + GT)")
    if rpa:
        print(
            "RPA: Skyrme (SLy4) Hartree-Fock + RPA, all multipoles, free g_A; RPA q: "
            f"Gamow-Teller strength x {RPA_GT_QUENCHING}"
        )
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
        rows = comparison_table(coulomb=args.coulomb, rpa=args.model == "rpa")
        if args.json:
            print(write_json([r.to_dict() for r in rows]))
        else:
            _print_table(rows, rpa=args.model == "rpa")
        return
    if args.model == "rpa":
        _rpa(args)
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


def _rpa(args) -> None:
    """``--model rpa``: σ(E) and decay-at-rest averages of the Skyrme HF + RPA model."""
    if not args.target or args.marley or args.reaction:
        raise CevnsInputError(
            "--model rpa takes --target ISOTOPE (e.g. 40Ar), --channel (cc or nc) and --flavor "
            "(nue, numu, nuebar, numubar, and for nc nutau, nutaubar; default nue)"
        )
    if args.experiment:
        raise CevnsInputError("--model rpa gives cross sections; rates use the allowed model")
    from tqdm.auto import tqdm

    show = show_progress(args)
    hidden = None if show is None else not show
    with tqdm(total=1, desc="RPA response (once per nucleus)", disable=hidden, leave=False) as bar:

        def progress(done, total):
            bar.total = total
            bar.n = done
            bar.refresh()

        xs = MultipoleCrossSection(
            args.target,
            args.flavor or "nue",
            gt_quenching=args.quenching,
            coulomb=args.coulomb,
            channel=args.channel,
            progress=progress,
        )
    out = {
        "target": args.target,
        "flavor": xs.flavor,
        "model": "Skyrme Hartree-Fock + RPA, all multipoles",
        "channel": xs.channel,
        "response": xs.response.to_dict(),
        "gt_quenching": xs.gt_quenching,
        "shift_MeV": xs.shift_MeV,
        "shift": xs.shift_source,
        "threshold_MeV": xs.threshold,
    }
    energies = np.array(args.energy or [], dtype=float)
    if energies.size:
        if np.any(~np.isfinite(energies)) or np.any(energies <= 0):
            raise CevnsInputError("--energy must be positive (MeV)")
        out["energies_MeV"] = energies
        out["sigma_cm2"] = xs(energies)
        if args.levels:  # dσ/dω per energy, on the model's bins of lepton energy transfer
            out["omega_MeV"] = xs.omega
            out["dsigma_domega_cm2_per_MeV"] = [xs.differential(E)[1] for E in energies]
    if args.flux_average:
        from ..constants import kaon_dar_numu_energy
        from ..sources.spectra import LineSpectrum
        from ..sources.supernova import supernova_model

        averages = {}
        if xs.flavor in DAR_SPECTRA:
            averages["decay-at-rest"] = xs.flux_average(DAR_SPECTRA[xs.flavor]())
        if xs.flavor == "numu":
            averages["kaon decay at rest"] = xs.flux_average(LineSpectrum(kaon_dar_numu_energy()))
        pinched = supernova_model("standard").parameters(xs.flavor).spectrum()
        averages["supernova (standard pinched)"] = xs.flux_average(pinched)
        out["flux_averaged_cm2"] = averages
    if args.json:
        print(write_json(out))
        return
    r = out["response"]
    print(f"{xs.flavor} {xs.channel.upper()} on {args.target}: Skyrme ({r['skyrme']}) "
          "Hartree-Fock + RPA, J <= "
          f"{r['j_max']}, free g_A, Gamow-Teller strength x {xs.gt_quenching}")  # fmt: skip
    if xs.channel == "nc":
        print(f"  Gamow-Teller (sigma t3) strength of the excited states: "
              f"{r['gamow_teller_strength']:.4f}")  # fmt: skip
    else:
        print(f"  sum rules: Fermi {r['fermi_sum_rule']:.4f}, Ikeda {r['ikeda_sum_rule']:.4f}")
    why = {
        "final ground state": "the lowest state put at the final nucleus's ground state",
        "none": "the final nucleus's mass is not packaged",
        "neutral current": "neutral current: model energies",
        "given": "as given",
    }[xs.shift_source]
    print(f"  energies shifted by {xs.shift_MeV:+.3f} MeV ({why}); threshold "
          f"{xs.threshold:.3f} MeV")  # fmt: skip
    for E, sigma in zip(energies, out.get("sigma_cm2", []), strict=False):
        print(f"  E = {E:8.3f} MeV  sigma = {sigma:.4e} cm^2")
    for source, value in out.get("flux_averaged_cm2", {}).items():
        print(f"  <sigma> over the {source} {xs.flavor} spectrum: {value:.4g} cm^2")


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
    p.add_argument(
        "--model",
        default="allowed",
        choices=("allowed", "rpa"),
        help="allowed approximation (default) or Skyrme HF + RPA with all multipoles (CC)",
    )
    p.add_argument("--table", action="store_true", help="measured vs predicted DAR cross sections")
    p.add_argument("--target", help="choose the reaction by target isotope, e.g. 40Ar")
    p.add_argument("--channel", default="cc", choices=("cc", "nc"), help="with --target")
    p.add_argument("--flavor", help="with --target: the neutrino flavor, e.g. nue")
    p.add_argument("--marley", metavar="FILE", help="read the reaction from a MARLEY .react file")
    p.add_argument("--energy", type=float, action="append", metavar="E", help="MeV (repeat)")
    p.add_argument(
        "--levels",
        action="store_true",
        help="also give each level's cross section (with --model rpa: dσ/dω per energy)",
    )
    p.add_argument(
        "--flux-average", action="store_true", help="average over the decay-at-rest spectra"
    )
    p.add_argument(
        "--coulomb", default="auto", choices=COULOMB_MODELS, help="Coulomb correction (CC)"
    )
    p.add_argument(
        "--quenching",
        type=float,
        default=1.0,
        help="factor on every B(GT); with --model rpa on the 0+, 1+ axial strength (default 1)",
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
