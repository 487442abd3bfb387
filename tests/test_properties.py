"""Property-based tests of the library's physics functions: for any valid input (neutrino
energy 0.1-300 MeV, recoil 0-T_max, every isotope of the table, every form factor and every
new-physics parameter in the range the parameter table documents) the cross sections are
finite and non-negative and the form factors finite and within [-1, 1]; the analytic form
factors are checked for every mass number 1-250. Hartree-Fock form factors solve a nucleus
per isotope, so the default run draws them for 16O only and ``pytest -m slow`` for all.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import cevns
from cevns.errors import CevnsInputError, ConvergenceError
from cevns.nuclear.formfactors import Helm, KleinNystrand, SymmetrizedFermi
from cevns.physics import PARAMETERS, PhysicsModel, apply_parameters

ANALYTIC = [name for name in cevns.FORM_FACTOR_MODELS if not name.startswith("hf-")]
HARTREE_FOCK = [name for name in cevns.FORM_FACTOR_MODELS if name.startswith("hf-")]
ISOTOPES = [f"{iso.A}{iso.symbol}" for iso in cevns.isotopes()]
# parameters that only make sense together: the second needs the first
PARTNERS = {"g_zprime": "m_zprime", "g_scalar": "m_scalar", "ue4_sq": "dm41",
            "umu4_sq": "dm41", "utau4_sq": "dm41"}  # fmt: skip
NEW_PHYSICS = [name for name in PARAMETERS if name not in ("sin2w", "rn")] + [
    "eps_ee_u", "eps_mumu_d", "eps_emu_u", "eps_tautau_d",
]  # fmt: skip
FLAVORS = ["nue", "numu", "nutau", "nuebar", "numubar", "nutaubar"]


def _in_range(draw, name: str) -> float:
    from cevns.physics import check_parameter

    lo, hi = check_parameter(name).default_range
    return draw(st.floats(lo, hi, allow_nan=False))


@st.composite
def models(draw) -> PhysicsModel:
    """The Standard Model with sin²θ_W and up to two new-physics parameters (with their
    partners), each drawn from its documented range."""
    values = {"sin2w": _in_range(draw, "sin2w")}
    for name in draw(st.lists(st.sampled_from(NEW_PHYSICS), max_size=2, unique=True)):
        values[name] = _in_range(draw, name)
        if name in PARTNERS:
            values[PARTNERS[name]] = _in_range(draw, PARTNERS[name])
        for first, partner in PARTNERS.items():
            if name == partner and first not in values:
                values[first] = _in_range(draw, first)
    return apply_parameters(PhysicsModel(), values)


def _check_cross_section(target: str, form_factor: str, data) -> None:
    model = data.draw(models(), label="model")
    rn = data.draw(st.none() | st.floats(*PARAMETERS["rn"].default_range), label="rn")
    options = {} if rn is None or form_factor != "helm" else {"neutron_rms_fm": rn}
    # a form factor that does not exist for this nucleus is refused clearly (no measured
    # density; a Hartree-Fock iteration that does not converge, such as SIII for 70Ge)
    try:
        ff = cevns.form_factor_model(form_factor, **options)
        xs = cevns.coherent_cross_section(target, form_factor=ff, model=model)
        xs.form_factors(0.0)
    except (CevnsInputError, ConvergenceError) as err:
        event(f"refused: {str(err)[:40]}")
        return
    E = data.draw(st.floats(0.1, 300.0), label="E_MeV")
    share = data.draw(st.floats(0.0, 1.0), label="T/T_max")
    flavor = data.draw(st.sampled_from(FLAVORS), label="flavor")
    T = share * cevns.max_recoil_energy(E, xs.mass)
    if model.infrared_divergent:
        T = max(T, 1e-6)
    dsigma = xs.dsigma_dT(E, T, flavor)
    assert np.isfinite(dsigma) and dsigma >= 0, (E, T, dsigma)
    recoil_min = 1e-4 if model.infrared_divergent else 0.0
    sigma = xs.total(E, flavor, recoil_min=recoil_min)
    assert np.isfinite(sigma) and sigma >= 0, (E, sigma)
    q = np.sqrt(2 * xs.mass * T + T * T)
    for f in xs.form_factors(q):
        assert np.isfinite(f) and abs(f) <= 1 + 1e-9, f


COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
    "database": None,
}


@settings(max_examples=300, derandomize=True, **COMMON)
@given(target=st.sampled_from(ISOTOPES), form_factor=st.sampled_from(ANALYTIC), data=st.data())
def test_cross_sections_are_finite_and_non_negative(target, form_factor, data):
    _check_cross_section(target, form_factor, data)


@settings(max_examples=30, derandomize=True, **COMMON)
@given(
    target=st.sampled_from(["16O"]),
    form_factor=st.sampled_from(HARTREE_FOCK),
    data=st.data(),
)
def test_hartree_fock_cross_sections_are_finite(target, form_factor, data):
    _check_cross_section(target, form_factor, data)


@pytest.mark.slow
@settings(max_examples=400, **COMMON)
@given(
    target=st.sampled_from(ISOTOPES),
    form_factor=st.sampled_from(list(cevns.FORM_FACTOR_MODELS)),
    data=st.data(),
)
def test_every_isotope_and_form_factor(target, form_factor, data):
    _check_cross_section(target, form_factor, data)


@settings(max_examples=200, derandomize=True, **COMMON)
@given(
    shape=st.sampled_from([Helm, KleinNystrand, SymmetrizedFermi]),
    A=st.integers(1, 250),
    q=st.floats(0.0, 600.0),
)
def test_analytic_form_factors_for_every_mass_number(shape, A, q):
    value = shape.from_A(A)(q)
    assert np.isfinite(value) and abs(value) <= 1 + 1e-12, (shape, A, q, value)


@settings(max_examples=60, derandomize=True, **COMMON)
@given(
    experiment=st.sampled_from(["CENNS10", "COHERENT-CsI", "COHERENT-Ge", "CCM200"]),
    data=st.data(),
)
def test_event_counts_are_finite_and_non_negative(experiment, data):
    model = data.draw(models(), label="model")
    calc = cevns.RateCalculator.for_experiment(experiment)
    if model.infrared_divergent and calc.detector.threshold_keV == 0:
        return
    try:
        counts = calc.counts("year", model=model).per_flavor
    except CevnsInputError as err:  # a model the calculator cannot take: said clearly
        assert "oscillation" in str(err) or "sterile" in str(err) or "diverges" in str(err)
        return
    values = np.array(list(counts.values()))
    assert np.all(np.isfinite(values)) and np.all(values >= 0), (model, values)
