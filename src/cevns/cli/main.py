"""The ``cevns`` command-line interface. No physics here: each command group lives in its own
module (``xsec``, ``rate``, ``inference``, ``nucleus``, ``inelastic``, ``strength``,
``supernova``, ``kdar``, ``budget``, ``darkmatter``, ``alp``) and parses, calls the library and
prints tables, JSON (a documented interface, see README) or plots."""

from __future__ import annotations

import argparse
import os
import re
import sys

from .. import __version__
from ..errors import CevnsInputError, ConvergenceError
from . import (
    alp,
    budget,
    darkmatter,
    inelastic,
    inference,
    kdar,
    nucleus,
    rate,
    strength,
    supernova,
    xsec,
)
from .options import check_output_paths

MAX_BINS = 100_000  # bins of one spectrum: far finer than any detector resolves


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cevns",
        description="Coherent elastic neutrino-nucleus scattering at stopped-pion sources: "
        "cross sections, fluxes and event rates.",
    )
    parser.add_argument("--version", action="version", version=f"cevns {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    xsec.add_commands(sub)
    rate.add_commands(sub)
    inference.add_commands(sub)
    nucleus.add_command(sub)
    inelastic.add_command(sub)
    strength.add_command(sub)
    supernova.add_commands(sub)
    kdar.add_command(sub)
    budget.add_command(sub)
    darkmatter.add_command(sub)
    alp.add_command(sub)
    return parser


_NEGATIVE_VALUE = re.compile(r"^-\.?\d")


def attach_negative_values(argv: list[str]) -> list[str]:
    """Write ``--opt -5:5`` as ``--opt=-5:5``. argparse takes a value starting with '-' for an
    option unless it is a plain number, so ranges and numbers like ``-1e-3`` need this; no
    cevns option name starts with '-' and a digit."""
    out: list[str] = []
    for token in argv:
        previous = out[-1] if out else ""
        if (
            _NEGATIVE_VALUE.match(token)
            and previous.startswith("--")
            and "=" not in previous
            and previous != "--"
        ):
            out[-1] = f"{previous}={token}"
        else:
            out.append(token)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run one command. Exit status: 0 done; 2 bad input (one line on stderr: a
    :mod:`cevns.errors` type or an unreadable/unwritable file); 3 a bug in cevns (one line,
    and the traceback when the environment sets CEVNS_DEBUG=1); 130 interrupted; 141 the
    reader of stdout went away."""
    parser = build_parser()
    args = parser.parse_args(attach_negative_values(sys.argv[1:] if argv is None else argv))
    try:
        if not 1 <= getattr(args, "bins", 1) <= MAX_BINS:
            raise CevnsInputError(f"--bins must be between 1 and {MAX_BINS}")
        check_output_paths(args)
        args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``cevns ... | head``): stop quietly, as other Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except (CevnsInputError, ConvergenceError, OSError) as err:
        print(f"cevns {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"cevns {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # anything else is a bug: one line, the traceback on request
        if os.environ.get("CEVNS_DEBUG"):
            raise
        print(
            f"cevns {args.command}: internal error ({type(err).__name__}: {err}); please "
            "report it with the command line (CEVNS_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 3
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
