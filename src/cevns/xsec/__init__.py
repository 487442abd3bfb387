"""Cross sections: coherent elastic neutrino-nucleus scattering."""

from .coherent import (
    CoherentCrossSection,
    coherent_cross_section,
    max_recoil_energy,
    min_neutrino_energy,
    momentum_transfer,
)

__all__ = [
    "CoherentCrossSection",
    "coherent_cross_section",
    "max_recoil_energy",
    "min_neutrino_energy",
    "momentum_transfer",
]
