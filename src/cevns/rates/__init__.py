"""The rate engine: a source, a cross section and a detector give spectra and counts."""

from .engine import (
    ObservedFolding,
    RateCalculator,
    event_counts,
    flux_averaged_cross_section,
    recoil_spectrum,
)
from .exposure import Exposure

__all__ = [
    "Exposure",
    "ObservedFolding",
    "RateCalculator",
    "event_counts",
    "flux_averaged_cross_section",
    "recoil_spectrum",
]
