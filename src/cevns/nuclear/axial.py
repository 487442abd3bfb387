"""Axial (spin-dependent) nuclear responses for the axial-vector term of CEvNS.

A nucleus with spin J > 0 adds to the coherent vector cross section an axial term that is not
coherently enhanced (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eq. 33;
M. Hoferichter, J. Menéndez, A. Schwenk, Phys. Rev. D 102, 074018 (2020), arXiv:2007.08529):

    dσ_A/dT = (G_F² M / 4π) (1 - T/E + M T / 2E²) F_A(q),
    F_A(q) = 8π/(2J+1) [ (g_A^s)² S^T_00 - g_A g_A^s S^T_01 + g_A² S^T_11 ],

with the transverse isoscalar/isovector structure factors S^T_ij of the shell model, g_A the
nucleon axial charge and g_A^s the strange axial charge Δs (the isoscalar axial coupling of the
Z; the u and d quarks' isoscalar axial charges cancel in it). F_A(0) = (4/3)(J+1)/J
[g_A(<S_p> - <S_n>) - g_A^s(<S_p> + <S_n>)]²; for a free proton F_A = (g_A - Δs)².

The structure factors are the shell-model fits of P. Klos, J. Menéndez, D. Gazit, A. Schwenk,
Phys. Rev. D 88, 083516 (2013), arXiv:1304.7684, with one- and two-body currents
(``data/axial_structure_factors.csv``). Those S_ij are the sum of the transverse and longitudinal
responses (they were computed for dark-matter scattering); neutrino scattering at ω ≈ 0 sees the
transverse part only, which is 2/3 of the sum at q = 0 and stays within 2 % of 2/3 up to
u = q²b²/2 = 1 (the 19F transverse fit of Hoferichter et al. 2020 against Klos et al.). So
S^T_ij = (2/3) S_ij here; the central value is the middle of the paper's two-body-current band,
and half its width is the stated uncertainty. Even-even nuclei (J = 0) have F_A = 0 exactly.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from ..constants import AXIAL_COUPLING, HBARC_MEV_FM, STRANGE_AXIAL_CHARGE
from ..errors import CevnsInputError
from ..nuclei import Isotope, isotope

__all__ = [
    "AXIAL_NUCLEI",
    "AxialStructure",
    "axial_structure",
]

TRANSVERSE_SHARE = 2.0 / 3.0
"""S^T / (S^T + S^L) of the axial response at q = 0 (exact for one-body currents)."""


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("cevns").joinpath("data", name).read_text()
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


@cache
def _tables() -> dict[str, dict]:
    coefficients: dict[str, dict[str, list]] = {}
    for row in _rows("axial_structure_factors.csv"):
        table = coefficients.setdefault(row["nucleus"], {})
        for key in ("S00", "S11_low", "S11_high", "S01_low", "S01_high"):
            table.setdefault(key, []).append(float(row[key]))
    out = {}
    for row in _rows("axial_nuclei.csv"):
        out[row["nucleus"]] = {
            "b_fm": float(row["b_fm"]),
            "spins": (float(row["Sp"]), float(row["Sn"])),
            "shape": coefficients[row["shape_from"]],
            "shape_from": row["shape_from"],
        }
    return out


AXIAL_NUCLEI = ("19F", "23Na", "27Al", "29Si", "73Ge", "127I", "129Xe", "131Xe", "133Cs")
"""Odd-A nuclei with a shell-model axial structure factor (133Cs with the shape of 127I)."""


def _zero_momentum(J: float, spins, isoscalar: bool) -> float:
    """S_00(0) or S_11(0) of one-body currents: (2J+1)(J+1)/(4πJ) (<S_p> ± <S_n>)²."""
    s_p, s_n = spins
    total = s_p + s_n if isoscalar else s_p - s_n
    return (2 * J + 1) * (J + 1) / (4 * np.pi * J) * total * total


@dataclass(frozen=True, eq=False)
class AxialStructure:
    """The axial response of one nucleus: S_00, S_11, S_01 (sums of transverse and
    longitudinal, Klos et al. 2013 convention) and F_A(q) for the neutral current."""

    name: str
    spin: float
    b_fm: float
    spins: tuple[float, float]
    coefficients: dict
    scale: dict

    def structure_factors(self, q_MeV, band: str = "central") -> dict[str, np.ndarray]:
        """S_00, S_11, S_01 at momentum transfer q (MeV); ``band`` is ``"central"`` (middle of
        the two-body-current band), ``"low"`` or ``"high"`` (its edges for S_11 and S_01)."""
        if band not in ("central", "low", "high"):
            raise CevnsInputError(f"band must be central, low or high, got {band!r}")
        q_fm = np.asarray(q_MeV, dtype=float) / HBARC_MEV_FM
        u = 0.5 * (q_fm * self.b_fm) ** 2
        damping = np.exp(-u)
        out = {}
        for name in ("S00", "S11", "S01"):
            if name == "S00":
                c = np.asarray(self.coefficients["S00"])
            elif band == "central":
                c = 0.5 * (
                    np.asarray(self.coefficients[f"{name}_low"])
                    + np.asarray(self.coefficients[f"{name}_high"])
                )
            else:
                c = np.asarray(self.coefficients[f"{name}_{band}"])
            out[name] = self.scale[name] * damping * np.polynomial.polynomial.polyval(u, c)
        return out

    def axial_form_factor(
        self,
        q_MeV,
        g_a: float = AXIAL_COUPLING,
        g_a_strange: float = STRANGE_AXIAL_CHARGE,
        band: str = "central",
        responses: dict | None = None,
    ) -> np.ndarray:
        """F_A(q) = 8π/(2J+1) (2/3)[(g_A^s)² S_00 - g_A g_A^s S_01 + g_A² S_11] (dimensionless;
        Hoferichter, Menéndez, Schwenk 2020, arXiv:2007.08529, with the transverse share 2/3 of
        the Klos et al. responses); q in MeV. ``responses`` may pass the central
        :meth:`structure_factors` already evaluated at q."""
        s = self.structure_factors(q_MeV, band) if responses is None else responses
        combination = g_a_strange**2 * s["S00"] - g_a * g_a_strange * s["S01"] + g_a**2 * s["S11"]
        return 8 * np.pi / (2 * self.spin + 1) * TRANSVERSE_SHARE * combination


@cache
def _structure(name: str) -> AxialStructure | None:
    entry = _tables().get(name)
    if entry is None:
        return None
    iso = isotope(name)
    scale = {"S00": 1.0, "S11": 1.0, "S01": 1.0}
    if entry["shape_from"] != name:
        # borrowed shape: rescale each response to this nucleus's one-body value at q = 0
        donor = isotope(entry["shape_from"])
        donor_spins = _tables()[entry["shape_from"]]["spins"]
        for key, isoscalar in (("S00", True), ("S11", False)):
            scale[key] = _zero_momentum(iso.spin, entry["spins"], isoscalar) / _zero_momentum(
                donor.spin, donor_spins, isoscalar
            )
        scale["S01"] = np.sqrt(scale["S00"] * scale["S11"])
        scale["S01"] *= np.sign(
            (entry["spins"][0] + entry["spins"][1]) * (entry["spins"][0] - entry["spins"][1])
        ) * np.sign((donor_spins[0] + donor_spins[1]) * (donor_spins[0] - donor_spins[1]))
    return AxialStructure(name, iso.spin, entry["b_fm"], entry["spins"], entry["shape"], scale)


def axial_structure(target: str | Isotope) -> AxialStructure | None:
    """The :class:`AxialStructure` of an isotope, or None when it has none: spin-0 nuclei
    (whose axial term vanishes exactly) and odd-A nuclei without a published shell-model
    structure factor (listed in :data:`AXIAL_NUCLEI`; their axial term is left out)."""
    iso = isotope(target)
    if iso.spin == 0:
        return None
    return _structure(iso.name)
