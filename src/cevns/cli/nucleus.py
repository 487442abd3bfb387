"""The ``cevns nucleus`` command: a Skyrme Hartree-Fock ground state (levels, radii, densities,
form factors, and PVES where a measurement exists). No physics here: parsing, calls into
:mod:`cevns.nuclear.skyrme`, :mod:`cevns.nuclear.pves`, output."""

from __future__ import annotations

import argparse

import numpy as np

from ..constants import HBARC_MEV_FM
from ..errors import CevnsInputError
from ..nuclear.pves import PVES_MEASUREMENTS, hartree_fock_prediction, tree_level_weak_charges
from ..nuclear.skyrme.formfactors import form_factor_table
from ..nuclear.skyrme.parameters import skyrme_sets
from ..nuclear.skyrme.store import hartree_fock
from ..nuclei import ELEMENT_SYMBOLS, isotope, nuclide
from ..results import write_csv, write_json
from .options import add_progress_option, show_progress, skyrme_option

EPILOG_NUCLEUS = f"""Skyrme sets: {", ".join(skyrme_sets())} (SkM* = SkMs), or a TOML file of
parameters (keys as cevns.nuclear.skyrme.parameters.SkyrmeParameters). Results are cached on disk
($CEVNS_CACHE_DIR or ~/.cache/cevns), so a second run is instant.
examples:
  cevns nucleus 40Ar --skyrme SLy4
  cevns nucleus 208Pb --skyrme SkMs --json
  cevns nucleus 48Ca --plot ca48.png --csv ca48_densities.csv
  cevns nucleus 132Sn --skyrme my_set.toml --q-fm 0.5 --q-fm 1.0"""

_DEFAULT_Q_FM = np.round(np.arange(0.0, 3.01, 0.25), 2)


def _solve(Z: int, N: int, skyrme, name: str, show: bool | None):
    from tqdm.auto import tqdm

    bar = None

    def progress(iteration: int, residual: float) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(
                desc=f"Hartree-Fock {name}",
                unit=" it",
                leave=False,
                disable=None if show is None else not show,
            )
        bar.update(1)
        bar.set_postfix_str(f"change {residual:.2g} MeV")

    try:
        return hartree_fock(Z, N, skyrme, progress=progress)
    finally:
        if bar is not None:
            bar.close()


def _measured_charge_radius(name: str) -> float | None:
    try:
        radius = isotope(name).charge_radius_fm
    except ValueError:
        return None
    return float(radius) if np.isfinite(radius) else None


def nucleus_report(result, q_fm) -> dict:
    """Everything ``cevns nucleus`` prints about an HF ``result``, as a dictionary."""
    Z, N = result.Z, result.N
    label = f"{Z + N}{ELEMENT_SYMBOLS[Z - 1]}"
    q_fm = np.asarray(q_fm, dtype=float)
    charges = tree_level_weak_charges()
    table = form_factor_table(result, q_fm * HBARC_MEV_FM, charges)
    report = {"nucleus": label, **result.to_dict()}
    report["measured_charge_radius_fm"] = _measured_charge_radius(label)
    report.update(
        {
            "form_factors": {"q_fm": q_fm, "weak_charges": charges, **table},
            "pves": [
                hartree_fock_prediction(m, result.parameters).to_dict()
                for m in PVES_MEASUREMENTS.values()
                if nuclide(m.nucleus) == (Z, N)
            ],
        }
    )
    return report


def _print_report(rep: dict) -> None:
    print(
        f"{rep['nucleus']} (Z={rep['Z']}, N={rep['N']}), Skyrme {rep['skyrme']}: converged in "
        f"{rep['iterations']} iterations (last change {rep['residual_MeV']:.1e} MeV)"
    )
    terms = rep["energy_terms_MeV"]
    extras = [
        f"{label} {terms[key]:.3f} MeV"
        for key, label in (("centre_of_mass", "two-body c.m."), ("pairing", "pairing"))
        if key in terms
    ]
    print(
        f"total energy {rep['total_energy_MeV']:.3f} MeV, "
        f"B/A {rep['binding_energy_per_nucleon_MeV']:.4f} MeV"
        + (f" (includes {', '.join(extras)})" if extras else "")
    )
    measured = rep["measured_charge_radius_fm"]
    charge = f"{rep['rms_radius_charge_fm']:.4f}" + (
        f" (measured {measured:.4f})" if measured is not None else ""
    )
    print(
        f"rms radii [fm]: proton {rep['rms_radius_proton_fm']:.4f}, neutron "
        f"{rep['rms_radius_neutron_fm']:.4f}, matter {rep['rms_radius_matter_fm']:.4f}, charge "
        f"{charge}; neutron skin {rep['neutron_skin_fm']:.4f}"
    )
    print("\nsingle-particle levels (BCS occupations where a shell is partly filled):")
    print(f"  {'':8s} {'level':7s} {'energy [MeV]':>12s} {'occupation':>10s}")
    for lv in rep["levels"]:
        print(
            f"  {lv['kind']:8s} {lv['label']:7s} {lv['energy_MeV']:12.3f} {lv['occupation']:10.3g}"
        )
    ff = rep["form_factors"]
    print("\nform factors (point nucleons; F_ch and F_W with Galster nucleon form factors):")
    print(f"  {'q [1/fm]':>8s} {'F_p':>9s} {'F_n':>9s} {'F_ch':>9s} {'F_W':>9s}")
    for i, q in enumerate(ff["q_fm"]):
        print(
            f"  {q:8.3f} {ff['proton_point'][i]:9.5f} {ff['neutron_point'][i]:9.5f} "
            f"{ff['charge'][i]:9.5f} {ff['weak'][i]:9.5f}"
        )
    for p in rep["pves"]:
        print(
            f"\n{p['measurement']} at q = {p['q_fm']:.4f}/fm: F_W = {p['weak_form_factor']:.4f} "
            f"(measured {p['measured_weak_form_factor']:.4f} ± {p['measured_error']:.4f}, "
            f"{p['pull']:+.1f} sigma); F_ch = {p['charge_form_factor']:.4f}; "
            f"Born A_PV = {p['born_asymmetry_ppb']:.0f} ppb (no Coulomb distortion)"
        )


def cmd_nucleus(args) -> None:
    q_fm = _DEFAULT_Q_FM if not args.q_fm else np.asarray(args.q_fm, dtype=float)
    if np.any(q_fm < 0) or not np.all(np.isfinite(q_fm)):
        raise CevnsInputError("--q-fm must be finite and non-negative")
    Z, N = nuclide(args.nucleus)
    result = _solve(Z, N, skyrme_option(args.skyrme), args.nucleus, show_progress(args))
    rep = nucleus_report(result, q_fm)
    if args.json:
        print(write_json(rep))
    else:
        _print_report(rep)
    if args.csv:
        d = rep["densities"]
        write_csv(args.csv, {k: d[k] for k in ("r_fm", "rho_p_fm3", "rho_n_fm3")})
    if args.plot:
        _plot(result, rep, args.plot)


def _plot(result, rep: dict, path: str) -> None:
    from ..plotting.figures import plot_nucleus, save

    q = np.linspace(0.0, max(3.0, float(np.max(rep["form_factors"]["q_fm"]))), 301)
    dense = form_factor_table(result, q * HBARC_MEV_FM, tree_level_weak_charges())
    axes = plot_nucleus(
        result.r_fm,
        {"protons": result.rho_p, "neutrons": result.rho_n},
        q,
        {
            r"$F_p$ (point)": dense["proton_point"],
            r"$F_n$ (point)": dense["neutron_point"],
            r"$F_{ch}$": dense["charge"],
            r"$F_W$": dense["weak"],
        },
        title=f"{rep['nucleus']}, Skyrme {rep['skyrme']} Hartree-Fock",
    )
    save(axes[0], path)


def add_command(sub) -> None:
    """Add ``nucleus`` to the ``cevns`` sub-command parser."""
    p = sub.add_parser(
        "nucleus",
        help="Skyrme Hartree-Fock ground state: levels, radii, densities, form factors",
        epilog=EPILOG_NUCLEUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("nucleus", help="nuclide, e.g. 40Ar, 208Pb, Sn-132")
    p.add_argument(
        "--skyrme", default="SLy4", help="Skyrme set name or TOML parameter file (default SLy4)"
    )
    p.add_argument(
        "--q-fm",
        type=float,
        action="append",
        metavar="Q",
        help="momentum transfer in 1/fm for the form-factor table (repeat; default 0-3)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_progress_option(p)
    p.add_argument("--plot", metavar="FILE", help="densities and form factors (png, pdf, svg)")
    p.add_argument("--csv", metavar="FILE", help="write the radial densities as CSV")
    p.set_defaults(func=cmd_nucleus)
