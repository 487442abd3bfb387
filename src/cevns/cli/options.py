"""Option parsing shared by the command groups."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ..errors import CevnsInputError
from ..nuclear.formfactors import FORM_FACTOR_MODELS, FormFactorModel, form_factor_model
from ..physics import (
    PhysicsModel,
    VectorMediator,
    apply_parameters,
    check_parameter,
    load_model,
)
from ..results import write_json

__all__ = [
    "add_progress_option",
    "check_output_paths",
    "show_progress",
    "skyrme_option",
    "add_channel_option",
    "add_output_options",
    "add_physics_options",
    "finite_positive",
    "form_factor",
    "form_factor_label",
    "model_summary",
    "parameter_values",
    "parse_float",
    "parse_numbers",
    "parse_pairs",
    "physics_model",
    "print_json",
]


def parse_pairs(items, what: str) -> dict[str, float]:
    """Parse repeated NAME=VALUE options into a dict of floats."""
    out = {}
    for item in items or ():
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CevnsInputError(f"{what} expects NAME=VALUE, got {item!r}")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise CevnsInputError(f"{what} {name}: not a number: {value!r}") from None
    return out


def finite_positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not np.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive finite number, got {text!r}")
    return value


def parse_numbers(text: str, what: str, count: tuple[int, int]) -> list[str]:
    parts = [p.strip() for p in text.split(",")]
    if not count[0] <= len(parts) <= count[1]:
        raise CevnsInputError(
            f"{what} expects {count[0]} to {count[1]} comma-separated values, got {text!r}"
        )
    return parts


def parse_float(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise CevnsInputError(f"{what}: not a number: {text!r}") from None


def parameter_values(args) -> dict[str, float]:
    """The --param NAME=VALUE options (names and units of the parameter table)."""
    values = parse_pairs(getattr(args, "param", None), "--param")
    for name in values:
        check_parameter(name)
    return values


def physics_model(args) -> PhysicsModel:
    """The physics model from --model FILE, then the command-line options on top of it."""
    base = load_model(args.model) if getattr(args, "model", None) else PhysicsModel()
    changes: dict = {}
    if getattr(args, "tree_level", False):
        changes["radiative"] = False
    if getattr(args, "running", False):
        changes["running"] = True
    if getattr(args, "no_axial", False):
        changes["axial"] = False
    vectors = []
    for text in getattr(args, "zprime", None) or ():
        parts = parse_numbers(text, "--zprime", (2, 3))
        vectors.append(
            VectorMediator(
                parse_float(parts[0], "--zprime mass"),
                parse_float(parts[1], "--zprime coupling"),
                parts[2] if len(parts) > 2 else "universal",
            )
        )
    if vectors:
        changes["vector_mediators"] = base.vector_mediators + tuple(vectors)
    model = base.replace(**changes) if changes else base
    values = {k: v for k, v in parameter_values(args).items() if k != "rn"}
    return apply_parameters(model, values)


def form_factor(args) -> FormFactorModel:
    skin = getattr(args, "neutron_skin", None)
    fold = True if getattr(args, "fold_nucleons", False) else None
    rn = parameter_values(args).get("rn")
    if rn is not None:
        if skin is not None:
            raise CevnsInputError(
                "give the neutron radius by --param rn or by --neutron-skin, not both"
            )
        return FormFactorModel(args.form_factor, neutron_rms_fm=rn, nucleon_size=fold)
    return form_factor_model(args.form_factor, neutron_skin_fm=skin, nucleon_size=fold)


def add_physics_options(p: argparse.ArgumentParser) -> None:
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
    g.add_argument(
        "--fold-nucleons",
        action="store_true",
        help="fold the nucleon (Galster and strange) form factors into a phenomenological "
        "shape, read as the point-nucleon distribution (always on for the hf-* shapes)",
    )
    g.add_argument(
        "--tree-level",
        action="store_true",
        help="tree-level couplings g_p = 1 - 4 sin^2(theta_W), g_n = -1 instead of the "
        "radiatively corrected, flavor-dependent ones (the default)",
    )
    g.add_argument(
        "--running",
        action="store_true",
        help="let sin^2(theta_W) run with q (MS-bar; with --tree-level)",
    )
    g.add_argument(
        "--no-axial",
        action="store_true",
        help="leave out the axial-vector term of nuclei with spin (on by default)",
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


def add_channel_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--channel",
        default="nuclear",
        choices=["nuclear", "electron"],
        help="coherent scattering on nuclei (default) or elastic scattering on electrons",
    )


def add_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--plot", metavar="FILE", help="write a figure (png, pdf, svg)")
    p.add_argument("--csv", metavar="FILE", help="write the table as CSV")


def print_json(obj) -> None:
    print(write_json(obj))


def form_factor_label(ff: FormFactorModel) -> str:
    if ff.neutron_skin_fm is not None:
        return f"{ff.shape} (neutron skin {ff.neutron_skin_fm:g} fm)"
    return ff.shape


def model_summary(model: PhysicsModel) -> str:
    d = model.to_dict()
    skip = {"sin2_theta_w", "running", "g_p", "g_n", "couplings", "standard_model", "parameters"}
    return "; ".join(f"{k} {write_json(v, indent=None)}" for k, v in d.items() if k not in skip)


_OUTPUT_OPTIONS = ("plot", "csv", "output", "fluence_output")


def check_output_paths(args: argparse.Namespace) -> None:
    """Refuse, before any computing, an output file that cannot be written: a folder, a file
    in a folder that does not exist, or a plot whose extension matplotlib cannot write."""
    for dest in _OUTPUT_OPTIONS:
        value = getattr(args, dest, None)
        if not value:
            continue
        option = "--" + dest.replace("_", "-")
        path = Path(value)
        if path.is_dir():
            raise CevnsInputError(f"{option} {value}: is a folder; give a file name")
        if not path.parent.is_dir():
            raise CevnsInputError(f"{option} {value}: the folder {path.parent} does not exist")
        if dest == "plot":
            from matplotlib.backend_bases import FigureCanvasBase

            formats = FigureCanvasBase.get_supported_filetypes()
            if path.suffix.lstrip(".").lower() not in formats:
                raise CevnsInputError(
                    f"--plot {value}: cannot write a {path.suffix or 'suffix-less'} figure; "
                    f"use one of {', '.join('.' + f for f in sorted(formats))}"
                )


def skyrme_option(text: str):
    """A Skyrme set from ``--skyrme``: a packaged name or a TOML file of parameters."""
    from ..nuclear.skyrme.parameters import load_skyrme_parameters, skyrme_parameters

    if text.endswith(".toml") or Path(text).is_file():
        return load_skyrme_parameters(text)
    return skyrme_parameters(text)


def add_progress_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--progress",
        action="store_true",
        help="show progress bars on stderr even with --json or when stderr is not a terminal",
    )


def show_progress(args: argparse.Namespace) -> bool | None:
    """Progress bars: True with --progress, False with --json (stdout stays machine-readable
    and stderr quiet), None otherwise (tqdm shows them on a terminal only)."""
    if args.progress:
        return True
    return False if args.json else None


def parse_log_axis(text: str, option: str, max_points: int = 1000) -> np.ndarray:
    """A log-spaced grid from "LO:HI:N" (0 < LO < HI, 2 <= N <= ``max_points``)."""
    parts = text.split(":")
    try:
        lo, hi, n = float(parts[0]), float(parts[1]), int(parts[2])
    except (ValueError, IndexError):
        raise CevnsInputError(f"{option} {text!r}: expected LO:HI:N, e.g. 1:45:40") from None
    if len(parts) != 3 or not (0 < lo < hi and np.isfinite(hi)) or not 2 <= n <= max_points:
        raise CevnsInputError(f"{option} {text!r}: need 0 < LO < HI and 2 <= N <= {max_points}")
    return np.geomspace(lo, hi, n)
