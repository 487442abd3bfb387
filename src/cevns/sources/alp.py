"""Photons of a proton beam dump that can convert to axion-like particles (ALPs).

The photons counted are those of neutral mesons decaying at rest: 2 BR(M -> γγ) per meson,
each of energy m_M/2, from the facility's ``mesons_per_pot``. Every other photon of the
showers (nuclear de-excitation, bremsstrahlung, mesons decaying in flight) is left out, so the
ALP yields built on them (:mod:`cevns.rates.alp`) are lower estimates. The target elements
give the atoms the photons convert on.
"""

from __future__ import annotations

from ..errors import CevnsInputError
from .darksector import MESONS

__all__ = ["TARGET_ELEMENTS", "meson_photons", "target_element"]

TARGET_ELEMENTS = {
    "Hg": (80, 200.592),
    "W": (74, 183.84),
    "Pb": (82, 207.2),
    "Ta": (73, 180.94788),
    "Cu": (29, 63.546),
    "C": (6, 12.011),
}
"""Beam-dump target elements: Z and standard atomic weight (IUPAC CIAAW 2021)."""


def target_element(name: str) -> tuple[int, float]:
    """(Z, A) of a beam-dump target element of :data:`TARGET_ELEMENTS`."""
    if name not in TARGET_ELEMENTS:
        raise CevnsInputError(f"unknown target element {name!r}; use {', '.join(TARGET_ELEMENTS)}")
    return TARGET_ELEMENTS[name]


def meson_photons(mesons_per_pot: dict) -> list[tuple[float, float]]:
    """(photon energy in MeV, photons per POT) from neutral mesons decaying at rest."""
    out = []
    for meson, n in mesons_per_pot.items():
        if meson not in MESONS:
            raise CevnsInputError(f"unknown meson {meson!r}; use {', '.join(MESONS)}")
        if not n >= 0:
            raise CevnsInputError(f"the {meson} yield per POT must be >= 0, got {n!r}")
        mass, to_gamma_gamma = MESONS[meson]
        out.append((0.5 * mass, 2.0 * to_gamma_gamma * float(n)))
    return out
