"""cevns: coherent elastic neutrino-nucleus scattering at stopped-pion sources.

Quick use::

    import cevns
    calc = cevns.RateCalculator.for_experiment("CENNS10", form_factor="helm")
    calc.counts(per="day").per_flavor          # events per day per flavor
    cevns.coherent_cross_section("40Ar").total(30.0)   # cm^2 at 30 MeV
"""

from .detectors import (
    Detector,
    GaussianResolution,
    LindhardQuenching,
    LogisticEfficiency,
    PhotoelectronResolution,
    PolynomialQuenching,
    TabulatedEfficiency,
    TabulatedQuenching,
)
from .detectors.experiments import Experiment, experiment, experiments, load_experiments
from .nuclear.formfactors import FORM_FACTOR_MODELS, FormFactorModel, form_factor_model
from .nuclei import Isotope, Material, isotope, isotopes, material, materials
from .physics import FLAVORS, PhysicsModel
from .rates.engine import RateCalculator, event_counts, flux_averaged_cross_section, recoil_spectrum
from .sources import facilities, facility, tabulated_flux
from .xsec import coherent_cross_section, max_recoil_energy

__version__ = "0.1.0"

__all__ = [
    "FLAVORS",
    "FORM_FACTOR_MODELS",
    "Detector",
    "Experiment",
    "FormFactorModel",
    "GaussianResolution",
    "Isotope",
    "LindhardQuenching",
    "LogisticEfficiency",
    "Material",
    "PhotoelectronResolution",
    "PhysicsModel",
    "PolynomialQuenching",
    "RateCalculator",
    "TabulatedEfficiency",
    "TabulatedQuenching",
    "coherent_cross_section",
    "event_counts",
    "experiment",
    "experiments",
    "facilities",
    "facility",
    "flux_averaged_cross_section",
    "form_factor_model",
    "isotope",
    "isotopes",
    "load_experiments",
    "material",
    "materials",
    "max_recoil_energy",
    "recoil_spectrum",
    "tabulated_flux",
]
