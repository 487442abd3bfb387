"""Public API lock: the names each public module exports. A change here is an API change:
update the CHANGELOG with it."""

import importlib

import pytest

PUBLIC_API = {
    "cevns": [
        "CevnsInputError",
        "ConvergenceError",
        "DataFileError",
        "Detector",
        "Experiment",
        "Exposure",
        "FLAVORS",
        "FORM_FACTOR_MODELS",
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
    ],
    "cevns.errors": ["CevnsInputError", "ConvergenceError", "DataFileError", "positive_number"],
    "cevns.detectors": [
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
    ],
    "cevns.rates": [
        "Exposure",
        "ObservedFolding",
        "RateCalculator",
        "event_counts",
        "flux_averaged_cross_section",
        "recoil_spectrum",
    ],
    "cevns.sources": [
        "DAR_FLAVORS",
        "DecayAtRestTiming",
        "FluenceSource",
        "Flux",
        "FluxComponent",
        "GaussianPulse",
        "LineSpectrum",
        "PinchedSpectrum",
        "PinchedSupernova",
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
    ],
    "cevns.xsec": [
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
    ],
    "cevns.xsec.inelastic": [
        "AllowedCrossSection",
        "Level",
        "Reaction",
        "allowed_cross_section",
        "coulomb_factor",
        "fermi_function",
        "find_reaction",
        "mema_factor",
        "reaction",
        "reactions",
    ],
    "cevns.results": ["Result", "jsonable", "write_csv", "write_json"],
    "cevns.physics": [
        "FLAVORS",
        "FlavorValues",
        "LEPTON_FLAVORS",
        "NSI",
        "PARAMETERS",
        "Parameter",
        "PhysicsModel",
        "ScalarMediator",
        "SterileNeutrino",
        "VectorMediator",
        "apply_parameters",
        "check_flavor",
        "check_parameter",
        "lepton_flavor",
        "load_model",
    ],
}


@pytest.mark.parametrize("module", sorted(PUBLIC_API))
def test_public_api_is_locked(module):
    mod = importlib.import_module(module)
    assert sorted(mod.__all__) == PUBLIC_API[module]
    for name in mod.__all__:
        assert getattr(mod, name) is not None, f"{module}.{name} does not resolve"


def test_package_face_lists_what_it_offers():
    import cevns

    public = {n for n in dir(cevns) if not n.startswith("_")}
    assert set(cevns.__all__) <= public
