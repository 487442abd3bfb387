"""Cross sections of a material: the average over its nuclei by number (CEvNS, per nucleus)
or the sum over the electrons of one formula unit (neutrino-electron scattering, per atom or
molecule). The one place where a compound's cross section is assembled from its isotopes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import CevnsInputError
from ..nuclear.formfactors import FormFactorModel, form_factor_model
from ..nuclei import Material, material
from ..physics import PhysicsModel
from .coherent import coherent_cross_section
from .electron import electron_cross_section

__all__ = ["MaterialCrossSection", "material_cross_section"]

CHANNELS = ("nuclear", "electron")


@dataclass(frozen=True)
class MaterialCrossSection:
    """``parts``: (weight, cross section) per isotope of ``material``; weights are the
    isotopes' shares by number (nuclear channel) or their electrons per formula unit
    divided by the number of atoms (electron channel), so that ``total`` is per nucleus
    or per atom."""

    material: Material
    channel: str
    parts: tuple

    def total(self, energy, flavor: str = "numu", recoil_min: float = 0.0) -> np.ndarray:
        """σ(E) in cm² above ``recoil_min`` (MeV), averaged as described above."""
        return sum(w * xs.total(energy, flavor, recoil_min) for w, xs in self.parts)

    def kinks(self, flavor: str = "numu") -> np.ndarray:
        """The kinks of the parts' cross sections (MeV)."""
        return np.unique(np.concatenate([xs.kinks(flavor) for _, xs in self.parts]))

    def dsigma_dT(self, energy, recoil, flavor: str = "numu") -> np.ndarray:
        """dσ/dT in cm²/MeV at neutrino energy ``energy`` and recoil ``recoil`` (MeV)."""
        return sum(w * xs.dsigma_dT(energy, recoil, flavor) for w, xs in self.parts)


def material_cross_section(
    target: str | Material,
    form_factor: str | FormFactorModel = "helm",
    model: PhysicsModel | None = None,
    channel: str = "nuclear",
) -> MaterialCrossSection:
    """The cross section of ``target`` (an isotope such as ``"40Ar"``, an element or a
    formula such as ``"CsI"``) for CEvNS (``channel="nuclear"``, per nucleus, averaged over
    the nuclei by number) or neutrino-electron scattering (``"electron"``, all the electrons
    of an atom on average)."""
    if channel not in CHANNELS:
        raise CevnsInputError(f"unknown channel {channel!r}; use {' or '.join(CHANNELS)}")
    mat = target if isinstance(target, Material) else material(target)
    weights = np.asarray(mat.counts, dtype=float) / np.sum(mat.counts)
    model = model or PhysicsModel()
    if channel == "electron":
        xs = electron_cross_section(model)
        parts = tuple((float(w * iso.Z), xs) for iso, w in zip(mat.isotopes, weights, strict=True))
    else:
        ff = form_factor_model(form_factor)
        parts = tuple(
            (float(w), coherent_cross_section(iso, ff, model))
            for iso, w in zip(mat.isotopes, weights, strict=True)
        )
    return MaterialCrossSection(mat, channel, parts)
