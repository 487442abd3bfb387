"""The ``cevns strength`` command: strength functions of the continuum RPA, charge exchange
and neutral current (Fermi, Gamow-Teller, spin dipole, multipoles at a momentum transfer).
No physics here: parsing, a call into :mod:`cevns.nuclear.skyrme.continuum`, output."""

from __future__ import annotations

import argparse

import numpy as np

from ..errors import CevnsInputError
from ..nuclear.skyrme.continuum import OPERATORS, continuum_strength
from ..nuclei import ELEMENT_SYMBOLS, nuclide
from ..results import write_csv, write_json
from .options import add_progress_option, show_progress, skyrme_option

EPILOG = """The excitation energy is the model one: the final nucleus above the target in the
Hartree-Fock energy scale, without the neutron-proton mass difference. Strength is per MeV,
folded with a Lorentzian of full width --width; for charge exchange S(-) - S(+) integrates to
N - Z (Fermi) and 3(N - Z) (Gamow-Teller) without quenching.
examples:
  cevns strength 40Ar                               Gamow-Teller, t- (neutrino CC)
  cevns strength 208Pb --operator fermi --omega 10:25 --width 0.1
  cevns strength 40Ar --operator spin_dipole --J 1 --plot sd1.png
  cevns strength 12C --operator M --J 2 --parity 1 --q-fm 0.8 --csv m2.csv
  cevns strength 56Fe --direction + --json          t+ (antineutrino CC)
  cevns strength 12C --direction 0 --omega 0:40     sigma t3: the neutral-current M1 strength"""

_MAX_POINTS = 5000


def _grid(text: str, step: float) -> np.ndarray:
    parts = text.split(":")
    try:
        low, high = float(parts[0]), float(parts[1])
    except (ValueError, IndexError):
        raise CevnsInputError(f"--omega {text!r}: expected LOW:HIGH in MeV, e.g. -10:60") from None
    if len(parts) != 2 or not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise CevnsInputError(f"--omega {text!r}: need finite LOW < HIGH")
    if not (np.isfinite(step) and step > 0):
        raise CevnsInputError(f"--step must be a positive number of MeV, got {step}")
    count = int(np.floor((high - low) / step + 1e-9)) + 1
    if count > _MAX_POINTS:
        raise CevnsInputError(
            f"--omega {text} with --step {step} gives {count} energies; at most {_MAX_POINTS}"
        )
    return low + step * np.arange(count)


def _print(result, name: str) -> None:
    s = result
    q = "" if np.isnan(s.q_fm) else f" at q = {s.q_fm:g}/fm"
    sign = "+" if s.parity > 0 else "-"
    isospin = "t3" if s.direction == "0" else f"t{s.direction}"
    print(
        f"{name}: {s.operator} strength (J = {s.J}{sign}{q}), {isospin}, Skyrme {s.skyrme} "
        f"HF + continuum RPA, Lorentzian folding {s.width_MeV:g} MeV (full width)"
    )
    print(
        f"integral over {s.omega_MeV[0]:g} to {s.omega_MeV[-1]:g} MeV: RPA {s.integral():.4g}, "
        f"free {s.integral(free=True):.4g}"
    )
    peak = int(np.argmax(s.strength))
    print(f"RPA peak at {s.omega_MeV[peak]:.2f} MeV ({s.strength[peak]:.4g} per MeV)")
    edges = np.linspace(s.omega_MeV[0], s.omega_MeV[-1], min(11, s.omega_MeV.size))
    print(f"\n  {'omega [MeV]':>17s} {'RPA':>10s} {'free':>10s}   (strength in the window)")
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        print(
            f"  {low:7.2f} - {high:7.2f} {s.integral(low, high):10.4g} "
            f"{s.integral(low, high, free=True):10.4g}"
        )


def cmd_strength(args) -> None:
    Z, N = nuclide(args.nucleus)
    name = f"{Z + N}{ELEMENT_SYMBOLS[Z - 1]}"
    omega = _grid(args.omega, args.step if args.step is not None else args.width / 4)
    from tqdm.auto import tqdm

    show = show_progress(args)
    disable = None if show is None else not show
    with tqdm(desc=f"continuum RPA {name}", unit=" block", leave=False, disable=disable) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        result = continuum_strength(
            Z,
            N,
            args.operator,
            J=args.J,
            parity=args.parity,
            direction=args.direction,
            omega_MeV=omega,
            width_MeV=args.width,
            q_fm=args.q_fm,
            skyrme=skyrme_option(args.skyrme),
            progress=progress,
        )
    if args.json:
        print(write_json({"nucleus": name, **result.to_dict()}))
    else:
        _print(result, name)
    if args.csv:
        write_csv(args.csv, result.table())
    if args.plot:
        from ..plotting.figures import plot_strength_function, save

        isospin = "t3" if result.direction == "0" else f"t{result.direction}"
        title = f"{name}: {args.operator}, {isospin}, J = {result.J}"
        save(plot_strength_function(result, title=title), args.plot)


def add_command(sub) -> None:
    """Add ``strength`` to the ``cevns`` sub-command parser."""
    p = sub.add_parser(
        "strength",
        help="CC and NC strength functions: Skyrme HF + continuum RPA (Green's function)",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("nucleus", help="target nuclide, e.g. 40Ar, 208Pb")
    p.add_argument(
        "--operator", default="gamow_teller", choices=OPERATORS, help="(default gamow_teller)"
    )
    p.add_argument("--J", type=int, help="multipole (needed except for fermi, gamow_teller)")
    p.add_argument("--parity", type=int, choices=(1, -1), help="+1 or -1 (spin_dipole: -1)")
    p.add_argument("--q-fm", type=float, help="momentum transfer in 1/fm for M, Sigma, ...")
    p.add_argument(
        "--direction",
        default="-",
        choices=("-", "+", "0"),
        help="t- (neutrino CC, default), t+ (antineutrino CC) or 0 (times t3: neutral current)",
    )
    p.add_argument("--omega", default="-10:60", help="LOW:HIGH excitation energy, MeV")
    p.add_argument("--step", type=float, help="grid step in MeV (default width/4)")
    p.add_argument(
        "--width", type=float, default=0.5, help="Lorentzian full width in MeV (default 0.5)"
    )
    p.add_argument("--skyrme", default="SLy4", help="Skyrme set or TOML file (default SLy4)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--csv", metavar="FILE", help="write the strength function as CSV")
    p.add_argument("--plot", metavar="FILE", help="plot the strength function (png, pdf, svg)")
    add_progress_option(p)
    p.set_defaults(func=cmd_strength)
