"""Cross sections as SNOwGLoBES ``xscns`` tables, for SNOwGLoBES and snewpy users.

Format (github.com/SNOwGLoBES/snowglobes, ``xscns/xs_*.dat``; manual
``doc/tex_src/snowglobes_1.3.tex``): ``#`` comment lines, then rows of seven whitespace-separated
columns, log10(E_ν/GeV) and σ(E)/E in 10⁻³⁸ cm²/GeV for ν_e, ν_μ, ν_τ, ν̄_e, ν̄_μ, ν̄_τ, per
target nucleus. SNOwGLoBES and snewpy interpolate σ/E linearly in log10 E and take zero outside
the table; :meth:`XscnsTable.__call__` does the same, so a written table can be checked by
reading it back.

CEvNS tables (:func:`coherent_xscns`) hold the total cross section per nucleus above an optional
recoil threshold; inelastic tables (:func:`inelastic_xscns`) the allowed-approximation cross
section of a packaged reaction, zero for the flavors that do not drive it. SNOwGLoBES's own
``xs_coh_nc_Ar40.dat`` uses tree level with sin²θ_W ≈ 0.2312 (tree level with the low-Q value
0.23857 gives 5.3 % more on argon, the default precision model more again); pass
``PhysicsModel(sin2_theta_w=0.2312, radiative=False)`` to match it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import CevnsInputError
from ..physics import PhysicsModel
from ..xsec.inelastic.allowed import AllowedCrossSection
from ..xsec.inelastic.reactions import reaction, reactions
from ..xsec.material import material_cross_section
from .snowglobes import SNOWGLOBES_FLAVORS, read_snowglobes_table

__all__ = [
    "XscnsTable",
    "coherent_xscns",
    "default_energies",
    "inelastic_xscns",
    "multipole_xscns",
    "read_xscns",
    "xscns_table",
]

_UNIT_CM2 = 1e-38


def default_energies() -> np.ndarray:
    """1001 energies from 0.5 to 100 MeV, evenly spaced in log E (the grid of SNOwGLoBES's
    ``xs_nue_Ar40.dat``)."""
    return np.logspace(np.log10(0.5), 2.0, 1001)


@dataclass(frozen=True)
class XscnsTable:
    """Cross sections σ (cm² per target) of each flavor at ``energies_MeV``."""

    energies_MeV: np.ndarray
    cross_sections: dict
    description: str = ""

    def __call__(self, energy_MeV, flavor: str) -> np.ndarray:
        """σ in cm² as SNOwGLoBES and snewpy read the table: σ/E linear in log10 E, zero
        outside it."""
        if flavor not in SNOWGLOBES_FLAVORS:
            raise CevnsInputError(f"unknown flavor {flavor!r}; use {', '.join(SNOWGLOBES_FLAVORS)}")
        E = np.asarray(energy_MeV, dtype=float)
        per_E = self.cross_sections[flavor] / self.energies_MeV
        x = np.log10(np.maximum(E, 1e-300))
        value = np.interp(x, np.log10(self.energies_MeV), per_E, left=0.0, right=0.0)
        return value * E

    def write(self, path: str | Path) -> Path:
        """Write the table in the SNOwGLoBES format (see the module docstring)."""
        E_GeV = self.energies_MeV * 1e-3
        cols = [np.log10(E_GeV)]
        cols += [self.cross_sections[f] / _UNIT_CM2 / E_GeV for f in SNOWGLOBES_FLAVORS]
        header = [
            f"{self.description} (10^-38 cm^2/GeV per target nucleus), written by cevns",
            "log(energy in GeV)  " + "  ".join(SNOWGLOBES_FLAVORS),
        ]
        path = Path(path)
        np.savetxt(path, np.column_stack(cols), fmt="%.7g", header="\n".join(header))
        return path


def read_xscns(path: str | Path) -> XscnsTable:
    """Read a SNOwGLoBES ``xscns`` file (with or without ``#`` header lines)."""
    path = Path(path)
    data = read_snowglobes_table(path, "cross-section file (log10 E/GeV, then 6 flavors)")
    E_GeV = 10.0 ** data[:, 0]
    sigma = {f: data[:, i + 1] * _UNIT_CM2 * E_GeV for i, f in enumerate(SNOWGLOBES_FLAVORS)}
    return XscnsTable(E_GeV * 1e3, sigma, path.name)


def _energies(energies_MeV) -> np.ndarray:
    E = default_energies() if energies_MeV is None else np.asarray(energies_MeV, dtype=float)
    if E.ndim != 1 or E.size < 2 or E[0] <= 0 or np.any(np.diff(E) <= 0):
        raise CevnsInputError("energies must be increasing positive MeV, at least two")
    return E


def coherent_xscns(
    target: str,
    form_factor: str = "helm",
    model: PhysicsModel | None = None,
    recoil_threshold_keV: float = 0.0,
    energies_MeV=None,
) -> XscnsTable:
    """CEvNS total cross section per nucleus of ``target`` (an isotope such as ``"40Ar"``, or
    an element, averaged over its natural isotopes by number) above ``recoil_threshold_keV``."""
    E = _energies(energies_MeV)
    if not (np.isfinite(recoil_threshold_keV) and recoil_threshold_keV >= 0):
        raise CevnsInputError(f"recoil threshold must be >= 0 keV, got {recoil_threshold_keV}")
    xs = material_cross_section(target, form_factor, model)
    if len({iso.Z for iso in xs.material.isotopes}) != 1:
        raise CevnsInputError(
            f"{target} is a compound; SNOwGLoBES tables are per nucleus of one element or "
            "isotope: export each element"
        )
    sigma = {
        flavor: xs.total(E, flavor, recoil_min=recoil_threshold_keV * 1e-3)
        for flavor in SNOWGLOBES_FLAVORS
    }
    label = f"CEvNS on {target} ({form_factor} form factor"
    label += f", T > {recoil_threshold_keV:g} keV)" if recoil_threshold_keV else ")"
    return XscnsTable(E, sigma, label)


def inelastic_xscns(name: str, coulomb: str = "auto", energies_MeV=None) -> XscnsTable:
    """The allowed-approximation cross section of the packaged reaction ``name`` (see
    :func:`cevns.xsec.inelastic.reactions`), per target nucleus."""
    E = _energies(energies_MeV)
    xs = AllowedCrossSection(reaction(name), coulomb=coulomb)
    value = xs(E)
    sigma = {f: value if f in xs.reaction.flavors else np.zeros_like(E) for f in SNOWGLOBES_FLAVORS}
    return XscnsTable(E, sigma, f"{xs.reaction.name}: {xs.reaction.description}")


def multipole_xscns(target: str, energies_MeV=None, channel: str = "cc", **options) -> XscnsTable:
    """The cross section of ``target`` (e.g. ``"40Ar"``) from the Skyrme HF + RPA multipole
    model (:class:`~cevns.xsec.inelastic.multipole.MultipoleCrossSection`, ``options``
    passed on). ``channel="cc"``: ν_e, ν_μ, ν̄_e and ν̄_μ, with ν_τ and ν̄_τ zero (below the τ
    threshold of 3.5 GeV); ``"nc"``: every flavor (one neutrino and one antineutrino
    calculation)."""
    from ..xsec.inelastic.multipole import MultipoleCrossSection

    E = _energies(energies_MeV)
    sigma = {f: np.zeros_like(E) for f in SNOWGLOBES_FLAVORS}
    if channel == "nc":
        for flavor in ("nue", "nuebar"):
            value = MultipoleCrossSection(target, flavor, channel="nc", **options)(E)
            for f in SNOWGLOBES_FLAVORS:
                if f.endswith("bar") == flavor.endswith("bar"):
                    sigma[f] = value
        label = f"NC on {target}: Skyrme Hartree-Fock + RPA, all multipoles"
        return XscnsTable(E, sigma, label)
    for flavor in ("nue", "numu", "nuebar", "numubar"):
        sigma[flavor] = MultipoleCrossSection(target, flavor, channel=channel, **options)(E)
    return XscnsTable(E, sigma, f"CC on {target}: Skyrme Hartree-Fock + RPA, all multipoles")


def xscns_table(name: str, **options) -> XscnsTable:
    """A packaged inelastic reaction (e.g. ``"nue-40Ar-cc"``) or a CEvNS target (``"40Ar"``,
    ``"Xe"``) as a SNOwGLoBES table; ``options`` go to :func:`inelastic_xscns` or
    :func:`coherent_xscns`."""
    if name in reactions():
        return inelastic_xscns(name, **options)
    if name.endswith(("-cc", "-nc")):
        raise CevnsInputError(f"unknown reaction {name!r}; packaged: {', '.join(reactions())}")
    return coherent_xscns(name, **options)
