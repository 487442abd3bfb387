"""Detectors: target material and mass, quenching, resolution, efficiency, the one detector
response, and experiment presets (a detector at a distance from a source)."""

from .detector import Detector
from .efficiency import LogisticEfficiency, TabulatedEfficiency
from .experiments import Experiment, experiment, experiments, load_experiments
from .quenching import LindhardQuenching, PolynomialQuenching, TabulatedQuenching
from .resolution import GaussianResolution, PhotoelectronResolution
from .response import response_matrix

__all__ = [
    "Detector",
    "Experiment",
    "GaussianResolution",
    "LindhardQuenching",
    "LogisticEfficiency",
    "PhotoelectronResolution",
    "PolynomialQuenching",
    "TabulatedEfficiency",
    "TabulatedQuenching",
    "experiment",
    "experiments",
    "load_experiments",
    "response_matrix",
]
