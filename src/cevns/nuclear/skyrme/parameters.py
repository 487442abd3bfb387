"""Skyrme parameter sets and the conventions each was fitted with.

The energy density (E. Chabanat et al., Nucl. Phys. A 635 (1998) 231, Eqs. 2-5; with the
generalised spin-orbit of P.-G. Reinhard and H. Flocard, Nucl. Phys. A 584 (1995) 467):

    H = ħ²/2m τ + t0/2 [(1 + x0/2) ρ² - (x0 + 1/2) Σ ρ_q²]
        + t3/12 ρ^α [(1 + x3/2) ρ² - (x3 + 1/2) Σ ρ_q²]
        + a1 ρ τ - a2 Σ ρ_q τ_q + c1 (∇ρ)² - c2 Σ (∇ρ_q)²
        - b4 ρ ∇·J - b4' Σ ρ_q ∇·J_q  [- (t1 x1 + t2 x2)/16 J² + (t1 - t2)/16 Σ J_q²]

with a1 = [t1(1 + x1/2) + t2(1 + x2/2)]/4, a2 = [t1(x1 + 1/2) - t2(x2 + 1/2)]/4,
c1 = [3 t1(1 + x1/2) - t2(1 + x2/2)]/16, c2 = [3 t1(x1 + 1/2) + t2(x2 + 1/2)]/16; the J²
terms only for sets fitted with them. Presets come from the packaged
``skyrme_parameters.csv`` (see ``data/README.md``).
"""

from __future__ import annotations

import csv
import math
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from importlib import resources

from ...errors import CevnsInputError, DataFileError

__all__ = [
    "SkyrmeParameters",
    "skyrme_parameters",
    "skyrme_sets",
    "load_skyrme_parameters",
    "HBAR2_2M_DEFAULT",
]

HBAR2_2M_DEFAULT = 20.73553
"""ħ²/2m in MeV fm² used with SLy4 and SLy5 (Chabanat et al. 1998, Sec. 2), and with SkM*,
SIII and SGII in the reference calculations of arXiv:2209.03257; SkI3 has its own value in
the packaged file."""


@dataclass(frozen=True)
class SkyrmeParameters:
    """One Skyrme set: t0 (MeV fm³), t1, t2 (MeV fm⁵), t3 (MeV fm^(3+3α)), x0..x3, the
    density exponent ``alpha``, spin-orbit strengths ``b4``, ``b4p`` (MeV fm⁵), and the
    conventions: ``j2_terms`` (include the J² terms), ``two_body_cm`` (the set was fitted
    with the two-body centre-of-mass correction), ``coulomb_exchange`` (Slater exchange),
    ``hbar2_2m`` (MeV fm²)."""

    name: str
    t0: float
    t1: float
    t2: float
    t3: float
    x0: float
    x1: float
    x2: float
    x3: float
    alpha: float
    b4: float
    b4p: float
    j2_terms: bool = False
    two_body_cm: bool = False
    coulomb_exchange: bool = True
    hbar2_2m: float = HBAR2_2M_DEFAULT
    reference: str = field(default="", compare=False)

    def __post_init__(self):
        for f in fields(self):
            if f.type == "float":
                value = getattr(self, f.name)
                if not isinstance(value, int | float) or value != value:
                    raise CevnsInputError(
                        f"Skyrme parameter {f.name} must be a number, got {value!r}"
                    )
        if not 0 < self.alpha <= 1:
            raise CevnsInputError(f"density exponent alpha must lie in (0, 1], got {self.alpha}")
        if self.hbar2_2m <= 0:
            raise CevnsInputError(f"hbar2_2m must be positive, got {self.hbar2_2m}")

    @property
    def a1(self) -> float:
        return 0.25 * (self.t1 * (1 + 0.5 * self.x1) + self.t2 * (1 + 0.5 * self.x2))

    @property
    def a2(self) -> float:
        return 0.25 * (self.t1 * (self.x1 + 0.5) - self.t2 * (self.x2 + 0.5))

    @property
    def c1(self) -> float:
        return (3 * self.t1 * (1 + 0.5 * self.x1) - self.t2 * (1 + 0.5 * self.x2)) / 16

    @property
    def c2(self) -> float:
        return (3 * self.t1 * (self.x1 + 0.5) + self.t2 * (self.x2 + 0.5)) / 16

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


_ALIASES = {"SKM*": "SkMs", "SKMS": "SkMs", "SKM-STAR": "SkMs"}


@cache
def _presets() -> dict[str, SkyrmeParameters]:
    text = resources.files("cevns").joinpath("data", "skyrme_parameters.csv").read_text()
    rows = csv.DictReader(ln for ln in text.splitlines() if not ln.startswith("#"))
    out = {}
    for r in rows:

        def num(key, r=r):
            return float(r[key])

        name = r["set"]
        out[name] = SkyrmeParameters(
            name=name,
            t0=num("t0[Mev.fm3]"),
            t1=num("t1[Mev.fm5]"),
            t2=num("t2[Mev.fm5]"),
            t3=num("t3[MeV.fm3(s+1)]"),
            x0=num("x0"),
            x1=num("x1"),
            x2=num("x2"),
            x3=num("x3"),
            alpha=num("sigma"),
            b4=num("b4[MeV.fm5]"),
            b4p=num("b4p[MeV.fm5]"),
            j2_terms=r["flag_J2"] == "1",
            two_body_cm=r["flag_2body_CoM"] == "1",
            coulomb_exchange=r["flag_Coul_exchange"] == "1",
            hbar2_2m=float(r.get("htm") or HBAR2_2M_DEFAULT),
            reference=r["Ref"],
        )
    return out


def skyrme_sets() -> list[str]:
    """Names of the packaged Skyrme sets."""
    return list(_presets())


def skyrme_parameters(name) -> SkyrmeParameters:
    """The packaged set ``name`` (case-insensitive; ``SkM*`` and ``SkMs`` are the same), or
    ``name`` itself when it already is a :class:`SkyrmeParameters`."""
    if isinstance(name, SkyrmeParameters):
        return name
    presets = _presets()
    key = _ALIASES.get(str(name).upper(), str(name))
    for preset in presets:
        if preset.upper() == key.upper():
            return presets[preset]
    raise CevnsInputError(
        f"unknown Skyrme set {name!r}; packaged: {', '.join(presets)} (SkM* = SkMs), "
        "a SkyrmeParameters, or (command line) a TOML parameter file"
    )


def load_skyrme_parameters(path) -> SkyrmeParameters:
    """A user-defined set from a TOML file whose keys are the fields of
    :class:`SkyrmeParameters` (t0..t3 in MeV fm^3, MeV fm^5, MeV fm^(3+3α); x0..x3; alpha;
    b4, b4p in MeV fm^5; optional j2_terms, two_body_cm, coulomb_exchange, hbar2_2m, reference);
    ``name`` defaults to the file name."""
    from pathlib import Path

    from ..._toml import load_toml_file

    table = load_toml_file(path)
    table.setdefault("name", Path(path).stem)
    known = {f.name for f in fields(SkyrmeParameters)}
    unknown = sorted(set(table) - known)
    required = {f.name for f in fields(SkyrmeParameters) if f.default is MISSING}
    missing = sorted(required - set(table))
    if unknown or missing:
        raise DataFileError(
            path,
            "a Skyrme set: "
            + (f"unknown keys {', '.join(unknown)}; " if unknown else "")
            + (f"missing {', '.join(missing)}; " if missing else "")
            + f"accepted keys: {', '.join(sorted(known))}",
        )
    for f in fields(SkyrmeParameters):
        if f.name not in table:
            continue
        value, number = table[f.name], f.type == "float"
        if number:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        else:
            ok = isinstance(value, bool if f.type == "bool" else str)
        if not ok or (number and not math.isfinite(value)):
            kind = "a finite number" if number else "true or false" if f.type == "bool" else "text"
            raise DataFileError(path, f"{f.name} must be {kind}, got {value!r}")
    try:
        return SkyrmeParameters(**table)
    except CevnsInputError as err:
        raise DataFileError(path, str(err)) from None
