"""Reactions read from files in MARLEY's reaction format (S. Gardiner, arXiv:2101.11867).

The MARLEY tables themselves are GPL-licensed and are not shipped: a user points the package at
their own copies, and :func:`read_marley_reaction` turns one into a
:class:`~cevns.xsec.inelastic.reactions.Reaction` for the allowed-approximation cross sections.
"""

from __future__ import annotations

from pathlib import Path

from .._files import read_text_file
from ..nuclei import ELEMENT_SYMBOLS
from ..physics import FLAVORS
from ..xsec.inelastic.reactions import Level, Reaction, known_atomic_mass

__all__ = ["read_marley_reaction"]

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
    lines = read_text_file(path, "MARLEY file").splitlines()
    rows = [ln.split("#")[0].split() for ln in lines]
    rows = [r for r in rows if r]
    if not rows or len(rows[0]) != 2:
        raise ValueError(f"{path}: first data line must be 'process_code target_pdg_code'")
    code, pdg = int(rows[0][0]), int(rows[0][1])
    if code not in _MARLEY_PROCESS:
        raise ValueError(
            f"{path}: process code {code} is not an inelastic reaction; accepted: 0 (nu CC), "
            "1 (anti-nu CC), 2 (NC)"
        )
    channel, shift = _MARLEY_PROCESS[code]
    Z, A = (pdg // 10000) % 1000, (pdg // 10) % 1000
    target = f"{A}{ELEMENT_SYMBOLS[Z - 1]}"
    product = f"{A}{ELEMENT_SYMBOLS[Z + shift - 1]}"
    strengths: dict[float, list[float]] = {}
    for i, r in enumerate(rows[1:], start=2):
        if len(r) != 3 or r[2] not in ("0", "1"):
            raise ValueError(f"{path}: data line {i} must be 'Ex B type' with type 0 or 1")
        entry = strengths.setdefault(float(r[0]), [0.0, 0.0])
        entry[int(r[2])] += float(r[1])
    if channel == "nc":
        strengths = {ex: s for ex, s in strengths.items() if ex > 0}  # Ex = 0 is CEvNS
    levels = tuple(
        Level(energy=ex, b_fermi=bf, b_gt=bgt, source=str(path.name))
        for ex, (bf, bgt) in sorted(strengths.items())
    )
    if product_atomic_mass_u is None:
        product_atomic_mass_u = known_atomic_mass(product)
        if product_atomic_mass_u is None:
            raise ValueError(
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
