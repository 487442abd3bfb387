"""Cross sections: coherent elastic neutrino-nucleus scattering (with new physics),
neutrino-electron elastic scattering, inelastic CC/NC (``cevns.xsec.inelastic``) and
quasi-elastic CC (``cevns.xsec.quasielastic``); all follow :class:`CrossSection`."""

from .coherent import (
    CoherentCrossSection,
    coherent_cross_section,
    max_recoil_energy,
    min_neutrino_energy,
    momentum_transfer,
)
from .electron import ElectronCrossSection, electron_cross_section
from .material import MaterialCrossSection, material_cross_section
from .protocol import CrossSection, flux_average

__all__ = [
    "CoherentCrossSection",
    "CrossSection",
    "ElectronCrossSection",
    "MaterialCrossSection",
    "coherent_cross_section",
    "electron_cross_section",
    "flux_average",
    "material_cross_section",
    "max_recoil_energy",
    "min_neutrino_energy",
    "momentum_transfer",
]
