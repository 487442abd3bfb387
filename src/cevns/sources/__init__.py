"""Neutrino sources: decay-at-rest spectra and timing, facility presets, tabulated fluxes,
supernova bursts."""

from .facilities import facilities, facility, pulse_from_dict, source_from_dict
from .flux import Flux, FluxComponent
from .pidar import DAR_FLAVORS, PionDecayAtRest
from .spectra import (
    LineSpectrum,
    PolynomialSpectrum,
    TabulatedSpectrum,
    michel_nue,
    michel_numubar,
    pion_dar_numu,
)
from .supernova import (
    FluenceSource,
    PinchedSpectrum,
    PinchedSupernova,
    supernova_model,
    supernova_models,
)
from .tabulated import read_flux_table, tabulated_flux
from .timing import (
    DecayAtRestTiming,
    GaussianPulse,
    RectangularPulse,
    TabulatedPulse,
    TriangularPulse,
)

__all__ = [
    "DAR_FLAVORS",
    "DecayAtRestTiming",
    "FluenceSource",
    "PinchedSpectrum",
    "PinchedSupernova",
    "Flux",
    "FluxComponent",
    "GaussianPulse",
    "LineSpectrum",
    "PionDecayAtRest",
    "PolynomialSpectrum",
    "RectangularPulse",
    "TabulatedPulse",
    "TabulatedSpectrum",
    "TriangularPulse",
    "facilities",
    "facility",
    "michel_nue",
    "michel_numubar",
    "pion_dar_numu",
    "pulse_from_dict",
    "read_flux_table",
    "source_from_dict",
    "supernova_model",
    "supernova_models",
    "tabulated_flux",
]
