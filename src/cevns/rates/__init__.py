"""The rate engine: a source, a cross section and a detector give spectra and counts."""

from .engine import (
    RateCalculator,
    event_counts,
    exposure_seconds,
    flux_averaged_cross_section,
    recoil_spectrum,
)

__all__ = [
    "RateCalculator",
    "event_counts",
    "exposure_seconds",
    "flux_averaged_cross_section",
    "recoil_spectrum",
]
