"""Detectors: target material and mass, quenching, resolution, efficiency, the detector
response, and experiment presets (a detector at a distance from a source)."""

from .detector import (
    Detector,
    GaussianResolution,
    LindhardQuenching,
    LogisticEfficiency,
    PolynomialQuenching,
    TabulatedEfficiency,
    TabulatedQuenching,
)
from .experiments import Experiment, experiment, experiments, load_experiments

__all__ = [
    "Detector",
    "Experiment",
    "GaussianResolution",
    "LindhardQuenching",
    "LogisticEfficiency",
    "PolynomialQuenching",
    "TabulatedEfficiency",
    "TabulatedQuenching",
    "experiment",
    "experiments",
    "load_experiments",
]
