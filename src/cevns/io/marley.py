"""Reactions read from files in MARLEY's reaction format (S. Gardiner, arXiv:2101.11867).

The MARLEY tables themselves are GPL-licensed and are not shipped: a user points the package at
their own copies, and :func:`read_marley_reaction` turns one into a
:class:`~cevns.xsec.inelastic.reactions.Reaction` for the allowed-approximation cross sections.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .._files import read_text_file
from ..errors import CevnsInputError, DataFileError
from ..nuclei import ELEMENT_SYMBOLS
from ..physics import FLAVORS
from ..xsec.inelastic.reactions import Level, Reaction, known_atomic_mass

__all__ = ["read_marley_reaction"]

_PDG_NUCLEUS_MIN, _PDG_NUCLEUS_MAX = 1000000000, 1000999999  # 100ZZZAAAI, no strangeness

_MARLEY_PROCESS = {0: ("cc", +1), 1: ("cc", -1), 2: ("nc", 0)}


def read_marley_reaction(
    path: str | Path, product_atomic_mass_u: float | None = None, name: str | None = None
) -> Reaction:
    """Read a MARLEY reaction file (S. Gardiner, arXiv:2101.11867, format of its
    ``data/react`` files): '#' comments, then ``process_code target_pdg``, then one line
    ``Ex B type`` per level (type 0 Fermi, 1 Gamow-Teller; B with g_A² included).

    Process codes 0 (ν CC), 1 (ν̄ CC) and 2 (NC) are read. The final-nucleus atomic mass is
    taken from the package isotope table when it is there, else it must be given.
    """
    path = Path(path)
    text = read_text_file(path, "MARLEY reaction file")
    rows = [
        (number, line.split("#")[0].split()) for number, line in enumerate(text.splitlines(), 1)
    ]
    rows = [(number, fields) for number, fields in rows if fields]
    if not rows:
        raise DataFileError(path, "no data lines; expected 'process_code target_pdg_code'")
    number, first = rows[0]
    try:
        code, pdg = (int(field) for field in first)
    except ValueError:
        raise DataFileError(
            path, f"expected two integers 'process_code target_pdg_code', got {first}", number
        ) from None
    if code not in _MARLEY_PROCESS:
        raise DataFileError(
            path,
            f"process code {code} is not an inelastic reaction; accepted: 0 (nu CC), "
            "1 (anti-nu CC), 2 (NC)",
            number,
        )
    channel, shift = _MARLEY_PROCESS[code]
    Z, A = _nucleus_from_pdg(path, pdg, number)
    if not 1 <= Z + shift <= len(ELEMENT_SYMBOLS):
        raise DataFileError(path, f"the final nucleus of Z = {Z} has no element", number)
    target = f"{A}{ELEMENT_SYMBOLS[Z - 1]}"
    product = f"{A}{ELEMENT_SYMBOLS[Z + shift - 1]}"
    strengths: dict[float, list[float]] = {}
    for number, fields in rows[1:]:
        try:
            if len(fields) != 3 or fields[2] not in ("0", "1"):
                raise ValueError
            energy, strength = float(fields[0]), float(fields[1])
        except ValueError:
            raise DataFileError(
                path, f"expected 'Ex B type' with type 0 or 1, got {fields}", number
            ) from None
        if not (np.isfinite(energy) and np.isfinite(strength) and energy >= 0 and strength >= 0):
            raise DataFileError(
                path, f"level energy and strength must be finite and >= 0, got {fields}", number
            )
        entry = strengths.setdefault(energy, [0.0, 0.0])
        entry[int(fields[2])] += strength
    if channel == "nc":
        strengths = {ex: s for ex, s in strengths.items() if ex > 0}  # Ex = 0 is CEvNS
    levels = tuple(
        Level(energy=ex, b_fermi=bf, b_gt=bgt, source=str(path.name))
        for ex, (bf, bgt) in sorted(strengths.items())
    )
    if product_atomic_mass_u is None:
        product_atomic_mass_u = known_atomic_mass(product)
        if product_atomic_mass_u is None:
            raise CevnsInputError(
                f"{path}: the atomic mass of {product} is not in the package table; pass "
                "product_atomic_mass_u (AME2020, in u)"
            )
    if shift == 1:
        flavors = ("nue",)
    elif shift == -1:
        flavors = ("nuebar",)
    else:
        flavors = FLAVORS
    return Reaction(
        name=name or path.stem,
        target=target,
        product=product,
        channel=channel,
        flavors=flavors,
        product_atomic_mass_u=product_atomic_mass_u,
        levels=levels,
        description=f"read from MARLEY file {path.name}",
    )


def _nucleus_from_pdg(path: Path, pdg: int, line: int) -> tuple[int, int]:
    """(Z, A) of a nucleus code 100ZZZAAAI (the nuclear codes 10LZZZAAAI of the Particle
    Data Group's "Monte Carlo particle numbering scheme", Review of Particle Physics)."""
    Z, A = (pdg // 10000) % 1000, (pdg // 10) % 1000
    if not (_PDG_NUCLEUS_MIN <= pdg <= _PDG_NUCLEUS_MAX and 1 <= Z <= len(ELEMENT_SYMBOLS)):
        raise DataFileError(
            path,
            f"target {pdg} is not the PDG code 100ZZZAAAI of a nucleus with 1 <= Z <= "
            f"{len(ELEMENT_SYMBOLS)}",
            line,
        )
    if A < Z:
        raise DataFileError(path, f"target {pdg} has A = {A} below Z = {Z}", line)
    return Z, A
