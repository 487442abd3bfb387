"""Isotopes and target materials.

The isotope table (``data/isotopes.csv``) holds Z, A, the atomic mass (AME2020), the
ground-state spin and parity (NUBASE2020), the natural abundance (IUPAC/CIAAW 2013) and the
measured rms charge radius (Angeli & Marinova 2013); the file header cites each source.

A :class:`Material` is a list of isotopes with the number of nuclei of each per formula unit
(stoichiometry times natural abundance), so that "10 t of argon" becomes a number of 36Ar,
38Ar and 40Ar nuclei.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources

import numpy as np

from . import constants as c
from .errors import CevnsInputError

__all__ = [
    "Isotope",
    "Material",
    "isotope",
    "isotopes",
    "material",
    "materials",
    "electron_binding_energy",
    "nuclide",
    "ELEMENT_SYMBOLS",
]

ELEMENT_SYMBOLS = tuple(
    """H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As
    Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd
    Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am
    Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og""".split()
)
"""Element symbols in order of Z (IUPAC); ELEMENT_SYMBOLS[Z - 1] is element Z."""


def electron_binding_energy(Z: int) -> float:
    """Total binding energy of the Z atomic electrons, in MeV.

    B_e(Z) = 14.4381 Z^2.39 + 1.55468e-6 Z^5.35 eV, D. Lunney, J. M. Pearson and C. Thibault,
    Rev. Mod. Phys. 75, 1021 (2003), Eq. (A4).
    """
    return (14.4381 * Z**2.39 + 1.55468e-6 * Z**5.35) * 1e-6


@dataclass(frozen=True)
class Isotope:
    """A nuclide with the data the cross sections need.

    Attributes: ``Z``, ``A``, ``atomic_mass_u`` (atomic mass in u, AME2020), ``spin`` (ground
    state J), ``parity`` (+1 or -1), ``abundance`` (natural, fraction), ``charge_radius_fm``
    (rms charge radius in fm, NaN where none is measured).
    """

    symbol: str
    Z: int
    A: int
    atomic_mass_u: float
    spin: float
    parity: int
    abundance: float
    charge_radius_fm: float

    @property
    def N(self) -> int:
        """Neutron number."""
        return self.A - self.Z

    @property
    def name(self) -> str:
        """Conventional name, e.g. ``"40Ar"``."""
        return f"{self.A}{self.symbol}"

    @property
    def mass(self) -> float:
        """Nuclear mass in MeV: atomic mass minus Z electron masses plus their binding energy."""
        return (
            self.atomic_mass_u * c.ATOMIC_MASS_UNIT_MEV
            - self.Z * c.ELECTRON_MASS
            + electron_binding_energy(self.Z)
        )

    @property
    def point_proton_radius_fm(self) -> float:
        """Point-proton rms radius from the charge radius, in fm.

        r_p^2 = r_ch^2 - r_p,N^2 - (N/Z) r_n,N^2 - 3/(4 m_p^2), with the nucleon charge radii of
        PDG 2024 and the Darwin-Foldy term (e.g. Horowitz et al., arXiv:1202.1468, Eq. 4;
        spin-orbit corrections neglected).
        """
        darwin_foldy = 0.75 * (c.HBARC_MEV_FM / c.PROTON_MASS) ** 2
        r2 = (
            self.charge_radius_fm**2
            - c.PROTON_CHARGE_RADIUS_FM**2
            - (self.N / self.Z) * c.NEUTRON_MEAN_SQUARE_CHARGE_RADIUS_FM2
            - darwin_foldy
        )
        return float(np.sqrt(r2))

    def __str__(self) -> str:
        return self.name


def _parse_spin(text: str) -> float:
    return float(Fraction(text)) if text else float("nan")


@cache
def _table() -> dict[str, Isotope]:
    text = resources.files("cevns").joinpath("data/isotopes.csv").read_text()
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    table = {}
    for row in rows:
        iso = Isotope(
            symbol=row["symbol"],
            Z=int(row["Z"]),
            A=int(row["A"]),
            atomic_mass_u=float(row["atomic_mass_u"]),
            spin=_parse_spin(row["spin"]),
            parity=-1 if row["parity"].strip() == "-" else 1,
            abundance=float(row["abundance"] or 0.0),
            charge_radius_fm=float(row["charge_radius_fm"] or "nan"),
        )
        table[iso.name] = iso
    return table


def isotopes() -> list[Isotope]:
    """All isotopes in the package table, in table order."""
    return list(_table().values())


_ISOTOPE_NAME = re.compile(
    r"^\s*(\d+)\s*-?\s*([A-Za-z]{1,2})\s*$|^\s*([A-Za-z]{1,2})\s*-?\s*(\d+)\s*$"
)


def isotope(name: str | Isotope) -> Isotope:
    """Look up an isotope by name: ``"40Ar"``, ``"Ar40"``, ``"Ar-40"`` or ``"40ar"``."""
    if isinstance(name, Isotope):
        return name
    m = _ISOTOPE_NAME.match(str(name))
    if m:
        A, sym = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        key = f"{int(A)}{sym.capitalize()}"
        if key in _table():
            return _table()[key]
    known = ", ".join(_table())
    raise CevnsInputError(f"unknown isotope {name!r}; the table holds: {known}")


def nuclide(name: str) -> tuple[int, int]:
    """(Z, N) of any nuclide name such as ``"132Sn"`` or ``"Zr-90"``, in the isotope table or
    not (for calculations, e.g. Hartree-Fock, that need no tabulated data)."""
    m = _ISOTOPE_NAME.match(str(name))
    if m:
        A, sym = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        symbol = sym.capitalize()
        if symbol in ELEMENT_SYMBOLS and int(A) > ELEMENT_SYMBOLS.index(symbol):
            Z = ELEMENT_SYMBOLS.index(symbol) + 1
            return Z, int(A) - Z
    raise CevnsInputError(
        f"cannot read a nuclide from {name!r}: give a mass number and an element symbol, "
        "e.g. 40Ar, 208Pb or Sn-132, with A >= Z"
    )


def _element_isotopes(symbol: str) -> list[Isotope]:
    return [iso for iso in _table().values() if iso.symbol == symbol and iso.abundance > 0]


@dataclass(frozen=True)
class Material:
    """A target material: isotopes and the number of nuclei of each per formula unit.

    ``counts[i]`` is the number of nuclei of ``isotopes[i]`` per formula unit (stoichiometric
    index times natural abundance); for CsI this is (1 x 133Cs, 1 x 127I).
    """

    name: str
    isotopes: tuple[Isotope, ...]
    counts: tuple[float, ...]

    @property
    def formula_mass_u(self) -> float:
        """Mass of one formula unit in u (sum of atomic masses)."""
        return float(
            sum(n * iso.atomic_mass_u for iso, n in zip(self.isotopes, self.counts, strict=True))
        )

    def nuclei_per_kg(self) -> np.ndarray:
        """Number of nuclei of each isotope per kg of material (array over ``isotopes``)."""
        units_per_kg = 1.0 / (self.formula_mass_u * c.ATOMIC_MASS_UNIT_KG)
        return units_per_kg * np.asarray(self.counts)

    @property
    def nuclei_per_formula_unit(self) -> float:
        """Number of nuclei in one formula unit (2 for CsI, 1 for Ar, 11 for C3F8)."""
        return float(sum(self.counts))

    def __str__(self) -> str:
        return self.name


_FORMULA_TOKEN = re.compile(r"(\d+)?([A-Z][a-z]?)(\d*)")

_ALIASES = {
    "argon": "Ar",
    "xenon": "Xe",
    "germanium": "Ge",
    "silicon": "Si",
    "lead": "Pb",
    "iron": "Fe",
    "tungsten": "W",
    "calcium": "Ca",
    "carbon": "C",
    "oxygen": "O",
    "sodium": "Na",
    "iodine": "I",
    "cesium": "Cs",
    "caesium": "Cs",
    "water": "H2O",
    "heavy water": "D2O",
    "csi": "CsI",
    "nai": "NaI",
}

_COMMON_MATERIALS = [
    "Ar", "Xe", "Ge", "Si", "Pb", "Fe", "W", "Ca", "C", "O", "F", "Na", "I", "Cs", "Al",
    "CsI", "NaI", "C3F8", "CF4", "H2O", "D2O", "CaWO4", "Al2O3",
]  # fmt: skip


def materials() -> list[str]:
    """Names of the common materials the package knows (any formula of known elements works)."""
    return list(_COMMON_MATERIALS)


@cache
def material(name: str) -> Material:
    """A material from an element (``"Ar"``), a formula (``"CsI"``, ``"C3F8"``, ``"D2O"``) or a
    single isotope (``"40Ar"``), with natural isotopic abundances.

    ``D`` stands for deuterium (2H). Names such as ``"argon"`` or ``"water"`` are accepted.
    """
    key = str(name).strip()
    key = _ALIASES.get(key.lower(), key)
    if key[:1].isdigit():
        iso = isotope(key)  # raises, naming the isotopes the table holds
        return Material(iso.name, (iso,), (1.0,))

    pos = 0
    isos: list[Isotope] = []
    counts: list[float] = []
    for m in _FORMULA_TOKEN.finditer(key):
        if m.start() != pos or m.group(1):
            break
        pos = m.end()
        symbol, n = m.group(2), float(m.group(3) or 1)
        if symbol == "D":
            members = [(isotope("2H"), 1.0)]
        else:
            members = [(i, i.abundance) for i in _element_isotopes(symbol)]
        if not members:
            break
        total = sum(a for _, a in members)
        for iso_i, a in members:
            isos.append(iso_i)
            counts.append(n * a / total)
    if pos != len(key) or not isos:
        raise CevnsInputError(
            f"unknown material {name!r}: give an element or formula of known elements "
            f"(e.g. {', '.join(_COMMON_MATERIALS)}) or an isotope (e.g. 40Ar)"
        )
    # merge repeated isotopes (e.g. "CO2" lists O once, but "CH3OH" would list it twice)
    merged: dict[str, list] = {}
    for iso_i, n in zip(isos, counts, strict=True):
        merged.setdefault(iso_i.name, [iso_i, 0.0])[1] += n
    return Material(key, tuple(v[0] for v in merged.values()), tuple(v[1] for v in merged.values()))
