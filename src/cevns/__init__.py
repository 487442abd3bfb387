"""cevns: coherent elastic neutrino-nucleus scattering at stopped-pion sources.

Quick use::

    import cevns
    calc = cevns.RateCalculator.for_experiment("CENNS10", form_factor="helm")
    calc.counts(per="day").per_flavor          # events per day per flavor
    cevns.coherent_cross_section("40Ar").total(30.0)   # cm^2 at 30 MeV

The names below are imported on first use, so that ``import cevns`` (and the command line)
starts fast.
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cevns")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

_EXPORTS = {
    "cevns.detectors": (
        "Detector", "Experiment", "GaussianResolution", "LindhardQuenching",
        "LogisticEfficiency", "PhotoelectronResolution", "PolynomialQuenching",
        "TabulatedEfficiency", "TabulatedQuenching", "experiment", "experiments",
        "load_experiments",
    ),
    "cevns.errors": ("CevnsInputError", "ConvergenceError", "DataFileError"),
    "cevns.nuclear.formfactors": ("FORM_FACTOR_MODELS", "FormFactorModel", "form_factor_model"),
    "cevns.nuclei": ("Isotope", "Material", "isotope", "isotopes", "material", "materials"),
    "cevns.physics": ("FLAVORS", "PhysicsModel"),
    "cevns.rates": (
        "Exposure", "RateCalculator", "event_counts", "flux_averaged_cross_section",
        "recoil_spectrum",
    ),
    "cevns.sources": ("facilities", "facility", "tabulated_flux"),
    "cevns.xsec": ("coherent_cross_section", "max_recoil_energy"),
}  # fmt: skip
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cevns' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
