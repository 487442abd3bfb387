"""Templates factorised in the couplings: exact against the engine's own templates."""

from __future__ import annotations

from math import comb
from pathlib import Path

import numpy as np
import pytest

from cevns.inference.datasets import load_analysis
from cevns.inference.factorised import monomial_exponents, split_point, total_degree
from cevns.inference.fit import JointFit

DATA = Path(__file__).resolve().parents[1] / "data"
RNG = np.random.default_rng(7)
FAMILIES = {
    "zprime": [
        {"m_zprime": m, "g_zprime": g} for m in (3.0, 80.0) for g in np.geomspace(1e-6, 1e-3, 6)
    ],
    "nsi": [
        dict(zip(("eps_ee_u", "eps_ee_d", "eps_mumu_u", "eps_mumu_d"), v, strict=True))
        for v in RNG.uniform(-0.5, 0.5, (12, 4))
    ],
    "flavor-changing nsi": [
        {"eps_emu_u": u, "eps_etau_d": d} for u, d in RNG.uniform(-0.3, 0.3, (6, 2))
    ],
    "weak mixing angle": [{"sin2w": s} for s in np.linspace(0.15, 0.35, 5)],
    "magnetic moments": [{"mu_nu_e": a, "mu_nu_mu": b} for a, b in RNG.uniform(0, 50, (6, 2))],
    "millicharge and radius": [
        {"millicharge_e": a, "charge_radius_mu": b} for a, b in RNG.uniform(-5, 5, (6, 2))
    ],
    "scalar": [{"m_scalar": 10.0, "g_scalar": g} for g in np.geomspace(1e-7, 1e-4, 5)],
    "sterile": [{"dm41": 1.3, "ue4_sq": a, "umu4_sq": b} for a, b in RNG.uniform(0, 0.1, (6, 2))],
    "sterile and nsi": [
        {"dm41": 1.3, "ue4_sq": a, "eps_ee_u": b}
        for a, b in zip(RNG.uniform(0, 0.1, 6), RNG.uniform(-0.3, 0.3, 6), strict=True)
    ],
    "zprime and moment": [
        {"m_zprime": 20.0, "g_zprime": g, "mu_nu": m}
        for g, m in zip(np.geomspace(1e-5, 1e-3, 5), np.linspace(0, 30, 5), strict=True)
    ],
}


@pytest.fixture(scope="module")
def fit():
    return JointFit([load_analysis("coherent-csi-2021", DATA)])


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_factorised_templates_equal_the_engine(fit, family):
    """At every point, nominal and every nuisance shift equal the engine's template to 1e-10
    of the largest count of the mass point: the rate is a polynomial in the couplings."""
    points = FAMILIES[family]
    fit.prepare(points)
    nuisances = fit._likelihoods[0].nuisances
    for point in points:
        fixed, names = split_point(point)
        basis = fit._bases[(0, fixed, names)]
        nominal, shifts = basis.evaluate(np.array([[point[n] for n in names]]))
        engine = fit.analyses[0].signal_template(*_model(fit, point)).ravel()
        scale = np.max(np.abs(engine.nominal))
        np.testing.assert_allclose(nominal[0], engine.nominal, rtol=0, atol=1e-10 * scale)
        np.testing.assert_allclose(shifts[0], engine.matrix(nuisances), rtol=0, atol=1e-10 * scale)


def _model(fit, point):
    from cevns.inference.parameters import physics_point

    return physics_point(point, fit.base, fit.form_factor)


def test_monomials_and_lattice():
    # all monomials of total degree <= D in n variables: C(n + D, D) of them, and the
    # principal lattice a / D is unisolvent (its Vandermonde matrix is invertible)
    for n in range(1, 5):
        for degree in range(1, 5):
            a = monomial_exponents(n, degree)
            assert len(a) == comb(n + degree, degree) == len({tuple(r) for r in a})
            y = a / degree
            vandermonde = np.prod(y[:, None, :] ** a[None], axis=2)
            assert np.linalg.matrix_rank(vandermonde) == len(a)
    assert total_degree(("g_zprime",)) == 2  # amplitude linear in g²: rate quadratic
    assert total_degree(("mu_nu",)) == 1  # the magnetic moment adds μ² times a rate
    assert total_degree(("ue4_sq", "eps_ee_u")) == 4  # oscillation x amplitude squared


def test_profiled_chi2_equals_profiling_the_engine_templates(fit):
    """A scan's χ² from the factorised templates equals profiling the engine's templates."""
    points = [{"m_zprime": m, "g_zprime": g} for m in (5.0, 500.0) for g in (1e-5, 3e-4)]
    lk = fit._likelihoods[0]
    temps = [fit.analyses[0].signal_template(*_model(fit, p)).ravel() for p in points]
    S0 = np.array([t.nominal for t in temps])
    DS = np.array([t.matrix(lk.nuisances) for t in temps])
    direct = lk.profile_many(S0, DS)[0]
    np.testing.assert_allclose(fit.profiled_chi2(points), direct, rtol=1e-9)
